"""The search dock with patterns that take ages: the window keeps responding, the database
thread stays free, a slow pattern ends with a message, and a newer search replaces the older."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from coding.services import documents
from coding.exchange.importers.model import ParsedDocument
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle

pytestmark = pytest.mark.timeout(120)  # before the fix, these searches ran for hours

TRAP = ("a" * 30 + "!\n") * 20  # nested repeats try every split of the a's before "!" refuses


@pytest.fixture
def trap_file(project_file):
    with Project.open(project_file) as proj, proj.action("trap") as act:
        documents.add_document(act, "Falle", ParsedDocument(TRAP, "text"))
    return project_file


def open_window(qtbot, path):
    from app.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.open_project(str(path))
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.documents.data["documents"]) == 3,
                    timeout=10000)
    return win


class Ticks:
    """A 20 ms timer in the window; the longest gap between its ticks shows a frozen window."""

    def __init__(self, win) -> None:
        self.gaps: list[float] = []
        self.last = time.monotonic()
        self.timer = QTimer(win, interval=20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.gaps.append(now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps)


def search(win, pattern: str) -> None:
    panel = win.search
    panel.pattern.setText(pattern)
    panel.regex.setChecked(True)
    panel.run()


def test_the_reported_pattern_leaves_the_window_responsive(qtbot, trap_file):
    win = open_window(qtbot, trap_file)
    try:
        wait_idle(qtbot, win)
        win.search.hits.addItem("old hit")
        ticks = Ticks(win)
        search(win, r"(a+)+$")
        qtbot.waitUntil(lambda: win.search.hits.count() == 0, timeout=60000)
        wait_idle(qtbot, win)
        qtbot.wait(100)
        assert ticks.stop() < 0.3, "the window froze"
    finally:
        win.close()


def test_a_hopeless_pattern_ends_with_a_message_while_all_else_goes_on(qtbot, trap_file):
    win = open_window(qtbot, trap_file)
    errors: list[str] = []
    win.ctl.failed.connect(errors.append)
    try:
        wait_idle(qtbot, win)
        ticks = Ticks(win)
        started = time.monotonic()
        search(win, r"(a|a)+$")
        qtbot.wait(300)
        # the database thread is free meanwhile: another read comes back at once
        answered: list[int] = []
        win.ctl.read(lambda conn: len(documents.list_documents(conn)), on_done=answered.append)
        qtbot.waitUntil(lambda: answered == [3], timeout=1500)
        qtbot.waitUntil(lambda: bool(errors), timeout=60000)
        assert errors[0].startswith("search pattern too slow") and "simplify" in errors[0]
        assert time.monotonic() - started < 20
        assert ticks.stop() < 0.3, "the window froze"
    finally:
        win.close()


def test_a_newer_search_replaces_an_older_slow_one(qtbot, trap_file):
    win = open_window(qtbot, trap_file)
    errors: list[str] = []
    win.ctl.failed.connect(errors.append)
    try:
        wait_idle(qtbot, win)
        search(win, r"(a|a)+$")
        qtbot.wait(200)
        search(win, r"Schule")
        qtbot.waitUntil(lambda: win.search.hits.count() == 1, timeout=3000)
        assert "Schule" in win.search.hits.item(0).text()
        qtbot.wait(7000)  # past the old search's bound: its outcome never shows
        assert errors == [] and win.search.hits.count() == 1
    finally:
        win.close()

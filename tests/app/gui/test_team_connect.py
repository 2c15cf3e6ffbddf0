"""File → Connect to team database…: two coders' windows on one real PostgreSQL team database.

Each window logs in through the dialog with its coder's role (tests/coding/test_team_server.py
sets the team up); one codes, the other shows it within seconds (LISTEN/NOTIFY); the server's
refusals reach the user as one sentence with nothing changed; the password is never written to
the settings file or the project, and is kept in a system keyring only when there is one.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import make_url, select

from app.gui import settings, team_presence
from app.gui.main_window import MainWindow
from app.gui.team_dialog import KEYRING_SERVICE, TeamDialog, TeamLogin, connect_team_dialog, keyring_backend
from app.gui.team_presence import TeamSession, TeamWatcher
from coding.services import coders, codes, documents, segments
from coding.store.models import TABLES
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle
from tests.app.gui.test_workbench import click_code, select_phrase
from tests.coding.test_team_server import Team, _setup


class FileKeyring(KeyringBackend):
    """A system keyring for the tests: this sandbox has none (keyring falls back to its "fail"
    backend). Stores entries in a JSON file, so the test can read back what was kept; priority 1
    is what keyring itself calls a recommended (safe) backend."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _entries(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(json.dumps({**self._entries(), f"{service}|{username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        del entries[f"{service}|{username}"]
        self.path.write_text(json.dumps(entries))


@pytest.fixture
def team_db(pg_server) -> Team:
    return _setup(pg_server)


@pytest.fixture
def system_keyring(tmp_path):
    before = keyring.get_keyring()
    store = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(before)


@pytest.fixture(autouse=True)
def quick_presence(monkeypatch):
    monkeypatch.setattr(team_presence, "PRESENCE_EVERY_S", 0.3)  # who is connected: read often


def login_of(t: Team, coder: str) -> tuple[TeamLogin, str]:
    url = make_url(t.url[coder])
    assert url.host and url.port and url.database and url.username and url.password
    return TeamLogin(url.host, url.port, url.database, url.username), url.password


def fill(dialog: TeamDialog, login: TeamLogin, password: str) -> None:
    dialog.host.setText(login.host)
    dialog.port.setValue(login.port)
    dialog.database.setText(login.database)
    dialog.user.setText(login.user)
    dialog.password.setText(password)


def connect_window(qtbot, t: Team, coder: str, remember: bool = False) -> MainWindow:
    """A shown window connected through File → Connect to team database… as ``coder``."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    act = next(a for a in win.menuBar().actions()[0].menu().actions()
               if a.text() == "&Connect to team database…")
    act.trigger()
    dialog = win.findChild(TeamDialog)
    assert dialog is not None and dialog.isVisible()
    login, password = login_of(t, coder)
    fill(dialog, login, password)
    if remember:
        dialog.remember.setChecked(True)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.documents.data["documents"]) == 1
                    and len(win.codebook.nodes) == 2, timeout=10000)
    win.open_document(win.documents.data["documents"][0]["id"])
    qtbot.waitUntil(lambda: win.view.data is not None, timeout=10000)
    return win


def session_of(win: MainWindow) -> TeamSession:
    session = win.ctl.findChild(TeamSession)
    assert session is not None
    return session


def coders_shown(win: MainWindow) -> list[str]:
    """Coders of the codings the window's text view shows, by name, in text order."""
    return [win.coder_names.get(s.coder_id, "?") for s in win.view.data.segments]


def test_two_coders_windows_see_each_others_codings_and_undo_only_their_own(qtbot, team_db):
    t = team_db
    settings.set_snap_words(False)
    murat = connect_window(qtbot, t, "Murat")
    lena = connect_window(qtbot, t, "Lena")
    database = make_url(t.admin).database
    assert lena.windowTitle() == f"team: {database}@127.0.0.1 — Andock"
    assert murat.coder_label.text() == "Coder: Murat" and lena.coder_label.text() == "Coder: Lena"
    # the coder is the login's: View → Choose coder… is off (the server would refuse another)
    assert not lena.choose_coder.isEnabled() and "your login" in lena.choose_coder.statusTip()
    # who is connected: both roles, by name, the lead marked
    for win in (lena, murat):
        qtbot.waitUntil(lambda w=win: session_of(w).button.text() == "Team: 2 of 5 connected", timeout=10000)
    assert session_of(lena).button.lines == ["○ Ayşe", "○ Jonas", "● Lena (lead)", "● Murat", "○ Nora"]

    # Murat codes: Lena's window shows it within seconds, without her doing anything
    select_phrase(murat, "Moschee")
    click_code(qtbot, murat, "Schule")
    qtbot.waitUntil(lambda: coders_shown(murat) == ["Murat"], timeout=10000)
    coded = time.monotonic()
    qtbot.waitUntil(lambda: coders_shown(lena) == ["Murat"], timeout=5000)
    seen_after = time.monotonic() - coded
    assert seen_after < 3, seen_after
    qtbot.waitUntil(lambda: lena.codebook.nodes[t.schule].count == 1, timeout=5000)

    # Lena codes after him; each window's Undo takes back its own coder's coding only
    select_phrase(lena, "Nachbar*innen")
    click_code(qtbot, lena, "Ämter")
    qtbot.waitUntil(lambda: coders_shown(murat) == ["Murat", "Lena"], timeout=5000)
    wait_idle(qtbot, murat)
    assert murat.undo_action.isEnabled()
    murat.undo_action.trigger()
    qtbot.waitUntil(lambda: coders_shown(murat) == ["Lena"], timeout=10000)
    qtbot.waitUntil(lambda: coders_shown(lena) == ["Lena"], timeout=5000)
    wait_idle(qtbot, lena)
    assert lena.undo_action.text().replace("&", "").startswith("Undo")
    with Project.open(t.admin) as proj, proj.read() as conn:
        assert conn.execute(select(TABLES["segments"].c.code_id)).scalars().all() == [t.aemter]

    # the lead deletes the document both windows show: Murat's window lets it go
    lena.ctl.act("Delete document", documents.delete_document, t.doc)
    qtbot.waitUntil(lambda: murat.view.data is None and murat.documents.data["documents"] == [], timeout=5000)
    assert murat.current_doc is None
    murat.ctl.close_project()  # back to files: choosing a coder is the window's again
    qtbot.waitUntil(lambda: murat.choose_coder.isEnabled(), timeout=5000)
    assert murat.choose_coder.statusTip() == ""
    for win in (murat, lena):
        win.close()
    assert not [th for th in threading.enumerate() if th.name == "andock-team-watch"]  # closing stops them


def answer_input(qtbot, text: str) -> None:
    """Type ``text`` into the next QInputDialog and press OK (it blocks the caller)."""
    def answer() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        dialog.setTextValue(text)
        dialog.accept()
    QTimer.singleShot(50, answer)


def test_a_change_the_server_refuses_shows_why_and_changes_nothing(qtbot, team_db):
    t = team_db
    settings.set_snap_words(False)
    murat = connect_window(qtbot, t, "Murat")
    with Project.open(t.admin) as proj, proj.read() as conn:
        before = {name: conn.execute(select(TABLES[name])).all() for name in ("codes", "history", "segments")}
    answer_input(qtbot, "Neue Kategorie")
    murat.new_code_dialog()  # Code → New code…: only the lead may change the codebook
    qtbot.waitUntil(lambda: "only the team's lead may change the codebook" in murat.statusBar().currentMessage(),
                    timeout=10000)
    assert murat.statusBar().currentMessage() == ("The team database refused the change: only the team's lead "
                                                  "may change the codebook. Nothing was changed.")
    # a coding of Lena's: Murat cannot remove it
    with Project.open(t.url["Lena"]) as proj, proj.action("Code segment") as act:
        lena_seg = segments.apply_code(act, t.doc, t.schule, coders.current_coder_id(act.conn), 0, 10)
    qtbot.waitUntil(lambda: [s.id for s in murat.view.data.segments] == [lena_seg], timeout=5000)
    with Project.open(t.admin) as proj, proj.read() as conn:
        before = {name: conn.execute(select(TABLES[name])).all() for name in ("codes", "history", "segments")}
    murat.statusBar().clearMessage()
    murat.ctl.act("Remove coding", segments.delete_segment, lena_seg)
    qtbot.waitUntil(lambda: "codings and memos can be changed only by the coder who made them"
                    in murat.statusBar().currentMessage(), timeout=10000)
    with Project.open(t.admin) as proj, proj.read() as conn:
        assert {name: conn.execute(select(TABLES[name])).all() for name in ("codes", "history", "segments")} == before
    assert len(murat.codebook.nodes) == 2 and [s.id for s in murat.view.data.segments] == [lena_seg]
    murat.close()


def everything_in(url: str) -> str:
    """Every table of the project as text (to look for a password in it)."""
    with Project.open(url) as proj, proj.read() as conn:
        return repr({name: conn.execute(select(t)).all() for name, t in TABLES.items()})


def test_without_a_system_keyring_the_password_is_stored_nowhere(qtbot, team_db, tmp_path):
    t = team_db
    assert keyring_backend() is None  # this sandbox: keyring's "fail" backend
    murat = connect_window(qtbot, t, "Murat", remember=False)
    login, password = login_of(t, "Murat")
    settings_file = Path(settings.settings().fileName())
    text = settings_file.read_text(encoding="utf-8")
    assert login.database in text and password not in text
    assert settings.recent_team_connections() == [
        {"host": login.host, "port": login.port, "database": login.database, "user": login.user}]
    assert password not in everything_in(t.admin)
    # the dialog says so, offers no "remember", and fills in the rest from the recent connection
    dialog = connect_team_dialog(murat)
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "password is not stored" in dialog.keyring_note.text()
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == (
        login.host, login.port, login.database, login.user)
    assert dialog.password.text() == ""
    dialog.reject()
    murat.close()


def test_with_a_system_keyring_the_password_is_kept_there_only(qtbot, team_db, system_keyring):
    t = team_db
    murat = connect_window(qtbot, t, "Murat", remember=True)
    login, password = login_of(t, "Murat")
    assert system_keyring.get_password(KEYRING_SERVICE, login.keyring_user) == password
    assert password not in Path(settings.settings().fileName()).read_text(encoding="utf-8")
    assert password not in everything_in(t.admin)
    # next time the dialog fills the password in from the keyring
    dialog = connect_team_dialog(murat)
    assert dialog.remember.isChecked() and dialog.password.text() == password
    # connecting without "remember" forgets it
    dialog.remember.setChecked(False)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    assert system_keyring.get_password(KEYRING_SERVICE, login.keyring_user) is None
    murat.close()


def test_a_server_out_of_reach_is_said_in_the_dialog(qtbot, team_db):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    dialog = connect_team_dialog(win)
    login, password = login_of(team_db, "Murat")
    fill(dialog, TeamLogin(login.host, 1, login.database, login.user), password)  # nothing listens on port 1
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=15000)
    assert dialog.isVisible() and win.ctl.project is None
    assert dialog.status.text().startswith("Could not connect to the team database: ")
    assert "Connection refused" in dialog.status.text()
    assert settings.recent_team_connections() == []
    dialog.host.clear()
    dialog.connect_button.click()  # an empty field is said before anything is tried
    assert dialog.status.text() == "Enter the server, the database and your user name."
    win.close()


def test_the_watcher_reports_other_connections_changes_not_its_own(qtbot, team_db):
    t = team_db
    login, password = login_of(t, "Murat")
    own = "andock-window-test"
    watcher = TeamWatcher(login.url(password, own), own)
    seen: list[set[tuple[str, str]]] = []
    watcher.notified.connect(seen.append)
    try:
        with qtbot.waitSignal(watcher.membersRead, timeout=10000):  # listening once it has read them
            watcher.start()
        with Project.open(login.url(password, own)) as proj, proj.action("Code segment") as act:  # "this window"
            segments.apply_code(act, t.doc, t.schule, coders.current_coder_id(act.conn), 0, 5)
        with qtbot.waitSignal(watcher.notified, timeout=5000):  # Lena's new code, from elsewhere
            with Project.open(t.url["Lena"]) as proj, proj.action("New code") as act:
                codes.create_code(act, "Wohnen")
    finally:
        watcher.stop()
    tables = {change for batch in seen for change in batch}
    assert ("inserted", "codes") in tables and ("inserted", "history") in tables
    assert ("inserted", "segments") not in tables  # its own coding is not news to it


def test_the_watcher_comes_back_after_losing_its_connection_and_reports_everything(qtbot, team_db, monkeypatch):
    monkeypatch.setattr(team_presence, "RETRY_S", 0.2)
    t = team_db
    login, password = login_of(t, "Murat")
    own = "andock-window-lost"
    watcher = TeamWatcher(login.url(password, own), own)
    seen: list[set[tuple[str, str]]] = []
    problems: list[str] = []
    watcher.notified.connect(seen.append)
    watcher.problem.connect(problems.append)
    try:
        with qtbot.waitSignal(watcher.membersRead, timeout=10000):  # listening once it has read them
            watcher.start()
        # the server drops the watcher's connections (a restart, a network outage)
        with psycopg.connect(make_url(t.admin).render_as_string(hide_password=False), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                          (own,))
        qtbot.waitUntil(lambda: any(("updated", "segments") in batch for batch in seen), timeout=10000)
        assert problems and problems[0].startswith("Lost the connection that shows others' changes; trying again.")
        seen.clear()
        with qtbot.waitSignal(watcher.notified, timeout=5000):  # and it listens again
            with Project.open(t.url["Lena"]) as proj, proj.action("New code") as act:
                codes.create_code(act, "Wohnen")
    finally:
        watcher.stop()
    assert ("inserted", "codes") in set().union(*seen)

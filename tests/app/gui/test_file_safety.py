"""The window keeps its work when a file dialog looks into the project's folder and another
process opens and closes the project (trust issue, failures 1 and 4c)."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from coding.services import coders, documents, segments
from tests.app.gui.conftest import code_id, wait_idle
from tests.conftest import andock_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")


def deleted_wal_open(pid: int) -> list[str]:
    """Project working files this process still uses although they were deleted."""
    fd_dir = Path(f"/proc/{pid}/fd")
    out = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "-wal" in target or "-shm" in target:
            if target.endswith("(deleted)"):
                out.append(target)
    return out


def code_in_window(qtbot, window, phrase: str) -> None:
    doc = window.view.data.id
    schule = code_id(window, "Schule")

    def apply(act):
        start = documents.get_text(act.conn, doc).index(phrase)
        lena = coders.find_coder(act.conn, "Lena")
        return segments.apply_code(act, doc, schule, lena, start, start + len(phrase))
    window.ctl.act("Code segment", apply)
    wait_idle(qtbot, window)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_file_dialog_in_the_project_folder_and_another_process_lose_nothing(qtbot, window, project_file):
    dialog = QFileDialog(window, "Open project", str(project_file.parent), "Andock projects (*.andock)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    qtbot.wait(2500)  # long enough for Qt's file-info gatherer to look at every file
    dialog.reject()
    for _ in range(2):
        r = andock_process("info", project_file)
        assert r.returncode == 0, r.stderr
    assert deleted_wal_open(os.getpid()) == []
    code_in_window(qtbot, window, "Schule")
    r = andock_process("segments", project_file, "--code", "Zugänge/Schule", "--json")
    assert r.returncode == 0, r.stderr
    assert '"Schule"' in r.stdout or "Schule" in r.stdout
    con = sqlite3.connect(project_file)
    try:
        n = con.execute("SELECT count(*) FROM segments").fetchone()[0]
    finally:
        con.close()
    assert n == 1, "the window's coding is not visible to other processes"


HOLD = ("import sys, time\nfrom coding.store.project import Project\n"
        "p = Project.open(sys.argv[1], role='window')\nprint('open', flush=True)\ntime.sleep(60)\n")


def test_a_second_window_is_told_who_has_the_project_and_can_open_it_read_only(qtbot, project_file):
    import subprocess

    from PySide6.QtWidgets import QMessageBox

    from app.gui.main_window import MainWindow
    from tests.conftest import ROOT

    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project_file)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        win.open_project(str(project_file))
        qtbot.waitUntil(lambda: getattr(win, "_conflict_box", None) is not None, timeout=10000)
        box = win._conflict_box
        assert "already open" in box.text() and "window of" in box.text() and "since" in box.text()
        read_only = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.AcceptRole)
        read_only.click()
        errors = []
        win.ctl.failed.connect(errors.append)
        qtbot.waitUntil(lambda: win.ctl.project is not None, timeout=10000)
        assert win.ctl.project.read_only
        qtbot.wait(500)
        assert errors == [], "opening read-only tried to write"
        assert "read-only" in win.windowTitle() or "schreibgeschützt" in win.windowTitle()
        win.ctl.act("x", lambda act: None)
        qtbot.waitUntil(lambda: bool(errors), timeout=10000)
        assert "read-only" in errors[0]
        win.close()
    finally:
        holder.kill()
        holder.wait()


def test_the_window_folds_the_wal_into_the_file_when_idle(qtbot, window, project_file):
    import shutil

    code_in_window(qtbot, window, "Schule")
    qtbot.waitUntil(lambda: not window.ctl.project.unsaved_to_file, timeout=10000)
    copy = project_file.with_name("kopie.andock")
    shutil.copyfile(project_file, copy)  # the .andock alone, as a user copies or mails it
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT count(*) FROM segments").fetchone()[0] == 1
    finally:
        con.close()


def test_a_damaged_project_is_refused_and_its_backups_are_offered(qtbot, project_file):
    from app.gui.main_window import MainWindow
    from coding.store import backups
    from coding.store.project import Project

    with Project.open(project_file) as proj:
        backups.make_backup(proj, "manual")
    data = bytearray(project_file.read_bytes())
    for i in range(4096, 8192):
        data[i] ^= 0xFF
    project_file.write_bytes(bytes(data))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.open_project(str(project_file))
    qtbot.waitUntil(lambda: getattr(win, "_backups_dialog", None) is not None, timeout=10000)
    dialog = win._backups_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1, timeout=10000)
    assert "damaged" in dialog.status.text() or "beschädigt" in dialog.status.text()
    assert win.ctl.project is None
    win.close()


def test_importer_warnings_reach_the_window(qtbot, window, tmp_path):
    f4 = tmp_path / "K09.txt"
    f4.write_text("I: Erste Frage? #00:00:20-0#\n\nB: Antwort. #00:00:05-0#\n", encoding="utf-8")
    shown = []
    window.ctl.failed.connect(shown.append)
    window.ctl.import_files([str(f4)])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "K09.txt" in shown[0]

"""File → Backups…: the real dialog lists backups, makes one, and restores one through the worker."""
from __future__ import annotations

import hashlib
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.gui.backups_dialog import BackupsDialog
from app.gui.main_window import MainWindow
from coding.store import backups
from coding.services import codes
from coding.store.project import Project
from tests.app.gui.conftest import wait_idle
from tests.conftest import ROOT


def reasons(dialog: BackupsDialog) -> list[str]:
    return [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]


def open_dialog(qtbot, window) -> BackupsDialog:
    window.backups_dialog()
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, window)
    return dialog


def test_lists_backups_and_makes_one_now(qtbot, window, project_file):
    backups.make_backup(window.ctl.project, "manual", now=backups.utcnow().replace(year=2025))
    dialog = open_dialog(qtbot, window)
    listed = backups.list_backups(project_file)
    assert dialog.table.rowCount() == len(listed) >= 1
    row = next(i for i, b in enumerate(listed) if b.time.year == 2025)
    assert dialog.table.item(row, 1).text() == "by hand"
    assert dialog.table.item(row, 3).text() == "2" and dialog.table.item(row, 4).text() == "0"
    assert dialog.folder.text().endswith("studie.andock-backups")
    qtbot.mouseClick(dialog.backup_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(listed) + 1, timeout=10000)
    assert "Backup written" in dialog.status.text()
    assert reasons(dialog).count("by hand") == 2


def test_restore_through_the_dialog(qtbot, window, project_file, monkeypatch):
    backups.make_backup(window.ctl.project, "manual")
    window.ctl.act("New code", lambda act: codes.create_code(act, "Nach dem Backup"))
    qtbot.waitUntil(lambda: len(window.codebook.nodes) == 4, timeout=10000)
    dialog = open_dialog(qtbot, window)
    row = next(i for i, b in enumerate(dialog.infos) if b.reason == "manual")
    dialog.table.selectRow(row)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Yes)
    old_project = window.ctl.project
    qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
    assert asked
    qtbot.waitUntil(lambda: window.ctl.project is not None and window.ctl.project is not old_project
                    and len(window.codebook.nodes) == 3, timeout=10000)
    wait_idle(qtbot, window)
    assert "Restored from" in dialog.status.text()
    assert "before a restore" in reasons(dialog)
    before = next(b for b in backups.list_backups(project_file) if b.reason == "before restore")
    with Project.open(before.path) as saved:
        with saved.read() as conn:
            assert codes.find_by_path(conn, "Nach dem Backup")


def test_restore_refused_while_another_process_has_it_open(qtbot, window, project_file, monkeypatch):
    backups.make_backup(window.ctl.project, "manual")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom coding.store.project import Project\n"
         f"p = Project.open({str(project_file)!r})\nprint('ready', flush=True)\ntime.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        dialog = open_dialog(qtbot, window)
        dialog.table.selectRow(0)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        checksum = hashlib.sha256(project_file.read_bytes()).hexdigest()
        listed = backups.list_backups(project_file)
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: "is open in an Andock window" in dialog.status.text(), timeout=10000)
        qtbot.waitUntil(lambda: window.ctl.project is not None, timeout=10000)  # opened again
        wait_idle(qtbot, window)
        assert hashlib.sha256(project_file.read_bytes()).hexdigest() == checksum
        assert backups.list_backups(project_file) == listed
    finally:
        holder.kill()
        holder.wait(10)


def test_restores_a_project_that_cannot_be_opened(qtbot, project_file, monkeypatch):
    """A damaged project is refused on opening; the dialog, given its path, puts a backup back."""
    with Project.open(project_file) as proj:
        backups.make_backup(proj, "manual")
    project_file.write_bytes(b"\x00damaged" * 512)
    win = MainWindow()
    qtbot.addWidget(win)
    try:
        dialog = BackupsDialog(win.ctl, win, path=project_file)
        qtbot.addWidget(dialog)
        # the manual backup and the one made when the project was opened
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
        assert not dialog.backup_button.isEnabled() and not dialog.keep.isEnabled()
        dialog.table.selectRow(0)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.codebook.nodes) == 3, timeout=10000)
        wait_idle(qtbot, win)
        assert "damaged file set aside" in reasons(dialog)
    finally:
        win.close()

"""macOS hands a double-clicked project to the running program as a QFileOpenEvent: it opens,
also when it arrives before the window exists (at launch)."""
from __future__ import annotations

import shutil

from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from app.gui.file_open import FileOpenFilter
from app.gui.main_window import MainWindow


def test_a_project_handed_over_by_the_system_opens(qtbot, qapp, project_file, tmp_path):
    second = tmp_path / "zweite.andock"
    shutil.copy(project_file, second)
    opened = FileOpenFilter(qapp)
    qapp.installEventFilter(opened)
    try:
        QApplication.sendEvent(qapp, QFileOpenEvent(str(project_file)))  # at launch: no window yet
        assert opened.pending == [str(project_file)]
        win = MainWindow()
        qtbot.addWidget(win)
        opened.attach(win)
        qtbot.waitUntil(lambda: win.ctl.project is not None, timeout=15000)
        assert win.ctl.project.path == project_file and opened.pending == []
        # while it runs: the next one opens in the window straight away
        QApplication.sendEvent(qapp, QFileOpenEvent(str(second)))
        qtbot.waitUntil(lambda: win.ctl.project is not None and win.ctl.project.path == second, timeout=15000)
        win.close()
    finally:
        qapp.removeEventFilter(opened)

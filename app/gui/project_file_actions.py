"""The window's actions around the project file itself: who else has it open, backups
(also of a project too damaged to open), and the log folder for bug reports."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMessageBox

from ..logsetup import log_dir
from .backups_dialog import BackupsDialog
from .controller import ProjectController


class ProjectFileActions(QMainWindow):
    """The main window's actions on the project file: a base class of MainWindow, which sets
    ``ctl``."""

    ctl: ProjectController
    refresh_all: Callable[[], None]

    def ask_open_anyway(self, path: str, holders: list[str]) -> None:
        """Someone else has the project open: open read-only, open anyway, or not at all."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Project is open elsewhere"),
                          self.tr("%1 is already open:\n%2\n\nTwo windows that change the same "
                                  "project can confuse each other's work. Open it read-only to "
                                  "look only.").replace("%1", Path(path).name)
                          .replace("%2", "\n".join("• " + h for h in holders)),
                          QMessageBox.StandardButton.Cancel, self)
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(self.tr("Open anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(read_only)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(button: QAbstractButton) -> None:
            if button is read_only:
                self.ctl.open_project(path, mode="read-only")
            elif button is anyway:
                self.ctl.open_project(path, mode="anyway")
        box.buttonClicked.connect(chosen)
        self._conflict_box = box  # tests answer it
        box.open()

    def offer_backups(self, path: str, message: str) -> None:
        """A damaged project was refused: say why and show its backups to restore one."""
        self.statusBar().showMessage(message, 10000)
        dialog = BackupsDialog(self.ctl, self, path=path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status.setText(message)
        self._backups_dialog = dialog  # tests look at it
        dialog.open()

    def backups_dialog(self) -> None:
        """File → Backups…: list, make and restore backups of the open project file."""
        project = self.ctl.project
        if project is None or project.path is None:
            return
        dialog = BackupsDialog(self.ctl, self, path=project.path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_log_folder(self) -> None:
        """Help → Open log folder: the file to attach to a bug report."""
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def merge_dialog(self) -> None:
        """File → Merge coders' copies: choose copies, see what the merge would change (a dry
        run, nothing written), then merge as one undoable action."""
        from PySide6.QtWidgets import QFileDialog

        from coding.services.merge import merge_copies

        project = self.ctl.project
        if project is None:
            return
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("Merge coders' copies"), str(project.base_dir),
                                                 self.tr("Andock projects (*.andock)"))
        if not paths:
            return

        def previewed(report) -> None:
            lines = report.lines() or [self.tr("The copies hold nothing that this project lacks.")]
            shown = lines[:25] + ([self.tr("… and %1 more").replace("%1", str(len(lines) - 25))] if len(lines) > 25 else [])
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Merge coders' copies"),
                              self.tr("Merging would change this:") + "\n\n" + "\n".join(shown),
                              QMessageBox.StandardButton.Cancel, self)
            merge = box.addButton(self.tr("Merge"), QMessageBox.ButtonRole.AcceptRole)
            merge.setEnabled(report.changed())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

            def chosen(button: QAbstractButton) -> None:
                if button is merge:
                    self.ctl.run(merge_copies, project, paths, on_done=merged)
            box.buttonClicked.connect(chosen)
            box.open()

        def merged(report) -> None:
            self.ctl.refresh_undo()
            self.refresh_all()
            self.statusBar().showMessage(self.tr("Merged %1 copies; Edit → Undo takes the merge back")
                                         .replace("%1", str(len(report.copies))), 10000)
        self.ctl.run(lambda: merge_copies(project, paths, dry_run=True), on_done=previewed)

"""The window's actions around the project file itself: who else has it open, backups
(also of a project too damaged to open), and the log folder for bug reports."""
from __future__ import annotations

from pathlib import Path

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

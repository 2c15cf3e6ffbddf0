"""File → Backups…: a project's backups, a backup now, restoring one, and the settings.

All disk and database work runs on the database worker (through the controller); restoring
closes the project there, restores, and opens it again, so the window never waits. The dialog
also serves a project that is not open (one refused as damaged): it lists and restores its
backups, then opens the restored project.
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QDateTime, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coding.store import backups
from coding.store.backup_restore import restore_backup
from coding.store.backup_settings import MAX_INTERVAL, MAX_KEEP
from coding.base.errors import AndockError

from .controller import ProjectController


def _load(project, path: Path) -> tuple[list[backups.BackupInfo], backups.BackupSettings | None]:
    return backups.list_backups(path), backups.settings_of(project) if project is not None else None


class BackupsDialog(QDialog):
    """Lists the backups of the project file at ``path`` (the open project's, or one refused as
    damaged); makes and restores them."""

    def __init__(self, ctl: ProjectController, parent: QWidget | None = None, *, path: str | Path) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.path = Path(path)
        self.infos: list[backups.BackupInfo] = []
        self.setWindowTitle(self.tr("Backups of %1").replace("%1", self.path.name))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Reason"), self.tr("Size"),
                                              self.tr("Documents"), self.tr("Codings")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.folder = QLabel(str(backups.backup_folder(self.path)), self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Backups are kept in:"), self))
        lay.addWidget(self.folder)
        lay.addWidget(self.table)
        lay.addLayout(self._settings_row())
        lay.addWidget(self.status)
        lay.addWidget(self._buttons())
        self.resize(640, 420)
        self._busy(True)
        self.reload()

    # -- layout ------------------------------------------------------------------------
    def _settings_row(self) -> QHBoxLayout:
        self.enabled = QCheckBox(self.tr("Automatic backups, at most every"), self)
        self.interval = QSpinBox(self, minimum=1, maximum=MAX_INTERVAL)
        self.interval.setSuffix(self.tr(" min of work"))
        self.keep = QSpinBox(self, minimum=1, maximum=MAX_KEEP)
        row = QHBoxLayout()
        row.addWidget(self.enabled)
        row.addWidget(self.interval)
        row.addWidget(QLabel(self.tr("keep the newest"), self))
        row.addWidget(self.keep)
        row.addStretch(1)
        self.enabled.toggled.connect(self._save_settings)
        self.interval.editingFinished.connect(self._save_settings)
        self.keep.editingFinished.connect(self._save_settings)
        return row

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.backup_button = QPushButton(self.tr("Make backup &now"), self)
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        self.folder_button = QPushButton(self.tr("Show &folder"), self)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.show_folder)
        box.rejected.connect(self.reject)
        return box

    # -- showing -----------------------------------------------------------------------
    def _open_project(self):
        """The controller's project when it is this dialog's project, else None."""
        project = self.ctl.project
        same = project is not None and project.path is not None and \
            Path(project.path).resolve() == self.path.resolve()
        return project if same else None

    def reload(self) -> None:
        """Read the backups and settings again (on the database worker)."""
        self.ctl.run(_load, self._open_project(), self.path, on_done=self._fill)

    def _fill(self, out: tuple[list[backups.BackupInfo], backups.BackupSettings | None]) -> None:
        if not shiboken6.isValid(self.table):  # closed (and deleted) before the list was read
            return
        self.infos, settings = out
        self.table.setRowCount(len(self.infos))
        locale = QLocale()
        for row, info in enumerate(self.infos):
            when = QDateTime.fromSecsSinceEpoch(int(info.time.timestamp()))
            damaged = info.error is not None
            cells = (locale.toString(when, QLocale.FormatType.ShortFormat), self._reason(info.reason),
                     locale.formattedDataSize(info.size),
                     self.tr("damaged") if damaged else str(info.documents),
                     "" if damaged else str(info.codings))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if info.error is not None:
                    item.setToolTip(info.error)
                self.table.setItem(row, col, item)
        widgets = (self.enabled, self.interval, self.keep)
        for widget in widgets:
            widget.setEnabled(settings is not None)  # settings live in the project: open only
            widget.blockSignals(True)  # showing the settings is no change to save
        if settings is not None:
            self.enabled.setChecked(settings.enabled)
            self.interval.setValue(settings.interval_minutes)
            self.keep.setValue(settings.keep)
        for widget in widgets:
            widget.blockSignals(False)
        if self.infos and not self.table.selectedItems():
            self.table.selectRow(0)
        self._busy(False)

    def _reason(self, reason: str) -> str:
        names = {"open": self.tr("on opening"), "auto": self.tr("automatic"), "manual": self.tr("by hand"),
                 "before restore": self.tr("before a restore"), "damaged": self.tr("damaged file set aside")}
        return names.get(reason, reason)

    def _busy(self, busy: bool) -> None:
        self._working = busy
        self.backup_button.setEnabled(not busy and self._open_project() is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(not self._working and info is not None and info.error is None)
        self.folder_button.setEnabled(backups.backup_folder(self.path).is_dir())

    def selected(self) -> backups.BackupInfo | None:
        """The backup chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows and rows[0].row() < len(self.infos) else None

    # -- actions -----------------------------------------------------------------------
    def backup_now(self) -> None:
        """Make a backup now (on the worker)."""
        project = self._open_project()
        if project is None:
            return
        self._busy(True)

        def done(path) -> None:
            self.status.setText(self.tr("Backup written: %1").replace("%1", Path(path).name))
            self.reload()
        self.ctl.runner.submit(backups.make_backup, project, "manual", on_done=done,
                               on_error=self._failed)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self._busy(False)

    def _save_settings(self) -> None:
        project = self._open_project()
        if project is not None:
            self.ctl.run(lambda: backups.change_settings(
                project, enabled=self.enabled.isChecked(), interval_minutes=self.interval.value(),
                keep=self.keep.value()), on_done=lambda _s: self.reload())

    def show_folder(self) -> None:
        """Open the backups folder in the file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups.backup_folder(self.path))))

    def restore_selected(self) -> None:
        """Ask, then close the project, put the chosen backup in its place and open it again."""
        info = self.selected()
        if info is None:
            return
        when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(info.time.timestamp())),
                                  QLocale.FormatType.ShortFormat)
        answer = QMessageBox.question(
            self, self.tr("Restore backup"),
            self.tr("Replace %1 by the backup of %2? The project is closed and opened again; its "
                    "current state is backed up first, so this can be reversed.")
            .replace("%1", self.path.name).replace("%2", when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._busy(True)
        self.status.setText(self.tr("Restoring…"))
        path, backup = self.path, info.path
        was_open = self._open_project() is not None
        if was_open:
            self.ctl.close_project()  # queued on the worker before the restore

        def job() -> Path | str:
            try:
                return restore_backup(path, backup)
            except AndockError as exc:  # the project is opened again either way
                return str(exc)
            except Exception as exc:  # noqa: BLE001 - never leave the window without its project
                return f"{type(exc).__name__}: {exc}"
        self.ctl.run(job, on_done=lambda outcome: self._restored(backup, was_open, outcome))

    def _restored(self, backup: Path, was_open: bool, outcome: Path | str) -> None:
        """``outcome``: where the state before the restore was kept, or why the restore failed."""
        restored = isinstance(outcome, Path)
        if isinstance(outcome, Path):
            self.status.setText(self.tr("Restored from %1. The state before is kept as %2.")
                                .replace("%1", backup.name).replace("%2", outcome.name))
        else:
            self.status.setText(outcome)
        if restored or was_open:
            self.ctl.open_project(self.path, on_done=lambda _p: self.reload())
        else:
            self.reload()

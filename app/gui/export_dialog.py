"""File → Export…: every export the command offers, with the command's options, from the window.

The list on the left chooses what to export (code matrix, co-occurrence, report, quotes, codebook,
intercoder agreement); the right side shows that export's options and the file to write. The
export runs on the database worker with a cancellable progress dialog; ``run_export`` writes
beside the target first, so a cancelled or failed export leaves no file (or the old one). When it
is done the file can be opened or shown in its folder.
"""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QProgressDialog, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from coding.base.errors import AndockError
from coding.reports.exports import Export, run_export

from .controller import ProjectController
from .export_pages import (AgreementPage, CodebookPage, CooccurrencePage, ExportChoices, ExportPage, MatrixPage,
                           QuotesPage, ReportPage, load_export_choices)
from .runner import Job


FORMAT_NAMES = {".xlsx": "Excel (XLSX)", ".csv": "CSV", ".docx": "Word (DOCX)", ".pdf": "PDF",
                ".md": "Markdown", ".json": "JSON"}


class ExportDialog(QDialog):
    """Chooses an export and its options and file, runs it, and offers the file when done."""

    def __init__(self, ctl: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setWindowTitle(self.tr("Export"))
        # how a written file or its folder is opened; tests put a recorder here
        self.opener: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.written: Path | None = None
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.ask: QMessageBox | None = None  # the open "replace the file?" question
        self._cancelled = False
        self.choices: ExportChoices | None = None
        self._folder: Path | None = None  # a folder the user chose; else the project's
        self.pages: dict[str, ExportPage] = {
            "matrix": MatrixPage(self), "cooccurrence": CooccurrencePage(self), "report": ReportPage(self),
            "quotes": QuotesPage(self), "codebook": CodebookPage(self), "agreement": AgreementPage(self)}
        titles = {"matrix": self.tr("Code matrix"), "cooccurrence": self.tr("Co-occurrence"),
                  "report": self.tr("Report"), "quotes": self.tr("Quotes"), "codebook": self.tr("Codebook"),
                  "agreement": self.tr("Intercoder agreement")}
        self.kinds = QListWidget(self)
        self.stack = QStackedWidget(self)
        for key, page in self.pages.items():
            item = QListWidgetItem(titles[key], self.kinds)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.stack.addWidget(page)
        self.kinds.setFixedWidth(max(170, self.kinds.sizeHintForColumn(0) + 24))
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.format = QComboBox(self)
        self.path = QLineEdit(self)
        self.browse = QPushButton(self.tr("Choose…"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file = QPushButton(self.tr("Open file"), self)
        self.show_folder = QPushButton(self.tr("Show in folder"), self)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setDefault(True)
        self._layout()
        self.kinds.currentRowChanged.connect(self._kind_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.start_export)
        self.open_file.clicked.connect(lambda: self._open(self.written))
        self.show_folder.clicked.connect(lambda: self._open(self.written.parent if self.written else None))
        for page in self.pages.values():
            page.stemChanged.connect(self._stem_changed)
        ctl.projectClosing.connect(self.reject)
        self._offer_file(None)
        self.kinds.setCurrentRow(0)
        self.resize(860, 640)
        ctl.read(load_export_choices, on_done=self._if_open(self._choices_loaded))

    def _if_open(self, slot: Callable[[Any], None]) -> Callable[[Any], None]:
        """``slot``, skipped once the dialog was closed (and deleted) before the worker answered."""
        def call(value: Any) -> None:
            if shiboken6.isValid(self):
                slot(value)
        return call

    def done(self, result: int) -> None:
        """Closing the dialog cancels a running export (nothing is written)."""
        self.cancel()
        super().done(result)

    def _layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.stack, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        out = QFormLayout()
        out.addRow(self.tr("Format:"), self.format)
        out.addRow(self.tr("File:"), file_row)
        right.addLayout(out)
        top = QHBoxLayout()
        top.addWidget(self.kinds)
        top.addLayout(right, 1)
        done_row = QHBoxLayout()
        done_row.addWidget(self.status, 1)
        done_row.addWidget(self.open_file)
        done_row.addWidget(self.show_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addLayout(done_row)
        lay.addWidget(buttons)

    # -- choosing -----------------------------------------------------------------------
    def page(self) -> ExportPage:
        return self.pages[self.kind()]

    def kind(self) -> str:
        return self.kinds.currentItem().data(Qt.ItemDataRole.UserRole)

    def choose_kind(self, kind: str) -> None:
        """Show the options of ``kind`` (one of :attr:`pages`)."""
        self.kinds.setCurrentRow(list(self.pages).index(kind))

    def suffix(self) -> str:
        return self.format.currentData()

    def set_format(self, suffix: str) -> None:
        self.format.setCurrentIndex(self.format.findData(suffix))

    def _choices_loaded(self, ch: ExportChoices) -> None:
        self.choices = ch
        for page in self.pages.values():
            page.set_choices(ch)
        self._default_path()

    def _kind_changed(self, row: int) -> None:
        page = self.page()
        self.stack.setCurrentWidget(page)
        self.title.setText(self.kinds.item(row).text())
        self.format.blockSignals(True)
        self.format.clear()
        for suffix in page.formats:
            self.format.addItem(FORMAT_NAMES[suffix], suffix)
        self.format.blockSignals(False)
        page.format_changed(self.suffix())
        self._default_path()

    def _format_changed(self, _index: int) -> None:
        self.page().format_changed(self.suffix())
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(self.suffix())))

    def _stem_changed(self) -> None:
        if self.sender() is self.page():
            self._default_path()

    def _default_path(self) -> None:
        """The project's name and the export's, in the folder chosen last or beside the project."""
        proj = self.ctl.project
        if proj is None:
            return
        if isinstance(proj.path, Path):
            folder, stem = self._folder or proj.path.parent, proj.path.stem
        else:  # a team database: the home folder until the user chooses one
            folder, stem = self._folder or Path.home(), proj.name
        name = f"{stem} - {self.page().file_stem()}{self.suffix()}".replace("/", "-")
        self.path.setText(str(folder / name))

    def choose_file(self) -> None:
        """Choose the file in the system's dialog (it does not ask about replacing: Export does)."""
        suffix = self.suffix()
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path.text(), f"{FORMAT_NAMES[suffix]} (*{suffix})",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            chosen = Path(path)
            if chosen.suffix.lower() in self.page().formats:
                self.set_format(chosen.suffix.lower())
            elif not chosen.suffix:
                chosen = chosen.with_suffix(suffix)
            self._folder = chosen.parent
            self.path.setText(str(chosen))

    # -- exporting ----------------------------------------------------------------------
    def target(self) -> Path | None:
        """The file to write (the format's suffix added when none was typed)."""
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.suffix else path.with_suffix(self.suffix())

    def start_export(self) -> None:
        """Export with the options shown; an existing file is replaced only when the user says so."""
        try:
            export = self.page().export()
        except AndockError as exc:
            self._say(str(exc), error=True)
            return
        path = self.target()
        if path is None:
            self._say(self.tr("Choose a file to write."), error=True)
            return
        if os.path.lexists(path) and not os.path.isdir(path):  # (os.path: never raises, e.g. for a long name)
            self._ask_replace(export, path)
        else:
            self._run(export, path, force=False)

    def _ask_replace(self, export: Export, path: Path) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace file?"),
                          self.tr("%1 exists already. Replace it?").replace("%1", str(path)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            self.ask = None
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self._run(export, path, force=True)
            else:
                self._say(self.tr("Not exported: the file was kept."))
        box.finished.connect(answered)
        self.ask = box
        box.open()

    def _run(self, export: Export, path: Path, force: bool) -> None:
        project = self.ctl.project
        if project is None:
            return
        self._cancelled = False
        self._offer_file(None)
        self._say(self.tr("Exporting to %1…").replace("%1", path.name))
        self.export_button.setEnabled(False)
        dlg = QProgressDialog(self.tr("Exporting…"), self.tr("Cancel"), 0, 100, self)
        dlg.setWindowTitle(self.tr("Export"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(400)  # quick exports finish without a flash
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        dlg.setValue(0)  # starts the clock: shown once the export takes longer than the minimum
        self.progress = dlg
        self.job = self.ctl.run(partial(run_export, force=force), project, export, path,
                                on_done=self._if_open(self._finished), on_error=self._if_open(self._failed),
                                on_progress=self._progressed)

    def cancel(self) -> None:
        """Stop the running export at its next step; nothing is written."""
        if self.job is not None:
            self._cancelled = True
            self.job.cancel()

    def _progressed(self, done: float, total: float, message: str) -> None:
        dlg = self.progress if shiboken6.isValid(self) else None
        if dlg is not None:
            dlg.setLabelText(message)
            # last: a shown modal progress dialog handles events here, the export may end meanwhile
            dlg.setValue(int(100 * done / total) if total else 0)

    def _end_job(self) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)  # closing it is no cancel any more
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _finished(self, path: Path) -> None:
        self._end_job()
        self._folder = path.parent
        self._offer_file(path)
        self._say(self.tr("Written: %1").replace("%1", str(path)))

    def _failed(self, message: str) -> None:
        self._end_job()
        if self._cancelled:
            self._say(self.tr("Export cancelled: nothing was written."))
        else:
            self._say(self.tr("Export failed: %1 Nothing was written.").replace("%1", message), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    def _offer_file(self, path: Path | None) -> None:
        self.written = path
        self.open_file.setEnabled(path is not None)
        self.show_folder.setEnabled(path is not None)

    def _open(self, path: Path | None) -> None:
        if path is not None:
            self.opener(QUrl.fromLocalFile(str(path)))


def export_dialog(window: Any) -> ExportDialog | None:
    """File → Export…: the export dialog for the window's open project (window-modal)."""
    if window.ctl.project is None:
        window.show_error(QCoreApplication.translate("MainWindow", "Open or create a project first."))
        return None
    dialog = ExportDialog(window.ctl, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

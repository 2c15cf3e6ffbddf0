"""Find & replace in the shown document or in all documents: preview first, then one undoable action.

The search runs on the database worker with the core's time limit (a pattern such as "(a|a)+$"
stops with a message instead of freezing the window); the preview lists every change with its
context and a box to leave it out; replacing goes through the core's text edit path, so codings,
speaker turns, timestamps and word timings stay on their words, and one Undo takes it all back.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from coding.base.ids import DocumentId
from coding.services.find_replace import Replacement, ReplaceReport, find_replacements, replace
from .controller import ProjectController


class ReplaceDialog(QDialog):
    """Find, preview and replace; ``document`` is the shown document (None: only "all")."""

    def __init__(self, controller: ProjectController, document: DocumentId | None, document_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.document = document
        self.found: list[Replacement] = []
        self.setWindowTitle(self.tr("Find and replace"))
        self.resize(760, 480)
        self.pattern = QLineEdit(self)
        self.replacement = QLineEdit(self)
        self.regex = QCheckBox(self.tr("Regular expression (\\1 inserts a group)"), self)
        self.case = QCheckBox(self.tr("Match case"), self)
        self.here = QRadioButton(self.tr("In “%1”").replace("%1", document_name), self)
        self.everywhere = QRadioButton(self.tr("In all documents"), self)
        (self.here if document is not None else self.everywhere).setChecked(True)
        self.here.setEnabled(document is not None)
        form = QFormLayout()
        form.addRow(self.tr("Find:"), self.pattern)
        form.addRow(self.tr("Replace with:"), self.replacement)
        options = QHBoxLayout()
        for w in (self.regex, self.case, self.here, self.everywhere):
            options.addWidget(w)
        options.addStretch(1)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.search)
        options.addWidget(self.find_button)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels([self.tr("Document"), self.tr("Change")])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 160)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.replace_button = buttons.addButton(self.tr("Replace checked"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.replace_button.setEnabled(False)
        self.replace_button.clicked.connect(self.replace_checked)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(options)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.status)
        lay.addWidget(buttons)
        for edit in (self.pattern, self.replacement):
            edit.textEdited.connect(self._outdated)
        for box in (self.regex, self.case, self.here, self.everywhere):
            box.toggled.connect(self._outdated)

    def _outdated(self, *_args) -> None:
        """Any change of the question makes the shown answer stale: search again first."""
        self.list.clear()
        self.found = []
        self.replace_button.setEnabled(False)

    def search(self) -> None:
        """Find the changes (on the worker) and show them, all checked."""
        docs = [self.document] if self.here.isChecked() and self.document is not None else None
        pattern, repl = self.pattern.text(), self.replacement.text()
        regex, case = self.regex.isChecked(), self.case.isChecked()
        self.status.setText(self.tr("Searching…"))

        def job(conn) -> list[Replacement]:
            return find_replacements(conn, pattern, repl, regex=regex, case_sensitive=case, documents=docs)
        self.ctl.read(job, on_done=self._show)

    def _show(self, found: list[Replacement]) -> None:
        self.found = found
        self.list.clear()
        for r in found:
            change = f"…{r.before}[{r.match} → {r.replacement}]{r.after}…".replace("\n", " ⏎ ")
            item = QTreeWidgetItem([r.document, change])
            item.setCheckState(0, Qt.CheckState.Checked)
            self.list.addTopLevelItem(item)
        docs = len({r.document_id for r in found})
        self.status.setText(self.tr("%1 change(s) in %2 document(s)").replace("%1", str(len(found)))
                            .replace("%2", str(docs)) if found else self.tr("Nothing found"))
        self.replace_button.setEnabled(bool(found))

    def checked(self) -> list[Replacement]:
        """The changes whose box is checked."""
        out = []
        for i, r in enumerate(self.found):
            item = self.list.topLevelItem(i)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                out.append(r)
        return out

    def replace_checked(self) -> None:
        """Make the checked changes as one undoable action."""
        chosen = self.checked()
        if not chosen:
            return
        self.replace_button.setEnabled(False)
        description = self.tr("Replace “%1”").replace("%1", self.pattern.text())
        self.ctl.act(description, lambda act: replace(act, chosen), on_done=self._replaced,
                     on_error=self._refused)

    def _replaced(self, report: ReplaceReport) -> None:
        self.list.clear()
        self.found = []
        text = self.tr("Replaced %1 — Undo takes it back").replace("%1", str(report.total))
        if report.removed_codings or report.shrunk_codings:
            text += " " + self.tr("(%1 coding(s) shortened, %2 removed with their text)") \
                .replace("%1", str(report.shrunk_codings)).replace("%2", str(report.removed_codings))
        self.status.setText(text)

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        self._outdated()

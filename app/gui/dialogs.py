"""Small dialogs: memo editor, coder chooser, preferences, variable table editor."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from . import settings
from .first_run import GeneralChoices


class MemoDialog(QDialog):
    """Edit a memo's text (empty text deletes the memo)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addWidget(buttons)
        self.resize(460, 280)

    def text(self) -> str:
        """The edited memo."""
        return self.edit.toPlainText()


class SpeakerDialog(QDialog):
    """Rename a speaker (e.g. B → Frau Yılmaz or a pseudonym) in this document or in all."""

    def __init__(self, old: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.old = old
        self.setWindowTitle(self.tr("Rename speaker"))
        self.name = QLineEdit(old, self)
        self.name.selectAll()
        self.name.setMaxLength(60)
        self.everywhere = QCheckBox(self.tr("In all documents"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("New name for “%1”:").replace("%1", old), self.name)
        form.addRow(self.everywhere)
        form.addRow(QLabel(self.tr("The label at the start of each of the speaker's turns changes too; "
                                   "codings stay on their words."), self))
        form.addRow(buttons)
        self.resize(420, 150)

    def new_name(self) -> str:
        """The name typed."""
        return self.name.text().strip()


class CoderDialog(QDialog):
    """Choose (or type) the current coder; asked on first start of a project."""

    def __init__(self, names: list[str], current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is coding?"))
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.addItems(names)
        if current:
            self.combo.setCurrentText(current)
        info = QLabel(self.tr("Codings are recorded with the coder's name, so a team can compare "
                              "them later. Choose your name or type a new one."), self)
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addWidget(self.combo)
        lay.addWidget(buttons)

    def name(self) -> str:
        """The chosen or typed name."""
        return self.combo.currentText().strip()


class PreferencesDialog(GeneralChoices):
    """Language (applies at the next start), snapping selections to whole words, and what the
    first-run dialog asked: the coder name, the transcription model, the projects folder."""

    def __init__(self, language: str, snap: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        for code, label in (("system", self.tr("System language")), ("de", "Deutsch"), ("en", "English")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.snap = QCheckBox(self.tr("Snap selections to whole words"), self)
        self.snap.setChecked(snap)
        QWidget.setTabOrder(self.language, self.snap)  # in the form's order: made after the shared fields
        QWidget.setTabOrder(self.snap, self.coder)
        self.coder.setToolTip(self.tr("Suggested when a project asks who is coding"))
        note = QLabel(self.tr("A new language applies when Andock is started again."), self)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.snap)
        form.addRow(self.tr("Your name as coder"), self.coder)
        form.addRow(self.tr("Transcription model"), self.models)
        form.addRow(self.tr("Projects folder"), self.projects)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.resize(self.sizeHint())  # wide enough for the model lines: nothing cut off

    def accept(self) -> None:
        """Store everything, or say why not and stay open."""
        if self.store_general():
            settings.set_snap_words(self.snap.isChecked())
            super().accept()


class VariablesDialog(QDialog):
    """Documents x variables table; edited cells are handed back as (document id, variable, text)."""

    def __init__(self, data: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document variables"))
        docs, names = data["documents"], [n for n, _t in data["variables"]]
        self.table = QTableWidget(len(docs), len(names), self)
        self.table.setHorizontalHeaderLabels(names)
        self.table.setVerticalHeaderLabels([d["label"] or d["name"] for d in docs])
        for r, d in enumerate(docs):
            for c, name in enumerate(names):
                item = QTableWidgetItem(d["values"].get(name, ""))
                item.setData(Qt.ItemDataRole.UserRole, (d["id"], name))
                self.table.setItem(r, c, item)
        self.changes: dict[tuple[int, str], str] = {}
        self.table.itemChanged.connect(
            lambda it: self.changes.__setitem__(it.data(Qt.ItemDataRole.UserRole), it.text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Edit values; an empty cell removes the value."), self))
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(720, 420)

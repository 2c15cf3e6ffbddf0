"""The selected code's definition, criteria, rules, anchor examples and memo — visible while coding."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication, QFormLayout, QFrame, QLabel, QListWidget, QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from coding.analysis.views import CODE_FIELDS
from coding.base.ids import CodeId
from coding.services import codes, memos
from coding.store.history import Recorder

FIELDS = CODE_FIELDS


def save_details(act: Recorder, code_id: CodeId, values: dict[str, str]) -> None:
    """Write edited fields and memo (one action)."""
    codes.update_details(act, code_id, **{f: values[f] for f in FIELDS})
    memos.set_memo(act, "code", code_id, values["memo"])


class CodeDetails(QWidget):
    """An editable pane; ``saveRequested`` carries the code id and the edited values.

    Typing is never thrown away: it is saved (``saveRequested``) when the focus leaves the pane,
    before another code is shown and when the project closes (:meth:`flush`); a refresh of the
    same code (after any change, also another window's) keeps the fields the user has edited.
    """

    saveRequested = Signal(int, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code_id: CodeId | None = None
        self.loaded: dict[str, str] = {}  # the stored texts the fields started from
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.edits: dict[str, QPlainTextEdit] = {}
        # the fields scroll: the pane may be small (it shares the column with the code tree)
        body = QWidget(self)
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        labels = {"definition": self.tr("Definition"), "inclusion": self.tr("Inclusion criteria"),
                  "exclusion": self.tr("Exclusion criteria"), "coding_rules": self.tr("Coding rules"),
                  "memo": self.tr("Memo")}
        for key in (*FIELDS, "memo"):
            edit = QPlainTextEdit(body)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(44)
            self.edits[key] = edit
            form.addRow(labels[key], edit)
        self.anchors = QListWidget(body)
        self.anchors.setWordWrap(True)
        form.addRow(self.tr("Anchor examples"), self.anchors)
        self.save = QPushButton(self.tr("Save changes"), self)
        self.save.setEnabled(False)
        lay = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        lay.addWidget(self.title)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.save)
        for edit in self.edits.values():
            edit.textChanged.connect(lambda: self.save.setEnabled(self.is_modified()))
        self.save.clicked.connect(self.flush)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # widgets exist only in a QApplication
        app.focusChanged.connect(self._focus_changed)
        self.show_details(None)

    def show_details(self, details: dict | None) -> None:
        """Show a code's details (None: nothing selected); another code first saves the typing."""
        same = details is not None and details["id"] == self.code_id
        if not same:
            self.flush()
        self.code_id = details["id"] if details else None
        self.title.setText(f"<b>{details['path']}</b>" if details else self.tr("No code selected"))
        for key, edit in self.edits.items():
            stored = details[key] if details else ""
            typed = same and edit.toPlainText() != self.loaded.get(key, "")
            if not typed and edit.toPlainText() != stored:
                edit.blockSignals(True)
                edit.setPlainText(stored)
                edit.blockSignals(False)
            edit.setEnabled(details is not None)
        self.loaded = {k: details[k] for k in self.edits} if details else {}
        self.anchors.clear()
        for _aid, quote, source in (details["anchors"] if details else []):
            self.anchors.addItem(f"„{quote}“ ({source})" if source else f"„{quote}“")
        self.save.setEnabled(self.is_modified())

    def values(self) -> dict:
        """The edited texts."""
        return {k: e.toPlainText() for k, e in self.edits.items()}

    def is_modified(self) -> bool:
        """Whether there are unsaved edits."""
        return self.code_id is not None and any(
            e.toPlainText() != self.loaded.get(k, "") for k, e in self.edits.items())

    def flush(self) -> None:
        """Save unsaved typing now (one undoable action); nothing when nothing changed."""
        if self.is_modified():
            values = self.values()
            # taken as stored at once: the refresh that follows the save must not count it as typing
            self.loaded = dict(values)
            self.saveRequested.emit(self.code_id, values)
        self.save.setEnabled(False)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the pane (not moving between its fields) saves."""
        if old is not None and self.isAncestorOf(old) and (new is None or not self.isAncestorOf(new)):
            self.flush()

"""The window's commands around the transcript editor: its settings, find and replace, and the
keys the window keeps for itself (a base class of MainWindow, to keep files short)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from . import settings

if TYPE_CHECKING:
    from .controller import ProjectController
    from .document_view import DocumentView
    from .transcript_editor import TranscriptEditor


class EditorActions(QMainWindow):
    """MainWindow sets the parts declared here."""

    ctl: ProjectController
    view: DocumentView
    editor: TranscriptEditor

    def editor_settings_dialog(self) -> None:
        """Keys, snippets, rewind, skip, speed and uncertain words of the transcript editor."""
        from .editor_prefs import EditorPrefsDialog

        dlg = EditorPrefsDialog(self.editor.keymap, settings.editor_prefs(), self)

        def accept() -> None:
            settings.set_editor_prefs(dlg.prefs())
            self.editor.keymap.assign(dlg.keymap())
            self.editor.keymap.save()
            self.editor.apply_prefs()
        dlg.accepted.connect(accept)
        dlg.open()

    def replace_dialog(self) -> None:
        """Find and replace in the shown document or in all documents."""
        from .replace_dialog import ReplaceDialog

        self.editor.session.flush()
        data = self.view.data
        dlg = ReplaceDialog(self.ctl, data.id if data else None, data.name if data else "", self)
        sel = self.view.selection()
        if sel and data is not None and sel[1] - sel[0] < 100:
            dlg.pattern.setText(data.text[sel[0]:sel[1]])
        dlg.open()

    def _reserved_keys(self) -> dict[str, str]:
        """Keys the window uses itself, which the editor's key assignments may not take."""
        return {"Ctrl+E": self.tr("Code selection"), "Ctrl+L": self.tr("Repeat last code"),
                "Ctrl+T": self.tr("Code whole speaker turn"), "Ctrl+I": self.tr("In-vivo code"),
                "Ctrl+N": self.tr("New project"), "Ctrl+Shift+N": self.tr("New code"), "F2": self.tr("Rename code"), "Ctrl+Z": self.tr("Undo"),
                "Ctrl+Shift+Z": self.tr("Redo"), "Ctrl+Y": self.tr("Redo"), "Ctrl+F": self.tr("Find"),
                "Ctrl+H": self.tr("Replace"),
                **{f"Alt+{k}": self.tr("Favourite code %1").replace("%1", str(k)) for k in range(1, 10)}}

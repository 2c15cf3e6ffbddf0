"""Managing documents from the window: rename, citation label, order, recording, delete (a base
class of MainWindow, to keep files short). Each is one undoable core action."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from coding.base.ids import DocumentId
from coding.services import documents
from .documents_panel import DOC_ID

if TYPE_CHECKING:
    from .controller import ProjectController
    from .documents_panel import DocumentsPanel
    from .transcript_editor import TranscriptEditor


class DocumentActions(QMainWindow):
    """The documents list's commands; MainWindow sets the panels declared here."""

    ctl: ProjectController
    documents: DocumentsPanel
    editor: TranscriptEditor
    current_doc: DocumentId | None
    open_document: Callable[[DocumentId], None]
    variables_dialog: Callable[[], None]
    _memo_dialog: Callable[[str, int, str], None]

    def document_menu(self, pos: QPoint) -> None:
        item = self.documents.tree.itemAt(pos)
        doc_id = self.documents.current_document() if item is None else item.data(0, DOC_ID)
        if doc_id is None:
            return
        doc = DocumentId(doc_id)
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_document(doc))
        menu.addAction(self.tr("Rename…"), lambda: self.rename_document_dialog(doc))
        menu.addAction(self.tr("Citation label…"), lambda: self.label_dialog(doc))
        menu.addAction(self.tr("Move up"), lambda: self.move_document(doc, -1))
        menu.addAction(self.tr("Move down"), lambda: self.move_document(doc, +1))
        menu.addAction(self.tr("Link recording…"), lambda: self.link_recording(doc))
        menu.addSeparator()
        menu.addAction(self.tr("Document memo…"), lambda: self._memo_dialog("document", doc, self.tr("Document memo")))
        menu.addAction(self.tr("Document variables…"), self.variables_dialog)
        menu.addSeparator()
        menu.addAction(self.tr("Delete document…"), lambda: self.delete_document_dialog(doc))
        menu.popup(self.documents.tree.viewport().mapToGlobal(pos))

    def _info(self, doc: DocumentId) -> dict | None:
        return next((d for d in self.documents.data.get("documents", []) if d["id"] == doc), None)

    def rename_document_dialog(self, doc: DocumentId) -> None:
        info = self._info(doc)
        if info is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename document"), self.tr("New name:"), text=info["name"])
        if ok and name.strip() and name.strip() != info["name"]:
            self.ctl.act(self.tr("Rename document"), lambda act: documents.rename_document(act, doc, name))

    def label_dialog(self, doc: DocumentId) -> None:
        info = self._info(doc)
        if info is None:
            return
        label, ok = QInputDialog.getText(
            self, self.tr("Citation label"),
            self.tr("Short label used in citations, e.g. (K01, 00:12:04). It must differ from every other document's:"),
            text=info["label"])
        if ok and label.strip() != info["label"]:
            self.ctl.act(self.tr("Change citation label"), lambda act: documents.set_label(act, doc, label))

    def move_document(self, doc: DocumentId, step: int) -> None:
        ids = [d["id"] for d in self.documents.data.get("documents", [])]
        if doc not in ids:
            return
        position = min(len(ids), max(1, ids.index(doc) + 1 + step))
        if position != ids.index(doc) + 1:
            self.ctl.act(self.tr("Move document"), lambda act: documents.move_document(act, doc, position))

    def link_recording(self, doc: DocumentId) -> None:
        """Link a recording to ``doc`` (opened first, so that the bar's dialog acts on it)."""
        if doc != self.current_doc:
            self.open_document(doc)
            return  # the bar offers "Link recording…" for the opened document
        self.editor.link_dialog()

    def delete_document_dialog(self, doc: DocumentId) -> None:
        """Ask with what the deletion takes along, then delete (one undoable action)."""
        info = self._info(doc)
        if info is None:
            return

        def ask(impact: documents.DeleteImpact) -> None:
            text = self.tr("Delete “%1”?").replace("%1", info["name"])
            if impact.codings or impact.memos or impact.summaries:
                text += "\n\n" + self.tr("It takes %1 coding(s), %2 memo(s) and %3 summary text(s) with it.") \
                    .replace("%1", str(impact.codings)).replace("%2", str(impact.memos)) \
                    .replace("%3", str(impact.summaries))
            text += "\n\n" + self.tr("Edit → Undo brings it all back.")
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete document"), text,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))

            def answered(button: int) -> None:
                if button == QMessageBox.StandardButton.Yes:
                    self.ctl.act(self.tr("Delete document"), lambda act: documents.delete_document(act, doc))
            box.finished.connect(answered)
            box.open()
        self.ctl.read(documents.deletion_impact, doc, on_done=ask)

"""Coding gestures and code-tree commands of the main window (a base class of it, to keep files short)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox

from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.services import code_changes, codes, coders, memos, segments, speaker_names, variables
from coding.analysis.views import load_documents
from coding.text.textutil import in_vivo_name, snap_to_words, turn_body

from . import settings
from .dialogs import CoderDialog, MemoDialog, PreferencesDialog, SpeakerDialog, VariablesDialog

if TYPE_CHECKING:
    from coding.store.history import Action

    from .codebook_panel import CodebookPanel
    from .controller import ProjectController
    from .document_view import DocumentView
    from .documents_panel import DocumentsPanel


def _apply(act: Action, doc_id: DocumentId, code_id: CodeId, coder_id: CoderId, start: int, end: int) -> SegmentId:
    return segments.apply_code(act, doc_id, code_id, coder_id, start, end)


def _in_vivo(act: Action, doc_id: DocumentId, coder_id: CoderId, start: int, end: int, name: str) -> CodeId:
    cid = codes.create_code(act, name)
    segments.apply_code(act, doc_id, cid, coder_id, start, end)
    return cid


class CodingActions(QMainWindow):
    """The main window's coding gestures and code-tree commands: a base class of MainWindow,
    which sets the panels and state declared here."""

    ctl: ProjectController
    view: DocumentView
    codebook: CodebookPanel
    documents: DocumentsPanel
    coder_label: QLabel
    only_mine: QAction
    snap_action: QAction
    current_doc: DocumentId | None
    last_code: CodeId | None
    coder_names: dict[CoderId, str]

    # MainWindow's methods, called from here (annotated, not stubbed: lupdate loses the class at a
    # stub, and the strings below would lose their translation context)
    open_document: Callable[[DocumentId], None]
    refresh_tree: Callable[[], None]
    refresh_document: Callable[[], None]
    refresh_documents: Callable[[], None]
    refresh_segments: Callable[[], None]

    # -- applying codes -----------------------------------------------------------------
    def code_range(self, doc_id: DocumentId, start: int, end: int, code_id: CodeId) -> None:
        """Code ``[start, end)`` of a document with a code, as the current coder."""
        if self.ctl.current_coder is None:
            self.ask_coder(then=lambda: self.code_range(doc_id, start, end, code_id))
            return
        if settings.snap_words() and self.view.data is not None and doc_id == self.view.data.id:
            start, end = snap_to_words(self.view.data.text, start, end)
        if end <= start:
            return
        self.last_code = code_id
        name = self.codebook.nodes[code_id].name if code_id in self.codebook.nodes else ""
        self.ctl.act(self.tr("Code with %1").replace("%1", name), _apply, doc_id, code_id,
                     self.ctl.current_coder, start, end)

    def code_selection(self, code_id: CodeId | None) -> bool:
        """Code the text selection with ``code_id``; False when nothing is selected."""
        sel = self.view.selection()
        if code_id is None or sel is None or self.current_doc is None:
            return False
        self.code_range(self.current_doc, sel[0], sel[1], code_id)
        return True

    def on_code_clicked(self, clicked: int) -> None:
        """Select text, then click a code: the selection is coded (``clicked`` -1: no code)."""
        if clicked >= 0:
            self.code_selection(CodeId(clicked))

    def code_with_selected(self) -> None:
        self.code_selection(self.codebook.current_code())

    def repeat_last_code(self) -> None:
        self.code_selection(self.last_code)

    def code_favourite(self, key: int) -> None:
        guid = settings.favourites().get(str(key))
        node = next((n for n in self.codebook.nodes.values() if n.guid == guid), None)
        if node is not None:
            self.code_selection(node.id)

    def set_favourite(self, key: int) -> None:
        code_id = self.codebook.current_code()
        if code_id is not None:
            settings.set_favourite(str(key), self.codebook.nodes[code_id].guid)

    def code_turn(self) -> None:
        """Code the whole speaker turn at the cursor (without its label) with the selected code."""
        data, code_id = self.view.data, self.codebook.current_code()
        if data is None or code_id is None:
            return
        pos = self.view.cursor_position()
        turn = next(((s, e) for s, e, _sp in data.turns if s <= pos < max(e, s + 1)), None)
        if turn is not None:
            start, end = turn_body(data.text, *turn)
            self.code_range(data.id, start, end, code_id)

    def code_in_vivo(self) -> None:
        """A new code named after the selected words, coding them."""
        sel, data = self.view.selection(), self.view.data
        if sel is None or data is None:
            return
        if self.ctl.current_coder is None:
            self.ask_coder(then=self.code_in_vivo)
            return
        name = in_vivo_name(data.text[sel[0]:sel[1]])
        self.ctl.act(self.tr("In-vivo code %1").replace("%1", name), _in_vivo, data.id,
                     self.ctl.current_coder, sel[0], sel[1], name)

    # -- code tree ----------------------------------------------------------------------
    def move_code(self, code_id: CodeId, parent: int, row: int) -> None:
        """Re-parent (parent -1 = top level) and re-order a dragged code."""
        self.ctl.act(self.tr("Move code"), codes.move_code, code_id, None if parent < 0 else CodeId(parent),
                     None if row < 0 else row)

    def new_code_dialog(self) -> None:
        if self.ctl.project is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("New code"), self.tr("Name of the new code:"))
        if ok and name.strip():
            parent = self.codebook.current_code()
            self.ctl.act(self.tr("New code %1").replace("%1", name), codes.create_code, name.strip(), parent)

    def rename_code_dialog(self) -> None:
        code_id = self.codebook.current_code()
        if code_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename code"), self.tr("New name:"),
                                        text=self.codebook.nodes[code_id].name)
        if ok and name.strip():
            self.ctl.act(self.tr("Rename code"), codes.rename_code, code_id, name.strip())

    def recolour_code_dialog(self) -> None:
        code_id = self.codebook.current_code()
        if code_id is None:
            return
        colour = QColorDialog.getColor(QColor(self.codebook.nodes[code_id].colour), self, self.tr("Code colour"))
        if colour.isValid():
            self.ctl.act(self.tr("Change colour"), codes.recolour_code, code_id, colour.name())

    def merge_code_dialog(self) -> None:
        code_id = self.codebook.current_code()
        if code_id is None:
            return
        others = {n.path: n.id for n in self.codebook.nodes.values() if n.id != code_id}
        path, ok = QInputDialog.getItem(self, self.tr("Merge code"),
                                        self.tr("Merge “%1” into:").replace("%1", self.codebook.nodes[code_id].path),
                                        sorted(others), 0, False)
        if ok and path:
            self.ctl.act(self.tr("Merge codes"), code_changes.merge_codes, code_id, others[path])

    def delete_code_dialog(self) -> None:
        code_id = self.codebook.current_code()
        if code_id is None:
            return
        def ask(impact: code_changes.DeleteImpact) -> None:
            text = self.tr("Delete “%1” with %2 subcode(s) and %3 coded segment(s)? Undo brings them back.")
            text = text.replace("%1", self.codebook.nodes[code_id].path).replace(
                "%2", str(impact.codes - 1)).replace("%3", str(impact.segments))
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete code"), text,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)

            def answered(result: int) -> None:
                if result == QMessageBox.StandardButton.Yes:
                    self.ctl.act(self.tr("Delete code"), code_changes.delete_code, code_id)
            box.finished.connect(answered)
            box.open()
        self.ctl.read(code_changes.deletion_impact, code_id, on_done=ask)

    def code_memo_dialog(self) -> None:
        code_id = self.codebook.current_code()
        if code_id is not None:
            self._memo_dialog("code", code_id, self.tr("Code memo"))

    def _memo_dialog(self, kind: str | None, target: int | None, title: str) -> None:
        def show(text: str) -> None:
            dlg = MemoDialog(title, text, self)
            dlg.accepted.connect(lambda: self.ctl.act(title, memos.set_memo, kind, target, dlg.text(),
                                                      self.ctl.current_coder))
            dlg.open()
        self.ctl.read(memos.get_memo, kind, target, on_done=show)

    def code_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for text, slot in ((self.tr("New code…"), self.new_code_dialog), (self.tr("Rename…"), self.rename_code_dialog),
                           (self.tr("Change colour…"), self.recolour_code_dialog),
                           (self.tr("Merge into…"), self.merge_code_dialog), (self.tr("Delete…"), self.delete_code_dialog),
                           (self.tr("Memo…"), self.code_memo_dialog)):
            menu.addAction(text, slot)
        menu.popup(self.codebook.tree.viewport().mapToGlobal(pos))

    # -- segments -----------------------------------------------------------------------
    def segment_menu(self, seg_id: SegmentId, global_pos: QPoint) -> None:
        seg = next((s for s in self.view.data.segments if s.id == seg_id), None) if self.view.data else None
        if seg is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Remove coding"), lambda: self.ctl.act(
            self.tr("Remove coding"), segments.delete_segment, seg_id))
        menu.addAction(self.tr("Segment memo…"), lambda: self._memo_dialog("segment", seg_id, self.tr("Segment memo")))
        key = menu.addAction(self.tr("Key quote"), lambda *_a: self.ctl.act(
            self.tr("Key quote"), segments.set_key_quote, seg_id, not seg.key_quote))
        key.setCheckable(True)
        key.setChecked(seg.key_quote)
        menu.addAction(self.tr("Add as anchor example"), lambda: self.ctl.act(
            self.tr("Add anchor example"), code_changes.add_segment_as_anchor, seg_id))
        menu.popup(global_pos)

    def text_menu(self, global_pos: QPoint) -> None:
        menu = QMenu(self)
        has_sel = self.view.selection() is not None
        for text, slot, ok in ((self.tr("Code with selected code"), self.code_with_selected, has_sel),
                               (self.tr("In-vivo code"), self.code_in_vivo, has_sel),
                               (self.tr("Add selection as anchor example of the selected code"),
                                self.selection_as_anchor, has_sel and self.codebook.current_code() is not None),
                               (self.tr("Code whole speaker turn"), self.code_turn, True),
                               (self.tr("Document memo…"), self.document_memo_dialog, True)):
            menu.addAction(text, slot).setEnabled(ok)
        clicked = self.view.clicked_pos  # the place right-clicked, not where the text cursor is
        speaker = self.speaker_at(clicked)
        if speaker:
            menu.addAction(self.tr("Rename speaker “%1”…").replace("%1", speaker),
                           lambda: self.rename_speaker_dialog(speaker))
        data = self.view.data
        at = [s for s in data.segments if s.start <= clicked < s.end] if data is not None else []
        if at:
            menu.addSeparator()
        for seg in at:  # each coding under the click, named, so the right one is removed
            code = data.codes.get(seg.code_id) if data is not None else None
            label = self.tr("Remove coding “%1” (%2)").replace("%1", code.name if code else "?").replace(
                "%2", data.coders.get(seg.coder_id, "") if data is not None else "")
            menu.addAction(label, self._remover(seg.id))
        menu.popup(global_pos)

    def _remover(self, seg_id: SegmentId) -> Callable[[], None]:
        """The menu's handler that removes one coding (one undoable action)."""
        def remove() -> None:
            self.ctl.act(self.tr("Remove coding"), segments.delete_segment, seg_id)
        return remove

    def speaker_at(self, pos: int) -> str:
        """The speaker of the turn holding code point ``pos`` ('' outside turns)."""
        data = self.view.data
        if data is None:
            return ""
        return next((sp for start, end, sp in data.turns if start <= pos <= end and sp), "")

    def rename_speaker_dialog(self, old: str) -> None:
        """Ask for a new name; a name that already speaks there is a merge and asked about."""
        doc_id = self.current_doc
        dlg = SpeakerDialog(old, self)
        self.speaker_dialog_open = dlg

        def chosen() -> None:
            new, scope = speaker_names.tidy_speaker_name(dlg.new_name()), None if dlg.everywhere.isChecked() else doc_id
            if new == old:
                return  # (an empty name goes on to the service, which says what is wrong)
            self.ctl.read(lambda conn: [s.speaker for s in speaker_names.list_speakers(conn, scope)],
                          on_done=lambda names: self._rename_speaker(old, new, scope, new in names))
        dlg.accepted.connect(chosen)
        dlg.open()

    def _rename_speaker(self, old: str, new: str, document_id, clash: bool) -> None:
        if clash:
            answer = QMessageBox.question(
                self, self.tr("Rename speaker"),
                self.tr("“%1” already speaks here. Merge “%2” into “%1”?").replace("%1", new).replace("%2", old))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctl.act(self.tr("Rename speaker %1 → %2").replace("%1", old).replace("%2", new),
                     lambda act: speaker_names.rename_speaker(act, old, new, document_id, merge=clash))

    def selection_as_anchor(self) -> None:
        """The selected text becomes an anchor example of the selected code, citing its place."""
        sel, data, code_id = self.view.selection(), self.view.data, self.codebook.current_code()
        if sel is None or data is None or code_id is None:
            return
        from coding.text.citations import anchor_before, cite
        from coding.text.paragraphs import paragraph_number
        source = cite(data.label or data.name, anchor_before(data.anchors, sel[0]),
                      paragraph_number(data.text, sel[0]))
        self.ctl.act(self.tr("Add anchor example"), code_changes.add_anchor, code_id,
                     data.text[sel[0]:sel[1]], source)

    def document_memo_dialog(self) -> None:
        if self.current_doc is not None:
            self._memo_dialog("document", self.current_doc, self.tr("Document memo"))

    # -- coders, preferences, variables -------------------------------------------------
    def ask_coder(self, then: Callable[[], None] | None = None) -> None:
        """Ask who is coding (first start of a project); remembered in the project; then ``then()``."""
        def chosen(_coder_id: CoderId) -> None:
            if then is not None:
                then()

        def show(names: list[str]) -> None:
            dlg = CoderDialog(names, settings.coder_name() or None, self)  # the name from first run/preferences

            def accept() -> None:
                if dlg.name():
                    self.ctl.set_current_coder(dlg.name(), on_done=chosen)
            dlg.accepted.connect(accept)
            dlg.open()
        self.ctl.read(lambda conn: [c.name for c in coders.list_coders(conn)], on_done=show)

    def coder_dialog(self) -> None:
        self.ask_coder()

    def show_only_coder(self, coder_id: CoderId | None) -> None:
        """Show all coders' codings (None) or one coder's (independent coding before comparing)."""
        self.only_mine.setChecked(coder_id is not None and coder_id == self.ctl.current_coder)
        self.ctl.set_visible_coders(None if coder_id is None else [coder_id])

    def on_coder_changed(self) -> None:
        def show(names):
            self.coder_names = names
            cur = names.get(self.ctl.current_coder, "–")
            self.coder_label.setText(self.tr("Coder: %1").replace("%1", cur))
        self.ctl.read(lambda conn: {c.id: c.name for c in coders.list_coders(conn)}, on_done=show)
        self.refresh_tree()
        self.refresh_document()
        self.refresh_documents()
        self.refresh_segments()

    def toggle_only_mine(self, on: bool) -> None:
        """Show only the current coder's codings (independent coding before comparing)."""
        self.ctl.set_visible_coders([self.ctl.current_coder] if on and self.ctl.current_coder else None)

    def preferences_dialog(self) -> None:
        dlg = PreferencesDialog(settings.language(), settings.snap_words(), self)

        def accept() -> None:  # the dialog stored the settings
            self.snap_action.setChecked(dlg.snap.isChecked())
        dlg.accepted.connect(accept)
        dlg.open()

    def variables_dialog(self) -> None:
        def show(data: dict) -> None:
            dlg = VariablesDialog(data, self)

            def accept() -> None:
                if dlg.changes:
                    self.ctl.act(self.tr("Edit variables"), _set_values, dict(dlg.changes))
            dlg.accepted.connect(accept)
            dlg.open()
            self.variables_dialog_open = dlg
        self.ctl.read(load_documents, None, on_done=show)


def _set_values(act: Action, changes: dict[tuple[DocumentId, str], str]) -> None:
    for (doc_id, name), text in changes.items():
        variables.set_value_by_name(act, doc_id, name, text)

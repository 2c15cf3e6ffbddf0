"""Edit mode of the document view: typing shows at once, and is saved per word or pause.

Keystrokes change Qt's document directly (one block is laid out again, not the transcript), and
the shown codings, turns, anchors and words move with them (``DocumentView.apply_live_edit``).
What changed since the last save is one *pending region*: the saved text's ``[base_start,
base_end)`` now reads ``current[cur_start:cur_end]``. It is saved as one text edit through the
core (codings, turns, anchors and word timings stay on their words; one undoable action):

* when a word is complete (a space, line break or punctuation typed),
* after a pause in typing (:data:`PAUSE_MS`),
* when the cursor jumps and typing continues elsewhere (a region is one place),
* before any other action, undo, job or close (the controller's ``aboutToChange``),
* when edit mode ends.

The save names the text it was made on; if another window or colleague changed the document
meanwhile, the core refuses it (nothing is mixed), the typed text goes to the clipboard and the
view shows the stored text again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor

from coding.services.text_edit import edit_text
from coding.text.remap import Edit, diff_edits

if TYPE_CHECKING:
    from .controller import ProjectController
    from .document_view import DocumentView

PAUSE_MS = 1200  # a pause in typing this long saves what was typed (like a word processor's undo step)
WORD_END = set(" \n\t.,;:!?)]}\u2026\u2013\u2014\"'\u201c\u201d\u201e")


@dataclass
class Pending:
    """The saved text's ``[base_start, base_end)`` now reads ``current[cur_start:cur_end]``."""

    base_start: int
    base_end: int
    cur_start: int
    cur_end: int


def merge(p: Pending | None, e: Edit) -> Pending | None:
    """The pending region after edit ``e`` (positions in the current text before ``e``), or
    None when ``e`` lies away from it (the region must be saved first)."""
    if p is None:
        return Pending(e.start, e.end, e.start, e.start + len(e.replacement))
    if e.end < p.cur_start or e.start > p.cur_end:
        return None
    ns, ne = min(p.cur_start, e.start), max(p.cur_end, e.end)
    base_start = p.base_start - (p.cur_start - ns)
    base_end = p.base_end + (ne - p.cur_end)
    return Pending(base_start, base_end, ns, ne + len(e.replacement) - (e.end - e.start))


class EditSession(QObject):
    """Turns typing in a :class:`DocumentView` into saved, undoable text edits."""

    saving = Signal()  # a save was sent to the database worker
    conflict = Signal(str)  # the save was refused: the message for the user

    def __init__(self, view: "DocumentView", controller: "ProjectController",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.ctl = controller
        self.active = False
        self.base = ""  # the text as last saved (or being saved)
        self.current = ""  # the text as shown
        self.pending: Pending | None = None
        self.in_flight = 0  # saves sent and not yet answered
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._word_done)
        self._save_when_done = False
        self.on_saved: Callable[[], None] | None = None

    # -- mode -------------------------------------------------------------------------------
    def start(self) -> None:
        """Make the shown document editable."""
        data = self.view.data
        if self.active or data is None:
            return
        self.active = True
        self.base = self.current = data.text
        self.pending = None
        edit = self.view.edit
        edit.setUndoRedoEnabled(False)  # Ctrl+Z is the project's undo (per coder, after a restart too)
        edit.setReadOnly(False)
        edit.document().contentsChange.connect(self._on_change)

    def stop(self) -> None:
        """Save what is pending and make the document read-only again."""
        if not self.active:
            return
        self.flush()
        self.active = False
        edit = self.view.edit
        edit.document().contentsChange.disconnect(self._on_change)
        edit.setReadOnly(True)

    def rebase(self) -> None:
        """The view shows a new stored text (undo, a speaker change, another window): type on it."""
        if self.active and self.view.data is not None and not self.busy:
            self.base = self.current = self.view.data.text

    @property
    def busy(self) -> bool:
        """True while typing is not yet stored: the view must not take the stored text over it."""
        return self.pending is not None or self.in_flight > 0

    # -- typing -----------------------------------------------------------------------------
    def _on_change(self, pos: int, removed: int, added: int) -> None:
        view = self.view
        if view.applying or view.data is None:
            return
        pmap, old = view.pmap, self.current
        a, b = pmap.to_cp(pos), pmap.to_cp(pos + removed)
        cur = QTextCursor(view.edit.document())
        cur.setPosition(pos)
        cur.setPosition(pos + added, QTextCursor.MoveMode.KeepAnchor)
        piece = cur.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")
        shown_len = view.edit.document().characterCount() - 1
        if pmap.to_qt(b) - pmap.to_qt(a) == removed and pmap.qt_length() - removed + added == shown_len:
            edits = [Edit(a, b, piece)]
        else:  # Qt reported a change that does not add up: diff the shown text against ours
            edits = diff_edits(old, view.edit.toPlainText())
        for e in sorted(edits, key=lambda e: e.start, reverse=True):  # later ones first: positions stay valid
            region = merge(self.pending, e)
            if region is None:
                self.flush()  # typing moved elsewhere: the finished region goes first
                region = merge(None, e)
            self.pending = region
            self.current = self.current[:e.start] + e.replacement + self.current[e.end:]
            view.apply_live_edit(e, self.current)
        if piece and piece[-1] in WORD_END:
            self._word_done()
        else:
            self._timer.start()

    # -- saving -----------------------------------------------------------------------------
    def _word_done(self) -> None:
        """A word was completed: save it, or, while the last save is still on its way (a long
        transcript takes a few hundred ms), let it grow and save it when that one is done, so
        that fast typing never queues up saves."""
        if self.in_flight:
            self._save_when_done = True
        else:
            self.flush()

    def flush(self) -> None:
        """Save the pending region as one undoable action (nothing if nothing is pending)."""
        self._timer.stop()
        self._save_when_done = False
        p, data = self.pending, self.view.data
        if p is None or data is None:
            return
        self.pending = None
        edit = Edit(p.base_start, p.base_end, self.current[p.cur_start:p.cur_end])
        base, self.base = self.base, self.current
        self.in_flight += 1
        self.saving.emit()
        doc = data.id

        def save(act) -> object:
            return edit_text(act, doc, edits=[edit], base=base)

        def refused(message: str) -> None:
            self._refused(message, edit)
        self.ctl.act(self.tr("Typing"), save, on_done=self._saved, on_error=refused)

    def _saved(self, _report) -> None:
        self.in_flight -= 1
        if self._save_when_done and not self.in_flight:
            self.flush()
        if self.on_saved is not None:
            self.on_saved()

    def _refused(self, message: str, edit: Edit) -> None:
        self.in_flight -= 1
        self.pending = None
        if edit.replacement:  # keep what was typed: the user pastes it back where it belongs
            QGuiApplication.clipboard().setText(edit.replacement)
            message += "\n" + self.tr("What you typed is on the clipboard.")
        self.conflict.emit(message)

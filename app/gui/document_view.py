"""The document view: transcript text with code highlights, times beside it and coding stripes."""
from __future__ import annotations

import dataclasses
import json
import time

import numpy as np
from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QTextEdit, QWidget

from coding.analysis.views import DocData
from coding.base.ids import SegmentId
from coding.text.live_ranges import WordTrack, move_anchors, move_ranges
from coding.text.remap import Edit, diff_edits
from .fonts import with_emoji
from .highlight import CodingHighlighter
from .margins import StripeMargin, TimeGutter
from .positions import PositionMap

RANGE_MIME = "application/x-andock-range"


class CodingTextEdit(QPlainTextEdit):
    """Read-only text whose selections can be dragged onto a code."""

    def __init__(self, view: "DocumentView") -> None:
        super().__init__(view)
        self.view = view
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = with_emoji(self.font())  # emoji in chat transcripts: drawn, not empty boxes
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Ctrl+click (Cmd+click on macOS) plays the recording from the clicked word
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.button() == Qt.MouseButton.LeftButton:
            qt_pos = self.cursorForPosition(event.position().toPoint()).position()
            self.view.playRequested.emit(self.view.pmap.to_cp(qt_pos))
            event.accept()
            return
        super().mousePressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        # pasting inserts plain text only: a transcript has no fonts or tables
        if source.hasText():
            self.textCursor().insertText(source.text().replace("\r\n", "\n").replace("\r", "\n"))

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        # Qt's own text mime data reports a fixed list of formats, so build a plain one
        mime = QMimeData()
        mime.setText(self.textCursor().selectedText().replace("\u2029", "\n"))
        sel = self.view.selection()
        if sel and self.view.data is not None:
            mime.setData(RANGE_MIME, json.dumps({"document": self.view.data.id, "start": sel[0],
                                                 "end": sel[1]}).encode())
        return mime


class DocumentView(QWidget):
    """Shows one document; positions in its API are the core's code points."""

    segmentMenuRequested = Signal(int, QPoint)
    textMenuRequested = Signal(QPoint)
    playRequested = Signal(int)  # a code-point position: play the recording from the word there

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DocData | None = None
        self.pmap = PositionMap("")
        self.applying = False  # the view itself changes Qt's text: not the user's typing
        self.words = WordTrack([])
        self.heard: int | None = None  # index of the word being heard (play-along)
        self.follow = True  # scroll so that the word being heard stays in view
        self.show_uncertain = True
        self.uncertain_below = 0.5
        self.typed_at = 0.0  # monotonic time of the last keystroke (following pauses while typing)
        self.editing = False  # set by the edit session: stored text must not replace typing

        self.edit = CodingTextEdit(self)
        self.gutter = TimeGutter(self)
        self.margin = StripeMargin(self)
        self.highlighter = CodingHighlighter(self.edit.document())
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.gutter)
        lay.addWidget(self.margin)
        lay.addWidget(self.edit, 1)
        self.edit.updateRequest.connect(self._repaint_margins)
        self.margin.segmentClicked.connect(self._on_segment_clicked)
        self.margin.segmentMenuRequested.connect(self.segmentMenuRequested)
        self.edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.edit.customContextMenuRequested.connect(self._text_menu)
        self.clicked_pos = 0  # code point under the last right-click: the menu acts there
        self.gutter.setVisible(False)

    # -- content ------------------------------------------------------------------------
    def set_data(self, data: DocData | None) -> None:
        """Show a document (or nothing); keeps the scroll position when it is the same document.

        A changed text of the same document (undo, another window) is applied as the few edits
        it differs by, so Qt lays out only the paragraphs that changed, and the view stays where
        it was.
        """
        same_doc = data is not None and self.data is not None and data.id == self.data.id
        same_text = same_doc and data is not None and self.data is not None and data.text == self.data.text
        old = self.data
        self.data = data
        self.heard = None
        if data is None:
            self.edit.clear()
            self.highlighter.set_spans([], rehighlight=False)
            self.words = WordTrack([])
            self.edit.setExtraSelections([])
            return
        self.words = data.words
        if not same_text:
            old_text = old.text if same_doc and old is not None else None
            self.pmap = PositionMap(data.text)
            self.highlighter.set_spans(self._spans(), rehighlight=False)
            self.highlighter.set_marks(self._marks())
            if old_text is None or not self._patch_text(old_text, data.text):
                self.applying = True
                try:
                    self.edit.setPlainText(data.text)  # the highlighter formats blocks as they are laid out
                finally:
                    self.applying = False
        else:
            self._update_spans(old)
        self.edit.setExtraSelections([])
        present = sorted({s.code_id for s in data.segments}, key=lambda c: data.codes[c].order
                         if c in data.codes else 1 << 30)
        self.margin.set_columns(present)
        self.gutter.setVisible(bool(data.anchors))
        self._repaint_margins()

    def _spans(self) -> list[tuple[int, int, str]]:
        data = self.data
        if data is None:
            return []
        return [(self.pmap.to_qt(s.start), self.pmap.to_qt(s.end),
                 data.codes[s.code_id].colour if s.code_id in data.codes else "#999999")
                for s in data.segments]

    def _marks(self) -> list[tuple[int, int]]:
        """Qt ranges of the uncertain words (underlined), if they are shown."""
        if not self.show_uncertain:
            return []
        w = self.words
        return [(self.pmap.to_qt(int(w.starts[i])), self.pmap.to_qt(int(w.ends[i])))
                for i in w.uncertain(self.uncertain_below)]

    def refresh_marks(self) -> None:
        """Underline the uncertain words again (after the threshold or the switch changed)."""
        self._rehighlight(self.highlighter.set_marks(self._marks()))

    def _update_spans(self, old: DocData | None) -> None:
        """Re-highlight only the blocks whose codings changed (fast single coding)."""
        before = set(self.highlighter._spans)
        spans = self._spans()
        changed = before.symmetric_difference(spans)
        self.highlighter.set_spans(spans, rehighlight=False)
        self._rehighlight([(s, e) for s, e, _c in changed] + self.highlighter.set_marks(self._marks()))

    def _rehighlight(self, ranges) -> None:
        """Format again the blocks that hold the Qt ``ranges``."""
        doc = self.edit.document()
        done: set[int] = set()
        for s, e in ranges:
            block = doc.findBlock(s)
            while block.isValid() and block.position() <= e:
                if block.blockNumber() not in done:
                    done.add(block.blockNumber())
                    self.highlighter.rehighlightBlock(block)
                block = block.next()

    def _patch_text(self, old: str, new: str) -> bool:
        """Turn the shown ``old`` text into ``new`` by the edits between them; False when the
        texts differ too much for that to be quicker than showing ``new`` afresh."""
        edits = diff_edits(old, new)
        if len(edits) > 200 or sum(e.end - e.start + len(e.replacement) for e in edits) > len(new) // 3:
            return False
        before = PositionMap(old)
        self.applying = True
        try:
            cur = QTextCursor(self.edit.document())
            cur.beginEditBlock()
            for e in sorted(edits, key=lambda e: e.start, reverse=True):  # later first: positions stay valid
                cur.setPosition(before.to_qt(e.start))
                cur.setPosition(before.to_qt(e.end), QTextCursor.MoveMode.KeepAnchor)
                cur.insertText(e.replacement)
            cur.endEditBlock()
        finally:
            self.applying = False
        return True

    # -- live edits (edit mode) -------------------------------------------------------------
    def apply_live_edit(self, e: Edit, new_text: str) -> None:
        """Follow one keystroke (code points of the text before it): positions of codings,
        turns, anchors and words move as the core will move them when the typing is saved."""
        data = self.data
        if data is None:
            return
        self.typed_at = time.monotonic()
        self.pmap.apply(e.start, e.end, e.replacement)
        segs = data.segments
        if segs:
            starts, ends, keep = move_ranges(np.array([x.start for x in segs]), np.array([x.end for x in segs]), e)
            data.segments = [x if (x.start, x.end) == (int(a), int(b)) else dataclasses.replace(x, start=int(a), end=int(b))
                             for x, a, b, k in zip(segs, starts, ends, keep) if k]
        if data.turns:
            starts, ends, keep = move_ranges(np.array([t[0] for t in data.turns]), np.array([t[1] for t in data.turns]), e)
            data.turns = [(int(a), int(b), t[2]) for t, a, b, k in zip(data.turns, starts, ends, keep) if k]
        if data.anchors:
            pos, keep = move_anchors(np.array([a[0] for a in data.anchors]), e)
            data.anchors = [(int(p), a[1]) for a, p, k in zip(data.anchors, pos, keep) if k]
        self.words.apply(e)
        data.text = new_text
        spans = self._spans()
        self.highlighter.set_spans(spans, rehighlight=False)
        self.highlighter.set_marks(self._marks())
        # Qt formatted the changed paragraph before these positions moved: format it again
        end = e.start + len(e.replacement)  # code points: the piece's emoji take two Qt units each
        self._rehighlight([(self.pmap.to_qt(e.start), self.pmap.to_qt(end) + 1)])
        self.heard = None
        self._repaint_margins()

    # -- play-along -------------------------------------------------------------------------
    def show_heard(self, ms: int) -> None:
        """Highlight the word heard at ``ms`` and, with ``follow``, keep it in view."""
        i = self.words.at_ms(ms)
        if i == self.heard:
            return
        self.heard = i
        if i is None:
            self.edit.setExtraSelections([])
            return
        start, end = self.words.range(i)
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.edit.document())
        cur.setPosition(self.pmap.to_qt(start))
        cur.setPosition(self.pmap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd84d"))
        fmt.setForeground(QColor("#000000"))
        sel.format = fmt
        self.edit.setExtraSelections([sel])
        if self.follow and time.monotonic() - self.typed_at > 3.0:  # never pull the page away from typing
            self.scroll_to(start)

    def scroll_to(self, pos: int) -> None:
        """Scroll (without moving the text cursor) so that ``pos`` is in the upper third of the view."""
        qt = self.pmap.to_qt(pos)
        vis0, vis1 = self.visible_range()
        if vis0 <= qt < vis1 - 1:
            rect = self.edit.cursorRect(self._cursor_at(qt))
            if 0 <= rect.top() and rect.bottom() <= self.edit.viewport().height() - rect.height():
                return
        block = self.edit.document().findBlock(qt)
        line = block.layout().lineForTextPosition(qt - block.position())
        number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
        lines = max(1, self.edit.viewport().height() // max(1, self.edit.fontMetrics().lineSpacing()))
        self.edit.verticalScrollBar().setValue(max(0, number - lines // 3))

    def _cursor_at(self, qt: int) -> QTextCursor:
        cur = QTextCursor(self.edit.document())
        cur.setPosition(qt)
        return cur

    def ms_at(self, pos: int) -> int | None:
        """Where playback starts for position ``pos``: its word, else the nearest time anchor before it."""
        ms = self.words.ms_at(pos)
        if ms is not None or self.data is None:
            return ms
        before = [m for p, m in self.data.anchors if p <= pos]
        if before:
            return before[-1]
        return self.data.anchors[0][1] if self.data.anchors else None

    # -- positions ----------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The selected range in code points, or None."""
        cur = self.edit.textCursor()
        if not cur.hasSelection():
            return None
        return self.pmap.to_cp(cur.selectionStart()), self.pmap.to_cp(cur.selectionEnd())

    def cursor_position(self) -> int:
        """The cursor position in code points."""
        return self.pmap.to_cp(self.edit.textCursor().position())

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it into view."""
        cur = self.edit.textCursor()
        cur.setPosition(self.pmap.to_qt(end))
        cur.setPosition(self.pmap.to_qt(start), QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cur)
        self.edit.centerCursor()

    def visible_range(self) -> tuple[int, int]:
        """Qt positions of the first and last visible character."""
        edit = self.edit
        block = edit.firstVisibleBlock()
        start = block.position()
        top = edit.blockBoundingGeometry(block).translated(edit.contentOffset()).top()
        height = edit.viewport().height()
        end = start
        while block.isValid() and top <= height:
            end = block.position() + block.length()
            top += edit.blockBoundingRect(block).height()
            block = block.next()
        return start, end

    def segment_ids_at(self, pos: int) -> list[SegmentId]:
        """Segments covering code-point position ``pos``."""
        if self.data is None:
            return []
        return [s.id for s in self.data.segments if s.start <= pos < s.end]

    # -- events -------------------------------------------------------------------------
    def _text_menu(self, point: QPoint) -> None:
        self.clicked_pos = self.pmap.to_cp(self.edit.cursorForPosition(point).position())
        self.textMenuRequested.emit(self.edit.mapToGlobal(point))

    def _repaint_margins(self, *args) -> None:
        self.margin.update()
        self.gutter.update()

    def _on_segment_clicked(self, seg_id: SegmentId) -> None:
        seg = next((s for s in self.data.segments if s.id == seg_id), None) if self.data else None
        if seg:
            self.select(seg.start, seg.end)

"""The document view: transcript text with code highlights, times beside it and coding stripes."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QTextCursor, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QWidget

from coding.analysis.views import DocData
from coding.base.ids import SegmentId
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
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DocData | None = None
        self.pmap = PositionMap("")
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
        self.edit.customContextMenuRequested.connect(
            lambda p: self.textMenuRequested.emit(self.edit.mapToGlobal(p)))
        self.gutter.setVisible(False)

    # -- content ------------------------------------------------------------------------
    def set_data(self, data: DocData | None) -> None:
        """Show a document (or nothing); keeps the scroll position when it is the same text."""
        same_text = data is not None and self.data is not None and data.id == self.data.id \
            and data.text == self.data.text
        old = self.data
        self.data = data
        if data is None:
            self.edit.clear()
            self.highlighter.set_spans([], rehighlight=False)
            return
        if not same_text:
            self.pmap = PositionMap(data.text)
            self.highlighter.set_spans(self._spans(), rehighlight=False)
            self.edit.setPlainText(data.text)  # the highlighter formats blocks as they are laid out
        else:
            self._update_spans(old)
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

    def _update_spans(self, old: DocData | None) -> None:
        """Re-highlight only the blocks whose codings changed (fast single coding)."""
        before = set(self.highlighter._spans)
        spans = self._spans()
        changed = before.symmetric_difference(spans)
        self.highlighter.set_spans(spans, rehighlight=False)
        doc = self.edit.document()
        for s, e, _c in changed:
            block = doc.findBlock(s)
            while block.isValid() and block.position() <= e:
                self.highlighter.rehighlightBlock(block)
                block = block.next()

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
    def _repaint_margins(self, *args) -> None:
        self.margin.update()
        self.gutter.update()

    def _on_segment_clicked(self, seg_id: SegmentId) -> None:
        seg = next((s for s in self.data.segments if s.id == seg_id), None) if self.data else None
        if seg:
            self.select(seg.start, seg.end)

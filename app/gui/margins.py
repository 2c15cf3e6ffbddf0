"""Margins beside the text: times of the time anchors and MAXQDA-style coding stripes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from coding.analysis.views import SegView
from coding.base.ids import CodeId, SegmentId
from coding.text.citations import clock

STRIPE_COLUMN = 15  # pixels per lane of stripes
MAX_LANES = 8  # the margin never grows wider than this many lanes: the text keeps its room


@dataclass
class Stripe:
    segment_id: SegmentId
    code_id: CodeId
    rect: QRect  # in margin coordinates (same y as the text viewport)
    colour: str
    label: str
    tooltip: str


def stripe_lanes(text: str, segments: list[SegView], order: dict[CodeId, int]) -> dict[SegmentId, int]:
    """A lane (0 = next to the text) for each segment, as few lanes as the overlaps need.

    Segments share a lane when they share no paragraph: paragraphs do not change when the
    window is resized or scrolled, so a stripe stays in its place (lines would move with every
    width). First-fit in text order gives the least number of lanes for intervals; ties go to
    the code that comes first in the codebook.
    """
    if not segments:
        return {}
    breaks = np.flatnonzero(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 10)
    starts = np.array([s.start for s in segments])
    lasts = np.array([max(s.end - 1, s.start) for s in segments])
    first_par = np.searchsorted(breaks, starts, side="left")  # newlines before the first character
    last_par = np.searchsorted(breaks, lasts, side="left")
    ranked = sorted(range(len(segments)), key=lambda i: (int(first_par[i]), order.get(segments[i].code_id, 1 << 30),
                                                          -int(last_par[i]), segments[i].id))
    lane_end: list[int] = []  # the last paragraph taken in each lane
    lanes: dict[SegmentId, int] = {}
    for i in ranked:
        lane = next((n for n, end in enumerate(lane_end) if end < first_par[i]), len(lane_end))
        if lane == len(lane_end):
            lane_end.append(int(last_par[i]))
        else:
            lane_end[lane] = int(last_par[i])
        lanes[segments[i].id] = lane
    return lanes


def line_rect(edit: QPlainTextEdit, qt_pos: int, target: QWidget | None = None) -> tuple[int, int]:
    """Top and bottom of the visual line holding ``qt_pos``, in ``target``'s y (default: viewport)."""
    top, bottom = _viewport_line(edit, qt_pos)
    if target is None:
        return top, bottom
    dy = target.mapFromGlobal(edit.viewport().mapToGlobal(QPoint(0, 0))).y()
    return top + dy, bottom + dy


def _viewport_line(edit: QPlainTextEdit, qt_pos: int) -> tuple[int, int]:
    doc = edit.document()
    block = doc.findBlock(qt_pos)
    geom = edit.blockBoundingGeometry(block).translated(edit.contentOffset())
    layout = block.layout()
    line = layout.lineForTextPosition(qt_pos - block.position())
    if not line.isValid():
        return int(geom.top()), int(geom.bottom())
    top = geom.top() + line.y()
    return int(top), int(top + line.height())


class TimeGutter(QWidget):
    """Shows the time of each time anchor beside its line (hh:mm:ss); a click plays from there."""

    WIDTH = 62
    timeClicked = Signal(int)  # ms

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.setFixedWidth(self.WIDTH)
        self._drawn: list[tuple[QRect, int]] = []  # where each shown time is, for clicks
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def paintEvent(self, event) -> None:  # noqa: N802
        view = self.view
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#f4f4f2"))
        if view.data is None or not view.data.anchors:
            return
        painter.setPen(QColor("#777777"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        vis0, vis1 = view.visible_range()
        last_y = -100
        self._drawn = []
        for pos, ms in view.data.anchors:
            qpos = view.pmap.to_qt(pos)
            if qpos < vis0 or qpos > vis1:
                continue
            top, bottom = line_rect(view.edit, min(max(qpos - 1, 0), view.pmap.qt_length()), self)
            if top - last_y < 10:
                continue
            last_y = top
            rect = QRect(2, top, self.WIDTH - 6, bottom - top)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock(ms))
            self._drawn.append((rect, ms))

    def time_at(self, pos: QPoint) -> int | None:
        """The time shown at ``pos`` (ms), or None."""
        return next((ms for rect, ms in self._drawn if rect.contains(pos)), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        ms = self.time_at(event.position().toPoint())
        if ms is not None and event.button() == Qt.MouseButton.LeftButton:
            self.timeClicked.emit(ms)


class StripeMargin(QWidget):
    """Coding stripes in lanes (as many as the deepest overlap needs, at most ``MAX_LANES``);
    a bracket spans exactly the coded lines and carries the code's colour and name."""

    segmentClicked = Signal(int)
    segmentMenuRequested = Signal(int, QPoint)

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.columns: list[CodeId] = []  # codes present in the document, in tree order
        self._lanes: dict[SegmentId, int] = {}
        self._laid_out: tuple[object, object, object] | None = None  # (segments, text, columns) of _lanes
        self.setMouseTracking(True)

    def set_columns(self, code_ids: list[CodeId]) -> None:
        """The codes present in the document (tree order decides who gets the inner lanes)."""
        self.columns = code_ids
        self.lanes()

    def lanes(self) -> dict[SegmentId, int]:
        """Each shown segment's lane, laid out again when the segments or the text changed (typing
        moves codings and may join paragraphs); the margin's width follows the lanes needed."""
        data = self.view.data
        if data is None:
            return {}
        key = (data.segments, data.text, self.columns)
        if self._laid_out is None or any(a is not b for a, b in zip(key, self._laid_out)):
            self._laid_out = key
            order = {cid: i for i, cid in enumerate(self.columns)}
            self._lanes = stripe_lanes(data.text, [s for s in data.segments if s.code_id in order], order)
            needed = min(max(self._lanes.values(), default=0) + 1, MAX_LANES)
            self.setFixedWidth(needed * STRIPE_COLUMN + 4)
        return self._lanes

    def stripes(self) -> list[Stripe]:
        """Stripes of the segments visible now (also used by tests to check geometry)."""
        view = self.view
        data = view.data
        if data is None:
            return []
        lanes = self.lanes()
        vis0, vis1 = view.visible_range()
        out = []
        for seg in data.segments:
            q0, q1 = view.pmap.to_qt(seg.start), view.pmap.to_qt(seg.end)
            if q1 <= vis0 or q0 > vis1 or seg.id not in lanes:
                continue
            top, _ = line_rect(view.edit, q0, self)
            _, bottom = line_rect(view.edit, max(q1 - 1, q0), self)
            # deeper overlaps than the margin holds share its outermost lane (the text shows them all)
            lane = min(lanes[seg.id], MAX_LANES - 1)
            code = data.codes.get(seg.code_id)
            x = self.width() - (lane + 1) * STRIPE_COLUMN
            coder = data.coders.get(seg.coder_id, "")
            tip = f"{code.path if code else '?'}\n{coder}" + (f"\n{seg.memo}" if seg.memo else "")
            out.append(Stripe(seg.id, seg.code_id, QRect(x, top, STRIPE_COLUMN - 2, bottom - top),
                              code.colour if code else "#999999", code.name if code else "?", tip))
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#fbfbfa"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 6.5))
        painter.setFont(font)
        for st in self.stripes():
            r = st.rect
            colour = QColor(st.colour)
            painter.setPen(QPen(colour, 2))
            x = r.right() - 2
            painter.drawLine(x, r.top() + 1, x, r.bottom() - 1)  # the bracket's spine
            painter.drawLine(x, r.top() + 1, x + 3, r.top() + 1)
            painter.drawLine(x, r.bottom() - 1, x + 3, r.bottom() - 1)
            if r.height() > 30:  # the code's name along the stripe
                painter.save()
                painter.translate(r.left() + 1, r.bottom() - 2)
                painter.rotate(-90)
                painter.setPen(colour.darker(140))
                metrics = painter.fontMetrics()
                painter.drawText(0, metrics.ascent(),
                                 metrics.elidedText(st.label, Qt.TextElideMode.ElideRight, r.height() - 4))
                painter.restore()

    def stripe_at(self, pos: QPoint) -> Stripe | None:
        """The stripe under a point (the shortest if several)."""
        hits = [s for s in self.stripes() if s.rect.adjusted(0, 0, 2, 0).contains(pos)]
        return min(hits, key=lambda s: s.rect.height()) if hits else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        st = self.stripe_at(event.position().toPoint())
        if st:
            QToolTip.showText(event.globalPosition().toPoint(), st.tooltip, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        st = self.stripe_at(event.position().toPoint())
        if st is None:
            return
        if event.button() == Qt.MouseButton.RightButton:
            self.segmentMenuRequested.emit(st.segment_id, event.globalPosition().toPoint())
        else:
            self.segmentClicked.emit(st.segment_id)

"""Code highlights in the text: each code's colour, overlaps blended so both stay visible."""
from __future__ import annotations

import bisect

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

ALPHA = 0.38  # how strongly a code's colour tints the paper


def blend(colours: list[str], paper: QColor | None = None) -> QColor:
    """The background of text coded with ``colours``: each tints the paper in turn."""
    r, g, b = (paper.red(), paper.green(), paper.blue()) if paper else (255, 255, 255)
    for hexcol in colours:
        c = QColor(hexcol)
        r = round(r * (1 - ALPHA) + c.red() * ALPHA)
        g = round(g * (1 - ALPHA) + c.green() * ALPHA)
        b = round(b * (1 - ALPHA) + c.blue() * ALPHA)
    return QColor(r, g, b)


class CodingHighlighter(QSyntaxHighlighter):
    """Paints coded ranges (given in Qt positions) per text block, only where Qt asks."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[tuple[int, int, str]] = []  # (qt start, qt end, colour) sorted by start
        self._starts: list[int] = []
        self._maxlen = 0
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}

    def set_spans(self, spans: list[tuple[int, int, str]], rehighlight: bool = True) -> None:
        """Replace the coded ranges; rehighlight the document (or let the caller do it)."""
        self._spans = sorted(spans)
        self._starts = [s for s, _e, _c in self._spans]
        self._maxlen = max((e - s for s, e, _c in self._spans), default=0)
        if rehighlight:
            self.rehighlight()

    def _format(self, colours: tuple[str, ...]) -> QTextCharFormat:
        fmt = self._formats.get(colours)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(blend(list(colours)))
            self._formats[colours] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        block = self.currentBlock()
        b0, b1 = block.position(), block.position() + len(text)
        lo = bisect.bisect_left(self._starts, b0 - self._maxlen)
        hi = bisect.bisect_left(self._starts, b1)
        hits = [(max(s, b0), min(e, b1), c) for s, e, c in self._spans[lo:hi] if e > b0 and s < b1]
        if not hits:
            return
        cuts = sorted({p for s, e, _c in hits for p in (s, e)})
        for a, b in zip(cuts, cuts[1:]):
            cols = tuple(c for s, e, c in hits if s <= a and e >= b)
            if cols:
                self.setFormat(a - b0, b - a, self._format(cols))

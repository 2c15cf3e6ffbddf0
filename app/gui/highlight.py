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
        self._marks: list[tuple[int, int]] = []  # uncertain words (Qt positions), sorted
        self._mark_starts: list[int] = []
        self.mark_colour = QColor("#d08000")

    def set_spans(self, spans: list[tuple[int, int, str]], rehighlight: bool = True) -> None:
        """Replace the coded ranges; rehighlight the document (or let the caller do it)."""
        self._spans = sorted(spans)
        self._starts = [s for s, _e, _c in self._spans]
        self._maxlen = max((e - s for s, e, _c in self._spans), default=0)
        if rehighlight:
            self.rehighlight()

    def set_marks(self, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Underline these ranges (uncertain words); return the ranges whose look changed."""
        old = self._marks
        self._marks = sorted(marks)
        self._mark_starts = [s for s, _e in self._marks]
        return sorted(set(old).symmetric_difference(self._marks))

    def _format(self, colours: tuple[str, ...]) -> QTextCharFormat:
        fmt = self._formats.get(colours)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(blend(list(colours)))
            self._formats[colours] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        block = self.currentBlock()
        # the block's length is in Qt's UTF-16 units like the spans; len(text) counts code
        # points and would end the block short by one unit per emoji in it
        b0, b1 = block.position(), block.position() + block.length() - 1
        lo = bisect.bisect_left(self._starts, b0 - self._maxlen)
        hi = bisect.bisect_left(self._starts, b1)
        hits = [(max(s, b0), min(e, b1), c) for s, e, c in self._spans[lo:hi] if e > b0 and s < b1]
        if hits:
            cuts = sorted({p for s, e, _c in hits for p in (s, e)})
            for a, b in zip(cuts, cuts[1:]):
                cols = tuple(c for s, e, c in hits if s <= a and e >= b)
                if cols:
                    self.setFormat(a - b0, b - a, self._format(cols))
        if self._marks:
            self._underline(b0, b1)

    def _underline(self, b0: int, b1: int) -> None:
        """A dotted underline under uncertain words, over whatever colour the coding gave them."""
        i = bisect.bisect_left(self._mark_starts, b0)
        if i and self._marks[i - 1][1] > b0:
            i -= 1
        while i < len(self._marks) and self._marks[i][0] < b1:
            s, e = max(self._marks[i][0], b0), min(self._marks[i][1], b1)
            for p in range(s, e):  # words are short; the coding colour may change inside one
                fmt = QTextCharFormat(self.format(p - b0))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(self.mark_colour)
                self.setFormat(p - b0, 1, fmt)
            i += 1

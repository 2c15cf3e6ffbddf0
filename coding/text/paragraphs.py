"""Paragraph numbers of text positions: MAXQDA's "Pos.", counted over non-empty lines."""
from __future__ import annotations

import bisect
import re


class Paragraphs:
    """Where each line starts and which lines hold text, for bisect lookups of many positions."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        ends = self.line_starts[1:]
        self.nonempty = [i for i, s in enumerate(self.line_starts)
                         if text[s:(ends[i] - 1 if i < len(ends) else len(text))].strip()]

    def number(self, pos: int) -> int:
        """1-based number of the non-empty line containing ``pos`` (1 before the first)."""
        line = bisect.bisect_right(self.line_starts, pos) - 1
        return bisect.bisect_right(self.nonempty, line) or 1


def paragraph_number(text: str, pos: int) -> int:
    """1-based number of the non-empty line containing ``pos`` (MAXQDA's "Pos.")."""
    return Paragraphs(text).number(pos)

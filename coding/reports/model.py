"""The neutral report structure that both renderers (DOCX, PDF) draw, so both show the same content.

Content is gathered once into these plain objects; the renderers only decide typography.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Align = Literal["left", "right", "center"]


@dataclass
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False  # grey, for citations and secondary information


@dataclass
class Heading:
    """A numbered (or unnumbered) heading of level 1-3; it appears in the contents."""

    level: int
    text: str
    number: str = ""

    @property
    def full(self) -> str:
        """The heading as printed: ``2.1 Text``."""
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass
class Paragraph:
    """Body text made of runs; ``style`` is ``body``, ``note`` (small, grey) or ``lead``."""

    runs: list[Run]
    style: Literal["body", "note", "lead"] = "body"

    @classmethod
    def of(cls, text: str, style: Literal["body", "note", "lead"] = "body") -> "Paragraph":
        """A paragraph of one plain run."""
        return cls([Run(text)], style)


@dataclass
class Field:
    """A labelled text of a codebook entry ("Definition: …"); empty fields are not printed."""

    label: str
    text: str


@dataclass
class Cell:
    """One table cell; ``fill`` is a ``#rrggbb`` background (heat-map shading)."""

    text: str
    fill: str | None = None
    bold: bool = False
    align: Align = "left"
    indent: int = 0  # hierarchy depth of a code name
    light_text: bool = False  # white text on a dark fill


@dataclass
class Table:
    """A table whose header row repeats on every page it runs over."""

    header: list[Cell]
    rows: list[list[Cell]]
    widths: list[float]  # relative column widths
    note: str = ""  # printed below the table


@dataclass
class Quote:
    """A quoted segment with its citation ``(K03, 00:12:34)`` and details (speaker, memo …)."""

    text: str
    citation: str
    details: list[Run] = field(default_factory=list)
    badge: str = ""  # "Ankerbeispiel", "Schlüsselzitat"


Block = Union[Heading, Paragraph, Field, Table, Quote]


@dataclass
class Report:
    """A whole report: title page facts, then the blocks in reading order."""

    title: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)  # label, value on the title page
    blocks: list[Block] = field(default_factory=list)
    lang: str = "de"
    title_page: bool = True
    contents: bool = True
    contents_title: str = "Contents"
    page_label: str = "Page {page} of {pages}"
    landscape: bool = False

    def add(self, *blocks: Block) -> None:
        """Append blocks in reading order."""
        self.blocks.extend(blocks)

    def headings(self) -> list[Heading]:
        """All headings (what the contents list)."""
        return [b for b in self.blocks if isinstance(b, Heading)]


def heat_fill(share: float | None) -> tuple[str | None, bool]:
    """Heat-map fill for a share 0..1 and whether the text on it must be white.

    A single-hue ramp from near-white to ColorBrewer's "RdBu" blue. Text turns white where the
    fill's relative luminance drops below 0.179, the point where white gives more contrast than
    black (WCAG 2 formula), so every cell keeps at least 4.5:1.
    """
    if share is None:
        return None, False
    s = max(0.0, min(1.0, share))
    lo, hi = (0xF7, 0xFB, 0xFF), (0x21, 0x66, 0xAC)
    rgb = [round(a + (b - a) * s) for a, b in zip(lo, hi)]
    lin = [(c / 255 / 12.92) if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#%02x%02x%02x" % tuple(rgb), luminance < 0.179

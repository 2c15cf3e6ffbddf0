"""One paragraph of an interview guide, as read from Word or Markdown."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuideParagraph:
    """One paragraph of a guide, with the layout facts that decide its role."""

    text: str
    heading: int | None = None  # 0 = title style, 1.. = heading level
    list_level: int | None = None  # 0 = top level of a numbered/bulleted list
    bullet: bool = False  # list item without numbers
    bold: bool = False  # whole paragraph bold: a section title typed without a style

"""Plain data that the document readers return: text plus speaker turns and time anchors.

All positions are Unicode code points into ``ParsedDocument.text`` (Python ``str`` indexing),
end exclusive — the REFI-QDA convention used everywhere in Andock.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from coding.base.errors import InputError
from coding.base.messages import _


@dataclass(frozen=True)
class Turn:
    """A speaker turn: ``[start, end)`` covers the whole paragraph including its ``"I: "`` label."""

    start: int
    end: int
    speaker: str  # label without colon, e.g. "I", "B", "B1"


@dataclass(frozen=True)
class TimeAnchor:
    """A link between a character offset in the text and a time in the audio (milliseconds)."""

    position: int
    ms: int


@dataclass
class ParsedDocument:
    """A document read from a file, ready to be stored: NFC text with LF line endings."""

    text: str
    kind: str  # "text" or "transcript"
    turns: list[Turn] = field(default_factory=list)
    anchors: list[TimeAnchor] = field(default_factory=list)  # sorted by position
    # Diagnostics about the source, not content: two documents with equal text, turns and
    # anchors are equal even if one was read from a messier file.
    warnings: list[str] = field(default_factory=list, compare=False)


# A 3-hour interview is about 200,000 characters; 25 times that is no interview but a whole
# corpus, and counting or searching it would take minutes and gigabytes.
MAX_TEXT_CHARS = 5_000_000


def check_text_size(length: int, source: str, unit: str = "characters") -> None:
    """Refuse a document longer than ``MAX_TEXT_CHARS`` (``length`` in characters or bytes)."""
    limit = MAX_TEXT_CHARS * (4 if unit == "bytes" else 1)  # UTF-8 needs at most 4 bytes a character
    if length > limit:
        raise InputError(_("{source}: {length:,} {unit}; a document may have at most {max_text_chars:,} "
                           "characters (a 3-hour interview has about 200,000); split the file into parts",
                           source=source, length=length, unit=unit, max_text_chars=MAX_TEXT_CHARS))

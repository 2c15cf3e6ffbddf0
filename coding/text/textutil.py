"""Small text helpers for coding gestures (Qt-free so the CLI and tests share them)."""
from __future__ import annotations

import re

_WORD = re.compile(r"\w", re.UNICODE)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim surrounding blanks (optional snapping)."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and _WORD.match(text[start - 1]) and start < len(text) and _WORD.match(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _WORD.match(text[end]) and _WORD.match(text[end - 1]):
        end += 1
    return start, end


def turn_body(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of a speaker turn after its ``Label:`` prefix (what "code this turn" codes).

    A label is up to 60 characters: imported labels have at most 30, renamed speakers up to 60.
    """
    m = re.match(r"[^\n:]{1,60}:[ \t]*", text[start:end])
    body_start = start + m.end() if m else start
    while end > body_start and text[end - 1].isspace():
        end -= 1
    return (body_start, end) if end > body_start else (start, end)


def in_vivo_name(text: str, limit: int = 60) -> str:
    """A code name from selected words: one line, at most ``limit`` characters, cut at a word."""
    name = " ".join(text.split()).strip(" .,;:!?„“\"'»«")
    if len(name) > limit:
        name = name[:limit].rsplit(" ", 1)[0] + "…"
    return name or "In-vivo"

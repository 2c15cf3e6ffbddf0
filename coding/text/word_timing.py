"""Words of a transcript with the time they are spoken: placing them in the text, looking them up.

Pure functions on plain data (no database): :func:`align_words` finds recognised words in the
stored transcript text; :func:`word_at_ms`, :func:`ms_at_position` and :func:`next_uncertain`
answer the editor's questions (which word is heard now, where does a click play from, where is
the next doubtful word). Positions are code points, end exclusive; times are milliseconds.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

# How far ahead of the previous word a recognised word is looked for in the text. The text holds
# the words in spoken order with at most a pause mark ("(3)") or a speaker label between them;
# a word not found this close was changed on the way (e.g. a '#' removed) and gets no timing,
# rather than being matched to the same word a paragraph later.
SEARCH_WINDOW = 200


@dataclass(frozen=True)
class TimedWord:
    """One word of the text with its audio time; ``probability`` None when it is not known."""

    start: int
    end: int
    start_ms: int
    end_ms: int
    probability: float | None = None


def _token(text: str) -> str:
    """A recognised word as the transcript layout writes it (see transcription.conventions)."""
    return unicodedata.normalize("NFC", text.replace("#", "").strip())


def _at_word_boundary(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer word on either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (after.isalnum() and text[end - 1].isalnum())


def align_words(text: str, words: Sequence[tuple[str, int, int, float | None]]) -> list[TimedWord]:
    """Place recognised ``(word, start_ms, end_ms, probability)`` in ``text``, in spoken order.

    Each word is looked for after the previous one, at a word boundary, within
    :data:`SEARCH_WINDOW` code points; one not found there is left out (it has no place in the
    text). The result is ordered and never overlaps.
    """
    out: list[TimedWord] = []
    cursor = 0
    for raw, start_ms, end_ms, prob in words:
        token = _token(raw)
        if not token:
            continue
        limit = min(len(text), cursor + SEARCH_WINDOW + len(token))
        at = text.find(token, cursor, limit)
        while at >= 0 and not _at_word_boundary(text, at, at + len(token)):
            at = text.find(token, at + 1, limit)
        if at < 0:
            continue
        start_ms = max(0, int(start_ms))
        out.append(TimedWord(at, at + len(token), start_ms, max(start_ms, int(end_ms)), prob))
        cursor = at + len(token)
    return out


def word_at_ms(words: Sequence[TimedWord], ms: int) -> int | None:
    """Index of the word being heard at ``ms``: the last word that started by then.

    Between two words (a pause) the previous word stays highlighted, so the highlight does not
    flicker; before the first word there is none. ``words`` are in spoken order, which is also
    the order of their start times (Whisper's timings never go backwards within a recording).
    """
    i = bisect_right([w.start_ms for w in words], ms) - 1
    return i if i >= 0 else None


def ms_at_position(words: Sequence[TimedWord], anchors: Sequence[tuple[int, int]], pos: int) -> int | None:
    """Where playback starts for a click at ``pos``: the clicked word's start, else the time of
    the text around it.

    With word timings: the word holding ``pos`` (or, in the space between words, the next word),
    else the last timed word before it. Without: the nearest time anchor ``(position, ms)`` at or
    before ``pos`` (in f4 transcripts a paragraph's timestamp is at its end, which is when the
    next paragraph starts), else the first anchor. None when the text has no times at all.
    """
    if words:
        starts = [w.start for w in words]
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < words[i].end:
            return words[i].start_ms
        if i + 1 < len(words) and (i < 0 or _same_stretch(words[i], words[i + 1], pos)):
            return words[i + 1].start_ms
        return words[i].start_ms if i >= 0 else None
    ordered = sorted(anchors)
    i = bisect_right([p for p, _ms in ordered], pos) - 1
    if i >= 0:
        return ordered[i][1]
    return ordered[0][1] if ordered else None


def _same_stretch(before: TimedWord, after: TimedWord, pos: int) -> bool:
    """True when ``pos`` lies in the gap between two words (a click on a space plays the next)."""
    return before.end <= pos < after.start


def next_uncertain(words: Sequence[TimedWord], pos: int, threshold: float) -> TimedWord | None:
    """The first word starting after ``pos`` whose probability is below ``threshold`` (wraps
    around to the text start once), or None when no word is uncertain."""
    doubtful = [w for w in words if w.probability is not None and w.probability < threshold]
    for w in doubtful:
        if w.start > pos:
            return w
    return doubtful[0] if doubtful else None


def to_relative(words: Sequence[TimedWord]) -> list[tuple[int, int]]:
    """``(gap, length)`` per word as stored: gap from the previous word's end (or the text start)."""
    out: list[tuple[int, int]] = []
    prev_end = 0
    for w in words:
        if w.start < prev_end or w.end <= w.start:
            raise ValueError(f"word {w.start}..{w.end} overlaps the previous word or is empty")
        out.append((w.start - prev_end, w.end - w.start))
        prev_end = w.end
    return out


def from_relative(rows: Sequence[tuple[int, int, int, int, float | None]]) -> list[TimedWord]:
    """Words from stored ``(gap, length, start_ms, end_ms, probability)`` rows in spoken order."""
    out: list[TimedWord] = []
    pos = 0
    for gap, length, start_ms, end_ms, prob in rows:
        start = pos + gap
        pos = start + length
        out.append(TimedWord(start, pos, start_ms, end_ms, prob))
    return out

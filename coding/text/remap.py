"""Keeping codings, time anchors and speaker turns on the same words when a text is edited.

Positions are code points into ``str``, ranges end-exclusive. The rules:

- A boundary strictly inside a replaced region maps to the replacement's start ("before") or
  end ("after"); at an insertion point "after" moves past the inserted text, "before" stays in
  front. A boundary at the edge of a replaced region is outside it and just shifts.
- A range ``[s, e)`` maps ``s`` with "after" and ``e`` with "before": text inserted exactly at a
  boundary stays outside; an edit lying within ``[s, e)`` (edges included) is part of the range;
  an edit crossing a boundary cuts the range down to its surviving characters. A range of
  which no original character survives maps to ``None``.
- An anchor belongs to the character after it: it goes (``None``) when it lay strictly inside
  replaced text, otherwise it maps like a point with "after".
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

from coding.base.errors import InputError
from coding.base.messages import _

# Above this size a changed block is kept as one replacement instead of diffed by character,
# because SequenceMatcher gets quadratic on a small alphabet.
_CHAR_LIMIT = 1000
_MYERS_LIMIT = 300  # edit steps (tokens inserted or deleted) tried before falling back
_SLIDE_LIMIT = 200  # how far a pure insertion/deletion may be slid to a word or line start
# Tokens keep their trailing space, so common words still form long matching runs.
_SENTENCE_RE = re.compile(r"[^.!?…\n]+[.!?…]*\s*|[.!?…]+\s*|\n")
_WORD_RE = re.compile(r"\s+|\w+\s*|[^\w\s]\s*")
_SPLITTERS: tuple[Callable[[str], list[str]], ...] = (
    lambda t: t.splitlines(True),
    _SENTENCE_RE.findall,
    _WORD_RE.findall,
)


@dataclass(frozen=True)
class Edit:
    """Replace ``old[start:end]`` by ``replacement`` (``start == end``: pure insertion)."""

    start: int
    end: int
    replacement: str


@dataclass
class RangeChange:
    """What became of one range; ``shrunk``: it lost original characters, ``clipped``: an edit cut a boundary."""

    index: int
    old: tuple[int, int]
    new: tuple[int, int] | None
    shrunk: bool
    clipped: bool = False


def _normalise(old_len: int, edits: Sequence[Edit]) -> list[Edit]:
    """Return the edits sorted and checked, with no-op edits dropped; raise InputError if invalid."""
    for e in edits:
        if not (0 <= e.start <= e.end <= old_len):
            raise InputError(_("edit {start}..{end} lies outside the text (length {old_len})",
                               start=e.start, end=e.end, old_len=old_len))
    result = sorted((e for e in edits if e.start != e.end or e.replacement), key=lambda e: (e.start, e.end))
    prev: Edit | None = None
    for e in result:
        if prev is not None and (e.start < prev.end or (e.start == e.end == prev.start == prev.end)):
            # Two insertions at one spot would depend on the order they were given in.
            raise InputError(_("edit {start}..{end} overlaps edit {start2}..{end2}",
                               start=e.start, end=e.end, start2=prev.start, end2=prev.end))
        prev = e
    return result


def apply_edits(old: str, edits: Sequence[Edit]) -> str:
    """Return ``old`` with the non-overlapping ``edits`` (any order) applied."""
    parts: list[str] = []
    pos = 0
    for e in _normalise(len(old), edits):
        parts += (old[pos : e.start], e.replacement)
        pos = e.end
    parts.append(old[pos:])
    return "".join(parts)


class PositionMap:
    """Maps positions and ranges of the old text into the edited text in O(log n) each."""

    def __init__(self, old_len: int, edits: Sequence[Edit]) -> None:
        """Prepare the map for a text of ``old_len`` code points and its ``edits``."""
        es = _normalise(old_len, edits)
        self.old_len = old_len
        self._starts = [e.start for e in es]
        self._ends = [e.end for e in es]
        self._ins = [len(e.replacement) for e in es]
        self._delta = [0, *accumulate(len(e.replacement) - (e.end - e.start) for e in es)]
        self._deleted = [0, *accumulate(e.end - e.start for e in es)]
        self.new_len = old_len + self._delta[-1]

    def _locate(self, pos: int) -> tuple[int, int]:
        """Return (edits wholly left of ``pos``, the edit holding ``pos`` inside or as insertion point, else -1)."""
        if not 0 <= pos <= self.old_len:
            raise InputError(_("position {pos} lies outside the text (length {old_len})",
                               pos=pos, old_len=self.old_len))
        left = bisect_right(self._ends, pos)
        if left and self._starts[left - 1] == pos == self._ends[left - 1]:
            return left - 1, left - 1
        if left < len(self._starts) and self._starts[left] < pos:
            return left, left
        return left, -1

    def _inside_replaced(self, pos: int) -> bool:
        """True if ``pos`` lies strictly inside a replaced (not merely inserted-at) region."""
        _, held = self._locate(pos)
        return held >= 0 and self._starts[held] < self._ends[held]

    def point(self, pos: int, *, sticky: str = "after") -> int:
        """Map a boundary position; ``sticky`` decides which side of inserted/replacing text it lands on."""
        if sticky not in ("before", "after"):
            raise InputError(_("sticky must be 'before' or 'after', not {sticky!r}", sticky=sticky))
        left, held = self._locate(pos)
        if held < 0:
            return pos + self._delta[left]
        new_start = self._starts[held] + self._delta[held]
        return new_start + self._ins[held] if sticky == "after" else new_start

    def _survivors_before(self, pos: int) -> int:
        """Count the original characters before ``pos`` that no edit removed."""
        left = bisect_right(self._ends, pos)
        cut = pos - self._starts[left] if left < len(self._starts) and self._starts[left] < pos else 0
        return pos - self._deleted[left] - cut

    def survivors(self, start: int, end: int) -> int:
        """Count the original characters of ``[start, end)`` that survive the edits."""
        self._check_range(start, end)
        return self._survivors_before(end) - self._survivors_before(start)

    def _check_range(self, start: int, end: int) -> None:
        """Raise InputError unless ``[start, end)`` is a range of the old text."""
        if not 0 <= start <= end <= self.old_len:
            raise InputError(_("range {start}..{end} lies outside the text (length {old_len})",
                               start=start, end=end, old_len=self.old_len))

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a coded range ``[start, end)``; ``None`` when none of its characters survive."""
        if self.survivors(start, end) == 0:
            return None
        return self.point(start, sticky="after"), self.point(end, sticky="before")

    def anchor(self, pos: int) -> int | None:
        """Map a time anchor; ``None`` when it lay strictly inside replaced or deleted text."""
        # Dropping beats collapsing: several anchors with different times on one position
        # would make position->time lookup ambiguous; the neighbours still bracket the text.
        return None if self._inside_replaced(pos) else self.point(pos, sticky="after")

    def change(self, index: int, start: int, end: int) -> RangeChange:
        """Map one range and report whether it lost characters or had a boundary cut."""
        survivors = self.survivors(start, end)
        new = (self.point(start, sticky="after"), self.point(end, sticky="before")) if survivors else None
        clipped = self._inside_replaced(start) or self._inside_replaced(end)
        return RangeChange(index, (start, end), new, survivors < end - start, clipped)


def remap_ranges(old_len: int, edits: Sequence[Edit], ranges: Sequence[tuple[int, int]]) -> list[RangeChange]:
    """Map many ranges (codings, speaker turns) through ``edits``, one RangeChange each."""
    pmap = PositionMap(old_len, edits)
    return [pmap.change(i, s, e) for i, (s, e) in enumerate(ranges)]


# --- diffing, for callers that only have the old and the new text -------------------------


def _common_len(a: str, b: str, i: int, j: int, limit: int, forward: bool) -> int:
    """Length (at most ``limit``) of the common run of ``a`` and ``b`` from ``i``, ``j`` onward or backward."""
    def same(lo: int, hi: int) -> bool:
        if forward:
            return a[i + lo : i + hi] == b[j + lo : j + hi]
        return a[i - hi : i - lo] == b[j - hi : j - lo]

    done, step = 0, 64
    while done < limit:  # galloping slice compares run in C; a loop over characters would not
        m = min(step, limit - done)
        if not same(done, done + m):
            lo, hi = 0, m - 1  # the first difference lies in this block: bisect for it
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if same(done, done + mid) else (lo, mid - 1)
            return done + lo
        done, step = done + m, step * 2
    return limit


_Op = tuple[int, int, int, int]  # old start, old end, new start, new end


def _diff(old: str, new: str, a0: int, a1: int, b0: int, b1: int, level: int, out: list[_Op]) -> None:
    """Append the changed blocks between ``old[a0:a1]`` and ``new[b0:b1]``: lines, sentences, words, characters."""
    p = _common_len(old, new, a0, b0, min(a1 - a0, b1 - b0), forward=True)
    a0, b0 = a0 + p, b0 + p
    s = _common_len(old, new, a1, b1, min(a1 - a0, b1 - b0), forward=False)
    a1, b1 = a1 - s, b1 - s
    if a0 == a1 or b0 == b1 or (level == 3 and a1 - a0 + b1 - b0 > _CHAR_LIMIT):
        if a0 < a1 or b0 < b1:
            out.append((a0, a1, b0, b1))
        return
    if level == 3:
        sm = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
        out += [(a0 + i1, a0 + i2, b0 + j1, b0 + j2) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal"]
        return
    ta, tb = _SPLITTERS[level](old[a0:a1]), _SPLITTERS[level](new[b0:b1])
    oa, ob = [0, *accumulate(map(len, ta))], [0, *accumulate(map(len, tb))]
    for i1, i2, j1, j2 in _token_blocks(ta, tb):
        _diff(old, new, a0 + oa[i1], a0 + oa[i2], b0 + ob[j1], b0 + ob[j2], level + 1, out)


def _token_blocks(a: list[str], b: list[str]) -> list[_Op]:
    """Changed blocks between two token lists: a shortest edit script when it is short."""
    # Myers finds a few changes in O(n + d^2) whatever the vocabulary; SequenceMatcher
    # misaligns long runs of a small vocabulary. Many changes: SequenceMatcher, where
    # autojunk lets blank lines and words like "und" extend a match but not seed one.
    blocks = _myers(a, b, _MYERS_LIMIT)
    if blocks is None:
        sm = SequenceMatcher(None, a, b, autojunk=True)
        blocks = [(i1, i2, j1, j2) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal"]
    return blocks


def _myers(a: list[str], b: list[str], max_d: int) -> list[_Op] | None:
    """Changed blocks of a shortest edit script (Myers 1986), or None if it needs over ``max_d`` steps."""
    n, m = len(a), len(b)
    v, trace = {1: 0}, []
    for d in range(max_d + 1):
        trace.append(v.copy())
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m)
    return None


def _backtrack(trace: list[dict[int, int]], n: int, m: int) -> list[_Op]:
    """Walk Myers' trace back from the end, collecting single steps merged into blocks."""
    steps: list[_Op] = []
    x, y = n, m
    for d in range(len(trace) - 1, 0, -1):
        v, k = trace[d], x - y
        down = k == -d or (k != d and v[k - 1] < v[k + 1])  # an insertion led here
        px = v[k + 1] if down else v[k - 1]
        py = px - (k + 1 if down else k - 1)
        steps.append((px, px, py, py + 1) if down else (px, px + 1, py, py))
        x, y = px, py
    blocks: list[_Op] = []
    for i1, i2, j1, j2 in reversed(steps):
        if blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1] = (blocks[-1][0], i2, blocks[-1][2], j2)
        else:
            blocks.append((i1, i2, j1, j2))
    return blocks


def _score(text: str, x: int, y: int) -> int:
    """Rate where a slid chunk ``text[x:y]`` sits: at a line start, a word start, a word end."""
    line = x == 0 or text[x - 1] == "\n"
    word = (x == 0 or text[x - 1].isspace()) and not text[x].isspace()
    tail = y == len(text) or text[y].isspace() or text[y - 1].isspace()
    return 4 * line + 2 * word + tail


def _slide(text: str, x: int, y: int, lo: int, hi: int) -> int:
    """Best start for chunk ``text[x:y]`` moved within ``[lo, hi]`` where the result stays the same."""
    n, left, right = y - x, x, x
    while left > max(lo, x - _SLIDE_LIMIT) and text[left - 1] == text[left - 1 + n]:
        left -= 1
    while right + n < min(hi, y + _SLIDE_LIMIT) and text[right] == text[right + n]:
        right += 1
    return max(range(left, right + 1), key=lambda k: (_score(text, k, k + n), -k))


def diff_edits(old: str, new: str) -> list[Edit]:
    """Edits turning ``old`` into ``new``, found by diffing; fast when only a few spots changed."""
    ops: list[_Op] = []
    _diff(old, new, 0, len(old), 0, len(new), 0, ops)
    merged = [list(op) for op in ops]  # never touching: unchanged tokens lie between blocks
    edits = []
    for k, (a0, a1, b0, b1) in enumerate(merged):
        # Which copy of repeated text went is ambiguous; prefer whole words and lines, since
        # that is what people select, so "Ich gehe. Ich komme." minus a sentence keeps codings.
        if a0 == a1:
            lo = merged[k - 1][3] + 1 if k else 0
            hi = merged[k + 1][2] - 1 if k + 1 < len(merged) else len(new)
            x = _slide(new, b0, b1, lo, hi)
            a0 = a1 = x - (b0 - a0)
            b0, b1 = x, x + (b1 - b0)
        elif b0 == b1:
            lo = merged[k - 1][1] + 1 if k else 0
            hi = merged[k + 1][0] - 1 if k + 1 < len(merged) else len(old)
            x = _slide(old, a0, a1, lo, hi)
            b0 = b1 = b0 + (x - a0)
            a0, a1 = x, x + (a1 - a0)
        merged[k] = [a0, a1, b0, b1]
        edits.append(Edit(a0, a1, new[b0:b1]))
    return edits

"""Agreement level 4, ``units``: speaker turns (or paragraphs) each coder coded with each code."""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.analysis.agreement_counts import binary_alphas, binary_stats
from coding.analysis.agreement_model import SHIFT, CodeRef, CoderRef, DocRef, LevelResult, PairResult, SegmentData
from coding.analysis.agreement_select import lookup
from coding.base.ids import DocumentId
from coding.store.models import TABLES

turns_t = TABLES["speaker_turns"]
_NONEMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")


def unit_ranges(text: str, turns: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The units of a document: its speaker turns, and the non-empty lines that no turn covers.

    A document without turns is all paragraphs (non-empty lines, as MAXQDA's "Pos." counts them).
    Overlapping turns are cut where the previous one ends, so the units never overlap.
    """
    arr = np.array(sorted(turns), dtype=np.int64).reshape(-1, 2)
    return [tuple(r) for r in _unit_array(text, arr).tolist()]


def _unit_array(text: str, turns: np.ndarray) -> np.ndarray:
    """:func:`unit_ranges` on turns sorted by start, as an (n, 2) array (few Python steps per turn)."""
    before = np.maximum.accumulate(np.concatenate([[0], turns[:, 1]]))[:-1]  # where the earlier turns end
    starts = np.maximum(turns[:, 0], before)
    keep = turns[:, 1] > starts
    starts, ends = starts[keep], turns[keep, 1]
    lines: list[tuple[int, int]] = []
    for lo, hi in zip(np.concatenate([[0], ends]).tolist(), np.append(starts, len(text)).tolist()):
        if hi > lo and not text[lo:hi].isspace():  # text outside the turns (a title, a note): its lines
            lines.extend((m.start(), m.end()) for m in _NONEMPTY_LINE.finditer(text, lo, hi))
    out = np.concatenate([np.column_stack([starts, ends]), np.array(lines, dtype=np.int64).reshape(-1, 2)])
    return out[np.argsort(out[:, 0], kind="stable")]


def _units(conn: Connection, documents: tuple[DocRef, ...], texts: dict[DocumentId, str]) -> np.ndarray:
    """(document index, start, end) of every unit of the compared documents, in text order."""
    q = select(turns_t.c.document_id, turns_t.c.start_pos, turns_t.c.end_pos)
    turns = np.fromiter(chain.from_iterable(conn.execute(q).fetchall()), dtype=np.int64).reshape(-1, 3)
    index = lookup({d.id: i for i, d in enumerate(documents)}, int(turns[:, 0].max()) if len(turns) else 0)
    turns[:, 0] = index[turns[:, 0]]
    turns = turns[turns[:, 0] >= 0]
    turns = turns[np.lexsort((turns[:, 1], turns[:, 0]))]
    bounds = np.searchsorted(turns[:, 0], np.arange(len(documents) + 1))
    parts = []
    for i, d in enumerate(documents):
        ranges = _unit_array(texts[d.id], turns[bounds[i]:bounds[i + 1], 1:])
        parts.append(np.column_stack([np.full(len(ranges), i, dtype=np.int64), ranges]))
    return np.concatenate(parts)


def unit_level(conn: Connection, data: SegmentData, pairs: list[tuple[int, int]], coders: list[CoderRef],
               codes: tuple[CodeRef, ...], documents: tuple[DocRef, ...],
               texts: dict[DocumentId, str]) -> LevelResult:
    """The unit level: which turns/paragraphs each coder coded with each code, 2×2 per code and α."""
    units = _units(conn, documents, texts)
    unit_doc = units[:, 0]
    unit_starts = (unit_doc << SHIFT) | units[:, 1]
    unit_ends = (unit_doc << SHIFT) | units[:, 2]
    # each segment's units: from the first unit ending after its start to the last starting before its end
    first = np.searchsorted(unit_ends, (data.doc << SHIFT) | data.start, side="right")
    last = np.searchsorted(unit_starts, (data.doc << SHIFT) | data.end, side="left") - 1
    counts = np.maximum(last - first + 1, 0)
    seg = np.repeat(np.arange(len(first)), counts)
    unit = np.repeat(first, counts) + np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    coded = np.zeros((len(coders), data.n_codes, len(units)), dtype=bool)
    coded[data.coder[seg], data.code[seg], unit] = True
    anyone = np.any(coded, axis=1)  # (coders × units): the coder coded the unit with some compared code
    out = []
    for a, b in pairs:
        play = (anyone[a] | anyone[b]) & data.coded[a, unit_doc] & data.coded[b, unit_doc]
        ca, cb = coded[a][:, play], coded[b][:, play]
        cells = [(ca & cb).sum(1), (ca & ~cb).sum(1), (~ca & cb).sum(1), (~ca & ~cb).sum(1)]
        per = tuple(binary_stats(codes[c], *(int(x[c]) for x in cells)) for c in range(len(codes)))
        out.append(PairResult(coders[a], coders[b], int((data.coded[a] & data.coded[b]).sum()), per,
                              binary_stats(None, *(int(x.sum()) for x in cells))))
    play = anyone.any(axis=0)  # every compared document was coded by at least two coders
    present = data.coded[:, unit_doc[play]]  # (coders × units in play): the coder gives values there
    ones = (coded[:, :, play] & present[:, None, :]).sum(axis=0)  # (codes × units)
    per_code, overall = binary_alphas(ones, present.sum(axis=0), len(coders))
    return LevelResult("units", int(play.sum()), tuple(out), per_code, overall)

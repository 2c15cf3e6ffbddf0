"""Code co-occurrence (MAXQDA's Code Relations Browser): overlapping codings, or codings in one turn.

A sweep over intervals sorted by (document, start), done with numpy for all documents at once:
the partners of segment i are the segments after it that start before i ends, a contiguous run
found with one ``searchsorted``. Each pair is counted once, whatever coders made the two
segments (filter by coder to compare one coder's judgements). Each code counts its own segments.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId
from coding.analysis.crosstab import int_rows, shown_codes
from coding.analysis.groups import select_documents
from coding.store.models import TABLES

segments_t = TABLES["segments"]
turns_t = TABLES["speaker_turns"]
_PAIRS_PER_CHUNK = 4_000_000  # bounds memory: a chunk's pairs are expanded into int arrays
_FLAGS_PER_CHUNK = 32_000_000  # bounds the (documents x code pairs) flags of a chunk
_SHIFT = 32  # (document << 32) + position: one sortable key (positions are < 2**32)


@dataclass(frozen=True)
class CodePair:
    """One pair of codes that co-occur (i < j in the table's order)."""

    code_a: CodeId
    path_a: str
    code_b: CodeId
    path_b: str
    segment_pairs: int
    documents: int
    documents_with_both: int


@dataclass
class Cooccurrence:
    """Square, symmetric matrices over ``code_ids`` (depth-first code-tree order)."""

    same_turn: bool
    code_ids: list[CodeId]
    paths: list[str]
    names: list[str]
    depths: list[int]
    colours: list[str]
    # [i, j]: pairs of distinct segments, one of code i and one of code j, overlapping (or starting
    # in the same speaker turn); the diagonal counts pairs of two segments of the same code
    segment_pairs: np.ndarray
    # [i, j]: documents with at least one such pair (the document-level count of the same relation)
    documents: np.ndarray
    # [i, j]: documents in which both codes occur anywhere; diagonal: documents with code i
    documents_with_both: np.ndarray
    n_documents: int  # documents taking part (after filters)

    def pairs(self) -> Iterator[CodePair]:
        """Pairs of different codes with at least one co-occurrence, in table order."""
        ii, jj = np.nonzero(np.triu(self.segment_pairs, k=1))
        for i, j in zip(ii.tolist(), jj.tolist()):
            yield CodePair(self.code_ids[i], self.paths[i], self.code_ids[j], self.paths[j],
                           int(self.segment_pairs[i, j]), int(self.documents[i, j]),
                           int(self.documents_with_both[i, j]))


def cooccurrence(conn: Connection, *, same_turn: bool = False, coder_ids: list[CoderId] | None = None,
                 code_ids: list[CodeId] | None = None, document_ids: list[DocumentId] | None = None,
                 variables: dict[str, list[str]] | None = None) -> Cooccurrence:
    """Co-occurrence of every pair of shown codes in the selected documents."""
    codes = shown_codes(conn, code_ids)
    docs = select_documents(conn, document_ids, variables)
    n_codes = len(codes)
    doc, code, start, end = _segments(conn, {n.id: i for i, (n, _d) in enumerate(codes)},
                                      {d.id: i for i, d in enumerate(docs)}, coder_ids)
    presence = np.zeros((n_codes, len(docs)), dtype=np.int64)
    presence[code, doc] = 1
    both = presence @ presence.T
    if same_turn:
        turn = _turn_of(conn, docs, doc, start)
        keep = turn >= 0  # segments starting outside every turn have no partner
        doc, code, start, turn = doc[keep], code[keep], start[keep], turn[keep]
        order = np.argsort((turn << _SHIFT) + start, kind="stable")
        turn = turn[order]
        limit = np.searchsorted(turn, turn, side="right")  # partners: the rest of the turn
    else:
        key = (doc << _SHIFT) + start
        order = np.argsort(key, kind="stable")
        # partners of a segment: those after it (by start) that start before it ends
        limit = np.searchsorted(key[order], (doc[order] << _SHIFT) + end[order], side="left")
    seg_pairs, pair_docs = _count_pairs(doc[order], code[order], limit, n_codes)
    return Cooccurrence(same_turn, [n.id for n, _d in codes], [n.path for n, _d in codes],
                        [n.name for n, _d in codes], [d for _n, d in codes], [n.colour for n, _d in codes],
                        seg_pairs, pair_docs, both, len(docs))


def _segments(conn: Connection, code_index: dict[int, int], doc_index: dict[int, int],
              coder_ids: list[CoderId] | None) -> tuple[np.ndarray, ...]:
    """Columns (document index, code index, start, end) of the segments passing the filters."""
    q = select(segments_t.c.document_id, segments_t.c.code_id, segments_t.c.start_pos, segments_t.c.end_pos)
    if coder_ids is not None:
        q = q.where(segments_t.c.coder_id.in_(list(coder_ids)))
    arr = int_rows(conn, q, 4)
    if not arr.size:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
    doc_map = np.full(max(int(arr[:, 0].max()), max(doc_index, default=0)) + 1, -1, dtype=np.int64)
    doc_map[list(doc_index)] = list(doc_index.values())
    code_map = np.full(max(int(arr[:, 1].max()), max(code_index, default=0)) + 1, -1, dtype=np.int64)
    code_map[list(code_index)] = list(code_index.values())
    d, c = doc_map[arr[:, 0]], code_map[arr[:, 1]]
    ok = (d >= 0) & (c >= 0)
    return d[ok], c[ok], arr[ok, 2], arr[ok, 3]


def _turn_of(conn: Connection, docs: list, doc: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Global index of the speaker turn each segment starts in (turns sorted by document), -1 for none."""
    doc_index = {d.id: i for i, d in enumerate(docs)}
    turns = int_rows(conn, select(turns_t.c.document_id, turns_t.c.start_pos, turns_t.c.end_pos), 3)
    if turns.size:
        doc_map = np.full(int(turns[:, 0].max()) + 1, -1, dtype=np.int64)
        known = [d for d in doc_index if d < len(doc_map)]
        doc_map[known] = [doc_index[d] for d in known]
        turns[:, 0] = doc_map[turns[:, 0]]
        turns = turns[turns[:, 0] >= 0]
    if not turns.size or not doc.size:
        return np.full(doc.shape, -1, dtype=np.int64)
    keys = (turns[:, 0] << _SHIFT) + turns[:, 1]
    by_key = np.argsort(keys, kind="stable")
    turns, keys = turns[by_key], keys[by_key]
    idx = np.searchsorted(keys, (doc << _SHIFT) + start, side="right") - 1
    safe = np.clip(idx, 0, None)
    # an empty turn still holds the position where it starts
    inside = (idx >= 0) & (turns[safe, 0] == doc) & (start < np.maximum(turns[safe, 2], turns[safe, 1] + 1))
    return np.where(inside, idx, -1)


def _count_pairs(doc: np.ndarray, code: np.ndarray, limit: np.ndarray,
                 n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) with i < j < limit[i], counted per code pair: segment pairs and documents.

    Segments come sorted by document. Pairs are expanded chunk by chunk (bounded memory); the
    documents of a pair are flags in a (documents of the chunk x code pairs) array, and the last
    document's flags carry over, because a document may continue in the next chunk.
    """
    cells = n_codes * n_codes
    seg_pairs = np.zeros(cells, dtype=np.int64)
    doc_pairs = np.zeros(cells, dtype=np.int64)
    n = len(doc)
    partners = limit - np.arange(n) - 1
    cum = np.concatenate(([0], np.cumsum(partners)))
    max_docs = max(1, _FLAGS_PER_CHUNK // max(cells, 1))
    carry_doc, carry = -1, np.zeros(cells, dtype=bool)
    lo = 0
    while lo < n:
        hi = int(np.searchsorted(cum, cum[lo] + _PAIRS_PER_CHUNK, side="right")) - 1
        hi = min(max(lo + 1, hi), int(np.searchsorted(doc, doc[lo] + max_docs, side="left")), n)
        hi = max(lo + 1, hi)
        counts = partners[lo:hi]
        total = int(counts.sum())
        first_doc = int(doc[lo])
        flags = np.zeros((int(doc[hi - 1]) - first_doc + 1, cells), dtype=bool)
        if total:
            first = np.repeat(np.arange(lo, hi), counts)
            second = first + 1 + np.arange(total) - np.repeat(cum[lo:hi] - cum[lo], counts)
            a, b = code[first], code[second]
            pair = np.minimum(a, b) * n_codes + np.maximum(a, b)
            seg_pairs += np.bincount(pair, minlength=cells)
            flags[doc[first] - first_doc, pair] = True
        if carry_doc == first_doc:
            flags[0] |= carry
        elif carry_doc >= 0:
            doc_pairs += carry
        doc_pairs += flags[:-1].sum(axis=0)
        carry_doc, carry = int(doc[hi - 1]), flags[-1]
        lo = hi
    if carry_doc >= 0:
        doc_pairs += carry
    return _symmetric(seg_pairs, n_codes), _symmetric(doc_pairs, n_codes)


def _symmetric(upper: np.ndarray, n_codes: int) -> np.ndarray:
    m = upper.reshape(n_codes, n_codes)
    return m + np.triu(m, k=1).T

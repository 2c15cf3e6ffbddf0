"""Intercoder agreement of two or more coders in one project (issue 12): four levels, per code and
for all codes together, with the counts behind every figure and the list of disagreements.

The rules (docs/architecture.md, "Intercoder agreement"):

- **Documents compared.** Two coders are compared on the documents both coded something in (any
  code). A document only one of them coded is not compared but listed (``not_compared``): the
  other has most likely not coded it yet, and counting its codings as disagreements would be
  wrong. For α a coder who did not code a document is missing data there.
- **Codes compared.** The chosen codes (``code_ids``: each with its whole subtree — a main
  category, which is also what a section of the interview guide becomes) or all codes, of which
  those that at least one compared coder used in a compared document. A code only one coder used
  takes part (it is pure disagreement; leaving it out would flatter the figures). Every code counts
  its own codings; subcodes are compared as codes of their own, not added to their parent.
- **Uncoded text is never counted.** No level has a decision unit that no compared coder coded:
  documents count when both coders coded them; turns/paragraphs when either coder coded them with
  one of the compared codes; the segment level counts the coders' segments only.
- **Levels** (``LEVELS``), the decision of each coder per unit, and k of Brennan & Prediger:
  1. ``documents``: per compared document and code, present or not (k = 2).
  2. ``frequency``: per compared document and code, how often the coder assigned the code.
     MAXQDA's rule: the coders agree when they assigned it equally often (0 = 0 included). Cohen's
     κ and α treat the frequencies as categories; k = the highest frequency in the table + 1 (the
     categories 0 … max).
  3. ``segments``: a segment of coder A agrees when coder B coded the same code on a segment that
     overlaps it by at least T % (default 90) of the two segments' union: |A ∩ B| / |A ∪ B|
     (symmetric; touching is no overlap). Counted from both coders' sides, as MAXQDA does: both =
     agreeing segments of A + agreeing segments of B, only_a / only_b = the others. There is no
     "neither coded" cell (that would be uncoded text), so Cohen's κ and α are not computed here;
     κn uses k = the number of compared codes (MAXQDA: chance = 1 / number of codes).
  4. ``units``: units = speaker turns, plus the non-empty lines (paragraphs) no turn covers — all
     of a document without turns. A coder coded unit u with c when any of their segments of c
     overlaps u. Units count where either coder coded any compared code (k = 2).
- **Statistics** per code and for all codes pooled (the sum of the per-code tables; α on all
  (unit, code) decisions): percent agreement, Cohen's κ from the table's marginals, Brennan &
  Prediger's κn = (p_o − 1/k) / (1 − 1/k), Krippendorff's nominal α over all coders (missing data
  allowed; binary at levels 1 and 4). Two coders at a time for the tables and kappas (every pair
  when more coders are compared), all coders at once for α.
- **Disagreements** are the segment level's: per pair, code and document, the segments of both
  coders that overlap each other (a chain), where at least one of them found no agreeing segment.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, combinations

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.analysis.agreement_stats import (
    AgreementDataError, Alpha, Kappa, brennan_prediger_kappa, cohen_kappa, nominal_alpha_from_counts,
)
from coding.analysis.groups import select_documents
from coding.base.errors import InputError, NotFoundError
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.base.messages import _
from coding.services.codes import CodeNode, load_tree, walk
from coding.store.models import TABLES

LEVELS = ("documents", "frequency", "segments", "units")
DEFAULT_OVERLAP = 90.0

segments_t = TABLES["segments"]
coders_t = TABLES["coders"]
documents_t = TABLES["documents"]
turns_t = TABLES["speaker_turns"]
_NONEMPTY_LINE = re.compile(r"[^\n]*\S[^\n]*")
_SHIFT = 32  # positions (< 2**31) in the low bits, a document/code key above them


@dataclass(frozen=True)
class CoderRef:
    id: CoderId
    name: str


@dataclass(frozen=True)
class CodeRef:
    id: CodeId
    path: str
    name: str
    depth: int  # 0 = main category


@dataclass(frozen=True)
class DocRef:
    id: DocumentId
    name: str
    label: str


@dataclass(frozen=True)
class Stats:
    """The coefficients of one code (``code``; None = all compared codes pooled) for one pair of
    coders at one level, with the counts they come from.

    ``both``/``only_a``/``only_b``/``neither``: at levels 1 and 4 the cells of the 2×2 table (both
    coded, only A, only B, neither); at the frequency level documents with the same non-zero
    frequency, where A / B assigned the code more often, and where neither did; at the segment
    level agreeing segments (of both coders), A's and B's segments without agreement, and 0.
    ``table`` is the square table the kappas come from (rows: A, columns: B, categories in the
    order of ``values``: (1, 0) for coded / not coded, (0, 1, … max) for frequencies).
    """

    code: CodeRef | None
    both: int
    only_a: int
    only_b: int
    neither: int
    table: tuple[tuple[int, ...], ...]
    values: tuple[int, ...]
    agreements: int
    n: int
    categories: int  # k of Brennan & Prediger
    percent: float | None  # agreements / n; None when n = 0
    coded_agreement: float | None  # both / (both + only_a + only_b): agreement where anyone coded
    cohen: Kappa | None  # None: not computed at this level (segments) or nothing to count
    brennan_prediger: Kappa | None


@dataclass(frozen=True)
class PairResult:
    """One pair of coders at one level: a row per compared code and the pooled row."""

    coder_a: CoderRef
    coder_b: CoderRef
    documents: int  # documents both coded
    per_code: tuple[Stats, ...]  # in the order of AgreementResult.codes
    overall: Stats


@dataclass(frozen=True)
class LevelResult:
    """One level: every pair's tables and kappas, and α over all coders (None at the segment level)."""

    level: str
    units: int  # decision units over all coders: documents (levels 1, 2), segments, turns/paragraphs
    pairs: tuple[PairResult, ...]
    alpha_per_code: tuple[Alpha | None, ...]  # in the order of AgreementResult.codes
    alpha_overall: Alpha | None


@dataclass(frozen=True)
class SegmentInfo:
    """A coded segment as the review shows it: positions in code points, end exclusive."""

    id: SegmentId
    coder_id: CoderId
    code_id: CodeId
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Disagreement:
    """Segments of one code that two coders placed differently in one document.

    ``kind``: ``only_a`` / ``only_b`` (the other coder has no segment of the code there) or
    ``boundaries`` (both coded the code there, but some segment has no partner overlapping it by
    the threshold). ``overlap`` is the best |A ∩ B| / |A ∪ B| between an A and a B segment (0
    without one); ``other_codes`` are the two coders' segments of other compared codes that
    overlap the passage (what was coded there instead).
    """

    code: CodeRef
    document: DocRef
    coder_a: CoderRef
    coder_b: CoderRef
    kind: str
    start: int
    end: int
    overlap: float
    segments_a: tuple[SegmentInfo, ...]
    segments_b: tuple[SegmentInfo, ...]
    other_codes: tuple[SegmentInfo, ...]


@dataclass(frozen=True)
class NotCompared:
    """A chosen document that fewer than two of the coders coded, and who did."""

    document: DocRef
    coded_by: tuple[CoderRef, ...]


@dataclass(frozen=True)
class AgreementResult:
    coders: tuple[CoderRef, ...]
    codes: tuple[CodeRef, ...]  # compared codes, in code-tree order
    documents: tuple[DocRef, ...]  # documents at least two of the coders coded, in display order
    not_compared: tuple[NotCompared, ...]
    unused_codes: tuple[CodeRef, ...]  # chosen codes no compared coder used in a compared document
    overlap: float  # T in percent
    levels: tuple[LevelResult, ...]  # in the order of LEVELS
    disagreements: tuple[Disagreement, ...]  # of the segment level (empty when it was not asked for)

    def level(self, name: str) -> LevelResult:
        """The result of one level (KeyError when it was not computed)."""
        for lev in self.levels:
            if lev.level == name:
                return lev
        raise KeyError(name)


@dataclass
class _Data:
    """The compared segments as arrays, sorted by (document, code, start, end)."""

    seg_id: np.ndarray
    doc: np.ndarray  # index into the compared documents
    code: np.ndarray  # index into the compared codes
    coder: np.ndarray  # index into the coders
    start: np.ndarray
    end: np.ndarray
    coded: np.ndarray  # bool (coders × compared documents): the coder coded something there
    n_codes: int

    @property
    def n_docs(self) -> int:
        return int(self.coded.shape[1])


def compare_coders(conn: Connection, coder_ids: Sequence[CoderId], *, code_ids: Sequence[CodeId] | None = None,
                   document_ids: Sequence[DocumentId] | None = None, levels: Iterable[str] = LEVELS,
                   overlap: float = DEFAULT_OVERLAP) -> AgreementResult:
    """Agreement of ``coder_ids`` (two or more) on the chosen codes and documents, at ``levels``.

    InputError (nothing changed, nothing computed) for fewer than two coders, an unknown level, a
    threshold outside (0, 100], no document that two of the coders coded, or no compared code.
    """
    wanted = _check_levels(levels)
    if not 0 < overlap <= 100:
        raise InputError(_("the overlap threshold must be more than 0 and at most 100 %, not {overlap}",
                           overlap=overlap))
    coders = _coders(conn, coder_ids)
    data, codes, documents, not_compared, unused = _selection(conn, coders, code_ids, document_ids)
    pairs = list(combinations(range(len(coders)), 2))
    results: list[LevelResult] = []
    disagreements: tuple[Disagreement, ...] = ()
    texts = _texts(conn, [d.id for d in documents]) if {"segments", "units"} & set(wanted) else {}
    for level in wanted:
        if level in ("documents", "frequency"):
            results.append(_document_level(level, data, pairs, coders, codes))
        elif level == "segments":
            lev, disagreements = _segment_level(data, pairs, coders, codes, documents, texts, overlap)
            results.append(lev)
        else:
            results.append(_unit_level(conn, data, pairs, coders, codes, documents, texts))
    return AgreementResult(tuple(coders), codes, documents, not_compared, unused, float(overlap), tuple(results),
                           disagreements)


def _selection(conn: Connection, coders: list[CoderRef], code_ids: Sequence[CodeId] | None,
               document_ids: Sequence[DocumentId] | None,
               ) -> tuple[_Data, tuple[CodeRef, ...], tuple[DocRef, ...], tuple[NotCompared, ...], tuple[CodeRef, ...]]:
    """The compared segments, codes and documents; the documents and codes left out."""
    chosen_codes, depth = _chosen_codes(conn, code_ids)
    docs = _chosen_documents(conn, document_ids)
    raw = _read_segments(conn, [c.id for c in coders], {d.id: i for i, d in enumerate(docs)})
    coded_all = np.zeros((len(coders), len(docs)), dtype=bool)
    coded_all[raw[:, 3], raw[:, 1]] = True
    compared = coded_all.sum(axis=0) >= 2
    if not compared.any():
        if len(coders) == 2:
            raise InputError(_("no document was coded by both {a} and {b}: nothing to compare",
                               a=coders[0].name, b=coders[1].name))
        raise InputError(_("no document was coded by at least two of the coders ({names}): nothing to compare",
                           names=", ".join(c.name for c in coders)))
    doc_refs = [DocRef(d.id, d.name, d.label) for d in docs]
    not_compared = tuple(NotCompared(doc_refs[i], tuple(coders[r] for r in range(len(coders)) if coded_all[r, i]))
                         for i in np.flatnonzero(~compared))
    raw = raw[compared[raw[:, 1]]]
    code_lookup = _lookup({n.id: i for i, n in enumerate(chosen_codes)}, int(raw[:, 2].max()) if len(raw) else 0)
    code_pos = code_lookup[raw[:, 2]]
    raw, code_pos = raw[code_pos >= 0], code_pos[code_pos >= 0]
    used = np.zeros(len(chosen_codes), dtype=bool)
    used[code_pos] = True
    if not used.any():
        raise InputError(_("none of the chosen codes was used by these coders in the compared documents"))
    code_refs = [CodeRef(n.id, n.path, n.name, depth[n.id]) for n in chosen_codes]
    doc_map = np.cumsum(compared) - 1  # chosen document index -> compared document index
    data = _sorted_data(raw, doc_map[raw[:, 1]], (np.cumsum(used) - 1)[code_pos], coded_all[:, compared],
                        int(used.sum()))
    return (data, tuple(r for r, u in zip(code_refs, used) if u), tuple(r for r, c in zip(doc_refs, compared) if c),
            not_compared, tuple(r for r, u in zip(code_refs, used) if not u))


# --- choosing what is compared ---------------------------------------------------------------

def _check_levels(levels: Iterable[str]) -> list[str]:
    wanted = set(levels)
    unknown = sorted(wanted - set(LEVELS))
    if unknown:
        raise InputError(_("unknown agreement level '{level}' (use {choices})", level=unknown[0],
                           choices=", ".join(LEVELS)))
    if not wanted:
        raise InputError(_("choose at least one agreement level ({choices})", choices=", ".join(LEVELS)))
    return [lev for lev in LEVELS if lev in wanted]


def _coders(conn: Connection, coder_ids: Sequence[CoderId]) -> list[CoderRef]:
    """The coders in the order given; two or more, each once."""
    names = dict(conn.execute(select(coders_t.c.id, coders_t.c.name)).all())
    if len(coder_ids) != len(set(coder_ids)):
        raise InputError(_("each coder can be compared only once"))
    if len(coder_ids) < 2:
        raise InputError(_("agreement needs at least two coders"))
    missing = [c for c in coder_ids if c not in names]
    if missing:
        raise NotFoundError(_("no coder with id {coder_id}", coder_id=missing[0]))
    return [CoderRef(c, names[c]) for c in coder_ids]


def _chosen_codes(conn: Connection, code_ids: Sequence[CodeId] | None,
                  ) -> tuple[list[CodeNode], dict[int | None, int]]:
    """All codes, or the subtrees of ``code_ids``, in code-tree order; and every code's depth."""
    nodes = list(walk(load_tree(conn, counts=False)))
    depth: dict[int | None, int] = {None: -1}
    for n in nodes:  # parents before their children
        depth[n.id] = depth[n.parent_id] + 1
    if code_ids is None:
        return nodes, depth
    by_id = {n.id: n for n in nodes}
    wanted: set[int] = set()
    for cid in code_ids:
        if cid not in by_id:
            raise NotFoundError(_("no code with id {cid}", cid=cid))
        wanted.update(n.id for n in walk([by_id[cid]]))
    if not wanted:
        raise InputError(_("no codes chosen"))
    return [n for n in nodes if n.id in wanted], depth


def _chosen_documents(conn: Connection, document_ids: Sequence[DocumentId] | None):
    docs = select_documents(conn, None if document_ids is None else list(document_ids))
    if document_ids is not None:
        found = {d.id for d in docs}
        missing = [d for d in document_ids if d not in found]
        if missing:
            raise NotFoundError(_("no document with id {document_id}", document_id=missing[0]))
        if not docs:
            raise InputError(_("no documents chosen"))
    if not docs:
        raise InputError(_("the project has no documents"))
    return docs


def _read_segments(conn: Connection, coder_ids: list[CoderId], doc_index: dict[DocumentId, int]) -> np.ndarray:
    """(id, document index, code id, coder index, start, end) of the coders' segments in the chosen documents."""
    q = select(segments_t.c.id, segments_t.c.document_id, segments_t.c.code_id, segments_t.c.coder_id,
               segments_t.c.start_pos, segments_t.c.end_pos).where(segments_t.c.coder_id.in_(coder_ids))
    # fetched at once, then flattened: np.array() on SQLAlchemy rows probes each for the array protocol
    rows = np.fromiter(chain.from_iterable(conn.execute(q).fetchall()), dtype=np.int64).reshape(-1, 6)
    doc_lookup = _lookup(doc_index, int(rows[:, 1].max()) if len(rows) else 0)
    coder_lookup = _lookup({c: i for i, c in enumerate(coder_ids)}, int(rows[:, 3].max()) if len(rows) else 0)
    rows[:, 1] = doc_lookup[rows[:, 1]]
    rows[:, 3] = coder_lookup[rows[:, 3]]
    return rows[rows[:, 1] >= 0]


def _lookup(index: dict, max_id: int) -> np.ndarray:
    table = np.full(max(max_id, max(index, default=0)) + 1, -1, dtype=np.int64)
    for key, pos in index.items():
        table[key] = pos
    return table


def _sorted_data(raw: np.ndarray, doc: np.ndarray, code: np.ndarray, coded: np.ndarray, n_codes: int) -> _Data:
    order = np.lexsort((raw[:, 5], raw[:, 4], code, doc))
    return _Data(raw[order, 0], doc[order], code[order], raw[order, 3], raw[order, 4], raw[order, 5],
                 coded, n_codes)


def _texts(conn: Connection, doc_ids: list[DocumentId]) -> dict[DocumentId, str]:
    out: dict[DocumentId, str] = {}
    for i in range(0, len(doc_ids), 500):  # bounded IN lists (SQLite's parameter limit)
        out.update(conn.execute(select(documents_t.c.id, documents_t.c.text)
                                .where(documents_t.c.id.in_(doc_ids[i:i + 500]))).all())
    return out


# --- statistics from counts ------------------------------------------------------------------

def _brennan_prediger(agreements: int, n: int, k: int) -> Kappa | None:
    if n == 0:
        return None
    if k < 2:
        return Kappa(None, agreements / n, 1.0, n, k, None, "undefined: fewer than 2 categories")
    return brennan_prediger_kappa(agreements, n, k)


def _stats(code: CodeRef | None, cells: tuple[int, int, int, int], table: np.ndarray, values: tuple[int, ...],
           k: int, with_cohen: bool) -> Stats:
    both, only_a, only_b, neither = (int(x) for x in cells)
    n = int(table.sum())
    agreements = int(np.trace(table))
    coded = both + only_a + only_b
    cohen = cohen_kappa(table) if with_cohen and n else None
    square = cohen.table if cohen is not None and cohen.table is not None else tuple(map(tuple, table.tolist()))
    return Stats(code, both, only_a, only_b, neither, square, values, agreements, n, k,
                 agreements / n if n else None, both / coded if coded else None, cohen,
                 _brennan_prediger(agreements, n, k))


def _binary(code: CodeRef | None, both: int, only_a: int, only_b: int, neither: int, *, k: int = 2,
            with_cohen: bool = True) -> Stats:
    table = np.array([[both, only_a], [only_b, neither]], dtype=np.int64)
    return _stats(code, (both, only_a, only_b, neither), table, (1, 0), k, with_cohen)


def _frequency(code: CodeRef | None, table: np.ndarray) -> Stats:
    """Stats of a square frequency table (rows: A's frequency 0…max, columns: B's)."""
    cells = (int(np.trace(table) - table[0, 0]), int(np.tril(table, -1).sum()), int(np.triu(table, 1).sum()),
             int(table[0, 0]))
    return _stats(code, cells, table, tuple(range(len(table))), len(table), True)


def _alpha(counts: np.ndarray, coders: int, values: Sequence[int] | None = None,
           weights: np.ndarray | None = None) -> Alpha:
    """Nominal α from value counts per unit; no pairable unit gives α = None with the reason."""
    try:
        return nominal_alpha_from_counts(counts, values, coders, weights)
    except AgreementDataError as exc:
        return Alpha(None, "nominal", 0.0, 0.0, 0, 0, coders, (), (), str(exc))


def _binary_alphas(ones: np.ndarray, present: np.ndarray, coders: int) -> tuple[tuple[Alpha, ...], Alpha]:
    """α per code and pooled for coded / not coded decisions.

    ``ones[c, u]``: coders who coded unit u with code c; ``present[u]``: coders who give values for
    u (the others are missing). A unit's value counts are (ones, present − ones), so there are at
    most (coders + 1)² different ones: α is computed from those rows and how often each occurs.
    """
    size = coders + 1
    pattern = ones * size + (present[None, :] - ones)
    n_codes = len(ones)
    weights = np.bincount((np.arange(n_codes)[:, None] * size * size + pattern).ravel(),
                          minlength=n_codes * size * size).reshape(n_codes, size * size)
    rows = np.array([[p // size, p % size] for p in range(size * size)])  # (coded, not coded) per pattern
    per_code = tuple(_alpha(rows, coders, (1, 0), weights[c]) for c in range(n_codes))
    return per_code, _alpha(rows, coders, (1, 0), weights.sum(axis=0))


# --- levels 1 and 2: documents ---------------------------------------------------------------

def _document_level(level: str, data: _Data, pairs: list[tuple[int, int]], coders: list[CoderRef],
                    codes: tuple[CodeRef, ...]) -> LevelResult:
    """Presence (``documents``) or frequency of each code in each compared document."""
    freq = np.zeros((len(coders), data.n_codes, data.n_docs), dtype=np.int64)
    np.add.at(freq, (data.coder, data.code, data.doc), 1)
    if level == "documents":
        freq = (freq > 0).astype(np.int64)
    out = []
    for a, b in pairs:
        both_coded = data.coded[a] & data.coded[b]
        fa, fb = freq[a][:, both_coded], freq[b][:, both_coded]
        out.append(PairResult(coders[a], coders[b], int(both_coded.sum()),
                              *_document_pair(level, fa, fb, codes)))
    # α: every coder who coded a document gives a value for each code; the others are missing
    if level == "documents":
        ones = (freq.astype(bool) & data.coded[:, None, :]).sum(axis=0)
        per_code, overall = _binary_alphas(ones, data.coded.sum(axis=0), len(coders))
        return LevelResult(level, data.n_docs, tuple(out), per_code, overall)
    size = int(freq.max()) + 1
    counts = np.zeros((data.n_codes, data.n_docs, size), dtype=np.int64)
    grid_code, grid_doc = np.meshgrid(np.arange(data.n_codes), np.arange(data.n_docs), indexing="ij")
    for r in range(len(coders)):
        mask = np.broadcast_to(data.coded[r], grid_code.shape)
        np.add.at(counts, (grid_code[mask], grid_doc[mask], freq[r][mask]), 1)
    per_code = tuple(_alpha(counts[c], len(coders)) for c in range(data.n_codes))
    return LevelResult(level, data.n_docs, tuple(out), per_code, _alpha(counts.reshape(-1, size), len(coders)))


def _document_pair(level: str, fa: np.ndarray, fb: np.ndarray, codes: tuple[CodeRef, ...],
                   ) -> tuple[tuple[Stats, ...], Stats]:
    """Per-code and pooled stats of one pair from (codes × documents) presence or frequency arrays."""
    if level == "documents":
        pa, pb = fa > 0, fb > 0
        cells = [(pa & pb).sum(1), (pa & ~pb).sum(1), (~pa & pb).sum(1), (~pa & ~pb).sum(1)]
        per = tuple(_binary(codes[c], *(int(x[c]) for x in cells)) for c in range(len(codes)))
        return per, _binary(None, *(int(x.sum()) for x in cells))
    size = int(max(fa.max(initial=0), fb.max(initial=0))) + 1
    tables = np.zeros((len(codes), size, size), dtype=np.int64)
    grid = np.broadcast_to(np.arange(len(codes))[:, None], fa.shape)
    np.add.at(tables, (grid, fa, fb), 1)
    per_list = []
    for c in range(len(codes)):
        top = int(max(fa[c].max(initial=0), fb[c].max(initial=0))) + 1
        per_list.append(_frequency(codes[c], tables[c, :top, :top]))
    return tuple(per_list), _frequency(None, tables.sum(axis=0))


# --- level 3: segments -----------------------------------------------------------------------

def _overlapping_pairs(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i < j) of intervals with the same key that share a position.

    The arrays must be sorted by (key, start). Each interval's partners are the run of intervals
    after it that start before it ends: one searchsorted, then the runs expanded with numpy.
    """
    starts = (key << _SHIFT) | start
    hi = np.searchsorted(starts, (key << _SHIFT) | end, side="left")
    counts = hi - np.arange(len(key)) - 1
    total = int(counts.sum())
    first = np.repeat(np.arange(len(key)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, first + 1 + offsets


def _segment_level(data: _Data, pairs: list[tuple[int, int]], coders: list[CoderRef], codes: tuple[CodeRef, ...],
                   documents: tuple[DocRef, ...], texts: dict[DocumentId, str], overlap: float,
                   ) -> tuple[LevelResult, tuple[Disagreement, ...]]:
    key = data.doc * data.n_codes + data.code
    i, j = _overlapping_pairs(key, data.start, data.end)
    keep = data.coder[i] != data.coder[j]
    i, j = i[keep], j[keep]
    # j starts at or after i: intersection = min(ends) - start_j, union = max(ends) - start_i
    inter = np.minimum(data.end[i], data.end[j]) - data.start[j]
    union = np.maximum(data.end[i], data.end[j]) - data.start[i]
    ratio = inter / union
    match = 100 * inter >= overlap * union
    matched = np.zeros((len(key), len(coders)), dtype=bool)  # [segment, coder]: that coder has a partner for it
    matched[i[match], data.coder[j[match]]] = True
    matched[j[match], data.coder[i[match]]] = True
    best = np.zeros((len(key), len(coders)))
    np.maximum.at(best, (i, data.coder[j]), ratio)
    np.maximum.at(best, (j, data.coder[i]), ratio)
    k = len(codes)  # MAXQDA: chance agreement 1 / number of codes
    out, found = [], []
    for a, b in pairs:
        in_docs = data.coded[a, data.doc] & data.coded[b, data.doc]
        of_a, of_b = in_docs & (data.coder == a), in_docs & (data.coder == b)
        ok_a, ok_b = matched[:, b], matched[:, a]
        cells = [np.bincount(data.code[of_a & ok_a], minlength=k) + np.bincount(data.code[of_b & ok_b], minlength=k),
                 np.bincount(data.code[of_a & ~ok_a], minlength=k), np.bincount(data.code[of_b & ~ok_b], minlength=k)]
        per = tuple(_binary(codes[c], int(cells[0][c]), int(cells[1][c]), int(cells[2][c]), 0, k=k, with_cohen=False)
                    for c in range(k))
        overall = _binary(None, int(cells[0].sum()), int(cells[1].sum()), int(cells[2].sum()), 0, k=k,
                          with_cohen=False)
        out.append(PairResult(coders[a], coders[b], int((data.coded[a] & data.coded[b]).sum()), per, overall))
        found.extend(_disagreements(data, of_a | of_b, (a, b), matched, best, coders, codes, documents, texts))
    found.sort(key=lambda d: d[0])
    return (LevelResult("segments", len(key), tuple(out), tuple(None for _c in codes), None),
            tuple(d for _key, d in found))


def _disagreements(data: _Data, mask: np.ndarray, pair: tuple[int, int], matched: np.ndarray, best: np.ndarray,
                   coders: list[CoderRef], codes: tuple[CodeRef, ...], documents: tuple[DocRef, ...],
                   texts: dict[DocumentId, str]) -> list[tuple[tuple, Disagreement]]:
    """The pair's passages with a segment that has no agreeing partner, with a sort key each."""
    a, b = pair
    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    key = data.doc[idx] * data.n_codes + data.code[idx]
    # chains of overlapping segments (of one code, in one document): a new chain starts where a
    # segment starts at or after the furthest end so far (the key in the high bits resets it per code)
    ends = np.maximum.accumulate((key << _SHIFT) | data.end[idx])
    new = np.ones(len(idx), dtype=bool)
    new[1:] = ((key[1:] << _SHIFT) | data.start[idx][1:]) >= ends[:-1]
    chain_of = np.cumsum(new) - 1
    unmatched = np.where(data.coder[idx] == a, ~matched[idx, b], ~matched[idx, a])
    bad = np.zeros(int(chain_of[-1]) + 1, dtype=bool)
    bad[chain_of[unmatched]] = True
    if not bad.any():
        return []
    firsts = np.flatnonzero(new)
    bounds = np.append(firsts, len(idx))
    bad_chains = np.flatnonzero(bad)
    src, dst = _other_codes(data, idx, bad[chain_of])
    from_, to_ = np.searchsorted(src, bounds[bad_chains]), np.searchsorted(src, bounds[bad_chains + 1])
    of_a = data.coder[idx] == a
    chain_end = np.maximum.reduceat(data.end[idx], firsts)[bad_chains]
    chain_a = np.add.reduceat(of_a.astype(np.int64), firsts)[bad_chains]
    chain_size = np.diff(bounds)[bad_chains]
    chain_best = np.maximum.reduceat(np.where(of_a, best[idx, b], 0.0), firsts)[bad_chains]
    # plain lists: the loop below builds Python objects, and numpy scalars are slow to index one by one
    seg_id, coder, code = data.seg_id[idx].tolist(), data.coder[idx].tolist(), data.code[idx].tolist()
    doc, start, end = data.doc[idx].tolist(), data.start[idx].tolist(), data.end[idx].tolist()
    coder_ids, code_ids = [c.id for c in coders], [c.id for c in codes]
    out = []
    for ch, hi, n_a, size, overlap, lo_o, hi_o in zip(bad_chains.tolist(), chain_end.tolist(), chain_a.tolist(),
                                                      chain_size.tolist(), chain_best.tolist(), from_.tolist(),
                                                      to_.tolist()):
        first = int(bounds[ch])
        document = documents[doc[first]]
        text = texts[document.id]
        infos: tuple[list[SegmentInfo], list[SegmentInfo]] = ([], [])
        for p in range(first, first + size):
            infos[coder[p] != a].append(SegmentInfo(SegmentId(seg_id[p]), coder_ids[coder[p]], code_ids[code[p]],
                                                    start[p], end[p], text[start[p]:end[p]]))
        kind = "only_a" if n_a == size else "only_b" if n_a == 0 else "boundaries"
        other = tuple(SegmentInfo(SegmentId(seg_id[p]), coder_ids[coder[p]], code_ids[code[p]], start[p], end[p],
                                  text[start[p]:end[p]])
                      for p in sorted(set(dst[lo_o:hi_o].tolist()), key=lambda p: (start[p], p)))
        lo = start[first]  # chains are in start order
        dis = Disagreement(codes[code[first]], document, coders[a], coders[b], kind, lo, hi,
                           overlap if kind == "boundaries" else 0.0, tuple(infos[0]), tuple(infos[1]), other)
        out.append(((doc[first], lo, code[first], a, b), dis))
    return out


def _other_codes(data: _Data, idx: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping segments of other codes among the pair's segments ``idx``, for the ``wanted`` ones.

    Positions refer to ``idx``; returned as (src, dst) sorted by src: the partners of the
    segments at positions lo…hi are ``dst[searchsorted(src, lo):searchsorted(src, hi)]``.
    """
    order = np.lexsort((data.start[idx], data.doc[idx]))
    i, j = _overlapping_pairs(data.doc[idx][order], data.start[idx][order], data.end[idx][order])
    i, j = order[i], order[j]
    keep = data.code[idx][i] != data.code[idx][j]
    src, dst = np.concatenate([i[keep], j[keep]]), np.concatenate([j[keep], i[keep]])
    src, dst = src[wanted[src]], dst[wanted[src]]
    by_src = np.argsort(src, kind="stable")
    return src[by_src], dst[by_src]


# --- level 4: units (speaker turns or paragraphs) ----------------------------------------------

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
    index = _lookup({d.id: i for i, d in enumerate(documents)}, int(turns[:, 0].max()) if len(turns) else 0)
    turns[:, 0] = index[turns[:, 0]]
    turns = turns[turns[:, 0] >= 0]
    turns = turns[np.lexsort((turns[:, 1], turns[:, 0]))]
    bounds = np.searchsorted(turns[:, 0], np.arange(len(documents) + 1))
    parts = []
    for i, d in enumerate(documents):
        ranges = _unit_array(texts[d.id], turns[bounds[i]:bounds[i + 1], 1:])
        parts.append(np.column_stack([np.full(len(ranges), i, dtype=np.int64), ranges]))
    return np.concatenate(parts)


def _unit_level(conn: Connection, data: _Data, pairs: list[tuple[int, int]], coders: list[CoderRef],
                codes: tuple[CodeRef, ...], documents: tuple[DocRef, ...],
                texts: dict[DocumentId, str]) -> LevelResult:
    units = _units(conn, documents, texts)
    unit_doc = units[:, 0]
    unit_starts = (unit_doc << _SHIFT) | units[:, 1]
    unit_ends = (unit_doc << _SHIFT) | units[:, 2]
    # each segment's units: from the first unit ending after its start to the last starting before its end
    first = np.searchsorted(unit_ends, (data.doc << _SHIFT) | data.start, side="right")
    last = np.searchsorted(unit_starts, (data.doc << _SHIFT) | data.end, side="left") - 1
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
        per = tuple(_binary(codes[c], *(int(x[c]) for x in cells)) for c in range(len(codes)))
        out.append(PairResult(coders[a], coders[b], int((data.coded[a] & data.coded[b]).sum()), per,
                              _binary(None, *(int(x.sum()) for x in cells))))
    play = anyone.any(axis=0)  # every compared document was coded by at least two coders
    present = data.coded[:, unit_doc[play]]  # (coders × units in play): the coder gives values there
    ones = (coded[:, :, play] & present[:, None, :]).sum(axis=0)  # (codes × units)
    per_code, overall = _binary_alphas(ones, present.sum(axis=0), len(coders))
    return LevelResult("units", int(play.sum()), tuple(out), per_code, overall)

"""Agreement level 3, ``segments``: a coder's segment agrees when the other coder coded the same
code on a segment overlapping it by at least T % of their union; the passages where they do not
are the disagreements that the review lists."""
from __future__ import annotations

import numpy as np

from coding.analysis.agreement_counts import binary_stats
from coding.analysis.agreement_model import (
    SHIFT, CodeRef, CoderRef, Disagreement, DocRef, LevelResult, PairResult, SegmentData, SegmentInfo,
)
from coding.base.ids import DocumentId, SegmentId


def _overlapping_pairs(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i < j) of intervals with the same key that share a position.

    The arrays must be sorted by (key, start). Each interval's partners are the run of intervals
    after it that start before it ends: one searchsorted, then the runs expanded with numpy.
    """
    starts = (key << SHIFT) | start
    hi = np.searchsorted(starts, (key << SHIFT) | end, side="left")
    counts = hi - np.arange(len(key)) - 1
    total = int(counts.sum())
    first = np.repeat(np.arange(len(key)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, first + 1 + offsets


def segment_level(data: SegmentData, pairs: list[tuple[int, int]], coders: list[CoderRef],
                  codes: tuple[CodeRef, ...], documents: tuple[DocRef, ...], texts: dict[DocumentId, str],
                  overlap: float) -> tuple[LevelResult, tuple[Disagreement, ...]]:
    """The segment level for every pair of coders, and the pairs' disagreements in text order."""
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
        per = tuple(binary_stats(codes[c], int(cells[0][c]), int(cells[1][c]), int(cells[2][c]), 0, k=k,
                                 with_cohen=False) for c in range(k))
        overall = binary_stats(None, int(cells[0].sum()), int(cells[1].sum()), int(cells[2].sum()), 0, k=k,
                          with_cohen=False)
        out.append(PairResult(coders[a], coders[b], int((data.coded[a] & data.coded[b]).sum()), per, overall))
        found.extend(_disagreements(data, of_a | of_b, (a, b), matched, best, coders, codes, documents, texts))
    found.sort(key=lambda d: d[0])
    return (LevelResult("segments", len(key), tuple(out), tuple(None for _c in codes), None),
            tuple(d for _key, d in found))


def _disagreements(data: SegmentData, mask: np.ndarray, pair: tuple[int, int], matched: np.ndarray, best: np.ndarray,
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
    ends = np.maximum.accumulate((key << SHIFT) | data.end[idx])
    new = np.ones(len(idx), dtype=bool)
    new[1:] = ((key[1:] << SHIFT) | data.start[idx][1:]) >= ends[:-1]
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


def _other_codes(data: SegmentData, idx: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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

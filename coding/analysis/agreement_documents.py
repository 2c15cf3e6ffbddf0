"""Agreement levels 1 and 2: whether (``documents``) and how often (``frequency``) each coder
assigned each code in each compared document."""
from __future__ import annotations

import numpy as np

from coding.analysis.agreement_counts import alpha_or_reason, binary_alphas, binary_stats, frequency_stats
from coding.analysis.agreement_model import CodeRef, CoderRef, LevelResult, PairResult, SegmentData, Stats


def document_level(level: str, data: SegmentData, pairs: list[tuple[int, int]], coders: list[CoderRef],
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
        per_code, overall = binary_alphas(ones, data.coded.sum(axis=0), len(coders))
        return LevelResult(level, data.n_docs, tuple(out), per_code, overall)
    size = int(freq.max()) + 1
    counts = np.zeros((data.n_codes, data.n_docs, size), dtype=np.int64)
    grid_code, grid_doc = np.meshgrid(np.arange(data.n_codes), np.arange(data.n_docs), indexing="ij")
    for r in range(len(coders)):
        mask = np.broadcast_to(data.coded[r], grid_code.shape)
        np.add.at(counts, (grid_code[mask], grid_doc[mask], freq[r][mask]), 1)
    per_code = tuple(alpha_or_reason(counts[c], len(coders)) for c in range(data.n_codes))
    # the same value counts with the interval metric: column v holds frequency v
    interval = tuple(alpha_or_reason(counts[c], len(coders), metric="interval") for c in range(data.n_codes))
    pooled = counts.reshape(-1, size)
    return LevelResult(level, data.n_docs, tuple(out), per_code, alpha_or_reason(pooled, len(coders)),
                       interval, alpha_or_reason(pooled, len(coders), metric="interval"))


def _document_pair(level: str, fa: np.ndarray, fb: np.ndarray, codes: tuple[CodeRef, ...],
                   ) -> tuple[tuple[Stats, ...], Stats]:
    """Per-code and pooled stats of one pair from (codes × documents) presence or frequency arrays."""
    if level == "documents":
        pa, pb = fa > 0, fb > 0
        cells = [(pa & pb).sum(1), (pa & ~pb).sum(1), (~pa & pb).sum(1), (~pa & ~pb).sum(1)]
        per = tuple(binary_stats(codes[c], *(int(x[c]) for x in cells)) for c in range(len(codes)))
        return per, binary_stats(None, *(int(x.sum()) for x in cells))
    size = int(max(fa.max(initial=0), fb.max(initial=0))) + 1
    tables = np.zeros((len(codes), size, size), dtype=np.int64)
    grid = np.broadcast_to(np.arange(len(codes))[:, None], fa.shape)
    np.add.at(tables, (grid, fa, fb), 1)
    per_list = []
    for c in range(len(codes)):
        top = int(max(fa[c].max(initial=0), fb[c].max(initial=0))) + 1
        per_list.append(frequency_stats(codes[c], tables[c, :top, :top]))
    return tuple(per_list), frequency_stats(None, tables.sum(axis=0))

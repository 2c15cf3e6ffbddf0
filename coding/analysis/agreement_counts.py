"""The figures of one table of counts, as the agreement levels need them: a :class:`Stats` row
(percent agreement, Cohen's κ, Brennan & Prediger's κn) and Krippendorff's α from value counts,
with an undefined coefficient given as None with its reason instead of an error.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coding.analysis.agreement_model import CodeRef, Stats
from coding.analysis.agreement_stats import (
    AgreementDataError, Alpha, Kappa, alpha_from_counts, brennan_prediger_kappa, cohen_kappa,
)


def _brennan_prediger(agreements: int, n: int, k: int) -> Kappa | None:
    """κn, or None without decisions; fewer than two categories give a κn without value."""
    if n == 0:
        return None
    if k < 2:
        return Kappa(None, agreements / n, 1.0, n, k, None, "undefined: fewer than 2 categories")
    return brennan_prediger_kappa(agreements, n, k)


def stats_of(code: CodeRef | None, cells: tuple[int, int, int, int], table: np.ndarray, values: tuple[int, ...],
             k: int, with_cohen: bool) -> Stats:
    """One row of figures from the four counts and the square table the kappas come from."""
    both, only_a, only_b, neither = (int(x) for x in cells)
    n = int(table.sum())
    agreements = int(np.trace(table))
    coded = both + only_a + only_b
    cohen = cohen_kappa(table) if with_cohen and n else None
    square = cohen.table if cohen is not None and cohen.table is not None else tuple(map(tuple, table.tolist()))
    return Stats(code, both, only_a, only_b, neither, square, values, agreements, n, k,
                 agreements / n if n else None, both / coded if coded else None, cohen,
                 _brennan_prediger(agreements, n, k))


def binary_stats(code: CodeRef | None, both: int, only_a: int, only_b: int, neither: int, *, k: int = 2,
                 with_cohen: bool = True) -> Stats:
    """Stats of a 2×2 table (coded / not coded by each coder)."""
    table = np.array([[both, only_a], [only_b, neither]], dtype=np.int64)
    return stats_of(code, (both, only_a, only_b, neither), table, (1, 0), k, with_cohen)


def frequency_stats(code: CodeRef | None, table: np.ndarray) -> Stats:
    """Stats of a square frequency table (rows: A's frequency 0…max, columns: B's)."""
    cells = (int(np.trace(table) - table[0, 0]), int(np.tril(table, -1).sum()), int(np.triu(table, 1).sum()),
             int(table[0, 0]))
    return stats_of(code, cells, table, tuple(range(len(table))), len(table), True)


def alpha_or_reason(counts: np.ndarray, coders: int, values: Sequence[int] | None = None,
                    weights: np.ndarray | None = None, metric: str = "nominal") -> Alpha:
    """α from value counts per unit (nominal unless told); no pairable unit gives α = None with the reason."""
    try:
        return alpha_from_counts(counts, values, coders, weights, metric)
    except AgreementDataError as exc:
        return Alpha(None, metric, 0.0, 0.0, 0, 0, coders, (), (), str(exc))


def binary_alphas(ones: np.ndarray, present: np.ndarray, coders: int) -> tuple[tuple[Alpha, ...], Alpha]:
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
    per_code = tuple(alpha_or_reason(rows, coders, (1, 0), weights[c]) for c in range(n_codes))
    return per_code, alpha_or_reason(rows, coders, (1, 0), weights.sum(axis=0))

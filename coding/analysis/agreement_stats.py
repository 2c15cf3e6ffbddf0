"""Intercoder agreement coefficients on plain counts: no database, no Qt.

The caller decides what is counted. Every figure here comes from coding decisions only: a table
cell or a unit value is a decision of a coder about a document, segment or unit. Never pass
uncoded text (characters nobody coded) as "agreement": NVivo does, and it inflates every figure.

- percent agreement  p_o = agreements / total
- Cohen's κ          κ = (p_o − p_e) / (1 − p_e),  p_e = Σ_c (row_c / n)·(col_c / n)
- Brennan & Prediger κn = (p_o − 1/k) / (1 − 1/k),  k = number of categories (free marginals)
- Krippendorff's α   α = 1 − D_o / D_e, from the coincidence matrix (Krippendorff 2011):
  o_ck = Σ_u (number of c−k pairs of values in unit u) / (m_u − 1), n_c = Σ_k o_ck, n = Σ_c n_c,
  α = 1 − (n − 1) · Σ_{c,k} o_ck δ²(c,k) / Σ_{c,k} n_c n_k δ²(c,k), with δ²(c,k) = 1 for c ≠ k
  (nominal), (c − k)² (interval: counts such as a code's frequency), ((c − k) / (c + k))² (ratio),
  (Σ_{g=c..k} n_g − (n_c + n_k)/2)² (ordinal)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from numbers import Real
from typing import Any

import numpy as np

from coding.base.errors import InputError
from coding.base.messages import _

METRICS = ("nominal", "ordinal", "interval", "ratio")


class AgreementDataError(InputError, ValueError):
    """The data cannot give an agreement coefficient (too few coders, nothing pairable...)."""


@dataclass(frozen=True)
class PercentAgreement:
    """Share of agreeing decisions: value = agreements / total."""

    value: float
    agreements: int
    total: int


@dataclass(frozen=True)
class Kappa:
    """A kappa and what it was computed from; value is None (with reason) when 1 − p_e = 0."""

    value: float | None
    p_o: float
    p_e: float
    n: int  # decisions counted (table total)
    categories: int  # k
    table: tuple[tuple[int, ...], ...] | None  # the contingency table, where one was given
    reason: str = ""


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's α with its coincidence matrix; value is None (with reason) when D_e = 0."""

    value: float | None
    metric: str
    d_o: float  # observed disagreement
    d_e: float  # expected disagreement
    n: int  # pairable values (values in units coded by at least two coders)
    units: int  # units with at least two values
    coders: int
    values: tuple[Hashable, ...]  # the categories/values, in the order of the matrix
    coincidences: tuple[tuple[float, ...], ...]
    reason: str = ""


def percent_agreement(agreements: int, total: int) -> PercentAgreement:
    """Percent agreement p_o = agreements / total (total > 0)."""
    if total <= 0 or not 0 <= agreements <= total:
        raise AgreementDataError(_("Agreement needs 0 <= agreements <= total and total > 0, got {agreements}/{total}.",
                                  agreements=agreements, total=total))
    return PercentAgreement(agreements / total, agreements, total)


def _square(table: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    """The table as a checked square int64 array (also large frequency tables, without Python loops)."""
    try:
        arr = np.asarray(table, dtype=np.int64)
    except (TypeError, ValueError):  # ragged rows
        arr = np.zeros((1, 2), dtype=np.int64)
    if arr.ndim != 2 or not arr.size or arr.shape[0] != arr.shape[1]:
        raise AgreementDataError(_("A contingency table must be square (coder A's rows x coder B's columns)."))
    if (arr < 0).any():
        raise AgreementDataError(_("A contingency table cannot hold negative counts."))
    if arr.sum() == 0:
        raise AgreementDataError(_("The contingency table is empty: nothing was coded by both coders."))
    return arr


def _as_tuples(arr: np.ndarray) -> tuple[tuple[int, ...], ...]:
    return tuple(map(tuple, arr.tolist()))


def _kappa(p_o: float, p_e: float, n: int, k: int, table: tuple[tuple[int, ...], ...] | None) -> Kappa:
    if 1 - p_e <= 1e-12:
        return Kappa(None, p_o, p_e, n, k, table, "undefined: chance agreement is 1 (a single category)")
    return Kappa((p_o - p_e) / (1 - p_e), p_o, p_e, n, k, table)


def cohen_kappa(table: Sequence[Sequence[int]] | np.ndarray) -> Kappa:
    """Cohen's κ from a square table (rows: coder A, columns: coder B); p_e from the marginals."""
    arr = _square(table)
    n = int(arr.sum())
    p_o = int(np.trace(arr)) / n
    p_e = float(arr.sum(axis=1) @ arr.sum(axis=0)) / (n * n)
    return _kappa(p_o, p_e, n, len(arr), _as_tuples(arr))


def brennan_prediger_kappa(agreements: int, total: int, categories: int) -> Kappa:
    """Brennan & Prediger's free-marginal κn = (p_o − 1/k) / (1 − 1/k), k = categories."""
    if categories < 2:
        raise AgreementDataError(_("Brennan & Prediger's kappa needs at least 2 categories."))
    p_o = percent_agreement(agreements, total).value
    return _kappa(p_o, 1 / categories, total, categories, None)


def brennan_prediger_from_table(table: Sequence[Sequence[int]] | np.ndarray, categories: int | None = None) -> Kappa:
    """κn from a square table; k defaults to the table's size (MAXQDA: the number of codes)."""
    arr = _square(table)
    k = len(arr) if categories is None else categories
    result = brennan_prediger_kappa(int(np.trace(arr)), int(arr.sum()), k)
    return Kappa(result.value, result.p_o, result.p_e, result.n, k, _as_tuples(arr), result.reason)


def _delta2(metric: str, values: list, counts: list[float]) -> list[list[float]]:
    """Squared distances δ²(c,k) for Krippendorff's metrics (values sorted for ordinal/interval/ratio)."""
    size = len(values)
    d = [[0.0] * size for _ in range(size)]
    for i, j in combinations(range(size), 2):
        c, k = values[i], values[j]
        if metric == "nominal":
            dist = 1.0
        elif metric == "interval":
            dist = float(c - k) ** 2
        elif metric == "ratio":
            dist = ((c - k) / (c + k)) ** 2 if c + k else 0.0
        else:  # ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over ranks
            dist = (sum(counts[i:j + 1]) - (counts[i] + counts[j]) / 2) ** 2
        d[i][j] = d[j][i] = dist
    return d


def _check_metric(metric: str, values: Iterable[Hashable | None]) -> None:
    """A known metric, and numbers (>= 0 for ratio) where the metric measures distances."""
    if metric not in METRICS:
        raise AgreementDataError(_("Unknown metric '{metric}': use one of {choices}.", metric=metric,
                                  choices=", ".join(METRICS)))
    if metric == "nominal":
        return
    for v in values:
        if v is not None and (isinstance(v, bool) or not isinstance(v, Real)):
            raise AgreementDataError(_("The {metric} metric needs numbers, got {value}.",
                                       metric=metric, value=repr(v)))
        if metric == "ratio" and v is not None and v < 0:
            raise AgreementDataError(_("The ratio metric needs values >= 0."))


def _check_values(data: Sequence[Sequence[Hashable | None]], metric: str) -> None:
    """Reliability data: a known metric, two coders or more, one entry per unit in every row."""
    _check_metric(metric, [])
    if len(data) < 2:
        raise AgreementDataError(_("Krippendorff's alpha needs at least 2 coders (one row per coder)."))
    if len({len(row) for row in data}) != 1:
        raise AgreementDataError(_("Every coder's row must have one entry per unit (None where missing)."))
    _check_metric(metric, (v for row in data for v in row))


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]], metric: str = "nominal") -> Alpha:
    """Krippendorff's α: rows = coders, columns = units, None = missing; any number of coders.

    Units with fewer than two values are not pairable and drop out. α is None (with a reason)
    when the pairable values hold a single category (D_e = 0): agreement is perfect but shows
    nothing about reliability. Too few coders or no pairable values raise AgreementDataError.
    """
    _check_values(data, metric)
    units = [Counter(v for v in unit if v is not None) for unit in zip(*data)]
    units = [u for u in units if sum(u.values()) >= 2]
    if not units:
        raise AgreementDataError(_("No unit was coded by at least two coders: alpha cannot be computed."))
    values = sorted({v for u in units for v in u}, key=_order_key)
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    o = [[0.0] * size for _ in range(size)]
    for unit in units:
        m_u = sum(unit.values())
        for c, n_c in unit.items():
            for k, n_k in unit.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                o[index[c]][index[k]] += pairs / (m_u - 1)
    counts = [sum(row) for row in o]
    n = sum(counts)
    delta = _delta2(metric, values, counts)
    d_o = sum(o[i][j] * delta[i][j] for i in range(size) for j in range(size)) / n
    d_e = sum(counts[i] * counts[j] * delta[i][j] for i in range(size) for j in range(size)) / (n * (n - 1))
    matrix = tuple(tuple(row) for row in o)
    common: dict[str, Any] = dict(metric=metric, d_o=d_o, d_e=d_e, n=round(n), units=len(units),
                                  coders=len(data), values=tuple(values), coincidences=matrix)
    if d_e <= 1e-12:
        return Alpha(None, reason="undefined: all pairable values are the same category", **common)
    return Alpha(1 - d_o / d_e, **common)


def alpha_from_counts(counts: np.ndarray, values: Sequence[Hashable] | None = None, coders: int = 0,
                      weights: np.ndarray | None = None, metric: str = "nominal") -> Alpha:
    """Krippendorff's α from value counts per unit, in a few numpy steps (many units).

    ``counts[u, v]`` = how many coders gave unit u the value v (missing values are simply not
    counted). Gives the same α as :func:`krippendorff_alpha` on the same data, for every metric;
    units with fewer than two values drop out. ``values`` names the columns (default 0, 1, …;
    numbers in ascending order for the ordinal, interval and ratio metrics); columns no pairable
    unit uses are left out of the result, as there. ``weights[u]``: how many units have row u's
    counts (units with equal counts need to be counted only once: binary decisions of two coders
    have only four different rows).
    """
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim != 2:
        raise AgreementDataError(_("Value counts must be a table: one row per unit, one column per value."))
    names = list(range(c.shape[1])) if values is None else list(values)
    _check_metric(metric, names)
    mult = np.ones(len(c)) if weights is None else np.asarray(weights, dtype=np.float64)
    keep = (c.sum(axis=1) >= 2) & (mult > 0)
    c, mult = c[keep], mult[keep]
    if not len(c):
        raise AgreementDataError(_("No unit was coded by at least two coders: alpha cannot be computed."))
    weighted = c * (mult / (c.sum(axis=1) - 1))[:, None]
    o = weighted.T @ c  # o_ck = Σ_u n_uc n_uk / (m_u − 1) ...
    o[np.diag_indices_from(o)] -= weighted.sum(axis=0)  # ... and n_uc (n_uc − 1) / (m_u − 1) on the diagonal
    used = o.sum(axis=1) > 0
    o = o[np.ix_(used, used)]
    kept = [v for v, k in zip(names, used) if k]
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    delta = _delta2_matrix(metric, kept, n_c)
    d_o = float((o * delta).sum()) / n
    d_e = float(n_c @ delta @ n_c) / (n * (n - 1))
    common: dict[str, Any] = dict(metric=metric, d_o=d_o, d_e=d_e, n=round(n), units=round(mult.sum()),
                                  coders=coders, values=tuple(kept), coincidences=tuple(map(tuple, o.tolist())))
    if d_e <= 1e-12:
        return Alpha(None, reason="undefined: all pairable values are the same category", **common)
    return Alpha(1 - d_o / d_e, **common)


def _delta2_matrix(metric: str, values: list, n_c: np.ndarray) -> np.ndarray:
    """δ²(c, k) of :func:`_delta2` as a matrix, for many values at once."""
    if metric == "nominal":
        return 1.0 - np.eye(len(values))
    v = np.asarray(values, dtype=np.float64)
    if metric == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if metric == "ratio":
        total = v[:, None] + v[None, :]
        return np.divide(v[:, None] - v[None, :], total, out=np.zeros_like(total), where=total != 0) ** 2
    # ordinal: the values between c and k (both included) counted, less half of c's and k's
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    rank = np.arange(len(v))
    lo, hi = np.minimum.outer(rank, rank), np.maximum.outer(rank, rank)
    return (cum[hi + 1] - cum[lo] - (n_c[:, None] + n_c[None, :]) / 2) ** 2


def _order_key(value: Hashable) -> tuple:
    """Sort numbers numerically, other categories by their text (order matters only for metrics)."""
    return (0, value, "") if isinstance(value, Real) and not isinstance(value, bool) else (1, 0, str(value))

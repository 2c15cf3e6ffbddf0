"""Intercoder agreement coefficients on plain counts: no database, no Qt.

The caller decides what is counted. Every figure here comes from coding decisions only: a table
cell or a unit value is a decision of a coder about a document, segment or unit. Never pass
uncoded text (characters nobody coded) as "agreement": NVivo does, and it inflates every figure.

- percent agreement  p_o = agreements / total
- Cohen's κ          κ = (p_o − p_e) / (1 − p_e),  p_e = Σ_c (row_c / n)·(col_c / n)
- Brennan & Prediger κn = (p_o − 1/k) / (1 − 1/k),  k = number of categories (free marginals)
- Krippendorff's α   α = 1 − D_o / D_e, from the coincidence matrix (Krippendorff 2011):
  o_ck = Σ_u (number of c−k pairs of values in unit u) / (m_u − 1), n_c = Σ_k o_ck, n = Σ_c n_c,
  α = 1 − (n − 1) · Σ_{c,k} o_ck δ²(c,k) / Σ_{c,k} n_c n_k δ²(c,k)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations
from numbers import Real
from typing import Any

from coding.base.errors import InputError

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
        raise AgreementDataError(f"Agreement needs 0 <= agreements <= total and total > 0, got {agreements}/{total}.")
    return PercentAgreement(agreements / total, agreements, total)


def _square(table: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    rows = tuple(tuple(int(x) for x in row) for row in table)
    if not rows or any(len(row) != len(rows) for row in rows):
        raise AgreementDataError("A contingency table must be square (coder A's rows x coder B's columns).")
    if any(x < 0 for row in rows for x in row):
        raise AgreementDataError("A contingency table cannot hold negative counts.")
    if sum(map(sum, rows)) == 0:
        raise AgreementDataError("The contingency table is empty: nothing was coded by both coders.")
    return rows


def _kappa(p_o: float, p_e: float, n: int, k: int, table: tuple[tuple[int, ...], ...] | None) -> Kappa:
    if 1 - p_e <= 1e-12:
        return Kappa(None, p_o, p_e, n, k, table, "undefined: chance agreement is 1 (a single category)")
    return Kappa((p_o - p_e) / (1 - p_e), p_o, p_e, n, k, table)


def cohen_kappa(table: Sequence[Sequence[int]]) -> Kappa:
    """Cohen's κ from a square table (rows: coder A, columns: coder B); p_e from the marginals."""
    rows = _square(table)
    n = sum(map(sum, rows))
    p_o = sum(rows[i][i] for i in range(len(rows))) / n
    cols = [sum(row[j] for row in rows) for j in range(len(rows))]
    p_e = sum(sum(row) * col for row, col in zip(rows, cols)) / (n * n)
    return _kappa(p_o, p_e, n, len(rows), rows)


def brennan_prediger_kappa(agreements: int, total: int, categories: int) -> Kappa:
    """Brennan & Prediger's free-marginal κn = (p_o − 1/k) / (1 − 1/k), k = categories."""
    if categories < 2:
        raise AgreementDataError("Brennan & Prediger's kappa needs at least 2 categories.")
    p_o = percent_agreement(agreements, total).value
    return _kappa(p_o, 1 / categories, total, categories, None)


def brennan_prediger_from_table(table: Sequence[Sequence[int]], categories: int | None = None) -> Kappa:
    """κn from a square table; k defaults to the table's size (MAXQDA: the number of codes)."""
    rows = _square(table)
    k = len(rows) if categories is None else categories
    result = brennan_prediger_kappa(sum(rows[i][i] for i in range(len(rows))), sum(map(sum, rows)), k)
    return Kappa(result.value, result.p_o, result.p_e, result.n, k, rows, result.reason)


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


def _check_values(data: Sequence[Sequence[Hashable | None]], metric: str) -> None:
    if metric not in METRICS:
        raise AgreementDataError(f"Unknown metric {metric!r}: use one of {', '.join(METRICS)}.")
    if len(data) < 2:
        raise AgreementDataError("Krippendorff's alpha needs at least 2 coders (one row per coder).")
    if len({len(row) for row in data}) != 1:
        raise AgreementDataError("Every coder's row must have one entry per unit (None where missing).")
    if metric != "nominal":
        for row in data:
            for v in row:
                if v is not None and (isinstance(v, bool) or not isinstance(v, Real)):
                    raise AgreementDataError(f"The {metric} metric needs numbers, got {v!r}.")
        if metric == "ratio" and any(isinstance(v, Real) and v < 0 for row in data for v in row):
            raise AgreementDataError("The ratio metric needs values >= 0.")


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
        raise AgreementDataError("No unit was coded by at least two coders: alpha cannot be computed.")
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


def _order_key(value: Hashable) -> tuple:
    """Sort numbers numerically, other categories by their text (order matters only for metrics)."""
    return (0, value, "") if isinstance(value, Real) and not isinstance(value, bool) else (1, 0, str(value))

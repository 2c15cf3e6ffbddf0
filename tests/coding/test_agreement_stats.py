"""Agreement coefficients against published values, computed from the published data."""
from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coding.analysis.agreement_stats import (
    AgreementDataError, alpha_from_counts, brennan_prediger_from_table, brennan_prediger_kappa, cohen_kappa,
    krippendorff_alpha, percent_agreement,
)
from coding.base.errors import InputError

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, "." = missing.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],  # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],  # B
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],  # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],  # D
]
COHEN_1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


@pytest.mark.parametrize("metric, published", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797),
])
def test_krippendorff_2011_published_values(metric: str, published: float) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, metric)
    assert round(result.value, 3) == published
    # the paper's counts: unit 12 (one value) drops out, 40 pairable values remain
    assert result.n == 40 and result.units == 11 and result.coders == 4
    assert result.values == (1, 2, 3, 4, 5)


def test_krippendorff_2011_coincidence_matrix() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011)
    marginals = [round(sum(row), 6) for row in result.coincidences]
    # n_c counted by hand from the data above (units 1-11): e.g. value 2 occurs 3+4+1+1+4 times
    assert marginals == [9, 13, 10, 5, 3]
    # o_11 = units 1, 8, 11: 3·2/2 + 3·2/3 + 2·1/1; o_12 = units 6, 8: 1·1/3 + 3·1/3
    assert result.coincidences[0][0] == pytest.approx(7.0)
    assert result.coincidences[0][1] == pytest.approx(4 / 3)


def test_cohen_1960_table() -> None:
    result = cohen_kappa(COHEN_1960)
    assert round(result.p_o, 2) == 0.70 and round(result.p_e, 2) == 0.41
    assert round(result.value, 3) == 0.492
    assert result.n == 200 and result.categories == 3 and result.table[0] == (88, 14, 18)


def test_artstein_poesio_2008_table_1() -> None:
    assert round(cohen_kappa([[20, 20], [10, 50]]).value, 3) == 0.348


def test_brennan_prediger_hand_computed() -> None:
    # Not Brennan & Prediger's own table (not at hand): p_o = 140/200 = 0.7, k = 3
    # gives κn = (0.7 - 1/3) / (1 - 1/3) = 0.55; k = 2 on a 70/100 table gives 0.4.
    three = brennan_prediger_from_table(COHEN_1960)
    assert three.value == pytest.approx(0.55) and three.p_e == pytest.approx(1 / 3)
    assert brennan_prediger_kappa(70, 100, 2).value == pytest.approx(0.4)
    # free marginals ignore the coders' base rates: same p_o, same κn; Cohen's κ differs
    assert brennan_prediger_from_table([[20, 20], [10, 50]]).value == pytest.approx(0.4)
    assert brennan_prediger_from_table([[35, 15], [15, 35]]).value == pytest.approx(0.4)
    assert cohen_kappa([[35, 15], [15, 35]]).value == pytest.approx(0.4)
    # k larger than the table (codes nobody used still count as categories in MAXQDA)
    assert brennan_prediger_from_table([[20, 20], [10, 50]], categories=4).value == pytest.approx(0.6)


def test_brennan_prediger_1981_example() -> None:
    # Brennan & Prediger (1981) illustrate with two judges and two categories: κ = .27 but the
    # free-marginal κn = .40. Their table itself was not at hand; this one is reasoned out from
    # their figures: κn = .40 with k = 2 needs p_o = .70, and κ = .27 then needs p_e ≈ .59, which
    # the marginals .65/.35 (judge A) and .80/.20 (judge B) give: .65·.80 + .35·.20 = .59.
    table = [[23, 3], [9, 5]]  # 40 decisions: 23 + 5 agree
    kappa, free = cohen_kappa(table), brennan_prediger_from_table(table)
    assert (kappa.p_o, free.p_o) == (0.7, 0.7) and kappa.p_e == pytest.approx(0.59)
    assert round(kappa.value, 2) == 0.27 and round(free.value, 2) == 0.40
    assert free.p_e == 0.5 and free.categories == 2


def test_percent_agreement_counts() -> None:
    result = percent_agreement(17, 20)
    assert (result.value, result.agreements, result.total) == (0.85, 17, 20)
    with pytest.raises(AgreementDataError):
        percent_agreement(3, 0)
    with pytest.raises(AgreementDataError):
        percent_agreement(5, 4)


def test_single_category_is_undefined_not_perfect() -> None:
    alpha = krippendorff_alpha([[1, 1, 1, N], [1, 1, N, 1]])
    assert alpha.value is None and "same category" in alpha.reason and alpha.n == 4
    kappa = cohen_kappa([[12, 0], [0, 0]])
    assert kappa.value is None and kappa.p_o == 1.0 and kappa.reason


@pytest.mark.parametrize("data, message", [
    ([[1, 2, 3]], "at least 2 coders"),
    ([[N, N, N], [N, N, N]], "at least two coders"),
    ([[1, N, 3], [N, 2, N]], "at least two coders"),
    ([[1, 2], [1, 2, 3]], "one entry per unit"),
])
def test_unusable_reliability_data(data: list, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        krippendorff_alpha(data)
    assert isinstance(caught.value, InputError)  # shown as one line by CLI and GUI


def test_unusable_tables_and_metrics() -> None:
    for bad in ([[1, 2]], [[0, 0], [0, 0]], [[1, -1], [0, 2]], []):
        with pytest.raises(AgreementDataError):
            cohen_kappa(bad)
    with pytest.raises(AgreementDataError, match="needs numbers"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(AgreementDataError, match="Unknown metric"):
        krippendorff_alpha(KRIPPENDORFF_2011, "cosine")
    with pytest.raises(AgreementDataError):
        brennan_prediger_kappa(3, 4, 1)


def test_nominal_categories_need_not_be_numbers() -> None:
    names = {1: "Arbeit", 2: "Familie", 3: "Gesundheit", 4: "Migration", 5: "Wohnen"}
    data = [[names.get(v) for v in row] for row in KRIPPENDORFF_2011]
    assert krippendorff_alpha(data).value == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011).value)


def test_two_coders_no_missing_alpha_is_small_sample_scotts_pi() -> None:
    # 2 coders, no missing: α = 1 − (2N − 1)/(2N) · (1 − π), π = Scott's pi (Krippendorff 2011)
    a = [1] * 40 + [0] * 60
    b = [1] * 20 + [0] * 20 + [1] * 10 + [0] * 50
    p_o, p_e = 0.7, 0.35 ** 2 + 0.65 ** 2  # pooled marginals: 70 and 130 of 200 values
    pi = (p_o - p_e) / (1 - p_e)
    assert krippendorff_alpha([a, b]).value == pytest.approx(1 - 199 / 200 * (1 - pi))


reliability = st.integers(2, 5).flatmap(lambda coders: st.integers(2, 15).flatmap(
    lambda units: st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=units, max_size=units),
        min_size=coders, max_size=coders)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=reliability, metric=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_krippendorff_package(data: list, metric: str) -> None:
    pairable = [v for unit in zip(*data) if sum(x is not None for x in unit) >= 2
                for v in unit if v is not None]
    assume(len(set(pairable)) >= 2)
    ours = krippendorff_alpha(data, metric).value
    matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement=metric)
    assert not math.isnan(theirs)
    assert ours == pytest.approx(theirs, abs=1e-9)


def _value_counts(data: list) -> tuple[np.ndarray, list]:
    values = sorted({v for row in data for v in row if v is not None})
    counts = np.zeros((len(data[0]), len(values)))
    for row in data:
        for u, v in enumerate(row):
            if v is not None:
                counts[u, values.index(v)] += 1
    return counts, values


@pytest.mark.parametrize("metric, published", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797),
])
def test_alpha_from_value_counts_published_values(metric: str, published: float) -> None:
    counts, values = _value_counts(KRIPPENDORFF_2011)
    fast = alpha_from_counts(counts, values, coders=4, metric=metric)
    slow = krippendorff_alpha(KRIPPENDORFF_2011, metric)
    assert round(fast.value, 3) == published and fast.metric == metric
    assert (fast.n, fast.units, fast.values) == (40, 11, (1, 2, 3, 4, 5))
    assert np.allclose(fast.coincidences, slow.coincidences)
    assert (fast.d_o, fast.d_e) == (pytest.approx(slow.d_o), pytest.approx(slow.d_e))


def test_alpha_from_value_counts_unusable_data() -> None:
    with pytest.raises(AgreementDataError, match="at least two coders"):
        alpha_from_counts(np.array([[1, 0], [0, 1]]))
    single = alpha_from_counts(np.array([[2, 0], [3, 0]]), metric="interval")
    assert single.value is None and "same category" in single.reason
    with pytest.raises(AgreementDataError, match="needs numbers"):
        alpha_from_counts(np.array([[1, 1]]), ("a", "b"), metric="interval")
    with pytest.raises(AgreementDataError, match=">= 0"):
        alpha_from_counts(np.array([[1, 1]]), (-1, 2), metric="ratio")
    with pytest.raises(AgreementDataError, match="Unknown metric"):
        alpha_from_counts(np.array([[1, 1]]), metric="cosine")


def test_interval_alpha_weighs_a_difference_by_its_size() -> None:
    # a code's frequencies in six documents, two coders; they differ in the first document only:
    # by one (3 vs 4), or by nine (0 vs 9) — the same disagreement for nominal α (values renamed)
    near = [[3, 1, 1, 5, 5, 2], [4, 1, 1, 5, 5, 2]]
    far = [[0, 1, 1, 5, 5, 2], [9, 1, 1, 5, 5, 2]]
    # nominal, by hand: n = 12 values, D_o = 2/12, D_e = (12² − (4² + 2² + 1 + 1 + 4²)) / (12·11) = 106/132
    assert krippendorff_alpha(near).value == krippendorff_alpha(far).value == pytest.approx(1 - 22 / 106)
    # interval (near): D_o = (1² + 1²)/12; D_e = 2·12·Σ n_c (c − mean)² / (12·11) = 24·(419/12) / 132
    assert krippendorff_alpha(near, "interval").value == pytest.approx(1 - 22 / 838)  # 0.974
    # interval (far): D_o = 2·81/12 = 13.5 against D_e = 14.35: hardly better than chance
    assert krippendorff_alpha(far, "interval").value == pytest.approx(0.0591, abs=1e-4)
    for data in (near, far):
        counts, values = _value_counts(data)
        assert alpha_from_counts(counts, values, 2, metric="interval").value == pytest.approx(
            krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="interval"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=reliability, metric=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_from_value_counts_equals_the_definition(data: list, metric: str) -> None:
    pairable = [v for unit in zip(*data) if sum(x is not None for x in unit) >= 2
                for v in unit if v is not None]
    assume(len(pairable) >= 2)
    counts, values = _value_counts(data)
    slow = krippendorff_alpha(data, metric)
    fast = alpha_from_counts(counts, values, coders=len(data), metric=metric)
    assert (fast.n, fast.units, fast.values) == (slow.n, slow.units, slow.values)
    if slow.value is None:
        assert fast.value is None
    else:
        assert fast.value == pytest.approx(slow.value, abs=1e-9)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.integers(2, 5).flatmap(lambda coders: st.integers(2, 30).flatmap(lambda units: st.lists(
    st.lists(st.one_of(st.none(), st.integers(0, 12)), min_size=units, max_size=units),
    min_size=coders, max_size=coders))))
def test_interval_alpha_from_counts_matches_the_krippendorff_package(data: list) -> None:
    """Frequencies 0 … 12 (counts of a code in a document), any coders, missing values."""
    pairable = [v for unit in zip(*data) if sum(x is not None for x in unit) >= 2
                for v in unit if v is not None]
    assume(len(set(pairable)) >= 2)
    counts = np.zeros((len(data[0]), 13))
    for row in data:
        for u, v in enumerate(row):
            if v is not None:
                counts[u, v] += 1
    ours = alpha_from_counts(counts, coders=len(data), metric="interval")
    matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    assert ours.value == pytest.approx(theirs, abs=1e-9)


def test_alpha_from_value_counts_with_weights_counts_rows_that_often() -> None:
    rows = np.array([[2, 0], [1, 1], [0, 2], [1, 0]])
    weights = np.array([5, 2, 9, 4])  # the last row (one value) is not pairable
    repeated = np.repeat(rows, weights, axis=0)
    fast, plain = alpha_from_counts(rows, weights=weights), alpha_from_counts(repeated)
    assert fast.value == pytest.approx(plain.value) and (fast.n, fast.units) == (plain.n, plain.units) == (32, 16)

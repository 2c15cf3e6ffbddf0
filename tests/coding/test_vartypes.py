"""Variable types: parsing to canonical strings, reading back, display and type inference."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coding.exchange.vartypes import VAR_TYPES, display, from_storage, infer_type, parse_value


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
@pytest.mark.parametrize("var_type", VAR_TYPES)
def test_empty_input_is_missing_for_every_type(raw, var_type):
    assert parse_value(raw, var_type) is None


def test_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown variable type"):
        parse_value("1", "money")


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", "12"), (" -3 ", "-3"), ("+7", "7"), ("007", "7"), (12, "12"), (12.0, "12"),
    ("54.321", "54321"), ("1.234.567", "1234567"),  # German thousands, as Excel writes "#.##0"
])
def test_integer_accepts(raw, expected):
    assert parse_value(raw, "integer") == expected


@pytest.mark.parametrize("raw", ["3,5", "3.5", 12.5, True, "zwölf", "1.23", "0.123", "1e3"])
def test_integer_refuses(raw):
    with pytest.raises(ValueError):
        parse_value(raw, "integer")


@pytest.mark.parametrize(("raw", "expected"), [
    ("3,5", "3.5"), ("3.5", "3.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"),
    ("-0,25", "-0.25"), (",5", "0.5"), ("12", "12.0"), ("1.234", "1234.0"),  # German, like integer
    ("1.234.567", "1234567.0"), ("1,5e3", "1500.0"), (3, "3.0"), (2.5, "2.5"),
    (0.1 + 0.2, "0.3"),  # Excel's 15 significant digits, not binary noise
])
def test_float_accepts(raw, expected):
    assert parse_value(raw, "float") == expected


@pytest.mark.parametrize("raw", ["drei", "1.23.4", "1.234,5,6", "nan", "inf", float("nan"), False, "3,5 %"])
def test_float_refuses(raw):
    with pytest.raises(ValueError):
        parse_value(raw, "float")


@pytest.mark.parametrize(("raw", "expected"), [
    ("ja", "true"), ("Nein", "false"), ("WAHR", "true"), ("falsch", "false"), ("yes", "true"),
    ("NO", "false"), ("true", "true"), ("False", "false"), ("1", "true"), ("0", "false"),
    ("x", "true"), ("X", "true"), (True, "true"), (False, "false"), (1, "true"), (0.0, "false"),
])
def test_boolean_accepts(raw, expected):
    assert parse_value(raw, "boolean") == expected


@pytest.mark.parametrize("raw", ["vielleicht", "2", 2, "j"])
def test_boolean_refuses(raw):
    with pytest.raises(ValueError, match="yes/no"):
        parse_value(raw, "boolean")


@pytest.mark.parametrize(("raw", "expected"), [
    ("05.03.2024", "2024-03-05"), ("5.3.2024", "2024-03-05"), ("2024-03-05", "2024-03-05"),
    (dt.date(2024, 3, 5), "2024-03-05"), (dt.datetime(2024, 3, 5), "2024-03-05"),
    ("29.02.2024", "2024-02-29"),
])
def test_date_accepts(raw, expected):
    assert parse_value(raw, "date") == expected


@pytest.mark.parametrize(("raw", "reason"), [
    ("30.02.2024", "not a valid calendar date"), ("05.03.24", "not a date"),
    ("03/05/2024", "not a date"), (dt.datetime(2024, 3, 5, 14, 30), "time of day"),
    (45356, "not a date"),
])
def test_date_refuses(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_value(raw, "date")


@pytest.mark.parametrize("var_type", ["text", "category"])
def test_text_is_stripped_nfc_and_keeps_leading_zeros(var_type):
    assert parse_value("  01067 ", var_type) == "01067"
    assert parse_value("Gro\u0308ße", var_type) == "Größe"  # decomposed umlaut -> NFC
    assert parse_value(1067, var_type) == "1067"
    assert parse_value(3.0, var_type) == "3"
    assert parse_value(2.5, var_type) == "2.5"
    assert parse_value(True, var_type) == "true"
    assert parse_value(dt.datetime(2024, 3, 5), var_type) == "2024-03-05"
    assert parse_value(dt.datetime(2024, 3, 5, 9, 15), var_type) == "2024-03-05 09:15:00"


def test_from_storage_returns_python_values():
    assert from_storage("12", "integer") == 12
    assert from_storage("3.5", "float") == 3.5
    assert from_storage("true", "boolean") is True
    assert from_storage("false", "boolean") is False
    assert from_storage("2024-03-05", "date") == dt.date(2024, 3, 5)
    assert from_storage("Ost", "category") == "Ost"
    assert from_storage("01067", "text") == "01067"
    assert from_storage(None, "integer") is None


@pytest.mark.parametrize(("value", "var_type", "de", "en"), [
    ("3.5", "float", "3,5", "3.5"), ("1234.5", "float", "1234,5", "1234.5"),
    ("12.0", "float", "12", "12"), ("2024-03-05", "date", "05.03.2024", "2024-03-05"),
    ("true", "boolean", "ja", "yes"), ("false", "boolean", "nein", "no"),
    ("12", "integer", "12", "12"), ("Größenklasse 3", "category", "Größenklasse 3", "Größenklasse 3"),
    (None, "float", "", ""),
])
def test_display_per_language(value, var_type, de, en):
    assert display(value, var_type) == de
    assert display(value, var_type, "de") == de
    assert display(value, var_type, "en") == en


@pytest.mark.parametrize(("raws", "expected"), [
    (["1", "0", "1", ""], "integer"),             # 0/1 dummies stay numbers
    ([0, 1, 1], "integer"),
    (["12", "", None, "-4"], "integer"),
    (["54.321", "120.000"], "integer"),           # German thousands
    (["ja", "nein", "ja"], "boolean"),
    (["x", "", "x"], "boolean"),
    (["1", "ja", "0"], "boolean"),                # a yes/no word makes 0/1 boolean
    ([True, False], "boolean"),
    (["3,5", "12", "1.234,5"], "float"),
    (["3.5", "2"], "float"),
    ([2.5, 3], "float"),
    (["05.03.2024", "2024-01-31", dt.datetime(2023, 1, 1)], "date"),
    (["01067", "04109", "01067"], "category"),    # postcodes never become integers
    (["01067", "04109", "10115"], "text"),        # no repeat: no evidence of groups
    (["Ost", "West", "Ost", "Süd"], "category"),
    (["Ost", "West"], "text"),
    ([], "text"),
    ([None, "", "  "], "text"),
    (["0,5", "1,5"], "float"),                    # "0," is not a leading zero
])
def test_infer_type(raws, expected):
    assert infer_type(raws) == expected


def test_infer_category_limits():
    thirteen = [f"Gruppe {i}" for i in range(13)] * 2
    assert infer_type(thirteen) == "text"
    assert infer_type(thirteen[:12] * 2) == "category"
    long_answer = "Die Zusammenarbeit mit dem Sozialamt war schwierig, weil ..."
    assert infer_type([long_answer, long_answer]) == "text"
    assert infer_type(["Zeile 1\nZeile 2"] * 2) == "text"


@given(st.integers(min_value=-10**18, max_value=10**18))
def test_integer_round_trip(n):
    stored = parse_value(str(n), "integer")
    assert from_storage(stored, "integer") == n
    assert parse_value(display(stored, "integer"), "integer") == stored


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_string_round_trip_through_german_display(x):
    # repr() is English notation; typed values read as German unless told (docs/conventions.md)
    stored = parse_value(repr(x), "float", style="en")
    assert from_storage(stored, "float") == x
    # German display re-parses to the same value up to Excel's 15 significant digits.
    again = parse_value(display(stored, "float", "de"), "float")
    assert float(again) == pytest.approx(x, rel=1e-14, abs=1e-300)


@given(st.dates())
def test_date_round_trip_through_german_display(d):
    stored = parse_value(d, "date")
    assert from_storage(stored, "date") == d
    if d.year >= 1000:  # DD.MM.YYYY needs four year digits
        assert parse_value(display(stored, "date", "de"), "date") == stored

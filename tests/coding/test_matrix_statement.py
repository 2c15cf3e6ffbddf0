"""Each sheet of the matrix XLSX says what its numbers are (issue 13), and says it truly: the
statement read back from the file is checked against the numbers beside it, counted by hand
from the study's codings (tests/coding/analysis_world.py)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coding.analysis.crosstab import crosstab
from coding.analysis.matrix_export import write_crosstab_xlsx
from tests.coding.analysis_world import CODINGS, VALUES, WORDS, build_study

SUBTREE = {"Zugänge": {"Zugänge", "Schule", "Ämter"}, "Zugänge/Schule": {"Schule"}, "Zugänge/Ämter": {"Ämter"},
           "Hürden": {"Hürden"}, "Leer": {"Leer"}}
GROUPS = ["kommunal", "national", "not set"]


def group_of(doc: str) -> str:
    return VALUES["Gruppe"].get(doc, "not set")


def by_hand(path: str, group: str, *, segments: bool, subcodes: bool = True,
            coders: tuple[str, ...] = ("Anna", "Ben")) -> int:
    """The study's codings of ``path`` in ``group``: segments, or documents with at least one."""
    wanted = SUBTREE[path] if subcodes else {path.split("/")[-1]}
    found = [doc for _l, doc, code, coder, _p in CODINGS
             if code in wanted and coder in coders and group_of(doc) == group]
    return len(found) if segments else len(set(found))


@pytest.fixture
def study(project):
    build_study(project)
    return project


def sheets(path) -> dict[str, tuple[str, dict[str, list]]]:
    """Each sheet: its statement (A1) and its rows by code path (header in row 2)."""
    out = {}
    for ws in load_workbook(path).worksheets:
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
        assert rows[0][:4] == ["Code", *GROUPS] or rows[0][:4] == ["Code", "kommunal", "national", "nicht gesetzt"]
        out[ws.title] = (ws["A1"].value, {r[0]: r[1:4] for r in rows[1:]})
    return out


def test_documents_count_says_documents_and_counts_them(study, tmp_path):
    with study.read() as conn:
        table = crosstab(conn, "Gruppe", mode="documents")
    got = sheets(write_crosstab_xlsx(table, tmp_path / "m.xlsx"))
    statement, rows = got["Counts"]
    assert statement == (
        "Number of documents in which the code or one of its subcodes is coded at least once (each document "
        "counted once per cell, however often it is coded); Total: documents with the code; Total row: "
        "documents with any of these codes. Columns: groups of documents by the variable 'Gruppe'. "
        "Segments of all coders.")
    for path in SUBTREE:
        assert rows[path] == [by_hand(path, g, segments=False) for g in GROUPS], path
    assert rows["Zugänge"] == [2, 1, 1]  # not the 6, 2, 1 segments: the statement is what tells them apart
    statement, rows = got["Shares"]
    assert statement == ("Share of the column's documents in which the code or one of its subcodes is coded at "
                         "least once (documents with the code ÷ row Documents (n) on the sheet Counts). Columns: "
                         "groups of documents by the variable 'Gruppe'. Segments of all coders.")
    assert rows["Hürden"] == [1.0, 1.0, 0.0]
    statement, rows = got["Per 1,000 words"]
    assert statement.startswith("Coded segments of the code and its subcodes per 1,000 words of the column's "
                                "documents (segments ÷ row Words on the sheet Counts × 1,000).")
    kommunal_words = WORDS["K01"] + WORDS["K02"]
    assert rows["Zugänge"][0] == pytest.approx(by_hand("Zugänge", "kommunal", segments=True) * 1000 / kommunal_words)


def test_segments_count_says_segments_and_counts_them(study, tmp_path):
    with study.read() as conn:
        table = crosstab(conn, "Gruppe", mode="segments")
    statement, rows = sheets(write_crosstab_xlsx(table, tmp_path / "m.xlsx"))["Counts"]
    assert statement.startswith(
        "Number of coded segments of the code and its subcodes (every segment counts, also several in one "
        "document); Total: all its segments; Total row: segments of all these codes, each counted once.")
    for path in SUBTREE:
        assert rows[path] == [by_hand(path, g, segments=True) for g in GROUPS], path
    assert rows["Zugänge"] == [6, 2, 1]


def test_without_subcodes_and_for_some_coders(study, tmp_path):
    with study.read() as conn:
        anna = conn.exec_driver_sql("SELECT id FROM coders WHERE name = 'Anna'").scalar()
        table = crosstab(conn, "Gruppe", mode="segments", include_subcodes=False, coder_ids=[anna])
    got = sheets(write_crosstab_xlsx(table, tmp_path / "m.xlsx", coder_names=["Anna"]))
    statement, rows = got["Counts"]
    assert statement.startswith("Number of coded segments of the code itself (subcodes not counted) ")
    assert statement.endswith(" Only segments of Anna.")
    for path in SUBTREE:
        assert rows[path] == [by_hand(path, g, segments=True, subcodes=False, coders=("Anna",)) for g in GROUPS]
    assert got["Shares"][0].startswith("Share of the column's documents in which the code itself (subcodes not "
                                       "counted) is coded at least once")
    # without the names the statement still says that coders were chosen
    unnamed = sheets(write_crosstab_xlsx(table, tmp_path / "u.xlsx"))["Counts"][0]
    assert unnamed.endswith(" Only segments of the chosen coders.")


def test_in_german_and_per_document(study, tmp_path):
    with study.read() as conn:
        table = crosstab(conn, "Gruppe", mode="documents")
        per_doc = crosstab(conn, None, mode="segments")
    got = sheets(write_crosstab_xlsx(table, tmp_path / "de.xlsx", lang="de"))
    assert got["Anzahl"][0] == (
        "Anzahl der Dokumente, in denen der Code oder einer seiner Subcodes mindestens einmal codiert ist (jedes "
        "Dokument zählt je Zelle einmal, wie oft es auch codiert ist); Gesamt: Dokumente mit dem Code; Zeile "
        "Gesamt: Dokumente mit irgendeinem dieser Codes. Spalten: Gruppen der Dokumente nach der Variable "
        "„Gruppe“. Segmente aller Codierenden.")
    assert got["Anteile"][0].startswith("Anteil der Dokumente der Spalte, in denen")
    assert got["Je 1.000 Wörter"][0].startswith("Codierte Segmente des Codes und seiner Subcodes je 1.000 Wörter")
    ws = load_workbook(write_crosstab_xlsx(per_doc, tmp_path / "d.xlsx")).worksheets[0]
    assert "Columns: one per document." in ws["A1"].value and ws["A1"].value.startswith("Number of coded segments")
    assert ws.freeze_panes == "B3"  # statement and header stay in view


def test_the_command_writes_the_statement_of_the_count_asked_for(study, cli, tmp_path):
    study.close()  # a new project is readable by others once closed (its header is still in the WAL)
    for count, start in (("documents", "Number of documents"), ("segments", "Number of coded segments")):
        out = tmp_path / f"{count}.xlsx"
        code, _out, err = cli("matrix", study.path, "--by", "Gruppe", "--count", count, "--lang", "en", "-o", out)
        assert code == 0, err
        ws = load_workbook(out).worksheets[0]
        assert ws["A1"].value.startswith(start) and ws["A1"].value.endswith("Segments of all coders.")

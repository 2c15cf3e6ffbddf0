"""``andock matrix`` and ``andock cooccurrence`` on the hand-checked study (tests/coding/analysis_world)."""
from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from coding.store.project import Project
from tests.coding.analysis_world import build_study


@pytest.fixture
def proj(tmp_path):
    path = tmp_path / "studie.andock"
    with Project.create(path, "Studie") as p:
        build_study(p)
    return path


def test_matrix_prints_a_readable_table(proj, cli):
    code, out, err = cli("matrix", proj, "--by", "Gruppe")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Codes x Gruppe: documents with the code (with subcodes)"
    assert lines[1].split() == ["Code", "kommunal", "national", "not", "set", "Total"]
    # Zugänge: kommunal 2 of 2, national 1 of 1, not set 1 of 1; 4 documents
    assert lines[2].split() == ["Zugänge", "2", "(100%)", "1", "(100%)", "1", "(100%)", "4"]
    assert lines[3].split() == ["Schule", "1", "(50%)", "1", "(100%)", "0", "(0%)", "2"]
    assert lines[3].startswith("  Schule")  # subcodes indented
    assert lines[-3].split() == ["Total", "2", "1", "1", "4"]


def test_matrix_segments_one_coder_without_subcodes(proj, cli):
    code, out, _ = cli("matrix", proj, "--by", "Gruppe", "--count", "segments", "--coder", "Ben",
                       "--no-subcodes")
    assert code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:]}
    assert rows["Zugänge"] == ["0", "1", "0", "1"]  # Ben's own Zugänge coding: l in N01
    assert rows["Hürden"] == ["1", "1", "0", "2"]  # e | k


def test_matrix_by_document_and_filters(proj, cli):
    code, out, _ = cli("matrix", proj, "--by", "document", "--count", "segments", "--code", "Hürden")
    assert code == 0
    assert out.splitlines()[1].split() == ["Code", "K01", "K02", "N01", "X01", "Total"]
    assert out.splitlines()[2].split() == ["Hürden", "1", "2", "1", "0", "4"]
    code, out, _ = cli("matrix", proj, "--by", "Größenklasse", "--var", "Gruppe=kommunal")
    assert out.splitlines()[1].split() == ["Code", "groß", "klein", "Total"]


def test_matrix_to_xlsx_and_german_csv(proj, cli, tmp_path):
    code, out, err = cli("matrix", proj, "--by", "Gruppe", "-o", tmp_path / "m.xlsx")
    assert code == 0, err
    assert "Matrix written" in out
    ws = load_workbook(tmp_path / "m.xlsx").worksheets[0]
    assert ws["A1"].value.startswith("Number of documents")  # row 1 says what is counted
    assert [c.value for c in ws[3]] == ["Zugänge", 2, 1, 1, 4]
    code, _, _ = cli("matrix", proj, "--by", "Gruppe", "--values", "shares", "--german-csv",
                     "-o", tmp_path / "m.csv")
    assert code == 0
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[2] == ["Zugänge/Schule", "50,0", "100,0", "0,0"]


def test_matrix_refuses_unsuitable_variables_and_outputs(proj, cli, tmp_path):
    code, _, err = cli("matrix", proj, "--by", "Alter")
    assert code == 1 and "integer" in err and "category" in err and err.count("\n") == 1
    code, _, err = cli("matrix", proj, "--by", "Gruppe", "-o", tmp_path / "m.ods")
    assert code == 1 and "unsupported output" in err
    code, _, err = cli("matrix", proj, "--by", "Gruppe", "--coder", "Clara")
    assert code == 1 and "no coder named 'Clara'" in err


def test_cooccurrence_table_and_files(proj, cli, tmp_path):
    code, out, err = cli("cooccurrence", proj)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Code pairs with overlapping segments (4 documents)"
    assert lines[2].split() == ["2", "2", "2", "Zugänge/Ämter", "×", "Hürden"]  # most frequent first
    code, out, _ = cli("cooccurrence", proj, "--same-turn", "--coder", "Ben")
    # Ben: c e (K01 turn 2), h (K02), j k l (N01 turn 2) -> c-e and j-k (Schule, Hürden), j-l, k-l
    assert [line.split() for line in out.splitlines()[2:]] == [
        ["2", "2", "2", "Zugänge/Schule", "×", "Hürden"], ["1", "1", "1", "Zugänge", "×", "Hürden"],
        ["1", "1", "1", "Zugänge", "×", "Zugänge/Schule"]]
    code, _, _ = cli("cooccurrence", proj, "-o", tmp_path / "co.xlsx")
    assert code == 0 and load_workbook(tmp_path / "co.xlsx").sheetnames[0] == "Overlapping segments"
    code, _, _ = cli("cooccurrence", proj, "-o", tmp_path / "co.csv")
    assert code == 0 and (tmp_path / "co.csv").read_text(encoding="utf-8-sig").count("\n") == 4
    code, _, err = cli("cooccurrence", proj, "-o", tmp_path / "co.docx")
    assert code == 1 and "unsupported output" in err

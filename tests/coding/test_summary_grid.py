"""Summary grid: coded text per cell, written summaries stored in the project, undoable, no orphans."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding.services import code_changes, documents
from coding.base.errors import InputError
from coding.store.models import TABLES
from coding.services.summaries import SummaryKey, get_summary, set_summary
from coding.analysis.summary_grid import summary_grid
from tests.coding.analysis_world import build_study
from tests.coding.helpers import dump, integrity_problems, roundtrip

summaries_t = TABLES["summaries"]


@pytest.fixture
def study(project):
    return build_study(project)


def texts(cell) -> list[str]:
    return [s.text for s in cell.segments]


def test_rows_are_documents_and_cells_hold_the_coded_text_in_order(project, study):
    with project.read() as conn:
        grid = summary_grid(conn)
    assert [r.label for r in grid.rows] == ["K01_Interview", "K02_Interview", "N01_Interview", "X01_Interview"]
    assert [c.path for c in grid.columns] == ["Zugänge", "Zugänge/Schule", "Zugänge/Ämter", "Hürden", "Leer"]
    zug = study.codes["Zugänge"]
    # with subcodes Zugänge in K01 shows a, b, c, d in text order (b and c: one passage, two coders)
    assert texts(grid.cell(0, zug)) == ["Wo finden Leute Hilfe?", "die Schule", "die Schule", "die Ämter"]
    assert texts(grid.cell(1, study.codes["Hürden"])) == ["Die Sprache (..) ist schwierig.",
                                                          "die Wege (4) sind lang"]
    assert texts(grid.cell(3, study.codes["Leer"])) == []
    assert grid.cell(2, study.codes["Schule"]).coded_text == "Die Schule ist zentral (N01, Pos. 2)"
    with project.read() as conn:
        own = summary_grid(conn, include_subcodes=False, coder_ids=[study.coders["Anna"]])
    assert texts(own.cell(0, zug)) == ["Wo finden Leute Hilfe?"]


def test_rows_are_groups_of_a_variable(project, study):
    with project.read() as conn:
        grid = summary_grid(conn, "Gruppe", code_ids=[study.codes["Zugänge"]])
    assert [(r.label, r.key) for r in grid.rows] == [("kommunal", "kommunal"), ("national", "national"),
                                                     ("not set", None)]
    assert [r.document_ids for r in grid.rows] == [[study.docs["K01"], study.docs["K02"]], [study.docs["N01"]],
                                                   [study.docs["X01"]]]
    assert texts(grid.cell(0, study.codes["Ämter"])) == [
        "die Ämter", "Die Ämter sind weit weg.", "Ämter sind weit weg. Und die Wege"]
    assert texts(grid.cell(2, study.codes["Zugänge"])) == ["Hilfe finden ist Glückssache"]


def test_summaries_are_stored_per_document_and_per_group_and_shown_in_the_grid(project, study):
    zug, hue = study.codes["Zugänge"], study.codes["Hürden"]
    with project.read() as conn:
        by_group = summary_grid(conn, "Gruppe")
    with project.action("Summaries") as act:
        set_summary(act, zug, "Schule und Ämter als Zugang", document_id=study.docs["K01"])
        set_summary(act, hue, " Sprache, weite Wege ", **_kw(by_group.key(0, hue)))
        set_summary(act, zug, "Kein Gruppenwert", **_kw(by_group.key(2, zug)))  # the "not set" group
    with project.read() as conn:
        docs_grid = summary_grid(conn)
        groups_grid = summary_grid(conn, "Gruppe")
        assert get_summary(conn, SummaryKey(zug, document_id=study.docs["K01"])) == "Schule und Ämter als Zugang"
    assert docs_grid.cell(0, zug).summary == "Schule und Ämter als Zugang"
    assert docs_grid.cell(1, zug).summary == ""
    assert groups_grid.cell(0, hue).summary == "Sprache, weite Wege"  # trimmed
    assert groups_grid.cell(2, zug).summary == "Kein Gruppenwert"
    assert groups_grid.cell(0, zug).summary == ""  # a document's summary is not a group's


def _kw(key: SummaryKey) -> dict:
    return {"document_id": key.document_id, "variable_id": key.variable_id, "value": key.value}


def test_set_summary_is_undoable_and_empty_text_deletes(project, study):
    zug, k01 = study.codes["Zugänge"], study.docs["K01"]

    def write(text: str):
        with project.action("Edit summary") as act:
            return set_summary(act, zug, text, document_id=k01)

    roundtrip(project, lambda: write("Erste Fassung"), "Edit summary")
    roundtrip(project, lambda: write("Zweite Fassung"), "Edit summary")
    _, _, after = roundtrip(project, lambda: write("   "), "Edit summary")
    assert after["summaries"] == []
    with project.action("Nothing") as act:
        assert set_summary(act, zug, "", document_id=k01) is None  # deleting nothing is fine
    with project.action("Bad") as act, pytest.raises(InputError, match="either a document or a group"):
        set_summary(act, zug, "x")


def test_deleting_a_code_or_document_deletes_its_summaries_and_undo_restores_them(project, study):
    schule, k01 = study.codes["Schule"], study.docs["K01"]
    with project.read() as conn:
        var_id = summary_grid(conn, "Gruppe").variable_id
    with project.action("Summaries") as act:
        set_summary(act, schule, "Schule in K01", document_id=k01)
        set_summary(act, schule, "Schule kommunal", variable_id=var_id, value="kommunal")
        set_summary(act, study.codes["Hürden"], "Hürden in K01", document_id=k01)

    def delete_code():
        with project.action("Delete code") as act:
            code_changes.delete_code(act, study.codes["Zugänge"])  # Schule goes with its parent

    _, before, after = roundtrip(project, delete_code, "Delete code")
    assert len(before["summaries"]) == 3 and len(after["summaries"]) == 1
    assert integrity_problems(project) == []
    project.undo()  # all three summaries are back

    def delete_document():
        with project.action("Delete document") as act:
            documents.delete_document(act, k01)

    _, _, after = roundtrip(project, delete_document, "Delete document")
    assert [r[-2] for r in after["summaries"]] == ["Schule kommunal"]  # a group's summary stays
    assert integrity_problems(project) == []


def test_merging_codes_moves_summaries_and_joins_clashing_ones(project, study):
    schule, aemter, k01, k02 = study.codes["Schule"], study.codes["Ämter"], study.docs["K01"], study.docs["K02"]
    with project.action("Summaries") as act:
        set_summary(act, schule, "Schule K01", document_id=k01)
        set_summary(act, schule, "Schule K02", document_id=k02)
        set_summary(act, aemter, "Ämter K01", document_id=k01)

    def merge():
        with project.action("Merge") as act:
            code_changes.merge_codes(act, schule, aemter)

    roundtrip(project, merge, "Merge")
    with project.read() as conn:
        assert get_summary(conn, SummaryKey(aemter, document_id=k01)) == "Ämter K01\n\n[Schule]\nSchule K01"
        assert get_summary(conn, SummaryKey(aemter, document_id=k02)) == "Schule K02"
        assert conn.execute(select(func.count()).select_from(summaries_t)).scalar() == 2
    assert integrity_problems(project) == []


def test_the_database_refuses_a_summary_without_exactly_one_target(project, study):
    from sqlalchemy.exc import IntegrityError

    before = dump(project)
    with pytest.raises(IntegrityError):
        with project.action("Bad") as act:
            act.insert("summaries", {"guid": "x", "code_id": study.codes["Leer"], "document_id": study.docs["K01"],
                                     "variable_id": None, "value": "kommunal", "text": "t",
                                     "modified_at": act.conn.execute(select(func.now())).scalar()})
    assert dump(project) == before


def test_empty_project_grid(project):
    with project.read() as conn:
        grid = summary_grid(conn)
    assert (grid.rows, grid.columns, grid.cells) == ([], [], [])

"""Crosstab and code x document matrix: numbers worked out by hand on the study in analysis_world."""
from __future__ import annotations

import csv
import json

import pytest

from coding.services import code_changes, documents
from coding.analysis.crosstab import cell_segment_ids, crosstab
from coding.services.demo import build_demo, demo_dir
from coding.base.errors import InputError, NotFoundError
from tests.coding.analysis_world import WORDS, build_study

ROWS = ["Zugänge", "Zugänge/Schule", "Zugänge/Ämter", "Hürden", "Leer"]


@pytest.fixture
def study(project):
    return build_study(project)


def table_of(t) -> dict[str, list[int]]:
    return {r.path: r.counts for r in t.rows}


def test_documents_mode_counts_each_document_once_per_cell(project, study):
    with project.read() as conn:
        t = crosstab(conn, "Gruppe")
    # columns: kommunal = K01, K02; national = N01; X01 has no Gruppe -> "not set", last
    assert t.columns == ["kommunal", "national", "not set"]
    assert t.column_keys == ["kommunal", "national", None]
    assert t.column_documents == [2, 1, 1]
    assert [r.path for r in t.rows] == ROWS  # depth-first, parents before their subcodes
    assert [r.depth for r in t.rows] == [0, 1, 1, 0, 0]
    assert table_of(t) == {
        # with subcodes: K01 (a,b,c,d), K02 (h,i via Ämter) | N01 (j,l) | X01 (m)
        "Zugänge": [2, 1, 1],
        # K01 has two Schule codings of the same passage (Anna, Ben): one document | N01
        "Zugänge/Schule": [1, 1, 0],
        "Zugänge/Ämter": [2, 0, 0],  # K01 (d), K02 (h, i)
        "Hürden": [2, 1, 0],  # K01 (e), K02 (f, g) | N01 (k)
        "Leer": [0, 0, 0],  # a code without segments still has its row
    }
    assert [r.total for r in t.rows] == [4, 2, 2, 3, 0]  # distinct documents over all columns
    # every document has some code: 2, 1, 1 of 4
    assert t.column_totals == [2, 1, 1] and t.grand_total == 4
    schule = t.rows[1]
    assert schule.shares == [0.5, 1.0, 0.0]
    assert t.column_words == [WORDS["K01"] + WORDS["K02"], WORDS["N01"], WORDS["X01"]] == [28, 10, 8]
    # Schule segments: b, c in K01 (2 per 28 words), j in N01 (1 per 10 words)
    assert schule.per_1000_words == pytest.approx([2000 / 28, 100.0, 0.0])


def test_segments_mode_counts_every_coders_segments(project, study):
    with project.read() as conn:
        t = crosstab(conn, "Gruppe", mode="segments")
    assert table_of(t) == {
        "Zugänge": [6, 2, 1],  # kommunal: a, b, c, d + h, i; national: j, l; not set: m
        "Zugänge/Schule": [2, 1, 0],  # b and c (two coders, one passage) both count
        "Zugänge/Ämter": [3, 0, 0],  # d, h, i
        "Hürden": [3, 1, 0],  # e, f, g | k
        "Leer": [0, 0, 0],
    }
    assert [r.total for r in t.rows] == [9, 3, 3, 4, 0]
    # column totals count each segment once, although Zugänge includes its subcodes: 9 | 3 | 1
    assert t.column_totals == [9, 3, 1] and t.grand_total == 13
    # shares stay "documents with the code / documents in the column"
    assert t.rows[1].shares == [0.5, 1.0, 0.0]


def test_parent_rows_without_subcodes_count_their_own_codings(project, study):
    with project.read() as conn:
        docs = crosstab(conn, "Gruppe", include_subcodes=False)
        segs = crosstab(conn, "Gruppe", mode="segments", include_subcodes=False)
    # Zugänge itself is coded in K01 (a), N01 (l) and X01 (m)
    assert docs.rows[0].counts == [1, 1, 1] and docs.rows[0].total == 3
    assert segs.rows[0].counts == [1, 1, 1] and segs.rows[0].total == 3
    assert table_of(docs)["Zugänge/Ämter"] == [2, 0, 0]  # leaves do not change
    assert segs.column_totals == [9, 3, 1]


def test_coder_filter_applies_to_both_modes(project, study):
    ben = [study.coders["Ben"]]
    with project.read() as conn:
        docs = crosstab(conn, "Gruppe", coder_ids=ben)
        segs = crosstab(conn, "Gruppe", mode="segments", coder_ids=ben)
    # Ben coded c (Schule K01), e (Hürden K01), h (Ämter K02), j, k, l (N01)
    assert table_of(docs) == {"Zugänge": [2, 1, 0], "Zugänge/Schule": [1, 1, 0], "Zugänge/Ämter": [1, 0, 0],
                              "Hürden": [1, 1, 0], "Leer": [0, 0, 0]}
    assert table_of(segs)["Zugänge"] == [2, 2, 0]  # c, h | j, l
    assert docs.column_totals == [2, 1, 0] and docs.grand_total == 3


def test_a_variable_with_umlauts_and_a_boolean_variable(project, study):
    with project.read() as conn:
        size = crosstab(conn, "größenklasse")  # names match ignoring case, umlauts too
        here = crosstab(conn, "Vor Ort")
    # sorted as in a German dictionary (ü as u): groß, klein, überregional, then "not set"
    assert size.by == "Größenklasse"  # the variable's own spelling
    assert size.columns == ["groß", "klein", "überregional", "not set"]
    assert table_of(size)["Hürden"] == [1, 1, 1, 0]
    assert table_of(size)["Zugänge"] == [1, 1, 1, 1]
    assert here.columns == ["ja", "nein", "not set"] and here.column_keys == ["true", "false", None]
    assert table_of(here)["Zugänge"] == [2, 1, 1]  # ja: K01, N01; nein: K02; not set: X01


def test_code_x_document_matrix(project, study):
    with project.read() as conn:
        t = crosstab(conn, None, mode="segments")
        names = {d.id: d.guid for d in documents.list_documents(conn)}
    assert t.columns == ["K01", "K02", "N01", "X01"]  # citation labels, in document order
    assert t.column_keys == [names[study.docs[k]] for k in ("K01", "K02", "N01", "X01")]
    assert t.column_words == [11, 17, 10, 8]
    assert table_of(t)["Zugänge"] == [4, 2, 2, 1]
    assert table_of(t)["Hürden"] == [1, 2, 1, 0]
    with project.read() as conn:
        presence = crosstab(conn, None)
    assert table_of(presence)["Hürden"] == [1, 1, 1, 0]


def test_filters_by_documents_variable_values_and_code_subtree(project, study):
    with project.read() as conn:
        some = crosstab(conn, "Gruppe", document_ids=[study.docs["K01"], study.docs["N01"]])
        klein = crosstab(conn, "Gruppe", variables={"Größenklasse": ["klein"]})
        sub = crosstab(conn, "Gruppe", code_ids=[study.codes["Zugänge"]])
    assert some.columns == ["kommunal", "national"]  # no document without a value is left
    assert table_of(some)["Zugänge/Ämter"] == [1, 0]
    assert klein.columns == ["kommunal"] and table_of(klein)["Hürden"] == [1]
    assert [r.path for r in sub.rows] == ["Zugänge", "Zugänge/Schule", "Zugänge/Ämter"]
    assert sub.column_totals == [2, 1, 1]  # documents with any shown code


def test_cell_segment_ids_are_exactly_the_segments_of_the_cell(project, study):
    s = study.seg
    with project.read() as conn:
        t = crosstab(conn, "Gruppe", mode="segments")
        own = crosstab(conn, "Gruppe", include_subcodes=False)
        ben = crosstab(conn, "Gruppe", coder_ids=[study.coders["Ben"]])
        zug = study.codes["Zugänge"]
        cell = cell_segment_ids(conn, t, zug, 0)
        assert cell == [s["a"], s["b"], s["c"], s["d"], s["h"], s["i"]]  # document, then position
        assert len(cell) == t.rows[0].counts[0]
        assert cell_segment_ids(conn, own, zug, 0) == [s["a"]]
        assert cell_segment_ids(conn, ben, zug, 0) == [s["c"], s["h"]]  # the table's coder filter
        assert cell_segment_ids(conn, t, zug, 2) == [s["m"]]  # the "not set" column
        assert cell_segment_ids(conn, t, study.codes["Leer"], 1) == []
        for row in t.rows:  # every cell of the segments table: as many ids as its count
            for col in range(len(t.columns)):
                assert len(cell_segment_ids(conn, t, row.code_id, col)) == row.counts[col]
        with pytest.raises(InputError):
            cell_segment_ids(conn, t, zug, 3)


def test_discrete_variables_only_and_clear_errors(project, study):
    with project.read() as conn:
        with pytest.raises(InputError, match="Alter.*integer.*category"):
            crosstab(conn, "Alter")
        with pytest.raises(NotFoundError, match="Wohnort"):
            crosstab(conn, "Wohnort")
        with pytest.raises(InputError, match="counting mode"):
            crosstab(conn, "Gruppe", mode="words")


def test_empty_project_and_codes_without_documents(project):
    with project.read() as conn:
        t = crosstab(conn, None)
    assert (t.columns, t.rows, t.column_totals, t.grand_total) == ([], [], [], 0)
    with project.action("Codes") as act:
        from coding.services import codes
        codes.create_code(act, "Allein")
    with project.read() as conn:
        t = crosstab(conn, None, mode="segments")
    assert [(r.path, r.counts, r.total, r.shares) for r in t.rows] == [("Allein", [], 0, [])]


def test_deleting_a_code_changes_the_table(project, study):
    with project.action("Delete Ämter") as act:
        code_changes.delete_code(act, study.codes["Ämter"])
    with project.read() as conn:
        t = crosstab(conn, "Gruppe")
    assert table_of(t)["Zugänge"] == [1, 1, 1]  # K02 had only Ämter below Zugänge


def test_demo_project_matches_its_source_files(tmp_path):
    """Documents per main category and group, computed from codings.json and variables.csv."""
    base = demo_dir()
    codings = json.loads((base / "codings.json").read_text(encoding="utf-8"))
    with open(base / "variables.csv", encoding="utf-8-sig") as fh:
        group = {r["Dokument"]: r["Gruppe"] for r in csv.DictReader(fh, delimiter=";")}
    expected: dict[str, dict[str, set]] = {}
    for c in codings:
        top = c["code"].split("/")[0]
        expected.setdefault(top, {}).setdefault(group[c["document"]], set()).add(c["document"])
    with build_demo(tmp_path / "demo.andock") as proj, proj.read() as conn:
        t = crosstab(conn, "Gruppe")
        segs = crosstab(conn, "Gruppe", mode="segments")
    assert t.columns == ["kommunal", "national"] and t.column_documents == [4, 4]
    for row in (r for r in t.rows if r.depth == 0):
        want = expected.get(row.path, {})
        assert row.counts == [len(want.get("kommunal", ())), len(want.get("national", ()))], row.path
    assert segs.grand_total == len(codings) == 272  # the demo's codings neither touch nor overlap
    assert t.grand_total == 8 and all(w > 500 for w in t.column_words)

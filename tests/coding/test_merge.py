"""Merging coders' copies (issue 12): three copies diverge and come back in any order to one result.

The copies are file copies of one project, changed with the real services; the result is compared
as a canonical dump keyed by GUID (ids differ with the order of merging, GUIDs must not).
"""
from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.services import (code_changes, codes, coders, documents, memos, merge, segments, summaries, text_edit,
                             variables)
from coding.services.merge import merge_copies
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import TEXT_A, TEXT_B, World, dump, span, templates  # noqa: F401 - templates is a fixture

GUID_TABLES = ("coders", "documents", "variables", "codes", "anchor_examples", "segments", "memos", "summaries")
REF = {"document_id": "documents", "code_id": "codes", "coder_id": "coders", "parent_id": "codes",
       "segment_id": "segments", "variable_id": "variables"}


def canonical(proj: Project) -> dict:
    """The project's content with every id replaced by the GUID of its row (history left out)."""
    out: dict = {}
    with proj.read() as conn:
        guid = {t: dict(conn.execute(select(TABLES[t].c.id, TABLES[t].c.guid)).all()) for t in GUID_TABLES}

        def plain(row) -> dict:
            d = {}
            for k, v in row.items():
                if k == "id":
                    continue
                if k in REF and v is not None:
                    v = guid[REF[k]][v]
                if isinstance(v, datetime):
                    v = (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).isoformat()
                d[k] = v
            return d

        for t in GUID_TABLES + ("variable_values", "speaker_turns", "time_anchors", "word_timings",
                                "project_info"):
            rows = [plain(r) for r in conn.execute(select(TABLES[t])).mappings()]
            out[t] = sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    return out


@dataclass
class Scene:
    folder: Path
    world: World
    target: Path  # the lead's project (changed a little since the copies were made)
    copies: list[Path]


def _act(path: Path, fn, description: str = "Work") -> None:
    with Project.open(path) as proj, proj.action(description) as act:
        fn(act)


def make_scene(folder: Path, world_file: Path, world: World) -> Scene:
    """The lead's project and three coders' copies, each changed in its own way since."""
    w = world
    target = folder / "projekt.andock"
    shutil.copyfile(world_file, target)
    copies = [folder / f"{name}.andock" for name in ("lena", "lena-b", "murat")]
    for c in copies:
        shutil.copyfile(world_file, c)

    def lena(act):  # Lena (a first person of that name)
        me = coders.add_coder(act, "Lena")
        codes.rename_code(act, w.arbeit, "Arbeit und Beruf")
        laerm = codes.create_code(act, "Lärm", w.wohnen)
        segments.apply_code(act, w.doc_a, laerm, me, *span(TEXT_A, "Die Schule ist nah."), memo="laut?")
        segments.delete_segment(act, w.seg_miete)
        variables.set_value_by_name(act, w.doc_a, "Gruppe", "national")
    _act(copies[0], lena)

    def lena_edits(act):  # a typo fixed in the second interview, then coded there
        text_edit.edit_text(act, w.doc_b, TEXT_B.replace("Sozialamt", "Sozialamt Nord"))
        me = coders.get_coder(act.conn, "Lena")
        segments.apply_code(act, w.doc_b, w.arbeit, me, 0, 10)
    _act(copies[0], lena_edits, "Edit")

    def lena_b(act):  # another person who also calls herself Lena
        me = coders.add_coder(act, "Lena")
        codes.move_code(act, w.miete, None)
        segments.apply_code(act, w.doc_a, w.nachbarschaft, me, *span(TEXT_A, "wir kennen uns gut"))
        memos.set_memo(act, "code", w.nachbarschaft, "Soziale Netze im Quartier (überarbeitet)")
        segments.delete_segment(act, w.seg_schule_ben)
        variables.set_value_by_name(act, w.doc_b, "Region", "Süd")
        summaries.set_summary(act, w.wohnen, "Wohnen: Südstadt, Miete hoch", document_id=w.doc_a)
    _act(copies[1], lena_b)

    def murat(act):
        me = coders.add_coder(act, "Murat")
        kollegen = codes.create_code(act, "Kollegen", w.arbeit)
        segments.apply_code(act, w.doc_b, kollegen, me, *span(TEXT_B, "die Kollegen sind nett"))
        code_changes.add_anchor(act, kollegen, "die Kollegen sind nett", "G02, Pos. 2")
        anna = coders.get_coder(act.conn, "Anna")  # extends Anna's coding (the extension rule)
        segments.apply_code(act, w.doc_b, w.arbeit, anna, *span(TEXT_B, ", aber die Kollegen"))
        segments.set_key_quote(act, w.seg_nachbarn, True)
        memos.set_memo(act, None, None, "Projektmemo: Wohnen, Arbeit und Kollegen")
    _act(copies[2], murat)

    def lead(act):  # the lead works on in the project meanwhile
        gesundheit = codes.create_code(act, "Gesundheit")
        segments.apply_code(act, w.doc_a, gesundheit, w.anna, *span(TEXT_A, "Wir wohnen"))
        memos.set_memo(act, "document", w.doc_a, "Interview in der Südstadt, zweiter Termin")
    _act(target, lead)
    return Scene(folder, w, target, copies)


@pytest.fixture(scope="module")
def base(templates):
    """The world's file (built once for the session: copy it, never open it) and its ids."""
    return templates.world_file, templates.world


@pytest.fixture
def scene(tmp_path, base) -> Scene:
    return make_scene(tmp_path, *base)


def merged_in_order(scene: Scene, order, name: str) -> Path:
    path = scene.folder / f"{name}.andock"
    shutil.copyfile(scene.target, path)
    for i in order:
        with Project.open(path) as proj:
            merge_copies(proj, [scene.copies[i]])
    return path


def test_three_copies_merge_in_any_order_to_the_same_project(scene):
    results = {}
    for order in itertools.permutations(range(3)):
        path = merged_in_order(scene, order, "order-" + "".join(map(str, order)))
        with Project.open(path) as proj:
            results[order] = canonical(proj)
    first = results[(0, 1, 2)]
    for order, result in results.items():
        for table in first:
            assert result[table] == first[table], f"order {order} differs in {table}"
    # ... and all at once, in one action
    path = scene.folder / "at-once.andock"
    shutil.copyfile(scene.target, path)
    with Project.open(path) as proj:
        merge_copies(proj, list(reversed(scene.copies)))
        assert canonical(proj) == first


def test_what_the_merged_project_holds(scene):
    w = scene.world
    path = merged_in_order(scene, (0, 1, 2), "merged")
    with Project.open(path) as proj, proj.read() as conn:
        names = {c.name: c.guid for c in coders.list_coders(conn)}
        tree = {n.path: n for n in codes.walk(codes.load_tree(conn))}
        segs = {s.guid for d in (w.doc_a, w.doc_b) for s in segments.segments_of_document(conn, d)}
        docs = {d.name: d for d in documents.list_documents(conn)}
        project_memo = memos.get_memo(conn, None)
        values = variables.values_of(conn, w.doc_a), variables.values_of(conn, w.doc_b)
        nachbarschaft_memo = memos.get_memo(conn, "code", w.nachbarschaft)
        doc_memo = memos.get_memo(conn, "document", w.doc_a)
        arbeit = segments.get_segment(conn, w.seg_arbeit)
        nachbarn = segments.get_segment(conn, w.seg_nachbarn)
    with Project.open(scene.copies[0], read_only=True) as c1, c1.read() as conn:
        first_lena = coders.get_coder(conn, "Lena")
        first_lena_guid = next(c.guid for c in coders.list_coders(conn) if c.id == first_lena)
        arbeit_guid = segments.get_segment(conn, w.seg_arbeit).guid
    assert set(names) == {"Anna", "Ben", "Lena", "Lena (2)", "Murat"}
    assert names["Lena"] == first_lena_guid  # created first, keeps the name
    assert {"Arbeit und Beruf", "Arbeit und Beruf/Kollegen", "Wohnen/Lärm", "Miete", "Gesundheit",
            "Wohnen/Nachbarschaft"} <= set(tree)
    assert "Wohnen/Miete" not in tree and "Arbeit" not in tree  # moved, renamed
    assert arbeit_guid in segs
    with Project.open(scene.target, read_only=True) as t, t.read() as conn:
        deleted = {segments.get_segment(conn, w.seg_miete).guid, segments.get_segment(conn, w.seg_schule_ben).guid}
    assert not deleted & segs  # deleted in a copy: gone
    assert nachbarschaft_memo == "Soziale Netze im Quartier (überarbeitet)"
    assert doc_memo == "Interview in der Südstadt, zweiter Termin"  # the lead's own change stays
    assert project_memo == "Projektmemo: Wohnen, Arbeit und Kollegen"
    assert values[0]["Gruppe"] == "national" and values[1]["Region"] == "Süd"
    assert (arbeit.start, arbeit.end) == (span(TEXT_B, "Die Arbeit ist anstrengend")[0],
                                          span(TEXT_B, ", aber die Kollegen")[1])  # extended in a copy
    assert nachbarn.key_quote
    # the edited interview is not mixed: Lena's version is a document of its own, with her codings
    assert docs["G02_Jobcenter"].length == len(TEXT_B)
    assert docs["G02_Jobcenter (lena)"].length == len(TEXT_B) + len(" Nord")
    assert docs["G02_Jobcenter (lena)"].label == "G02-2"
    with Project.open(path, read_only=True) as proj, proj.read() as conn:
        variant = segments.segments_of_document(conn, docs["G02_Jobcenter (lena)"].id)
        ours = segments.segments_of_document(conn, w.doc_b)
        text = documents.get_text(conn, docs["G02_Jobcenter (lena)"].id)
    assert [(text[s.start:s.end], s.coder_id == names_id(path, "Lena")) for s in variant] == [
        ("I: Erzähle", True), ("Die Arbeit ist anstrengend", False)]  # Lena's, and Anna's as it was there
    assert len(ours) == 2 and {s.guid for s in ours}.isdisjoint({s.guid for s in variant})


def names_id(path: Path, name: str) -> int:
    with Project.open(path, read_only=True) as proj, proj.read() as conn:
        return coders.get_coder(conn, name)


def test_merging_again_changes_nothing(scene):
    path = merged_in_order(scene, (2, 0, 1), "twice")
    with Project.open(path) as proj:
        before = dump(proj)
        report = merge_copies(proj, scene.copies)
        assert dump(proj) == before
        assert not report.changed()
        assert all(not r.conflicts for r in report.copies), [c.message() for r in report.copies for c in r.conflicts]
        assert proj.undo_redo_labels()[0] == "Merge lena-b.andock"  # the last merge: no new, empty entry


def test_undo_takes_the_whole_merge_back_and_redo_brings_it_again(scene):
    with Project.open(scene.target) as proj:
        before = dump(proj)
        merge_copies(proj, scene.copies)
        after = dump(proj)
        assert after != before
        assert proj.undo().description == "Merge lena.andock, lena-b.andock, murat.andock"
        assert dump(proj) == before
        proj.redo()
        assert dump(proj) == after


def test_a_dry_run_reports_what_the_merge_does_and_changes_nothing(scene):
    with Project.open(scene.target) as proj:
        before = dump(proj)
        labels = proj.undo_redo_labels()
        dry = merge_copies(proj, scene.copies, dry_run=True)
        assert dump(proj) == before
        assert proj.undo_redo_labels() == labels
        real = merge_copies(proj, scene.copies)
    assert dry.dry_run and not real.dry_run
    assert {**dry.to_json(), "dry_run": False} == real.to_json()
    totals = real.totals()
    assert totals["segments"].deleted == 2 and totals["codes"].added == 2 and totals["coders"].added == 3
    assert [o.added_as for r in real.copies for o in r.other_texts] == ["G02_Jobcenter (lena)"]
    assert any(n.how == "renamed" and n.name == "Lena (2)" for r in real.copies for n in r.coders)


def test_merging_a_copy_into_an_empty_project_on_postgresql_and_again_after_more_work(pg_project, scene):
    """A team server collecting copies: everything arrives; a copy's later work arrives as updates."""
    merge_copies(pg_project, [scene.copies[0]])
    with Project.open(scene.copies[0]) as c1:
        first = canonical(c1)
    mine = canonical(pg_project)
    for table in ("coders", "codes", "segments", "memos", "variable_values", "word_timings"):
        assert mine[table] == first[table], table
    with Project.open(scene.copies[0]) as c1, c1.action("More") as act:
        codes.rename_code(act, codes.find_by_path(act.conn, "Wohnen/Lärm"), "Straßenlärm")
    report = merge_copies(pg_project, [scene.copies[0]])
    assert report.totals()["codes"].updated == 1 and not report.copies[0].conflicts
    assert not report.copies[0].same_project and "not a copy of this project" in report.lines()[-1]
    with pg_project.read() as conn:
        assert codes.find_by_path(conn, "Wohnen/Straßenlärm")
    pg_project.undo()
    with pg_project.read() as conn:
        assert codes.find_by_path(conn, "Wohnen/Lärm")


def test_the_api_names_the_report_types():
    assert {"merge_copies", "merge_into", "open_copies", "MergeReport"} <= set(merge.__all__)


def test_the_merge_is_the_acting_coders_action(scene):
    """The window's coder owns the merge: only their undo takes it back."""
    w = scene.world
    with Project.open(scene.target) as proj:
        merge_copies(proj, scene.copies[:1], coder=w.ben)
        assert proj.undo_redo_labels("Anna")[0] != "Merge lena.andock"
        assert proj.undo_redo_labels("Ben")[0] == "Merge lena.andock"
        assert proj.undo("Ben").description == "Merge lena.andock"

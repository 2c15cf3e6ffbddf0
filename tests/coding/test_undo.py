"""Undo and redo: every kind of change can be taken back exactly, and brought back exactly.

"Exactly" means the dump of every table (except the history itself) equals the dump before the
action after undo, and the dump after the action after redo — same ids, same GUIDs, same times.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.services import code_changes, codes, coders, documents, memos, segments, variables
from coding.base.errors import InputError
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, TEXT_B, build_world, do, dump, integrity_problems, parsed, project, roundtrip, span,
    templates, world,
)

ROOT = Path(__file__).resolve().parents[2]


def count(project, table: str, *where) -> int:
    t = TABLES[table]
    with project.read() as conn:
        return len(conn.execute(select(t).where(*where)).all())


# --- the basic contract --------------------------------------------------------------------

def test_with_nothing_to_undo_or_redo_both_return_none(project):
    assert project.undo() is None
    assert project.redo() is None
    assert project.undo_redo_labels() == (None, None)


def test_an_action_that_changes_nothing_leaves_nothing_to_undo(project, world):
    do(project, lambda act: codes.rename_code(act, world.arbeit, "Arbeit"))  # same name
    assert project.undo_redo_labels() == ("Build world", None)


def test_a_failing_action_changes_nothing_and_records_nothing(project, world):
    before = dump(project)
    with pytest.raises(InputError):
        with project.action("Half done") as act:
            codes.create_code(act, "Neu")
            segments.apply_code(act, world.doc_a, world.arbeit, world.anna, 0, 10 ** 6)
    assert dump(project) == before
    assert project.undo_redo_labels() == ("Build world", None)


def test_undo_returns_what_changed_and_the_description(project, world):
    start, end = span(TEXT_A, "Wir wohnen")
    with project.action("Code Wir wohnen") as act:
        seg = segments.apply_code(act, world.doc_a, world.arbeit, world.anna, start, end)
    assert project.undo_redo_labels() == ("Code Wir wohnen", None)
    changes = project.undo()
    assert changes.description == "Code Wir wohnen"
    assert changes.deleted == {"segments": {seg}}
    assert project.undo_redo_labels() == ("Build world", "Code Wir wohnen")
    changes = project.redo()
    assert changes.inserted == {"segments": {seg}}


def test_undoing_the_building_of_a_whole_project_empties_it(project):
    empty = dump(project)
    build_world(project)
    full = dump(project)
    project.undo()
    assert dump(project) == empty
    project.redo()
    assert dump(project) == full


# --- coders and documents ------------------------------------------------------------------

def test_add_coder(project, world):
    roundtrip(project, lambda: do(project, lambda act: coders.add_coder(act, "Clara"), "Add coder"),
              "Add coder")


def test_a_coder_created_implicitly_for_a_coding_goes_with_undo(project, world):
    def code_as_new_coder(act):
        cid = coders.resolve_coder(act, "Dora")
        return segments.apply_code(act, world.doc_b, world.arbeit, cid, 0, 5)

    roundtrip(project, lambda: do(project, code_as_new_coder))
    project.undo()
    with project.read() as conn:
        assert coders.find_coder(conn, "Dora") is None


def test_the_coder_made_for_a_single_researcher_goes_with_undo_and_returns_with_redo(project, world,
                                                                                       monkeypatch):
    monkeypatch.setattr(coders.getpass, "getuser", lambda: "Forscherin")

    def code_without_naming_a_coder(act):
        return segments.apply_code(act, world.doc_b, world.arbeit, coders.resolve_coder(act, None), 0, 5)

    before = dump(project)
    do(project, code_without_naming_a_coder)
    with project.read() as conn:
        me = coders.current_coder_id(conn)
    with project.read() as conn:
        assert coders.find_coder(conn, "Forscherin") == me
    project.undo()
    # the preference is not history: it stays, but names no coder any more
    assert {k: v for k, v in dump(project).items() if k != "settings"} == {
        k: v for k, v in before.items() if k != "settings"}
    with project.read() as conn:
        assert coders.current_coder_id(conn) is None
    project.redo()
    with project.read() as conn:
        assert coders.current_coder_id(conn) == me


def test_add_document_with_turns_and_anchors(project, world):
    text = "I: Noch eine Frage?\nB: Ja, gern. Öfter mal was Neues 🙂.\n"
    roundtrip(project, lambda: do(project, lambda act: documents.add_document(
        act, "K07_Wohnungsamt", parsed(text, [0, 2500]), label="K07")))


def test_rename_document_and_its_label(project, world):
    roundtrip(project, lambda: do(project, lambda act: documents.rename_document(
        act, world.doc_a, "K01_Sozialamt_Nord", "K01N")))


def test_delete_document_restores_segments_turns_anchors_values_and_memos(project, world):
    doc = world.doc_a
    memos_t = TABLES["memos"]
    owned = {
        "segments": count(project, "segments", TABLES["segments"].c.document_id == doc),
        "speaker_turns": count(project, "speaker_turns", TABLES["speaker_turns"].c.document_id == doc),
        "time_anchors": count(project, "time_anchors", TABLES["time_anchors"].c.document_id == doc),
        "variable_values": count(project, "variable_values", TABLES["variable_values"].c.document_id == doc),
        "document memos": count(project, "memos", memos_t.c.document_id == doc),
        "segment memos": count(project, "memos", memos_t.c.segment_id == world.seg_nachbarn),
    }
    assert all(owned.values()), owned  # the test is only meaningful with something attached

    _, before, after = roundtrip(project, lambda: do(
        project, lambda act: documents.delete_document(act, doc)))
    assert len(after["documents"]) == len(before["documents"]) - 1
    assert not any(r for r in after["segments"] if r[2] == doc)
    project.undo()
    with project.read() as conn:
        assert documents.get_text(conn, doc) == TEXT_A
        assert memos.get_memo(conn, "segment", world.seg_nachbarn) == "Familien als Nachbarn"
        assert variables.values_of(conn, doc) == {"Gruppe": "kommunal", "Alter": "54"}


# --- codings ---------------------------------------------------------------------------------

def test_apply_code_creating_a_new_segment(project, world):
    roundtrip(project, lambda: do(project, lambda act: segments.apply_code(
        act, world.doc_a, world.arbeit, world.ben, *span(TEXT_A, "Südstadt 🏘️"), memo="Ortsname")))


def test_apply_code_extending_and_merging_several_segments_with_their_memos(project, world):
    a = span(TEXT_A, "Wir wohnen")
    b = span(TEXT_A, "Südstadt")
    c = span(TEXT_A, "der Schule")

    def three_codings(act):
        ids = [segments.apply_code(act, world.doc_a, world.arbeit, world.anna, *r) for r in (a, b, c)]
        memos.set_memo(act, "segment", ids[1], "zweites Memo", world.anna)
        memos.set_memo(act, "segment", ids[2], "drittes Memo", world.anna)
        return ids

    ids = do(project, three_codings)
    # one coding across all three joins them into the first, memos concatenated
    merged, before, after = roundtrip(project, lambda: do(project, lambda act: segments.apply_code(
        act, world.doc_a, world.arbeit, world.anna, a[0] + 3, c[0] + 1, memo="neu")))
    assert merged == ids[0]
    with project.read() as conn:
        seg = segments.get_segment(conn, merged)
        assert (seg.start, seg.end) == (a[0], c[1])
        assert memos.get_memo(conn, "segment", merged) == "zweites Memo\n\ndrittes Memo\n\nneu"
    project.undo()
    with project.read() as conn:
        assert [(s.start, s.end) for s in segments.segments_of_document(conn, world.doc_a)
                if s.code_id == world.arbeit] == [a, b, c]
        assert memos.get_memo(conn, "segment", ids[1]) == "zweites Memo"


def test_remove_code(project, world):
    removed, _, _ = roundtrip(project, lambda: do(project, lambda act: segments.remove_code(
        act, world.doc_a, world.nachbarschaft, *span(TEXT_A, "groß"))))
    assert removed == 1


def test_key_quote_flag(project, world):
    roundtrip(project, lambda: do(project, lambda act: segments.set_key_quote(act, world.seg_nachbarn, True)))
    roundtrip(project, lambda: do(project, lambda act: segments.set_key_quote(act, world.seg_miete, False)))


# --- memos -------------------------------------------------------------------------------------

def memo_target(world, kind):
    return {None: None, "document": world.doc_b, "code": world.arbeit, "segment": world.seg_arbeit}[kind]


@pytest.mark.parametrize("kind", [None, "document", "code", "segment"])
def test_memo_create_change_and_delete(project, world, kind):
    target = memo_target(world, kind)
    if kind is None:  # the world has a project memo already: start from none
        do(project, lambda act: memos.set_memo(act, None, None, ""))
    with project.read() as conn:
        assert memos.get_memo(conn, kind, target) == ""

    def set_to(text):
        return lambda: do(project, lambda act: memos.set_memo(act, kind, target, text, world.anna))

    roundtrip(project, set_to("Erste Fassung: Übergänge 🤔"))
    roundtrip(project, set_to("Zweite Fassung"))
    with project.read() as conn:
        assert memos.get_memo(conn, kind, target) == "Zweite Fassung"
    roundtrip(project, set_to(""))
    with project.read() as conn:
        assert memos.get_memo(conn, kind, target) == ""


# --- codes ---------------------------------------------------------------------------------------

def test_create_code_with_details(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.create_code(
        act, "Mobilität", world.wohnen, "#123abc", definition="Wege", coding_rules="nur Alltag")))


def test_rename_code(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.rename_code(act, world.miete, "Wohnkosten")))


def test_recolour_code(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.recolour_code(act, world.miete, "#00FF00")))


def test_update_code_details(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.update_details(
        act, world.wohnen, definition="Neu gefasst", inclusion="Miete, Lage", exclusion="Arbeit")))


def test_move_code_to_another_parent(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.move_code(act, world.arbeit, world.wohnen, 0)))


def test_move_code_within_its_siblings(project, world):
    roundtrip(project, lambda: do(project, lambda act: codes.move_code(act, world.miete, world.wohnen, 0)))


def test_merge_codes(project, world):
    do(project, lambda act: memos.set_memo(act, "code", world.miete, "Mietmemo"))
    do(project, lambda act: code_changes.add_anchor(act, world.miete, "Zu teuer.", "K02, Pos. 4"))
    roundtrip(project, lambda: do(project, lambda act: code_changes.merge_codes(
        act, world.miete, world.nachbarschaft)))


def test_delete_code_restores_subcodes_segments_anchors_and_memos_with_the_same_ids(project, world):
    do(project, lambda act: code_changes.add_segment_as_anchor(act, world.seg_miete))
    do(project, lambda act: codes.create_code(act, "Lärm", world.nachbarschaft))
    with project.read() as conn:
        guids_before = {r.id: r.guid for r in conn.execute(select(TABLES["codes"]))}
        seg_guids_before = {r.id: r.guid for r in conn.execute(select(TABLES["segments"]))}
    impact, before, after = roundtrip(project, lambda: do(
        project, lambda act: code_changes.delete_code(act, world.wohnen)))
    assert (impact.codes, impact.segments) == (4, 3)
    assert [r[0] for r in after["codes"]] == [world.arbeit]
    assert after["anchor_examples"] == []
    project.undo()
    with project.read() as conn:
        assert {r.id: r.guid for r in conn.execute(select(TABLES["codes"]))} == guids_before
        assert {r.id: r.guid for r in conn.execute(select(TABLES["segments"]))} == seg_guids_before
        assert memos.get_memo(conn, "code", world.nachbarschaft) == "Soziale Netze im Quartier"
        assert memos.get_memo(conn, "segment", world.seg_nachbarn) == "Familien als Nachbarn"


def test_add_anchor_example(project, world):
    roundtrip(project, lambda: do(project, lambda act: code_changes.add_anchor(
        act, world.arbeit, "Die Arbeit ist anstrengend.", "G02, Pos. 2")))


def test_add_segment_as_anchor(project, world):
    anchor_id, _, after = roundtrip(project, lambda: do(
        project, lambda act: code_changes.add_segment_as_anchor(act, world.seg_nachbarn)))
    with project.read() as conn:
        assert code_changes.list_anchors(conn, world.nachbarschaft)[-1] == (
            anchor_id, "Die Nachbarschaft ist groß 👩‍👩‍👧", "K01, 00:00:12")  # the time anchor (one citation rule)


def test_import_a_codebook_that_updates_and_creates_codes(project, world):
    from coding.services.codebook import import_codebook
    from coding.exchange.codebook_format import AnchorExample, Codebook, CodeEntry

    book = Codebook([
        CodeEntry("Wohnen", colour="#112233", inclusion="Wohnort, Miete", memo="aus dem Leitfaden",
                  children=[CodeEntry("Umzug", definition="Wechsel der Wohnung",
                                      anchors=[AnchorExample("Wir sind 2019 umgezogen.", "K04")])]),
        CodeEntry("Gesundheit", children=[CodeEntry("Pflege")]),
    ])
    report, _, _ = roundtrip(project, lambda: do(project, lambda act: import_codebook(act, book)))
    assert (report.created, report.updated) == (3, 1)


# --- variables -------------------------------------------------------------------------------------

def test_define_variable(project, world):
    roundtrip(project, lambda: do(project, lambda act: variables.define_variable(act, "Befragt am", "date")))


def test_set_value_new_changed_and_cleared(project, world):
    roundtrip(project, lambda: do(project, lambda act: variables.set_value_by_name(
        act, world.doc_b, "Alter", "37")))
    roundtrip(project, lambda: do(project, lambda act: variables.set_value_by_name(
        act, world.doc_a, "Gruppe", "frei")))
    roundtrip(project, lambda: do(project, lambda act: variables.set_value_by_name(
        act, world.doc_a, "Gruppe", "")))


def test_set_value_of_a_new_variable_also_undoes_the_variable(project, world):
    _, before, _ = roundtrip(project, lambda: do(project, lambda act: variables.set_value_by_name(
        act, world.doc_a, "Stadtteil", "Südstadt")))
    project.undo()
    with project.read() as conn:
        assert variables.find_variable(conn, "Stadtteil") is None


def test_import_a_variables_table(project, world, tmp_path):
    table = tmp_path / "variablen.csv"
    table.write_text("Dokument;Gruppe;Alter;Träger\n"
                     "K01_Sozialamt;kommunal;55;Stadt\n"
                     "G02_Jobcenter;frei;41;Caritas\n", encoding="utf-8")
    report, _, after = roundtrip(project, lambda: variables.import_table(project, table),
                                 "Import variables from variablen.csv")
    assert report.documents == 2 and report.new_variables == ["Träger"]
    with project.read() as conn:
        assert variables.values_of(conn, world.doc_a) == {"Gruppe": "kommunal", "Alter": "55",
                                                         "Träger": "Stadt"}


# --- text edits --------------------------------------------------------------------------------------

def test_edit_text_restores_old_text_and_positions(project, world):
    from coding.services import text_edit

    new_text = TEXT_A.replace("Wir wohnen in der Südstadt", "Wir leben seit 1998 in der Südstadt") \
                     .replace("Die Nachbarschaft ist groß", "Die Nachbarschaft ist sehr groß") \
                     .replace("I: Und die Nachbarn?\n", "")
    report, before, after = roundtrip(project, lambda: do(
        project, lambda act: text_edit.edit_text(act, world.doc_a, new_text)))
    with project.read() as conn:
        assert documents.get_text(conn, world.doc_a) == new_text
        seg = segments.get_segment(conn, world.seg_nachbarn)
        assert new_text[seg.start:seg.end] == "Die Nachbarschaft ist sehr groß 👩‍👩‍👧"
    project.undo()
    with project.read() as conn:
        assert documents.get_text(conn, world.doc_a) == TEXT_A
        seg = segments.get_segment(conn, world.seg_nachbarn)
        assert TEXT_A[seg.start:seg.end] == "Die Nachbarschaft ist groß 👩‍👩‍👧"


def test_edit_text_that_deletes_a_coded_passage_with_its_memo(project, world):
    from coding.services import text_edit
    from coding.text.remap import Edit

    start, end = span(TEXT_A, "Die Nachbarschaft ist groß 👩‍👩‍👧 ")
    report, _, _ = roundtrip(project, lambda: do(project, lambda act: text_edit.edit_text(
        act, world.doc_a, edits=[Edit(start, end, ""), Edit(0, 0, "Interview 1\n")])))
    assert report.removed == [world.seg_nachbarn]
    project.undo()
    with project.read() as conn:
        assert memos.get_memo(conn, "segment", world.seg_nachbarn) == "Familien als Nachbarn"


def test_edit_text_that_joins_two_codings(project, world):
    from coding.services import text_edit

    first, second = span(TEXT_A, "Wir wohnen"), span(TEXT_A, "in der Südstadt")
    do(project, lambda act: [segments.apply_code(act, world.doc_a, world.arbeit, world.anna, *r)
                             for r in (first, second)])
    roundtrip(project, lambda: do(project, lambda act: text_edit.edit_text(
        act, world.doc_a, TEXT_A.replace("Wir wohnen in", "Wir wohnenin"))))
    with project.read() as conn:
        joined = [s for s in segments.segments_of_document(conn, world.doc_a) if s.code_id == world.arbeit]
        assert [documents.get_text(conn, world.doc_a)[s.start:s.end] for s in joined] == [
            "Wir wohnenin der Südstadt"]


# --- sequences of actions -------------------------------------------------------------------------------

def test_multi_level_undo_and_redo_walk_through_every_state(project, world):
    steps = [
        lambda act: codes.create_code(act, "Freizeit"),
        lambda act: segments.apply_code(act, world.doc_b, world.arbeit, world.ben, *span(TEXT_B, "Sozialamt")),
        lambda act: codes.rename_code(act, world.wohnen, "Wohnsituation"),
        lambda act: documents.delete_document(act, world.doc_b),
        lambda act: code_changes.delete_code(act, world.nachbarschaft),
    ]
    states = [dump(project)]
    for i, step in enumerate(steps):
        do(project, step, f"Schritt {i}")
        states.append(dump(project))
    for i in reversed(range(len(steps))):
        assert project.undo().description == f"Schritt {i}"
        assert dump(project) == states[i]
    for i in range(len(steps)):
        assert project.redo().description == f"Schritt {i}"
        assert dump(project) == states[i + 1]
    assert project.redo() is None


def test_a_new_action_after_undo_drops_the_redo_stack(project, world):
    do(project, lambda act: codes.create_code(act, "Freizeit"), "Freizeit")
    do(project, lambda act: codes.create_code(act, "Gesundheit"), "Gesundheit")
    project.undo()
    project.undo()
    assert project.undo_redo_labels() == ("Build world", "Freizeit")
    do(project, lambda act: codes.create_code(act, "Familie"), "Familie")
    assert project.undo_redo_labels() == ("Familie", None)
    assert project.redo() is None
    with project.read() as conn:
        names = {n.name for n in codes.walk(codes.load_tree(conn))}
    assert {"Familie"} <= names and not {"Freizeit", "Gesundheit"} & names


def test_undo_everything_then_redo_everything_keeps_the_database_consistent(project, world):
    do(project, lambda act: code_changes.merge_codes(act, world.miete, world.wohnen))
    do(project, lambda act: documents.delete_document(act, world.doc_a))
    while project.undo() is not None:
        assert integrity_problems(project) == []
    assert all(rows == [] for name, rows in dump(project).items() if name != "project_info")
    while project.redo() is not None:
        assert integrity_problems(project) == []


def test_only_the_newest_actions_are_kept_for_undo(project, world, monkeypatch):
    from coding.store import history, history_stack

    monkeypatch.setattr(history_stack, "MAX_HISTORY", 3)
    for name in ("Eins", "Zwei", "Drei", "Vier"):
        do(project, lambda act: codes.create_code(act, name), name)
    assert [project.undo().description for _ in range(3)] == ["Vier", "Drei", "Zwei"]
    assert project.undo() is None


# --- another process -----------------------------------------------------------------------------------

def test_undo_in_a_second_process_undoes_the_last_action_of_this_one(project, world):
    before = dump(project)
    do(project, lambda act: codes.create_code(act, "Aus Prozess eins"), "Code anlegen")
    after = dump(project)
    code = ("import sys; from coding.store.project import Project; p = Project.open(sys.argv[1]); "
            "c = p.undo(); print(c.description); p.close()")
    result = subprocess.run([sys.executable, "-c", code, str(project.path)], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env=dict(os.environ, PYTHONUTF8="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Code anlegen"
    assert dump(project) == before
    # ...and this process can redo what the other one undid
    assert project.redo().description == "Code anlegen"
    assert dump(project) == after


def test_a_project_reopened_later_can_still_undo(tmp_path):
    path = tmp_path / "p.andock"
    proj = Project.create(path)
    empty = dump(proj)
    build_world(proj)
    proj.close()
    with Project.open(path) as again:
        assert again.undo().description == "Build world"
        assert dump(again) == empty


# --- history size ---------------------------------------------------------------------------------------

def used_bytes(path: Path) -> int:
    """Bytes of the file's pages in use (free pages left by SQLite not counted)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        pages, free, size = (con.execute(f"PRAGMA {p}").fetchone()[0]
                             for p in ("page_count", "freelist_count", "page_size"))
    finally:
        con.close()
    return (pages - free) * size


def test_one_word_edits_of_a_long_transcript_store_differences_not_whole_texts(tmp_path):
    from coding.services import text_edit
    from coding.exchange.importers.model import ParsedDocument

    line = "B: Die Nachbarschaft ist groß 👩‍👩‍👧 und wir kennen uns gut, die Schule ist nah.\n"
    original = (line * 16000)[:1_200_000]
    path = tmp_path / "lang.andock"
    with Project.create(path) as proj:
        with proj.action("Import") as act:
            doc = documents.add_document(act, "Lang", ParsedDocument(original, "text"))
            segments.apply_code(act, doc, codes.create_code(act, "Nähe"), coders.add_coder(act, "Anna"),
                                *span(original, "die Schule ist nah", 5000))
    sizes = [(path.stat().st_size, used_bytes(path))]
    texts = [original]
    for i in range(20):  # one word each, through the full-text path (`andock edit`)
        with Project.open(path) as proj:  # closing checkpoints: the file holds everything
            pos = texts[-1].index("groß", 50_000 * i + 7)
            new = texts[-1][:pos] + f"riesig{i}" + texts[-1][pos + 4:]
            with proj.action(f"Edit {i}") as act:
                text_edit.edit_text(act, doc, new)
            texts.append(new)
        sizes.append((path.stat().st_size, used_bytes(path)))
    # SQLite writes a changed long text to new pages and keeps the old ones as free pages for
    # the next write: the file grows by one text once, then not any more; used pages barely
    assert sizes[-1][1] - sizes[0][1] < 500_000, sizes
    assert sizes[-1][0] - sizes[1][0] < 500_000, sizes
    assert sizes[-1][0] - sizes[0][0] < len(original.encode()) + 500_000, sizes
    with Project.open(path) as proj:
        for i in reversed(range(20)):
            assert proj.undo().description == f"Edit {i}"
            with proj.read() as conn:
                assert documents.get_text(conn, doc) == texts[i]
        for i in range(20):
            assert proj.redo().description == f"Edit {i}"
        with proj.read() as conn:
            assert documents.get_text(conn, doc) == texts[-1]
            seg = segments.segments_of_document(conn, doc)[0]
            assert texts[-1][seg.start:seg.end] == "die Schule ist nah"

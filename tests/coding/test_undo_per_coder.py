"""Undo and redo per coder: each coder takes back only their own actions, never a colleague's.

Two coders share one project file (or the team database). Undo/redo act on the actions of the
coder who asks, from any process; another coder's later work is never undone or dropped, and an
undo that would clash with it is refused with one sentence, the project unchanged.
"""
from __future__ import annotations

import json

import pytest

from coding.services import code_changes, codes, coders, documents, segments, text_edit
from coding.base.errors import ConflictError
from coding.store.project import Project
from tests.conftest import andock_process, write
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, TEXT_B, build_world, dump, integrity_problems, project, span, templates, world,
)


def act_as(project, coder_id: int, description: str, fn):
    """Run ``fn(action)`` as one action of ``coder_id`` (as the window does for its coder)."""
    with project.action(description) as act:
        act.coder_id = coder_id
        return fn(act)


def code(project, world, coder_id, phrase, code_id=None, text=TEXT_A, doc=None, description="Code segment"):
    return act_as(project, coder_id, description, lambda act: segments.apply_code(
        act, doc or world.doc_a, code_id or world.arbeit, coder_id, *span(text, phrase)))


def codings(project, coder_id=None) -> list[tuple[int, int, int]]:
    with project.read() as conn:
        return [(s.code_id, s.start, s.end) for d in (1, 2)
                for s in segments.segments_of_document(conn, d) if coder_id in (None, s.coder_id)]


# --- whose actions -------------------------------------------------------------------------------

def test_undo_takes_back_only_the_asking_coders_last_action(project, world):
    anna_seg = code(project, world, world.anna, "Wir wohnen")
    lena_before = dump(project)
    code(project, world, world.ben, "Die Miete", description="Ben codes")
    assert project.undo_redo_labels(world.anna) == ("Code segment", None)
    changes = project.undo(world.anna)
    assert changes.description == "Code segment" and changes.deleted == {"segments": {anna_seg}}
    # Ben's later coding is still there; Ben's own undo takes back his, not Anna's redo
    assert project.undo_redo_labels(world.ben) == ("Ben codes", None)
    assert project.undo_redo_labels(world.anna) == ("Build world", "Code segment")
    assert project.undo(world.ben).description == "Ben codes"
    assert project.redo(world.anna).description == "Code segment"
    assert dump(project) == lena_before


def test_a_new_action_of_another_coder_keeps_my_redo(project, world):
    code(project, world, world.anna, "Wir wohnen")
    after_anna = codings(project, world.anna)
    project.undo(world.anna)
    # Ben works on: a coding (which on SQLite could take the freed row id), a code, a memo
    code(project, world, world.ben, "Die Miete", description="Ben codes")
    act_as(project, world.ben, "Ben's code", lambda act: codes.create_code(act, "Bens Code"))
    assert project.undo_redo_labels(world.anna) == ("Build world", "Code segment")
    assert project.redo(world.anna).description == "Code segment"
    assert codings(project, world.anna) == after_anna
    assert len(codings(project, world.ben)) == 2  # his world coding and the new one
    assert integrity_problems(project) == []


def test_my_own_new_action_drops_only_my_redo(project, world):
    code(project, world, world.anna, "Wir wohnen", description="Anna 1")
    code(project, world, world.ben, "Die Miete", description="Ben 1")
    project.undo(world.anna)
    project.undo(world.ben)
    code(project, world, world.anna, "Südstadt", description="Anna 2")
    assert project.undo_redo_labels(world.anna) == ("Anna 2", None)
    assert project.undo_redo_labels(world.ben) == ("Build world", "Ben 1")


def test_without_a_coder_argument_the_projects_current_coder_asks(project, world):
    with project.write() as conn:
        coders.set_current_coder(conn, world.ben)
    code(project, world, world.anna, "Wir wohnen", description="Anna codes")
    # Ben (current) has nothing of his own: the unattributed "Build world" is next, and undoing
    # it would remove what Anna's coding builds on
    with pytest.raises(ConflictError, match="Build world"):
        project.undo()
    assert len(codings(project, world.anna)) == 4
    with project.write() as conn:
        coders.set_current_coder(conn, world.anna)
    assert project.undo().description == "Anna codes"


def test_an_action_is_the_current_coders_unless_it_names_another(project, world):
    with project.write() as conn:
        coders.set_current_coder(conn, world.ben)
    with project.action("Rename code") as act:  # no coder named: the current coder's
        codes.rename_code(act, world.arbeit, "Erwerbsarbeit")
    assert project.undo_redo_labels(world.ben) == ("Rename code", None)
    assert project.undo_redo_labels(world.anna) == ("Build world", None)


# --- conflicts -----------------------------------------------------------------------------------

def refused(project, coder_id, match: str, redo: bool = False) -> None:
    before = dump(project)
    with pytest.raises(ConflictError, match=match) as info:
        (project.redo if redo else project.undo)(coder_id)
    assert "\n" not in str(info.value)
    assert dump(project) == before


def test_undo_is_refused_when_another_coder_deleted_the_coded_segment(project, world):
    seg = code(project, world, world.ben, "Wir wohnen", description="Ben codes")
    act_as(project, world.anna, "Remove coding", lambda act: segments.delete_segment(act, seg))
    refused(project, world.ben, r"cannot undo 'Ben codes': Anna's later action 'Remove coding' "
                                r"changed the same codings")
    project.undo(world.anna)  # once Anna takes hers back, Ben's undo works
    assert project.undo(world.ben).description == "Ben codes"


def test_undo_is_refused_when_another_coder_changed_the_segment(project, world):
    seg = code(project, world, world.ben, "Wir wohnen", description="Ben codes")
    act_as(project, world.anna, "Key quote", lambda act: segments.set_key_quote(act, seg, True))
    refused(project, world.ben, "Anna's later action 'Key quote'")


def test_undo_is_refused_when_another_coder_edited_the_text_under_it(project, world):
    code(project, world, world.ben, "Wir wohnen", description="Ben codes")
    act_as(project, world.anna, "Edit text", lambda act: text_edit.edit_text(
        act, world.doc_a, "Vorab.\n" + TEXT_A))
    refused(project, world.ben, "Anna's later action 'Edit text'")


def test_undo_is_refused_when_another_coder_removed_the_code(project, world):
    code(project, world, world.ben, "Wir wohnen", code_id=world.miete, description="Ben codes")
    act_as(project, world.anna, "Delete code", lambda act: code_changes.delete_code(act, world.wohnen))
    refused(project, world.ben, "Anna's later action 'Delete code'")


def test_undoing_a_code_that_another_coder_has_coded_with_since_is_refused(project, world):
    new = act_as(project, world.ben, "New code", lambda act: codes.create_code(act, "Neu"))
    code(project, world, world.anna, "Wir wohnen", code_id=new, description="Anna codes")
    refused(project, world.ben, "cannot undo 'New code'")


def test_redo_is_refused_when_another_coder_changed_what_it_would_restore(project, world):
    act_as(project, world.ben, "Rename", lambda act: codes.rename_code(act, world.arbeit, "Job"))
    project.undo(world.ben)
    act_as(project, world.anna, "Rename too", lambda act: codes.rename_code(act, world.arbeit, "Beruf"))
    refused(project, world.ben, "cannot redo 'Rename': Anna's later action 'Rename too' changed the same codes",
            redo=True)


def test_independent_work_of_two_coders_undoes_in_any_order(project, world):
    states = [dump(project)]
    code(project, world, world.anna, "Wir wohnen", description="A1")
    code(project, world, world.ben, "Die Miete", description="B1")
    act_as(project, world.anna, "A2", lambda act: text_edit.edit_text(
        act, world.doc_b, TEXT_B.replace("nett", "sehr nett")))
    project.undo(world.anna)
    project.undo(world.anna)
    project.undo(world.ben)
    assert dump(project) == states[0]


# --- the command line, each step a separate process ------------------------------------------------

def run_ok(*args):
    r = andock_process(*args)
    assert r.returncode == 0, r.stderr
    return r


def test_the_second_persons_undo_never_removes_annas_coding(tmp_path):
    p = tmp_path / "team.andock"
    run_ok("new", p)
    run_ok("coders", p, "--add", "Lena", "--use", "Lena")  # the second person's window/terminal
    run_ok("import", p, write(tmp_path / "K01.txt", "I: Wie geht es?\n\nB: Gut, danke. Die Arbeit ist schön.\n"))
    run_ok("code-new", p, "Arbeit")
    run_ok("code", p, "--doc", "K01", "--code", "Arbeit", "--start", 17, "--end", 28, "--coder", "Anna",
           "--new-coder")  # Lena is a coder already: a new name must be meant (issue 13)
    # Lena's undo (the current coder) reaches her own "New code", which Anna's coding uses now
    r = andock_process("undo", p)
    assert r.returncode == 1 and r.stderr.startswith("andock: cannot undo 'New code'"), r.stderr
    assert r.stderr.count("\n") == 1
    assert json.loads(run_ok("info", p, "--json").stdout)["segments"] == 1
    # Lena works; Anna (in a new process each time) undoes, Lena works on, Anna redoes
    run_ok("code", p, "--doc", "K01", "--code", "Arbeit", "--start", 0, "--end", 15, "--coder", "Lena")
    assert "Undone: Code segment" in run_ok("undo", p, "--coder", "Anna").stdout
    segs = json.loads(run_ok("segments", p, "--json").stdout)
    assert [s["coder"] for s in segs] == ["Lena"]
    run_ok("memo", p, "Projektnotiz")  # a new action of Lena (current): Anna's redo stays
    info = json.loads(run_ok("info", p, "--json").stdout)
    assert (info["current_coder"], info["undo"], info["redo"]) == ("Lena", "Edit memo", None)
    assert "Redone: Code segment" in run_ok("redo", p, "--coder", "Anna").stdout
    segs = json.loads(run_ok("segments", p, "--json").stdout)
    assert sorted(s["coder"] for s in segs) == ["Anna", "Lena"]
    assert "Undone: Edit memo" in run_ok("undo", p).stdout  # Lena's own
    r = andock_process("undo", p, "--coder", "Niemand")
    assert r.returncode == 1 and "no coder named 'Niemand'" in r.stderr


# --- the team database ----------------------------------------------------------------------------

def test_per_coder_undo_and_conflicts_on_postgresql(pg_project):
    world = build_world(pg_project)
    seg = act_as(pg_project, world.ben, "Ben codes", lambda act: segments.apply_code(
        act, world.doc_a, world.arbeit, world.ben, *span(TEXT_A, "Wir wohnen")))
    act_as(pg_project, world.anna, "Anna codes", lambda act: segments.apply_code(
        act, world.doc_b, world.arbeit, world.anna, *span(TEXT_B, "Sozialamt")))
    assert pg_project.undo(world.ben).description == "Ben codes"
    act_as(pg_project, world.anna, "Anna again", lambda act: segments.apply_code(
        act, world.doc_b, world.miete, world.anna, *span(TEXT_B, "Kollegen")))
    assert pg_project.redo(world.ben).description == "Ben codes"
    act_as(pg_project, world.anna, "Remove coding", lambda act: segments.delete_segment(act, seg))
    with pytest.raises(ConflictError, match="Anna's later action 'Remove coding'"):
        pg_project.undo(world.ben)
    assert pg_project.undo(world.anna).description == "Remove coding"
    assert pg_project.undo(world.ben).description == "Ben codes"
    with pg_project.read() as conn:
        assert [s.coder_id for s in segments.segments_of_document(conn, world.doc_b)] == [world.anna] * 3
        assert documents.get_text(conn, world.doc_a) == TEXT_A


def test_a_new_process_undoes_the_coders_last_action_on_postgresql(pg_server):
    url = pg_server.new_database()
    with Project.create(url, "Team") as proj:
        world = build_world(proj)
        act_as(proj, world.anna, "Anna codes", lambda act: segments.apply_code(
            act, world.doc_a, world.arbeit, world.anna, *span(TEXT_A, "Wir wohnen")))
        act_as(proj, world.ben, "Ben codes", lambda act: segments.apply_code(
            act, world.doc_b, world.miete, world.ben, *span(TEXT_B, "Sozialamt")))
    r = andock_process("undo", url, "--coder", "Anna")
    assert r.returncode == 0 and "Undone: Anna codes" in r.stdout, r.stderr
    with Project.open(url) as proj:
        assert proj.undo_redo_labels(world.ben) == ("Ben codes", None)
        assert proj.undo_redo_labels(world.anna) == ("Build world", "Anna codes")


# --- history limits and older files ----------------------------------------------------------------

def test_the_history_limit_counts_each_coders_actions_separately(project, world, monkeypatch):
    from coding.store import history, history_stack

    monkeypatch.setattr(history_stack, "MAX_HISTORY", 3)
    code(project, world, world.anna, "Wir wohnen", description="Anna's only")
    for i in range(5):
        act_as(project, world.ben, f"Ben {i}", lambda act, i=i: codes.create_code(act, f"Ben {i}"))
    assert [project.undo(world.ben).description for _ in range(3)] == ["Ben 4", "Ben 3", "Ben 2"]
    # Ben's oldest two went (next is the older entry of anyone); Anna's single action did not
    assert project.undo_redo_labels(world.ben)[0] == "Build world"
    assert project.undo_redo_labels(world.anna)[0] == "Anna's only"


def test_history_of_a_file_from_before_undo_per_coder_is_anyones(tmp_path):
    import json as json_

    from sqlalchemy import insert

    from coding.store import db
    from coding.store.models import TABLES, new_guid, utcnow

    path = tmp_path / "alt.andock"
    engine = db.make_engine(path)
    db.stamp_application_id(engine)
    db.upgrade(engine, "0004")
    with engine.begin() as conn:  # what Andock 0004 wrote for "New code": the code and its undo
        conn.execute(insert(TABLES["project_info"]).values(id=1, guid=new_guid(), name="Alt",
                                                          created_at=utcnow(), app_version="0.9"))
        conn.exec_driver_sql("INSERT INTO codes (id, guid, name, colour, sort_order, definition, inclusion,"
                             " exclusion, coding_rules, created_at) VALUES (1, 'g', 'Alt', '#cc6677', 0,"
                             " '', '', '', '', '2026-11-30 10:00:00')")
        conn.exec_driver_sql("INSERT INTO history (description, undo_ops, undone, created_at) VALUES (?, ?, 0,"
                             " '2026-11-30 10:00:00')", ("New code", json_.dumps([["del", "codes", [1]]])))
    engine.dispose()
    with Project.open(path) as proj:
        assert proj.backup_path is not None
        with proj.action("Coders") as act:
            anna, ben = coders.add_coder(act, "Anna"), coders.add_coder(act, "Ben")
            act.coder_id = anna
        assert proj.undo_redo_labels(ben) == ("New code", None)  # anyone's: Ben may undo it
        assert proj.undo(ben).description == "New code"
        with proj.read() as conn:
            assert codes.load_tree(conn) == []
        # the redo is Ben's now, not Anna's
        assert proj.undo_redo_labels(anna) == ("Coders", None)
        assert proj.undo_redo_labels(ben) == (None, "New code")
        assert proj.redo(ben).description == "New code"
        with proj.read() as conn:
            assert [n.name for n in codes.load_tree(conn)] == ["Alt"]

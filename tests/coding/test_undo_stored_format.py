"""The undo history's stored form does not change: old entries undo, and Andock writes the same bytes.

``tests/fixtures/project_history_0005.andock`` was written by Andock before the history operations
became typed values (``tests/fixtures/make_history_fixture.py``): one entry of every kind of
operation, by two coders, one entry undone. Its ``.expected.json`` holds what that Andock wrote
into the history when it undid every entry and redid them all.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select

from coding.store.history_ops import (
    DeleteOp, InsertOp, ReplaceTextOp, TextPiece, UpdateOp, dump_ops, load_ops, op_from_json)
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import dump, project, templates  # noqa: F401 - fixtures
from tests.conftest import FIXTURES

OLD = FIXTURES / "project_history_0005.andock"
EXPECTED = json.loads((FIXTURES / "project_history_0005.expected.json").read_text(encoding="utf-8"))
HISTORY_CONTENT = ("project_info", "settings")  # tables an undo of everything leaves filled


def history_rows(proj: Project) -> list[list]:
    """The history as the fixture generator compares it (not its times)."""
    hist = TABLES["history"]
    with proj.read() as conn:
        return [list(r) for r in conn.execute(
            select(hist.c.id, hist.c.description, hist.c.undone, hist.c.coder_guid, hist.c.undo_ops,
                   hist.c.redo_ops, hist.c.after_state).order_by(hist.c.id))]


def stored_texts() -> list[str]:
    """Every undo_ops/redo_ops text the old Andock wrote: in the fixture file and in the expected JSON."""
    conn = sqlite3.connect(f"file:{OLD}?mode=ro&immutable=1", uri=True)  # leaves the fixture as it is
    try:
        rows = [list(r) for r in conn.execute("SELECT id, description, undone, coder_guid, undo_ops, "
                                              "redo_ops, after_state FROM history ORDER BY id")]
    finally:
        conn.close()
    for key in ("after_undo", "after_redo"):
        rows += EXPECTED[key]
    return [text for row in rows for text in (row[4], row[5]) if text]


@pytest.fixture
def old(tmp_path):
    """A copy of the project written before the change (opening it migrates the copy)."""
    path = tmp_path / "verlauf.andock"
    shutil.copyfile(OLD, path)
    with Project.open(path) as proj:
        yield proj


def test_each_kind_of_stored_operation_reads_as_its_typed_value_and_back():
    stored = {
        '["del", "variable_values", [[1, 2], [2, 1]]]': DeleteOp("variable_values", ((1, 2), (2, 1))),
        '["ins", "memos", [{"id": 3, "text": "Südstadt 🏘️", "created_at": {"$dt": "2026-12-05T12:15:13.510090"}, '
        '"key_quote": false, "segment_id": null}]]': InsertOp("memos", ({
            "id": 3, "text": "Südstadt 🏘️", "created_at": datetime(2026, 12, 5, 12, 15, 13, 510090),
            "key_quote": False, "segment_id": None},)),
        '["upd", "variable_values", [2, 1], {"value": "frei"}]': UpdateOp("variable_values", (2, 1),
                                                                          {"value": "frei"}),
        '["upd", "settings", "current_coder", {"value": "c37e"}]': UpdateOp("settings", "current_coder",
                                                                            {"value": "c37e"}),
        '["txt", "documents", 1, "text", [[46, 58, "Südstadt"], [63, 63, "gleich"]]]': ReplaceTextOp(
            "documents", 1, "text", (TextPiece(46, 58, "Südstadt"), TextPiece(63, 63, "gleich"))),
    }
    for text, op in stored.items():
        assert op_from_json(json.loads(text)) == op
        assert json.dumps(op.to_json(), ensure_ascii=False) == text
    whole = "[" + ", ".join(stored) + "]"
    assert load_ops(whole) == list(stored.values())
    assert dump_ops(list(stored.values())) == whole


def test_an_unknown_kind_of_operation_is_refused():
    with pytest.raises(ValueError, match="unknown history op 'mov'"):
        load_ops('[["mov", "codes", 1]]')


def test_an_empty_column_holds_no_operations():
    assert load_ops(None) == [] and load_ops("") == [] and dump_ops([]) == "[]"


def test_history_written_by_the_old_format_reads_and_writes_back_byte_for_byte():
    texts = stored_texts()
    kinds = {op.KIND for text in texts for op in load_ops(text)}
    assert kinds == {"del", "ins", "upd", "txt"}  # the fixture holds every kind …
    assert any('{"$dt": ' in t for t in texts) and any("[[1, 1]]" in t for t in texts)  # … times, pairs
    assert any("ü" in t for t in texts)  # … and text that is not ASCII
    for text in texts:
        assert dump_ops(load_ops(text)) == text


def test_entries_recorded_before_the_change_undo_and_redo_writing_the_same_history(old):
    before = dump(old)
    assert old.undo_redo_labels("Anna") == ("Delete document", "Key quote")  # the undone entry waits
    assert old.undo("Ben").description == "Code as Ben"
    undone = []
    while (changes := old.undo("Anna")) is not None:
        undone.append(changes.description)
    assert undone == ["Delete document", "Add anchor", "Change value", "Change memo", "Edit text",
                      "Rename code", "Build world"]
    assert all(not rows for name, rows in dump(old).items() if name not in HISTORY_CONTENT)
    assert history_rows(old) == EXPECTED["after_undo"]

    redone = []
    while (changes := old.redo("Anna")) is not None:  # Anna's coder row came back with "Build world"
        redone.append(changes.description)
    assert redone == ["Build world", "Rename code", "Edit text", "Change memo", "Change value",
                      "Add anchor", "Delete document", "Key quote"]
    assert old.redo("Ben").description == "Code as Ben"
    assert history_rows(old) == EXPECTED["after_redo"]
    assert old.undo("Anna").description == "Key quote"  # undone in the file as it came
    assert dump(old) == before


def test_an_action_recorded_now_stores_typed_operations_as_the_old_json(project):  # noqa: F811
    from coding.services import codes, variables

    with project.action("Build") as act:
        code = codes.create_code(act, "Wohnen")
        variables.define_variable(act, "Gruppe", "category")
    with project.action("Change") as act:
        codes.rename_code(act, code, "Wohnen & Leben")
    assert [type(op) for op in act.undo_ops] == [UpdateOp]
    hist = TABLES["history"]
    with project.read() as conn:
        stored = conn.execute(select(hist.c.undo_ops).order_by(hist.c.id.desc()).limit(1)).scalar()
    assert stored == '[["upd", "codes", 1, {"name": "Wohnen"}]]'

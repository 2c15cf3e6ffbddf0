"""The database stays consistent: no orphan rows, foreign keys enforced, through any history."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from coding.services import code_changes, codes, documents, memos, segments, variables
from coding.base.errors import AndockError
from coding.store.models import TABLES
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_B, do, dump, integrity_problems, parsed, project, templates, world,
)


def orphans(project) -> dict[str, int]:
    """Rows whose foreign key points at nothing, per ``table.column`` (checked without the pragma)."""
    found = {}
    with project.read() as conn:
        for name, table in TABLES.items():
            for fk in table.foreign_keys:
                col, target = fk.parent, fk.column
                n = conn.execute(select(col).where(col.is_not(None), col.not_in(select(target)))).all()
                if n:
                    found[f"{name}.{col.name}"] = len(n)
    return found


def test_the_world_is_consistent(project, world):
    assert integrity_problems(project) == []
    assert orphans(project) == {}


def test_the_database_itself_refuses_deletes_that_would_orphan_rows(project, world):
    for sql in ("DELETE FROM codes WHERE id = :id", "DELETE FROM documents WHERE id = :id"):
        with pytest.raises(IntegrityError):
            with project.engine.connect() as conn, conn.begin():
                conn.execute(text(sql), {"id": world.wohnen if "codes" in sql else world.doc_a})


def test_deleting_a_code_leaves_no_orphans(project, world):
    do(project, lambda act: code_changes.add_segment_as_anchor(act, world.seg_nachbarn))
    do(project, lambda act: memos.set_memo(act, "code", world.miete, "Mietmemo"))
    do(project, lambda act: code_changes.delete_code(act, world.wohnen))
    assert orphans(project) == {} and integrity_problems(project) == []
    with project.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM memos WHERE code_id IS NOT NULL "
                                 "OR segment_id IS NOT NULL")).scalar() == 0


def test_deleting_a_document_leaves_no_orphans(project, world):
    do(project, lambda act: documents.delete_document(act, world.doc_a))
    do(project, lambda act: documents.delete_document(act, world.doc_b))
    assert orphans(project) == {} and integrity_problems(project) == []
    state = dump(project)
    for table in ("segments", "speaker_turns", "time_anchors", "variable_values"):
        assert state[table] == []
    with project.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM memos WHERE document_id IS NOT NULL "
                                 "OR segment_id IS NOT NULL")).scalar() == 0


def test_merging_codes_leaves_no_orphans(project, world):
    do(project, lambda act: codes.create_code(act, "Lärm", world.miete))
    do(project, lambda act: memos.set_memo(act, "code", world.miete, "Mietmemo"))
    do(project, lambda act: code_changes.merge_codes(act, world.wohnen, world.arbeit))
    assert orphans(project) == {} and integrity_problems(project) == []


# --- a long, mixed history ----------------------------------------------------------------------------

def _current(conn):
    ids = {name: conn.execute(select(TABLES[name].c.id)).scalars().all()
           for name in ("documents", "codes", "segments", "coders")}
    lengths = dict(conn.execute(select(TABLES["documents"].c.id, TABLES["documents"].c.text)).all())
    return ids, {k: len(v) for k, v in lengths.items()}


def _random_action(rng: random.Random, act, step: int) -> None:
    ids, lengths = _current(act.conn)
    pick = rng.choice
    kind = rng.randrange(12)
    if kind <= 3 and ids["documents"] and ids["codes"]:
        doc = pick(ids["documents"])
        start = rng.randrange(lengths[doc] - 1)
        end = min(lengths[doc], start + rng.randint(1, 30))
        segments.apply_code(act, doc, pick(ids["codes"]), pick(ids["coders"]), start, end,
                            memo=pick([None, f"Memo {step}"]))
    elif kind == 4 and ids["segments"]:
        seg = segments.get_segment(act.conn, pick(ids["segments"]))
        segments.remove_code(act, seg.document_id, seg.code_id, seg.start, seg.end)
    elif kind == 5:
        codes.create_code(act, f"Code {step}", pick(ids["codes"] + [None]))
    elif kind == 6 and len(ids["codes"]) > 1:
        codes.move_code(act, pick(ids["codes"]), pick(ids["codes"] + [None]), rng.randrange(3))
    elif kind == 7 and len(ids["codes"]) > 2:
        code_changes.merge_codes(act, pick(ids["codes"]), pick(ids["codes"]))
    elif kind == 8 and len(ids["codes"]) > 3:
        code_changes.delete_code(act, pick(ids["codes"]))
    elif kind == 9 and ids["segments"]:
        seg = pick(ids["segments"])
        pick([lambda: memos.set_memo(act, "segment", seg, pick(["", f"Notiz {step}"])),
              lambda: segments.set_key_quote(act, seg, rng.random() < .5),
              lambda: code_changes.add_segment_as_anchor(act, seg)])()
    elif kind == 10:
        if len(ids["documents"]) > 1 and rng.random() < .5:
            documents.delete_document(act, pick(ids["documents"]))
        else:
            doc = documents.add_document(act, f"K{step:02d}_Neu", parsed(TEXT_B, [0, 1000]))
            variables.set_value_by_name(act, doc, "Gruppe", pick(["kommunal", "frei"]))
    else:
        kind = pick(["document", "code"])
        targets = ids["documents" if kind == "document" else "codes"]
        if targets:
            memos.set_memo(act, kind, pick(targets), pick(["", f"M{step}"]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_long_mixed_history_with_undos_stays_consistent_and_undoes_to_the_start(project, world, seed):
    rng = random.Random(seed)
    start = dump(project)
    depth = 0  # actions since the start that are not undone
    for step in range(45):
        roll = rng.random()
        if roll < .2 and depth:
            project.undo()
            depth -= 1
        elif roll < .27:
            depth += project.redo() is not None
        else:
            try:
                with project.action(f"Schritt {step}") as act:
                    _random_action(rng, act, step)
                    changed = bool(act.undo_ops)
            except AndockError:
                changed = False  # refused (name clash, move below itself...): nothing happened
            depth += changed
        assert orphans(project) == {}, f"step {step}"
    assert integrity_problems(project) == []
    end = dump(project)
    for _ in range(depth):
        assert project.undo() is not None
    assert dump(project) == start
    assert integrity_problems(project) == []
    for _ in range(depth):
        assert project.redo() is not None
    assert dump(project) == end

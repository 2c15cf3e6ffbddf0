"""Who changed what since two copies of a project parted: read from their undo histories.

A copy made with the file manager carries the project's whole ``history`` table; from then on
each side adds entries of its own. An entry both sides hold (same time and description) is from
before they parted; an entry only one side holds is that side's change since — and its stored
undo operations tell exactly what it changed and what the rows were before:

- an update's undo operation holds the columns' previous values (``priors``),
- a delete's undo operation holds the whole deleted row (a ``tombstone``),
- an insert's undo operation names the new row.

A shared entry that one side has undone since counts as that side's change (its redo operations
hold the values before the undo). An entry a side made and undid again changed nothing.
History is bounded (500 entries per coder): what a side did before its oldest kept entry is not
known, and the merge then treats a difference as unexplained (it keeps the project's value and
reports it) rather than guessing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Iterable, Sequence, assert_never

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.services.merge_state import SPECS, Key, Row, State, field_value, key_of, utc
from coding.store.history_ops import DeleteOp, InsertOp, Op, ReplaceTextOp, ShiftOp, UpdateOp, load_ops
from coding.store.models import TABLES

UNKNOWN = object()  # a field changed to a value not recorded (a shift of positions)


@dataclass(frozen=True)
class Entry:
    """One history entry as stored."""

    signature: tuple[str, str]  # (time, description): the same on both sides for a shared entry
    time: datetime
    undone: bool
    undo_ops: str | None
    redo_ops: str | None

    @cached_property
    def undo(self) -> list[Op]:
        """The undo operations, read once."""
        return load_ops(self.undo_ops)

    @cached_property
    def redo(self) -> list[Op]:
        """The redo operations (of an undone entry), read once."""
        return load_ops(self.redo_ops)


def read_history(conn: Connection) -> list[Entry]:
    """A project's history entries, oldest first."""
    h = TABLES["history"]
    rows = conn.execute(select(h.c.created_at, h.c.description, h.c.undone, h.c.undo_ops, h.c.redo_ops)
                        .order_by(h.c.id)).all()
    return [Entry((utc(t).isoformat(), d), utc(t), bool(u), uo, ro) for t, d, u, uo, ro in rows]


def own_ops(mine: Sequence[Entry], theirs: Sequence[Entry]) -> list[list[Op]]:
    """The operations (one list per entry, oldest first) that record what ``mine`` changed since
    the sides parted: the undo operations of its own entries, the redo operations of shared
    entries it has undone (and the other side not).

    An entry older than the other side's oldest may be a shared one the other side no longer
    keeps (history is bounded): it is not counted as this side's change.
    """
    other = {e.signature: e.undone for e in theirs}
    horizon = min((e.time for e in theirs), default=None)
    out = []
    for e in mine:
        if e.signature not in other:
            if not e.undone and (horizon is None or e.time >= horizon):  # made and undone again: no change
                out.append(e.undo)
        elif e.undone and not other[e.signature]:
            out.append(e.redo)
    return out


@dataclass
class Records:
    """One side's changes since the sides parted, keyed like neutral rows."""

    priors: dict[str, dict[Key, dict[str, list[Any]]]] = field(default_factory=dict)  # values before each change
    tombs: dict[str, dict[Key, Row]] = field(default_factory=dict)  # rows it deleted, as they were
    inserted: dict[str, set[Key]] = field(default_factory=dict)  # rows it added (a merge, too)

    def priors_of(self, table: str, key: Key, field_name: str) -> list[Any] | None:
        """Values a field had before this side changed it; None when this side did not change it."""
        return self.priors.get(table, {}).get(key, {}).get(field_name)

    def made(self, table: str, key: Key) -> bool:
        """Whether this side added the row since the sides parted."""
        return key in self.inserted.get(table, ())

    def tomb(self, table: str, key: Key) -> Row | None:
        """The row as it was when this side deleted it (None: not deleted by this side)."""
        return self.tombs.get(table, {}).get(key)

    def translate(self, tr: dict[str, str]) -> None:
        """Rename GUIDs (aliases, variant documents) in keys and recorded values."""
        for table, by_key in self.priors.items():
            refs = set(SPECS[table].refs)  # a field named like its column: code_id, parent_id
            self.priors[table] = {_tr_key(k, tr): {f: [_tr_value(v, tr) if f in refs else v for v in vals]
                                                   for f, vals in fields.items()}
                                  for k, fields in by_key.items()}
        for table, tombs in self.tombs.items():
            refs = set(SPECS[table].refs)
            new = {}
            for k, row in tombs.items():
                row = {c: (tr.get(v, v) if c in refs or c == "guid" else v) for c, v in row.items()}
                new[_tr_key(k, tr)] = row
            self.tombs[table] = new
        for table, keys in self.inserted.items():
            self.inserted[table] = {_tr_key(k, tr) for k in keys}


def _tr_key(key: Key, tr: dict[str, str]) -> Key:
    return tuple(tr.get(k, k) for k in key) if isinstance(key, tuple) else tr.get(key, key)


def _tr_value(value: Any, tr: dict[str, str]) -> Any:
    return tr.get(value, value) if isinstance(value, str) else value


def remember_deleted(state: State, entries: Iterable[Entry], more: Sequence[Op] = ()) -> None:
    """Teach ``state`` the GUIDs of rows deleted since (from the row images undo keeps), so
    that references to them in older entries can be read."""
    for ops in [op for e in entries for op in (e.undo, e.redo)] + [list(more)]:
        for op in ops:
            if isinstance(op, InsertOp) and "guid" in TABLES[op.table].c:
                known = state.guid_of.setdefault(op.table, {})
                for row in op.rows:
                    known.setdefault(row["id"], row["guid"])


def records(state: State, op_lists: Sequence[Sequence[Op]]) -> Records:
    """What the operations say a side changed, in terms of neutral rows (oldest change first)."""
    out = Records()
    for ops in op_lists:
        for op in reversed(ops):  # undo operations run newest first: the first write is the last op
            if op.table not in SPECS:
                continue
            match op:
                case InsertOp():
                    for raw in op.rows:
                        row = state.neutral(op.table, dict(raw))
                        out.tombs.setdefault(op.table, {}).setdefault(key_of(op.table, row), row)
                case UpdateOp():
                    _note_update(out, state, op)
                case ShiftOp():
                    for k in op.keys:
                        _note_unknown(out, state, op.table, k, op.columns)
                case ReplaceTextOp():
                    _note_unknown(out, state, op.table, op.key, (op.column,))
                case DeleteOp():
                    made = out.inserted.setdefault(op.table, set())
                    made.update(_neutral_key(state, op.table, k) for k in op.keys)
                case _:
                    assert_never(op)
    return out


def _neutral_key(state: State, table: str, key: Any) -> Key:
    if table == "variable_values":
        doc, var = key
        return (state.ref("documents", doc), state.ref("variables", var))
    return state.ref(table, key)


def _note_update(out: Records, state: State, op: UpdateOp) -> None:
    spec = SPECS[op.table]
    key = _neutral_key(state, op.table, op.key)
    old = state.neutral(op.table, {c: v for c, v in op.values.items()})
    fields = out.priors.setdefault(op.table, {}).setdefault(key, {})
    for f in spec.fields:
        written = [c for c in f.columns if c in op.values]
        if not written:
            continue
        prior = field_value(old, f) if len(written) == len(f.columns) else UNKNOWN
        fields.setdefault(f.name, []).append(prior)


def _note_unknown(out: Records, state: State, table: str, row_id: Any, columns: Sequence[str]) -> None:
    key = _neutral_key(state, table, row_id)
    fields = out.priors.setdefault(table, {}).setdefault(key, {})
    for f in SPECS[table].fields:
        if set(f.columns) & set(columns):
            fields.setdefault(f.name, []).append(UNKNOWN)

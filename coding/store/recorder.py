"""Recorded row operations: inserts, updates and deletes that remember their inverse.

A :class:`Recorder` performs the writes of an action and, for each, the operation that undoes
it. Undoing executes those operations through a fresh recorder, which yields the operations
that redo the action — so undo and redo are the same mechanism. The user-facing side (an
action, the per-coder undo stack) is :mod:`coding.store.history`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence, assert_never

from sqlalchemy import ColumnElement, Integer, Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from coding.store import dberrors, history_ids as ids
from coding.base.errors import NotAllowedError, NotFoundError
from coding.base.messages import _
from coding.store.history_ops import (
    DeleteOp, InsertOp, Op, ReplaceTextOp, RowKey, ShiftOp, TextPiece, UpdateOp, key_of, pk_cols)
from coding.store.models import TABLES

# Test hooks: called with the table name after every recorded write, inside the transaction.
# Used by tests to kill a process mid-transaction; empty in normal use.
write_hooks: list[Callable[[str], None]] = []


@dataclass
class ChangeSet:
    """What an action changed, per table: keys inserted, updated and deleted (for GUI refresh)."""

    inserted: dict[str, set] = field(default_factory=dict)
    updated: dict[str, set] = field(default_factory=dict)
    deleted: dict[str, set] = field(default_factory=dict)
    description: str = ""
    messages: list[str] = field(default_factory=list)  # things the user should be told

    def add(self, kind: str, table: str, keys: Iterable) -> None:
        """Record keys of ``table`` under ``kind`` ('inserted', 'updated' or 'deleted')."""
        getattr(self, kind).setdefault(table, set()).update(keys)

    def tables(self) -> set[str]:
        """All tables touched."""
        return set(self.inserted) | set(self.updated) | set(self.deleted)

    def touched(self, table: str) -> set:
        """All keys of ``table`` touched in any way."""
        return (self.inserted.get(table, set()) | self.updated.get(table, set())
                | self.deleted.get(table, set()))

    def __bool__(self) -> bool:
        return bool(self.tables())


def _where(table: Table, key: RowKey) -> ColumnElement[bool]:
    cols = pk_cols(table)
    if len(cols) == 1:
        return cols[0] == key
    parts = key if isinstance(key, tuple) else (key,)  # a composite key is a tuple
    return and_(*(c == k for c, k in zip(cols, parts, strict=True)))


def _apply_pieces(text: str, pieces: Sequence[TextPiece]) -> str:
    """``text`` with sorted, non-overlapping pieces applied."""
    parts: list[str] = []
    pos = 0
    for start, end, repl in pieces:
        parts += (text[pos:start], repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _invert_pieces(old: str, pieces: Sequence[TextPiece]) -> tuple[TextPiece, ...]:
    """The pieces that turn the edited text back into ``old`` (positions in the edited text)."""
    out, shift = [], 0
    for start, end, repl in pieces:
        out.append(TextPiece(start + shift, start + shift + len(repl), old[start:end]))
        shift += len(repl) - (end - start)
    return tuple(out)


class Recorder:
    """Performs row writes on a connection and collects the operations that undo them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.undo_ops: list[Op] = []
        self.changes = ChangeSet()
        self.ids = ids.IdAllocator(conn) if conn.dialect.name == "sqlite" else None

    def _hook(self, table: str) -> None:
        for hook in write_hooks:
            hook(table)

    def insert(self, table_name: str, values: dict) -> Any:
        """Insert one row; return its primary key."""
        return self.insert_many(table_name, [values])[0]

    def insert_many(self, table_name: str, rows: Sequence[dict]) -> list:
        """Insert rows (with or without explicit keys); return their primary keys in order."""
        if not rows:
            return []
        table = TABLES[table_name]
        cols = pk_cols(table)
        rows = [dict(r) for r in rows]
        numbered = len(cols) == 1 and isinstance(cols[0].type, Integer)
        if numbered and any(cols[0].name not in r for r in rows):
            if self.ids is None:  # server sequences never hand out a number twice
                result = self.conn.execute(insert(table).returning(cols[0], sort_by_parameter_order=True),
                                           rows)
                return self._inserted(table_name, [k[0] for k in result])
            rows = self.ids.assign(table, rows)
        elif numbered and self.ids is not None:
            self.ids.reserve(table, max(r[cols[0].name] for r in rows))
        self.conn.execute(insert(table), rows)
        return self._inserted(table_name, [key_of(table, r) for r in rows])

    def _inserted(self, table_name: str, keys: list) -> list:
        self.undo_ops.append(DeleteOp(table_name, tuple(keys)))
        self.changes.add("inserted", table_name, keys)
        self._hook(table_name)
        return keys

    def update(self, table_name: str, key: RowKey, values: dict) -> None:
        """Update columns of one row, remembering their old values."""
        table = TABLES[table_name]
        cols = [table.c[name] for name in values]
        found = self.conn.execute(select(*cols).where(_where(table, key))).mappings().first()
        if found is None:
            raise NotFoundError(_("{table_name} {key!r} not found", table_name=table_name, key=key))
        old = dict(found)
        if all(old[k] == v for k, v in values.items()):
            return
        written = self.conn.execute(update(table).where(_where(table, key)).values(**values)).rowcount
        self._check_written(table_name, 1, written)
        self.undo_ops.append(UpdateOp(table_name, key, old))
        self.changes.add("updated", table_name, [key])
        self._hook(table_name)

    def replace_text(self, table_name: str, key: RowKey, column: str, old: str,
                     pieces: Iterable[tuple[int, int, str]]) -> str:
        """Apply ``(start, end, replacement)`` pieces to a text column; return the new text.

        Only the replaced pieces are stored for undo (not the whole old text), so editing one
        word of a long transcript costs a few bytes of history.
        """
        ordered = sorted((TextPiece(s, e, r) for s, e, r in pieces if s != e or r),
                         key=lambda p: (p.start, p.end))
        new = _apply_pieces(old, ordered)
        if new == old:
            return old
        table = TABLES[table_name]
        written = self.conn.execute(update(table).where(_where(table, key)).values({column: new})).rowcount
        self._check_written(table_name, 1, written)
        self.undo_ops.append(ReplaceTextOp(table_name, key, column, _invert_pieces(old, ordered)))
        self.changes.add("updated", table_name, [key])
        self._hook(table_name)
        return new

    def shift(self, table_name: str, keys: Sequence[int], columns: Sequence[str], delta: int) -> None:
        """Add ``delta`` to integer ``columns`` of the rows with these (integer) keys, as one
        operation: undo subtracts it again from exactly these rows."""
        if not keys or not delta:
            return
        table = TABLES[table_name]
        pk = pk_cols(table)[0]
        values = {c: table.c[c] + delta for c in columns}
        keys = sorted({int(k) for k in keys})
        written = sum(self.conn.execute(update(table).where(pk.in_(keys[i:i + 500])).values(values)).rowcount
                      for i in range(0, len(keys), 500))
        self._check_written(table_name, len(keys), written)
        self.undo_ops.append(ShiftOp(table_name, tuple(keys), tuple(columns), -delta))
        self.changes.add("updated", table_name, keys)
        self._hook(table_name)

    def delete_where(self, table_name: str, *criteria) -> int:
        """Delete all rows matching ``criteria`` (whole rows are kept for undo); return count."""
        table = TABLES[table_name]
        rows = [dict(r) for r in self.conn.execute(select(table).where(*criteria)).mappings()]
        if not rows:
            return 0
        keys = [key_of(table, r) for r in rows]
        cols = pk_cols(table)
        if len(cols) == 1:
            written = sum(self.conn.execute(delete(table).where(cols[0].in_(keys[i:i + 500]))).rowcount
                          for i in range(0, len(keys), 500))
        else:
            written = sum(self.conn.execute(delete(table).where(_where(table, k))).rowcount for k in keys)
        self._check_written(table_name, len(rows), written)
        self.undo_ops.append(InsertOp(table_name, tuple(rows)))
        self.changes.add("deleted", table_name, keys)
        self._hook(table_name)
        return len(rows)

    @staticmethod
    def _check_written(table_name: str, expected: int, written: int) -> None:
        """Refuse the action when fewer rows were written than found: on a team database the
        server leaves rows that the role may not change out of an UPDATE or DELETE without an
        error (row-level security, coding/store/team.py), and recording them would be a lie."""
        if written != expected:
            raise NotAllowedError(dberrors.refused_message(table_name))

    def delete(self, table_name: str, key: RowKey) -> int:
        """Delete one row by primary key."""
        return self.delete_where(table_name, _where(TABLES[table_name], key))

    def run_ops(self, ops: Sequence[Op]) -> None:
        """Execute stored operations in reverse order (as an undo or a redo)."""
        for op in reversed(ops):
            match op:
                case DeleteOp():
                    self._delete_keys(op.table, op.keys)
                case InsertOp():
                    self.insert_many(op.table, [dict(r) for r in op.rows])
                case UpdateOp():
                    self.update(op.table, op.key, dict(op.values))
                case ReplaceTextOp():
                    self._put_text_back(op)
                case ShiftOp():
                    self.shift(op.table, op.keys, op.columns, op.delta)
                case _:
                    assert_never(op)

    def _put_text_back(self, op: ReplaceTextOp) -> None:
        """Replace the op's pieces in the text as it is now (the row must still exist)."""
        table = TABLES[op.table]
        current = self.conn.execute(select(table.c[op.column]).where(_where(table, op.key))).scalar()
        if current is None:
            raise NotFoundError(_("{table_name} {key!r} not found", table_name=op.table, key=op.key))
        self.replace_text(op.table, op.key, op.column, current, op.pieces)

    def _delete_keys(self, table_name: str, keys: Sequence[RowKey]) -> None:
        """Delete rows by key: one statement for single-column keys, one per row otherwise."""
        cols = pk_cols(TABLES[table_name])
        if len(cols) == 1:
            self.delete_where(table_name, cols[0].in_(keys))
        else:
            for k in keys:
                self.delete(table_name, k)

"""Recorded row operations: every user action is one transaction that also stores its inverse.

An :class:`Action` performs inserts, updates and deletes and remembers, for each, the operation
that undoes it. Undoing executes those operations through a fresh recorder, which yields the
operations that redo the action — so undo and redo are the same mechanism, both stored in the
project file (``history`` table) and available to any process that opens it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from .errors import NotFoundError
from .models import TABLES, utcnow

MAX_HISTORY = 500  # oldest entries beyond this are dropped (keeps project files bounded)

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


def _enc(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    return value


def _row_json(row: dict) -> dict:
    return {k: _enc(v) for k, v in row.items()}


def _row_py(row: dict) -> dict:
    return {k: _dec(v) for k, v in row.items()}


def _pk_cols(table: Table) -> list:
    return list(table.primary_key.columns)


def _key_of(table: Table, row: dict) -> Any:
    cols = _pk_cols(table)
    return row[cols[0].name] if len(cols) == 1 else tuple(row[c.name] for c in cols)


def _where(table: Table, key: Any):
    cols = _pk_cols(table)
    if len(cols) == 1:
        return cols[0] == key
    return and_(*(c == k for c, k in zip(cols, key)))


class Recorder:
    """Performs row writes on a connection and collects the operations that undo them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.undo_ops: list[list] = []
        self.changes = ChangeSet()

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
        cols = _pk_cols(table)
        if len(cols) == 1 and any(cols[0].name not in r for r in rows):
            result = self.conn.execute(insert(table).returning(cols[0], sort_by_parameter_order=True),
                                       [dict(r) for r in rows])
            keys = [r[0] for r in result]
        else:
            self.conn.execute(insert(table), [dict(r) for r in rows])
            keys = [_key_of(table, r) for r in rows]
        self.undo_ops.append(["del", table_name, [list(k) if isinstance(k, tuple) else k for k in keys]])
        self.changes.add("inserted", table_name, keys)
        self._hook(table_name)
        return keys

    def update(self, table_name: str, key: Any, values: dict) -> None:
        """Update columns of one row, remembering their old values."""
        table = TABLES[table_name]
        cols = [table.c[name] for name in values]
        old = self.conn.execute(select(*cols).where(_where(table, key))).mappings().first()
        if old is None:
            raise NotFoundError(f"{table_name} {key!r} not found")
        old = dict(old)
        if all(old[k] == v for k, v in values.items()):
            return
        self.conn.execute(update(table).where(_where(table, key)).values(**values))
        self.undo_ops.append(["upd", table_name, list(key) if isinstance(key, tuple) else key,
                              _row_json(old)])
        self.changes.add("updated", table_name, [key])
        self._hook(table_name)

    def delete_where(self, table_name: str, *criteria) -> int:
        """Delete all rows matching ``criteria`` (whole rows are kept for undo); return count."""
        table = TABLES[table_name]
        rows = [dict(r) for r in self.conn.execute(select(table).where(*criteria)).mappings()]
        if not rows:
            return 0
        keys = [_key_of(table, r) for r in rows]
        cols = _pk_cols(table)
        if len(cols) == 1:
            for i in range(0, len(keys), 500):
                self.conn.execute(delete(table).where(cols[0].in_(keys[i:i + 500])))
        else:
            for k in keys:
                self.conn.execute(delete(table).where(_where(table, k)))
        self.undo_ops.append(["ins", table_name, [_row_json(r) for r in rows]])
        self.changes.add("deleted", table_name, keys)
        self._hook(table_name)
        return len(rows)

    def delete(self, table_name: str, key: Any) -> int:
        """Delete one row by primary key."""
        return self.delete_where(table_name, _where(TABLES[table_name], key))

    def run_ops(self, ops: Sequence[list]) -> None:
        """Execute stored operations in reverse order (as an undo or a redo)."""
        for op in reversed(ops):
            kind, table_name = op[0], op[1]
            table = TABLES[table_name]
            if kind == "del":
                keys = [tuple(k) if isinstance(k, list) else k for k in op[2]]
                cols = _pk_cols(table)
                if len(cols) == 1:
                    self.delete_where(table_name, cols[0].in_(keys))
                else:
                    for k in keys:
                        self.delete(table_name, k)
            elif kind == "ins":
                self.insert_many(table_name, [_row_py(r) for r in op[2]])
            elif kind == "upd":
                key = tuple(op[2]) if isinstance(op[2], list) else op[2]
                self.update(table_name, key, _row_py(op[3]))
            else:  # pragma: no cover - only written by this module
                raise ValueError(f"unknown history op {kind!r}")


class Action(Recorder):
    """A recorder bound to one user action; :meth:`commit_history` stores it for undo."""

    def __init__(self, conn: Connection, description: str) -> None:
        super().__init__(conn)
        self.description = description
        self.changes.description = description

    def commit_history(self) -> None:
        """Store the undo operations and drop the redo stack (a new action forks history)."""
        if not self.undo_ops:
            return
        hist = TABLES["history"]
        self.conn.execute(delete(hist).where(hist.c.undone.is_(True)))
        self.conn.execute(insert(hist).values(
            description=self.description, undo_ops=json.dumps(self.undo_ops, ensure_ascii=False),
            redo_ops=None, undone=False, created_at=utcnow()))
        count = self.conn.execute(select(hist.c.id).order_by(hist.c.id.desc())
                                  .offset(MAX_HISTORY).limit(1)).scalar()
        if count is not None:
            self.conn.execute(delete(hist).where(hist.c.id <= count))


def undo_last(conn: Connection) -> ChangeSet | None:
    """Undo the newest action that is not undone yet; None when there is nothing to undo."""
    hist = TABLES["history"]
    row = conn.execute(select(hist).where(hist.c.undone.is_(False))
                       .order_by(hist.c.id.desc()).limit(1)).mappings().first()
    if row is None:
        return None
    rec = Recorder(conn)
    rec.run_ops(json.loads(row["undo_ops"]))
    conn.execute(update(hist).where(hist.c.id == row["id"]).values(
        undone=True, redo_ops=json.dumps(rec.undo_ops, ensure_ascii=False)))
    rec.changes.description = row["description"]
    return rec.changes


def redo_next(conn: Connection) -> ChangeSet | None:
    """Redo the oldest undone action; None when there is nothing to redo."""
    hist = TABLES["history"]
    row = conn.execute(select(hist).where(hist.c.undone.is_(True))
                       .order_by(hist.c.id.asc()).limit(1)).mappings().first()
    if row is None:
        return None
    rec = Recorder(conn)
    rec.run_ops(json.loads(row["redo_ops"]))
    conn.execute(update(hist).where(hist.c.id == row["id"]).values(
        undone=False, undo_ops=json.dumps(rec.undo_ops, ensure_ascii=False), redo_ops=None))
    rec.changes.description = row["description"]
    return rec.changes


def peek(conn: Connection) -> tuple[str | None, str | None]:
    """Descriptions of the action that undo and redo would affect next."""
    hist = TABLES["history"]
    u = conn.execute(select(hist.c.description).where(hist.c.undone.is_(False))
                     .order_by(hist.c.id.desc()).limit(1)).scalar()
    r = conn.execute(select(hist.c.description).where(hist.c.undone.is_(True))
                     .order_by(hist.c.id.asc()).limit(1)).scalar()
    return u, r

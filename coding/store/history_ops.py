"""The row operations a history entry stores, as typed values, and their JSON form in the file.

An entry of the ``history`` table keeps the operations that undo (or redo) an action in its
``undo_ops``/``redo_ops`` columns as a JSON list. Project files hold that format, so it is fixed;
each operation is one JSON list whose first item names its kind::

    ["del", table, [key, ...]]                               DeleteOp: delete these rows
    ["ins", table, [{column: value, ...}, ...]]              InsertOp: put these whole rows back
    ["upd", table, key, {column: value, ...}]                UpdateOp: set these columns of a row
    ["txt", table, key, column, [[start, end, text], ...]]   ReplaceTextOp: put pieces of a text back
    ["shf", table, [[first, last], ...], [column, ...], delta] ShiftOp: add delta to columns of rows

A composite primary key is a JSON list; a datetime value is ``{"$dt": ISO text}``. Reading and
writing again gives the same bytes (``dump_ops(load_ops(s)) == s``), so an entry written by any
version is undone by any later one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Iterator, Mapping, NamedTuple, Sequence

from sqlalchemy import Column, Table

from coding.store.models import TABLES

RowKey = int | str | tuple[Any, ...]  # a row's primary key; a tuple for composite keys
Row = Mapping[str, Any]  # column name -> value (datetimes as datetime)
Touch = tuple[RowKey, frozenset[str] | None]  # a row and the columns written (None: whole row)


def pk_cols(table: Table) -> list[Column[Any]]:
    """The primary key columns of ``table``."""
    return list(table.primary_key.columns)


def key_of(table: Table, row: Row) -> RowKey:
    """The primary key of a row dict (a tuple for composite keys)."""
    cols = pk_cols(table)
    return row[cols[0].name] if len(cols) == 1 else tuple(row[c.name] for c in cols)


# --- values and keys in JSON -------------------------------------------------------------------

def _value_json(value: Any) -> Any:
    return {"$dt": value.isoformat()} if isinstance(value, datetime) else value


def _value_py(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    return value


def _row_json(row: Row) -> dict[str, Any]:
    return {k: _value_json(v) for k, v in row.items()}


def _row_py(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _value_py(v) for k, v in row.items()}


def _key_json(key: RowKey) -> Any:
    return list(key) if isinstance(key, tuple) else key


def _key_py(key: Any) -> RowKey:
    """A key as read from JSON as a row key: composite keys are tuples."""
    return tuple(key) if isinstance(key, list) else key


# --- the operations ----------------------------------------------------------------------------

class TextPiece(NamedTuple):
    """``text`` replaces the code points ``[start, end)`` of a column's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DeleteOp:
    """Delete rows by primary key (what undoes an insert)."""

    KIND: ClassVar[str] = "del"
    table: str
    keys: tuple[RowKey, ...]

    def to_json(self) -> list[Any]:
        """The stored form: ``["del", table, [key, ...]]``."""
        return [self.KIND, self.table, [_key_json(k) for k in self.keys]]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> DeleteOp:
        """Read the stored form."""
        return cls(data[1], tuple(_key_py(k) for k in data[2]))

    def touches(self) -> Iterator[Touch]:
        """The rows this writes: each deleted row, whole."""
        for key in self.keys:
            yield key, None


@dataclass(frozen=True)
class InsertOp:
    """Insert whole rows with their old keys (what undoes a delete)."""

    KIND: ClassVar[str] = "ins"
    table: str
    rows: tuple[Row, ...]

    def to_json(self) -> list[Any]:
        """The stored form: ``["ins", table, [row, ...]]``."""
        return [self.KIND, self.table, [_row_json(r) for r in self.rows]]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> InsertOp:
        """Read the stored form."""
        return cls(data[1], tuple(_row_py(r) for r in data[2]))

    def touches(self) -> Iterator[Touch]:
        """The rows this writes: each inserted row, whole."""
        table = TABLES[self.table]
        for row in self.rows:
            yield key_of(table, row), None


@dataclass(frozen=True)
class UpdateOp:
    """Set columns of one row to the given values (what undoes an update)."""

    KIND: ClassVar[str] = "upd"
    table: str
    key: RowKey
    values: Row

    def to_json(self) -> list[Any]:
        """The stored form: ``["upd", table, key, {column: value, ...}]``."""
        return [self.KIND, self.table, _key_json(self.key), _row_json(self.values)]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> UpdateOp:
        """Read the stored form."""
        return cls(data[1], _key_py(data[2]), _row_py(data[3]))

    def touches(self) -> Iterator[Touch]:
        """The row this writes, and only the columns it sets."""
        yield self.key, frozenset(self.values)


@dataclass(frozen=True)
class ReplaceTextOp:
    """Replace pieces of one row's text column (what undoes a text edit, without the whole text)."""

    KIND: ClassVar[str] = "txt"
    table: str
    key: RowKey
    column: str
    pieces: tuple[TextPiece, ...]  # sorted, not overlapping

    def to_json(self) -> list[Any]:
        """The stored form: ``["txt", table, key, column, [[start, end, text], ...]]``."""
        return [self.KIND, self.table, _key_json(self.key), self.column, [list(p) for p in self.pieces]]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> ReplaceTextOp:
        """Read the stored form."""
        return cls(data[1], _key_py(data[2]), data[3], tuple(TextPiece(*p) for p in data[4]))

    def touches(self) -> Iterator[Touch]:
        """The row this writes, and only its text column."""
        yield self.key, frozenset((self.column,))


def _runs(keys: Sequence[int]) -> list[list[int]]:
    """Sorted integer keys as ``[first, last]`` runs: 2,000 codings behind an edit are a few runs."""
    runs: list[list[int]] = []
    for k in sorted(keys):
        if runs and k == runs[-1][1] + 1:
            runs[-1][1] = k
        else:
            runs.append([k, k])
    return runs


@dataclass(frozen=True)
class ShiftOp:
    """Add ``delta`` to integer columns of many rows (schema 0006: positions behind a text edit).

    Typing near the start of a transcript moves every coding, turn and time anchor behind it by
    the same amount; one op holds them all (ids as runs) instead of one UpdateOp per row, so a
    saved word costs a few bytes of history, not 100 KB.
    """

    KIND: ClassVar[str] = "shf"
    table: str
    keys: tuple[int, ...]
    columns: tuple[str, ...]
    delta: int

    def to_json(self) -> list[Any]:
        """The stored form: ``["shf", table, [[first, last], ...], [column, ...], delta]``."""
        return [self.KIND, self.table, _runs(self.keys), list(self.columns), self.delta]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> ShiftOp:
        """Read the stored form."""
        keys = tuple(k for first, last in data[2] for k in range(first, last + 1))
        return cls(data[1], keys, tuple(data[3]), data[4])

    def touches(self) -> Iterator[Touch]:
        """The rows this writes, and only the shifted columns."""
        cols = frozenset(self.columns)
        for key in self.keys:
            yield key, cols


Op = DeleteOp | InsertOp | UpdateOp | ReplaceTextOp | ShiftOp
_KINDS: dict[str, type[DeleteOp] | type[InsertOp] | type[UpdateOp] | type[ReplaceTextOp] | type[ShiftOp]] = {
    kind.KIND: kind for kind in (DeleteOp, InsertOp, UpdateOp, ReplaceTextOp, ShiftOp)}


def op_from_json(data: Sequence[Any]) -> Op:
    """One operation from its stored list."""
    kind = _KINDS.get(data[0])
    if kind is None:
        raise ValueError(f"unknown history op {data[0]!r}")  # only this module writes them
    return kind.from_json(data)


def load_ops(text: str | None) -> list[Op]:
    """The operations of an ``undo_ops``/``redo_ops`` column (none for an empty one)."""
    return [op_from_json(data) for data in json.loads(text or "[]")]


def dump_ops(ops: Sequence[Op]) -> str:
    """The JSON text stored for ``ops`` (the format every version of Andock writes)."""
    return json.dumps([op.to_json() for op in ops], ensure_ascii=False)

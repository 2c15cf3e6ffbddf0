"""Merging coders' copies: what is merged, and a project's rows in a form both sides can compare.

Rows are read keyed by GUID (variable values by their document's and variable's GUIDs), with
every reference to another row written as that row's GUID, so that a row of a coder's copy and
the same row of the project compare equal although their ids differ. Which columns a merge may
change, and how, is declared here once per table (:data:`SPECS`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import DateTime, select
from sqlalchemy.engine import Connection

from coding.store.models import TABLES

Key = Any  # a GUID, or (document GUID, variable GUID) for a variable value
Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    """Columns that a merge takes over together from a copy (``range``: start and end of a coding)."""

    name: str
    columns: tuple[str, ...]
    quiet: bool = False  # only an order among siblings: a difference is never reported
    text: bool = False  # a free text (memo, summary): when both sides wrote, both versions are kept


def _f(name: str, *columns: str, quiet: bool = False, text: bool = False) -> Field:
    return Field(name, columns or (name,), quiet, text)


@dataclass(frozen=True)
class Spec:
    """How one table is merged: its references, the fields a copy may change, whether it may delete."""

    table: str
    refs: dict[str, str]  # column -> table it refers to
    fields: tuple[Field, ...]
    deletable: bool  # a row the copy deleted is deleted here too (when nothing else changed it)


SPECS: dict[str, Spec] = {s.table: s for s in (
    Spec("coders", {}, (), False),
    Spec("documents", {}, (_f("name"), _f("label"), _f("media", "media_path", "media_checksum", "media_duration_ms"),
                          _f("language"), _f("sort_order", quiet=True)), False),
    Spec("variables", {}, (_f("name"), _f("sort_order", quiet=True)), False),
    Spec("codes", {"parent_id": "codes"},
         (_f("parent_id"), _f("name"), _f("colour"), _f("sort_order", quiet=True), _f("definition"),
          _f("inclusion"), _f("exclusion"), _f("coding_rules")), True),
    Spec("segments", {"document_id": "documents", "code_id": "codes", "coder_id": "coders"},
         (_f("code_id"), _f("range", "start_pos", "end_pos"), _f("key_quote")), True),
    Spec("anchor_examples", {"code_id": "codes"},
         (_f("code_id"), _f("quote"), _f("source"), _f("sort_order", quiet=True)), True),
    Spec("memos", {"document_id": "documents", "code_id": "codes", "segment_id": "segments", "coder_id": "coders"},
         (_f("title"), _f("text", text=True)), True),
    Spec("summaries", {"code_id": "codes", "document_id": "documents", "variable_id": "variables"},
         (_f("text", text=True),), True),
    Spec("variable_values", {"document_id": "documents", "variable_id": "variables"}, (_f("value"),), True),
)}
# parents before the rows that refer to them (inserts); deletes go the other way round
PARENTS_FIRST = ("coders", "documents", "variables", "codes", "segments", "anchor_examples", "memos",
                 "summaries", "variable_values")
CHILDREN_FIRST = tuple(reversed(PARENTS_FIRST))
TIMESTAMPED = {"memos", "summaries"}  # rows whose modified_at follows their text
_TIMES = {t: [c.name for c in TABLES[t].columns if isinstance(c.type, DateTime)] for t in SPECS}


def utc(value: Any) -> Any:
    """Datetimes as aware UTC (SQLite gives naive UTC, PostgreSQL aware): equal instants compare equal."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value


def checksum(text: str) -> str:
    """The checksum that tells two versions of a document's text apart."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_of(table: str, row: Row) -> Key:
    """A neutral row's key: its GUID, or (document, variable) for a variable value."""
    if table == "variable_values":
        return (row["document_id"], row["variable_id"])
    return row["guid"]


def field_value(row: Row, f: Field) -> Any:
    """A field of a neutral row: one value, or a tuple for a field of several columns."""
    if len(f.columns) == 1:
        return row.get(f.columns[0])
    return tuple(row.get(c) for c in f.columns)


@dataclass
class State:
    """One side's rows keyed by GUID, references as GUIDs; ``_id`` keeps each row's id there."""

    rows: dict[str, dict[Key, Row]] = field(default_factory=dict)
    guid_of: dict[str, dict[int, str]] = field(default_factory=dict)  # table -> id -> GUID (also of deleted rows)
    id_of: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> GUID -> id (rows there now)

    def ref(self, table: str, row_id: int | None) -> str | None:
        """The GUID of a referenced row (None stays None; an unknown id gives a marker, never a match)."""
        if row_id is None:
            return None
        return self.guid_of.get(table, {}).get(row_id, f"?{table}:{row_id}")

    def neutral(self, table: str, raw: Row) -> Row:
        """A database row as a neutral row: references as GUIDs, times as UTC, id kept as ``_id``."""
        row = dict(raw)
        if "id" in row:
            row["_id"] = row.pop("id")
        for col in _TIMES[table]:
            if col in row:
                row[col] = utc(row[col])
        for col, target in SPECS[table].refs.items():
            v = row.get(col)
            if v is not None:
                row[col] = self.guid_of[target].get(v) or self.ref(target, v)
        return row


def read_state(conn: Connection) -> State:
    """Every merged table of a project, parents first, as neutral rows."""
    state = State()
    for table in PARENTS_FIRST:
        t = TABLES[table]
        cols = [c for c in t.columns if not (table == "documents" and c.name == "word_count")]
        names = [c.name for c in cols]
        raws = [dict(zip(names, r)) for r in conn.execute(select(*cols))]
        if "guid" in t.c:
            state.guid_of[table] = {r["id"]: r["guid"] for r in raws}
            state.id_of[table] = {r["guid"]: r["id"] for r in raws}
        rows = {}
        for raw in raws:
            row = state.neutral(table, raw)
            rows[key_of(table, row)] = row
        state.rows[table] = rows
    for row in state.rows["documents"].values():
        row["checksum"] = checksum(row["text"])
    return state

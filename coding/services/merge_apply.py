"""Writing a merge plan through the action's recorder, so that one undo takes the whole merge back.

Rows are inserted in bulk (one statement per table), parents before the rows that refer to them;
updates row by row (a merge changes few rows and adds many); deletes last, children first. Names
that must be unique on the way (coders, documents, variables) are first set to a temporary name,
so that two rows that swap names never clash half-way.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.services.merge_coders import CoderPlan
from coding.services.merge_plan import TablePlan
from coding.services.merge_state import CHILDREN_FIRST, PARENTS_FIRST, SPECS, Key, Row, State
from coding.store.history import Recorder
from coding.store.models import TABLES

DEPENDENTS = ("speaker_turns", "time_anchors", "word_timings")  # travel with a new document
UNIQUE_NAMES = ("coders", "documents", "variables")


class Writer:
    """Writes one copy's plan; knows the id here of every GUID."""

    def __init__(self, rec: Recorder, p: State, copy_conn: Connection) -> None:
        self.rec = rec
        self.copy_conn = copy_conn
        self.ids: dict[str, dict[str, int]] = {t: dict(p.id_of.get(t, {})) for t in PARENTS_FIRST}
        self.p = p

    def write(self, coders: CoderPlan, plans: dict[str, TablePlan]) -> None:
        """Temporary names, inserts (parents first), updates, deletes (children first)."""
        updates = {"coders": {g: {"name": n} for g, n in coders.renames.items()}}
        updates.update({t: plans[t].updates for t in PARENTS_FIRST[1:]})
        self._temporary_names(updates)  # a row here may give its name to a new one
        self._insert("coders", coders.adds)
        for table in PARENTS_FIRST[1:]:
            if table == "codes":  # a level at a time: a subcode needs its parent's id
                for level in self._levels(list(plans[table].adds.values())):
                    self._insert(table, level)
            else:
                self._insert(table, list(plans[table].adds.values()))
        for table in PARENTS_FIRST:
            for key, values in sorted(updates.get(table, {}).items(), key=lambda kv: str(kv[0])):
                self.rec.update(table, self._id(table, key), self._db(table, values))
        for table in CHILDREN_FIRST:
            if table in plans and plans[table].deletes:
                self._delete(table, plans[table].deletes)

    def _id(self, table: str, key: Key) -> Any:
        if table == "variable_values":
            return (self.ids["documents"][key[0]], self.ids["variables"][key[1]])
        return self.ids[table][key]

    def _db(self, table: str, row: Row) -> dict[str, Any]:
        """A neutral row's columns as stored here: references as ids."""
        cols = TABLES[table].c
        out = {c: v for c, v in row.items() if c in cols and c != "id"}
        for col, target in SPECS[table].refs.items():
            if col in out and out[col] is not None:
                out[col] = self.ids[target][out[col]]
        return out

    def _insert(self, table: str, rows: list[Row]) -> None:
        """Insert rows: rows this project deleted and gets back keep their old ids, new ones get new ids."""
        for batch in ([r for r in rows if "_id_here" in r], [r for r in rows if "_id_here" not in r]):
            if not batch:
                continue
            values = [self._db(table, r) for r in batch]
            for row, db_row in zip(batch, values):
                if "_id_here" in row:
                    db_row["id"] = row["_id_here"]
            keys = self.rec.insert_many(table, values)
            if "guid" in TABLES[table].c:
                self.ids[table].update(zip((r["guid"] for r in batch), keys))
            if table == "documents":
                for row, doc_id in zip(batch, keys):
                    self._dependents(row["_id"], doc_id)

    def _dependents(self, copy_id: int, doc_id: int) -> None:
        """A new document's turns, time stamps and word timings, from the copy."""
        for table in DEPENDENTS:
            t = TABLES[table]
            rows = [dict(r) for r in self.copy_conn.execute(select(t).where(t.c.document_id == copy_id)
                                                             .order_by(t.c.id)).mappings()]
            for r in rows:
                r.pop("id")
                r["document_id"] = doc_id
            if rows:
                self.rec.insert_many(table, rows)

    @staticmethod
    def _levels(rows: list[Row]) -> list[list[Row]]:
        """New codes in levels: those under codes here (or at the top) first, then their subcodes …"""
        left = {r["guid"]: r for r in rows}
        levels = []
        while left:
            level = [r for r in left.values() if r["parent_id"] not in left]
            levels.append(sorted(level, key=lambda r: r["guid"]))
            for r in level:
                del left[r["guid"]]
        return levels

    def _temporary_names(self, updates: dict[str, dict[Key, dict[str, Any]]]) -> None:
        for table in UNIQUE_NAMES:
            for key in sorted(k for k, values in updates.get(table, {}).items() if "name" in values):
                self.rec.update(table, self._id(table, key), {"name": f"\u2060merge {key}"})

    def _delete(self, table: str, keys: set[Key]) -> None:
        t = TABLES[table]
        if table == "variable_values":
            for key in sorted(keys):
                self.rec.delete(table, self._id(table, key))
        elif table == "codes":  # subcodes before their parents (the foreign key forbids orphans)
            for key in sorted(keys, key=lambda k: -self._depth(k)):
                self.rec.delete(table, self.ids[table][key])
        else:
            ordered = sorted(keys)
            for i in range(0, len(ordered), 500):
                self.rec.delete_where(table, t.c.guid.in_(ordered[i:i + 500]))

    def _depth(self, key: str) -> int:
        depth, cur = 0, self.p.rows["codes"][key]["parent_id"]
        while cur is not None:
            depth += 1
            cur = self.p.rows["codes"][cur]["parent_id"]
        return depth

"""Row ids on SQLite are never handed out twice, so undo and redo can always put rows back.

SQLite numbers a new row max(id) + 1: after Anna's undo removed the newest coding, Lena's next
coding would take its id and Anna's redo could never put hers back (nor an undo a deleted row).
``id_marks`` remembers the highest id each table ever handed out — what AUTOINCREMENT does,
without rebuilding every table of existing projects. PostgreSQL sequences never reuse numbers;
there the table stays empty.
"""
from __future__ import annotations

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.engine import Connection

from coding.store.models import TABLES

marks_t = TABLES["id_marks"]


def _mark(conn: Connection, table_name: str) -> int | None:
    return conn.execute(select(marks_t.c.last_id).where(marks_t.c.table_name == table_name)).scalar()


class IdAllocator:
    """Hands out ids for one transaction; :meth:`flush` stores the new marks (once per table)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._top: dict[str, int] = {}  # table -> highest id handed out or seen
        self._stored: dict[str, int | None] = {}  # table -> mark as read from the database

    def _load(self, table: Table) -> None:
        if table.name not in self._top:
            had = _mark(self.conn, table.name)
            pk = next(iter(table.primary_key.columns))
            self._stored[table.name] = had
            self._top[table.name] = max(had or 0, self.conn.execute(select(func.max(pk))).scalar() or 0)

    def assign(self, table: Table, rows: list[dict]) -> list[dict]:
        """Give rows without a key fresh ids above every id ``table`` ever had; return the rows."""
        self._load(table)
        pk = next(iter(table.primary_key.columns)).name
        top = max([self._top[table.name], *(r[pk] for r in rows if pk in r)])
        out = []
        for row in rows:
            if pk not in row:
                top += 1
                row = dict(row, **{pk: top})
            out.append(row)
        self._top[table.name] = top
        return out

    def reserve(self, table: Table, top: int) -> None:
        """Note that ids up to ``top`` are in use (rows put back with their old ids)."""
        self._load(table)
        self._top[table.name] = max(self._top[table.name], top)

    def flush(self) -> None:
        """Store the marks that moved (inside the same transaction as the rows)."""
        for name, top in self._top.items():
            had = self._stored[name]
            if had is None:
                self.conn.execute(insert(marks_t).values(table_name=name, last_id=top))
            elif top > had:
                self.conn.execute(update(marks_t).where(marks_t.c.table_name == name).values(last_id=top))
            self._stored[name] = top

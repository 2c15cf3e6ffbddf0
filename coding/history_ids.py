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

from .models import TABLES

marks_t = TABLES["id_marks"]


def _mark(conn: Connection, table_name: str) -> int | None:
    return conn.execute(select(marks_t.c.last_id).where(marks_t.c.table_name == table_name)).scalar()


def _store(conn: Connection, table_name: str, last: int, had: int | None) -> None:
    if had is None:
        conn.execute(insert(marks_t).values(table_name=table_name, last_id=last))
    else:
        conn.execute(update(marks_t).where(marks_t.c.table_name == table_name).values(last_id=last))


def assign(conn: Connection, table: Table, rows: list[dict]) -> list[dict]:
    """Give rows without a key fresh ids above every id ``table`` ever had; return the rows."""
    pk = next(iter(table.primary_key.columns))
    had = _mark(conn, table.name)
    explicit = [r[pk.name] for r in rows if pk.name in r]
    top = max([had or 0, conn.execute(select(func.max(pk))).scalar() or 0, *explicit])
    out = []
    for row in rows:
        if pk.name not in row:
            top += 1
            row = dict(row, **{pk.name: top})
        out.append(row)
    _store(conn, table.name, top, had)
    return out


def reserve(conn: Connection, table_name: str, top: int) -> None:
    """Note that ids up to ``top`` are in use (rows put back with their old ids)."""
    had = _mark(conn, table_name)
    if had is None or top > had:
        _store(conn, table_name, top, had)

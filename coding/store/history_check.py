"""Is it still safe to undo (or redo) an action? The rows it touched must be as it left them.

Each history entry keeps, per table, a fingerprint of the rows its inverse operations touch, taken
right after the action (or the undo/redo) ran. Before the inverse runs, the fingerprint is taken
again: a difference means someone changed those rows since (another coder's action, another
window), and running the inverse would destroy that work — so it is refused with one sentence.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Table, select, tuple_
from sqlalchemy.engine import Connection

from coding.base.messages import _
from coding.store.history_ops import Op, RowKey, load_ops, pk_cols
from coding.store.models import TABLES

ALL = None  # "every column" in a touched-columns map
# Columns kept up to date outside undoable actions (caches): never a reason to refuse an undo.
IGNORED = {"documents": {"word_count"}}


def _nouns() -> dict[str, str]:
    """What each table holds, in the current language (made per call: the language may change)."""
    return {"segments": _("codings"), "codes": _("codes"), "documents": _("documents"),
            "memos": _("memos"), "coders": _("coders"), "variables": _("variables"),
            "variable_values": _("variable values"), "speaker_turns": _("speaker turns"),
            "time_anchors": _("time stamps"), "anchor_examples": _("anchor examples"),
            "summaries": _("summaries")}


def _verb(verb: str) -> str:
    return _("redo") if verb == "redo" else _("undo")

Touched = dict[str, dict[RowKey, set[str] | None]]


def touched(ops: Iterable[Op]) -> Touched:
    """Which rows (and columns; ALL = whole row) stored operations write."""
    out: Touched = {}
    for op in ops:
        for key, cols in op.touches():
            rows = out.setdefault(op.table, {})
            old = rows.get(key, set())
            rows[key] = ALL if cols is None or old is None else old | cols  # None is ALL
    return out


def _canon(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite gives naive UTC, PostgreSQL aware: compare the instant
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    return value


def _rows(conn: Connection, table: Table, keys: list) -> dict:
    cols = pk_cols(table)
    names = [c.name for c in cols]
    found: dict = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        where = cols[0].in_(chunk) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        for row in conn.execute(select(table).where(where)).mappings():
            found[row[names[0]] if len(names) == 1 else tuple(row[n] for n in names)] = row
    return found


def state(conn: Connection, rows: Touched) -> dict[str, str]:
    """A fingerprint per table of the touched rows' current values (absent rows included)."""
    out = {}
    for name, keyed in rows.items():
        table = TABLES[name]
        skip = IGNORED.get(name, set())
        keys = sorted(keyed, key=lambda k: k if isinstance(k, tuple) else (k,))
        current = _rows(conn, table, keys)
        digest = hashlib.blake2b(digest_size=16)
        for k in keys:
            row = current.get(k)
            picked = keyed[k]
            cols = [c.name for c in table.columns] if picked is None else sorted(picked)  # None is ALL
            values = None if row is None else [_canon(row[c]) for c in cols if c not in skip]
            digest.update(json.dumps([k, values], ensure_ascii=False, default=str).encode())
        out[name] = digest.hexdigest()
    return out


def changed_tables(stored: str | None, now: dict[str, str]) -> list[str]:
    """Tables whose fingerprint differs from the stored one (none for entries without one)."""
    if not stored:
        return []
    before = json.loads(stored)
    return sorted(t for t, h in now.items() if before.get(t) != h)


def _overlaps(ops_json: str | None, rows: Touched, tables: Iterable[str]) -> bool:
    if not ops_json:
        return False
    theirs = touched(load_ops(ops_json))
    return any(set(theirs.get(t, {})) & set(rows.get(t, {})) for t in tables)


def conflict_message(conn: Connection, entry: dict, rows: Touched, tables: list[str], verb: str) -> str:
    """One sentence: what cannot be undone/redone, and whose later action is in the way."""
    hist, coders_t = TABLES["history"], TABLES["coders"]
    nouns = _nouns()
    what = _(" and ").join(nouns.get(t, t) for t in tables)
    later = conn.execute(select(hist.c.description, hist.c.coder_guid, hist.c.undo_ops, hist.c.redo_ops,
                                hist.c.undone).where(hist.c.id > entry["id"])
                         .order_by(hist.c.id.desc())).all()
    for desc, guid, undo_ops, redo_ops, undone in later:
        if _overlaps(redo_ops if undone else undo_ops, rows, tables):
            name = conn.execute(select(coders_t.c.name).where(coders_t.c.guid == guid)).scalar()
            values = {"verb": _verb(verb), "action": entry["description"], "later": desc,
                      "what": what}
            if guid is not None and guid == entry["coder_guid"]:
                return _("cannot {verb} '{action}': your later action '{later}' changed the same "
                         "{what} since; undo that first or leave it as it is", **values)
            if name:
                return _("cannot {verb} '{action}': {name}'s later action '{later}' changed the "
                         "same {what} since; undo that first or leave it as it is", name=name, **values)
            return _("cannot {verb} '{action}': a later action '{later}' changed the same {what} "
                     "since; undo that first or leave it as it is", **values)
    return _("cannot {verb} '{action}': the {what} it touched were changed since by other work; "
             "leave it as it is", verb=_verb(verb), action=entry["description"], what=what)


def depends_message(entry: dict, verb: str) -> str:
    """One sentence for an undo/redo that later work builds on (the database refused it)."""
    return _("cannot {verb} '{action}': later work builds on it and would be lost; leave it as it "
             "is (or undo that work first)", verb=_verb(verb), action=entry["description"])

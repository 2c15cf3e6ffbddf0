"""Each coder's undo and redo lists, kept in the ``history`` table of the project.

An entry belongs to the coder who made the action (``coder_guid``); entries without a coder
(made while no coder was chosen, or before schema 0005) belong to anyone, and become the undoing
coder's when undone. Undo takes the asking coder's newest entry, redo the one they undid last; a
new action drops only its own coder's redo list. Before running an entry's inverse the rows it
touches are compared with how the entry left them (:mod:`history_check`): a later change by
someone else refuses the undo with one sentence instead of destroying that change.
"""
from __future__ import annotations

import json
from typing import Sequence

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from coding.base.ids import CoderId
from coding.store import dberrors, history_check as check, recorder as history, team
from coding.store.history_ops import InsertOp, Op, dump_ops, load_ops
from coding.base.errors import ConflictError, NotAllowedError, NotFoundError
from coding.base.messages import _
from coding.base.suggest import did_you_mean
from coding.store.models import TABLES, utcnow

hist = TABLES["history"]
MAX_HISTORY = 500  # per coder: their oldest entries beyond this are dropped (keeps files bounded)
CURRENT_CODER_KEY = "current_coder"  # the settings key coders.py keeps the current coder under


def _current_guid(conn: Connection) -> str | None:
    """The current coder: on a team database the connected role's coder, else the project's."""
    mine = team.coder_guid(conn)
    if mine is not None:
        return mine
    settings = TABLES["settings"]
    return conn.execute(select(settings.c.value).where(settings.c.key == CURRENT_CODER_KEY)).scalar()


def _guid_of(conn: Connection, coder_id: CoderId) -> str | None:
    coders_t = TABLES["coders"]
    return conn.execute(select(coders_t.c.guid).where(coders_t.c.id == coder_id)).scalar()


def actor_guid(conn: Connection, coder_id: CoderId | None) -> str | None:
    """Whose a new action is: the given coder, else the project's current coder, else anyone."""
    guid = _guid_of(conn, coder_id) if coder_id is not None else None
    return guid or _current_guid(conn)


def _guid_of_name(conn: Connection, name: str) -> str | None:
    coders_t = TABLES["coders"]
    guid = conn.execute(select(coders_t.c.guid).where(coders_t.c.name == name)).scalar()
    if guid is not None:
        return guid
    # a coder that an undo removed (made by their first coding) can still redo it
    for (ops,) in conn.execute(select(hist.c.redo_ops).where(hist.c.undone.is_(True))
                               .order_by(hist.c.id.desc())):
        for op in load_ops(ops):
            if isinstance(op, InsertOp) and op.table == "coders":
                guid = next((r["guid"] for r in op.rows if r["name"] == name), None)
                if guid:
                    return guid
    return None


def asker_guid(conn: Connection, coder: CoderId | str | None) -> str | None:
    """The coder asking to undo/redo: an id or a name, else the project's current coder."""
    if coder is None:
        return _current_guid(conn)
    guid = _guid_of_name(conn, coder) if isinstance(coder, str) else _guid_of(conn, coder)
    if guid is None:
        if isinstance(coder, str):
            names = conn.execute(select(TABLES["coders"].c.name).order_by(TABLES["coders"].c.name)).scalars()
            raise NotFoundError(_("no coder named '{coder}'", coder=coder) + did_you_mean(coder, names))
        raise NotFoundError(_("no coder with id {coder}", coder=coder))
    mine = team.coder_guid(conn)
    if mine is not None and guid != mine:  # the server would refuse it row by row
        raise NotAllowedError(dberrors.refused_message("history"))
    return guid


def _mine(guid: str | None):
    return hist.c.coder_guid.is_(None) if guid is None else hist.c.coder_guid == guid


def _undoable(guid: str | None):
    return hist.c.coder_guid.is_(None) if guid is None else or_(_mine(guid), hist.c.coder_guid.is_(None))


def record(conn: Connection, description: str, undo_ops: Sequence[Op], guid: str | None) -> None:
    """Store a new action of ``guid``: its undo ops and how it left the rows they touch."""
    conn.execute(delete(hist).where(hist.c.undone.is_(True), _mine(guid)))
    after = check.state(conn, check.touched(undo_ops))
    conn.execute(insert(hist).values(
        description=description, undo_ops=dump_ops(undo_ops), redo_ops=None,
        undone=False, created_at=utcnow(), coder_guid=guid, after_state=json.dumps(after)))
    # per coder: a busy colleague never pushes your own actions out of your undo list
    cutoff = conn.execute(select(hist.c.id).where(_mine(guid)).order_by(hist.c.id.desc())
                          .offset(MAX_HISTORY).limit(1)).scalar()
    if cutoff is not None:
        conn.execute(delete(hist).where(_mine(guid), hist.c.id <= cutoff))


def _run(conn: Connection, entry: dict, verb: str) -> "history.Recorder":
    """Check that ``entry``'s rows are as it left them, then run its inverse (undo or redo)."""
    ops = load_ops(entry["undo_ops"] if verb == "undo" else entry["redo_ops"])
    rows = check.touched(ops)
    changed = check.changed_tables(entry["after_state"], check.state(conn, rows))
    if changed:
        raise ConflictError(check.conflict_message(conn, entry, rows, changed, verb))
    rec = history.Recorder(conn)
    try:
        rec.run_ops(ops)
    except (IntegrityError, NotFoundError):
        # a later action (of any coder) uses or replaced what this would remove or restore;
        # the whole transaction is rolled back by the caller
        raise ConflictError(check.depends_message(entry, verb)) from None
    if rec.ids is not None:
        rec.ids.flush()
    rec.changes.description = entry["description"]
    return rec


def _after(conn: Connection, rec: "history.Recorder") -> str:
    return json.dumps(check.state(conn, check.touched(rec.undo_ops)))


def undo_last(conn: Connection, coder: CoderId | str | None = None) -> "history.ChangeSet | None":
    """Undo the asking coder's newest action; None when there is nothing to undo."""
    guid = asker_guid(conn, coder)
    row = conn.execute(select(hist).where(hist.c.undone.is_(False), _undoable(guid))
                       .order_by(hist.c.id.desc()).limit(1).with_for_update()).mappings().first()
    if row is None:
        return None
    rec = _run(conn, dict(row), "undo")
    conn.execute(update(hist).where(hist.c.id == row["id"]).values(
        undone=True, redo_ops=dump_ops(rec.undo_ops), after_state=_after(conn, rec),
        coder_guid=row["coder_guid"] or guid))  # anyone's action: the redo is the undoer's
    return rec.changes


def redo_next(conn: Connection, coder: CoderId | str | None = None) -> "history.ChangeSet | None":
    """Redo the action the asking coder undid last; None when there is nothing to redo."""
    guid = asker_guid(conn, coder)
    row = conn.execute(select(hist).where(hist.c.undone.is_(True), _mine(guid))
                       .order_by(hist.c.id.asc()).limit(1).with_for_update()).mappings().first()
    if row is None:
        return None
    rec = _run(conn, dict(row), "redo")
    conn.execute(update(hist).where(hist.c.id == row["id"]).values(
        undone=False, undo_ops=dump_ops(rec.undo_ops), redo_ops=None,
        after_state=_after(conn, rec)))
    return rec.changes


def peek(conn: Connection, coder: CoderId | str | None = None) -> tuple[str | None, str | None]:
    """Descriptions of the actions the asking coder's undo and redo would affect next."""
    guid = asker_guid(conn, coder)
    u = conn.execute(select(hist.c.description).where(hist.c.undone.is_(False), _undoable(guid))
                     .order_by(hist.c.id.desc()).limit(1)).scalar()
    r = conn.execute(select(hist.c.description).where(hist.c.undone.is_(True), _mine(guid))
                     .order_by(hist.c.id.asc()).limit(1)).scalar()
    return u, r

"""Coders: every coding names who made it, so team projects and agreement stay possible."""
from __future__ import annotations

import getpass
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from coding.base.ids import CoderId
from coding.base.errors import ConflictError, NotFoundError
from coding.store import team
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid, utcnow
from coding.text.textnorm import MAX_CODER_NAME, clean_name, lookup_name
from coding.base.messages import _
from coding.base.suggest import did_you_mean

CURRENT_CODER_KEY = "current_coder"
_PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")

coders_t = TABLES["coders"]
settings_t = TABLES["settings"]


@dataclass(frozen=True)
class CoderInfo:
    id: CoderId
    guid: str
    name: str
    colour: str


def list_coders(conn: Connection) -> list[CoderInfo]:
    """All coders in name order."""
    rows = conn.execute(select(coders_t.c.id, coders_t.c.guid, coders_t.c.name, coders_t.c.colour)
                        .order_by(coders_t.c.name))
    return [CoderInfo(*r) for r in rows]


def find_coder(conn: Connection, name: str) -> CoderId | None:
    """The id of the coder called ``name`` (exact), or None."""
    return conn.execute(select(coders_t.c.id).where(coders_t.c.name == lookup_name(name))).scalar()


def get_coder(conn: Connection, name: str) -> CoderId:
    """The id of the coder called ``name``; NotFoundError otherwise."""
    cid = find_coder(conn, name)
    if cid is None:
        raise unknown_coder(conn, name)
    return cid


def unknown_coder(conn: Connection, name: str, new_option: bool = False) -> NotFoundError:
    """The error for a coder name that does not exist, naming the closest existing ones;
    ``new_option``: the command could create the coder, and says how."""
    message = _("no coder named '{name}'", name=name)
    suggestion = did_you_mean(name, [c.name for c in list_coders(conn)])
    if new_option:
        suggestion = (suggestion or ".") + " " + _("A new coder needs --new-coder.")
    return NotFoundError(message + suggestion)


def add_coder(rec: Recorder, name: str, colour: str | None = None) -> CoderId:
    """Add a coder inside an action; names are unique."""
    name = clean_name(name, "a coder name", MAX_CODER_NAME)
    if find_coder(rec.conn, name) is not None:
        raise ConflictError(_("a coder named '{name}' exists already", name=name))
    n = rec.conn.execute(select(coders_t.c.id)).all()
    return rec.insert("coders", {"guid": new_guid(), "name": name, "created_at": utcnow(),
                                 "colour": colour or _PALETTE[len(n) % len(_PALETTE)]})


def current_coder_id(conn: Connection) -> CoderId | None:
    """The coder that new codings are attributed to, if one is chosen (on a team database: the
    coder whose role is connected)."""
    guid = team.coder_guid(conn) or conn.execute(select(settings_t.c.value)
                                                  .where(settings_t.c.key == CURRENT_CODER_KEY)).scalar()
    if guid is None:
        return None
    return conn.execute(select(coders_t.c.id).where(coders_t.c.guid == guid)).scalar()


def set_current_coder(conn: Connection, coder_id: CoderId) -> None:
    """Remember the current coder in the project (a preference: not part of undo history)."""
    guid = conn.execute(select(coders_t.c.guid).where(coders_t.c.id == coder_id)).scalar()
    if guid is None:
        raise NotFoundError(_("no coder with id {coder_id}", coder_id=coder_id))
    done = conn.execute(update(settings_t).where(settings_t.c.key == CURRENT_CODER_KEY)
                        .values(value=guid)).rowcount
    if not done:
        conn.execute(insert(settings_t).values(key=CURRENT_CODER_KEY, value=guid))


def resolve_coder(rec: Recorder, name: str | None) -> CoderId:
    """The coder for a new coding: the named one (created if new), else the current one.

    Without any coder yet, one named after the operating-system user is created and made
    current, so a single researcher never has to think about coders.
    """
    if name:
        cid = find_coder(rec.conn, name)
        return cid if cid is not None else add_coder(rec, name)
    cid = current_coder_id(rec.conn)
    if cid is not None:
        return cid
    try:
        user = getpass.getuser() or "Coder"
    except Exception:  # noqa: BLE001 - no login name on some systems
        user = "Coder"
    cid = find_coder(rec.conn, user)
    if cid is None:
        cid = add_coder(rec, user)
    set_current_coder(rec.conn, cid)
    return cid

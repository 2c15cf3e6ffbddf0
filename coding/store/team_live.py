"""A team database seen live from a window: others' changes as they commit, and who is connected.

The team database's triggers (:func:`coding.store.team._notify`, set up by ``server init``) send a
notification on :data:`team.CHANGES_CHANNEL` for each table and kind of change a transaction
made, when it commits, naming the sender's ``application_name``. :class:`ChangeListener` waits
for them on a connection of its own and leaves out those of its own application name — the
window gives its project connections the same name (:func:`server_url`), so its own actions are
not reported back to it.
"""
from __future__ import annotations

from sqlalchemy import URL, Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from coding.base.errors import InputError
from coding.base.messages import _
from coding.store import db, team
from coding.store.models import TABLES

# a notification's kind of change -> the ChangeSet field it goes to
CHANGE_KINDS = {"INSERT": "inserted", "UPDATE": "updated", "DELETE": "deleted"}
CONNECT_TIMEOUT_S = 10  # a server that does not answer at all is said to be out of reach after this


def server_url(host: str, port: int, database: str, user: str, password: str, application_name: str) -> str:
    """A team database's URL for one window (held in memory only: it holds the password)."""
    return URL.create("postgresql", username=user, password=password or None, host=host, port=port,
                      database=database, query={"application_name": application_name,
                                                "connect_timeout": str(CONNECT_TIMEOUT_S)}
                      ).render_as_string(hide_password=False)


def unreachable_message(exc: BaseException) -> str | None:
    """One sentence for a team database that could not be reached or refused the login; None
    for any other error."""
    if isinstance(exc, ImportError) and exc.name in ("psycopg", "psycopg_binary"):
        return _("Team databases need Andock's team extra: pip install andock[team]")
    if isinstance(exc, OperationalError):
        reason = str(exc.orig).strip().splitlines()[0].removeprefix("connection failed: ")
        return _("Could not connect to the team database: {reason}", reason=reason)
    return None


class ChangeListener:
    """A connection of its own to a team database that waits for other connections' changes
    (``LISTEN``) and reads who is connected; not for the project's data."""

    def __init__(self, url: str, own_name: str) -> None:
        self.own_name = own_name
        self.engine: Engine = db.make_engine(url)
        try:
            self._listener: Connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._reader: Connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.reports_changes = self._reader.exec_driver_sql(
                f"SELECT to_regproc('{team.TEAM_SCHEMA}.notify_change')").scalar() is not None
            self._listener.exec_driver_sql(f"LISTEN {team.CHANGES_CHANNEL}")
        except BaseException:
            self.engine.dispose()
            raise

    def wait(self, timeout: float) -> set[tuple[str, str]]:
        """The (kind, table) pairs that other connections changed, collected for ``timeout``
        seconds; kind is "inserted", "updated" or "deleted"."""
        raw = self._listener.connection.driver_connection  # psycopg's own: SQLAlchemy has no LISTEN
        assert raw is not None  # held open since __init__
        out = set()
        for note in raw.notifies(timeout=timeout):
            table, _sep, rest = note.payload.partition(" ")
            op, _sep, sender = rest.partition(" ")
            if sender != self.own_name and table in TABLES and op in CHANGE_KINDS:
                out.add((CHANGE_KINDS[op], table))
        return out

    def members(self) -> list[team.TeamMember]:
        """The team's members and their open connections now (none listed without a team)."""
        try:
            return team.members(self._reader)
        except InputError:  # a PostgreSQL project without a team: nobody to list
            return []

    def close(self) -> None:
        """Close both connections (also when the server has dropped them)."""
        for conn in (self._listener, self._reader):
            conn.invalidate()  # closed without the rollback that a lost connection would fail
            conn.close()
        self.engine.dispose()

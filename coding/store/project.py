"""A project: one database (a ``*.andock`` SQLite file or a PostgreSQL URL) and its transactions.

Reads use short read transactions (:meth:`Project.read`); every user action is exactly one
write transaction with its undo record (:meth:`Project.action`).
"""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from coding import __version__
from coding.store import db, dberrors, history
from coding.base.errors import (AndockError, ConflictError, InputError, ProjectDamagedError, ProjectFileError,
                                ProjectReplacedError, ProjectVersionError)
from coding.base.ids import CoderId
from coding.store.fileguard import FileGuard
from coding.store.location import location_warning
from coding.store.presence import Presence, register
from coding.store.history import Action, ChangeSet
from coding.store.models import TABLES, new_guid, utcnow
from coding.base.messages import _

PROJECT_SUFFIX = ".andock"
log = logging.getLogger("andock.project")
AUTO_CHECKPOINT_BYTES = 4 * 1024 * 1024


def _unreachable(exc: BaseException) -> str:
    """One sentence for a team database that could not be reached or refused the login."""
    from coding.store.team_live import unreachable_message  # psycopg only for team projects

    return unreachable_message(exc) or str(exc)


class Project:
    """An open project. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, engine, path: Path | None, backup: Path | None = None,
                 read_only: bool = False) -> None:
        self.engine = engine
        self.path = path
        self.backup_path = backup  # set when opening migrated an older file
        self.read_only = read_only
        self.guard: FileGuard | None = None
        self.stopped: ProjectFileError | None = None  # set once the file is damaged or replaced
        self.unsaved_to_file = False  # actions committed to the WAL since the last checkpoint
        self.presence: Presence | None = None
        self.warnings: list[str] = []  # things to tell the user once, e.g. a risky folder

    # -- opening and closing ------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path, name: str | None = None) -> "Project":
        """Create a new, empty project file (refuses to overwrite anything).

        ``target`` may also be a ``postgresql://`` URL of an empty database (team projects).
        """
        if "://" in str(target):
            return cls._create_on_server(str(target), name)
        path = Path(target)
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        if path.exists():
            raise ConflictError(_("{name}: file exists already", name=path.name))
        if not path.parent.is_dir():
            raise InputError(_("{parent}: folder does not exist", parent=path.parent))
        engine = db.make_engine(path)
        try:
            db.stamp_application_id(engine)
            db.upgrade(engine)
            with engine.connect().execution_options(write=True) as conn, conn.begin():
                conn.execute(insert(TABLES["project_info"]).values(
                    id=1, guid=new_guid(), name=name or path.stem, created_at=utcnow(),
                    app_version=__version__))
            # fold the WAL in now: until then the file's own header is empty, and another
            # process (`andock` beside the window, a sync client) would take it for no project
            db.checkpoint(engine, mode="TRUNCATE")
        except Exception as exc:
            engine.dispose()
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
            if isinstance(exc, DBAPIError | OSError):
                raise dberrors.translate(exc, path) or exc from exc
            raise
        proj = cls(engine, path)
        proj._engage_guard()
        return proj

    @classmethod
    def _create_on_server(cls, url: str, name: str | None) -> "Project":
        engine = db.make_engine(url)
        if db.server_revision(engine) is not None:
            engine.dispose()
            raise ConflictError(_("that database holds a project already"))
        db.upgrade(engine)  # one transaction: a failure leaves the database empty
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(insert(TABLES["project_info"]).values(
                id=1, guid=new_guid(), name=name or "Team project", created_at=utcnow(),
                app_version=__version__))
        return cls(engine, None)

    @classmethod
    def open(cls, target: str | Path, read_only: bool = False, role: str | None = None) -> "Project":
        """Open a project, migrating an older file after backing it up.

        A damaged file is refused (:class:`ProjectDamagedError`); ``read_only`` opens without
        ever writing (a second window, a file on read-only media). A process that keeps the
        project open names its ``role`` ("window", "transcription"): it is then listed in the
        presence folder beside the file (coding/presence) for others who open it.
        """
        if "://" in str(target):
            try:
                engine = db.make_engine(str(target))
            except ImportError as exc:  # no PostgreSQL driver installed
                raise ProjectFileError(_unreachable(exc)) from None
            try:
                revision = db.server_revision(engine)
            except OperationalError as exc:  # out of reach, wrong password
                engine.dispose()
                raise ProjectFileError(_unreachable(exc)) from None
            if revision is None:
                engine.dispose()
                raise ProjectVersionError(_("that database holds no Andock project"))
            if db.check_revision("the team database", revision):
                try:
                    db.upgrade(engine)  # server backups are the administrator's (pg_dump)
                except DBAPIError as exc:  # a coder's role may not change the schema
                    engine.dispose()
                    raise ProjectVersionError(
                        _("the team database was made by an older Andock and must be upgraded by its "
                          "administrator (open it once with the owner's URL, e.g. andock info URL)")) from exc
            return cls(engine, None)
        path = Path(target)
        if path.is_dir():
            raise InputError(_("{path}: a folder, not a project file", path=path))
        if not path.is_file():
            raise InputError(_("{path}: no such project file", path=path))
        if not read_only and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            raise ProjectFileError(dberrors.read_only_message(path))
        if read_only and not os.access(path.parent, os.W_OK | os.X_OK) and not Path(f"{path}-shm").exists():
            raise ProjectFileError(dberrors.read_only_message(path))
        revision = db.read_file_revision(path)
        backup = None
        if revision is None:
            raise ProjectVersionError(_("{name}: not an Andock project (no schema version)", name=path.name))
        if db.check_revision(path.name, revision):
            if read_only:
                raise ProjectVersionError(
                    _("{name} was saved by an older Andock and must be upgraded, which cannot be done "
                      "read-only. Open it normally (a backup is kept).", name=path.name))
            backup = db.backup_path_for(path, revision)
            db.backup_sqlite(path, backup)
        engine = db.make_engine(path, read_only=read_only)
        proj = cls(engine, path, backup, read_only)
        try:
            proj._check_integrity()
            if backup is not None:
                try:
                    db.upgrade(engine)
                except Exception as exc:
                    raise ProjectVersionError(
                        _("{name}: upgrading failed ({exc}); the file is unchanged and a copy is in {copy}",
                          name=path.name, exc=exc, copy=backup.name)) from exc
            proj._engage_guard()
        except BaseException:
            engine.dispose()
            if proj.guard is not None:
                proj.guard.close()
            raise
        warning = location_warning(path)
        if warning:
            proj.warnings.append(warning)
        if role is not None:
            proj.presence = register(path, role)
        if not read_only:
            from coding.store import backups  # cheap when none is due; never raises (coding/backups)

            # a window or queue opening the project: a backup whenever it changed since the
            # newest; a short command: at most every N minutes (scripts run hundreds of them)
            backups.make_backup(proj, "open", any_time=role is not None)
        return proj

    def _check_integrity(self) -> None:
        """Refuse a damaged file before anything is written into it (quick check on open)."""
        try:
            with self.engine.connect() as conn:
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(3)")]
        except DBAPIError as exc:
            raise dberrors.translate(exc, self.path) or exc from exc
        if result != ["ok"]:
            raise ProjectDamagedError(dberrors.damaged_message(self.path, result[0]))

    def _engage_guard(self) -> None:
        """Protect SQLite's locks from other opens of the file in this process (coding/fileguard)."""
        if self.path is None:
            return
        self.guard = FileGuard(self.path)
        with self.read() as conn:  # SQLite opens the WAL and -shm before the guard locks them
            conn.exec_driver_sql("SELECT 1 FROM project_info").first()
        self.guard.engage()

    def close(self) -> None:
        """Checkpoint the WAL into the file and release all connections."""
        if self.engine is None:
            return
        keep_locks = isinstance(self.stopped, ProjectReplacedError)
        try:
            if not self.read_only and self.stopped is None:
                self.checkpoint(truncate=True)
        except AndockError as exc:
            keep_locks = True  # e.g. a full disk: SQLite's own closing checkpoint must not run
            log.warning("%s", exc)
        finally:
            guard, self.guard = self.guard, None
            # a replaced or overwritten file keeps its locks too: SQLite must not checkpoint
            # into, or delete the WAL of, whatever file now has this name
            if guard is not None and not keep_locks:
                guard.release_locks()  # so that the last process to close tidies up the WAL
            self.engine.dispose()
            self.engine = None
            if guard is not None:
                guard.close()  # only now: closing it drops this process's locks on the file
            if self.presence is not None:
                self.presence.remove()
                self.presence = None

    def checkpoint(self, truncate: bool = False) -> bool:
        """Fold the WAL into the ``.andock`` file so that a copy of it alone is complete.

        Skipped, with a warning, when the disk has no room for it: a checkpoint cut short by a
        full disk would leave a file that is unreadable without its ``-wal``. Returns whether
        the file is now complete.
        """
        if self.path is None or self.read_only or self.engine is None:
            return True
        if self.stopped is not None:
            raise self.stopped
        self._stop_if_overwritten()  # never fold this process's WAL into a file copied over it
        wal = Path(f"{self.path}-wal")
        needed = (wal.stat().st_size if wal.exists() else 0) + 1024 * 1024
        if shutil.disk_usage(self.path.parent).free < needed:
            raise ProjectFileError(
                _("The disk is full: the last changes to {name} are safe in {wal} beside it, but "
                  "{name} alone is not complete. Free some space; Andock completes the file when "
                  "it next closes or is idle.", name=self.path.name, wal=wal.name))
        with self._translated():
            complete = db.checkpoint(self.engine, mode="TRUNCATE" if truncate else "PASSIVE")
        if complete:
            self.unsaved_to_file = False
        if self.guard is not None:
            self.guard.seen_own_write()
        return complete

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Database errors of ordinary situations as AndockErrors; a damaged file stops writes."""
        try:
            yield
        except (DBAPIError, OSError, sqlite3.Error) as exc:
            err = dberrors.translate(exc, self.path)
            if err is None:
                raise
            if isinstance(err, ProjectDamagedError):
                self.stopped = err
            raise err from exc

    def _file_name(self) -> str:
        """The project file's name for messages (a project without a file has none)."""
        return self.path.name if self.path else _("The project")

    def _stop_if_overwritten(self) -> None:
        """Stop writing (and checkpointing) once the file was written outside SQLite."""
        if self.guard is not None and self.guard.overwritten():
            self.stopped = ProjectReplacedError(
                _("{name} was overwritten by another program while it was open (a copy or backup "
                  "put in its place?). Andock stopped writing to it so that the two versions are "
                  "not mixed; close the project and open it again to see the file as it is now.",
                  name=self._file_name()))
            raise self.stopped

    def _before_write(self) -> None:
        if self.read_only:
            raise ProjectFileError(
                _("{name} is open read-only: nothing can be changed.",
                  name=self._file_name()))
        if self.stopped is not None:
            raise self.stopped
        self._stop_if_overwritten()
        if self.guard is not None and self.guard.replaced():
            self.stopped = ProjectReplacedError(
                _("{name} was replaced, moved or deleted by another program (a sync client, a "
                  "restored copy?) while it was open. Andock stopped writing to it so that neither "
                  "version is damaged; save what you see with File → Save as…, then open the "
                  "project again.", name=self._file_name()))
            raise self.stopped

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A short read transaction (a consistent snapshot)."""
        with self._translated(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def action(self, description: str) -> Iterator[Action]:
        """One user action = one write transaction, recorded for undo; commits on success."""
        self._before_write()
        with self._translated(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            act = Action(conn, description)
            yield act
            act.commit_history()
        self._after_write()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A plain write transaction that is not an undoable action (preferences, work queues)."""
        self._before_write()
        with self._translated(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn
        self._after_write()

    def _after_write(self) -> None:
        self.unsaved_to_file = True
        if self.path is None:
            return
        from coding.store import backups

        backups.after_action(self)  # a timestamp comparison unless one is due
        # SQLite's automatic checkpoints are off (coding/db): a checkpoint cut short by a full
        # disk would leave a file unreadable without its WAL, so Andock runs them itself after
        # checking for room, once the WAL holds about 1,000 pages, as SQLite would
        try:
            wal_size = os.stat(f"{self.path}-wal").st_size
        except OSError:
            wal_size = 0
        if wal_size > AUTO_CHECKPOINT_BYTES:
            try:
                self.checkpoint()
            except AndockError as exc:  # the action itself is committed: say so, don't fail it
                log.warning("%s", exc)

    def undo(self, coder: CoderId | str | None = None) -> ChangeSet | None:
        """Undo the coder's last action (from any process); None if nothing to undo.

        ``coder``: the coder asking, an id or a name (default: the project's current coder; a
        coder that an undo removed is found by name). Another coder's actions are never undone;
        an undo that clashes with later work raises ConflictError (nothing changed).
        """
        self._before_write()
        with self._translated(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            return history.undo_last(conn, coder)

    def redo(self, coder: CoderId | str | None = None) -> ChangeSet | None:
        """Redo the action the coder undid last; None if nothing to redo."""
        self._before_write()
        with self._translated(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            return history.redo_next(conn, coder)

    def undo_redo_labels(self, coder: CoderId | str | None = None) -> tuple[str | None, str | None]:
        """What the coder's undo and redo would do next (for menu labels)."""
        with self.read() as conn:
            return history.peek(conn, coder)

    # -- facts ---------------------------------------------------------------------------
    @property
    def base_dir(self) -> Path:
        """Folder that media paths are relative to (the project file's folder)."""
        return self.path.parent if self.path else Path(os.getcwd())

    @property
    def name(self) -> str:
        """The project's display name."""
        with self.read() as conn:
            return conn.execute(select(TABLES["project_info"].c.name)).scalar_one()

    def save_as(self, dest: str | Path) -> Path:
        """Write a consistent copy of this project (SQLite backup API) and return its path."""
        dest = Path(dest)
        if dest.suffix.lower() != PROJECT_SUFFIX:
            dest = dest.with_name(dest.name + PROJECT_SUFFIX)
        db.copy_project(self.engine, dest)
        return dest

"""A project: one database (a ``*.andock`` SQLite file or a PostgreSQL URL) and its transactions.

Reads use short read transactions (:meth:`Project.read`); every user action is exactly one
write transaction with its undo record (:meth:`Project.action`).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from . import __version__, db, history
from .errors import ConflictError, InputError, ProjectVersionError
from .history import Action, ChangeSet
from .models import TABLES, new_guid, utcnow

PROJECT_SUFFIX = ".andock"


class Project:
    """An open project. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, engine, path: Path | None, backup: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self.backup_path = backup  # set when opening migrated an older file

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
            raise ConflictError(f"{path.name}: file exists already")
        if not path.parent.is_dir():
            raise InputError(f"{path.parent}: folder does not exist")
        engine = db.make_engine(path)
        try:
            db.stamp_application_id(engine)
            db.upgrade(engine)
            with engine.connect().execution_options(write=True) as conn, conn.begin():
                conn.execute(insert(TABLES["project_info"]).values(
                    id=1, guid=new_guid(), name=name or path.stem, created_at=utcnow(),
                    app_version=__version__))
        except Exception:
            engine.dispose()
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
            raise
        return cls(engine, path)

    @classmethod
    def _create_on_server(cls, url: str, name: str | None) -> "Project":
        engine = db.make_engine(url)
        if db.server_revision(engine) is not None:
            engine.dispose()
            raise ConflictError("that database holds a project already")
        db.upgrade(engine)  # one transaction: a failure leaves the database empty
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(insert(TABLES["project_info"]).values(
                id=1, guid=new_guid(), name=name or "Team project", created_at=utcnow(),
                app_version=__version__))
        return cls(engine, None)

    @classmethod
    def open(cls, target: str | Path) -> "Project":
        """Open a project, migrating an older file after backing it up."""
        if "://" in str(target):
            engine = db.make_engine(str(target))
            revision = db.server_revision(engine)
            if revision is None:
                engine.dispose()
                raise ProjectVersionError("that database holds no Andock project")
            if db.check_revision("the team database", revision):
                db.upgrade(engine)  # server backups are the administrator's (pg_dump)
            return cls(engine, None)
        path = Path(target)
        if not path.is_file():
            raise InputError(f"{path}: no such project file")
        revision = db.read_file_revision(path)
        backup = None
        if revision is None:
            raise ProjectVersionError(f"{path.name}: not an Andock project (no schema version)")
        if db.check_revision(path.name, revision):
            backup = db.backup_path_for(path, revision)
            db.backup_sqlite(path, backup)
        engine = db.make_engine(path)
        if backup is not None:
            try:
                db.upgrade(engine)
            except Exception as exc:
                engine.dispose()
                raise ProjectVersionError(
                    f"{path.name}: upgrading failed ({exc}); the file is unchanged and a copy "
                    f"is in {backup.name}") from exc
        return cls(engine, path, backup)

    def close(self) -> None:
        """Checkpoint the WAL into the file and release all connections."""
        if self.engine is None:
            return
        try:
            db.checkpoint(self.engine)
        finally:
            self.engine.dispose()
            self.engine = None

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A short read transaction (a consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def action(self, description: str) -> Iterator[Action]:
        """One user action = one write transaction, recorded for undo; commits on success."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            act = Action(conn, description)
            yield act
            act.commit_history()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A plain write transaction that is not an undoable action (preferences, work queues)."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn

    def undo(self) -> ChangeSet | None:
        """Undo the last action (also one made by another process); None if nothing to undo."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            return history.undo_last(conn)

    def redo(self) -> ChangeSet | None:
        """Redo the last undone action; None if nothing to redo."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            return history.redo_next(conn)

    def undo_redo_labels(self) -> tuple[str | None, str | None]:
        """What undo and redo would do next (for menu labels)."""
        with self.read() as conn:
            return history.peek(conn)

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

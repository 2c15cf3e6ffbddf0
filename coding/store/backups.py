"""Rotating backups of a project file: made on opening and after work, listed, pruned.

Backups live in a folder beside the project, ``<stem>.andock-backups/``, one complete SQLite
file each, named ``<stem>_<UTC time>_<reason>.andock`` so that names sort by time. They are
written with SQLite's backup API from the open project's own connection (consistent, with
everything committed in the WAL, never touching the project file outside SQLite) to a temporary
name, switched to a standalone rollback journal and renamed: a half-written backup never carries
a backup's name. Restoring is in :mod:`coding.store.backup_restore`.

Automatic backups (reasons ``open`` and ``auto``) cost a timestamp comparison when none is due,
and never raise: a failure (disk full, read-only folder) is logged and kept for
:func:`last_error`. A backup asked for by name (``manual``) raises a clear error instead.
"""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sqlite3
import time
import weakref
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coding.store.backup_settings import BackupSettings, read_settings, write_settings
from coding.base.errors import AndockError, InputError, ProjectFileError
from coding.base.messages import _

log = logging.getLogger("andock.backups")

FOLDER_SUFFIX = ".andock-backups"
AUTOMATIC = ("open", "auto")
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{8}T\d{6}Z)_(?P<reason>[a-z0-9-]+)\.andock$")
_PARTIAL_MAX_AGE_S = 3600  # a temporary file older than this is left over from a crash


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as listed: when, why, how big, and what it holds."""

    path: Path
    time: datetime  # UTC
    reason: str
    size: int
    documents: int | None = None  # None when the copy cannot be read
    codings: int | None = None
    error: str | None = None


@dataclass
class _State:
    """What one open project remembers between actions (so a check costs no disk access)."""

    settings: BackupSettings
    last: datetime | None  # time of the newest backup known
    error: str | None = None


_states: "weakref.WeakKeyDictionary[object, _State]" = weakref.WeakKeyDictionary()


def backup_folder(project_path: Path) -> Path:
    """The folder holding the backups of ``project_path``."""
    project_path = Path(project_path)
    return project_path.with_name(project_path.stem + FOLDER_SUFFIX)


def utcnow() -> datetime:
    """The current time in UTC (what backup names and intervals use)."""
    return datetime.now(timezone.utc)


def _parse(path: Path) -> tuple[datetime, str] | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    when = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=timezone.utc)
    return when, m["reason"].replace("-", " ")


def _backup_files(project_path: Path) -> list[tuple[datetime, str, Path]]:
    """(time, reason, path) of each backup of the project, newest first."""
    folder = backup_folder(project_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        parsed = _parse(p) if p.is_file() else None
        if parsed is not None:
            found.append((parsed[0], parsed[1], p))
    return sorted(found, key=lambda t: (t[0], t[2].name), reverse=True)


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: a finished backup never changes, so no locks and no -wal/-shm beside it
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _contents(path: Path) -> tuple[int, int]:
    """Numbers of documents and codings in a backup, read without changing it."""
    con = _read_only(path)
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        segs = con.execute("SELECT count(*) FROM segments").fetchone()[0]
    finally:
        con.close()
    return docs, segs


def list_backups(project_path: Path) -> list[BackupInfo]:
    """The backups of a project, newest first; a damaged one is listed with its error."""
    out = []
    for when, reason, path in _backup_files(Path(project_path)):
        try:
            size = path.stat().st_size
        except OSError:
            continue  # pruned by another process meanwhile
        try:
            docs, segs = _contents(path)
            out.append(BackupInfo(path, when, reason, size, docs, segs))
        except sqlite3.Error as exc:
            out.append(BackupInfo(path, when, reason, size, error=_("cannot be read ({exc})", exc=exc)))
    return out


def prune(project_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and stale temporary files); return the deleted."""
    gone = []
    for _when, _reason, path in _backup_files(Path(project_path))[max(keep, 1):]:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            gone.append(path)
    folder = backup_folder(Path(project_path))
    if folder.is_dir():
        for p in folder.glob(".*.partial"):
            with contextlib.suppress(OSError):
                if time.time() - p.stat().st_mtime > _PARTIAL_MAX_AGE_S:
                    p.unlink()
    return gone


def new_backup_path(project_path: Path, reason: str, now: datetime) -> Path:
    """A new backup name: the time (UTC, bumped by seconds past an existing one) and the reason."""
    folder = backup_folder(project_path)
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "manual"
    taken = {parsed[0] for p in folder.iterdir() if (parsed := _parse(p))} if folder.is_dir() else set()
    when = now.astimezone(timezone.utc).replace(microsecond=0)
    while when in taken:
        when += timedelta(seconds=1)
    return folder / f"{project_path.stem}_{when.strftime(_STAMP)}_{slug}.andock"


def write_snapshot(source: sqlite3.Connection, dest: Path) -> Path:
    """Copy the database behind ``source`` to ``dest`` atomically (temporary name, then rename)."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            _finish(target)
        finally:
            target.close()
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(dest.parent)
    return dest


def _finish(target: sqlite3.Connection) -> None:
    # a standalone file: no -wal beside it, readable on read-only media and when mailed
    target.execute("PRAGMA journal_mode=DELETE")
    target.execute("PRAGMA synchronous=FULL")
    target.execute("BEGIN IMMEDIATE")  # an empty write transaction syncs the file to disk
    target.execute("COMMIT")


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _explain(exc: BaseException, folder: Path) -> AndockError:
    """One sentence for a failed backup (full disk, read-only folder, ...)."""
    msg = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in msg.lower():
        return ProjectFileError(_("No backup made: the disk is full. Free some space in {folder}.",
                                  folder=folder))
    if isinstance(exc, PermissionError) or "readonly" in msg.lower() or "read-only" in msg.lower():
        return ProjectFileError(_("No backup made: {folder} is read-only. Make it writable.", folder=folder))
    return ProjectFileError(_("No backup made in {folder}: {msg}", folder=folder, msg=msg))


def _write_backup(project, reason: str, now: datetime) -> Path:
    folder = backup_folder(project.path)
    try:
        folder.mkdir(exist_ok=True)
        dest = new_backup_path(project.path, reason, now)
        raw = project.engine.raw_connection()  # the open project's pool: no second file handle
        try:
            write_snapshot(raw.driver_connection, dest)
        finally:
            raw.close()
    except (OSError, sqlite3.Error) as exc:
        raise _explain(exc, folder) from exc
    return dest


def _state(project) -> _State:
    st = _states.get(project)
    if st is None:
        with project.read() as conn:
            st = _State(read_settings(conn), None)  # ``last`` is filled in by the caller
        _states[project] = st
    return st


def forget(project) -> None:
    """Drop what was remembered about ``project`` (after its backup settings changed)."""
    _states.pop(project, None)


def last_error(project) -> str | None:
    """Why the last automatic backup of ``project`` failed, or None."""
    st = _states.get(project)
    return st.error if st else None


def _fingerprint(con: sqlite3.Connection) -> tuple:
    """What changes with every action, undo and redo (to skip backups of an unchanged project)."""
    return tuple(con.execute(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(undone), 0) FROM history").fetchone())


def _unchanged(project, newest: Path) -> bool:
    try:
        raw = project.engine.raw_connection()
        try:
            mine = _fingerprint(raw.driver_connection)
        finally:
            raw.close()
        con = _read_only(newest)
        try:
            return _fingerprint(con) == mine
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _due(st: _State, now: datetime) -> bool:
    if not st.settings.enabled or st.last is None:
        return st.settings.enabled
    age = now - st.last
    return age >= timedelta(minutes=st.settings.interval_minutes) or age < timedelta(minutes=-1)


def _automatic(project, reason: str, now: datetime, any_time: bool = False) -> Path | None:
    """An automatic backup if one is due (``any_time``: whenever it changed); never raises."""
    try:
        st = _states.get(project)
        if st is not None and not any_time and not _due(st, now):
            return None  # the common case: no disk access at all
        st = _state(project)
        files = _backup_files(project.path)
        st.last = files[0][0] if files else None
        if not st.settings.enabled or (not any_time and not _due(st, now)):
            return None
        if files and _unchanged(project, files[0][2]):
            return None
        st.last = now  # also after a failure: retry after the interval, not after every action
        dest = _write_backup(project, reason, now)
        prune(project.path, st.settings.keep)
        st.error = None
        return dest
    except Exception as exc:  # noqa: BLE001 - an automatic backup must never break the caller
        message = str(exc) if isinstance(exc, AndockError) else _("No backup made: {exc}", exc=exc)
        log.warning("%s", message)
        if project in _states:
            _states[project].error = message
        return None


def make_backup(project, reason: str = "manual", now: datetime | None = None,
                any_time: bool = False) -> Path | None:
    """Back up an open project file now; automatic reasons ('open', 'auto') only when due.

    Automatic backups return None when none is due (interval not over, project unchanged
    since the newest backup, backups switched off) or when making one failed (never raise);
    ``any_time`` drops the interval (a window opening the project: rare and worth a copy).
    Any other reason always writes a backup and raises a clear error when it cannot.
    """
    now = now or utcnow()
    if project.path is None:
        if reason in AUTOMATIC:
            return None
        raise InputError(_("Team projects on a database server are backed up by its administrator "
                           "(pg_dump), not by Andock."))
    if reason in AUTOMATIC:
        if getattr(project, "read_only", False):
            return None  # opened read-only (a second window): the writing one makes the backups
        return _automatic(project, reason, now, any_time)
    dest = _write_backup(project, reason, now)
    st = _state(project)
    st.last = now
    prune(project.path, st.settings.keep)
    return dest


def after_action(project) -> Path | None:
    """What :class:`~coding.store.project.Project` calls after each committed write (see maybe_backup)."""
    return maybe_backup(project)


def maybe_backup(project, now: datetime | None = None) -> Path | None:
    """After an action: a backup when the newest is older than the interval (never raises)."""
    return make_backup(project, "auto", now)


def change_settings(project, enabled: bool | None = None, interval_minutes: int | None = None,
                    keep: int | None = None) -> BackupSettings:
    """Change the project's backup settings (a preference: not undoable); returns them."""
    with project.write() as conn:
        old = read_settings(conn)
        new = replace(old, enabled=old.enabled if enabled is None else enabled,
                      interval_minutes=old.interval_minutes if interval_minutes is None else interval_minutes,
                      keep=old.keep if keep is None else keep)
        write_settings(conn, new)
    forget(project)
    return new


def settings_of(project) -> BackupSettings:
    """The project's backup settings."""
    with project.read() as conn:
        return read_settings(conn)

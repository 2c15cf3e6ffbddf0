"""Putting a backup back in place of a project file, only while no program has it open.

Order of work, so that a failure at any step leaves the project as it was:

1. The backup is copied (SQLite backup API) to a temporary file in the project's folder and that
   copy is checked: ``PRAGMA integrity_check``, Andock's ``application_id``, a schema revision
   this Andock knows (an older one is migrated on the next open, with its usual backup).
2. The project is locked exclusively (``locking_mode=EXCLUSIVE`` and ``BEGIN EXCLUSIVE``, no
   waiting). Any other connection — an Andock window, a command, even one whose own SQLite locks
   were dropped but whose file guard holds (coding/fileguard) — makes this fail: the restore is
   refused with a message, because that program would go on writing into the replaced file or
   lay its ``-wal`` over the restored one.
3. With the lock held, the current state (including what is committed in the WAL) is backed up
   ("before restore"), then folded into the file and the file switched out of WAL mode: no
   ``-wal`` is left that could apply to the restored file; a stale ``-shm`` is deleted.
4. The lock is released and the checked copy is renamed onto the project path (``os.replace``).

A current file so damaged that it cannot be backed up is moved into the backups folder instead
(reason ``damaged``), so nothing is ever deleted.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coding.store import db, dberrors
from coding.store.backup_settings import KEYS, BackupSettings
from coding.store.backups import new_backup_path, backup_folder, prune, utcnow, write_snapshot
from coding.base.errors import ConflictError, InputError, ProjectDamagedError, ProjectFileError
from coding.base.messages import _

_LOCKED = ("database is locked", "database is busy", "database table is locked")


def verify_copy(path: Path, label: str) -> tuple[str, str | None]:
    """Check a would-be project file; return its schema revision and project GUID."""
    revision = db.read_file_revision(path)  # application_id and revision (refuses foreign files)
    if revision is None:
        raise ProjectDamagedError(_("{label}: not an Andock project (no schema version)", label=label))
    db.check_revision(label, revision)  # a newer Andock's file is refused
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check(5)")]
        guid = con.execute("SELECT guid FROM project_info").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ProjectDamagedError(_("{label} is damaged ({exc})", label=label, exc=exc)) from None
    finally:
        con.close()
    if result != ["ok"]:
        raise ProjectDamagedError(_("{label} is damaged ({detail})", label=label, detail=result[0]))
    return revision, guid[0] if guid else None


def _prepared_copy(project_path: Path, backup_path: Path) -> tuple[Path, str | None]:
    """The backup copied beside the project and checked; (temporary path, its project GUID)."""
    tmp = project_path.with_name(f".{project_path.name}.restore-{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    label = _("The backup {name}", name=backup_path.name)
    try:
        try:
            db.backup_sqlite(backup_path, tmp)
        except sqlite3.DatabaseError as exc:
            raise ProjectDamagedError(_("{label} is damaged ({exc})", label=label, exc=exc)) from None
        _revision, guid = verify_copy(tmp, label)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, guid


def _lock(project_path: Path) -> sqlite3.Connection:
    """An exclusive connection to the project, or a ConflictError when a program has it open."""
    con = sqlite3.connect(project_path, timeout=0.5, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("COMMIT")  # the exclusive lock stays until the connection closes
    except sqlite3.OperationalError as exc:
        con.close()
        if any(s in str(exc).lower() for s in _LOCKED):
            raise ConflictError(
                _("{name} is open in an Andock window or command (here or on another computer). "
                  "Close it there, then restore again; nothing was changed.",
                  name=project_path.name)) from None
        raise
    except BaseException:
        con.close()
        raise
    return con


def _guid(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT guid FROM project_info").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _keep(con: sqlite3.Connection) -> int:
    """How many backups the project keeps (its setting, read through the locked connection)."""
    try:
        row = con.execute("SELECT value FROM settings WHERE key = ?", (KEYS["keep"],)).fetchone()
        return max(int(row[0]), 1) if row else BackupSettings().keep
    except (sqlite3.Error, ValueError):
        return BackupSettings().keep


def _set_aside(project_path: Path) -> Path:
    """Move a damaged project file (and its -wal) into the backups folder."""
    dest = new_backup_path(project_path, "damaged", utcnow())
    dest.parent.mkdir(exist_ok=True)
    os.replace(project_path, dest)
    wal = Path(f"{project_path}-wal")
    if wal.exists():
        os.replace(wal, Path(f"{dest}-wal"))
    return dest


def restore_backup(project_path: Path, backup_path: Path) -> Path:
    """Replace a closed project by a backup; return where the state before it was saved."""
    project_path, backup_path = Path(project_path), Path(backup_path)
    if not project_path.is_file():
        raise InputError(_("{project_path}: no such project file", project_path=project_path))
    if not backup_path.is_file():
        raise InputError(_("{backup_path}: no such backup", backup_path=backup_path))
    if backup_path.resolve() == project_path.resolve():
        raise InputError(_("that is the project itself, not a backup of it"))
    tmp, backup_guid = _prepared_copy(project_path, backup_path)
    try:
        before = _save_current(project_path, backup_guid)
        os.replace(tmp, project_path)
    finally:
        tmp.unlink(missing_ok=True)
    return before


def _save_current(project_path: Path, backup_guid: str | None) -> Path:
    """Lock the project, back up its state and leave it without -wal/-shm; return that backup."""
    try:
        con = _lock(project_path)
    except sqlite3.DatabaseError as exc:
        if dberrors.is_damage(exc):  # not even readable: nobody can be working in it
            return _set_aside(project_path)
        raise _failed(exc) from exc
    damaged = False
    try:
        guid = _guid(con)
        if guid is not None and backup_guid is not None and guid != backup_guid:
            raise InputError(_("that file is a backup of another project, not of {name}",
                               name=project_path.name))
        keep = _keep(con)
        backup_folder(project_path).mkdir(exist_ok=True)
        try:
            before = write_snapshot(con, new_backup_path(project_path, "before restore", utcnow()))
        except sqlite3.DatabaseError as exc:
            if not dberrors.is_damage(exc):
                raise
            damaged = True  # moved aside below, once the lock is given up
        if not damaged:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode=DELETE")  # folds and deletes the -wal under our lock
            Path(f"{project_path}-shm").unlink(missing_ok=True)  # stale: nobody else has it open
    except (OSError, sqlite3.Error) as exc:
        raise _failed(exc) from exc
    finally:
        con.close()
    if damaged:
        return _set_aside(project_path)
    prune(project_path, keep + 1)  # +1: the backup being restored stays listed too
    return before


def _failed(exc: BaseException) -> ProjectFileError:
    return ProjectFileError(_("The current state could not be backed up ({exc}); nothing was restored. Free "
                              "some disk space or check the folder's permissions.", exc=exc))

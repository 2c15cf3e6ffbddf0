"""SQLite's and the operating system's errors as one sentence that says what to do.

A raw "attempt to write a readonly database" or "database is locked" tells a researcher
nothing; these functions turn the errors of ordinary situations (read-only file or folder, full
disk, another program writing for long, a damaged file) into :class:`~coding.base.errors.AndockError`
messages. Anything not recognised is left alone (a bug shows as a bug).

On a team database (coding/store/team.py) a change the connected role may not make is refused by
the server; :func:`refused_message` says which right it lacks.
"""
from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from coding.base.errors import AndockError, NotAllowedError, ProjectDamagedError, ProjectFileError
from coding.base.messages import _
from coding.store.models import TABLES


def _message_of(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the DBAPI error
    return str(orig if orig is not None else exc).lower()


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite reports the file itself as damaged (not a lock or a permission)."""
    msg = _message_of(exc)
    return "malformed" in msg or "file is not a database" in msg or "disk i/o error" in msg


def translate(exc: BaseException, path: Path | None) -> AndockError | None:
    """An AndockError for an ordinary file situation, or None when ``exc`` is something else."""
    name = path.name if path else _("the project")
    msg = _message_of(exc)
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":
        # PostgreSQL: insufficient privilege (a team role's grants or row-level security)
        return NotAllowedError(refused_message(refused_table(msg)))
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "database or disk is full" in msg:
        return ProjectFileError(
            _("The disk is full: {name} was not changed by this action. Free some space and try again.",
              name=name))
    if "readonly database" in msg or "read-only" in msg:
        return ProjectFileError(read_only_message(path))
    if "database is locked" in msg or "database is busy" in msg:
        return ProjectFileError(
            _("{name} is busy: another Andock window or command has been writing to it for "
              "over 10 seconds. Try again in a moment.", name=name))
    if "unable to open database file" in msg:
        return ProjectFileError(read_only_message(path) if path and not _writable_folder(path)
                                else _("{name} cannot be opened ({msg}).", name=name, msg=msg))
    if is_damage(exc):
        return ProjectDamagedError(damaged_message(path, msg))
    return None


def _writable_folder(path: Path) -> bool:
    return os.access(path.parent, os.W_OK | os.X_OK)


def read_only_message(path: Path | None) -> str:
    """Why a project cannot be written, naming the file or the folder that is read-only."""
    if path is None:
        return _("The team database refused the change: your database role may not write.")
    if not _writable_folder(path):
        return (_("The folder {parent} is read-only: Andock needs to write its working files "
                  "({name}-wal) there. Copy the project to a folder you can write to.",
                  parent=path.parent, name=path.name))
    return (_("{name} is read-only (file permissions). Make it writable, or copy it to a "
              "folder of your own.", name=path.name))


def damaged_message(path: Path | None, detail: str = "") -> str:
    """The one sentence for a damaged project file, pointing to the backups."""
    name = path.name if path else _("The project")
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    extra = f" ({detail})" if detail else ""
    return (_("{name} is damaged{extra}. Andock will not write into it. Restore a backup "
              "(andock backups {name} / File → Backups…) or send the file to support.",
              name=name, extra=extra))


def refused_message(table: str | None) -> str:
    """One sentence for a change the server refused to the connected role."""
    if table in ("segments", "memos"):  # deleting a coding deletes its memo first: one sentence for both
        return _("The team database refused the change: codings and memos can be changed only by the "
                 "coder who made them, or by the team's lead. Nothing was changed.")
    if table in ("codes", "anchor_examples"):
        return _("The team database refused the change: only the team's lead may change the "
                 "codebook. Nothing was changed.")
    if table == "history":
        return _("The team database refused the change: each coder can undo and redo only their own "
                 "actions. Nothing was changed.")
    return _("The team database refused the change: only the team's lead may change documents, "
             "speakers, variables, coders, summaries and the project's settings. Nothing was changed.")


def refused_table(message: str) -> str | None:
    """The table a PostgreSQL refusal names ('… for table "segments"', 'permission denied for
    table codes'), or None."""
    found = re.search(r'for table "?(\w+)"?', message)
    return found.group(1) if found and found.group(1) in TABLES else None

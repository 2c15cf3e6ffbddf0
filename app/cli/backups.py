"""Handlers of ``andock backups``, ``andock backup`` and ``andock restore`` (re-exported by cli_commands)."""
from __future__ import annotations

import argparse
from argparse import Namespace
from datetime import datetime
from pathlib import Path

from coding.store import backups
from coding.store.backup_restore import restore_backup
from coding.base.errors import InputError, NotFoundError
from .common import open_project, dump_json


def add_backup_parsers(add) -> None:
    """The ``backups``, ``backup`` and ``restore`` sub-commands (``add(name, help)`` makes a sub-parser)."""
    p: argparse.ArgumentParser = add("backups", "list the project's backups (newest first); change how many and how often")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.add_argument("--keep", type=int, metavar="N", help="keep the newest N backups (default 10)")
    p.add_argument("--every", type=int, metavar="MINUTES",
                   help="at most one automatic backup per MINUTES of work (default 10)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--on", dest="enabled", action="store_const", const=True, help="make automatic backups")
    g.add_argument("--off", dest="enabled", action="store_const", const=False, help="no automatic backups")
    p = add("backup", "make a backup of the project now")
    p.add_argument("project")
    p = add("restore", "replace the project by one of its backups (the current state is backed up first)")
    p.add_argument("project")
    p.add_argument("backup", help="a backup file, or its number in 'andock backups' (1 = newest)")
    p.add_argument("--yes", action="store_true", help="restore without asking")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def cmd_backups(args: Namespace) -> None:

    path = Path(args.project)
    with open_project(args.project) as proj:
        if args.keep is not None or args.every is not None or args.enabled is not None:
            backups.change_settings(proj, enabled=args.enabled, interval_minutes=args.every, keep=args.keep)
        settings = backups.settings_of(proj)
    listed = backups.list_backups(path)
    if args.json:
        dump_json([{"number": i, "path": str(b.path), "time": b.time.isoformat(), "reason": b.reason,
                    "size": b.size, "documents": b.documents, "codings": b.codings, "error": b.error}
                   for i, b in enumerate(listed, 1)])
        return
    policy = (f"every {settings.interval_minutes} min of work, keeping {settings.keep}"
              if settings.enabled else f"automatic backups off, keeping {settings.keep}")
    print(f"Backups of {path.name} in {backups.backup_folder(path)} ({policy}):")
    if not listed:
        print("  none yet (andock backup P makes one)")
    for i, b in enumerate(listed, 1):
        contents = (f"{b.documents:>5} docs {b.codings:>7} codings" if b.error is None else b.error)
        print(f"{i:>3}  {_local(b.time)}  {b.reason:<15} {_size(b.size):>9}  {contents}")


def cmd_backup(args: Namespace) -> None:

    with open_project(args.project) as proj:
        path = backups.make_backup(proj, "manual")
    print(f"Backup written to {path}")


def resolve_backup(project: Path, text: str) -> Path:
    """A backup named by its path or by its number in the list (1 = newest)."""
    if text.isdigit() and not Path(text).exists():
        listed = backups.list_backups(project)
        n = int(text)
        if not 1 <= n <= len(listed):
            raise NotFoundError(f"there is no backup number {n} ({len(listed)} listed by 'andock backups')")
        return listed[n - 1].path
    return Path(text)


def cmd_restore(args: Namespace) -> None:
    project = Path(args.project)
    backup = resolve_backup(project, args.backup)
    if not args.yes:
        raise InputError(f"this replaces {project.name} by {backup.name} (the current state is "
                         f"backed up first); repeat with --yes to confirm")
    before = restore_backup(project, backup)
    print(f"Restored {project.name} from {backup.name}; the state before is in {before}")


# the sub-commands this module handles (backups), registered by app.cli
COMMANDS = {
    "backups": cmd_backups,
    "backup": cmd_backup,
    "restore": cmd_restore,
}

"""Who has a project open: one small file per process in a folder beside the project.

A second window (or a colleague on a shared drive) opening the same ``.andock`` is told who has
it open and since when, and can open it read-only or anyway. One file per process — written
under a temporary name and renamed, removed on close — needs no locking and works on every
platform and on network drives. A process that died leaves its file behind; on this computer
such entries are recognised (process gone, or another process with that number) and removed.
Only processes that keep a project open (the window, a transcription queue) register; the short
``andock`` commands do not.
"""
from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psutil
from coding.base.messages import _


@dataclass(frozen=True)
class Holder:
    """One process that has the project open."""

    user: str
    host: str
    pid: int
    since: str  # ISO time, UTC
    role: str  # "window", "transcription", ...
    started: float  # the process's start time (tells a reused process number apart)

    def describe(self) -> str:
        """E.g. 'a window of lena on laptop-lena since 2026-12-05 10:15'."""
        local = datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        roles = {"window": _("window"), "transcription": _("transcription")}
        return _("{role} of {user} on {host} since {local}",
                 role=roles.get(self.role, self.role), user=self.user, host=self.host, local=local)


def folder_for(project_path: Path) -> Path:
    """The presence folder of a project file."""
    return project_path.with_name(project_path.name + "-open")


def _me(role: str) -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems: not worth failing for
        user = "?"
    pid = os.getpid()
    return Holder(user, socket.gethostname(), pid, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  role, psutil.Process(pid).create_time())


def _entry_name(h: Holder) -> str:
    safe_host = "".join(c if c.isalnum() or c in "-_" else "_" for c in h.host)
    return f"{safe_host}-{h.pid}.json"


class Presence:
    """This process's entry; :meth:`remove` it when the project closes."""

    def __init__(self, project_path: Path, role: str) -> None:
        self.folder = folder_for(project_path)
        self.me = _me(role)
        self.file = self.folder / _entry_name(self.me)
        self._write()

    def _write(self) -> None:
        self.folder.mkdir(exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.me.__dict__), encoding="utf-8")
        os.replace(tmp, self.file)

    def remove(self) -> None:
        """Take this process off the list (and the folder, when it is the last)."""
        with contextlib.suppress(OSError):
            self.file.unlink()
        with contextlib.suppress(OSError):
            self.folder.rmdir()  # only succeeds when empty


def register(project_path: Path, role: str) -> Presence | None:
    """Put this process on the project's list; None where the folder cannot be written."""
    try:
        return Presence(project_path, role)
    except OSError:
        return None  # a read-only folder: the project opens read-only anyway


def _alive_here(h: Holder) -> bool:
    try:
        return abs(psutil.Process(h.pid).create_time() - h.started) < 1.0
    except (psutil.Error, OSError):
        return False


def others(project_path: Path) -> list[Holder]:
    """Everyone else who has the project open now (stale entries of this computer removed)."""
    folder = folder_for(project_path)
    me = (socket.gethostname(), os.getpid())
    out = []
    try:
        entries = sorted(folder.glob("*.json"))
    except OSError:
        return []
    for entry in entries:
        try:
            h = Holder(**json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if (h.host, h.pid) == me:
            continue
        if h.host == me[0] and not _alive_here(h):
            with contextlib.suppress(OSError):
                entry.unlink()
            continue
        out.append(h)
    return out

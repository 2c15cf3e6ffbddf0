"""Output files: never replace an existing file unasked, never leave half a file behind.

Every export writes into a temporary file in the target's folder, flushes it to the disk and
renames it onto the target in one step (``os.replace``). A reader, a crash or a failing export
sees the old file or the complete new one, never a mix; a failure removes the temporary file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from coding.base.errors import InputError
from coding.base.messages import _


def check_target(path: str | os.PathLike, force: bool = False) -> Path:
    """``path`` if a file may be written there: an existing file only with ``force``."""
    path = Path(path)
    if os.path.isdir(path):  # (not Path.is_dir: a name too long for the disk is refused when written)
        raise InputError(_("{path}: is a folder; give a file name", path=path))
    if not path.parent.is_dir():
        raise InputError(_("{parent}: folder does not exist", parent=path.parent))
    if os.path.lexists(path) and not force:
        raise InputError(_("{path} exists already; add --force to replace it", path=path))
    return path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block succeeds."""
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(_("{path}: cannot write here ({reason})",
                           path=path, reason=exc.strerror or exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _sync(tmp)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; an export is a file to share
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):  # disk full, no permission, target open elsewhere (Windows)
            raise InputError(_("{path}: cannot write ({reason})",
                               path=path, reason=exc.strerror or exc)) from None
        raise
    _sync_folder(path.parent)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", *, encoding: str = "utf-8",
                 newline: str | None = None) -> Iterator[IO]:
    """An open temporary file (``mode`` "w" or "wb") that replaces ``path`` when the block succeeds."""
    with atomic_path(path) as tmp:
        if "b" in mode:
            with open(tmp, mode) as fh:
                yield fh
        else:
            with open(tmp, mode, encoding=encoding, newline=newline) as fh:
                yield fh


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Replace ``path`` by ``data`` atomically."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only writable handles
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    # the rename itself is durable only once the folder is flushed (POSIX; Windows cannot open folders)
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the user's umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # os.umask can only be read by setting it, which would race with other threads; Linux says it here
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022

"""Keeps an open project file safe from everything in this process that is not SQLite.

SQLite's locks on Linux and macOS are POSIX record locks, and those belong to the *process*:
when anything else in the process opens and closes the project file — a file dialog guessing
the file's type, a checksum, a header read — all of SQLite's locks on it vanish. Another
process that then closes the project believes it is the last user, checkpoints and deletes the
``-wal``/``-shm`` files, and this process goes on committing into the deleted WAL: invisible to
everyone else and gone after a crash ("How To Corrupt An SQLite Database File", 2.2).

Andock cannot keep every library in its process away from the file, so a :class:`FileGuard`
holds a lock of its own that such a close cannot drop: an *open file description* lock (Linux
``F_OFD_SETLK``) on one byte of SQLite's SHARED range of the database file and on the
dead-man-switch byte of the ``-shm`` file. OFD locks conflict with SQLite's POSIX locks in
every process, are owned by the guard's own descriptor only, and so keep any other process from
ever getting the EXCLUSIVE lock it needs to delete the WAL or reset the shared memory while
this process has the project open. Readers and writers are not affected: in WAL mode they take
SHARED locks and locks inside the ``-shm`` file, which do not conflict with the guard's read
locks. On macOS and the BSDs (no OFD locks) a shared ``flock`` on the database file serves the same
purpose where flock and POSIX locks share one table (untested here: no macOS machine); the
``-shm`` file is not guarded there. Windows locks belong to the file handle, so the problem does
not exist there.

The guard also remembers which file it guards (device and inode) so that a project file replaced
by a rename — what sync clients and "restore a copy" do — is noticed before the next write, and
it notices a file overwritten in place (``cp backup.andock p.andock``): in WAL mode only a
checkpoint writes the database file, and every checkpoint changes the checkpoint counters in
the ``-shm`` file, so a file whose size or modification time changed while those counters did
not was written by someone other than SQLite. SQLite records a checkpoint's progress only after
it has written (and synced) the pages, so a look taken while any connection holds the
checkpoint lock tells nothing and is not used; without that, a colleague's checkpoint on a slow
disk looked like an overwrite (seen in CI; tests/reliability/test_file_changes.py).
"""
from __future__ import annotations

import contextlib
import os
import struct
import sys
from pathlib import Path

# SQLite's lock bytes (os_unix.c): PENDING_BYTE is at 1 GiB, the SHARED range follows it.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
# -shm: the first 120 bytes hold the wal-index header, then 8 lock bytes, then the DMS byte
SHM_DMS_BYTE = 128
# ... of which the second is the checkpointer's lock (WALINDEX_LOCK_OFFSET 120 + WAL_CKPT_LOCK 1)
SHM_CKPT_BYTE = 121

if sys.platform != "win32":
    import fcntl
else:  # pragma: no cover - Windows locks are per handle
    fcntl = None  # type: ignore[assignment]

_OFD = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")


def _flock_struct(kind: int, start: int, length: int) -> bytes:
    # struct flock {short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid;}
    return struct.pack("@hhqqi4x", kind, os.SEEK_SET, start, length, 0)


class FileGuard:
    """Guards one project file for as long as this process has it open (see module docs)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fds: list[int] = []
        self._spare: list[int] = []
        self._shm_fd: int | None = None
        self._seen: tuple | None = None
        st = os.stat(self.path)
        self.identity = (st.st_dev, st.st_ino)

    def engage(self) -> None:
        """Take the guard locks (call once SQLite has the database and its ``-shm`` open)."""
        if fcntl is None or self._fds:
            return
        self._lock(self.path, SHARED_FIRST)
        shm = Path(f"{self.path}-shm")
        # only with OFD locks: a whole-file flock on -shm could block SQLite's write locks there
        # on systems where flock and fcntl locks interact
        if _OFD and shm.exists() and self._lock(shm, SHM_DMS_BYTE):
            self._shm_fd = self._fds[-1]
        self._seen = self._observe()

    def _lock(self, path: Path, byte: int) -> bool:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False
        try:
            if _OFD:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock_struct(fcntl.F_RDLCK, byte, 1))
            else:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            # someone holds an exclusive lock right now (a process in its last close): without
            # the guard this process is no worse off than SQLite alone. The descriptor stays
            # open until close(): closing it now would drop SQLite's own locks.
            self._spare.append(fd)
            return False
        self._fds.append(fd)
        return True

    def release_locks(self) -> None:
        """Give up the locks but keep the descriptors (closing them would drop SQLite's locks)."""
        for fd in self._fds:
            with contextlib.suppress(OSError):
                if _OFD:
                    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock_struct(fcntl.F_UNLCK, 0, 0))
                else:
                    fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close the guard's descriptors (only after SQLite has closed the database)."""
        self.release_locks()
        for fd in self._fds + self._spare:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds, self._spare, self._shm_fd = [], [], None

    def replaced(self) -> bool:
        """True when the path now names another file (or none): renamed over, moved or deleted."""
        try:
            st = os.stat(self.path)
        except OSError:
            return True
        return (st.st_dev, st.st_ino) != self.identity

    def _checkpointing(self) -> bool:
        """True while a connection of any process, this one included, holds the checkpoint lock."""
        assert self._shm_fd is not None
        query = _flock_struct(fcntl.F_RDLCK, SHM_CKPT_BYTE, 1)
        try:
            kind = struct.unpack("@hhqqi4x", fcntl.fcntl(self._shm_fd, fcntl.F_OFD_GETLK, query))[0]
        except OSError:
            return True  # cannot tell: as if one were running
        return kind != fcntl.F_UNLCK

    def _observe(self) -> tuple | None:
        """(size, mtime) of the database file and the -shm checkpoint counters, or None when
        they cannot be read or a checkpoint is running (before and after reading them)."""
        if not self._fds or self._shm_fd is None or self._checkpointing():
            return None
        try:  # the counters on both sides of the file's state: a checkpoint between is seen
            before = self._counters()
            st = os.fstat(self._fds[0])
            after = self._counters()
        except OSError:
            return None
        if before is None or before != after or self._checkpointing():
            return None
        return (st.st_size, st.st_mtime_ns), after

    def _counters(self) -> tuple[bytes, ...] | None:
        """The -shm file's checkpoint counters: wal-index salts (32..40), nBackfill (96..100),
        nBackfillAttempted (128..132); read marks change with every reader and are left out."""
        assert self._shm_fd is not None
        shm = os.pread(self._shm_fd, 136, 0)
        if len(shm) < 136:
            return None
        return shm[32:40], shm[96:100], shm[128:132]

    def overwritten(self) -> bool:
        """True when the file was written outside SQLite since the last look (see module docs)."""
        now = self._observe()
        if now is None:  # cannot tell now: the last clear look stays the one to compare with
            return False
        before, self._seen = self._seen, now
        if before is None:
            return False
        return now[0] != before[0] and now[1] == before[1]

    def seen_own_write(self) -> None:
        """Take the file as it is now as known (after this process's own commits and checkpoints)."""
        now = self._observe()
        if now is not None:  # else the last clear look stays: its counters differ from after ours
            self._seen = now

"""A throwaway PostgreSQL server on loopback for the team-database tests.

Uses ``ANDOCK_TEST_PG_URL`` when set; otherwise starts a private cluster with the installed
PostgreSQL binaries (Debian: package ``postgresql``) in a temporary folder, on 127.0.0.1 and a
free port, and stops it at the end of the test session. As root, the server runs as ``postgres``.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    cands = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return cands[-1] if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """Start/stop a private cluster; ``new_database()`` returns the URL of a fresh database."""

    def __init__(self) -> None:
        self.url = os.environ.get("ANDOCK_TEST_PG_URL")
        self.dir: Path | None = None
        self.port = 0
        self._as: list[str] = []

    def available(self) -> bool:
        return bool(self.url) or bool(_bin("initdb") and _bin("pg_ctl"))

    def start(self) -> None:
        if self.url:
            return
        self.dir = Path(tempfile.mkdtemp(prefix="andock-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        self.port = _free_port()
        subprocess.run(self._as + [_bin("initdb"), "-D", str(data), "-U", "andock", "--auth=trust",
                                   "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run(self._as + [_bin("pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w",
                                   "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                                   "start"], check=True, capture_output=True)
        self.url = f"postgresql://andock@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.dir is None:
            return
        subprocess.run(self._as + [_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        for _ in range(20):
            try:
                shutil.rmtree(self.dir)
                break
            except OSError:
                time.sleep(0.1)

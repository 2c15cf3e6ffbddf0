"""Failure 1 of the trust issue: a process that has the project open must not lose commits when
something in the same process opens and closes the project file (POSIX locks belong to the
process and are dropped by any close) and other processes open and close the project."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pytest

from coding.services import codes, documents
from coding.store.project import Project
from tests.conftest import ROOT, andock_process, write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and SIGKILL")

TEXT = "I: Wie finden Familien Zugang zu Beratung? Über die Schule, sagt Frau Müßig 🏫.\n"


def make_project(tmp_path):
    path = tmp_path / "p.andock"
    with Project.create(path) as proj:
        documents.import_files(proj, [write(tmp_path / "K01.txt", TEXT)])
        with proj.action("Code") as act:
            codes.create_code(act, "Zugang")
    return path


class Holder:
    """The long-lived process (tests/reliability/holder.py) and what it reported as done."""

    def __init__(self, path):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.holder", str(path)],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        assert self.proc.stdout.readline().strip() == "ready"
        self.done: list[str] = []

    def send(self, line: str, replies: int) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        for _ in range(replies):
            reply = self.proc.stdout.readline().split()
            assert reply, f"holder died: {self.proc.wait()}"
            if reply[0] == "done":
                self.done.append(reply[1])

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


def stored_guids(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {g for (g,) in con.execute("SELECT guid FROM segments")}
    finally:
        con.close()


def test_commits_survive_a_foreign_open_in_the_holder_and_other_processes(tmp_path):
    path = make_project(tmp_path)
    holder = Holder(path)
    try:
        holder.send("code 3", 3)
        holder.send("touch", 1)  # drops the holder's POSIX locks on the file
        for _ in range(2):  # other processes open, read, write, undo and close the project
            assert andock_process("info", path).returncode == 0
            r = andock_process("code", path, "--doc", "K01", "--code", "Zugang", "--start", "50",
                               "--end", "55", "--coder", "Gast", "--new-coder")
            assert r.returncode == 0, r.stderr
            assert andock_process("segments", path, "--code", "Zugang").returncode == 0
        holder.send("code 5", 5)
        holder.send("touch", 1)
        assert andock_process("info", path).returncode == 0
        holder.send("code 2", 2)
    finally:
        holder.kill()
    assert len(holder.done) == 10
    missing = set(holder.done) - stored_guids(path)
    assert not missing, f"{len(missing)} of 10 codings reported as done were lost"


def cli_worker(path, coder: str, start: int, rounds: int, out: dict) -> None:
    """A colleague's terminal: codings, an undo of their own, reads — each a new process."""
    import re

    mine: list[str] = []
    for i in range(rounds):
        s = start + i * 3
        r = andock_process("code", path, "--doc", "K01", "--code", "Zugang", "--start", s, "--end", s + 2,
                           "--coder", coder)
        assert r.returncode == 0, r.stderr
        mine.append(re.search(r"segment ([0-9a-f-]{36})", r.stdout).group(1))
        if i % 2 == 1:
            r = andock_process("undo", path, "--coder", coder)
            assert r.returncode == 0, r.stderr
            mine.pop()
        assert andock_process("segments", path, "--code", "Zugang", "--coder", coder).returncode == 0
    out[coder] = mine


def test_a_window_like_process_and_three_terminals_at_once_lose_nothing(tmp_path):
    import threading

    path = make_project(tmp_path)
    for i in range(3):  # the colleagues exist before they start
        r = andock_process("coders", path, "--add", f"Gast{i}")
        assert r.returncode == 0, r.stderr
    holder = Holder(path)
    out: dict = {}
    threads = [threading.Thread(target=cli_worker, args=(path, f"Gast{i}", 1 + i, 4, out)) for i in range(3)]
    try:
        for t in threads:
            t.start()
        for _ in range(6):
            holder.send("code 3", 3)
            holder.send("touch", 1)
        for t in threads:
            t.join(300)
    finally:
        holder.kill()
    assert len(out) == 3, "a terminal worker failed"
    stored = stored_guids(path)
    assert set(holder.done) <= stored, "the window-like process lost codings"
    for coder, mine in out.items():
        assert set(mine) <= stored, f"{coder}'s codings were lost"
    assert len(holder.done) == 18

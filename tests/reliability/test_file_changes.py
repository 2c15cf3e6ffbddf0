"""Failure 4 and 10 of the trust issue: the project file changes, fills a disk or cannot be
written while it is open — Andock notices, says so in one sentence and never mixes versions."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coding.services import codes, coders, documents, segments
from coding.base.errors import ProjectDamagedError, ProjectFileError, ProjectReplacedError
from coding.store.project import Project
from tests.conftest import andock_process, write

TEXT = "I: Wo finden Familien Beratung? Über die Schule und die Moschee, sagt Frau Größe 👍.\n" * 20


def make_project(folder: Path) -> Path:
    path = folder / "p.andock"
    with Project.create(path) as proj:
        documents.import_files(proj, [write(folder / "K01.txt", TEXT)])
        with proj.action("Code") as act:
            codes.create_code(act, "Zugang")
    return path


def code(proj: Project, start: int, memo: str = "") -> str:
    with proj.read() as conn:
        doc, code_id = documents.find_document(conn, "K01"), codes.find_by_path(conn, "Zugang")
    with proj.action("Code segment") as act:
        seg = segments.apply_code(act, doc, code_id, coders.resolve_coder(act, "Lena"), start,
                                  start + 4, memo=memo or None)
        return segments.get_segment(act.conn, seg).guid


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def guids(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {g for (g,) in con.execute("SELECT guid FROM segments")}
    finally:
        con.close()


def test_a_file_replaced_by_rename_stops_writes_and_save_as_keeps_the_work(tmp_path):
    path = make_project(tmp_path)
    proj = Project.open(path)
    mine = code(proj, 0)
    other = tmp_path / "other.andock"
    shutil.copyfile(path, other)  # what a sync client puts in place: another version
    os.replace(other, path)
    replaced_sum = sha(path)
    with pytest.raises(ProjectReplacedError, match="replaced, moved or deleted"):
        code(proj, 10)
    with pytest.raises(ProjectReplacedError):  # and stays stopped
        code(proj, 20)
    rescued = proj.save_as(tmp_path / "gerettet.andock")
    proj.close()
    assert sha(path) == replaced_sum  # the file now at the path was not touched
    assert mine in guids(rescued)


def test_a_copy_put_over_the_open_file_stops_writes_instead_of_mixing_versions(tmp_path):
    path = make_project(tmp_path)
    backup = tmp_path / "backup.andock"
    shutil.copyfile(path, backup)
    proj = Project.open(path)
    for i in range(40):
        code(proj, i, memo="Notiz " * 200)  # enough for SQLite to checkpoint on its own
    shutil.copyfile(backup, path)  # `cp backup.andock p.andock`: same file, new content
    with pytest.raises(ProjectReplacedError, match="overwritten by another program"):
        code(proj, 50)
    proj.close()


def test_a_copy_put_over_the_open_file_is_not_written_into_by_the_idle_checkpoint(tmp_path):
    """Found in review: the window's idle checkpoint (and the one on closing) folded this
    process's WAL into whatever file had been copied over the project, mixing two versions."""
    path = make_project(tmp_path)
    backup = tmp_path / "backup.andock"
    shutil.copyfile(path, backup)
    proj = Project.open(path)
    for i in range(10):
        code(proj, i, memo="Notiz " * 200)
    shutil.copyfile(backup, path)  # `cp backup.andock p.andock` while the window is idle
    copied = sha(path)
    with pytest.raises(ProjectReplacedError, match="overwritten by another program"):
        proj.checkpoint()  # what the window does when idle
    proj.close()
    assert sha(path) == copied  # neither the checkpoint nor the close wrote into it


def test_the_andock_file_alone_is_complete_after_an_idle_checkpoint(tmp_path):
    path = make_project(tmp_path)
    proj = Project.open(path)
    done = [code(proj, i) for i in range(40)]
    assert proj.unsaved_to_file
    assert proj.checkpoint() is True  # what the window does when idle after actions
    copy = tmp_path / "mailed.andock"
    shutil.copyfile(path, copy)  # only the .andock, no -wal: what users copy or mail
    assert set(done) <= guids(copy)
    proj.close()


def test_a_damaged_file_is_refused_on_open_and_left_unchanged(tmp_path):
    path = make_project(tmp_path)
    with Project.open(path) as proj:
        for i in range(30):
            code(proj, i, memo="Ü" * 300)
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, 3 * page):  # 4 KB of flipped bytes in a b-tree page
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    before = sha(path)
    with pytest.raises(ProjectDamagedError, match="damaged.*will not write.*backup"):
        Project.open(path)
    r = andock_process("code", path, "--doc", "K01", "--code", "Zugang", "--start", "0", "--end", "3")
    assert r.returncode == 1 and "damaged" in r.stderr and "Traceback" not in r.stderr
    assert sha(path) == before


def run_without_override(*args) -> subprocess.CompletedProcess:
    """``andock ARGS`` without the power to ignore file permissions (CI runs as root)."""
    env = dict(os.environ, PYTHONUTF8="1")
    cmd = [sys.executable, "-m", "app.cli", *map(str, args)]
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *cmd]
    return subprocess.run(cmd, cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_is_a_clear_message_not_damage(tmp_path, what):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = make_project(folder)
    path.chmod(0o444 if what == "file" else 0o644)
    folder.chmod(0o555 if what == "folder" else 0o777)
    before = sha(path)
    try:
        r = run_without_override("code", path, "--doc", "K01", "--code", "Zugang", "--start", "0", "--end", "3")
    finally:
        folder.chmod(0o755)
    assert r.returncode == 1, r.stderr
    assert "read-only" in r.stderr and "damaged" not in r.stderr and "internal error" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert sha(path) == before


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB file system of its own (tmpfs; needs root, as CI has)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root on Linux")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(folder: Path, leave: int) -> Path:
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(free, 0))
    return filler


def test_a_full_disk_is_a_clear_message_and_the_file_stays_readable_alone(tiny_disk):
    path = make_project(tiny_disk)
    proj = Project.open(path)
    done = [code(proj, i) for i in range(5)]
    filler = fill(tiny_disk, leave=64 * 1024)
    with pytest.raises(ProjectFileError, match="disk is full"):
        for i in range(200):  # the WAL grows until the disk is full
            done.append(code(proj, i % 60, memo="Platz " * 300))
    proj.close()  # no room for a checkpoint: it is skipped with a warning, not half done
    copy = tiny_disk.parent / "alone.andock"
    shutil.copyfile(path, copy)  # the .andock without its -wal
    guids(copy)  # integrity ok on its own
    filler.unlink()
    with Project.open(path) as again:  # with the WAL, every action reported as done is there
        with again.read() as conn:
            stored = {g for (g,) in conn.exec_driver_sql("SELECT guid FROM segments")}
    assert set(done) <= stored


@pytest.mark.slow
def test_a_write_lock_held_for_long_is_a_clear_busy_message(tmp_path):
    path = make_project(tmp_path)
    before = guids(path)
    blocker = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(30)\n", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert blocker.stdout.readline().strip() == "locked"
        r = andock_process("code", path, "--doc", "K01", "--code", "Zugang", "--start", "0", "--end", "3")
    finally:
        blocker.kill()
        blocker.wait()
    assert r.returncode == 1, r.stderr
    assert "busy" in r.stderr and "Try again" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert guids(path) == before



# what `andock` does when a colleague's terminal command closes the project (coding/store/project.py)
CHECKPOINTER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA synchronous=NORMAL")
print(*con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone(), flush=True)
"""


def _backfill_attempted(path: Path) -> bytes:
    """SQLite's nBackfillAttempted in the -shm file: set when a checkpoint starts copying."""
    with open(f"{path}-shm", "rb") as fh:
        fh.seek(128)
        return fh.read(4)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the slow disk is made with strace")
def test_another_process_checkpointing_to_a_slow_disk_is_not_taken_for_an_overwrite(tmp_path):
    """Seen in CI: while a colleague's terminal command folded the WAL into the file, the window
    looked at the file once after its own (busy) checkpoint and once before its next action; the
    pages had been written in between but SQLite records that only after an fsync, so the file
    had changed and the checkpoint counters had not, and the window stopped, saying the project
    had been overwritten. Here every fsync of the other process takes 1.5 s, as on a slow disk."""
    import time

    tracer = shutil.which("strace")
    if tracer is None:
        pytest.fail("strace is not installed (apt-get install strace; .ci/run installs it)")
    path = make_project(tmp_path)
    proj = Project.open(path)
    try:
        done = [code(proj, i, memo="Notiz " * 50) for i in range(10)]  # frames not yet in the file
        mtime, started = path.stat().st_mtime_ns, _backfill_attempted(path)
        other = subprocess.Popen(
            [tracer, "-f", "-qq", "-o", os.devnull, "-e", "trace=fsync,fdatasync",
             "-e", "inject=fsync,fdatasync:delay_enter=1500000", sys.executable, "-c", CHECKPOINTER, str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while _backfill_attempted(path) == started:  # the other process starts copying ...
            assert other.poll() is None and time.monotonic() < deadline, other.communicate()
            time.sleep(0.01)
        assert proj.checkpoint() is False  # ... so the window's idle checkpoint finds it busy
        while path.stat().st_mtime_ns == mtime:  # the pages are in the file, the fsync is slow
            assert other.poll() is None and time.monotonic() < deadline, other.communicate()
            time.sleep(0.01)
        assert other.poll() is None
        done.append(code(proj, 100))  # the user's next action
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        busy, frames, backfilled = map(int, out.split())
        assert busy == 0 and frames == backfilled == 0, out  # it checkpointed and emptied the WAL
        done.append(code(proj, 110))
    finally:
        proj.close()
    assert set(done) <= guids(path)

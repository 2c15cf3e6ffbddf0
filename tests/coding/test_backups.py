"""Rotating backups: made when due, complete while others write, listed, restored only when safe."""
from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.store import backups, db
from coding.services import codes
from coding.store.backup_restore import restore_backup
from coding.base.errors import ConflictError, InputError, ProjectDamagedError, ProjectFileError
from coding.store.models import TABLES
from coding.store.project import Project
from tests.coding.helpers import dump, project, templates, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
T0 = backups.utcnow().replace(microsecond=0)


@pytest.fixture(autouse=True)
def no_backups_yet(request, monkeypatch):
    """Each test starts without backups and drives the clock itself: the automatic backup after
    each action (Project -> backups.after_action, tested in test_project_makes_backups) is off."""
    monkeypatch.setattr(backups, "after_action", lambda project: None)
    if "project" in request.fixturenames:
        proj = request.getfixturevalue("project")
        if proj.path is not None:
            shutil.rmtree(backups.backup_folder(proj.path), ignore_errors=True)
            backups.forget(proj)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_names(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM codes")}
    finally:
        con.close()


def new_code(project, name: str) -> None:
    with project.action("New code") as act:
        codes.create_code(act, name)


def holder(path: Path, script: str) -> subprocess.Popen:
    """A second process that opens the project, runs ``script`` and waits (until killed)."""
    code = textwrap.dedent(f"""
        import sys, time
        from coding.services import codes
        from coding.store.project import Project
        p = Project.open({str(path)!r})
        {textwrap.indent(textwrap.dedent(script), '        ').strip()}
        print("ready", flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)


# -- making backups --------------------------------------------------------------------------

def test_backup_is_complete_while_another_process_holds_wal_and_uncommitted_changes(project):
    proc = holder(project.path, """
        with p.action("New code") as act:
            codes.create_code(act, "Committed in WAL")
        conn = p.engine.connect().execution_options(write=True)
        tx = conn.begin()
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('uncommitted', 'x')")
    """)
    try:
        assert Path(f"{project.path}-wal").stat().st_size > 0  # the committed code is in the WAL
        path = backups.make_backup(project, "manual")
    finally:
        stop(proc)
    assert path.parent == project.path.with_name("test.andock-backups")
    assert code_names(path) == {"Committed in WAL"}
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert con.execute("SELECT count(*) FROM settings WHERE key = 'uncommitted'").fetchone()[0] == 0
    con.close()
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # stands alone
    con.close()
    assert not list(path.parent.glob(".*partial"))  # no temporary file left


def test_rotation_keeps_the_newest_k(project):
    backups.change_settings(project, keep=3)
    made = [backups.make_backup(project, "manual", now=T0 + timedelta(minutes=i)) for i in range(5)]
    listed = backups.list_backups(project.path)
    assert [b.path for b in listed] == made[:1:-1]  # the newest three, newest first
    assert not made[0].exists() and not made[1].exists()
    assert [b.time for b in listed] == [T0 + timedelta(minutes=i) for i in (4, 3, 2)]


def test_automatic_backups_respect_the_interval_and_skip_an_unchanged_project(project):
    assert backups.make_backup(project, "open", now=T0) is not None
    assert backups.make_backup(project, "open", now=T0 + timedelta(minutes=30)) is None  # unchanged
    new_code(project, "A")
    assert backups.maybe_backup(project, now=T0 + timedelta(minutes=35)) is not None
    new_code(project, "B")
    assert backups.maybe_backup(project, now=T0 + timedelta(minutes=44)) is None  # 9 minutes later
    first = backups.maybe_backup(project, now=T0 + timedelta(minutes=45))
    assert first is not None and code_names(first) == {"A", "B"}
    assert [b.reason for b in backups.list_backups(project.path)] == ["auto", "auto", "open"]
    backups.change_settings(project, interval_minutes=60)
    new_code(project, "C")
    assert backups.maybe_backup(project, now=T0 + timedelta(minutes=100)) is None
    assert backups.maybe_backup(project, now=T0 + timedelta(minutes=106)) is not None


def test_switched_off_means_no_automatic_backups_but_manual_ones_still_work(project):
    backups.change_settings(project, enabled=False)
    new_code(project, "A")
    assert backups.make_backup(project, "open") is None
    assert backups.maybe_backup(project, now=T0 + timedelta(days=1)) is None
    assert backups.make_backup(project, "manual") is not None


def test_a_project_opened_later_counts_the_interval_from_backups_made_by_others(project):
    assert backups.make_backup(project, "manual", now=T0) is not None
    other = Project.open(project.path)
    try:
        new_code(other, "A")
        assert backups.maybe_backup(other, now=T0 + timedelta(minutes=3)) is None
        assert backups.maybe_backup(other, now=T0 + timedelta(minutes=11)) is not None
    finally:
        other.close()


def test_a_failing_automatic_backup_never_raises_but_a_manual_one_says_why(project):
    backups.backup_folder(project.path).write_text("a file where the folder should be")
    new_code(project, "A")
    assert backups.make_backup(project, "open") is None
    assert "No backup made" in backups.last_error(project)
    with pytest.raises(ProjectFileError, match="No backup made"):
        backups.make_backup(project, "manual")


def test_settings_out_of_range_are_refused(project):
    with pytest.raises(InputError, match="between 1 and"):
        backups.change_settings(project, keep=0)
    assert backups.settings_of(project).keep == 10


def test_list_shows_contents_and_a_damaged_backup(project, world):
    good = backups.make_backup(project, "manual", now=T0)
    bad = backups.make_backup(project, "manual", now=T0 + timedelta(minutes=1))
    bad.write_bytes(b"not a database" * 100)
    newest, oldest = backups.list_backups(project.path)
    assert (oldest.path, oldest.documents, oldest.codings, oldest.error) == (good, 2, 4, None)
    assert oldest.size == good.stat().st_size and oldest.reason == "manual"
    assert newest.path == bad and newest.documents is None and "cannot be read" in newest.error


def test_backups_of_other_files_in_the_folder_are_left_alone(project):
    folder = backups.backup_folder(project.path)
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    backups.change_settings(project, keep=1)
    for i in range(3):
        backups.make_backup(project, "manual", now=T0 + timedelta(minutes=i))
    assert (folder / "notes.txt").read_text() == "mine"
    assert len(backups.list_backups(project.path)) == 1


# -- restoring ---------------------------------------------------------------------------------

def test_restore_round_trip_keeps_the_state_before(project, world):
    backup = backups.make_backup(project, "manual")
    state_backup = dump(project)
    with project.action("Delete code") as act:
        from coding.services import code_changes
        code_changes.delete_code(act, world.wohnen)
    state_before = dump(project)
    path = project.path
    project.close()
    before = restore_backup(path, backup)
    assert before.name.endswith("_before-restore.andock")
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    with Project.open(path) as restored:
        assert dump(restored) == state_backup
    with Project.open(before) as saved:
        assert dump(saved) == state_before
    assert backup.exists()  # the restored backup stays listed


def test_restore_includes_a_stale_wal_in_the_backup_before_and_removes_it(project):
    path = project.path
    project.close()
    with Project.open(path) as p:
        backup = backups.make_backup(p, "manual")
    proc = holder(path, """
        with p.action("New code") as act:
            codes.create_code(act, "Only in the WAL")
    """)
    stop(proc)  # killed: its commit lives only in the -wal
    assert Path(f"{path}-wal").stat().st_size > 0
    before = restore_backup(path, backup)
    assert code_names(before) == {"Only in the WAL"}
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    with Project.open(path) as p, p.read() as conn:
        assert conn.execute(select(TABLES["codes"].c.name)).all() == []


def test_restore_is_refused_while_another_process_has_the_project_open(project):
    backup = backups.make_backup(project, "manual")
    path = project.path
    project.close()
    proc = holder(path, """
        with p.action("New code") as act:
            codes.create_code(act, "Still being worked on")
    """)
    try:
        checksum, listed = sha256(path), backups.list_backups(path)
        wal = Path(f"{path}-wal").read_bytes()
        with pytest.raises(ConflictError, match="is open in an Andock window or command"):
            restore_backup(path, backup)
        assert sha256(path) == checksum and Path(f"{path}-wal").read_bytes() == wal
        assert Path(f"{path}-shm").exists()
        assert backups.list_backups(path) == listed  # no backup "before restore" either
        assert not list(path.parent.glob(".*partial"))
    finally:
        stop(proc)


def test_restore_of_a_damaged_backup_is_refused_and_changes_nothing(project, world):
    backup = backups.make_backup(project, "manual")
    data = bytearray(backup.read_bytes())
    data[8192:12288] = bytes(b ^ 0xA5 for b in data[8192:12288])  # 4 KB of flipped bytes
    backup.write_bytes(bytes(data))
    path = project.path
    project.close()
    checksum = sha256(path)
    with pytest.raises(ProjectDamagedError, match="damaged"):
        restore_backup(path, backup)
    assert sha256(path) == checksum
    assert [b.path for b in backups.list_backups(path)] == [backup]
    assert not list(path.parent.glob(".*partial"))


def test_restore_refuses_a_foreign_file_and_another_projects_backup(project, tmp_path):
    path = project.path
    project.close()
    foreign = tmp_path / "foreign.andock"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(Exception, match="not an Andock project"):
        restore_backup(path, foreign)
    with Project.create(tmp_path / "other.andock") as other:
        other_backup = backups.make_backup(other, "manual")
    checksum = sha256(path)
    with pytest.raises(InputError, match="backup of another project"):
        restore_backup(path, other_backup)
    assert sha256(path) == checksum


def test_a_backup_from_an_older_schema_is_migrated_on_open(tmp_path):
    old = tmp_path / "old.andock"
    engine = db.make_engine(old)
    db.stamp_application_id(engine)
    db.upgrade(engine, "0003")
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.exec_driver_sql("INSERT INTO project_info (id, guid, name, created_at, app_version) "
                             "VALUES (1, 'g-1', 'Alt', '2026-01-01', '0.1')")
    engine.dispose()
    path = tmp_path / "p.andock"
    shutil.copyfile(old, path)
    with Project.open(path) as p:  # upgraded to the head schema
        new_code(p, "Neu")
    restore_backup(path, old)
    assert db.read_file_revision(path) == "0003"
    with Project.open(path) as p:
        assert db.read_file_revision(path) == db.head_revision()
        assert p.name == "Alt"


def test_a_project_file_too_damaged_to_open_is_set_aside_not_overwritten(project, world):
    backup = backups.make_backup(project, "manual")
    path = project.path
    state = dump(project)
    project.close()
    damaged = b"\x00garbage" * 1000
    path.write_bytes(damaged)
    aside = restore_backup(path, backup)
    assert aside.name.endswith("_damaged.andock") and aside.read_bytes() == damaged
    with Project.open(path) as restored:
        assert dump(restored) == state
    assert "damaged" in [b.reason for b in backups.list_backups(path)]


def test_a_read_only_window_leaves_automatic_backups_to_the_writing_one(project):
    new_code(project, "A")
    reader = Project.open(project.path, read_only=True)
    try:
        assert backups.make_backup(reader, "open") is None
        assert backups.maybe_backup(reader, now=T0 + timedelta(days=1)) is None
    finally:
        reader.close()
    assert backups.list_backups(project.path) == []


def test_project_makes_backups_on_open_and_after_work(tmp_path, monkeypatch):
    monkeypatch.undo()  # the real hook
    path = tmp_path / "studie.andock"
    Project.create(path).close()
    with Project.open(path) as proj:  # opening makes the first backup
        assert [b.reason for b in backups.list_backups(path)] == ["open"]
        new_code(proj, "Zugänge")
        assert len(backups.list_backups(path)) == 1  # the interval has not passed
    with Project.open(path, read_only=True):
        assert len(backups.list_backups(path)) == 1  # a read-only window makes none


def test_a_window_opening_the_project_backs_it_up_whenever_it_changed(tmp_path):
    path = tmp_path / "studie.andock"
    Project.create(path).close()
    with Project.open(path) as proj:  # a command: the first backup
        new_code(proj, "Zugänge")
    with Project.open(path):  # a command again, within the interval: none
        pass
    assert len(backups.list_backups(path)) == 1
    with Project.open(path, role="window"):  # a window: the changed project is backed up
        pass
    assert len(backups.list_backups(path)) == 2
    with Project.open(path, role="window"):  # unchanged since: no copy of a copy
        pass
    assert len(backups.list_backups(path)) == 2

"""The project file: creation, pragmas, refusal of foreign/newer files, migration with backup."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coding.store import db
from coding.base.errors import ConflictError, ProjectVersionError
from coding.store.project import Project
from tests.conftest import FIXTURES

V1 = FIXTURES / "project_schema0001.andock"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_is_a_single_marked_sqlite_file_in_wal_mode(tmp_path):
    proj = Project.create(tmp_path / "p", "Mein Projekt")
    assert proj.path == tmp_path / "p.andock"
    with proj.read() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == db.APPLICATION_ID
    assert proj.name == "Mein Projekt"
    proj.close()
    # the checkpoint on close folds the WAL in: the one file is the whole project
    assert not Path(f"{proj.path}-wal").exists() or Path(f"{proj.path}-wal").stat().st_size == 0
    copy = tmp_path / "copy.andock"
    shutil.copy(proj.path, copy)
    with Project.open(copy) as again:
        assert again.name == "Mein Projekt"


def test_create_refuses_to_overwrite(tmp_path):
    Project.create(tmp_path / "p.andock").close()
    with pytest.raises(ConflictError):
        Project.create(tmp_path / "p.andock")


def test_schema_head_constant_matches_the_bundled_migrations():
    assert db.head_revision() == db.SCHEMA_HEAD
    assert db.KNOWN_REVISIONS[-1] == db.SCHEMA_HEAD


def test_migrated_schema_equals_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from coding.store.models import Base

    proj = Project.create(tmp_path / "p.andock")
    with proj.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    proj.close()


def test_opening_a_first_version_file_migrates_it_and_keeps_a_byte_identical_backup(tmp_path):
    path = tmp_path / "alt.andock"
    shutil.copy(V1, path)
    original = sha(path)
    proj = Project.open(path)
    try:
        assert proj.backup_path is not None and proj.backup_path.exists()
        assert sha(proj.backup_path) == original
        with proj.read() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == db.SCHEMA_HEAD
            cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(documents)")}
            assert {"media_duration_ms", "language"} <= cols
            doc = conn.execute(text("SELECT text FROM documents")).scalar()
            seg = conn.execute(text("SELECT start_pos, end_pos FROM segments")).one()
            assert doc[seg[0]:seg[1]] == "Über die Schule und die Moschee"
            memo = conn.execute(text("SELECT text FROM memos")).scalar()
            assert memo == "Schule als Türöffner"
    finally:
        proj.close()
    # the backup is a working project of the old schema
    con = sqlite3.connect(proj.backup_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    # a second open needs no migration and makes no second backup
    with Project.open(path) as again:
        assert again.backup_path is None


def test_a_file_from_a_newer_andock_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "neu.andock"
    shutil.copy(V1, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='0099'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = sha(path)
    with pytest.raises(ProjectVersionError, match="newer Andock"):
        Project.open(path)
    assert sha(path) == before
    assert list(tmp_path.glob("*backup*")) == []


@pytest.mark.parametrize("content", [b"", b"hello world, not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_foreign_or_broken_files_are_refused(tmp_path, content):
    path = tmp_path / "x.andock"
    path.write_bytes(content)
    with pytest.raises(ProjectVersionError):
        Project.open(path)
    assert path.read_bytes() == content


def test_a_plain_sqlite_database_is_not_taken_for_a_project(tmp_path):
    path = tmp_path / "other.andock"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = sha(path)
    with pytest.raises(ProjectVersionError, match="not an Andock project"):
        Project.open(path)
    assert sha(path) == before


def test_failed_migration_leaves_the_original_untouched(tmp_path, monkeypatch):
    path = tmp_path / "alt.andock"
    shutil.copy(V1, path)
    before = sha(path)

    def broken_upgrade(engine, revision="head"):
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.exec_driver_sql("ALTER TABLE documents ADD COLUMN half_done INTEGER")
            raise RuntimeError("disk full")

    monkeypatch.setattr(db, "upgrade", broken_upgrade)
    with pytest.raises(ProjectVersionError, match="unchanged"):
        Project.open(path)
    con = sqlite3.connect(path)
    cols = {r[1] for r in con.execute("PRAGMA table_info(documents)")}
    con.close()
    assert "half_done" not in cols
    assert sha(path) == before


def test_save_as_writes_an_openable_copy(project, tmp_path):
    dest = project.save_as(tmp_path / "kopie")
    assert dest.name == "kopie.andock"
    with Project.open(dest) as copy:
        assert copy.name == "Testprojekt"
    with pytest.raises(Exception):
        project.save_as(dest)


def test_a_just_created_project_opens_in_a_second_process_while_the_first_keeps_it(tmp_path):
    """Reported: a new project still open in the window was "not an Andock project" for `andock`.

    Its pages were all still in the WAL, and the file's own header was empty.
    """
    import subprocess
    import sys

    proj = Project.create(tmp_path / "neu", "Neues Projekt")
    try:
        script = ("import sys; from coding.store.project import Project; "
                  "p = Project.open(sys.argv[1]); print(p.name); p.close()")
        out = subprocess.run([sys.executable, "-c", script, str(proj.path)], capture_output=True,
                             text=True, cwd=Path(__file__).resolve().parents[2], timeout=60)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "Neues Projekt"
    finally:
        proj.close()

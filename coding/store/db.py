"""Opening, creating, migrating and closing project databases.

A project is one SQLite file (``*.andock``) or, for teams, a PostgreSQL URL. Every SQLite
connection gets foreign keys, WAL and ``synchronous=NORMAL``; write transactions start with
``BEGIN IMMEDIATE`` so two processes never deadlock half-way through an action.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import PoolProxiedConnection

from coding.base.errors import InputError, ProjectDamagedError, ProjectVersionError
from coding.base.messages import _

APPLICATION_ID = 0x414E444B  # "ANDK": marks a SQLite file as an Andock project
SCHEMA_HEAD = "0006"  # newest schema revision this Andock writes (checked against Alembic)
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
SQLITE_MAGIC = b"SQLite format 3\x00"


def _sqlite_engine(path: Path, read_only: bool = False) -> Engine:
    """Engine for a project file with the pragmas and transaction mode Andock relies on."""
    # a small pool keeps SQLite's page cache warm between the GUI's short transactions
    if read_only:
        engine = create_engine(f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true",
                               pool_size=4, max_overflow=4)
    else:
        engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=4)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DBAPI signature
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        # Project runs checkpoints itself, after checking the disk has room (coding/project)
        cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.execute("PRAGMA cache_size=-32768")  # 32 MiB: large projects stay in memory
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def make_engine(target: str | Path, read_only: bool = False) -> Engine:
    """Engine for a ``*.andock`` path or a ``postgresql://`` URL (team projects)."""
    target_s = str(target)
    if "://" in target_s:
        if target_s.startswith(("postgresql://", "postgres://")):
            target_s = "postgresql+psycopg://" + target_s.split("://", 1)[1]  # psycopg 3
        return create_engine(target_s, pool_pre_ping=True)
    return _sqlite_engine(Path(target_s), read_only)


def read_file_revision(path: Path) -> str | None:
    """Schema revision of a project file, read without changing a single byte of it."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    if header[:16] != SQLITE_MAGIC:
        raise ProjectVersionError(_("{name}: not an Andock project (not a SQLite file)", name=path.name))
    if len(header) == 100 and int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise ProjectVersionError(_("{name}: not an Andock project", name=path.name))
    # Without a -wal beside it, read the file as immutable: a read-only connection to a WAL file
    # would otherwise leave -wal and -shm files beside a file that is then refused
    wal = Path(f"{path}-wal")
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ProjectVersionError(_("{name}: cannot be opened ({exc})", name=path.name, exc=exc)) from None
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ProjectVersionError(_("{name}: not an Andock project", name=path.name))
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if len(header) == 100:  # the header says Andock: the file itself is damaged
            from coding.store.dberrors import damaged_message

            raise ProjectDamagedError(damaged_message(path, str(exc))) from None
        raise ProjectVersionError(_("{name}: damaged or not an Andock project ({exc})",
                                    name=path.name, exc=exc)) from None
    finally:
        con.close()
    return row[0] if row else None


def server_revision(engine: Engine) -> str | None:
    """Schema revision of a project on a database server, None for an empty database."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_revision(name: str, revision: str | None) -> bool:
    """True when the file needs migrating; refuse files from a newer Andock."""
    if revision == SCHEMA_HEAD:
        return False
    if revision in KNOWN_REVISIONS:
        return True
    raise ProjectVersionError(
        _("{name} was saved by a newer Andock (schema {revision!r}; this version knows up "
          "to {schema_head!r}). Please update Andock to open it; the file was not changed.",
          name=name, revision=revision, schema_head=SCHEMA_HEAD)
    )


def backup_sqlite(src: Path, dest: Path) -> None:
    """Copy a project file with SQLite's online backup API (consistent even while open)."""
    src_con = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    dest_con = sqlite3.connect(dest)
    try:
        src_con.backup(dest_con)
    finally:
        dest_con.close()
        src_con.close()
    _restore_header_counters(src, dest)


# Header fields that SQLite bumps when it commits the copy (file change counter, schema cookie,
# version-valid-for). Putting the source's values back makes the backup of a checkpointed file
# byte-identical to it, so users (and tests) can verify it by checksum.
_COUNTER_FIELDS = ((24, 28), (40, 44), (92, 96))


def _restore_header_counters(src: Path, dest: Path) -> None:
    with open(src, "rb") as fh:
        header = fh.read(100)
    with open(dest, "r+b") as fh:
        for start, end in _COUNTER_FIELDS:
            fh.seek(start)
            fh.write(header[start:end])


def backup_path_for(path: Path, revision: str) -> Path:
    """Where the pre-migration backup of ``path`` goes (never overwrites an earlier one)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.stem}.backup-schema{revision}-{stamp}{path.suffix}")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.stem}.backup-schema{revision}-{stamp}-{n}{path.suffix}")
    return dest


def _alembic_config(conn: Connection):
    from alembic.config import Config  # imported lazily: only needed to create or migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction (all or nothing)."""
    with engine.connect().execution_options(write=True) as conn:
        upgrade_in(conn, revision)
        conn.commit()


def upgrade_in(conn: Connection, revision: str = "head") -> None:
    """Apply migrations on ``conn`` inside the caller's transaction (which commits or rolls back)."""
    from alembic import command

    command.upgrade(_alembic_config(conn), revision)


def migration_sql(dialect_name: str) -> str:
    """The SQL the migrations run on an empty database of ``dialect_name``, as text (Alembic's
    offline mode), without BEGIN/COMMIT: the caller makes it part of its own script."""
    import io

    from alembic import command

    buf = io.StringIO()
    cfg = _alembic_config(None)  # type: ignore[arg-type]
    cfg.output_buffer = buf
    cfg.attributes["dialect_name"] = dialect_name
    command.upgrade(cfg, "head", sql=True)
    return buf.getvalue()


def head_revision() -> str:
    """The newest revision among the bundled migration scripts."""
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None  # the package always bundles its migration scripts
    return head


def stamp_application_id(engine: Engine) -> None:
    """Mark a new SQLite file as an Andock project (``PRAGMA application_id``)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()


def checkpoint(engine: Engine, mode: str = "TRUNCATE") -> bool:
    """Fold the WAL into the main file so the single ``.andock`` file can be copied.

    ``PASSIVE`` never waits for other connections; returns whether every frame of the WAL is
    now in the file (False when a reader or writer elsewhere kept part of it back).
    """
    if engine.dialect.name != "sqlite":
        return True
    raw = engine.raw_connection()  # outside any transaction: checkpoints need that
    try:
        busy, log_frames, done = _driver(raw).execute(
            f"PRAGMA wal_checkpoint({mode})").fetchone()
    finally:
        raw.close()
    return not busy and (log_frames == done or log_frames <= 0)


def _driver(raw: PoolProxiedConnection) -> sqlite3.Connection:
    """The sqlite3 connection under a checked-out pool connection (which always has one)."""
    driver = raw.driver_connection
    assert driver is not None
    return driver


def copy_project(src_engine: Engine, dest: Path) -> None:
    """Save-as: a consistent copy of an open SQLite project through the backup API."""
    if dest.exists():
        raise InputError(_("{name}: file exists already", name=dest.name))
    raw = src_engine.raw_connection()
    try:
        target = sqlite3.connect(dest)
        try:
            _driver(raw).backup(target)
        finally:
            target.close()
    finally:
        raw.close()

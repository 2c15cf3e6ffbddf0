"""The transcription queue kept in the project (table ``transcription_jobs``, schema 0004).

Jobs are work orders: adding, cancelling or retrying them are plain transactions, not undoable
actions; the transcript a job produces enters the project as one undoable action, in the same
transaction that marks the job done (:func:`mark_done`), so a crash never leaves a transcript
without a finished job or a finished job without its transcript.

A process *claims* the next queued job atomically (``UPDATE … WHERE status = 'queued'``), names
itself in ``worker`` and refreshes ``heartbeat_at`` while it works. Another process (after a
crash, a kill or on another machine) gives a job back to the queue when that worker is gone
(:func:`recover`). The queue knows nothing of Whisper: options are stored as an opaque JSON
object that ``app`` turns into transcription options.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from coding.base.errors import InputError
from coding.store.models import TABLES, new_guid, utcnow
from coding.base.messages import _

jobs_t = TABLES["transcription_jobs"]
settings_t = TABLES["settings"]

AUTOSTART_KEY = "transcription.autostart"
STALE_AFTER = timedelta(minutes=3)  # a worker that has not reported for this long is gone


@dataclass
class QueuedFile:
    """One recording to put in the queue, as checked by the caller (path, checksum, length)."""

    path: Path
    checksum: str | None = None
    duration_s: float | None = None
    document_name: str | None = None  # default: the file name without its extension


@dataclass
class JobInfo:
    """A queue row as plain data."""

    id: int
    guid: str
    audio_path: str
    audio_name: str
    checksum: str | None
    duration_s: float | None
    options: dict[str, Any]
    variables: list[tuple[str, str]]
    document_name: str
    rename: bool
    status: str
    done_s: float
    message: str
    document_guid: str | None
    worker: str | None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    sort_order: int = 0

    def path(self, base_dir: Path) -> Path:
        """The recording's location (stored relative to the project folder where possible)."""
        p = Path(self.audio_path)
        return p if p.is_absolute() else Path(base_dir) / p

    @property
    def left_s(self) -> float:
        """Seconds of audio still to transcribe (0 when finished or unknown)."""
        if self.status in ("done", "failed", "cancelled") or self.duration_s is None:
            return 0.0
        return max(0.0, self.duration_s - self.done_s)


def _info(row) -> JobInfo:
    m = row._mapping
    return JobInfo(
        m["id"], m["guid"], m["audio_path"], m["audio_name"], m["audio_checksum"],
        None if m["duration_ms"] is None else m["duration_ms"] / 1000.0,
        json.loads(m["options"] or "{}"), [tuple(kv) for kv in json.loads(m["variables"] or "[]")],
        m["document_name"], bool(m["rename"]), m["status"], (m["done_ms"] or 0) / 1000.0, m["message"] or "",
        m["document_guid"], m["worker"], m["created_at"], m["started_at"], m["finished_at"],
        m["heartbeat_at"], m["sort_order"])


def enqueue(conn: Connection, base_dir: Path, files: Sequence[QueuedFile], options: dict[str, Any],
            variables: Iterable[tuple[str, str]] = (), *, rename: bool = False) -> list[int]:
    """Append recordings to the queue (all in the caller's one transaction); returns job ids."""
    from coding.services.documents import relative_media_path

    variables = [(str(k), str(v)) for k, v in variables]
    for key, _value in variables:
        if not key.strip():
            raise InputError(_("a variable needs a name (KEY=VALUE)"))
    try:
        opts_json = json.dumps(options, ensure_ascii=False, sort_keys=True)
    except TypeError as exc:
        raise InputError(_("transcription options cannot be stored: {exc}", exc=exc)) from None
    last = conn.execute(select(func.max(jobs_t.c.sort_order))).scalar() or 0
    ids = []
    for i, f in enumerate(files, start=1):
        path = Path(f.path)
        name = (f.document_name or path.stem).strip()
        if not name:
            raise InputError(_("{name}: a transcript needs a document name", name=path.name))
        result = conn.execute(insert(jobs_t).values(
            guid=new_guid(), sort_order=last + i, audio_path=relative_media_path(path, Path(base_dir)),
            audio_name=path.name, audio_checksum=f.checksum,
            duration_ms=None if f.duration_s is None else int(round(f.duration_s * 1000)),
            options=opts_json, variables=json.dumps(variables, ensure_ascii=False), document_name=name,
            rename=rename, status="queued", done_ms=0, message="", created_at=utcnow(),
        ))
        primary_key = result.inserted_primary_key
        assert primary_key is not None  # a one-row INSERT always reports its key
        ids.append(primary_key[0])
    return ids


def list_jobs(conn: Connection, statuses: Sequence[str] | None = None) -> list[JobInfo]:
    """The queue in its order (all jobs, or those in ``statuses``)."""
    q = select(jobs_t).order_by(jobs_t.c.sort_order, jobs_t.c.id)
    if statuses:
        q = q.where(jobs_t.c.status.in_(list(statuses)))
    return [_info(r) for r in conn.execute(q)]


def get_job(conn: Connection, job_id: int) -> JobInfo:
    """One job; ``InputError`` if it is not in the queue."""
    row = conn.execute(select(jobs_t).where(jobs_t.c.id == job_id)).first()
    if row is None:
        raise InputError(_("transcription job {job_id} is not in the queue", job_id=job_id))
    return _info(row)


def claim_next(conn: Connection, worker: str) -> JobInfo | None:
    """Take the first queued job for ``worker`` (atomic: two workers never get the same job)."""
    for (job_id,) in conn.execute(select(jobs_t.c.id).where(jobs_t.c.status == "queued")
                                  .order_by(jobs_t.c.sort_order, jobs_t.c.id)).all():
        now = utcnow()
        taken = conn.execute(update(jobs_t).where(jobs_t.c.id == job_id, jobs_t.c.status == "queued")
                             .values(status="running", worker=worker, started_at=now, heartbeat_at=now,
                                     message="")).rowcount
        if taken == 1:
            return get_job(conn, job_id)
    return None


def heartbeat(conn: Connection, job_id: int, worker: str, done_s: float,
              checksum: str | None = None, duration_s: float | None = None) -> bool:
    """Record progress; False when the job is no longer this worker's (cancelled meanwhile)."""
    values: dict[str, Any] = {"done_ms": int(done_s * 1000), "heartbeat_at": utcnow()}
    if checksum is not None:
        values["audio_checksum"] = checksum
    if duration_s is not None:
        values["duration_ms"] = int(round(duration_s * 1000))
    return conn.execute(update(jobs_t).where(jobs_t.c.id == job_id, jobs_t.c.worker == worker,
                                             jobs_t.c.status == "running").values(**values)).rowcount == 1


def mark_done(conn: Connection, job_id: int, worker: str, document_guid: str) -> None:
    """Finish a job inside the action that added its transcript (same transaction)."""
    done = conn.execute(update(jobs_t).where(jobs_t.c.id == job_id, jobs_t.c.worker == worker,
                                             jobs_t.c.status == "running")
                        .values(status="done", document_guid=document_guid, finished_at=utcnow(),
                                worker=None, done_ms=func.coalesce(jobs_t.c.duration_ms, jobs_t.c.done_ms),
                                message="")).rowcount
    if done != 1:
        raise InputError(_("the transcription job was cancelled or taken over meanwhile; the transcript was "
                           "not added"))


def mark_failed(conn: Connection, job_id: int, worker: str | None, message: str) -> None:
    """A job that cannot succeed as it is (bad file, missing model): keep it with the reason."""
    q = update(jobs_t).where(jobs_t.c.id == job_id, jobs_t.c.status.in_(["queued", "running"]))
    if worker is not None:
        q = q.where(jobs_t.c.worker == worker)
    conn.execute(q.values(status="failed", message=message[:2000], finished_at=utcnow(), worker=None))


def release(conn: Connection, job_id: int, worker: str) -> None:
    """Give a running job back to the queue (stop, quit): it resumes from its journal later."""
    conn.execute(update(jobs_t).where(jobs_t.c.id == job_id, jobs_t.c.worker == worker,
                                      jobs_t.c.status == "running")
                 .values(status="queued", worker=None))


def cancel(conn: Connection, job_ids: Iterable[int]) -> int:
    """Cancel queued or running jobs (a running one stops at its next report); returns how many."""
    return conn.execute(update(jobs_t).where(jobs_t.c.id.in_(list(job_ids)),
                                             jobs_t.c.status.in_(["queued", "running"]))
                        .values(status="cancelled", worker=None, finished_at=utcnow())).rowcount


def retry(conn: Connection, job_ids: Iterable[int]) -> int:
    """Put failed or cancelled jobs back at the end of the queue; returns how many."""
    ids = [r[0] for r in conn.execute(select(jobs_t.c.id).where(
        jobs_t.c.id.in_(list(job_ids)), jobs_t.c.status.in_(["failed", "cancelled"]))
        .order_by(jobs_t.c.sort_order))]
    last = conn.execute(select(func.max(jobs_t.c.sort_order))).scalar() or 0
    for i, job_id in enumerate(ids, start=1):
        conn.execute(update(jobs_t).where(jobs_t.c.id == job_id).values(
            status="queued", message="", finished_at=None, sort_order=last + i))
    return len(ids)


def remove(conn: Connection, job_ids: Iterable[int]) -> int:
    """Delete jobs that are not running (their transcripts, if any, stay); returns how many."""
    return conn.execute(delete(jobs_t).where(jobs_t.c.id.in_(list(job_ids)),
                                             jobs_t.c.status != "running")).rowcount


def clear_finished(conn: Connection) -> int:
    """Delete the done jobs from the list."""
    return conn.execute(delete(jobs_t).where(jobs_t.c.status == "done")).rowcount


def recover(conn: Connection, worker_alive: Callable[[str], bool | None],
            now: datetime | None = None) -> list[int]:
    """Give running jobs of vanished workers back to the queue; returns their ids.

    ``worker_alive(worker)`` says True/False for workers it can check (this machine) and None
    for others; those count as gone once their heartbeat is older than ``STALE_AFTER``.
    """
    now = now or utcnow()
    back = []
    for job in list_jobs(conn, ["running"]):
        alive = worker_alive(job.worker or "")
        beat = job.heartbeat_at
        if beat is not None and beat.tzinfo is None:  # SQLite returns naive UTC
            beat = beat.replace(tzinfo=now.tzinfo)
        stale = beat is None or now - beat > STALE_AFTER
        if alive is False or (alive is None and stale):
            conn.execute(update(jobs_t).where(jobs_t.c.id == job.id, jobs_t.c.status == "running",
                                              jobs_t.c.worker == job.worker)
                         .values(status="queued", worker=None))
            back.append(job.id)
    return back


def pending(conn: Connection) -> int:
    """Jobs still to do (queued or running)."""
    return conn.execute(select(func.count()).select_from(jobs_t)
                        .where(jobs_t.c.status.in_(["queued", "running"]))).scalar_one()


def autostart(conn: Connection) -> bool:
    """Whether the queue was running when the project was last closed (so it continues)."""
    value = conn.execute(select(settings_t.c.value).where(settings_t.c.key == AUTOSTART_KEY)).scalar()
    return value == "1"


def set_autostart(conn: Connection, on: bool) -> None:
    """Remember that the user started (True) or stopped (False) the queue."""
    value = "1" if on else "0"
    if conn.execute(update(settings_t).where(settings_t.c.key == AUTOSTART_KEY).values(value=value)).rowcount == 0:
        conn.execute(insert(settings_t).values(key=AUTOSTART_KEY, value=value))

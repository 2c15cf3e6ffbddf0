"""The transcription queue at work: claim a job, transcribe it in a child process, store it.

Qt-free and used alike by ``andock transcribe`` (a blocking loop) and the GUI's queue panel (the
same loop on a background thread, database calls handed to the GUI's database worker through
``db``). The queue itself lives in the project (``coding.services.transcription_jobs``); each recording's
finished segments live in a journal (``transcription.journal``). So after a crash, a kill or a
quit the next run gives the orphaned job back to the queue and resumes it from its journal.
"""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Callable

from coding.services import documents
from coding.services import transcription_jobs as tj
from coding.base.errors import AndockError
from coding.store.history import ChangeSet
from coding.exchange.importers.model import ParsedDocument
from coding.exchange.importers.transcript import build_transcript
from coding.store.project import Project

HEARTBEAT_S = 5.0  # how often a running job reports (and notices a cancel from elsewhere)


# -- who is working -------------------------------------------------------------------------------
_ACTIVE: set[str] = set()  # workers of this process that are running now
_ACTIVE_LOCK = threading.Lock()


def worker_id(host: str | None = None) -> str:
    """``host:pid:start:token``: names one queue worker (the start time tells a reused pid; the
    token tells two workers of one process apart). ``host`` defaults to this computer's name (a
    team worker may be given another, ``andock worker --host-id``)."""
    import secrets

    import psutil

    return (f"{host or socket.gethostname()}:{os.getpid()}:{int(psutil.Process().create_time())}:"
            f"{secrets.token_hex(3)}")


def worker_alive(worker: str) -> bool | None:
    """True/False for a worker on this computer; None for one elsewhere or one that cannot be
    checked (judged by its heartbeat then)."""
    import psutil

    try:
        host, pid_text, started_text, _token = worker.rsplit(":", 3)
        pid, started = int(pid_text), int(started_text)
    except ValueError:
        return None  # written by another version: go by the heartbeat
    if host != socket.gethostname():
        return None
    if pid == os.getpid():
        with _ACTIVE_LOCK:
            return worker in _ACTIVE
    try:
        return abs(int(psutil.Process(pid).create_time()) - started) <= 1
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    except (psutil.AccessDenied, ValueError):  # another user's process: cannot tell
        return None


# -- options --------------------------------------------------------------------------------------
def options_to_dict(opts) -> dict[str, Any]:
    """Transcription options as JSON-ready data for the queue (``download`` is not kept)."""
    d = asdict(opts)
    d.pop("download", None)
    d["temperatures"] = list(d["temperatures"])
    return d


def options_from_dict(data: dict[str, Any], download: bool = False):
    """The options stored with a job (unknown keys from other versions are ignored)."""
    from transcription.engines import Options

    names = {f.name for f in fields(Options)}
    kw = {k: v for k, v in data.items() if k in names}
    if "temperatures" in kw:
        kw["temperatures"] = tuple(kw["temperatures"])
    kw["download"] = download
    return Options(**kw)


def to_parsed_document(transcript) -> ParsedDocument:
    """The project document for a transcript: the same text, turns and anchors as its f4 TXT."""
    return build_transcript([(t.speaker, t.text, [(len(t.text), t.end_ms)]) for t in transcript.turns])


def recognised_words(transcript) -> list[tuple[str, int, int, float | None]]:
    """Whisper's words with their times (ms) and probabilities, in spoken order, for the editor."""
    return [(w.text, int(round(w.start * 1000)), int(round(w.end * 1000)), float(w.probability))
            for seg in transcript.segments for w in seg.words]


def journal_dir() -> Path:
    """Where recordings' journals live (``<cache>/journals``)."""
    from transcription.models import cache_dir

    return cache_dir() / "journals"


# -- events the loop reports ----------------------------------------------------------------------
@dataclass
class JobStarted:
    job: tj.JobInfo


@dataclass
class JobProgress:
    """Per-file progress; ``eta_s`` is None until there is a rate to go by."""

    job_id: int
    done_s: float
    total_s: float
    message: str
    eta_s: float | None


@dataclass
class QueueProgress:
    """All queued audio: seconds done in this run out of the run's total, with the ETA."""

    done_s: float
    total_s: float
    eta_s: float | None
    files_left: int


@dataclass
class JobFinished:
    job_id: int
    document_id: int
    changes: ChangeSet
    audio_s: float
    seconds: float
    turns: int = 0


@dataclass
class JobFailed:
    job_id: int
    message: str


@dataclass
class JobCancelled:
    job_id: int


@dataclass
class QueueStopped:
    """The loop ended: ``reason`` is ``empty`` (nothing left to claim), ``stopped``,
    ``interrupted`` (Ctrl+C) or ``error`` (``message`` says what; the job went back to the queue)."""

    reason: str
    finished: int
    failed: int
    message: str = ""


Event = Any


class QueueWorker:
    """Works through the queue of ``project`` until it is empty or :meth:`stop` is called.

    ``db(fn)`` runs ``fn()`` where database work belongs (the GUI's database thread) and returns
    its result; by default it simply calls it. ``on_event`` receives the events above, in the
    thread that calls :meth:`run`. ``media_root``: where the queue's relative recording paths
    start (default: the project's folder; a team worker's shared folder, ``andock worker``);
    ``host``: the host part of the worker id.
    """

    def __init__(self, project: Project, *, on_event: Callable[[Event], None] | None = None,
                 db: Callable[[Callable[[], Any]], Any] | None = None, journals: Path | None = None,
                 download: bool = False, speed_log=None, media_root: Path | None = None,
                 host: str | None = None) -> None:
        self.project = project
        self.media_root = media_root or project.base_dir
        self.on_event = on_event or (lambda e: None)
        self.db = db or (lambda fn: fn())
        self.journals = journals or journal_dir()
        self.download = download
        self.worker = worker_id(host)
        self.heartbeat_s = HEARTBEAT_S
        self._stop = threading.Event()
        self._pause = False
        self._speed = speed_log
        self._run_done = 0.0  # audio seconds finished in this run (whole files)
        self._rtf: float | None = None  # measured in this run
        self._others = (0, 0.0)  # queued files after the current one: count, audio seconds

    def stop(self, pause: bool = False) -> None:
        """Stop soon: the running file goes back to the queue and resumes later from its journal.

        ``pause``: the user stopped the queue, so it is not continued when the project is opened
        again (without it, as when quitting, it is).
        """
        self._pause = self._pause or pause
        self._stop.set()

    @property
    def stopping(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    # -- database steps (each one plain transaction, run through ``db``) --------------------------
    def _write(self, fn: Callable[[Any], Any]) -> Any:
        project = self.project

        def job():
            with project.write() as conn:
                return fn(conn)
        return self.db(job)

    def _claim(self, conn) -> tj.JobInfo | None:
        job = tj.claim_next(conn, self.worker)
        waiting = tj.list_jobs(conn, ["queued"])
        self._others = (len(waiting), sum(j.left_s for j in waiting))
        return job

    # -- the loop ---------------------------------------------------------------------------------
    def run(self) -> QueueStopped:
        """Transcribe queued recordings one after another; returns why it ended.

        Never leaves a job it claimed in ``running``: done, failed, cancelled, or given back.
        """
        def start(conn):
            tj.recover(conn, worker_alive)  # jobs of a crashed or killed run go back first
            tj.set_autostart(conn, True)
        with _ACTIVE_LOCK:
            _ACTIVE.add(self.worker)
        finished = failed = 0
        reason, message = "empty", ""
        try:
            self._write(start)
            while not self._stop.is_set():
                job = self._write(self._claim)
                if job is None:
                    break
                outcome = self._run_one(job)
                finished += outcome == "done"
                failed += outcome == "failed"
        except KeyboardInterrupt:
            reason = "interrupted"
            raise
        except Exception as exc:  # noqa: BLE001 - the queue stays; the caller shows the message
            reason, message = "error", f"{type(exc).__name__}: {exc}"
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(self.worker)
            if reason == "empty" and self._stop.is_set():
                reason = "stopped"
            with contextlib.suppress(Exception):  # only a convenience flag
                if reason == "empty":  # nothing left (not even another worker's): nothing to continue
                    self._write(_stop_autostart_if_done)
                elif reason == "stopped" and self._pause:
                    self._write(lambda c: tj.set_autostart(c, False))
            event = QueueStopped(reason, finished, failed, message)
            self.on_event(event)
        return event

    def _fail(self, job: tj.JobInfo, message: str) -> str:
        self._write(lambda c: tj.mark_failed(c, job.id, self.worker, message))
        self.on_event(JobFailed(job.id, message))
        return "failed"

    def _speed_log(self):
        if self._speed is None:
            from transcription.speed import SpeedLog

            self._speed = SpeedLog()
        return self._speed

    def estimate(self, opts):
        """The expected speed for these options on this computer (``transcription.speed``)."""
        from transcription.speed import device_for

        return self._speed_log().estimate(opts.engine, opts.model, device_for(opts.engine, opts.device))

    def job_journals(self, job: tj.JobInfo) -> Path:
        """The journal folder of one job: two jobs of one recording never share a journal."""
        return self.journals / job.guid

    def _run_one(self, job: tj.JobInfo) -> str:
        """One recording: ``done``, ``failed``, ``cancelled`` or ``stopped``; on any unexpected
        error the job goes back to the queue before the error goes on."""
        try:
            return self._transcribe(job)
        except BaseException:
            with contextlib.suppress(Exception):  # the database itself failed: recovered at the next start
                self._write(lambda c: tj.release(c, job.id, self.worker))
            raise

    def _transcribe(self, job: tj.JobInfo) -> str:
        from transcription import audio, errors
        from transcription.runner import Done, Failed, Progress, Ready, TranscriptionJob

        self.on_event(JobStarted(job))
        path = job.path(self.media_root)
        try:
            opts = options_from_dict(job.options, self.download)
            info = audio.probe(path)
        except errors.TranscriptionError as exc:
            return self._fail(job, str(exc))
        except (TypeError, ValueError) as exc:
            return self._fail(job, f"the stored options cannot be used ({exc})")
        if job.checksum and info.checksum != job.checksum:
            return self._fail(job, f"{info.path.name}: the file has changed since it was queued; "
                                   "add it again to transcribe this version")
        if self._stop.is_set():
            self._write(lambda c: tj.release(c, job.id, self.worker))
            return "stopped"
        if not self._write(lambda c: tj.heartbeat(c, job.id, self.worker, job.done_s, info.checksum,
                                                  info.duration)):
            self.on_event(JobCancelled(job.id))  # cancelled while the file was checked
            return "cancelled"
        est = self.estimate(opts)
        clock = _Clock(time.monotonic(), job.done_s)
        left, (n_others, others_s) = max(0.0, info.duration - job.done_s), self._others
        self.on_event(QueueProgress(self._run_done, self._run_done + left + others_s,  # ETA from the estimate
                                    est.seconds_for(left + others_s, n_others + 1), n_others + 1))
        runner = TranscriptionJob(path, opts, journal_dir=self.job_journals(job), info=info).start()
        last_beat = time.monotonic()
        try:
            while True:
                if self._stop.is_set():
                    runner.cancel()
                    self._write(lambda c: tj.release(c, job.id, self.worker))
                    return "stopped"
                if time.monotonic() - last_beat >= self.heartbeat_s:
                    last_beat = time.monotonic()
                    done_s = clock.done_s
                    if not self._write(lambda c: tj.heartbeat(c, job.id, self.worker, done_s)):
                        runner.cancel()  # cancelled (or taken over) from elsewhere
                        self.on_event(JobCancelled(job.id))
                        return "cancelled"
                for msg in runner.poll(0.2):
                    if isinstance(msg, Ready):
                        clock.ready(msg.load_s)
                    elif isinstance(msg, Progress):
                        clock.progress(msg.done, msg.message)
                        self._report(job, msg, clock, est, info.duration)
                    elif isinstance(msg, Failed):
                        return self._fail(job, msg.message)
                    elif isinstance(msg, Done):
                        return self._store(job, msg.transcript, info, opts, clock)
        except KeyboardInterrupt:
            runner.cancel()
            self._write(lambda c: tj.release(c, job.id, self.worker))
            raise
        finally:
            runner.close()

    def _discard(self, job: tj.JobInfo, info, opts) -> None:
        from transcription.journal import discard

        folder = self.job_journals(job)
        with contextlib.suppress(OSError):  # not empty or already gone: only a cache
            discard(folder, info.checksum, opts.fingerprint())
            folder.rmdir()

    def _report(self, job: tj.JobInfo, msg, clock: "_Clock", est, duration: float) -> None:
        rtf = clock.rtf() or self._rtf or est.rtf
        left = max(0.0, duration - msg.done)
        eta = left * rtf
        self.on_event(JobProgress(job.id, msg.done, duration, msg.message, eta))
        n_others, others_s = self._others
        done = self._run_done + max(0.0, msg.done - clock.start_s)
        self.on_event(QueueProgress(done, done + left + others_s, eta + others_s * rtf + n_others * est.load_s,
                                    n_others + 1))

    def _store(self, job: tj.JobInfo, transcript, info, opts, clock: "_Clock") -> str:
        from sqlalchemy import select

        from coding.store.models import TABLES
        from transcription.speed import device_for

        parsed = to_parsed_document(transcript)
        if not parsed.text:
            self._discard(job, info, opts)
            return self._fail(job, f"{info.path.name}: no speech recognised; nothing was added")
        project = self.project
        docs_t = TABLES["documents"]

        def add():
            from coding.services.variables import set_value_by_name
            from coding.services.word_timings import attach_recognised_words

            media = (documents.relative_media_path(info.path, self.media_root), info.checksum)
            with project.action(f"Transcribe {info.path.name}") as act:
                doc_id = documents.add_document(
                    act, job.document_name, parsed, source_name=info.path.name, rename=job.rename,
                    media=media, language=transcript.language or None,
                    duration_ms=int(round(transcript.duration * 1000)))
                for key, value in job.variables:
                    set_value_by_name(act, doc_id, key, value)
                attach_recognised_words(act, doc_id, recognised_words(transcript))
                guid = act.conn.execute(select(docs_t.c.guid).where(docs_t.c.id == doc_id)).scalar_one()
                tj.mark_done(act.conn, job.id, self.worker, guid)  # same transaction as the transcript
            return doc_id, act.changes
        try:
            doc_id, changes = self.db(add)
        except AndockError as exc:
            return self._fail(job, str(exc))
        self._discard(job, info, opts)  # the transcript is safe now
        rtf = clock.rtf(final=transcript.duration)
        if rtf is not None:
            self._rtf = rtf
            self._speed_log().record(opts.engine, opts.model, device_for(opts.engine, opts.device),
                                     transcript.duration - clock.first_s, rtf * (transcript.duration - clock.first_s),
                                     clock.load_s)
        self._run_done += max(0.0, info.duration - clock.start_s)
        self.on_event(JobFinished(job.id, doc_id, changes, transcript.duration, time.monotonic() - clock.t0,
                                  len(parsed.turns)))
        return "done"


def _stop_autostart_if_done(conn) -> None:
    """Clear the continue-later flag when no job is left (not even another worker's)."""
    if tj.pending(conn) == 0:
        tj.set_autostart(conn, False)


@dataclass
class _Clock:
    """Timing of one recording: model load, and the rate since recognition began."""

    t0: float
    start_s: float  # audio already done (journal) when this run began
    load_s: float = 0.0
    first_t: float | None = None
    first_s: float = 0.0
    done_s: float = 0.0

    def __post_init__(self) -> None:
        self.done_s = self.start_s

    def ready(self, load_s: float) -> None:
        """The model is loaded: recognition (and its rate) starts now."""
        self.load_s = load_s
        self.first_t, self.first_s = time.monotonic(), self.start_s

    def progress(self, done: float, message: str = "") -> None:
        """Audio up to ``done`` seconds is transcribed (``resuming at …``: from the journal)."""
        if message.startswith("resuming"):  # the journal knows better than the queue row
            self.start_s = self.first_s = done
        if self.first_t is None:
            self.first_t, self.first_s = time.monotonic(), self.start_s
        self.done_s = max(self.done_s, done)

    def rtf(self, final: float | None = None) -> float | None:
        """Seconds of work per second of audio so far (None until there is enough to go by)."""
        if self.first_t is None:
            return None
        audio_s = (final if final is not None else self.done_s) - self.first_s
        spent = time.monotonic() - self.first_t
        return spent / audio_s if audio_s >= 5 and spent > 0.5 else None

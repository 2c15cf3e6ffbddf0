"""Background work for the GUI: one worker thread serialises all database access.

The GUI thread never waits on the database or the disk: it submits a callable and gets the
result (or the error) back as a queued signal. Long jobs receive a progress callback that can
cancel them (Orange3 style); the same core functions drive the terminal progress bar.
"""
from __future__ import annotations

import queue
import threading
import time
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from coding.base.errors import AndockError, Cancelled

log = logging.getLogger("andock.gui")


@dataclass
class Job:
    """A unit of background work and where its outcome goes."""

    fn: Callable[..., Any]
    args: tuple = ()
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[str], None] | None = None
    on_progress: Callable[[float, float, str], None] | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    progress: bool = False  # pass a progress callback as keyword ``progress``
    waiter: "_Waiter | None" = None  # set by :meth:`DbRunner.call`: the caller blocks on it

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report."""
        self.cancelled.set()


class _Waiter:
    """Where a blocking :meth:`DbRunner.call` waits for its result."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class _Bridge(QObject):
    # One tuple per signal: PySide6 mis-counts references of None passed directly as an
    # ``object`` argument through queued connections (crashes at interpreter exit).
    finished = Signal(object)  # (job, result, error message)
    progressed = Signal(object)  # (job, done, total, message)


class DbRunner(QObject):
    """Runs jobs one after another on a worker thread; delivers outcomes in the GUI thread."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._deliver)
        self._bridge.progressed.connect(self._deliver_progress)
        self._pending = 0
        self.delay = 0.0  # tests make the worker artificially slow with this
        self._closing = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="andock-db", daemon=False)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None,
               on_progress=None) -> Job:
        """Queue ``fn(*args)``; callbacks run later in the GUI thread."""
        job = Job(fn, args, on_done, on_error, on_progress, progress=on_progress is not None)
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._queue.put(job)
        return job

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn()`` on the database thread and return its result (or raise its error).

        For other background threads (the transcription queue) that need the database: they
        wait, the GUI thread never does. Not for the GUI thread itself.
        """
        if threading.current_thread() is self._thread:
            return fn()
        waiter = _Waiter()
        with self._closing:  # never queued behind the stop marker: it would wait forever
            if self._closed:
                raise RuntimeError("the database worker has stopped")
            self._queue.put(Job(fn, waiter=waiter))
        waiter.event.wait()
        if waiter.error is not None:
            raise waiter.error
        return waiter.result

    def pending(self) -> int:
        """Jobs submitted and not yet delivered."""
        return self._pending

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish queued jobs and stop the worker thread."""
        with self._closing:
            if not self._closed:
                self._closed = True
                self._queue.put(None)
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job.waiter is not None:
                try:
                    job.waiter.result = job.fn()
                except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                    job.waiter.error = exc
                job.waiter.event.set()
                continue
            if self.delay:
                time.sleep(self.delay)
            result, error = None, None
            try:
                if job.cancelled.is_set():
                    raise Cancelled("cancelled")
                if job.progress:
                    def report(done: float, total: float, message: str = "", _job=job) -> bool:
                        self._bridge.progressed.emit((_job, done, total, message))
                        return not _job.cancelled.is_set()
                    result = job.fn(*job.args, progress=report)
                else:
                    result = job.fn(*job.args)
            except AndockError as exc:
                error = str(exc)
            except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
                error = f"{type(exc).__name__}: {exc}"
                log.exception("background job %s failed", getattr(job.fn, "__qualname__", job.fn))
            self._bridge.finished.emit((job, result, error))

    def _deliver(self, payload: tuple) -> None:
        job, result, error = payload
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)
        if error is not None:
            if job.on_error:
                job.on_error(error)
        elif job.on_done:
            job.on_done(result)

    def _deliver_progress(self, payload: tuple) -> None:
        job, done, total, message = payload
        if job.on_progress:
            job.on_progress(done, total, message)

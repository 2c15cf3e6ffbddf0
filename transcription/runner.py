"""Run a transcription in a child process (spawn) that streams typed messages over a queue.

The GUI thread and the CLI never hold the model: the child loads it, sends ``Ready``, then
``Progress`` and ``SegmentDone`` as it goes, and finally ``Done`` or ``Failed``. Cancelling
terminates the child; finished segments stay in the journal, so the next run resumes.
Programs frozen with PyInstaller must call ``multiprocessing.freeze_support()`` first.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import queue as queue_mod
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Union

from . import errors
from .audio import AudioInfo, probe
from .engines import Options
from .result import Segment, Transcript

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

log = logging.getLogger("andock.transcription")


@dataclass
class Ready:
    """The child has loaded the model and starts recognising."""

    load_s: float


@dataclass
class Progress:
    """Seconds of audio done out of the total, with a short message."""

    done: float
    total: float
    message: str = ""


@dataclass
class SegmentDone:
    """A finished segment (already in the journal)."""

    segment: Segment


@dataclass
class Done:
    """The finished transcript."""

    transcript: Transcript


@dataclass
class Failed:
    """An error, by the name of its ``transcription.errors`` class and its one-line message."""

    kind: str
    message: str
    details: str = ""  # the child's traceback for unexpected errors (for the log, not the user)

    def error(self) -> errors.TranscriptionError:
        """The matching exception to raise in the parent (logged with the child's traceback)."""
        if self.details:
            log.error("transcription failed in the child process: %s\n%s", self.message, self.details)
        cls = getattr(errors, self.kind, errors.TranscriptionError)
        return cls(self.message) if isinstance(cls, type) else errors.TranscriptionError(self.message)


Message = Union[Ready, Progress, SegmentDone, Done, Failed]


def _child(path: str, opts: Options, info: AudioInfo, journal_dir: str | None, q) -> None:
    """Child process body: load, transcribe, report; never raises."""
    import threading

    from . import pipeline
    from .engines import load_engine

    try:
        from tqdm import tqdm  # faster-whisper's (disabled) bars would create a process-shared
        tqdm.set_lock(threading.RLock())  # lock that is reported as leaked when the child ends
    except ImportError:  # pragma: no cover
        pass
    _exit_with_parent()
    try:
        started = time.monotonic()
        engine = load_engine(opts)
        q.put(Ready(time.monotonic() - started))
        result = pipeline.transcribe(
            path, opts, engine=engine, info=info, journal_dir=Path(journal_dir) if journal_dir else None,
            on_segment=lambda s: q.put(SegmentDone(s)),
            progress=lambda d, t, m: q.put(Progress(d, t, m)))
        q.put(Done(result))
    except errors.TranscriptionError as exc:
        q.put(Failed(type(exc).__name__, str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported as one line; the parent raises it
        import traceback

        q.put(Failed("EngineFailed", f"transcription failed: {type(exc).__name__}: {exc}",
                     traceback.format_exc()))


def _exit_with_parent() -> None:
    """End this child when its parent dies (a killed GUI or CLI must not leave a child running
    on, writing the journal that the restarted program's child resumes from)."""
    import threading

    parent = mp.parent_process()
    if parent is None:  # pragma: no cover - only when run without multiprocessing
        return

    def watch() -> None:
        parent.join()  # waits on the parent's sentinel: works after SIGKILL, on Windows too
        os._exit(3)
    threading.Thread(target=watch, name="andock-parent-watch", daemon=True).start()


class TranscriptionJob:
    """One transcription in a child process; iterate :meth:`messages`, or :meth:`cancel` it."""

    def __init__(self, path: str | Path, opts: Options, *, journal_dir: Path | None = None,
                 info: AudioInfo | None = None) -> None:
        self.path = Path(path)
        self.opts = opts
        self.journal_dir = journal_dir
        self.info = info or probe(self.path)  # bad files fail here, before a process starts
        self.process: mp.process.BaseProcess | None = None
        self._queue: Queue | None = None

    def start(self) -> "TranscriptionJob":
        """Spawn the child (a fresh interpreter: no fork of the GUI's threads)."""
        ctx = mp.get_context("spawn")
        self._queue = ctx.Queue()
        journal = str(self.journal_dir) if self.journal_dir else None
        self.process = ctx.Process(target=_child, daemon=True, name="andock-transcribe",
                                   args=(str(self.path), self.opts, self.info, journal, self._queue))
        self.process.start()
        return self

    def messages(self, poll_s: float = 0.2) -> Iterator[Message]:
        """Messages until ``Done`` or ``Failed`` (a child that dies silently yields ``Failed``)."""
        messages, process = self._started()
        while True:
            try:
                msg = messages.get(timeout=poll_s)
            except queue_mod.Empty:
                if not process.is_alive():
                    try:  # the last message may arrive just after the process ended
                        msg = messages.get(timeout=1.0)
                    except queue_mod.Empty:
                        code = process.exitcode
                        yield Failed("EngineFailed", f"the transcription process stopped (exit code {code})")
                        return
                else:
                    continue
            yield msg
            if isinstance(msg, (Done, Failed)):
                process.join(timeout=10)
                return

    def poll(self, timeout_s: float = 0.2) -> list[Message]:
        """The messages that arrived within ``timeout_s`` (never blocks longer); a child that
        died without a final message gives ``Failed``."""
        messages, process = self._started()
        out: list[Message] = []
        with contextlib.suppress(queue_mod.Empty):  # until nothing more has arrived
            out.append(messages.get(timeout=timeout_s))
            while True:
                out.append(messages.get_nowait())
        if not out and not process.is_alive():
            try:
                out.append(messages.get(timeout=1.0))
            except queue_mod.Empty:
                out.append(Failed("EngineFailed",
                                  f"the transcription process stopped (exit code {process.exitcode})"))
        return out

    def _started(self) -> tuple[Queue, mp.process.BaseProcess]:
        """The child's message queue and process (``start`` makes them)."""
        if self._queue is None or self.process is None:
            raise RuntimeError("the transcription job is not started")
        return self._queue, self.process

    def cancel(self) -> None:
        """Stop the child now; what it journalled stays for a resume."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.kill()

    def kill(self) -> None:
        """SIGKILL the child (as a crash would; used by tests)."""
        if self.process is not None and self.process.pid is not None and self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
            self.process.join(timeout=10)

    def run(self, on_message: Callable[[Message], object] | None = None) -> Transcript:
        """Start, pass every message to ``on_message`` and return the transcript (or raise)."""
        if self.process is None:
            self.start()
        try:
            for msg in self.messages():
                if on_message is not None and on_message(msg) is False:
                    self.cancel()
                    raise errors.Cancelled("transcription cancelled; finished parts are kept for a resume")
                if isinstance(msg, Done):
                    return msg.transcript
                if isinstance(msg, Failed):
                    raise msg.error()
        except KeyboardInterrupt:
            self.cancel()
            raise
        finally:
            self.close()
        raise errors.EngineFailed("the transcription process ended without a result")

    def close(self) -> None:
        """Release the queue and the process handle (stops the child if it still runs)."""
        self.cancel()
        if self._queue is not None:
            self._queue.close()
            self._queue.join_thread()
            self._queue = None

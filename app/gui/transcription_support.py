"""What the transcription dock runs off the GUI thread: checking and queueing recordings, reading
the queue, a user-started model download; plus the languages offered and duration formatting.

Qt-free, so every function can run on the database worker or a plain thread.
"""
from __future__ import annotations

import threading
from typing import Callable

from coding.services import transcription_jobs as tj

LANGUAGES = (("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية"), ("ru", "Русский"),
             ("uk", "Українська"), ("pl", "Polski"), ("ro", "Română"), ("bg", "Български"),
             ("fa", "فارسی"), ("fr", "Français"), ("es", "Español"), ("it", "Italiano"))


def audio_suffixes() -> tuple[str, ...]:
    """File endings the queue accepts (audio, and video with an audio track)."""
    from transcription.audio import SUPPORTED

    return SUPPORTED


def installed_components() -> tuple[bool, bool]:
    """(transcription installed, speaker separation installed) in this Andock."""
    import importlib.util

    from transcription import diarize  # the voice encoder ships with Andock (resources/voice)

    def has(name: str) -> bool:
        return importlib.util.find_spec(name) is not None
    return has("faster_whisper") and has("av"), diarize.available()


def load_queue(project) -> tuple[list[tj.JobInfo], bool]:
    """Jobs (after giving back those of crashed runs) and whether the queue should continue."""
    from app.transcribe_queue import worker_alive

    if project.read_only:  # a read-only window only shows the queue
        with project.read() as conn:
            return tj.list_jobs(conn), False
    with project.write() as conn:
        tj.recover(conn, worker_alive)
        return tj.list_jobs(conn), tj.autostart(conn)


def probe_recordings(paths: list[str]) -> tuple[list[tj.QueuedFile], list[str]]:
    """Check every file (length, checksum); the bad ones come back as messages."""
    from transcription import audio, errors

    files, problems = [], []
    for p in paths:
        try:
            info = audio.probe(p)
        except errors.TranscriptionError as exc:
            problems.append(str(exc))
            continue
        files.append(tj.QueuedFile(info.path, info.checksum, info.duration))
    return files, problems


def enqueue(project, files: list[tj.QueuedFile], options: dict, variables: list[tuple[str, str]]) -> list[int]:
    """Queue checked recordings in one transaction (a name clash becomes a numbered name)."""
    if not files:
        return []
    with project.write() as conn:
        return tj.enqueue(conn, project.base_dir, files, options, variables, rename=True)


def fmt_duration(seconds: float | None) -> str:
    """``1:05 h``, ``12 min``, ``40 s`` (language-neutral units)."""
    if seconds is None:
        return "–"
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d} h"
    if s >= 60:
        return f"{round(s / 60)} min"
    return f"{s} s"


def set_autostart(project, on: bool) -> None:
    """Remember whether the queue continues when the project is opened again."""
    with project.write() as conn:
        tj.set_autostart(conn, on)


class ModelDownload:
    """Downloads a named Whisper model on its own thread (only ever when the user asks).

    ``report(done, total, error)`` is called from that thread: ``error`` is None while bytes
    arrive, ``""`` when the model is ready, else the one-line message (offline, disk full, cancelled).
    """

    def __init__(self, name: str, report: Callable[[float, float, str | None], None]) -> None:
        self.name = name
        self._report = report
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._work, name="andock-model-download", daemon=False)

    def start(self) -> "ModelDownload":
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop at the next chunk; the partly downloaded model is removed."""
        self._cancel.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _work(self) -> None:
        from transcription import models

        def progress(done, total, _msg):
            self._report(done, total, None)
            return not self._cancel.is_set()
        try:
            models.resolve(self.name, download=True, progress=progress)
            self._report(1, 1, "")
        except Exception as exc:  # noqa: BLE001 - offline, disk full, cancelled: one message
            self._report(0, 0, str(exc))

"""A journal of finished segments, so a crashed or killed transcription resumes where it stopped.

One JSON object per line, flushed and fsynced as each segment finishes: a header naming the
recording's checksum and the options' fingerprint, then ``{"segment": …}`` and ``{"done": t}``
lines (``done``: everything before ``t`` seconds is transcribed). A torn last line (the process
died while writing it) is ignored. The caller removes the journal once the transcript is safe.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO

from .result import Segment


def journal_path(folder: Path, checksum: str, fingerprint: str) -> Path:
    """``<folder>/<sha256 hex>-<options>.jsonl``: one journal per recording and settings."""
    return Path(folder) / f"{checksum.removeprefix('sha256:')}-{fingerprint}.jsonl"


class Journal:
    """Append-only record of one transcription run; survives SIGKILL up to the last line."""

    def __init__(self, path: Path, checksum: str, fingerprint: str) -> None:
        self.path = Path(path)
        self.checksum = checksum
        self.fingerprint = fingerprint
        self._fh: TextIO | None = None

    def load(self) -> tuple[list[Segment], float]:
        """Journalled segments and the time up to which the recording is done (0 if none)."""
        if not self.path.exists():
            return [], 0.0
        segments: list[Segment] = []
        done = 0.0
        with open(self.path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        for i, line in enumerate(lines):
            try:
                item = json.loads(line) if line else None
            except json.JSONDecodeError:
                break  # a torn last line from a kill mid-write
            if item is None:
                continue
            if i == 0 and (item.get("checksum") != self.checksum or item.get("options") != self.fingerprint):
                return [], 0.0  # another recording or other settings: start afresh
            if "segment" in item:
                segments.append(Segment.from_dict(item["segment"]))
                done = max(done, segments[-1].end)
            elif "done" in item:
                done = max(done, float(item["done"]))
        return segments, done

    def start(self, keep: bool) -> None:
        """Open for appending; ``keep=False`` starts a new journal (header line only)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if keep and self.path.exists():
            self._truncate_torn_tail()
            self._fh = open(self.path, "a", encoding="utf-8")
            return
        self._fh = open(self.path, "w", encoding="utf-8")
        self._write({"checksum": self.checksum, "options": self.fingerprint, "version": 1})

    def _truncate_torn_tail(self) -> None:
        data = self.path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(cut)

    def _write(self, item: dict) -> None:
        if self._fh is None:
            raise RuntimeError("the journal is not started")
        self._fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def add(self, segment: Segment) -> None:
        """Record a finished segment."""
        self._write({"segment": segment.to_dict()})

    def mark_done(self, until: float) -> None:
        """Record that everything before ``until`` seconds is transcribed (e.g. a silent window)."""
        self._write({"done": round(until, 3)})

    def close(self) -> None:
        """Close the file (the journal stays until :meth:`remove`)."""
        if self._fh:
            self._fh.close()
            self._fh = None

    def remove(self) -> None:
        """Delete the journal: call after the transcript was written or imported."""
        self.close()
        self.path.unlink(missing_ok=True)


def discard(folder: Path, checksum: str, fingerprint: str) -> None:
    """Remove the journal of a recording once its transcript is safely stored."""
    journal_path(folder, checksum, fingerprint).unlink(missing_ok=True)

"""A terminal progress bar with ETA for the Qt-free command line (stderr, only on a terminal)."""
from __future__ import annotations

import sys
import time


class TerminalProgress:
    """A :class:`coding.base.progress.Progress` callback drawing ``[####   ] 42% ETA 0:12 msg``."""

    def __init__(self, stream=None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = 0.0
        self._open = False  # a bar is drawn on the current line

    def __call__(self, done: float, total: float, message: str = "", eta_s: float | None = None) -> bool:
        """Draw the bar; ``eta_s`` replaces the ETA extrapolated from the elapsed time."""
        if not self.enabled:
            return True
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return True
        self._last = now
        frac = min(max(done / total, 0.0), 1.0) if total else 0.0
        bar = "#" * int(frac * self.width)
        eta = ""
        if 0 < frac < 1 or (eta_s is not None and frac < 1):
            left = eta_s if eta_s is not None else (now - self.started) * (1 - frac) / frac
            eta = f" ETA {int(left // 60)}:{int(left % 60):02d}"
        self.stream.write(f"\r[{bar:<{self.width}}] {frac:4.0%}{eta} {message[:40]:<40}")
        self._open = True
        if total and done >= total:
            self.stream.write("\n")
            self._open = False
        self.stream.flush()
        return True

    def newline(self) -> None:
        """End the bar's line, so that a message printed next starts on a line of its own."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False

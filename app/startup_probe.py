"""``andock startup-probe``: how long the window takes to appear (issue 13: under 3 s cold).

Starts the window exactly as ``andock gui`` does (``app.gui.app.run_gui``), waits for the first
paint of each window that opens (on a fresh installation the first-run dialog, then the main
window), prints the seconds since the process started (interpreter, imports, construction and
first paint: what a user waits for) and closes it: the first-run dialog as "Skip" would, which
marks the first run as done. Works with ``QT_QPA_PLATFORM=offscreen`` (no screen needed), from
source and in the built program.
"""
from __future__ import annotations

import time

import psutil
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from .gui.app import make_app, run_gui

TIMEOUT_MS = 60_000  # a window that has not painted after a minute counts as failed


class FirstPaint(QObject):
    """Notes when each top-level window paints for the first time, then closes it: the first-run
    dialog (shown once, before the window, on a fresh installation) and the main window."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.painted: dict[QWidget, float | None] = {}  # window -> seconds (None: being painted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """On the first paint event of a top-level window or a widget in it."""
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            window = watched.window()
            if window not in self.painted:
                self.painted[window] = None
                # the whole window is painted in this pass: the timer fires right after it
                QTimer.singleShot(0, lambda: self._done(window))
        return False

    def _done(self, window: QWidget) -> None:
        self.painted[window] = time.time() - self.started
        window.close()  # the first-run dialog: as "Skip"; the main window: the probe ends

    def main_window_s(self) -> float | None:
        """Seconds to the main window's first paint (None: it did not paint)."""
        return next((s for w, s in self.painted.items() if isinstance(w, QMainWindow)), None)


def run_probe(project: str | None = None) -> int:
    """Show the window (optionally with ``project``) as ``andock gui`` does, print the time to the
    first paint of each window that opens (the first-run dialog on a fresh installation, then the
    main window); 0 if the main window painted, 1 if it did not within a minute."""
    started = psutil.Process().create_time()  # the process's start, as the system recorded it
    app = make_app()  # run_gui reuses this application
    probe = FirstPaint(started)
    app.installEventFilter(probe)
    QTimer.singleShot(TIMEOUT_MS, QApplication.closeAllWindows)
    run_gui(project)
    app.removeEventFilter(probe)
    for window, seconds in probe.painted.items():
        if seconds is not None:
            name = "window" if isinstance(window, QMainWindow) else type(window).__name__
            print(f"startup-probe: {name} painted {seconds:.2f} s after the process started")
    if probe.main_window_s() is None:
        print(f"startup-probe: the window did not paint within {TIMEOUT_MS // 1000} s")
        return 1
    return 0

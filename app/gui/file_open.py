"""Projects opened by the system: macOS sends a double-clicked ``.andock`` file (and one dropped
on the Dock icon) to the running program as a ``QFileOpenEvent``, not as a command-line argument
(Windows and Linux start ``andock PATH``, see packaging/). The event can come before the window
exists — at launch — so it is kept until the window is there."""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent


class ProjectOpener(Protocol):
    def open_project(self, path: str, create: bool = False) -> None: ...


class FileOpenFilter(QObject):
    """An application event filter that opens the projects the system hands to Andock."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.window: ProjectOpener | None = None
        self.pending: list[str] = []

    def attach(self, window: ProjectOpener) -> None:
        """The window is there: open what came before it (the last one: one project at a time)."""
        self.window = window
        if self.pending:
            window.open_project(self.pending[-1])
            self.pending.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        path = event.file()
        if not path:  # a URL that is no local file: not for Andock
            return False
        if self.window is None:
            self.pending.append(path)
        else:
            self.window.open_project(path)
        return True

"""The project controller: the GUI's only way to the core (Anki style operations).

Every change runs as one core action on the database worker; when it is done the controller
emits ``changed`` with the core's ChangeSet and views refresh what it names. Reads also run on
the worker and call back with plain data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from coding.services import coders, documents
from coding.store import presence, team_live
from coding.base.errors import ProjectDamagedError, ProjectFileError
from coding.base.ids import CoderId, DocumentId
from coding.base.progress import Progress
from coding.store.history import ChangeSet
from coding.store.project import Project

from .runner import DbRunner, Job
from .undo_labels import shown_label, stored_label

Labels = tuple[str | None, str | None]  # what Undo and Redo would do next (None: nothing)


class ProjectController(QObject):
    """Holds the open project, the current coder and the coder filter."""

    projectOpened = Signal(str)
    projectClosing = Signal()  # still open: last chance for background users (transcription queue)
    # before an action, undo/redo, a job or closing: views save typing not yet saved, so that it
    # goes in first, as its own undoable action (Code details, summary grid)
    aboutToChange = Signal()
    changed = Signal(object)  # ChangeSet
    failed = Signal(str)  # a message for the user
    message = Signal(str)  # an informative message (status bar)
    coderChanged = Signal()
    undoStateChanged = Signal(str, str)  # undo label, redo label ('' = nothing)
    # someone else has the project open: (path, descriptions of who, since when) — the window asks
    openConflict = Signal(str, list)
    openDamaged = Signal(str, str)  # a damaged project file: (path, message); the window offers backups

    def __init__(self, runner: DbRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or DbRunner(self)
        self.project: Project | None = None
        self.current_coder: CoderId | None = None
        self.visible_coders: list[CoderId] | None = None  # None = all coders' codings
        # after actions, once the window is idle, the WAL is folded into the .andock file so
        # that a copy of the file alone (mailed, synced, backed up) holds everything
        self._idle_checkpoint = QTimer(self)
        self._idle_checkpoint.setSingleShot(True)
        self._idle_checkpoint.setInterval(2000)
        self._idle_checkpoint.timeout.connect(self._checkpoint)

    # -- running work -----------------------------------------------------------------
    def read(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]) -> None:
        """Run ``fn(conn, *args)`` in a read transaction on the worker; result to ``on_done``."""
        project = self.project
        if project is None:
            return

        def job():
            with project.read() as conn:
                return fn(conn, *args)
        self.runner.submit(job, on_done=on_done, on_error=self.failed.emit)

    def act(self, description: str, fn: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[str], None] | None = None) -> None:
        """Run ``fn(action, *args)`` as one undoable user action; emit ``changed`` afterwards.

        A refused action's message goes to ``on_error`` when given (the caller explains it),
        else to ``failed`` (the window shows it).
        """
        project = self.project
        if project is None:
            return
        self.aboutToChange.emit()
        coder = self.current_coder  # this window's coder owns the action (and its undo)
        label = stored_label(description)  # language-neutral: shown in whatever language reads it

        def job():
            with project.action(label) as act:
                act.coder_id = coder
                result = fn(act, *args)
            return act.changes, result, project.undo_redo_labels(coder)
        self.runner.submit(job, on_done=lambda out: self._after(out, on_done), on_error=on_error or self.failed.emit)

    def _checkpoint(self) -> None:
        project = self.project
        if project is None or not project.unsaved_to_file:
            return
        if self.runner.pending():  # not idle: try again later
            self._idle_checkpoint.start()
            return
        self.runner.submit(project.checkpoint, on_error=self.message.emit)

    def _after(self, out: tuple[ChangeSet, Any, Labels], on_done: Callable[[Any], None] | None) -> None:
        self._idle_checkpoint.start()
        changes, result, labels = out
        self._undo_state(labels)
        for msg in changes.messages:
            self.message.emit(msg)
        self.changed.emit(changes)
        if on_done:
            on_done(result)

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_progress: Callable[[float, float, str], None] | None = None,
            on_error: Callable[[str], None] | None = None) -> Job:
        """Run any long job (e.g. an import) with progress; returns the Job (for cancel). A failure's
        message goes to ``on_error`` when given (the caller explains it), else to ``failed``."""
        self.aboutToChange.emit()
        return self.runner.submit(fn, *args, on_done=on_done, on_error=on_error or self.failed.emit,
                                  on_progress=on_progress)

    # -- project lifecycle --------------------------------------------------------------
    def open_project(self, path: str | Path, create: bool = False, on_done=None,
                     mode: str | None = None, on_error: Callable[[str], None] | None = None) -> None:
        """Open (or create) a project in the background; emits projectOpened.

        When another window or colleague has the file open, ``openConflict`` is emitted instead;
        the window asks and opens again with ``mode`` "read-only" or "anyway". ``path`` may be a
        team database's ``postgresql://`` URL (app/gui/team_dialog.py). A failure goes to
        ``on_error`` when given (the team dialog shows it), else to ``failed``.
        """
        server = "://" in str(path)

        def job():
            if not create and mode is None and not server:  # a server says who is connected itself
                others = presence.others(Path(path))
                if others:
                    return [h.describe() for h in others]
            if create:
                proj = Project.create(path)
                proj.presence = presence.register(Path(path), "window")
            else:
                try:
                    proj = Project.open(path, read_only=mode == "read-only", role="window")
                except ProjectDamagedError as exc:  # the window offers its backups
                    return ("damaged", str(exc))
                except Exception as exc:  # a team database out of reach, a wrong password: one sentence
                    message = team_live.unreachable_message(exc) if server else None
                    if message is None:
                        raise
                    raise ProjectFileError(message) from None
            with proj.read() as conn:
                coder = coders.current_coder_id(conn)
            return proj, coder, proj.undo_redo_labels(coder)

        def done(out):
            if isinstance(out, list):
                self.openConflict.emit(str(path), out)
                return
            if out[0] == "damaged":
                self.openDamaged.emit(str(path), out[1])
                return
            self._close_now()
            self.project, self.current_coder, labels = out
            self.visible_coders = None
            self.projectOpened.emit(str(self.project.path))
            for warning in self.project.warnings:  # e.g. a cloud-sync folder: said once, on opening
                self.failed.emit(warning)
            self._undo_state(labels)
            if on_done:
                on_done(self.project)
        self.runner.submit(job, on_done=done, on_error=on_error or self.failed.emit)

    def _close_now(self) -> None:
        if self.project is not None:
            self.aboutToChange.emit()
            self.projectClosing.emit()
            self._idle_checkpoint.stop()
            proj, self.project = self.project, None
            self.runner.submit(proj.close)

    def close_project(self) -> None:
        """Close the open project (checkpointing it) in the background."""
        self._close_now()

    def shutdown(self) -> None:
        """Close the project and stop the worker (on quit)."""
        self._close_now()
        self.runner.shutdown()

    def refresh_undo(self) -> None:
        """Read the undo/redo labels again (after an action made outside :meth:`act`)."""
        project = self.project
        if project is not None:
            self.runner.submit(project.undo_redo_labels, self.current_coder, on_error=self.failed.emit,
                               on_done=self._undo_state)

    def _undo_state(self, labels: Labels) -> None:
        """Tell the window what Undo and Redo would do, in the language it shows now."""
        self.undoStateChanged.emit(*(shown_label(label) for label in labels))

    # -- undo ---------------------------------------------------------------------------
    def undo(self) -> None:
        """Undo the current coder's last action (made in any window or process); never a colleague's."""
        coder = self.current_coder
        self._history(lambda p: p.undo(coder), coder)

    def redo(self) -> None:
        """Redo the action the current coder undid last."""
        coder = self.current_coder
        self._history(lambda p: p.redo(coder), coder)

    def _history(self, fn: Callable[[Project], ChangeSet | None], coder: CoderId | None) -> None:
        project = self.project
        if project is None:
            return
        self.aboutToChange.emit()  # Undo after typing undoes the typing

        def job():
            return fn(project), project.undo_redo_labels(coder)

        def done(out):
            changes, labels = out
            self._undo_state(labels)
            if changes is not None:
                self.message.emit(shown_label(changes.description))
                self.changed.emit(changes)
        self.runner.submit(job, on_done=done, on_error=self.failed.emit)

    # -- coders -------------------------------------------------------------------------
    def set_current_coder(self, name: str, on_done: Callable[[CoderId], None] | None = None) -> None:
        """Make ``name`` the current coder (created if new); remembered in the project."""
        project = self.project
        if project is None:
            return
        description = stored_label(self.tr("Coder %1").replace("%1", name))

        def job():
            with project.action(description) as act:
                cid = coders.find_coder(act.conn, name)
                if cid is None:
                    cid = coders.add_coder(act, name)
                coders.set_current_coder(act.conn, cid)
            return cid, act.changes

        def done(out):
            self.current_coder, changes = out
            self.coderChanged.emit()
            self.changed.emit(changes)
            self.refresh_undo()  # Undo/Redo now name the new coder's actions
            if on_done:
                on_done(self.current_coder)
        self.runner.submit(job, on_done=done, on_error=self.failed.emit)

    def set_visible_coders(self, coder_ids: list[CoderId] | None) -> None:
        """Show all coders' codings (None) or only these coders'."""
        self.visible_coders = coder_ids
        self.coderChanged.emit()

    def import_files(self, paths: list[str], on_done: Callable[[list[DocumentId]], None] | None = None,
                     on_progress: Callable[[float, float, str], None] | None = None) -> Job | None:
        """Import documents (all read first; each file one action); returns the job (None when
        no project is open)."""
        project = self.project
        if project is None:
            return None
        self.aboutToChange.emit()
        coder = self.current_coder

        def job(progress: Progress | None = None) -> tuple[list[DocumentId], Labels, list[tuple[str, str]]]:
            warnings: list[tuple[str, str]] = []
            ids = documents.import_files(project, paths, progress=progress, warnings=warnings)
            return ids, project.undo_redo_labels(coder), warnings

        def done(out: tuple[list[DocumentId], Labels, list[tuple[str, str]]]) -> None:
            ids, labels, warnings = out
            if warnings:  # e.g. timestamps out of order: imported, but worth a look
                self.failed.emit("\n".join(f"{name}: {message}" for name, message in warnings))
            ch = ChangeSet(description="Import")
            ch.add("inserted", "documents", ids)
            self._undo_state(labels)
            self.changed.emit(ch)
            if on_done:
                on_done(ids)
        return self.runner.submit(job, on_done=done, on_error=self.failed.emit,
                                  on_progress=on_progress or (lambda *a: None))

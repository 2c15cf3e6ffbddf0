"""A window's live view of a team database: who is connected, and what others changed.

**Others' changes: LISTEN/NOTIFY, not polling.** The team database's triggers
(coding/store/team.py, ``server init``) send one notification per table and kind of change when
a transaction commits, naming the sender's ``application_name``. A watcher thread with a
connection of its own waits for them (``LISTEN``), skips this window's own (its connections carry
the same mark) and hands the tables to the GUI, which emits the controller's ``changed`` with a
ChangeSet of those tables, as after an own action: the panels refresh what it names.
Why not polling the history every ~2 s on the database worker: a change shows within a fraction
of a second instead of up to 2 s later; an idle team costs the server nothing; changes that are
not undoable actions (queue, settings) and undo/redo (which change flags, not the newest history
id) are seen alike; and the worker — whose queue the window's busy cursor and idle checkpoint
watch — does not run a job every 2 s. The watcher's connection only waits and, every
:data:`PRESENCE_EVERY_S` seconds, reads who is connected; it never touches the project's data.

**Who is connected**: ``team.members`` (each member's open connections to the database, from
``pg_stat_activity``), shown as a status-bar button with a menu of members; a window, a command
or a transcription worker of that member all count as connected.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QToolButton, QMenu, QWidget

from coding.base.ids import DocumentId
from coding.services.documents import list_documents
from coding.store import team
from coding.store.history import ChangeSet
from coding.store.team_live import ChangeListener

from .controller import ProjectController

log = logging.getLogger("andock.gui")
PRESENCE_EVERY_S = 10.0  # how often the list of connected members is read again
WAIT_S = 0.25  # the watcher looks at its stop flag this often
RETRY_S = 5.0  # after a lost connection


class TeamWindow(Protocol):
    """What the team session needs of the main window (a protocol: no import of main_window)."""

    ctl: ProjectController
    choose_coder: QAction  # View → Choose coder…

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def setWindowTitle(self, title: str) -> None: ...  # noqa: N802 - Qt's name

    def window(self) -> QWidget: ...


class TeamWatcher(QObject):
    """Waits for others' change notifications and reads who is connected, on a thread and a
    connection of its own (the window's database worker stays free)."""

    notified = Signal(object)  # {(kind, table), …} that other connections changed
    membersRead = Signal(object)  # [team.TeamMember, …]
    problem = Signal(str)  # the watching connection failed or the database lacks the triggers

    def __init__(self, url: str, own_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.own_name = own_name
        self.presence_every = PRESENCE_EVERY_S
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="andock-team-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (returns within about :data:`WAIT_S`)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5 * WAIT_S + 2)

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                listener = ChangeListener(self.url, self.own_name)
            except Exception as exc:  # noqa: BLE001 - the server is away: try again later
                self._lost(exc)
                lost = True
                continue
            try:
                if not listener.reports_changes:
                    self.problem.emit(self.tr("This team database does not report others' changes yet: "
                                              "its administrator can add that by running andock server "
                                              "init again. Reopen it to see their latest work."))
                if lost:  # what changed while the connection was away is not known: everything
                    self.notified.emit({("updated", table) for table in team.NOTIFIED_TABLES})
                    lost = False
                self._watch(listener)
            except Exception as exc:  # noqa: BLE001 - a lost connection: said, tried again
                self._lost(exc)
                lost = True
            finally:
                listener.close()

    def _lost(self, exc: Exception) -> None:
        log.warning("team database watcher: %s", type(exc).__name__)
        if self._stop.is_set():  # stopped while connecting: the window may be gone
            return
        text = str(getattr(exc, "orig", None) or exc).strip()
        reason = text.splitlines()[0] if text else type(exc).__name__
        self.problem.emit(self.tr("Lost the connection that shows others' changes; trying again. (%1)")
                          .replace("%1", reason))
        self._stop.wait(RETRY_S)

    def _watch(self, listener: ChangeListener) -> None:
        next_presence = 0.0
        while not self._stop.is_set():
            if time.monotonic() >= next_presence:
                self.membersRead.emit(listener.members())
                next_presence = time.monotonic() + self.presence_every
            changes = listener.wait(WAIT_S)
            if changes:
                self.notified.emit(changes)


class PresenceButton(QToolButton):
    """Status-bar button "Team: 2 of 5 connected"; its menu lists the members."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self.setMenu(QMenu(self))
        self.lines: list[str] = []
        self.setText(self.tr("Team: …"))

    def set_members(self, members: list[team.TeamMember]) -> None:
        """Show who is in the team and who is connected now."""
        online = sum(1 for m in members if m.connections)
        self.setText(self.tr("Team: %1 of %2 connected").replace("%1", str(online)).replace("%2", str(len(members))))
        self.lines = [("● " if m.connections else "○ ") + m.coder + (self.tr(" (lead)") if m.lead else "")
                      for m in members]
        menu = self.menu()
        menu.clear()
        for line in self.lines:
            menu.addAction(line).setEnabled(False)
        self.setToolTip("\n".join(self.lines))


class TeamSession(QObject):
    """An open team database in a window: title, presence button, and others' changes as the
    controller's ``changed``. Ends when the project closes."""

    def __init__(self, window: TeamWindow, label: str, own_name: str) -> None:
        ctl = window.ctl
        super().__init__(ctl)
        self.ctl = ctl
        self.status_bar = window.statusBar()
        project = ctl.project
        assert project is not None  # made once the project is open
        window.setWindowTitle(self.tr("team: %1 — Andock").replace("%1", label))
        # on a team database one codes as the coder of one's login: the server refuses others
        self.choose_coder = window.choose_coder
        self.choose_coder.setEnabled(False)
        self.choose_coder.setStatusTip(self.tr("On a team database you code as the coder of your login; to "
                                               "code as someone else, connect with their login."))
        self.button = PresenceButton(self.status_bar)
        self.status_bar.addPermanentWidget(self.button)
        self.watcher = TeamWatcher(project.engine.url.render_as_string(hide_password=False), own_name, self)
        self.watcher.notified.connect(self._collect)
        self.watcher.membersRead.connect(self.button.set_members)
        self.watcher.problem.connect(lambda message: self.status_bar.showMessage(message, 10000))
        self._pending: set[tuple[str, str]] = set()
        self._documents: set[DocumentId] | None = None
        # a burst of notifications (one action touches several tables) becomes one refresh
        self._settle = QTimer(self, singleShot=True, interval=100)
        self._settle.timeout.connect(self._refresh)
        ctl.projectClosing.connect(self.close)
        ctl.read(_document_ids, on_done=self._set_documents)
        self.watcher.start()

    def _set_documents(self, ids: set[DocumentId]) -> None:
        self._documents = ids

    def _collect(self, changes: set[tuple[str, str]]) -> None:
        self._pending.update(changes)
        self._settle.start()

    def _refresh(self) -> None:
        pending, self._pending = self._pending, set()
        if self.ctl.project is None:
            return
        changes = ChangeSet(description=self.tr("Changes by others"))
        for kind, table in pending:
            changes.add(kind, table, ())
        if "documents" not in changes.tables():
            self._emit(changes)
            return
        # the window must know which document went (it may be the one shown): the notification
        # names tables only, so compare the documents now with those known
        def known(now: set[DocumentId]) -> None:
            before = self._documents if self._documents is not None else now
            changes.add("deleted", "documents", before - now)
            changes.add("inserted", "documents", now - before)
            self._documents = now
            self._emit(changes)
        self.ctl.read(_document_ids, on_done=known)

    def _emit(self, changes: ChangeSet) -> None:
        self.ctl.changed.emit(changes)
        if "history" in changes.tables():  # e.g. the same coder in another window
            self.ctl.refresh_undo()

    def close(self) -> None:
        """Stop watching and take the presence button away."""
        self.ctl.projectClosing.disconnect(self.close)
        self.choose_coder.setEnabled(True)
        self.choose_coder.setStatusTip("")
        self._settle.stop()
        self.watcher.stop()
        self.status_bar.removeWidget(self.button)
        self.button.deleteLater()
        self.deleteLater()


def _document_ids(conn: Any) -> set[DocumentId]:
    return {d.id for d in list_documents(conn)}

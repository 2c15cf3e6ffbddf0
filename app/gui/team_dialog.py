"""File → Connect to team database…: log in to a team's PostgreSQL database (coding/store/team.py).

The password is kept only where the user allows it and the system has a safe place for it: the
system keyring (``keyring``: macOS Keychain, Windows Credential Locker, Secret Service/KWallet).
Keyring's own fallbacks (none, or a plain-text file) are not safe places, so then the password is
not stored at all and must be typed each time. It never goes into the settings or the project:
the recent connections list holds host, port, database and user only.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout)

from coding.store.team_live import server_url

from . import settings
from .team_presence import TeamSession, TeamWindow

KEYRING_SERVICE = "Andock team database"
DEFAULT_PORT = 5432
log = logging.getLogger("andock.gui")


@dataclass(frozen=True)
class TeamLogin:
    """Where and as whom to connect (everything but the password)."""

    host: str
    port: int
    database: str
    user: str

    @property
    def label(self) -> str:
        """How the window names the connection: ``database@host``."""
        return f"{self.database}@{self.host}"

    @property
    def keyring_user(self) -> str:
        """The entry's name in the system keyring (one password per user and database)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str, application_name: str) -> str:
        """The connection URL (kept in memory only). ``application_name`` marks this window's
        connections, so that it can tell its own changes from others' (team_presence)."""
        return server_url(self.host, self.port, self.database, self.user, password, application_name)


# -- the system keyring -------------------------------------------------------------------------
def keyring_backend() -> Any | None:
    """The system keyring when there is a safe one, else None.

    Safe = keyring's own "recommended" threshold (priority ≥ 1): its "fail" and "null" backends
    and the plain-text file of keyrings.alt are below it.
    """
    try:
        import keyring
    except ImportError:  # the "team" extra brings it
        return None
    backend = keyring.get_keyring()
    return backend if backend.priority >= 1 else None


def stored_password(login: TeamLogin) -> str | None:
    """The password remembered for this login, if any."""
    backend = keyring_backend()
    if backend is None:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, login.keyring_user)
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: type the password
        log.warning("keyring: %s", type(exc).__name__)
        return None


def remember_password(login: TeamLogin, password: str | None) -> bool:
    """Store the password in the system keyring (None: forget it); whether that worked."""
    backend = keyring_backend()
    if backend is None:
        return False
    try:
        if password:
            backend.set_password(KEYRING_SERVICE, login.keyring_user, password)
        elif backend.get_password(KEYRING_SERVICE, login.keyring_user) is not None:
            backend.delete_password(KEYRING_SERVICE, login.keyring_user)
    except Exception as exc:  # noqa: BLE001 - the connection works without it
        log.warning("keyring: %s", type(exc).__name__)
        return False
    return True


# -- the dialog -----------------------------------------------------------------------------------
class TeamDialog(QDialog):
    """Host, port, database, user and password of a team database; connects in the background
    and closes once the project is open (a failure is shown here, and the fields stay)."""

    def __init__(self, window: TeamWindow) -> None:
        super().__init__(window.window())
        self.main_window = window
        self.setWindowTitle(self.tr("Connect to team database"))
        self.recent = QComboBox(self)
        self.host = QLineEdit("localhost", self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"), self)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.form = form = QFormLayout()
        form.addRow(self.tr("Recent:"), self.recent)
        form.addRow(self.tr("Server:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.connect_to_team)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(self.tr("Your team's administrator set the database up (andock server init) and "
                               "gave you your user name and password."), self)
        intro.setWordWrap(True)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._fill_recent()
        self._show_keyring_state()

    def _fill_recent(self) -> None:
        self.connections = settings.recent_team_connections()
        for c in self.connections:
            self.recent.addItem(f"{c['user']} — {c['database']}@{c['host']}:{c['port']}")
        self.form.setRowVisible(self.recent, bool(self.connections))
        self.recent.currentIndexChanged.connect(self.use_recent)
        if self.connections:
            self.use_recent(0)

    def _show_keyring_state(self) -> None:
        if keyring_backend() is None:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(self.tr("This computer has no system keyring Andock could use: the "
                                              "password is not stored, type it each time."))
        else:
            self.keyring_note.setText(self.tr("The password is kept only in the system keyring, never in "
                                              "the settings or the project."))

    def use_recent(self, index: int) -> None:
        """Fill the fields from a recent connection (and its password from the keyring, if kept)."""
        if not 0 <= index < len(self.connections):
            return
        c = self.connections[index]
        self.host.setText(str(c["host"]))
        self.port.setValue(int(c["port"]))
        self.database.setText(str(c["database"]))
        self.user.setText(str(c["user"]))
        kept = stored_password(self.login())
        self.password.setText(kept or "")
        self.remember.setChecked(kept is not None)

    def login(self) -> TeamLogin:
        """The connection as the fields give it."""
        return TeamLogin(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                         self.user.text().strip())

    def connect_to_team(self) -> None:
        """Open the team database in the background; the dialog waits and shows the outcome."""
        login = self.login()
        if not (login.host and login.database and login.user):
            self.show_error(self.tr("Enter the server, the database and your user name."))
            return
        password = self.password.text()
        self.status.setText(self.tr("Connecting to %1…").replace("%1", login.label))
        self.connect_button.setEnabled(False)
        # a mark of this window's connections: its own changes are not "others' changes"
        own_name = f"andock-window-{secrets.token_hex(4)}"
        remember = self.remember.isChecked()
        ctl = self.main_window.ctl
        ctl.open_project(login.url(password, own_name), on_error=self.show_error,
                         on_done=lambda _project: self._connected(login, password if remember else None,
                                                                  own_name))

    def _connected(self, login: TeamLogin, keep: str | None, own_name: str) -> None:
        settings.add_recent_team_connection(login.host, login.port, login.database, login.user)
        remember_password(login, keep)
        TeamSession(self.main_window, login.label, own_name)
        self.accept()

    def show_error(self, message: str) -> None:
        """A connection that failed: say why, keep the fields for another try."""
        self.status.setText(message)
        self.connect_button.setEnabled(True)


def connect_team_dialog(window: TeamWindow) -> TeamDialog:
    """File → Connect to team database…: show the dialog over the main window."""
    dialog = TeamDialog(window)
    dialog.open()
    return dialog

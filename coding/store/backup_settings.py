"""How often and how many backups a project keeps: stored in the project (``settings`` table).

The settings belong to the project rather than to the user: the window and every command see
the same policy, it travels with the file, and a large project can keep fewer copies. They are
preferences, written in a plain transaction (not undoable).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from coding.base.errors import InputError
from coding.store.models import TABLES
from coding.base.messages import _

settings_t = TABLES["settings"]
KEYS = {"enabled": "backup.enabled", "interval_minutes": "backup.interval_minutes",
        "keep": "backup.keep"}
MAX_KEEP = 1000
MAX_INTERVAL = 24 * 60


@dataclass(frozen=True)
class BackupSettings:
    """Backups on or off, minutes of work between automatic backups, how many are kept."""

    enabled: bool = True
    interval_minutes: int = 10
    keep: int = 10

    def check(self) -> "BackupSettings":
        """Refuse values that make no sense (with what to type instead)."""
        if not 1 <= self.keep <= MAX_KEEP:
            raise InputError(_("the number of backups to keep must be between 1 and {max_keep}",
                               max_keep=MAX_KEEP))
        if not 1 <= self.interval_minutes <= MAX_INTERVAL:
            raise InputError(_("the backup interval must be between 1 and {max_interval} minutes",
                               max_interval=MAX_INTERVAL))
        return self


def read_settings(conn: Connection) -> BackupSettings:
    """The project's backup settings (defaults for anything missing or unreadable)."""
    rows = dict(conn.execute(select(settings_t.c.key, settings_t.c.value)
                             .where(settings_t.c.key.in_(list(KEYS.values())))).all())
    default = BackupSettings()
    try:
        return BackupSettings(
            enabled=rows.get(KEYS["enabled"], "true") != "false",
            interval_minutes=int(rows.get(KEYS["interval_minutes"], default.interval_minutes)),
            keep=int(rows.get(KEYS["keep"], default.keep))).check()
    except (ValueError, InputError):
        return default


def write_settings(conn: Connection, settings: BackupSettings) -> None:
    """Store the backup settings (inside ``Project.write()``)."""
    settings.check()
    values = {KEYS["enabled"]: "true" if settings.enabled else "false",
              KEYS["interval_minutes"]: str(settings.interval_minutes), KEYS["keep"]: str(settings.keep)}
    conn.execute(delete(settings_t).where(settings_t.c.key.in_(list(values))))
    conn.execute(insert(settings_t), [{"key": k, "value": v} for k, v in values.items()])

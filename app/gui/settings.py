"""User settings outside the project (recent files, language): QSettings, isolatable for tests."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    """The settings store (``ANDOCK_SETTINGS_FILE`` redirects it to an INI file, e.g. in tests)."""
    path = os.environ.get("ANDOCK_SETTINGS_FILE")
    if path:
        return QSettings(path, QSettings.IniFormat)
    return QSettings("Andock", "Andock")


def recent_projects() -> list[str]:
    """Recently opened project files, newest first, existing ones only."""
    items = settings().value("recent", []) or []
    if isinstance(items, str):
        items = [items]
    return [p for p in items if os.path.exists(p)]


def add_recent(path: str) -> None:
    """Put ``path`` first in the recent list."""
    s = settings()
    items = [p for p in recent_projects() if os.path.abspath(p) != os.path.abspath(path)]
    s.setValue("recent", [os.path.abspath(path)] + items[: MAX_RECENT - 1])
    s.sync()


def language() -> str:
    """'system', 'de' or 'en'."""
    return str(settings().value("language", "system"))


def set_language(lang: str) -> None:
    """Remember the UI language (applies at the next start)."""
    s = settings()
    s.setValue("language", lang)
    s.sync()


def favourites() -> dict[str, str]:
    """Favourite code GUIDs by key ("1" … "9")."""
    raw = settings().value("favourites", "") or ""
    return dict(item.split("=", 1) for item in str(raw).split(";") if "=" in item)


def set_favourite(key: str, guid: str) -> None:
    """Put a code on a favourite key."""
    fav = favourites()
    fav[key] = guid
    s = settings()
    s.setValue("favourites", ";".join(f"{k}={v}" for k, v in sorted(fav.items())))
    s.sync()


def snap_words() -> bool:
    """Whether selections snap to whole words before coding."""
    return str(settings().value("snap_words", "true")) == "true"


def set_snap_words(on: bool) -> None:
    """Turn snapping to whole words on or off."""
    s = settings()
    s.setValue("snap_words", "true" if on else "false")
    s.sync()


def transcription_model() -> str:
    """The Whisper model last chosen for transcription ('' = the default)."""
    return str(settings().value("transcription/model", "") or "")


def set_transcription_model(name: str) -> None:
    """Remember the chosen Whisper model (a name or a model folder)."""
    s = settings()
    s.setValue("transcription/model", name)
    s.sync()

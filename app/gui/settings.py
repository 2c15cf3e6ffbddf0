"""User settings outside the project (recent files, language, the transcript editor's keys and
playback): QSettings, isolatable for tests."""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    """The settings store (``ANDOCK_SETTINGS_FILE`` redirects it to an INI file, e.g. in tests)."""
    path = os.environ.get("ANDOCK_SETTINGS_FILE")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("Andock", "Andock")


def recent_projects() -> list[str]:
    """Recently opened project files, newest first, existing ones only."""
    raw = settings().value("recent", [])
    # an INI file gives a list of one back as a plain string
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [str(p) for p in items if os.path.exists(str(p))]


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


# -- the transcript editor (app/gui/keymap.py, editor_prefs.py, player.py) ---------------------------
@dataclass(frozen=True)
class EditorPrefs:
    """Playback and display settings of the transcript editor (defaults as documented in
    docs/architecture.md, "Transcript editor: playback")."""

    rewind_ms: int = 2000  # stepped back on each pause, 0-5000
    skip_ms: int = 5000  # skip back/forward, 1000-30000
    speed: int = 100  # default playback speed in percent, 50-200
    follow: bool = True  # play-along: the text follows the playback
    underline_uncertain: bool = True
    uncertain_below: float = 0.5  # a word recognised with a lower probability is uncertain


def _number(s: QSettings, key: str, default: float, low: float, high: float) -> float:
    """A number from the settings, clamped; the default when missing or not a number."""
    try:
        value = float(str(s.value(key, default)))
    except ValueError:
        return default
    return min(high, max(low, value)) if math.isfinite(value) else default


def _flag(s: QSettings, key: str, default: bool) -> bool:
    return str(s.value(key, "true" if default else "false")).lower() == "true"


def editor_prefs() -> EditorPrefs:
    """The transcript editor's settings (hand-edited nonsense falls back to the defaults)."""
    s, d = settings(), EditorPrefs()
    return EditorPrefs(
        rewind_ms=int(_number(s, "editor/rewind_ms", d.rewind_ms, 0, 5000)),
        skip_ms=int(_number(s, "editor/skip_ms", d.skip_ms, 1000, 30000)),
        speed=int(_number(s, "editor/speed", d.speed, 50, 200)),
        follow=_flag(s, "editor/follow", d.follow),
        underline_uncertain=_flag(s, "editor/underline_uncertain", d.underline_uncertain),
        uncertain_below=_number(s, "editor/uncertain_below", d.uncertain_below, 0.0, 1.0))


def set_editor_prefs(prefs: EditorPrefs) -> None:
    """Remember the transcript editor's settings."""
    s = settings()
    for key, value in asdict(prefs).items():
        s.setValue(f"editor/{key}", ("true" if value else "false") if isinstance(value, bool) else value)
    s.sync()


def editor_keys() -> dict[str, list[str]] | None:
    """The editor's key assignments (action name -> portable key texts), None if never saved."""
    raw = settings().value("editor/keys")
    try:
        data = json.loads(str(raw)) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): [str(x) for x in v] for k, v in data.items() if isinstance(v, list)}


def editor_snippets() -> list[tuple[str, str]] | None:
    """The editor's text snippets as (text, portable key text), None if never saved."""
    raw = settings().value("editor/snippets")
    try:
        data = json.loads(str(raw)) if raw else None
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    return [(str(item[0]), str(item[1])) for item in data if isinstance(item, list) and len(item) == 2]


def set_editor_keys(keys: dict[str, list[str]], snippets: list[tuple[str, str]]) -> None:
    """Remember the editor's key assignments and snippets (JSON: one value each, readable in the
    INI file, and no QSettings list that comes back as a string when it has one item)."""
    s = settings()
    s.setValue("editor/keys", json.dumps(keys, ensure_ascii=False))
    s.setValue("editor/snippets", json.dumps([list(x) for x in snippets], ensure_ascii=False))
    s.sync()

"""User settings outside the project (recent files, language, the transcript editor's keys and
playback): QSettings, isolatable for tests."""
from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import asdict, dataclass

from PySide6.QtCore import QByteArray, QSettings

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
    """Put ``path`` first in the recent list (project files only: team databases have their own
    list, :func:`recent_team_connections`)."""
    if not os.path.isfile(path):
        return
    s = settings()
    items = [p for p in recent_projects() if os.path.abspath(p) != os.path.abspath(path)]
    s.setValue("recent", [os.path.abspath(path)] + items[: MAX_RECENT - 1])
    s.sync()


def recent_team_connections() -> list[dict[str, str | int]]:
    """Team databases connected to lately, newest first: host, port, database and user — never
    a password (that is in the system keyring, or nowhere: app/gui/team_dialog.py)."""
    try:
        data = json.loads(str(settings().value("team/recent", "") or "[]"))
    except ValueError:
        return []
    keys = ("host", "port", "database", "user")
    return [{k: item[k] for k in keys} for item in data if isinstance(item, dict) and all(k in item for k in keys)]


def add_recent_team_connection(host: str, port: int, database: str, user: str) -> None:
    """Put a team connection first in its recent list (JSON: readable in the INI file)."""
    entry: dict[str, str | int] = {"host": host, "port": port, "database": database, "user": user}
    items = [entry] + [c for c in recent_team_connections() if c != entry]
    s = settings()
    s.setValue("team/recent", json.dumps(items[:MAX_RECENT], ensure_ascii=False))
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


def first_run_done() -> bool:
    """Whether the first-run dialog has been shown (finished or skipped) once."""
    return _flag(settings(), "first_run/done", False)


def set_first_run_done() -> None:
    """Remember that the first-run dialog has been shown, so that it never comes again."""
    s = settings()
    s.setValue("first_run/done", "true")
    s.sync()


def coder_name() -> str:
    """The user's name as a coder, suggested when a project asks who is coding ('' = none)."""
    return str(settings().value("coder/name", "") or "").strip()


def set_coder_name(name: str) -> None:
    """Remember the user's name as a coder."""
    s = settings()
    s.setValue("coder/name", name.strip())
    s.sync()


def default_projects_folder() -> str:
    """``Andock`` in the user's documents folder (platformdirs: XDG, Windows and macOS rules)."""
    from platformdirs import user_documents_dir

    return os.path.join(user_documents_dir(), "Andock")


def projects_folder() -> str:
    """Where the new/open project dialogs start."""
    return str(settings().value("projects/folder", "") or "") or default_projects_folder()


def set_projects_folder(path: str) -> None:
    """Remember where projects live."""
    s = settings()
    s.setValue("projects/folder", path)
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


# -- the window's layout and what each project showed last (app/gui/layout.py) ---------------------
def window_layout() -> tuple[QByteArray | None, QByteArray | None]:
    """The window's saved geometry and dock state (None where never saved)."""
    s = settings()
    geometry, state = s.value("window/geometry"), s.value("window/state")
    return (geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None)


def set_window_layout(geometry: QByteArray | None, state: QByteArray | None) -> None:
    """Remember the window's geometry and dock state (None: forget it, the default layout returns)."""
    s = settings()
    for key, value in (("window/geometry", geometry), ("window/state", state)):
        if value is None:
            s.remove(key)
        else:
            s.setValue(key, value)
    s.sync()


def _project_key(path: str) -> str:
    """A settings key for a project: a hash, as paths hold characters QSettings keys may not."""
    where = os.path.abspath(path) if os.path.exists(path) else path
    return "project_view/" + hashlib.sha1(where.encode("utf-8")).hexdigest()[:20]


def project_view(path: str) -> dict[str, object]:
    """What a project showed when it was closed: ``document`` (an id) and ``group_by`` (a
    variable name, '' for no grouping); empty when never opened here."""
    try:
        data = json.loads(str(settings().value(_project_key(path), "") or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def set_project_view(path: str, document: int | None, group_by: str) -> None:
    """Remember the open document and the grouping of a project's documents."""
    s = settings()
    s.setValue(_project_key(path), json.dumps({"document": document, "group_by": group_by}, ensure_ascii=False))
    s.sync()

"""The transcript editor's keys: each action and each text snippet on keys the user can change,
kept in the user settings. Everything is a key, so a foot pedal that sends keys (as most do, set
up in the pedal's own tool) works by assigning its keys here.

Defaults (docs/architecture.md, "Transcript editor: playback"): F4 and Esc play/pause (f4transkript),
F12 / Shift+F12 skip back/forward (MAXQDA), F6/F7 slower/faster, F8 inserts the time, Ctrl+Return
starts the next speaker's turn, F3 / Shift+F3 go to the next/previous uncertain word, and the
snippets "(unv.)", "(lacht)", "(...)" on F9, F10, F11.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.gui import settings

ACTIONS: tuple[str, ...] = ("play_pause", "skip_back", "skip_forward", "slower", "faster", "insert_time",
                            "next_turn", "next_uncertain", "previous_uncertain")
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "play_pause": ("F4", "Esc"),
    "skip_back": ("F12",),
    "skip_forward": ("Shift+F12",),
    "slower": ("F6",),
    "faster": ("F7",),
    "insert_time": ("F8",),
    "next_turn": ("Ctrl+Return",),
    "next_uncertain": ("F3",),
    "previous_uncertain": ("Shift+F3",),
}
DEFAULT_SNIPPETS: tuple[tuple[str, str], ...] = (("(unv.)", "F9"), ("(lacht)", "F10"), ("(...)", "F11"))
KEYS_PER_ACTION = 2  # a key and an alternative (e.g. F4 and Esc, or a pedal's key)


@dataclass(frozen=True)
class Snippet:
    """A text typed by one key; ``key`` is a portable key text ('' = none)."""

    text: str
    key: str = ""


class KeyConflict(ValueError):
    """A key asked for that another action already has; its text is a translated sentence."""


def portable(key: QKeySequence | str) -> str:
    """The stored form of a key ('F4', 'Shift+F12'); '' for none or for text that is not a key."""
    seq = key if isinstance(key, QKeySequence) else QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText)
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


def native(key: str) -> str:
    """A stored key as the user's keyboard labels it (e.g. 'Umschalt+F12' in German)."""
    return QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText).toString(
        QKeySequence.SequenceFormat.NativeText)


class Keymap(QObject):
    """Which keys run which editor action and which snippet. Changes that would give one key two
    meanings raise :class:`KeyConflict` and change nothing; ``changed`` follows every change.

    ``reserved`` maps keys the window uses itself (portable text) to their action's label, so that
    the editor never takes them.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None, reserved: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self._reserved = {portable(k): v for k, v in (reserved or {}).items() if portable(k)}
        self._keys: dict[str, list[str]] = {}
        self._snippets: list[Snippet] = []
        self._set_defaults()

    # -- reading ----------------------------------------------------------------------------------
    def label(self, action: str) -> str:
        """The action's name for people."""
        labels = {
            "play_pause": self.tr("Play / pause"),
            "skip_back": self.tr("Skip back"),
            "skip_forward": self.tr("Skip forward"),
            "slower": self.tr("Slower"),
            "faster": self.tr("Faster"),
            "insert_time": self.tr("Insert the current time"),
            "next_turn": self.tr("Next speaker turn"),
            "next_uncertain": self.tr("Next uncertain word"),
            "previous_uncertain": self.tr("Previous uncertain word"),
        }
        return labels[action]

    def snippet_label(self, text: str) -> str:
        """How a snippet is named in messages."""
        return self.tr("Insert “%1”").replace("%1", text)

    def keys(self, action: str) -> list[str]:
        """The action's keys (portable texts, first the main one)."""
        return list(self._keys[action])

    def snippets(self) -> list[Snippet]:
        """The text snippets in their order."""
        return list(self._snippets)

    def owner(self, key: str) -> str | None:
        """Who has ``key``: an action name, ``snippet:N`` (index) or None."""
        key = portable(key)
        for action, keys in self._keys.items():
            if key in keys:
                return action
        for i, snip in enumerate(self._snippets):
            if snip.key == key:
                return f"snippet:{i}"
        return None

    # -- changing ---------------------------------------------------------------------------------
    def set_keys(self, action: str, keys: Sequence[QKeySequence | str]) -> None:
        """Give ``action`` these keys (at most two; empty ones dropped)."""
        if action not in ACTIONS:
            raise KeyError(action)
        clean = self._clean(keys)[:KEYS_PER_ACTION]
        new_keys = {**self._keys, action: clean}
        self._check(new_keys, self._snippets, changing=action)
        self._keys = new_keys
        self.changed.emit()

    def set_snippets(self, snippets: Sequence[Snippet]) -> None:
        """Replace the snippet list (snippets without text are dropped)."""
        clean = [Snippet(s.text, portable(s.key)) for s in snippets if s.text.strip()]
        self._check(self._keys, clean)
        self._snippets = clean
        self.changed.emit()

    def assign(self, other: Keymap) -> None:
        """Take over all assignments of ``other`` (e.g. from the preferences dialog's copy)."""
        self._keys = {a: list(k) for a, k in other._keys.items()}
        self._snippets = list(other._snippets)
        self.changed.emit()

    def copy(self) -> Keymap:
        """An independent copy to edit (same reserved keys)."""
        twin = Keymap(reserved=self._reserved)
        twin.assign(self)
        return twin

    def reset(self) -> None:
        """Back to the default keys and snippets."""
        self._set_defaults()
        self.changed.emit()

    # -- settings ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, parent: QObject | None = None, reserved: Mapping[str, str] | None = None) -> Keymap:
        """The keymap from the user settings. Actions missing there (new in this version) get their
        default keys unless these are taken by then; stored nonsense falls back to the defaults."""
        keymap = cls(parent, reserved)
        stored, snippets = settings.editor_keys(), settings.editor_snippets()
        if stored is None and snippets is None:
            return keymap
        keys = {a: keymap._clean(stored[a])[:KEYS_PER_ACTION] for a in ACTIONS if stored and a in stored}
        snips = [Snippet(t, portable(k)) for t, k in snippets] if snippets is not None else keymap._snippets
        taken = {k for ks in keys.values() for k in ks} | {s.key for s in snips}
        for action in ACTIONS:
            if action not in keys:
                keys[action] = [k for k in DEFAULT_KEYS[action] if k not in taken]
        try:
            keymap._check(keys, snips)
        except KeyConflict:
            return keymap
        keymap._keys, keymap._snippets = keys, snips
        return keymap

    def save(self) -> None:
        """Write the keys and snippets to the user settings."""
        settings.set_editor_keys({a: list(self._keys[a]) for a in ACTIONS},
                                 [(s.text, s.key) for s in self._snippets])

    # -- binding to a widget ----------------------------------------------------------------------
    def install(self, widget: QWidget, handlers: Mapping[str, Callable[[], None]],
                on_snippet: Callable[[str], None]) -> list[QAction]:
        """Make the keys work while ``widget`` or a child has the focus: an action's key calls its
        handler (actions without a handler stay unbound), a snippet's key calls ``on_snippet(text)``.
        The shortcuts follow later changes of the keymap. Returns the widget's actions."""
        binding = _Binding(self, widget, handlers, on_snippet)
        return binding.actions

    # -- inside -----------------------------------------------------------------------------------
    def _set_defaults(self) -> None:
        self._keys = {a: [k for k in DEFAULT_KEYS[a] if k not in self._reserved] for a in ACTIONS}
        self._snippets = [Snippet(t, k if k not in self._reserved else "") for t, k in DEFAULT_SNIPPETS]

    @staticmethod
    def _clean(keys: Sequence[QKeySequence | str]) -> list[str]:
        out: list[str] = []
        for key in keys:
            text = portable(key)
            if text and text not in out:
                out.append(text)
        return out

    def _check(self, keys: Mapping[str, Sequence[str]], snippets: Sequence[Snippet],
               changing: str | None = None) -> None:
        """Raise KeyConflict when a key has two owners (actions, snippets or the window); the
        message names the owner the key already had, so ``changing`` (the action being given new
        keys) comes after the other actions and the snippets."""
        seen: dict[str, str] = {}
        owners = [(self.label(a), k) for a in ACTIONS if a != changing for k in keys.get(a, ())]
        owners += [(self.snippet_label(s.text), s.key) for s in snippets if s.key]
        owners += [(self.label(changing), k) for k in keys.get(changing, ())] if changing else []
        for label, key in owners:
            if key in self._reserved:
                raise KeyConflict(self.tr("%1 is already used by the window for “%2”.")
                                  .replace("%1", native(key)).replace("%2", self._reserved[key]))
            if key in seen:
                raise KeyConflict(self.tr("%1 is already used for “%2”.")
                                  .replace("%1", native(key)).replace("%2", seen[key]))
            seen[key] = label


class _Binding(QObject):
    """One widget's QActions for a keymap, rebuilt when the keymap changes; dies with the widget."""

    def __init__(self, keymap: Keymap, widget: QWidget, handlers: Mapping[str, Callable[[], None]],
                 on_snippet: Callable[[str], None]) -> None:
        super().__init__(widget)
        self.keymap, self.widget = keymap, widget
        self.handlers, self.on_snippet = dict(handlers), on_snippet
        self.actions: list[QAction] = []
        self.rebuild()
        keymap.changed.connect(self.rebuild)

    def rebuild(self) -> None:
        """Replace the widget's shortcuts with the keymap's current ones."""
        for act in self.actions:
            self.widget.removeAction(act)
            act.deleteLater()
        self.actions = []
        for action in ACTIONS:
            if action in self.handlers:
                self._add(self.keymap.keys(action), lambda _checked=False, run=self.handlers[action]: run())
        for snip in self.keymap.snippets():
            if snip.key:
                self._add([snip.key], lambda _checked=False, text=snip.text: self.on_snippet(text))

    def _add(self, keys: list[str], slot: Callable[..., None]) -> None:
        act = QAction(self.widget)
        act.setShortcuts([QKeySequence.fromString(k, QKeySequence.SequenceFormat.PortableText) for k in keys])
        # only while the editor has the focus: Esc and F-keys keep their meaning elsewhere
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        self.widget.addAction(act)
        self.actions.append(act)

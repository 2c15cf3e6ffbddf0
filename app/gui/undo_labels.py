"""Undo labels in the language the window shows now, not the one they were recorded in.

The history stores each action's label as text (``history.description``). The command line has
always stored English ("Rename code"); the window passed its labels through ``self.tr`` and so
stored German when it ran in German, which an English window then showed as it was. Now:

- **recording** (:func:`stored_label`): a label in the window's language is turned back into its
  English source text with the values filled in ("Mit Wohnen codieren" → "Code with Wohnen"):
  the message ids are language-neutral keys, and the file keeps the same kind of label the
  command line writes. No new column and no new stored form: older Andocks read it as before.
- **showing** (:func:`shown_label`): an English label that matches a message of the window's
  catalogue is shown translated by the translators installed now ("Code with Wohnen" →
  "Mit Wohnen codieren" in German, unchanged in English). Anything else — a label stored in
  German by an older Andock, one the command line made up — is shown as stored, unless the core
  made it from one of its own templates (``coding/base/labels.py``: a merge, an import), which
  the core's catalogue translates.

Which messages exist comes from the shipped Qt Linguist source (``andock_de.ts``: contexts and
English sources; a compiled ``.qm`` cannot be listed). Without it labels stay as they are given.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from coding.base import labels

_PLACEHOLDER = re.compile(r"%([1-9])")
_MIN_LETTERS = 3  # "%1" or "%1 (%2)" alone would match any label: too little to recognise one by


@dataclass(frozen=True)
class Message:
    context: str
    source: str  # English, with %1, %2 … for the values


@lru_cache(maxsize=1)
def catalogue_messages() -> tuple[Message, ...]:
    """The window's messages that can name an action (from the shipped .ts source)."""
    folder = Path(str(resources.files("resources") / "i18n"))
    found: dict[tuple[str, str], Message] = {}
    for path in sorted(folder.glob("andock_*.ts")):  # every language lists the same sources
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                if message.get("numerus") != "yes" and _letters(source) >= _MIN_LETTERS:
                    found.setdefault((name, source), Message(name, source))
    return tuple(found.values())


def _letters(template: str) -> int:
    return sum(ch.isalpha() for ch in _PLACEHOLDER.sub("", template))


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _best(label: str, templates: list[tuple[str, Message]]) -> tuple[Message, dict[str, str]] | None:
    """The template ``label`` was made from; the most specific one (most fixed letters) wins."""
    messages: dict[str, Message] = {}
    for template, msg in templates:
        messages.setdefault(template, msg)
    fit = labels.best_fit(label, messages, _PLACEHOLDER)
    return None if fit is None else (messages[fit[0]], fit[1])


def _translated(msg: Message) -> str:
    return QCoreApplication.translate(msg.context, msg.source)


def stored_label(label: str) -> str:
    """What to store for ``label`` as the window shows it now: its English source, values in."""
    hit = _best(label, [(_translated(m), m) for m in catalogue_messages()])
    return _fill(hit[0].source, hit[1]) if hit else label


def shown_label(stored: str | None) -> str:
    """A stored label in the window's language now ('' for none)."""
    if not stored:
        return ""
    hit = _best(stored, [(m.source, m) for m in catalogue_messages()])
    if hit:
        return _fill(_translated(hit[0]), hit[1])
    return labels.shown(stored) or stored  # one the core named itself (a merge, an import)

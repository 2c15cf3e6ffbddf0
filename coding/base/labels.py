"""Labels of undoable actions the core names itself: stored in English, shown in the reader's language.

The history keeps each action's label as text (``history.description``). Labels the core makes
with values in them ("Merge lena.andock, murat.andock") were stored in whatever language the
process had then — German from a German window, shown so in an English one later. Now the core
stores them in English (:func:`stored`), like every other label, and :func:`shown` gives one back
in the language core messages have now, by recognising the template it was made from. Labels
the window makes go through Qt's catalogue instead (``app/gui/undo_labels.py``), which falls back
to this module for the core's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from coding.base.messages import N_, marked

MERGE = N_("Merge {copies}")
IMPORT_CODEBOOK = N_("Import codebook {name}")
IMPORT_DEMO_CODEBOOK = N_("Import demo codebook")
IMPORT_DOCUMENT = N_("Import {name}")  # one file, by its name
IMPORT_DOCUMENTS = N_("Import {n} documents")
IMPORT_VARIABLES = N_("Import variables from {name}")
TEMPLATES = (MERGE, IMPORT_CODEBOOK, IMPORT_DEMO_CODEBOOK, IMPORT_DOCUMENT, IMPORT_DOCUMENTS, IMPORT_VARIABLES)
_FIELD = re.compile(r"\{(\w+)\}")


def stored(template: str, **values: object) -> str:
    """The label to record: ``template`` (one of :data:`TEMPLATES`) in English, values filled in."""
    return template.format(**values)


@lru_cache(maxsize=4096)
def _pattern(template: str, placeholder: re.Pattern[str]) -> re.Pattern[str]:
    """A template's text as a pattern: each placeholder (its group 1 is the name) captures its
    value; a value used twice must be the same text both times."""
    regex, seen = "", set()
    for i, part in enumerate(placeholder.split(template)):  # text, name, text, name, …
        if i % 2 == 0:
            regex += re.escape(part)
        else:
            regex += f"(?P=v{part})" if part in seen else f"(?P<v{part}>.+?)"
            seen.add(part)
    return re.compile(regex + r"\Z", re.DOTALL)


def best_fit(label: str, templates: Iterable[str], placeholder: re.Pattern[str] = _FIELD
             ) -> tuple[str, dict[str, str]] | None:
    """The template ``label`` was made from and the values filled into it, or None. The most
    specific template (most fixed letters) wins, the first of equals; ``placeholder`` matches a
    template's placeholders with the name in group 1 (default ``{name}``; the window's are ``%1``)."""
    best: tuple[int, str, dict[str, str]] | None = None
    for template in templates:
        m = _pattern(template, placeholder).match(label)
        if m is not None:
            letters = sum(ch.isalpha() for ch in placeholder.sub("", template))
            if best is None or letters > best[0]:
                best = (letters, template, {k[1:]: v for k, v in m.groupdict().items()})
    return None if best is None else (best[1], best[2])


def shown(label: str) -> str | None:
    """``label`` in the current language when one of :data:`TEMPLATES` made it, else None.

    The template with the most fixed text wins ("Import codebook x" is not "Import {name}"; a
    document named "codebook x" would be taken for a codebook: a label, never data, is affected)."""
    fit = best_fit(label, TEMPLATES)
    return None if fit is None else marked(fit[0], **fit[1])

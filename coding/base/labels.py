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


@lru_cache(maxsize=None)
def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # text, field, text, field, …
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.DOTALL)


def shown(label: str) -> str | None:
    """``label`` in the current language when one of :data:`TEMPLATES` made it, else None.

    The template with the most fixed text wins ("Import codebook x" is not "Import {name}"; a
    document named "codebook x" would be taken for a codebook: a label, never data, is affected)."""
    fits = [(len(_FIELD.sub("", t)), t, m) for t in TEMPLATES if (m := _pattern(t).match(label))]
    if not fits:
        return None
    _length, template, match = max(fits, key=lambda f: f[0])
    return marked(template, **match.groupdict())

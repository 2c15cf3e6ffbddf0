"""Core messages in the user's language (gettext domain ``andock-core``).

The message ids are the English texts, so English needs no catalog; German ones are in
``resources/locale/de/LC_MESSAGES/andock-core.po``, compiled to the ``.mo`` beside it
(``python scripts/update_core_messages.py``; ``tests/coding/test_messages.py`` checks both).
The language is process-wide: the window sets its own at start, the CLI stays English unless
``ANDOCK_LANG`` says otherwise. Messages are translated when they are made (at ``raise``).
"""
from __future__ import annotations

import gettext
import logging
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)
DOMAIN = "andock-core"
LANGUAGES = ("de", "en")


def locale_dir() -> Path:
    """Folder of the shipped message catalogs (resources/locale)."""
    return Path(str(resources.files("resources") / "locale"))


def load_catalog(domain: str, lang: str) -> gettext.NullTranslations:
    """The catalog of ``domain`` for ``lang``; English is the message ids themselves."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, str(locale_dir()), languages=[lang])


# one tuple, replaced as a whole: a thread formatting a message sees the old or the new language
_active: tuple[str, gettext.NullTranslations] = ("en", gettext.NullTranslations())


def set_language(lang: str | None) -> None:
    """Translate core messages into ``lang`` from now on (None, "" or unknown: English)."""
    global _active
    code = (lang or "en").strip().lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        code = "en"
    try:
        catalog = load_catalog(DOMAIN, code)
    except OSError:  # a catalog missing from the installation must not stop the window
        log.warning("no %s messages for %r in %s; using English", DOMAIN, code, locale_dir())
        code, catalog = "en", gettext.NullTranslations()
    _active = (code, catalog)


def current_language() -> str:
    """The language core messages are given in now (``de`` or ``en``)."""
    return _active[0]


def _(message: str, **values: object) -> str:
    """``message`` in the current language, with its ``{name}`` placeholders filled in."""
    text = _active[1].gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark now, translate later"
    """``message`` unchanged, marked for the catalogue: for texts stored in English and
    translated when shown (:func:`marked`), such as the core's own undo labels."""
    return message


def marked(message: str, **values: object) -> str:
    """A message marked with :func:`N_` where it was defined, in the current language now."""
    text = _active[1].gettext(message)
    return text.format(**values) if values else text


def _n(singular: str, plural: str, n: int, **values: object) -> str:
    """Singular or plural form for ``n`` in the current language; ``{n}`` is filled in too."""
    return _active[1].ngettext(singular, plural, n).format(n=n, **values)

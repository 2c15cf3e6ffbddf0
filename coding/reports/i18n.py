"""Report texts in German or English (gettext catalogs) and number formats per language.

The message ids are the English texts; ``resources/locale/de/LC_MESSAGES/andock-reports.po``
holds the German ones, compiled to the ``.mo`` next to it (``msgfmt``; a test checks both agree).
"""
from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date

from coding.base.errors import InputError
from coding.base.messages import _, load_catalog, locale_dir  # noqa: F401 - locale_dir: used by the tests

DOMAIN = "andock-reports"
LANGUAGES = ("de", "en")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


@dataclass(frozen=True)
class Texts:
    """Translations and number formats of one report language."""

    lang: str
    catalog: gettext.NullTranslations

    def __call__(self, message: str, **values: object) -> str:
        """The translated message, with ``{name}`` placeholders filled in."""
        text = self.catalog.gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, n: int, **values: object) -> str:
        """Singular or plural form for ``n``; ``{n}`` is formatted as a number."""
        return self.catalog.ngettext(singular, plural, n).format(n=self.num(n), **values)

    def num(self, n: int) -> str:
        """``3.000`` in German, ``3,000`` in English."""
        text = f"{n:,}"
        return text.replace(",", ".") if self.lang == "de" else text

    def dec(self, x: float, places: int = 1) -> str:
        """A decimal with a comma in German (``1,25``), a point in English."""
        text = f"{x:,.{places}f}"
        if self.lang == "de":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def pct(self, share: float | None) -> str:
        """A share as a whole percentage: ``75 %`` (German, no-break space) or ``75%``."""
        if share is None:
            return "–"
        value = round(share * 100)
        # DIN 5008 writes a space before %; a no-break one keeps number and sign together (not
        # U+202F: reportlab breaks lines at that one)
        return f"{value}\u00a0%" if self.lang == "de" else f"{value}%"

    def date(self, d: date) -> str:
        """``25.11.2026`` in German, ``25 November 2026`` in English."""
        return f"{d.day:02d}.{d.month:02d}.{d.year}" if self.lang == "de" else \
            f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"

    def quoted(self, text: str) -> str:
        """Text in the language's quotation marks: „…“ or “…”."""
        return f"„{text}“" if self.lang == "de" else f"“{text}”"


_cache: dict[str, Texts] = {}


def texts(lang: str) -> Texts:
    """The report texts for ``de`` or ``en`` (InputError for anything else)."""
    if lang not in LANGUAGES:
        raise InputError(_("unknown report language '{lang}' (use {choices})", lang=lang,
                           choices=" or ".join(LANGUAGES)))
    if lang not in _cache:
        _cache[lang] = Texts(lang, load_catalog(DOMAIN, lang))
    return _cache[lang]

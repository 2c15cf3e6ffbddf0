"""Report texts: the German catalog is complete, compiled and keeps its placeholders; number formats."""
from __future__ import annotations

import ast
import gettext
import re
from datetime import date
from pathlib import Path

import pytest

from coding.base.errors import InputError
from coding.reports.i18n import DOMAIN, locale_dir, texts

SOURCES = Path(__file__).resolve().parents[2] / "coding" / "reports"
PO = locale_dir() / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")


def used_messages() -> dict[str, str | None]:
    """Message ids passed to ``t(...)`` / ``t.plural(...)`` in the report sources (plural -> its plural id)."""
    found: dict[str, str | None] = {}
    for path in SOURCES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "t" and args:
                found[args[0]] = None
            elif name == "plural" and len(args) >= 2:
                found[args[0]] = args[1]
    return found


def read_po(path: Path) -> dict[str, list[str]]:
    """msgid -> [msgstr] or [msgstr[0], msgstr[1]] from a .po file (the subset of the format used here)."""
    entries: dict[str, list[str]] = {}
    key, field, current = None, None, {}
    def flush():
        if "msgid" in current and current["msgid"]:
            entries[current["msgid"]] = [current[k] for k in sorted(current) if k.startswith("msgstr")]
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
            current = {}
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line)
        if m:
            field = m.group(1)
            current[field] = ast.literal_eval(m.group(2))
        else:
            current[field] += ast.literal_eval(line)
    return entries


def test_every_report_text_is_translated_with_its_placeholders():
    po = read_po(PO)
    used = used_messages()
    assert len(used) > 40
    missing = sorted(set(used) - set(po))
    assert not missing, f"add to {PO.name}: {missing}"
    unused = sorted(set(po) - set(used))
    assert not unused, f"no longer used, remove from {PO.name}: {unused}"
    for msgid, translations in po.items():
        assert all(translations), f"untranslated: {msgid}"
        wanted = set(re.findall(r"\{\w+\}", msgid))
        for text in translations:
            assert set(re.findall(r"\{\w+\}", text)) == wanted, f"placeholders differ: {msgid} / {text}"
        assert (len(translations) == 2) == (used[msgid] is not None), msgid


def test_compiled_catalog_matches_the_po_file():
    """The .mo is what msgfmt makes of the .po (recompile after editing: see the .po header)."""
    with MO.open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    used = used_messages()
    for msgid, translations in read_po(PO).items():
        if len(translations) == 1:
            assert catalog.gettext(msgid) == translations[0], msgid
        else:
            assert catalog.ngettext(msgid, used[msgid], 1) == translations[0]
            assert catalog.ngettext(msgid, used[msgid], 5) == translations[1]


def test_number_and_date_formats():
    de, en = texts("de"), texts("en")
    assert (de.num(3000), en.num(3000)) == ("3.000", "3,000")
    assert (de.dec(1234.5, 1), en.dec(1234.5, 1)) == ("1.234,5", "1,234.5")
    assert (de.pct(0.625), en.pct(0.625), de.pct(None)) == ("62\u00a0%", "62%", "–")
    assert (de.date(date(2026, 3, 5)), en.date(date(2026, 3, 5))) == ("05.03.2026", "5 March 2026")
    assert (de.quoted("Zitat"), en.quoted("quote")) == ("„Zitat“", "“quote”")
    assert de.plural("{n} segment", "{n} segments", 1) == "1 Segment"
    assert de.plural("{n} segment", "{n} segments", 1200) == "1.200 Segmente"
    assert en.plural("{n} segment", "{n} segments", 2) == "2 segments"
    assert de("Page {page} of {pages}", page=2, pages=9) == "Seite 2 von 9"


def test_unknown_language_is_refused():
    with pytest.raises(InputError, match="de or en"):
        texts("fr")

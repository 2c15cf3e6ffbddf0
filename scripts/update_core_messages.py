"""Update the core's message catalog: extract ``_()`` texts into andock-core.po, compile the .mo.

Usage (from the repository root; needs ``xgettext``, ``msgmerge`` and ``msgfmt`` from the Debian
package ``gettext``)::

    python scripts/update_core_messages.py          # update andock-core.po, compile andock-core.mo
    python scripts/update_core_messages.py --check  # exit 1 if either file is out of date

1. ``xgettext`` collects every ``_("…")`` and ``_n("…", "…", n)`` in ``coding/`` (see
   ``coding/messages.py``); ``msgmerge`` merges them into
   ``resources/locale/de/LC_MESSAGES/andock-core.po``: translations are kept, new texts come in
   with an empty ``msgstr``, texts no longer used are dropped. No source locations are written, so
   moving code does not change the file.
2. Translate the new entries (empty ``msgstr``; keep every ``{placeholder}``; the German QDA words
   of ``resources/i18n/andock_de.ts``), then run the script again: ``msgfmt`` compiles the .mo.

``tests/coding/test_messages.py`` fails when a text has no German translation, a translation loses
a placeholder, or the .mo was not recompiled.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# UTF-8 for the tools' own output; their warning about non-ASCII message ids (“…”, „…“) is expected
ENV = {**os.environ, "LC_ALL": "C.UTF-8"}
SOURCE_DIRS = ("coding",)
DOMAIN = "andock-core"
LANGUAGES = ("de",)
HEADER = """# German texts of Andock's core messages (errors and warnings of coding/).
# The message ids are the English texts. Update and compile: python scripts/update_core_messages.py
# (tests/coding/test_messages.py checks that the .mo matches and that every text is translated)
"""
NEW_PO_HEADER = HEADER + r'''msgid ""
msgstr ""
"Project-Id-Version: Andock core\n"
"Language: {lang}\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
'''


def tool(name: str) -> str:
    """Path of a gettext program, or exit with what to install."""
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install gettext (apt-get install gettext)")
    return found


def sources() -> list[str]:
    """The Python files scanned for messages, relative to the repository root, sorted."""
    return sorted(str(p.relative_to(ROOT)) for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py"))


def po_path(lang: str, folder: Path | None = None) -> Path:
    return (folder or ROOT / "resources" / "locale" / lang / "LC_MESSAGES") / f"{DOMAIN}.po"


def extract(pot: Path) -> None:
    """Write every ``_()``/``_n()`` text of the sources into ``pot``."""
    subprocess.run([tool("xgettext"), "-L", "Python", "--from-code=UTF-8", "--keyword=_",
                    "--keyword=_n:1,2", "--keyword=N_", "--no-location", "--sort-output", "--no-wrap",
                    "-o", str(pot), *sources()], cwd=ROOT, env=ENV, check=True,
                   stderr=subprocess.PIPE, text=True)


def merge(po: Path, pot: Path, lang: str) -> None:
    """Merge ``pot`` into ``po`` (created if missing), keeping translations, dropping unused ones."""
    if not po.exists():
        po.write_text(NEW_PO_HEADER.replace("{lang}", lang), encoding="utf-8")
    subprocess.run([tool("msgmerge"), "--quiet", "--update", "--backup=none", "--no-location",
                    "--sort-output", "--no-wrap", "--no-fuzzy-matching", str(po), str(pot)],
                   env=ENV, check=True)
    text = po.read_text(encoding="utf-8")
    # obsolete entries, with their flag and comment lines: the old text stays in git history
    text = re.sub(r"(?m)^(?:#[,.:| ].*\n)*(?:#~.*\n)+", "", text)
    # the creation date would make every run a change
    text = re.sub(r'(?m)^"(POT-Creation-Date|Report-Msgid-Bugs-To): .*\n', "", text)
    po.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def compile_mo(po: Path, mo: Path) -> None:
    subprocess.run([tool("msgfmt"), "--check-format", "-o", str(mo), str(po)], env=ENV, check=True)


def update(lang: str, folder: Path | None = None) -> None:
    """Update one language's .po and .mo (in ``folder``, default resources/locale/LANG)."""
    po = po_path(lang, folder)
    po.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / f"{DOMAIN}.pot"
        extract(pot)
        merge(po, pot, lang)
    compile_mo(po, po.with_suffix(".mo"))


def check(lang: str) -> list[str]:
    """What ``update(lang)`` would change (empty list: all up to date)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if po_path(lang).exists():
            shutil.copyfile(po_path(lang), po_path(lang, folder))
        update(lang, folder)
        for new, old in ((po_path(lang, folder), po_path(lang)),
                         (po_path(lang, folder).with_suffix(".mo"), po_path(lang).with_suffix(".mo"))):
            if not old.exists() or not filecmp.cmp(new, old, shallow=False):
                problems.append(f"{old.relative_to(ROOT)} is out of date")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date files (exit 1)")
    args = parser.parse_args(argv)
    if args.check:
        problems = [p for lang in LANGUAGES for p in check(lang)]
        for p in problems:
            print(p, "- run: python scripts/update_core_messages.py", file=sys.stderr)
        return 1 if problems else 0
    for lang in LANGUAGES:
        update(lang)
        print(f"updated {po_path(lang).relative_to(ROOT)} and its .mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Update the GUI translations: extract strings into the .ts file and compile it into the .qm file.

Usage (from the repository root, with the virtual environment's Python)::

    python scripts/update_translations.py          # update andock_de.ts, compile andock_de.qm
    python scripts/update_translations.py --check  # exit 1 if either file is out of date

What it does, in this order:

1. ``pyside6-lupdate`` scans ``app/gui/*.py`` for ``self.tr(...)`` calls and merges the strings into
   ``resources/i18n/andock_de.ts``. Existing translations are kept; new strings are added as
   ``type="unfinished"``; strings that no longer occur in the code are dropped (``-no-obsolete``; the
   old translation stays in git history). Source locations are not written (``-locations none``), so
   moving code around does not change the .ts file.
2. ``pyside6-lrelease`` compiles the .ts file into ``resources/i18n/andock_de.qm``, which the app
   loads at start (``app.gui.app.install_translators``).

Running it twice changes nothing the second time (idempotent).

How a developer adds a translatable string
------------------------------------------
1. In a QObject subclass under ``app/gui/``, wrap the English text in ``self.tr("…")`` — a plain
   string literal, never an f-string or a concatenation, or lupdate cannot see it. Put values in
   with placeholders: ``self.tr("Group by %1").replace("%1", name)`` (Python's ``tr`` has no
   ``.arg()``). For counts use Qt's plural form: ``self.tr("%n segment(s)", "", count)``.
   Strings in a mixin (e.g. ``CodingActions``) work too: PySide's ``tr()`` tries every class in the
   instance's MRO as translation context, so the mixin's context is found.
2. Run ``python scripts/update_translations.py``.
3. Translate the new entries in ``resources/i18n/andock_de.ts``: with Qt Linguist
   (``pyside6-linguist resources/i18n/andock_de.ts``; mark each entry done) or in a text editor —
   replace ``<translation type="unfinished"></translation>`` with ``<translation>…</translation>``;
   for ``%n`` strings fill both ``<numerusform>`` elements (singular, plural). Use the German QDA
   vocabulary already in the file (Code, Codesystem, Segment, codieren, Dokument, Memo,
   Ankerbeispiel, Codierer*in, …), keep every placeholder and give each menu's accelerators (&)
   distinct letters.
4. Run the script again to compile the .qm file, and commit both files.

``tests/app/gui/test_translations.py`` fails when a string is missing from the .ts file, left
unfinished, loses a placeholder, or when the .qm file was not recompiled.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "app" / "gui"
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ("de",)


def tool(name: str) -> str:
    """Path of a Qt tool (``lupdate``, ``lrelease``) shipped with PySide6, else one on PATH."""
    try:
        import PySide6
        exe = Path(PySide6.__file__).resolve().parent / (name + (".exe" if os.name == "nt" else ""))
        if exe.is_file():
            return str(exe)
    except ImportError:
        pass
    for candidate in (f"pyside6-{name}", name):
        found = shutil.which(candidate)
        if found:
            return found
    sys.exit(f"{name} not found: install PySide6 (pip install PySide6-Essentials)")


def sources() -> list[Path]:
    """The Python files scanned for translatable strings (sorted, so output is stable)."""
    return sorted(SOURCES_DIR.glob("*.py"))


def ts_path(lang: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"andock_{lang}.ts"


def qm_path(lang: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"andock_{lang}.qm"


def run_lupdate(ts: Path, lang: str, files: list[Path] | None = None) -> None:
    """Merge the strings of ``files`` (default: app/gui/*.py) into ``ts`` (created if missing)."""
    files = sources() if files is None else files
    subprocess.run([tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", lang,
                    *map(str, files), "-ts", str(ts)], check=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts`` into ``qm``."""
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def update(lang: str) -> None:
    """Update one language's .ts and .qm in resources/i18n."""
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    run_lupdate(ts_path(lang), lang)
    run_lrelease(ts_path(lang), qm_path(lang))


def check(lang: str) -> list[str]:
    """What ``update(lang)`` would change (empty list: all up to date)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        ts_tmp, qm_tmp = ts_path(lang, Path(tmp)), qm_path(lang, Path(tmp))
        if ts_path(lang).exists():
            shutil.copyfile(ts_path(lang), ts_tmp)
        run_lupdate(ts_tmp, lang)
        run_lrelease(ts_tmp, qm_tmp)
        for new, old in ((ts_tmp, ts_path(lang)), (qm_tmp, qm_path(lang))):
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
            print(p, "- run: python scripts/update_translations.py", file=sys.stderr)
        return 1 if problems else 0
    for lang in LANGUAGES:
        update(lang)
        print(f"updated {ts_path(lang).relative_to(ROOT)} and {qm_path(lang).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

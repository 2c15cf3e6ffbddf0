"""Core messages: the German catalog is complete, compiled and keeps its placeholders; _() follows set_language."""
from __future__ import annotations

import ast
import gettext
import os
import re
import stat
from pathlib import Path

import pytest

from coding.services import codes
from coding.base import messages
from coding.base.errors import ConflictError, NotFoundError, ProjectFileError
from coding.base.messages import DOMAIN, _, _n, current_language, locale_dir, set_language
from coding.store.project import Project
from tests.coding.test_reports_i18n import read_po

CORE = Path(__file__).resolve().parents[2] / "coding"
PO = locale_dir() / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
_SCOPES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda, ast.FunctionDef,
           ast.AsyncFunctionDef)


@pytest.fixture(autouse=True)
def english_afterwards():
    """The language is process-wide: every test leaves it English, as the CLI expects."""
    yield
    set_language("en")


def _calls() -> list[tuple[str, ast.Call]]:
    return [(f"{path.relative_to(CORE.parent)}:{node.lineno}", node)
            for path in sorted(CORE.rglob("*.py"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_n", "N_")]


def used_messages() -> dict[str, str | None]:
    """Message ids of every ``_()`` / ``_n()`` / ``N_()`` in coding/ (plural -> its plural id)."""
    found: dict[str, str | None] = {}
    for _where, call in _calls():
        args = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        found[args[0]] = args[1] if call.func.id == "_n" else None
    return found


def placeholders(text: str) -> list[str]:
    """The ``{name…}`` fields of a format string, sorted (``{{`` is a literal brace)."""
    return sorted(re.findall(r"(?<!\{)\{[^{}]*\}", text.replace("{{", "").replace("}}", "")))


def test_every_message_is_a_literal():
    """xgettext sees only plain string literals: an f-string or a variable would stay English."""
    bad = [where for where, call in _calls()
           if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str)]
    assert not bad, f"use _(\"text {{name}}\", name=value): {bad}"


def test_every_core_error_message_goes_through_the_catalog():
    """``raise InputError(f"…")`` would reach a German window in English."""
    errors = {"AndockError", "InputError", "NotFoundError", "ConflictError", "ProjectVersionError",
              "Cancelled", "ProjectFileError", "ProjectDamagedError", "ProjectReplacedError"}
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in errors
                    and node.args and isinstance(node.args[0], (ast.JoinedStr, ast.Constant))):
                bad.append(f"{path.relative_to(CORE.parent)}:{node.lineno}")
    assert not bad, f"wrap the message in _(): {bad}"


def test_no_function_hides_the_translation_function():
    """``for _, x in ...`` in a function that calls _() would make _ a local: a crash at the raise."""
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            own, stack = [], list(ast.iter_child_nodes(fn))
            while stack:
                node = stack.pop()
                own.append(node)
                if not isinstance(node, _SCOPES):
                    stack.extend(ast.iter_child_nodes(node))
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in own)
            calls = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Load) for n in ast.walk(fn))
            if binds and calls:
                bad.append(f"{path.name}:{fn.name}")
    assert not bad, f"rename the throwaway variable _ in: {bad}"


def test_every_message_is_translated_with_its_placeholders():
    po = read_po(PO)
    used = used_messages()
    assert len(used) > 200
    missing = sorted(set(used) - set(po))
    assert not missing, f"run scripts/update_core_messages.py and translate: {missing}"
    unused = sorted(set(po) - set(used))
    assert not unused, f"no longer used, run scripts/update_core_messages.py: {unused}"
    for msgid, translations in po.items():
        assert all(translations), f"untranslated: {msgid}"
        for text in translations:
            assert placeholders(text) == placeholders(msgid), f"placeholders differ: {msgid} / {text}"
        assert (len(translations) == 2) == (used[msgid] is not None), msgid


def test_compiled_catalog_matches_the_po_file():
    """The .mo is what msgfmt makes of the .po (run scripts/update_core_messages.py after editing)."""
    with MO.open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    used = used_messages()
    for msgid, translations in read_po(PO).items():
        if len(translations) == 1:
            assert catalog.gettext(msgid) == translations[0], msgid
        else:
            assert catalog.ngettext(msgid, used[msgid], 1) == translations[0]
            assert catalog.ngettext(msgid, used[msgid], 5) == translations[1]


def test_language_switches_and_defaults_to_english():
    assert current_language() == "en"
    for lang, want in (("de", "de"), ("de_DE.UTF-8", "de"), ("en", "en"), (None, "en"), ("", "en"),
                       ("fr", "en")):
        set_language(lang)
        assert current_language() == want, lang
    set_language("de")
    assert _("{path}: no such project file", path="p.andock") == "p.andock: keine solche Projektdatei"
    assert _("no code with id {key}", key=7) == "kein Code mit der ID 7"
    shortened = "{n} coding(s) shortened"
    assert (_n(shortened, shortened, 1), _n(shortened, shortened, 3)) == ("1 Codierung gekürzt",
                                                                          "3 Codierungen gekürzt")
    from coding.store.presence import Holder
    holder = Holder(user="lena", host="laptop", pid=1, since="2026-12-05T09:15:00+00:00", role="window",
                    started=0.0)
    assert holder.describe().startswith("Fenster von lena auf laptop seit 2026-12-05 ")
    set_language("en")
    assert holder.describe().startswith("window of lena on laptop since 2026-12-05 ")
    assert _("{path}: no such project file", path="p.andock") == "p.andock: no such project file"
    assert _n(shortened, shortened, 1) == "1 coding(s) shortened"


def test_real_errors_come_in_the_chosen_language(tmp_path):
    path = tmp_path / "studie.andock"
    with Project.create(path, "Studie") as proj:
        with proj.action("setup") as act:
            codes.create_code(act, "Schule")
        set_language("de")
        with pytest.raises(ConflictError, match="^auf dieser Ebene gibt es bereits einen Code „Schule“$"):
            with proj.action("again") as act:
                codes.create_code(act, "Schule")
        with proj.read() as conn, pytest.raises(NotFoundError,
                                                match="^kein Code „Wohnen“ im Pfad „Schule/Wohnen“$"):
            codes.find_by_path(conn, "Schule/Wohnen")
        set_language("en")
        with pytest.raises(ConflictError, match="^a code named 'Schule' exists already at this level$"):
            with proj.action("again") as act:
                codes.create_code(act, "Schule")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_read_only_project_is_refused_in_german(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "studie.andock"
    Project.create(path, "Studie").close()
    path.chmod(stat.S_IRUSR)
    cmd = [sys.executable, "-m", "app.cli", "info", str(path)]
    if os.geteuid() == 0:  # root ignores permissions unless it gives up that power (as CI runs)
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *cmd]
    env = dict(os.environ, ANDOCK_LANG="de", PYTHONUTF8="1")
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith("andock: studie.andock ist schreibgeschützt (Dateirechte)"), out.stderr


def test_writing_to_a_read_only_project_is_refused_in_german(tmp_path):
    path = tmp_path / "studie.andock"
    Project.create(path, "Studie").close()
    set_language("de")
    with Project.open(path, read_only=True) as proj:
        with pytest.raises(ProjectFileError, match=r"^studie\.andock ist schreibgeschützt geöffnet: "):
            with proj.action("add") as act:
                codes.create_code(act, "Schule")


def test_a_missing_catalog_means_english_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "locale_dir", lambda: tmp_path)  # an installation without .mo files
    set_language("de")
    assert current_language() == "en" and _("codes") == "codes"


def test_messages_module_keeps_the_language_in_one_swappable_value():
    """The window's threads read the language while it may change: one tuple, replaced whole."""
    set_language("de")
    lang, catalog = messages._active
    assert lang == "de" and catalog.gettext("codes") == "Codes"

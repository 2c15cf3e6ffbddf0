"""The command line speaks English unless ANDOCK_LANG asks for German (the core's messages)."""
from __future__ import annotations

from tests.conftest import andock_process


def test_core_errors_are_german_with_andock_lang_and_english_without(tmp_path):
    proj = tmp_path / "studie.andock"
    assert andock_process("new", proj, "--name", "Studie").returncode == 0
    args = ("code", proj, "--doc", "NOPE", "--code", "Thema", "--start", "0", "--end", "5")
    german = andock_process(*args, env={"ANDOCK_LANG": "de"})
    assert german.returncode == 1
    assert german.stderr.strip() == "andock: kein Dokument namens „NOPE“"
    english = andock_process(*args, env={"ANDOCK_LANG": ""})
    assert (english.returncode, english.stderr.strip()) == (1, "andock: no document named 'NOPE'")


def test_in_process_cli_resets_to_english(tmp_path, cli, monkeypatch):
    """A German window earlier in the same process must not make the CLI German."""
    from coding.base.messages import current_language, set_language

    set_language("de")
    monkeypatch.delenv("ANDOCK_LANG", raising=False)
    code, _out, err = cli("info", tmp_path / "missing.andock")
    assert current_language() == "en"
    assert code == 1 and err.strip() == f"andock: {tmp_path / 'missing.andock'}: no such project file"

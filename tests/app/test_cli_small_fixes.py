"""Small things a new user tripped over on the command line (issue 13, "fixes found on the way")."""
from __future__ import annotations

from tests.conftest import write

TRANSCRIPT = "I: Wie geht es? #00:00:02-0#\n\nB: Gut, danke – und Ihnen? 🏘️ #00:00:05-5#\n"


def test_a_project_is_found_by_the_name_it_was_created_with(tmp_path, cli):
    code, out, err = cli("new", tmp_path / "meinprojekt")
    assert code == 0, err
    assert (tmp_path / "meinprojekt.andock").is_file()
    code, out, err = cli("info", tmp_path / "meinprojekt")
    assert code == 0 and "meinprojekt.andock" in out, err


def test_swapped_start_and_end_are_named_as_such(tmp_path, cli):
    proj = tmp_path / "p.andock"
    assert cli("new", proj)[0] == 0
    assert cli("import", proj, write(tmp_path / "K01.txt", TRANSCRIPT, "utf-8"))[0] == 0
    assert cli("code-new", proj, "Zugänge")[0] == 0
    code, _out, err = cli("code", proj, "--doc", "K01", "--code", "Zugänge", "--start", "20", "--end", "10")
    assert code == 1 and "did you swap them?" in err and "outside" not in err
    code, _out, err = cli("code", proj, "--doc", "K01", "--code", "Zugänge", "--start", "10", "--end", "9999")
    assert code == 1 and "outside the document" in err


def test_show_writes_the_stored_text_exactly_into_a_pipe(tmp_path, cli):
    proj = tmp_path / "p.andock"
    assert cli("new", proj)[0] == 0
    assert cli("import", proj, write(tmp_path / "K01.txt", TRANSCRIPT, "utf-8"))[0] == 0
    code, out, _err = cli("show", proj, "--doc", "K01")
    assert code == 0 and out.endswith("Ihnen? 🏘️")  # no newline added: positions refer to it

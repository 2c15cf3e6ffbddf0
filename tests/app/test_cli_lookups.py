"""Names a new user mistypes on the command line (issue 13): a coder is never created by a typo,
and an unknown code, document or coder name is answered with the closest existing ones."""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, andock_process, write

TRANSCRIPT = "I: Wie geht es? #00:00:02-0#\n\nB: Gut, danke – und Ihnen? 🏘️ #00:00:05-5#\n"


@pytest.fixture
def proj(tmp_path, cli) -> Path:
    """Two interviews, codes Zugang, Zugang/Beratung and Hürden, one coding by Anna."""
    proj = tmp_path / "p.andock"
    assert cli("new", proj)[0] == 0
    assert cli("import", proj, write(tmp_path / "K01.txt", TRANSCRIPT), write(tmp_path / "K02.txt", TRANSCRIPT),
               "--var", "Gruppe=kommunal")[0] == 0
    for path in ("Zugang", "Zugang/Beratung", "Hürden"):
        assert cli("code-new", proj, path)[0] == 0
    code, _out, err = cli("code", proj, "--doc", "K01", "--code", "Zugang", "--start", 0, "--end", 5,
                          "--coder", "Anna")
    assert code == 0, err
    return proj


def state(cli, proj: Path) -> tuple[list[str], str]:
    """The coders and all codings, to check that a refused command changed nothing."""
    coders = [c["name"] for c in json.loads(cli("coders", proj, "--json")[1])]
    return coders, cli("segments", proj, "--json")[1]


def test_the_first_coder_of_a_project_is_created_with_a_note(tmp_path, cli):
    proj = tmp_path / "p.andock"
    assert cli("new", proj)[0] == 0
    assert cli("import", proj, write(tmp_path / "K01.txt", TRANSCRIPT))[0] == 0
    assert cli("code-new", proj, "Zugang")[0] == 0
    code, out, err = cli("code", proj, "--doc", "K01", "--code", "Zugang", "--start", 0, "--end", 5,
                         "--coder", "Anna")
    assert code == 0 and out.startswith("Coded 0-5"), err
    assert err.strip() == "andock: note: created coder 'Anna', the project's first coder"
    assert state(cli, proj)[0] == ["Anna"]


def test_a_mistyped_coder_is_refused_and_suggests_the_closest_names(proj, cli):
    before = state(cli, proj)
    code, out, err = cli("code", proj, "--doc", "K01", "--code", "Zugang", "--start", 6, "--end", 9,
                         "--coder", "Anan")
    assert (code, out) == (1, "")
    assert err.strip() == ("andock: no coder named 'Anan'. Did you mean: 'Anna'? "
                           "A new coder needs --new-coder.")
    assert state(cli, proj) == before  # no coder, no coding


def test_new_coder_creates_the_coder_and_codes(proj, cli):
    code, _out, err = cli("code", proj, "--doc", "K01", "--code", "Zugang", "--start", 6, "--end", 9,
                          "--coder", "Anan", "--new-coder")
    assert code == 0 and err == ""
    coders, segments = state(cli, proj)
    assert coders == ["Anan", "Anna"] and [s["coder"] for s in json.loads(segments)] == ["Anna", "Anan"]
    # --new-coder with a name that exists: that coder, nothing new
    assert cli("code", proj, "--doc", "K02", "--code", "Zugang", "--start", 0, "--end", 3,
               "--coder", "Anna", "--new-coder")[0] == 0
    assert state(cli, proj)[0] == ["Anan", "Anna"]


def _code_on_a_terminal(proj: Path, answer: str) -> tuple[int, str]:
    """``andock code --coder Anan`` in its own process on a real terminal (a pty); what it showed."""
    primary, secondary = os.openpty()
    try:
        os.write(primary, answer.encode() + b"\n")
        proc = subprocess.run([sys.executable, "-m", "app.cli", "code", str(proj), "--doc", "K01", "--code",
                               "Zugang", "--start", "6", "--end", "9", "--coder", "Anan"],
                              stdin=secondary, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                              env=dict(os.environ, PYTHONUTF8="1"), timeout=120)
    finally:
        os.close(primary)
        os.close(secondary)
    return proc.returncode, proc.stdout + proc.stderr


def test_on_a_terminal_a_new_coder_is_asked_for(proj, cli):
    before = state(cli, proj)
    code, shown = _code_on_a_terminal(proj, "n")
    assert code == 1 and "Create coder 'Anan'? [y/N]" in shown and "Did you mean: 'Anna'?" in shown
    assert state(cli, proj) == before
    code, shown = _code_on_a_terminal(proj, "y")
    assert code == 0 and "Coded 6-9" in shown
    assert state(cli, proj)[0] == ["Anan", "Anna"]


def test_the_same_question_refused_without_a_terminal(proj):
    """A script (stdin not a terminal) gets the error, not a question it cannot answer."""
    proc = subprocess.run([sys.executable, "-m", "app.cli", "code", str(proj), "--doc", "K01", "--code", "Zugang",
                           "--start", "6", "--end", "9", "--coder", "Anan"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          env=dict(os.environ, PYTHONUTF8="1"), timeout=120)
    assert proc.returncode == 1 and "Did you mean: 'Anna'?" in proc.stderr and "[y/N]" not in proc.stdout


@pytest.mark.parametrize("args", [
    ["uncode", "{p}", "--doc", "K01", "--code", "Zugang", "--start", "0", "--end", "5", "--coder", "Anan"],
    ["codes", "{p}", "--coder", "Anan"],
    ["segments", "{p}", "--coder", "Anna", "--coder", "Anan"],
    ["matrix", "{p}", "--by", "document", "--coder", "Anan"],
    ["cooccurrence", "{p}", "--coder", "Anan"],
    ["report", "{p}", "--kind", "segments", "--coder", "Anan", "-o", "{t}/r.docx"],
    ["quotes", "{p}", "--code", "Zugang", "--coder", "Anan", "-o", "{t}/q.csv"],
    ["agreement", "{p}", "--coders", "Anna", "Anan"],
    ["undo", "{p}", "--coder", "Anan"],
    ["redo", "{p}", "--coder", "Anan"],
    ["coders", "{p}", "--use", "Anan"],
])
def test_every_coder_option_suggests_the_closest_names(proj, cli, tmp_path, args):
    before = state(cli, proj)
    code, _out, err = cli(*[a.format(p=proj, t=tmp_path) for a in args])
    assert code == 1 and "no coder named 'Anan'. Did you mean: 'Anna'?" in err, err
    assert state(cli, proj) == before


@pytest.mark.parametrize("args,message", [
    (["code", "{p}", "--doc", "K01", "--code", "Zugnag", "--start", "0", "--end", "3"],
     "no code 'Zugnag'. Did you mean: 'Zugang', 'Zugang/Beratung'?"),
    (["code", "{p}", "--doc", "K01", "--code", "Zugang/Beratnug", "--start", "0", "--end", "3"],
     "no code 'Beratnug' in path 'Zugang/Beratnug'. Did you mean: 'Zugang/Beratung'?"),
    (["code", "{p}", "--doc", "K01", "--code", "Beratung", "--start", "0", "--end", "3"],
     "no code 'Beratung'. Did you mean: 'Zugang/Beratung'?"),  # a subcode without its parent
    (["segments", "{p}", "--code", "hürden"], "no code 'hürden'. Did you mean: 'Hürden'?"),
    (["code-rename", "{p}", "Hürdn", "Barrieren"], "no code 'Hürdn'. Did you mean: 'Hürden'?"),
    (["code-delete", "{p}", "Zugnag", "--yes"], "Did you mean: 'Zugang', 'Zugang/Beratung'?"),
    (["memo", "{p}", "Text", "--code", "Zugnag"], "Did you mean: 'Zugang', 'Zugang/Beratung'?"),
    (["matrix", "{p}", "--by", "Gruppe", "--code", "Zugnag"], "Did you mean: 'Zugang', 'Zugang/Beratung'?"),
    (["quotes", "{p}", "--code", "Zugnag", "-o", "{t}/q.csv"], "Did you mean: 'Zugang', 'Zugang/Beratung'?"),
    (["code", "{p}", "--doc", "K0l", "--code", "Zugang", "--start", "0", "--end", "3"],
     "no document named 'K0l'. Did you mean: 'K01', 'K02'?"),
    (["show", "{p}", "--doc", "k02"], "no document named 'k02'. Did you mean: 'K02'?"),
    (["segments", "{p}", "--doc", "K03"], "Did you mean: 'K01', 'K02'?"),
    (["doc-rename", "{p}", "--doc", "K0", "K03"], "Did you mean: 'K01', 'K02'?"),
    (["show", "{p}", "--doc", "Nichts dergleichen"], "no document named 'Nichts dergleichen'\n"),  # none close
    (["matrix", "{p}", "--by", "Grupe"], "no variable named 'Grupe'. Did you mean: 'Gruppe'?"),
    (["report", "{p}", "--kind", "comparison", "--by", "gruppen", "-o", "{t}/r.docx"],
     "no variable named 'gruppen'. Did you mean: 'Gruppe'?"),
    (["segments", "{p}", "--var", "Grupe=kommunal"], "no variable named 'Grupe'. Did you mean: 'Gruppe'?"),
    (["matrix", "{p}", "--by", "Farbe"], "no variable named 'Farbe'\n"),  # none close
])
def test_unknown_codes_and_documents_suggest_the_closest_names(proj, cli, tmp_path, args, message):
    before = state(cli, proj)
    code, _out, err = cli(*[a.format(p=proj, t=tmp_path) for a in args])
    assert code == 1 and message in err, err
    assert err.count("\n") == 1
    assert state(cli, proj) == before


def test_suggestions_in_german(proj):
    proc = andock_process("code", proj, "--doc", "K01", "--code", "Zugnag", "--start", "0", "--end", "3",
                          "--coder", "Anan", env={"ANDOCK_LANG": "de"})
    assert proc.returncode == 1
    assert proc.stderr.strip() == "andock: kein Code „Zugnag“. Meinten Sie: „Zugang“, „Zugang/Beratung“?"
    proc = andock_process("code", proj, "--doc", "K01", "--code", "Zugang", "--start", "0", "--end", "3",
                          "--coder", "Anan", env={"ANDOCK_LANG": "de"})
    assert proc.stderr.strip() == ("andock: keine Codierer*in namens „Anan“. Meinten Sie: „Anna“? "
                                   "Eine neue Codierer*in braucht --new-coder.")


def test_show_ends_with_a_newline_on_a_terminal(proj):
    """On a terminal the prompt starts on its own line; a pipe gets the text exactly (test_cli_small_fixes)."""
    primary, secondary = os.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "show", str(proj), "--doc", "K01"],
                                stdout=secondary, stderr=subprocess.PIPE, cwd=ROOT,
                                env=dict(os.environ, PYTHONUTF8="1"))
        os.close(secondary)
        shown = b""
        while True:  # read until the process closes its end of the terminal
            ready, _, _ = select.select([primary], [], [], 60)
            try:
                chunk = os.read(primary, 4096) if ready else b""
            except OSError:  # EIO: the other side is closed
                chunk = b""
            if not chunk:
                break
            shown += chunk
        assert proc.wait(60) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        os.close(primary)
    # the terminal shows a line end as \r\n; the stored text itself has none at its end
    assert shown.decode("utf-8").endswith("Ihnen? 🏘️\r\n")
    assert shown.decode("utf-8").count("Ihnen? 🏘️") == 1


def test_a_reader_that_stops_early_is_no_internal_error(demo_path):
    """``andock segments P | head -1``: the pipe closes while andock still writes (178 KB here, more
    than a pipe holds); that ends the command quietly, as for other tools (exit 141 = SIGPIPE)."""
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "segments", str(demo_path), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=dict(os.environ, PYTHONUTF8="1"))
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == b"["
    proc.stdout.close()
    assert proc.wait(120) == 141
    assert proc.stderr.read() == b""

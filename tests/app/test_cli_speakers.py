"""``andock speakers`` and ``andock speaker-rename`` on real project files."""
from __future__ import annotations

import json

import pytest

from tests.app.test_cli import TRANSCRIPT
from tests.conftest import andock_process, write

K01 = TRANSCRIPT  # the CLI tests' interview: I/B turns with f4 times, umlauts and emoji
K02 = (
    "I: Wer fängt an? #00:00:02-0#\n\n"
    "B1: Ich. Die Straße war laut. #00:00:06-5#\n\n"
    "B2: Heute ist sie ruhiger. #00:00:09-0#\n\n"
    "B: Darf ich auch? #00:00:11-0#\n"
)


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "studie.andock"
    assert cli("new", path, "--name", "Studie")[0] == 0
    files = [write(tmp_path / "K01_Kommune.txt", K01), write(tmp_path / "K02_Familie.txt", K02)]
    code, _, err = cli("import", path, *files)
    assert code == 0, err
    return path


def speakers(cli, proj, *args) -> list[dict]:
    code, out, err = cli("speakers", proj, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_list_speakers_in_order_of_first_appearance(proj, cli):
    assert speakers(cli, proj) == [
        {"speaker": "I", "turns": 3, "documents": 2}, {"speaker": "B", "turns": 3, "documents": 2},
        {"speaker": "B1", "turns": 1, "documents": 1}, {"speaker": "B2", "turns": 1, "documents": 1}]
    assert [s["speaker"] for s in speakers(cli, proj, "--doc", "K02")] == ["I", "B1", "B2", "B"]
    code, out, _ = cli("speakers", proj)
    assert code == 0 and out.splitlines()[1] == "B\t3 turn(s) in 2 document(s)"


def test_rename_in_one_document_keeps_codings_and_undoes_from_another_process(proj, cli):
    text = cli("show", proj, "--doc", "K01")[1]
    quote = "WhatsApp-Gruppe 🏘️👍 der Moscheegemeinde"
    start = text.index(quote)
    cli("code-new", proj, "Zugänge/Digitale Kanäle")
    assert cli("code", proj, "--doc", "K01", "--code", "Zugänge/Digitale Kanäle", "--start", start,
               "--end", start + len(quote), "--coder", "Lena")[0] == 0
    turn = text.index("B: Die Ämter")
    cli("code-new", proj, "Verwaltung")
    assert cli("code", proj, "--doc", "K01", "--code", "Verwaltung", "--start", turn,
               "--end", text.index(", gerade"), "--coder", "Lena")[0] == 0

    code, out, err = cli("speaker-rename", proj, "B", "Frau Yılmaz 🧕", "--doc", "K01")
    assert code == 0, err
    assert out == "Renamed 2 turn(s) of 'B' to 'Frau Yılmaz 🧕'\n"
    new_text = cli("show", proj, "--doc", "K01")[1]
    assert new_text == text.replace("\n\nB: ", "\n\nFrau Yılmaz 🧕: ")
    assert "\n\nB: Darf ich auch?" in cli("show", proj, "--doc", "K02")[1]  # other document untouched
    segs = json.loads(cli("segments", proj, "--json")[1])
    assert [s["text"] for s in segs] == [quote, "Frau Yılmaz 🧕: Die Ämter sind für viele schwer zu erreichen"]
    assert {s["speaker"] for s in segs} == {"Frau Yılmaz 🧕"}
    assert [s["time_ms"] for s in segs] == [4200, 18000]
    info = json.loads(cli("info", proj, "--json")[1])
    assert info["undo"] == "Rename speaker B → Frau Yılmaz 🧕"

    r = andock_process("undo", proj)
    assert r.returncode == 0 and "Rename speaker B → Frau Yılmaz 🧕" in r.stdout
    assert cli("show", proj, "--doc", "K01")[1] == text
    assert [s["text"] for s in json.loads(cli("segments", proj, "--json")[1])][0] == quote


def test_rename_everywhere_and_merge_needs_the_flag(proj, cli):
    code, out, _ = cli("speaker-rename", proj, "B", "Befragte")
    assert code == 0 and out.startswith("Renamed 3 turn(s)")
    before = cli("show", proj, "--doc", "K02")[1]
    code, out, err = cli("speaker-rename", proj, "B1", "B2")
    assert code == 1 and out == ""
    assert err.startswith("andock: 'B2' already speaks in K02_Familie") and "--merge" in err
    assert err.count("\n") == 1 and cli("show", proj, "--doc", "K02")[1] == before
    code, out, err = cli("speaker-rename", proj, "B1", "B2", "--merge")
    assert code == 0, err
    assert [s["speaker"] for s in speakers(cli, proj, "--doc", "K02")] == ["I", "B2", "Befragte"]
    assert cli("show", proj, "--doc", "K02")[1].count("\n\nB2: ") == 2


@pytest.mark.parametrize(("args", "message"), [
    (("B", ""), "must not be empty"),
    (("B", "Frau: Yılmaz"), "must not contain ':'"),
    (("B", "Frau\nYılmaz"), "line break"),
    (("B", "ä" * 61), "at most 60 characters"),
    (("B", "B"), "called 'B' already"),
    (("X", "Y"), "no speaker 'X'"),
    (("B1", "Y", "--doc", "K01"), "no speaker 'B1' in 'K01_Kommune'"),
    (("B", "Y", "--doc", "K09"), "no document named 'K09'"),
])
def test_errors_are_one_line_and_change_nothing(proj, cli, args, message):
    texts = [cli("show", proj, "--doc", d)[1] for d in ("K01", "K02")]
    info = cli("info", proj, "--json")[1]
    code, out, err = cli("speaker-rename", proj, *args)
    assert code == 1 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert [cli("show", proj, "--doc", d)[1] for d in ("K01", "K02")] == texts
    assert cli("info", proj, "--json")[1] == info

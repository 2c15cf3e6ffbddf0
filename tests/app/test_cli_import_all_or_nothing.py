"""``andock import`` of several files: all or nothing, with the importers' warnings shown."""
from __future__ import annotations

import json
import sqlite3

import pytest

from coding.exchange.importers.model import MAX_TEXT_CHARS
from tests.conftest import write


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def proj(tmp_path, cli):
    path = tmp_path / "p.andock"
    assert cli("new", path)[0] == 0
    assert cli("import", path, write(tmp_path / "c.txt", "Schon da."))[0] == 0
    return path


def test_a_name_clash_on_the_last_file_imports_nothing(proj, tmp_path, cli):
    new = tmp_path / "neu"
    new.mkdir()
    files = [write(new / "a.txt", "Erstes Interview."), write(new / "b.txt", "Zweites Interview."),
             write(new / "c.txt", "Drittes Interview.")]
    before = dump(proj)
    code, out, err = cli("import", proj, *files)
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "c.txt: a document named 'c' exists already" in err and "nothing was imported" in err
    assert out == ""
    assert dump(proj) == before
    assert json.loads(cli("info", proj, "--json")[1])["documents"] == 1


def test_two_files_with_one_name_import_nothing(proj, tmp_path, cli):
    files = [write(tmp_path / "d.txt", "Eins."), write(tmp_path / "d.srt", "1\n00:00:01,000 --> 00:00:02,000\nZwei.\n")]
    before = dump(proj)
    code, _, err = cli("import", proj, *files)
    assert code == 1 and "d.srt: a document named 'd'" in err and "nothing was imported" in err
    assert dump(proj) == before


def test_several_files_are_one_undoable_action(proj, tmp_path, cli):
    files = [write(tmp_path / "a.txt", "Erstes."), write(tmp_path / "b.txt", "Zweites.")]
    code, out, err = cli("import", proj, *files)
    assert code == 0, err
    assert json.loads(cli("info", proj, "--json")[1])["documents"] == 3
    assert cli("undo", proj)[0] == 0
    assert json.loads(cli("info", proj, "--json")[1])["documents"] == 1


def test_importer_warnings_are_printed_and_in_json(proj, tmp_path, cli):
    transcript = write(tmp_path / "zeiten.txt",
                       "I: Frage eins? #00:00:09-0#\n\nB: Antwort. #00:00:04-0#\n\nI: Und? #00:00:12-0#\n")
    subtitles = write(tmp_path / "cues.srt", "1\n00:00:05,000 --> 00:00:06,000\nZweiter.\n\n"
                                             "2\n00:00:01,000 --> 00:00:02,000\nErster.\n")
    code, out, err = cli("import", proj, transcript, subtitles)
    assert code == 0, err
    lines = err.splitlines()
    assert any(line.startswith("andock: warning: zeiten.txt: line ") and "earlier" in line for line in lines), err
    assert any(line.startswith("andock: warning: cues.srt: line ") and "starts before" in line for line in lines), err
    code, out, err = cli("import", proj, write(tmp_path / "z2.txt", transcript.read_text()), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [d["name"] for d in data["imported"]] == ["z2"]
    assert data["warnings"] and data["warnings"][0]["file"] == "z2.txt"
    assert "earlier" in data["warnings"][0]["message"]


def test_a_text_above_the_limit_is_refused(proj, tmp_path, cli):
    big = tmp_path / "gross.txt"
    big.write_text("a" * MAX_TEXT_CHARS + "b", encoding="utf-8")
    before = dump(proj)
    code, _, err = cli("import", proj, big)
    assert code == 1 and err.count("\n") == 1
    assert "gross.txt: 5,000,001 characters; a document may have at most 5,000,000" in err
    assert dump(proj) == before


def test_a_huge_file_is_refused_before_reading(proj, tmp_path, cli):
    huge = tmp_path / "riesig.txt"
    with huge.open("wb") as fh:  # sparse: 30 MB that need no disk and are never read
        fh.truncate(4 * MAX_TEXT_CHARS + 10)
    code, _, err = cli("import", proj, huge)
    assert code == 1 and "riesig.txt: 20,000,010 bytes; a document may have at most" in err

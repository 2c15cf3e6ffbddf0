"""Managing documents from the command line: list, rename, label, delete, order, link a recording."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from sqlalchemy import update

from coding.store.models import TABLES
from coding.store.project import Project
from tests.conftest import ROOT, write

TRANSCRIPT = (
    "I: Wie finden neu Zugezogene Unterstützung? #00:00:04-2#\n\n"
    "B: Meistens über die Schule – und über die WhatsApp-Gruppe 🏘️👍 der Moscheegemeinde. #00:00:15-8#\n\n"
    "I: Und die Verwaltung? #00:00:18-0#\n\n"
    "B: Die Ämter sind für viele schwer zu erreichen, gerade ohne Deutschkenntnisse. #00:00:29-5#\n"
)


@pytest.fixture
def proj(tmp_path, cli):
    """A project with three transcripts: interview_de, interview_de_long, Straße 🏘️."""
    path = tmp_path / "studie.andock"
    assert cli("new", path)[0] == 0
    files = [write(tmp_path / f"{name}.txt", TRANSCRIPT) for name in ("interview_de", "interview_de_long",
                                                                      "Straße 🏘️")]
    code, _, err = cli("import", path, *files)
    assert code == 0, err
    return path


def docs(cli, proj) -> list[dict]:
    code, out, err = cli("docs", proj, "--json")
    assert code == 0, err
    return json.loads(out)


def names(cli, proj) -> list[str]:
    return [d["name"] for d in docs(cli, proj)]


def code_some(cli, proj, doc: str) -> None:
    """A coding with a memo, a document memo and a variable value on ``doc``."""
    assert cli("code-new", proj, "Zugang/Schule")[0] == 0
    assert cli("code", proj, "--doc", doc, "--code", "Zugang/Schule", "--start", 5, "--end", 20,
               "--memo", "Schule als Türöffner")[0] == 0
    assert cli("memo", proj, "Gespräch im Café ☕", "--doc", doc)[0] == 0
    assert cli("vars", proj, write(proj.parent / "vars.csv", f"Dokument,Gruppe\n{doc},kommunal\n"))[0] == 0


def counts(proj: Path) -> dict[str, int]:
    with Project.open(proj) as p, p.read() as conn:
        return {name: conn.execute(TABLES[name].select()).all().__len__()
                for name in ("documents", "segments", "memos", "variable_values", "speaker_turns",
                             "time_anchors")}


def wav(path: Path, tone: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(bytes([tone, 0]) * 4000)
    return path


def test_similar_names_get_distinct_labels_and_docs_lists_them_in_order(proj, cli):
    listed = docs(cli, proj)
    assert [(d["position"], d["name"], d["label"]) for d in listed] == [
        (1, "interview_de", "interview_de"), (2, "interview_de_long", "interview_de-2"),
        (3, "Straße 🏘️", "Straße 🏘️")]
    code, out, _ = cli("docs", proj)
    assert code == 0 and "interview_de-2" in out.splitlines()[1]


def test_doc_label_refuses_a_taken_label_with_one_line_and_changes_nothing(proj, cli, monkeypatch):
    code, _, err = cli("doc-label", proj, "--doc", "interview_de_long", "INTERVIEW_DE")
    assert code == 1
    assert err.strip() == ("andock: the citation label 'INTERVIEW_DE' belongs to 'interview_de' already; each "
                           "document needs its own label so that a citation names one document")
    monkeypatch.setenv("ANDOCK_LANG", "de")
    code, _, err = cli("doc-label", proj, "--doc", "interview_de_long", "interview_de")
    monkeypatch.delenv("ANDOCK_LANG")
    cli("info", proj)  # back to English for the tests after this one
    assert code == 1 and "das Zitierkürzel „interview_de“ gehört schon zu „interview_de“" in err
    assert docs(cli, proj)[1]["label"] == "interview_de-2"


def test_doc_label_and_doc_rename_with_umlauts_and_emoji_are_undone(proj, cli):
    assert cli("doc-label", proj, "--doc", "interview_de_long", "Süß 🎙️")[0] == 0
    code, out, _ = cli("doc-rename", proj, "--doc", "Süß 🎙️", "Langes Gespräch – Größe 👍")
    assert code == 0 and "Renamed" in out
    assert (docs(cli, proj)[1]["name"], docs(cli, proj)[1]["label"]) == ("Langes Gespräch – Größe 👍", "Süß 🎙️")
    assert cli("undo", proj)[1].strip() == "Undone: Rename document"
    assert cli("undo", proj)[1].strip() == "Undone: Change citation label"
    assert (docs(cli, proj)[1]["name"], docs(cli, proj)[1]["label"]) == ("interview_de_long", "interview_de-2")
    code, _, err = cli("doc-rename", proj, "--doc", "interview_de", "Straße 🏘️")
    assert code == 1 and "exists already" in err


def test_doc_delete_without_yes_refuses_and_names_what_would_go(proj, cli):
    code_some(cli, proj, "interview_de")
    before = counts(proj)
    code, out, err = cli("doc-delete", proj, "--doc", "interview_de")  # stdin is not a terminal here
    assert code == 1 and out == ""
    assert err.strip() == ("andock: Delete interview_de with 1 coding, 2 memos and 0 summaries? "
                           "Repeat with --yes to confirm (undo brings it back)")
    assert counts(proj) == before


def test_doc_delete_yes_and_undo_bring_everything_back(proj, cli):
    code_some(cli, proj, "interview_de")
    before = counts(proj)
    code, out, _ = cli("doc-delete", proj, "--doc", "interview_de", "--yes")
    assert code == 0 and out.strip() == "Deleted interview_de with 1 coding, 2 memos and 0 summaries"
    after = counts(proj)
    assert (after["documents"], after["segments"], after["memos"], after["variable_values"]) == (2, 0, 0, 0)
    assert after["speaker_turns"] < before["speaker_turns"] and after["time_anchors"] < before["time_anchors"]
    assert cli("undo", proj)[1].strip() == "Undone: Delete document"
    assert counts(proj) == before
    code, out, _ = cli("segments", proj, "--doc", "interview_de", "--json")
    assert json.loads(out)[0]["memo"] == "Schule als Türöffner"


def _delete_on_a_terminal(proj: Path, answer: str) -> subprocess.CompletedProcess:
    """``andock doc-delete`` in its own process whose stdin is a real terminal (a pty)."""
    primary, secondary = os.openpty()
    try:
        os.write(primary, answer.encode() + b"\n")
        return subprocess.run([sys.executable, "-m", "app.cli", "doc-delete", str(proj), "--doc", "interview_de"],
                              stdin=secondary, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                              env=dict(os.environ, PYTHONUTF8="1"), timeout=120)
    finally:
        os.close(primary)
        os.close(secondary)


def test_doc_delete_on_a_terminal_asks_first(proj, cli):
    before = counts(proj)
    no = _delete_on_a_terminal(proj, "n")
    assert no.returncode == 1 and "Delete interview_de with 0 codings, 0 memos and 0 summaries?" in no.stdout
    assert "Nothing deleted" in no.stdout and counts(proj) == before
    yes = _delete_on_a_terminal(proj, "ja")
    assert yes.returncode == 0, yes.stderr
    assert "Deleted interview_de" in yes.stdout and counts(proj)["documents"] == 2


def test_doc_order_moves_by_position_before_and_after_and_undoes(proj, cli):
    code, out, _ = cli("doc-order", proj, "--doc", "Straße 🏘️", "--to", 1)
    assert code == 0 and out.strip() == "Moved Straße 🏘️ to position 1"
    assert names(cli, proj) == ["Straße 🏘️", "interview_de", "interview_de_long"]
    assert cli("doc-order", proj, "--doc", "Straße 🏘️", "--after", "interview_de-2")[0] == 0
    assert names(cli, proj) == ["interview_de", "interview_de_long", "Straße 🏘️"]
    assert cli("doc-order", proj, "--doc", "interview_de_long", "--before", "interview_de")[0] == 0
    assert names(cli, proj) == ["interview_de_long", "interview_de", "Straße 🏘️"]
    for _ in range(3):
        assert cli("undo", proj)[1].strip() == "Undone: Move document"
    assert names(cli, proj) == ["interview_de", "interview_de_long", "Straße 🏘️"]
    code, _, err = cli("doc-order", proj, "--doc", "interview_de", "--to", 4)
    assert code == 1 and "position 4 does not exist: the project has 3 document(s)" in err
    code, _, err = cli("doc-order", proj, "--doc", "interview_de", "--before", "interview_de")
    assert code == 1 and "next to itself" in err
    with pytest.raises(SystemExit) as usage:  # where to is missing: argparse's usage error
        cli("doc-order", proj, "--doc", "interview_de")
    assert usage.value.code == 2


def test_doc_link_audio_stores_a_relative_path_and_checksum_and_finds_a_moved_file(proj, cli):
    rec = wav(proj.parent / "Aufnahmen" / "Interview Grüße 🎙️.wav", tone=3)
    code, out, err = cli("doc-link-audio", proj, "--doc", "interview_de", rec)
    assert code == 0, err
    assert out.startswith("Linked interview_de to Aufnahmen/Interview Grüße 🎙️.wav (sha256:")
    with Project.open(proj) as p, p.read() as conn:
        stored = conn.execute(TABLES["documents"].select().where(TABLES["documents"].c.name == "interview_de")
                              ).mappings().one()
    from transcription.audio import file_checksum
    assert (stored["media_path"], stored["media_checksum"]) == ("Aufnahmen/Interview Grüße 🎙️.wav",
                                                                file_checksum(rec))
    code, out, _ = cli("doc-find-audio", proj, "--doc", "interview_de")
    assert code == 0 and "is where its link says" in out
    moved = proj.parent / "Archiv" / "ß-Ordner" / "umbenannt.wav"
    moved.parent.mkdir(parents=True)
    rec.rename(moved)
    code, out, err = cli("doc-find-audio", proj, "--doc", "interview_de")
    assert code == 0, err
    assert out.strip() == "Found the recording of interview_de at Archiv/ß-Ordner/umbenannt.wav and linked it there"
    assert docs(cli, proj)[0]["media"] == "Archiv/ß-Ordner/umbenannt.wav"
    assert cli("undo", proj)[1].strip() == "Undone: Relink recording"
    assert docs(cli, proj)[0]["media"] == "Aufnahmen/Interview Grüße 🎙️.wav"


def test_doc_link_audio_refuses_bad_files_and_reports_a_lost_one(proj, cli, tmp_path):
    before = docs(cli, proj)
    write(tmp_path / "notiz.txt", "kein Ton")
    for path, message in ((tmp_path / "fehlt.wav", "fehlt.wav: file not found"),
                          (tmp_path / "notiz.txt", "notiz.txt: not a recording Andock can link"),
                          (tmp_path, "is a folder")):
        code, _, err = cli("doc-link-audio", proj, "--doc", "interview_de", path)
        assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("doc-find-audio", proj, "--doc", "interview_de")
    assert code == 1 and "'interview_de' has no linked recording" in err
    rec = wav(tmp_path / "weg.wav", tone=9)
    assert cli("doc-link-audio", proj, "--doc", "interview_de", rec)[0] == 0
    rec.unlink()
    code, _, err = cli("doc-find-audio", proj, "--doc", "interview_de")
    assert code == 1 and "no file with the checksum of interview_de's recording" in err
    assert [d["media"] for d in docs(cli, proj)] == ["weg.wav", None, None]
    assert [(d["name"], d["label"]) for d in docs(cli, proj)] == [(d["name"], d["label"]) for d in before]


def test_info_reports_labels_shared_in_an_old_project(proj, cli):
    with Project.open(proj) as p, p.write() as conn:  # as a project from before unique labels holds them
        docs_t = TABLES["documents"]
        conn.execute(update(docs_t).where(docs_t.c.name == "interview_de_long").values(label="interview_de"))
    code, out, _ = cli("info", proj)
    assert code == 0
    assert ("citation label interview_de is shared by interview_de, interview_de_long "
            "(andock doc-label P --doc NAME LABEL)") in out
    info = json.loads(cli("info", proj, "--json")[1])
    assert info["duplicate_labels"] == {"interview_de": ["interview_de", "interview_de_long"]}
    assert cli("doc-label", proj, "--doc", "interview_de_long", "lang")[0] == 0
    assert json.loads(cli("info", proj, "--json")[1])["duplicate_labels"] == {}

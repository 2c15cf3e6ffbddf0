"""Transcripts into projects (app layer): the f4 TXT imports to exactly what transcribing
straight into the project stores; the CLI links the audio; bad files leave the project alone."""
from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from app.transcribe_queue import to_parsed_document
from coding.exchange.importers.reader import read_document
from coding.exchange.importers.transcript import parse_transcript
from coding.store.models import TABLES
from coding.store.project import Project
from transcription import pipeline, writers

BASE = ("--model", "base", "--threads", "2")


@pytest.fixture(scope="module")
def stereo(fw_engine, opts, clips):
    return pipeline.transcribe(clips["stereo"][0], dataclasses.replace(opts, stereo_speakers=True),
                               engine=fw_engine)


def test_f4_txt_and_docx_import_like_straight_into_the_project(stereo, tmp_path):
    direct = to_parsed_document(stereo)
    assert [t.speaker for t in direct.turns] == ["I", "B", "I", "B", "I", "B"]
    assert len(direct.anchors) == 6 and all(a.ms % 100 == 0 for a in direct.anchors)
    assert parse_transcript(writers.f4_text(stereo)) == direct
    for suffix in ("txt", "docx"):
        assert read_document(writers.write(stereo, tmp_path / f"t.{suffix}")) == direct


def _docs(path):
    with Project.open(path) as proj, proj.read() as conn:
        docs = TABLES["documents"]
        rows = conn.execute(select(docs.c.id, docs.c.name, docs.c.text, docs.c.media_path, docs.c.media_checksum,
                                   docs.c.media_duration_ms, docs.c.language).order_by(docs.c.id)).all()
        turns_t = TABLES["speaker_turns"]
        turns = {r.id: conn.execute(select(turns_t.c.start_pos, turns_t.c.end_pos, turns_t.c.speaker)
                                    .where(turns_t.c.document_id == r.id).order_by(turns_t.c.start_pos)).all()
                 for r in rows}
    return rows, turns


def test_cli_transcribe_into_project_and_file(cli, clips, tmp_path, andock_cache):
    proj = tmp_path / "studie.andock"
    assert cli("new", proj)[0] == 0
    audio = clips["stereo"][0]
    code, out, err = cli("transcribe", proj, audio, *BASE, "--stereo-speakers", "--var", "Gruppe=kommunal")
    assert code == 0, err
    assert "Transcribed stereo.wav: 6 turns" in out and "per hour of audio" in out
    code, out, err = cli("transcribe-file", audio, "-o", tmp_path / "stereo.txt", *BASE, "--stereo-speakers")
    assert code == 0, err
    assert "Expected: about" in out and "min per hour of audio with faster-whisper / base" in out
    runs = json.loads((andock_cache / "speed.json").read_text(encoding="utf-8"))["runs"]
    assert len(runs["faster-whisper|base|cpu"]) >= 2  # both commands measured their run
    assert cli("import", proj, tmp_path / "stereo.txt", "--rename")[0] == 0
    (direct, imported), turns = _docs(proj)
    assert direct.text == imported.text and turns[direct.id] == turns[imported.id]
    assert not direct.media_path.startswith("/")  # relative to the project file
    assert (proj.parent / direct.media_path).resolve() == audio.resolve()
    assert direct.media_checksum.startswith("sha256:") and direct.language == "de"
    assert abs(direct.media_duration_ms - 28455) < 50
    assert cli("segments", proj, "--var", "Gruppe=kommunal", "--json")[0] == 0
    sha = direct.media_checksum.removeprefix("sha256:")
    assert not list((andock_cache / "journals").glob(f"{sha}-*.jsonl"))  # removed once stored


@pytest.mark.parametrize("name,content,words", [
    ("kaputt.mp3", b"ID3\x03\x00" + bytes(range(256)) * 20, "cannot be decoded"),
    ("leer.wav", b"", "empty"),
    ("folien.pdf", b"%PDF-1.4", "not an audio or video file"),
])
def test_bad_files_leave_the_project_unchanged(cli, clips, tmp_path, name, content, words):
    proj = tmp_path / "p.andock"
    cli("new", proj)
    bad = tmp_path / name
    bad.write_bytes(content)
    before = proj.read_bytes()
    code, out, err = cli("transcribe", proj, clips["pauses"][0], bad, *BASE)
    assert code == 1 and err.count("\n") == 1 and words in err and name in err
    assert _docs(proj)[0] == []
    code, _, err = cli("transcribe-file", bad, "-o", tmp_path / "x.txt", *BASE)
    assert code == 1 and words in err and not (tmp_path / "x.txt").exists()
    assert proj.read_bytes() == before or _docs(proj)[0] == []

"""The whole pipeline on real audio: pause marks, silence, stereo speakers, the journal, outputs."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest

from transcription import pipeline, writers
from transcription.errors import Cancelled
from transcription.journal import Journal, journal_path
from transcription.wer import wer


@pytest.fixture(scope="module")
def pauses(fw_engine, opts, clips):
    return pipeline.transcribe(clips["pauses"][0], dataclasses.replace(opts, speakers=1), engine=fw_engine)


@pytest.fixture(scope="module")
def stereo(fw_engine, opts, clips):
    return pipeline.transcribe(clips["stereo"][0], dataclasses.replace(opts, stereo_speakers=True),
                               engine=fw_engine)


def test_silences_become_pause_marks(pauses):
    assert len(pauses.turns) == 1 and pauses.turns[0].speaker == "B"
    marks = re.findall(r"\((?:\.{1,3}|\d+)\)", pauses.turns[0].text)
    assert marks == ["(.)", "(..)", "(...)", "(6)"], pauses.turns[0].text


def test_f4_text_has_speakers_and_timestamps(stereo, clips):
    lines = writers.f4_text(stereo).split("\n\n")
    assert [line.split(":")[0] for line in lines] == ["I", "B", "I", "B", "I", "B"]
    stamps = [re.search(r"#(\d\d):(\d\d):(\d\d)-(\d)#$", line.strip()) for line in lines]
    ends = [int(m[2]) * 60 + int(m[3]) + int(m[4]) / 10 for m in stamps]
    # Each turn ends where its voice stops: the turn lengths of the fixture plus 0.6 s gaps.
    from tests.transcription import audio_fixtures as af

    expected, t = [], 0.0
    for k in range(6):
        t += af.seconds(clips["stereo"][0].parent / f"stereo_{k}.wav")
        expected.append(t)
        t += 0.6
    assert all(abs(a - b) <= 0.5 for a, b in zip(ends, expected)), (ends, expected)
    assert wer(clips["stereo"][1], " ".join(t.text for t in stereo.turns)) <= 0.6


def test_silent_file_yields_no_text(fw_engine, opts, clips, tmp_path):
    result = pipeline.transcribe(clips["silent"][0], opts, engine=fw_engine)
    assert result.segments == [] and result.turns == [] and writers.f4_text(result) == ""
    out = writers.write(result, tmp_path / "stille.srt")
    assert out.read_text(encoding="utf-8") == ""


def test_outputs(stereo, tmp_path):
    srt = writers.write(stereo, tmp_path / "t.srt").read_text(encoding="utf-8")
    assert srt.startswith("1\n00:00:00,") and "\nI: " in srt and "\nB: " in srt
    vtt = writers.write(stereo, tmp_path / "t.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n") and "<v I>" in vtt and "<v B>" in vtt
    data = json.loads(writers.write(stereo, tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["format"] == "andock-transcript" and data["speakers"] == ["I", "B"]
    assert data["checksum"].startswith("sha256:") and data["language"] == "de"
    word = data["segments"][0]["words"][0]
    assert set(word) == {"start", "end", "text", "probability", "speaker"} and word["speaker"] == "I"
    from docx import Document

    paras = [p.text for p in Document(str(writers.write(stereo, tmp_path / "t.docx"))).paragraphs]
    assert paras == writers.f4_text(stereo).rstrip("\n").split("\n\n")
    assert not list(tmp_path.glob(".*partial"))


def test_paragraphs_are_not_cut_where_whisper_chunks_end(base_model, opts, clips):
    """Speakers not told apart (one speaker, or none asked for): the 30-s dialogue is one paragraph
    although Whisper decodes it in chunks of about 10 s that end mid-sentence."""
    from transcription.engines import load_engine

    small = dataclasses.replace(opts, chunk_s=10, batch_size=1)
    engine = load_engine(small, base_model)
    for speakers, label in ((1, "B"), (0, "")):
        result = pipeline.transcribe(clips["dialog"][0], dataclasses.replace(small, speakers=speakers),
                                     engine=engine)
        assert len(result.segments) >= 3 and [t.speaker for t in result.turns] == [label]
        assert result.turns[0].start_ms < 1000 and result.turns[0].end_ms > 25000
        assert wer(clips["dialog"][1], result.turns[0].text) <= 0.6


def test_journal_resumes_after_a_cancel(base_model, opts, clips, tmp_path):
    """Stop after half the audio; the next run starts at the last journalled segment."""
    from transcription.engines import load_engine

    small = dataclasses.replace(opts, chunk_s=10, batch_size=1, speakers=1)  # segments every ~10 s
    engine = load_engine(small, base_model)
    path = clips["dialog"][0]
    full = pipeline.transcribe(path, small, engine=engine)
    total = full.duration

    def stop_at_half(done, total_s, message):
        return done < total_s / 2

    with pytest.raises(Cancelled):
        pipeline.transcribe(path, small, engine=engine, journal_dir=tmp_path, progress=stop_at_half)
    jpath = journal_path(tmp_path, full.checksum, small.fingerprint())
    kept, done = Journal(jpath, full.checksum, small.fingerprint()).load()
    assert kept and total / 2 <= done < total
    seen = []
    resumed = pipeline.transcribe(path, small, engine=engine, journal_dir=tmp_path, on_segment=seen.append)
    assert seen and min(s.start for s in seen) >= done - 0.01  # nothing before the resume point
    # Complete from the first to the last word. The resumed part is chunked afresh (VAD sees only
    # the rest), so its words may differ from the uninterrupted run's as much as two decoders do.
    assert resumed.segments[0].start == full.segments[0].start
    assert abs(resumed.segments[-1].end - full.segments[-1].end) < 1.0
    n_full, n_resumed = (sum(len(t.text.split()) for t in r.turns) for r in (full, resumed))
    assert abs(n_full - n_resumed) <= 0.15 * n_full
    assert wer(clips["dialog"][1], " ".join(t.text for t in resumed.turns)) <= 0.6
    assert jpath.exists()  # the caller removes it once the transcript is stored


def test_journal_of_other_settings_or_torn_lines_is_safe(tmp_path):
    from transcription.result import Segment

    j = Journal(tmp_path / "j.jsonl", "sha256:ab", "opt1")
    j.start(keep=False)
    j.add(Segment(0, 2, "Hallo"))
    j.close()
    with open(tmp_path / "j.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"segment": {"start": 2, "en')  # killed mid-write
    segs, done = Journal(tmp_path / "j.jsonl", "sha256:ab", "opt1").load()
    assert [s.text for s in segs] == ["Hallo"] and done == 2
    assert Journal(tmp_path / "j.jsonl", "sha256:ab", "other").load() == ([], 0.0)
    again = Journal(tmp_path / "j.jsonl", "sha256:ab", "opt1")
    again.start(keep=True)  # appending after the torn line drops it first
    again.mark_done(5.0)
    again.close()
    assert again.load()[1] == 5.0
    again.remove()
    assert not (tmp_path / "j.jsonl").exists()


class _CountingEngine:
    """Stands in for Whisper: one segment per window, so only Andock's own memory is measured."""

    name, language = "fake", "de"

    def transcribe(self, samples, offset):
        from transcription.result import Segment, Word

        yield Segment(offset, offset + 1.0, "Hallo.", [Word(offset, offset + 1.0, " Hallo.")])


def test_memory_is_bounded_by_the_window(opts, tmp_path):
    """A 60-minute recording needs at most 1.3 x the peak memory of a 10-minute one."""
    import subprocess
    import tracemalloc

    peaks = {}
    for minutes in (10, 60):
        wav = tmp_path / f"{minutes}.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(wav), "synth",
                        str(minutes * 60), "sine", "300", "vol", "0.3"], check=True)
        tracemalloc.start()
        result = pipeline.transcribe(wav, dataclasses.replace(opts, speakers=1), engine=_CountingEngine())
        peaks[minutes] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        wav.unlink()
        assert len(result.segments) >= minutes // 10  # one per window of about 10 minutes
    print(f"peak memory: 10 min {peaks[10] / 2**20:.0f} MB, 60 min {peaks[60] / 2**20:.0f} MB")
    assert peaks[60] <= 1.3 * peaks[10]

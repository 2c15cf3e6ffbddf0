"""Both engines on real Whisper base weights: German two-voice audio, the rebuilt openai-whisper
checkpoint decoding like the CTranslate2 original, word times and probabilities."""
from __future__ import annotations

import dataclasses

import pytest

from transcription.engines import Options, load_engine
from transcription.wer import word_errors

DIALOGUES = ("dialog", "interview2", "similar")  # German two-voice clips with known transcripts
FW_PROCESSES = 3  # see tests/transcription/fw_child.py: int8 results vary per process


@pytest.fixture(scope="module")
def ow_engine(base_model):
    """openai-whisper on the checkpoint rebuilt from the CTranslate2 model.bin."""
    return load_engine(Options(engine="openai-whisper", model="base", threads=2), base_model)


def _text(engine, samples) -> str:
    return " ".join(s.text for s in engine.transcribe(samples, 0.0))


@pytest.fixture(scope="module")
def openai_beam5(ow_engine, samples) -> dict[str, str]:
    """openai-whisper transcribe() with beam 5 and word timestamps, as the benchmark runs it."""
    return {name: _text(ow_engine, samples[name]) for name in DIALOGUES}


def _fw_texts_in_fresh_processes(clips) -> list[list[str]]:
    """The default engine's texts of the dialogues, from FW_PROCESSES separate processes."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    wavs = [str(clips[name][0]) for name in DIALOGUES]
    runs = []
    for _ in range(FW_PROCESSES):
        out = subprocess.run([sys.executable, "-m", "tests.transcription.fw_child", "base", "2", *wavs],
                             cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
                             env=dict(os.environ, PYTHONUTF8="1"))
        assert out.returncode == 0, out.stderr[-2000:]
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def test_both_engines_transcribe_german_dialogues(fw_engine, openai_beam5, samples, clips):
    """Pooled over three clips (~200 words); faster-whisper's figure is the median of three fresh
    processes, since its int8 results vary per process (rarely a clip comes out much worse)."""
    import statistics

    refs = [clips[name][1] for name in DIALOGUES]
    counts = [word_errors(ref, openai_beam5[name]) for name, ref in zip(DIALOGUES, refs)]
    words = sum(n for _, n in counts)
    ow_wer = sum(e for e, _ in counts) / words
    here = sum(word_errors(ref, _text(fw_engine, samples[name]))[0] for name, ref in zip(DIALOGUES, refs))
    assert here / words <= 0.6 and fw_engine.language == "de"  # this process's engine as well
    fw_runs = [sum(word_errors(ref, text)[0] for ref, text in zip(refs, texts)) / words
               for texts in _fw_texts_in_fresh_processes(clips)]
    fw_wer = statistics.median(fw_runs)
    print(f"{words} words, WER openai-whisper {ow_wer:.3f}, faster-whisper {fw_wer:.3f} (median of "
          f"{', '.join(f'{w:.3f}' for w in fw_runs)}; in this process {here / words:.3f})")
    assert fw_wer <= 0.6
    assert fw_wer <= ow_wer + 0.03


def test_rebuilt_checkpoint_decodes_like_the_original(base_model, ow_engine, samples, clips):
    greedy = dict(beam_size=1, temperatures=(0.0,), word_timestamps=False, threads=2, model="base")
    ct2 = load_engine(Options(compute_type="float32", batched=False, vad=False, **greedy), base_model)
    ow_engine.opts = Options(engine="openai-whisper", **greedy)  # same loaded model, greedy fp32
    ref = clips["dialog"][1]
    a = _text(ct2, samples["dialog"])
    b = _text(ow_engine, samples["dialog"])
    wer_a, wer_b = (word_errors(ref, t)[0] / word_errors(ref, t)[1] for t in (a, b))
    print(f"greedy fp32: CTranslate2 {wer_a:.3f}, openai-whisper rebuilt {wer_b:.3f}")
    assert abs(wer_a - wer_b) <= 0.02
    edits, n = word_errors(a, b)
    assert edits / n <= 0.05  # nearly word for word the same transcript


def test_words_have_times_and_probabilities(fw_engine, samples):
    segs = list(fw_engine.transcribe(samples["interview2"], 100.0))
    words = [w for s in segs for w in s.words]
    assert len(words) > 40
    assert all(0 < w.probability <= 1 for w in words)
    assert all(100.0 <= w.start <= w.end <= 132.0 for w in words)  # offset applied
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert any(w.probability < 0.5 for w in words)  # uncertain words can be marked later


def test_language_detection(base_model, opts, samples):
    engine = load_engine(dataclasses.replace(opts, language=None), base_model)
    assert list(engine.transcribe(samples["pauses"], 0.0))
    assert engine.language == "de"


def test_silence_gives_no_segments(fw_engine, samples):
    assert list(fw_engine.transcribe(samples["silent"], 0.0)) == []

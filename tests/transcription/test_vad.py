"""Silero VAD in numpy (transcription/vad.py) against faster-whisper's own onnxruntime model: the
same probabilities, the same speech regions, the same transcripts, and no onnxruntime at run time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from faster_whisper import vad as fw_vad
from faster_whisper.utils import get_assets_path

from tests.conftest import ROOT
from transcription.chunks import speech_chunks
from transcription.engines import Options, load_engine
from transcription.vad import SileroVAD, load, use_numpy_vad
from transcription.wer import wer

SR = 16000
MAX_DIFF = 1e-4
MAX_WER = 0.75  # Whisper base on espeak's voices: a transcript of the speech, if a rough one


@pytest.fixture(scope="module")
def onnx_model():
    """faster-whisper's own model: Silero VAD v6 run by onnxruntime."""
    return fw_vad.SileroVADModel(os.path.join(get_assets_path(), "silero_vad_v6.onnx"))


@pytest.fixture(scope="module")
def long_audio(samples) -> np.ndarray:
    """Six minutes of German speech, silences and noise: more than the 10,000 windows that the
    ONNX path runs at once (it carries the LSTM state from one batch of 10,000 to the next)."""
    noise = np.random.default_rng(1).normal(0, 0.02, 3 * SR).astype(np.float32)
    piece = np.concatenate([samples["dialog"], samples["pauses"], noise, samples["silent"], samples["similar"]])
    audio = np.tile(piece, -(-360 * SR // len(piece)))[:360 * SR]
    assert len(audio) // 512 > 10_000
    return audio


def _padded(audio: np.ndarray) -> np.ndarray:
    return np.pad(audio, (0, 512 - len(audio) % 512))  # as get_speech_timestamps pads


def _compare(onnx_model, audio: np.ndarray) -> np.ndarray:
    ref = onnx_model(audio.copy())  # faster-whisper's code writes zeros into the array it gets
    ours = load()(audio.copy())
    assert ours.dtype == np.float32 and ours.shape == ref.shape == (len(audio) // 512,)
    assert float(np.abs(ours - ref).max()) < MAX_DIFF
    return ref


def test_probabilities_equal_onnxruntime_on_speech(onnx_model, samples):
    for name in ("dialog", "pauses", "interview2", "similar", "silent"):
        ref = _compare(onnx_model, _padded(samples[name]))
        if name != "silent":  # real speech: the model is sure of some windows and of silence
            assert ref.max() > 0.9 and ref.min() < 0.1, name


def test_probabilities_equal_onnxruntime_over_10000_windows(onnx_model, long_audio):
    ref = _compare(onnx_model, long_audio)
    assert len(ref) == 11_250


def test_edge_inputs(onnx_model):
    """One window, digital silence, full-scale noise and clipping, a leading click."""
    rng = np.random.default_rng(2)
    _compare(onnx_model, rng.normal(0, 0.1, 512).astype(np.float32))
    _compare(onnx_model, np.zeros(512 * 40, np.float32))
    _compare(onnx_model, rng.uniform(-1, 1, 512 * 300).astype(np.float32))
    _compare(onnx_model, np.clip(rng.normal(0, 2, 512 * 300), -1, 1).astype(np.float32))
    click = np.zeros(512 * 20, np.float32)
    click[:64] = 1.0
    _compare(onnx_model, click)


def test_the_call_contract(onnx_model):
    """As faster-whisper's model: 1-D input only, a multiple of 512; the caller's array untouched."""
    model = load()
    with pytest.raises(AssertionError):
        model(np.zeros((2, 512), np.float32))
    with pytest.raises(AssertionError):
        model(np.zeros(700, np.float32))
    audio = np.random.default_rng(3).normal(0, 0.1, 512 * 4).astype(np.float32)
    before = audio.copy()
    model(audio)
    assert np.array_equal(audio, before)
    assert model(np.zeros(0, np.float32)).shape == (0,)


@pytest.mark.parametrize("options", [fw_vad.VadOptions(), fw_vad.VadOptions(max_speech_duration_s=30,
                                                                          min_silence_duration_ms=160)])
def test_speech_timestamps_identical(onnx_model, samples, long_audio, options, monkeypatch):
    """faster-whisper's get_speech_timestamps gives the same regions with either model (the second
    options are those of transcription.chunks)."""
    clips = [samples[name] for name in ("dialog", "pauses", "interview2", "similar", "silent")] + [long_audio]
    use_numpy_vad()
    ours = [fw_vad.get_speech_timestamps(a.copy(), options) for a in clips]
    monkeypatch.setattr(fw_vad, "get_vad_model", lambda: onnx_model)
    ref = [fw_vad.get_speech_timestamps(a.copy(), options) for a in clips]
    assert ours == ref
    assert len(ref[1]) >= 2 and ref[4] == []  # speech between the pauses, none in silence
    assert sum(map(len, ref)) > 20


def test_use_numpy_vad_is_the_factory():
    model = use_numpy_vad()
    assert isinstance(model, SileroVAD)
    assert fw_vad.get_vad_model() is model is load()


def _segments(engine, audio: np.ndarray) -> list[tuple[float, float, str]]:
    return [(round(s.start, 3), round(s.end, 3), s.text) for s in engine.transcribe(audio, 0.0)]


def test_transcripts_identical_with_onnx_and_numpy_vad(fw_engine, base_model, opts, samples, clips, onnx_model,
                                                       monkeypatch):
    """Whisper base, in one process (int8 results are reproducible within a process): the batched
    default (chunks from transcription.chunks) and faster-whisper's own VAD filter (sequential)."""
    import dataclasses

    sequential = load_engine(dataclasses.replace(opts, batched=False), base_model)
    # the clip with the longest silences, where the speech regions decide the chunks (probabilities
    # and regions on the other clips are compared above; each transcription here costs seconds)
    names = ("pauses",)
    ours = {(kind, n): _segments(e, samples[n]) for kind, e in (("batched", fw_engine), ("sequential", sequential))
            for n in names}
    assert fw_vad.get_vad_model() is load()  # the engines use the numpy model
    monkeypatch.setattr(fw_vad, "get_vad_model", lambda: onnx_model)
    ref = {(kind, n): _segments(e, samples[n]) for kind, e in (("batched", fw_engine), ("sequential", sequential))
           for n in names}
    assert ours == ref
    for (_, name), segments in ref.items():  # real transcripts, not empty ones
        assert wer(clips[name][1], " ".join(t for _, _, t in segments)) < MAX_WER
    assert len(speech_chunks(samples["pauses"], 30)) >= 1


GUARD = '''\
"""Stands in for onnxruntime on PYTHONPATH in tests/transcription/test_vad.py: importing it fails
and leaves a mark, so no process of the transcription may import onnxruntime."""
import os
open(os.environ["ANDOCK_ONNX_MARK"], "a").write(str(os.getpid()) + "\\n")
raise ImportError("onnxruntime imported at run time")
'''


def _guarded_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python finds a failing ``onnxruntime`` first (children inherit it)."""
    guard = tmp_path / "guard" / "onnxruntime"
    guard.mkdir(parents=True)
    (guard / "__init__.py").write_text(GUARD, encoding="utf-8")
    return dict(os.environ, PYTHONUTF8="1", ANDOCK_ONNX_MARK=str(tmp_path / "imported"),
                PYTHONPATH=os.pathsep.join([str(guard.parent), str(ROOT)]))


def test_transcription_never_imports_onnxruntime(base_model, clips, tmp_path):
    """Both engine modes in a fresh process: onnxruntime is not in sys.modules afterwards."""
    code = textwrap.dedent("""
        import json, sys
        from transcription import audio, models
        from transcription.engines import Options, load_engine
        samples = audio.load(sys.argv[1])
        texts = [" ".join(s.text for s in load_engine(Options(model="base", threads=2, batched=b),
                                                      models.resolve("base")).transcribe(samples, 0.0))
                 for b in (True, False)]
        print(json.dumps({"texts": texts, "onnxruntime": "onnxruntime" in sys.modules}))
    """)
    out = subprocess.run([sys.executable, "-c", code, str(clips["dialog"][0])], cwd=ROOT, capture_output=True,
                         text=True, encoding="utf-8", timeout=300, env=_guarded_env(tmp_path))
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["onnxruntime"] is False
    assert all(wer(clips["dialog"][1], text) < MAX_WER for text in result["texts"])
    assert not (tmp_path / "imported").exists()


def test_transcribe_command_never_imports_onnxruntime(base_model, clips, tmp_path):
    """``andock transcribe-file``, whose transcription runs in a spawned child process."""
    out_json = tmp_path / "out.json"
    out = subprocess.run([sys.executable, "-m", "app.cli", "transcribe-file", str(clips["pauses"][0]),
                          "-o", str(out_json), "--model", "base", "--threads", "2"], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8", timeout=300, env=_guarded_env(tmp_path))
    assert out.returncode == 0, out.stderr[-2000:]
    text = " ".join(s["text"] for s in json.loads(out_json.read_text(encoding="utf-8"))["segments"])
    assert wer(clips["pauses"][1], text) < MAX_WER
    assert not (tmp_path / "imported").exists()


def test_longest_unheard_stretch_of_a_chunk():
    from transcription.chunks import longest_unheard

    assert longest_unheard(10.0, []) == 10.0  # nothing recognised: all of it unheard
    assert longest_unheard(10.0, [(0.2, 4.0), (4.1, 9.5)]) == pytest.approx(0.5)  # the tail
    assert longest_unheard(10.0, [(3.0, 9.9)]) == pytest.approx(3.0)  # the start
    assert longest_unheard(10.0, [(5.0, 9.9), (0.0, 2.0)]) == pytest.approx(3.0)  # a gap, any order
    assert longest_unheard(10.0, [(0.0, 6.0), (1.0, 2.0), (6.5, 10.0)]) == pytest.approx(0.5)  # overlaps
    assert longest_unheard(0.0, [(0.0, 1.0)]) == 0.0

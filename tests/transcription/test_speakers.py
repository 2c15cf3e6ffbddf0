"""Speakers told apart by voice (Resemblyzer's encoder, shipped as numpy weights) and by channel."""
from __future__ import annotations

import dataclasses
import fnmatch
import importlib.metadata
import itertools
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.transcription import audio_fixtures as af
from transcription import diarize, pipeline
from transcription.wer import matched_words

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _attribution(result, turns) -> tuple[float, float, int]:
    """Share of correctly recognised words that carry the right speaker, the share of the speaker
    who says most of them, and how many words were recognised correctly.

    Up to the naming of the speakers: the better of the label permutations counts.
    """
    ref = [(spk, w) for spk, text in turns for w in text.split()]
    hyp = [w for s in result.segments for w in s.words]
    pairs = matched_words([w for _, w in ref], [w.text for w in hyp])
    labels = sorted({spk for spk, _ in ref})
    right = max(sum(dict(zip(perm, labels)).get(hyp[j].speaker) == ref[i][0] for i, j in pairs)
                for perm in itertools.permutations(labels))
    most = max(sum(ref[i][0] == label for i, _ in pairs) for label in labels)
    return right / len(pairs), most / len(pairs), len(pairs)


def _speech_windows(enc: diarize.VoiceEncoder, samples: np.ndarray) -> np.ndarray:
    """1.6-s mel windows every 0.8 s that hold sound."""
    mel = enc.mel(samples)
    starts = [s for s in range(0, len(mel) - diarize.WIN, diarize.WIN // 2)
              if np.sqrt(np.mean(samples[s * 160:(s + diarize.WIN) * 160] ** 2)) >= 0.003]
    return np.stack([mel[s:s + diarize.WIN] for s in starts])


def test_numpy_encoder_matches_torch_on_the_shipped_weights(samples):
    import torch  # the reference LSTM (torch comes with the openai-whisper engine)

    enc = diarize.VoiceEncoder()
    mels = _speech_windows(enc, samples["dialog"])[:16]
    w = {k: torch.from_numpy(v.astype(np.float32)) for k, v in diarize.load_weights().items()}
    lstm, lin = torch.nn.LSTM(40, 256, 3, batch_first=True), torch.nn.Linear(256, 256)
    state = {}
    for k in range(3):
        state |= {f"weight_ih_l{k}": w[f"w_ih{k}"].T, f"weight_hh_l{k}": w[f"w_hh{k}"].T,
                  f"bias_ih_l{k}": w[f"bias{k}"], f"bias_hh_l{k}": torch.zeros(1024)}
    lstm.load_state_dict(state)
    lin.load_state_dict({"weight": w["linear_w"].T, "bias": w["linear_b"]})
    with torch.no_grad():
        _, (h, _) = lstm(torch.from_numpy(mels))
        ref = torch.nn.functional.normalize(torch.relu(lin(h[-1])), dim=1).numpy()
    assert len(mels) == 16 and np.abs(enc.embed(mels) - ref).max() < 1e-4


@pytest.mark.parametrize("name,turns", [("dialog", af.DIALOGUE), ("interview2", af.INTERVIEW2)])
def test_two_voices_in_one_channel(fw_engine, opts, clips, name, turns):
    """Two espeak-ng voices (de, de+f3) taking turns: at least 90 % of the words get the right one."""
    result = pipeline.transcribe(clips[name][0], opts, engine=fw_engine)
    assert result.speakers == ["I", "B"]
    share, most, n = _attribution(result, turns)
    print(f"different voices ({name}): {share:.1%} of {n} correctly recognised words with the right "
          f"speaker (one label for all: {most:.1%})")
    assert n >= 30 and share >= 0.90
    assert [t.speaker for t in result.turns][:2] == ["I", "B"]


def test_similar_voices_with_backchannels(fw_engine, opts, clips):
    result = pipeline.transcribe(clips["similar"][0], opts, engine=fw_engine)
    share, most, n = _attribution(result, af.BACKCHANNEL)
    print(f"similar voices with back-channels: {share:.1%} of {n} correctly recognised words with the "
          f"right speaker (one label for all: {most:.1%})")
    # enough correctly recognised words to measure anything (59 spoken; usually about 45-50, but
    # faster-whisper's int8 results vary per process and one CI run got only 14)
    assert n >= 10 and len(result.speakers) == 2
    # The bound: no worse than giving every word to the speaker who says most (about 60 % here).
    # These two espeak voices (de+m1, de+m3) are nearly one voice to the encoder (utterances of
    # different voices about 0.88 cosine apart, of one voice about 0.9), and the one-word
    # back-channels are too short to be judged by their own voice, so more is not promised
    # (measured 67-79 %). A labelling that splits one voice and mixes the turns falls below it.
    assert share >= most


def test_one_speaker_and_stereo_need_no_voices(opts):
    from transcription.speakers import voice_track

    assert voice_track(dataclasses.replace(opts, speakers=1)) is None
    assert voice_track(dataclasses.replace(opts, stereo_speakers=True)) is None
    assert voice_track(opts) is not None


def test_the_voice_encoder_ships_with_andock():
    """No extra to install: the weights are package data, plain arrays, with their licence."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert "diarization" not in extras
    every_requirement = PYPROJECT["project"]["dependencies"] + [r for rs in extras.values() for r in rs]
    assert not {"resemblyzer", "webrtcvad", "librosa"} & {canonicalize_name(Requirement(r).name)
                                                          for r in every_requirement}
    folder = ROOT / "resources" / "voice"
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["resources"]
    shipped = sorted(p.name for p in folder.iterdir())
    assert shipped == ["LICENSE-Resemblyzer.txt", "README.md", "encoder.npz"]
    assert all(any(fnmatch.fnmatch(f"voice/{name}", pat) for pat in patterns) for name in shipped)
    assert "Apache License" in (folder / "LICENSE-Resemblyzer.txt").read_text(encoding="utf-8")
    assert diarize.weights_path() == folder / "encoder.npz" and diarize.available()
    with np.load(folder / "encoder.npz", allow_pickle=False) as data:  # no pickled objects inside
        assert data["w_hh0"].dtype == np.float16 and data["w_hh0"].shape == (256, 1024)
        assert str(data["source"]).startswith("Resemblyzer 0.1.4 pretrained.pt")


def _installed_by_the_first_command() -> set[str]:
    """Distributions that `pip install .[transcription]` (the README's first command) installs.

    Andock's dependencies and the transcription extra, followed through the installed packages'
    own requirements (with their extras and environment markers).
    """
    project = PYPROJECT["project"]
    first = project["dependencies"] + project["optional-dependencies"]["transcription"]
    todo = [Requirement(r) for r in first]
    todo = [r for r in todo if r.marker is None or r.marker.evaluate({"extra": ""})]
    seen: dict[str, set[str]] = {"andock": set()}
    while todo:
        req = todo.pop()
        name, extras = canonicalize_name(req.name), set(req.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        for spec in importlib.metadata.requires(req.name) or []:
            sub = Requirement(spec)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras | {""}):
                todo.append(sub)
    return set(seen)


# Runs in a fresh interpreter in which every module that the first command would not install
# fails to import: it tells two voices apart with the shipped weights alone.
_CHILD = """
import importlib.abc, json, sys, wave
import numpy as np
import pytest

blocked = set(json.loads(sys.argv[1]))

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError(f"{name} is not installed by the README's first command")
        return None

sys.meta_path.insert(0, NotInstalled())
from transcription import diarize, speakers
from transcription.engines import Options

enc = speakers.voice_track(Options()).encoder  # two speakers, told apart by voice

def voice(path):
    with wave.open(path) as f:
        pcm = np.frombuffer(f.readframes(f.getnframes()), np.int16).astype(np.float32) / 32768
    mel = enc.mel(pcm)
    vecs = enc.embed(np.stack([mel[s:s + diarize.WIN] for s in range(0, len(mel) - diarize.WIN, 80)]))
    mean = vecs.mean(axis=0)
    return mean / np.linalg.norm(mean)

i0, b1, i2 = (voice(p) for p in sys.argv[2:5])
heavy = ("resemblyzer", "torch", "librosa", "webrtcvad")
print(json.dumps({"same": float(i0 @ i2), "other": float(i0 @ b1),
                  "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


def test_a_fresh_install_tells_voices_apart(clips):
    """The README's first command installs all that telling voices apart needs: no resemblyzer
    (whose webrtcvad needs a C compiler), no torch."""
    allowed = _installed_by_the_first_command()
    blocked = {mod for mod, dists in importlib.metadata.packages_distributions().items()
               if not any(canonicalize_name(d) in allowed for d in dists)}
    assert "torch" in blocked and "faster_whisper" not in blocked and "numpy" not in blocked
    blocked |= {"resemblyzer", "librosa", "webrtcvad"}  # whether installed here or not
    folder = clips["dialog"][0].parent  # the dialogue's turns: I, B, I
    out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(sorted(blocked)),
                          *(str(folder / f"dialog_{k}.wav") for k in range(3))],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    print(f"fresh install: same voice {found['same']:.3f}, other voice {found['other']:.3f}")
    assert found["loaded"] == [] and found["same"] > found["other"] + 0.1

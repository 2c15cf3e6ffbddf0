"""Convert Resemblyzer's voice encoder (``pretrained.pt``) into the numpy file Andock ships.

    .venv/bin/python scripts/convert_voice_encoder.py [speech.wav ...]

Run once, by a developer, in a venv that has ``resemblyzer`` (for its weights), ``torch`` (to read
them) and ``librosa`` (the mel filterbank Resemblyzer computes its input with) installed; Andock
itself needs none of them at run time. Writes ``resources/voice/encoder.npz``: the LSTM and linear
weights in float16 (half the size), biases and the filterbank in float32. Before writing, it
checks on speech (the WAV files given, else German sentences spoken by espeak-ng in four voices)
that the float16 weights give the same embeddings as the float32 ones (cosine similarity of every
1.6-s window above 0.999), and that the numpy encoder matches torch's LSTM.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "voice" / "encoder.npz"
MIN_COSINE = 0.999


def pretrained_path() -> Path:
    """``pretrained.pt`` inside the installed resemblyzer package (found without importing it)."""
    spec = importlib.util.find_spec("resemblyzer")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("install resemblyzer==0.1.4 first (pip install resemblyzer==0.1.4)")
    return Path(list(spec.submodule_search_locations)[0]) / "pretrained.pt"


def arrays(path: Path) -> dict[str, np.ndarray]:
    """What the encoder needs, in float32: weights pre-transposed, the two LSTM biases added."""
    import librosa
    import torch

    state = torch.load(path, map_location="cpu", weights_only=True)["model_state"]
    w = {k: v.numpy().astype(np.float32) for k, v in state.items()}
    out = {"mel_filters": librosa.filters.mel(sr=16000, n_fft=400, n_mels=40).astype(np.float32)}
    for k in range(3):
        out[f"w_ih{k}"] = w[f"lstm.weight_ih_l{k}"].T.copy()
        out[f"w_hh{k}"] = w[f"lstm.weight_hh_l{k}"].T.copy()
        out[f"bias{k}"] = w[f"lstm.bias_ih_l{k}"] + w[f"lstm.bias_hh_l{k}"]
    out["linear_w"], out["linear_b"] = w["linear.weight"].T.copy(), w["linear.bias"]
    return out  # similarity_weight/_bias and the optimizer state only served the training


def half(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The weight matrices in float16 (the bulk of the file); biases and filterbank stay float32."""
    return {k: v.astype(np.float16) if k.startswith(("w_", "linear_w")) else v for k, v in weights.items()}


def speech(wavs: list[str]) -> list[np.ndarray]:
    """The given recordings, or German interview sentences spoken by four espeak-ng voices."""
    from transcription import audio

    if wavs:
        return [audio.load(Path(p)) for p in wavs]
    from tests.transcription import audio_fixtures as af

    if not af.tools_available():
        sys.exit("give WAV files with speech, or install espeak-ng and sox")
    text = " ".join(t for q, a in af.CORPUS for t in (q, a))
    with tempfile.TemporaryDirectory() as tmp:
        return [audio.load(af.speak(text, voice, Path(tmp) / f"{k}.wav"))
                for k, voice in enumerate(("de", "de+f3", "de+m1", "de+m3"))]


def windows(enc, samples: np.ndarray) -> np.ndarray:
    """1.6-s mel windows every 0.8 s that hold sound (as the pipeline embeds them)."""
    from transcription.diarize import WIN

    mel = enc.mel(samples)
    starts = [s for s in range(0, len(mel) - WIN, WIN // 2)
              if np.sqrt(np.mean(samples[s * 160:(s + WIN) * 160] ** 2)) >= 0.003]
    return np.stack([mel[s:s + WIN] for s in starts])


def check_torch(weights: dict[str, np.ndarray], mels: np.ndarray) -> float:
    """Largest difference between the numpy encoder and torch's LSTM on the same weights."""
    import torch

    from transcription.diarize import VoiceEncoder

    lstm, lin = torch.nn.LSTM(40, 256, 3, batch_first=True), torch.nn.Linear(256, 256)
    state = {}
    for k in range(3):
        state[f"weight_ih_l{k}"] = torch.from_numpy(weights[f"w_ih{k}"].T.copy())
        state[f"weight_hh_l{k}"] = torch.from_numpy(weights[f"w_hh{k}"].T.copy())
        state[f"bias_ih_l{k}"] = torch.from_numpy(weights[f"bias{k}"])
        state[f"bias_hh_l{k}"] = torch.zeros(1024)
    lstm.load_state_dict(state)
    lin.load_state_dict({"weight": torch.from_numpy(weights["linear_w"].T.copy()),
                         "bias": torch.from_numpy(weights["linear_b"])})
    with torch.no_grad():
        _, (h, _) = lstm(torch.from_numpy(mels))
        ref = torch.nn.functional.normalize(torch.relu(lin(h[-1])), dim=1).numpy()
    return float(np.abs(VoiceEncoder(weights).embed(mels) - ref).max())


def main(wavs: list[str]) -> None:
    """Convert, check and write ``resources/voice/encoder.npz``."""
    from transcription.diarize import VoiceEncoder

    source = pretrained_path()
    full = arrays(source)
    small = half(full)
    enc32, enc16 = VoiceEncoder(full), VoiceEncoder(small)
    mels = np.concatenate([windows(enc32, s) for s in speech(wavs)])
    print(f"numpy vs torch (float32): largest difference {check_torch(full, mels[:64]):.2e}")
    a = np.concatenate([enc32.embed(mels[i:i + 128]) for i in range(0, len(mels), 128)])
    b = np.concatenate([enc16.embed(mels[i:i + 128]) for i in range(0, len(mels), 128)])
    cos = np.sum(a * b, axis=1)
    print(f"float16 vs float32 on {len(cos)} speech windows: cosine similarity min {cos.min():.7f} "
          f"(1 - min = {1 - cos.min():.1e}), mean {cos.mean():.7f}")
    chosen = small if cos.min() > MIN_COSINE else full
    version = importlib.metadata.version("resemblyzer")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    label = np.array(f"Resemblyzer {version} pretrained.pt sha256 {digest}")
    np.savez_compressed(OUT, **chosen, source=label)
    kind = "float16" if chosen is small else "float32 (float16 changed the embeddings)"
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.2f} MB, weights in {kind})")


if __name__ == "__main__":
    main(sys.argv[1:])

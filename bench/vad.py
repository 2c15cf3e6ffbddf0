"""VAD benchmark (not part of CI): Silero VAD in numpy (transcription/vad.py) vs onnxruntime.

    python bench/vad.py [--minutes 10] [--repeat 3]

Builds the German interview audio of bench/transcribe.py, then runs both models on it in this
process, alternating, ``--repeat`` times each, and prints the best time per hour of audio, the
largest difference of the probabilities and whether get_speech_timestamps finds the same regions.
onnxruntime runs as faster-whisper sets it up (one thread); numpy uses its BLAS's threads for the
encoder's matrix products (the LSTM's steps are too small to share).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Build the audio, time both models, print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import numpy as np
    from faster_whisper import vad as fw_vad
    from faster_whisper.utils import get_assets_path

    from bench.transcribe import build_audio
    from transcription import audio as audio_io
    from transcription.vad import load

    with tempfile.TemporaryDirectory(prefix="andock-vad-") as tmp:
        wav, _ = build_audio(Path(tmp), args.minutes)
        samples = audio_io.load(wav)
    samples = np.pad(samples, (0, 512 - len(samples) % 512))
    hours = len(samples) / 16000 / 3600
    models = {"numpy": load(), "onnxruntime": fw_vad.SileroVADModel(os.path.join(get_assets_path(),
                                                                                 "silero_vad_v6.onnx"))}
    best = {name: float("inf") for name in models}
    probs = {}
    for _ in range(args.repeat):
        for name, model in models.items():
            started = time.perf_counter()
            probs[name] = model(samples.copy())
            best[name] = min(best[name], time.perf_counter() - started)
    regions = {}
    for name, model in models.items():
        fw_vad.get_vad_model = lambda model=model: model
        regions[name] = fw_vad.get_speech_timestamps(samples.copy())
    print(f"audio: {hours * 60:.1f} min ({len(samples) // 512} windows), best of {args.repeat}")
    for name in models:
        print(f"{name:12s} {best[name] / hours:6.2f} s per hour of audio")
    print(f"numpy / onnxruntime: {best['numpy'] / best['onnxruntime']:.2f}")
    diff = float(np.abs(probs["numpy"] - probs["onnxruntime"]).max())
    print(f"largest difference of the probabilities: {diff:.1e}; speech regions identical: "
          f"{regions['numpy'] == regions['onnxruntime']} ({len(regions['numpy'])} regions)")


if __name__ == "__main__":
    main()

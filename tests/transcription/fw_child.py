"""Run in a fresh process: the default faster-whisper engine on the given WAV files, texts as JSON.

    python -m tests.transcription.fw_child MODEL THREADS WAV...

faster-whisper's int8 kernels give slightly different numbers in every process on some CPUs
(seen on AMD EPYC: the same audio decodes differently per process, identically within one), so
accuracy comparisons average over several processes (tests/transcription/test_engines.py).
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> None:
    from transcription import audio, models
    from transcription.engines import Options, load_engine

    model, threads, wavs = argv[0], int(argv[1]), argv[2:]
    engine = load_engine(Options(model=model, threads=threads), models.resolve(model))
    texts = [" ".join(s.text for s in engine.transcribe(audio.load(w), 0.0)) for w in wavs]
    print(json.dumps(texts, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Transcription benchmark (not part of CI): Andock's default pipeline vs openai-whisper.

    python bench/transcribe.py [--minutes 10] [--model base] [--threads 2] [--skip-openai]

Builds >= 10 minutes of German two-voice interview audio with espeak-ng + sox (the test corpus
repeated), then measures, each in its own process with the same thread count and model loading
counted:

* andock: exactly ``andock transcribe-file AUDIO -o OUT.json --model base --threads N`` (the CLI
  defaults: faster-whisper int8, batched with VAD, beam 5, word timestamps, speakers);
* andock-sequential: the same with faster-whisper's sequential decoding (for comparison);
* openai-whisper: ``whisper.transcribe(beam_size=5, best_of=5, word_timestamps=True)`` on the
  same weights (rebuilt from the CTranslate2 file) and the same decoded audio.

Prints real-time factor, word error rate, peak memory (max RSS of the process tree) and speed
ratio. The openai-whisper run takes about as long as the audio or longer on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_audio(folder: Path, minutes: float) -> tuple[Path, str]:
    """The corpus dialogue repeated until it lasts ``minutes``; returns (wav, reference text)."""
    from tests.transcription import audio_fixtures as af

    turns = [(s, t) for q, a in af.CORPUS for s, t in (("I", q), ("B", a))] + list(af.DIALOGUE)
    one, ref = af.dialogue(folder, turns=turns, name="bench_part")
    n = max(1, int(-(-minutes * 60 // af.seconds(one))))
    gap = af.silence(0.6, folder / "bench_gap.wav")
    parts = [p for _ in range(n) for p in (one, gap)][:-1]
    return af.concat(parts, folder / "bench.wav"), " ".join([ref] * n)


def _run_measured(cmd: list[str], env: dict) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of the process and the children it reaped, and stdout."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of that process tree alone
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read()[-2000:]}")
        return wall, usage.ru_maxrss // 1024, out.read()


def openai_worker(audio_path: str, checkpoint: str, threads: int) -> None:
    """Child process: load openai-whisper, transcribe with beam 5 + word timestamps, print JSON."""
    import torch

    torch.set_num_threads(threads)
    import whisper

    from transcription import audio
    from transcription.ct2_to_openai import load_openai_model

    model = load_openai_model(checkpoint)
    samples = audio.load(audio_path)  # openai's own loader would need the ffmpeg program
    result = whisper.transcribe(model, samples, language="de", beam_size=5, best_of=5,
                                word_timestamps=True, fp16=False)
    print(json.dumps({"text": result["text"]}))


def main() -> None:
    """Build the audio, run each system in its own process, print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--model", default="base")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-openai", action="store_true")
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        openai_worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return
    from transcription import engines, models
    from transcription.wer import wer

    work = Path(tempfile.mkdtemp(prefix="andock-bench-"))
    wav, ref = build_audio(work, args.minutes)
    from transcription.audio import probe

    duration = probe(wav, checksum=False).duration
    print(f"audio: {duration / 60:.1f} min, {len(ref.split())} words, model {args.model}, {args.threads} threads")
    env = dict(os.environ, PYTHONUTF8="1")
    ref_model = models.resolve(args.model)  # assembled from the registry packages once
    results = {}
    andock = [sys.executable, "-m", "app.cli", "transcribe-file", str(wav), "--model", args.model,
              "--threads", str(args.threads)]
    for name, extra in (("andock", []), ("andock-sequential", ["--sequential"])):
        out = work / f"{name}.json"
        wall, peak, _ = _run_measured(andock + extra + ["-o", str(out)], env)
        text = " ".join(s["text"] for s in json.loads(out.read_text(encoding="utf-8"))["segments"])
        results[name] = (wall, peak, wer(ref, text))
        print(f"{name:18s} RTF {wall / duration:.3f}  WER {results[name][2]:.3f}  peak {peak} MB  ({wall:.0f} s)",
              flush=True)
    if not args.skip_openai:
        ckpt = engines._checkpoint(ref_model)  # conversion is not counted: it is done once
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(wav), str(ckpt), str(args.threads)]
        wall, peak, out = _run_measured(cmd, env)
        results["openai-whisper"] = (wall, peak, wer(ref, json.loads(out.strip().splitlines()[-1])["text"]))
        print(f"{'openai-whisper':18s} RTF {wall / duration:.3f}  WER {results['openai-whisper'][2]:.3f}  "
              f"peak {peak} MB  ({wall:.0f} s)")
        for name in ("andock", "andock-sequential"):
            print(f"speed ratio {name} vs openai-whisper: {wall / results[name][0]:.1f} x")


if __name__ == "__main__":
    main()

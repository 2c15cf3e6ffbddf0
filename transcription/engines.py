"""Speech recognisers behind one interface: faster-whisper (default) and openai-whisper.

Both get decoded 16 kHz float32 arrays, never a path: openai-whisper's own loader would call
the ``ffmpeg`` program, which users do not have.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Iterator, Protocol

import numpy as np

from . import models
from .errors import EngineUnavailable, ModelNotFound
from .result import Segment, Word

ENGINES = ("faster-whisper", "openai-whisper")
ALL_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class Options:
    """What to transcribe with; the fields that change the text also key the journal."""

    engine: str = "faster-whisper"
    model: str = models.DEFAULT_MODEL
    language: str | None = "de"  # None: detect from the first 30 s
    beam_size: int = 5
    initial_prompt: str | None = None  # vocabulary: names of places and organisations
    word_timestamps: bool = True
    temperatures: tuple[float, ...] = ALL_TEMPERATURES
    batched: bool = True  # faster-whisper: VAD chunks decoded in batches
    batch_size: int = 8
    chunk_s: int = 30  # longest VAD chunk handed to Whisper in batched mode
    vad: bool = True
    threads: int = 0  # 0: the library's default
    device: str = "auto"  # "auto", "cpu" or "cuda"
    compute_type: str = "auto"  # auto: int8 on CPU, float16 on CUDA
    speakers: int = 2
    stereo_speakers: bool = False  # one speaker per channel
    window_s: float = 600.0
    download: bool = False  # allow downloading a named model (the user asked)

    def fingerprint(self) -> str:
        """A short hash of the options that affect the recognised text (journal key)."""
        keep = {k: v for k, v in asdict(self).items() if k not in ("threads", "download", "device")}
        return hashlib.sha256(repr(sorted(keep.items())).encode()).hexdigest()[:12]


class Engine(Protocol):
    """A loaded recogniser: yields segments of one window with times from the recording's start."""

    name: str
    language: str | None

    def transcribe(self, audio: np.ndarray, offset: float) -> Iterator[Segment]: ...


def load_engine(opts: Options, ref: models.ModelRef | None = None) -> Engine:
    """Resolve the model and load the engine named in ``opts``."""
    if opts.engine not in ENGINES:
        raise EngineUnavailable(f"unknown engine '{opts.engine}' (choose {' or '.join(ENGINES)})")
    ref = ref or models.resolve(opts.model, download=opts.download)
    if opts.engine == "openai-whisper":
        return OpenAIWhisperEngine(ref, opts)
    return FasterWhisperEngine(ref, opts)


def _words(raw, offset: float) -> list[Word]:
    return [Word(w.start + offset, w.end + offset, w.word, float(w.probability)) for w in raw or []]


class FasterWhisperEngine:
    """CTranslate2: int8 on CPU, float16 on CUDA; batched VAD chunks (Silero VAD ships in the wheel)."""

    name = "faster-whisper"

    def __init__(self, ref: models.ModelRef, opts: Options) -> None:
        try:
            import ctranslate2
            from faster_whisper import BatchedInferencePipeline, WhisperModel
        except ImportError as exc:
            raise EngineUnavailable(f"faster-whisper is not installed ({exc}); "
                                    "install Andock with the 'transcription' extra") from None
        if ref.ct2_dir is None:
            raise ModelNotFound(f"faster-whisper needs a CTranslate2 model folder, not {ref.openai_checkpoint}")
        cuda = opts.device == "cuda" or (opts.device == "auto" and ctranslate2.get_cuda_device_count() > 0)
        compute = opts.compute_type if opts.compute_type != "auto" else ("float16" if cuda else "int8")
        self.opts = opts
        self.language = opts.language
        self.model = WhisperModel(str(ref.ct2_dir), device="cuda" if cuda else "cpu",
                                  compute_type=compute, cpu_threads=opts.threads)
        self.pipeline = BatchedInferencePipeline(self.model)

    def transcribe(self, audio: np.ndarray, offset: float) -> Iterator[Segment]:
        """Recognise one window; segments come as each batch of chunks finishes."""
        o = self.opts
        common = dict(language=self.language, beam_size=o.beam_size, initial_prompt=o.initial_prompt,
                      word_timestamps=o.word_timestamps)
        if o.batched:
            segs, info = self.pipeline.transcribe(audio, batch_size=o.batch_size, chunk_length=o.chunk_s,
                                                  vad_filter=o.vad, temperature=list(o.temperatures),
                                                  **common)
        else:
            segs, info = self.model.transcribe(audio, vad_filter=o.vad, temperature=list(o.temperatures),
                                               **common)
        self.language = info.language  # a detected language holds for the rest of the recording
        for s in segs:
            yield Segment(s.start + offset, s.end + offset, s.text.strip(), _words(s.words, offset),
                          float(s.avg_logprob), float(s.no_speech_prob))


class OpenAIWhisperEngine:
    """openai-whisper (PyTorch) on a converted or original checkpoint; fp32 on CPU."""

    name = "openai-whisper"

    def __init__(self, ref: models.ModelRef, opts: Options) -> None:
        try:
            import torch
            import whisper  # noqa: F401 - fail here with a clear message, not mid-run
        except ImportError as exc:
            raise EngineUnavailable(f"openai-whisper is not installed ({exc}); "
                                    "install Andock with the 'transcription' extra") from None
        from .ct2_to_openai import load_openai_model

        if opts.threads:
            torch.set_num_threads(opts.threads)
        self.device = "cuda" if opts.device != "cpu" and torch.cuda.is_available() else "cpu"
        self.opts = opts
        self.language = opts.language
        self.model = load_openai_model(_checkpoint(ref), self.device)

    def transcribe(self, audio: np.ndarray, offset: float) -> Iterator[Segment]:
        """Recognise one window with ``whisper.transcribe`` (the whole window at once)."""
        import whisper

        o = self.opts
        if len(audio) < 1600:  # < 0.1 s: nothing to hear, and whisper's padding would invent text
            return
        result = whisper.transcribe(
            self.model, audio.astype(np.float32), language=self.language, initial_prompt=o.initial_prompt,
            word_timestamps=o.word_timestamps, temperature=o.temperatures, fp16=self.device == "cuda",
            beam_size=o.beam_size if o.beam_size > 1 else None,
            best_of=5 if len(o.temperatures) > 1 else None, verbose=None)
        self.language = result.get("language") or self.language
        for s in result["segments"]:
            words = [Word(w["start"] + offset, w["end"] + offset, w["word"], float(w["probability"]))
                     for w in s.get("words", [])]
            yield Segment(s["start"] + offset, s["end"] + offset, s["text"].strip(), words,
                          float(s["avg_logprob"]), float(s["no_speech_prob"]))


def _checkpoint(ref: models.ModelRef):
    """An openai-whisper checkpoint for ``ref``, converting a CTranslate2 model once (cached)."""
    if ref.openai_checkpoint is not None:
        return ref.openai_checkpoint
    from .ct2_to_openai import convert_to_file

    stat = (ref.ct2_dir / "model.bin").stat()
    key = hashlib.sha256(f"{ref.ct2_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = models.cache_dir() / "openai-whisper" / f"{ref.name}-{key}.pt"
    return target if target.is_file() else convert_to_file(ref.ct2_dir, target)

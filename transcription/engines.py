"""Speech recognisers behind one interface: faster-whisper (default) and openai-whisper.

Both get decoded 16 kHz float32 arrays, never a path: openai-whisper's own loader would call
the ``ffmpeg`` program, which users do not have.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator, Protocol

import numpy as np

from . import models
from .chunks import SR, Chunk, fixed_chunks, in_slots, longest_unheard, speech_chunks
from .errors import EngineUnavailable, ModelNotFound
from .result import Segment, Word
from .vad import use_numpy_vad

ENGINES = models.ENGINES
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
    # Batched chunks are decoded without the previous text as context; a mild penalty keeps the
    # model out of repetition loops (fewer errors on every German test clip and the benchmark).
    repetition_penalty: float = 1.1
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
    return [Word(float(w.start + offset), float(w.end + offset), w.word, float(w.probability)) for w in raw or []]


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
        if opts.vad:  # Silero VAD in numpy, not faster-whisper's onnxruntime (transcription/vad.py)
            use_numpy_vad()  # and loaded now rather than on the first window

    def transcribe(self, audio: np.ndarray, offset: float) -> Iterator[Segment]:
        """Recognise one window; segments come as each batch of chunks finishes."""
        o = self.opts
        if not o.batched:
            segs, info = self.model.transcribe(audio, vad_filter=o.vad, temperature=list(o.temperatures),
                                               **self._common())
            self.language = info.language  # a detected language holds for the rest of the recording
            for s in segs:
                yield Segment(float(s.start + offset), float(s.end + offset), s.text.strip(), _words(s.words, offset),
                              float(s.avg_logprob), float(s.no_speech_prob))
            return
        found = speech_chunks(audio, o.chunk_s) if o.vad else fixed_chunks(audio, o.chunk_s)
        for i in range(0, len(found), o.batch_size):  # one batch at a time, so segments stream
            group = found[i:i + o.batch_size]
            slots, clips = in_slots(group, _SLOT)
            segs, info = self.pipeline.transcribe(slots, clip_timestamps=clips, batch_size=o.batch_size,
                                                  vad_filter=False, temperature=[o.temperatures[0]],
                                                  repetition_penalty=o.repetition_penalty, **self._common())
            segs = list(segs)
            self.language = info.language
            for k, chunk in enumerate(group):
                mine = [s for s in segs if k * _SLOT <= s.start < (k + 1) * _SLOT]
                yield from self._checked(chunk, mine, k * _SLOT, offset)

    def _common(self) -> dict:
        o = self.opts
        return dict(language=self.language, beam_size=o.beam_size, initial_prompt=o.initial_prompt,
                    word_timestamps=o.word_timestamps)

    def _checked(self, chunk: Chunk, segs: list, slot: float, offset: float) -> Iterator[Segment]:
        """A chunk's segments; a failed decode (a loop, or very unsure) is redone with fallback,
        and so is one that left part of the chunk's speech without words (kept if it hears more
        and does not loop).

        Batched decoding has no temperature fallback, and a base-size model then sometimes
        repeats one sentence for a whole chunk; openai-whisper's transcribe() retries such windows.
        Batched decoding also now and then stops before the chunk ends or skips a sentence,
        which no score shows (faster-whisper #1179, #1351): sequential decoding goes on from
        where the text stopped.
        """
        failed = _unsure(segs)
        retry = failed and len(self.opts.temperatures) > 1
        seconds = len(chunk.audio) / SR
        heard = [(w.start - slot, w.end - slot) for s in segs for w in s.words or []]
        unheard = longest_unheard(seconds, heard)
        # only where VAD packed speech alone (not fixed pieces with pauses), and not where the
        # model heard no words at all: a chunk of noise decoded again tends to gain invented text
        dropped = self.opts.word_timestamps and self.opts.vad and bool(heard) and unheard > UNHEARD_S
        if retry or dropped:
            import ctranslate2

            ctranslate2.set_random_seed(0)  # sampling at T > 0: the same audio gives the same text
            redo = list(self.model.transcribe(chunk.audio, vad_filter=False, condition_on_previous_text=False,
                                              temperature=list(self.opts.temperatures),
                                              repetition_penalty=self.opts.repetition_penalty,
                                              **self._common())[0])
            # an unsure sentence is kept (its words' low probabilities mark it for checking in
            # the editor), a repetition loop is not; text missing without a trace is the worst
            hears_more = (not any(s.compression_ratio > 2.4 for s in redo)
                          and longest_unheard(seconds, [(w.start, w.end) for s in redo for w in s.words or []]) < unheard)
            if retry or hears_more:
                segs, slot = redo, 0.0

        def at(t: float, mid: float | None = None) -> float:  # plain floats, not numpy scalars
            return float(chunk.original(t - slot, None if mid is None else mid - slot) + offset)

        for s in segs:
            words = [Word(at(w.start, (w.start + w.end) / 2), at(w.end, (w.start + w.end) / 2), w.word,
                          float(w.probability)) for w in s.words or []]
            start, end = (words[0].start, words[-1].end) if words else (at(s.start), at(s.end))
            yield Segment(start, end, s.text.strip(), words, float(s.avg_logprob), float(s.no_speech_prob))


_SLOT = 30  # seconds: Whisper's input length


def _unsure(segs: list) -> bool:
    """A decode that failed: a repetition loop, or very unsure of speech it says is there."""
    return any(s.compression_ratio > 2.4 for s in segs) or any(
        s.avg_logprob < -1.0 and s.no_speech_prob < 0.6 for s in segs)

# seconds of a chunk's speech without a recognised word that make it decoded again: healthy
# chunks of the German test clips and the benchmark leave at most about 1 s between words
UNHEARD_S = 2.0


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
            words = [Word(float(w["start"] + offset), float(w["end"] + offset), w["word"], float(w["probability"]))
                     for w in s.get("words", [])]
            yield Segment(float(s["start"] + offset), float(s["end"] + offset), s["text"].strip(), words,
                          float(s["avg_logprob"]), float(s["no_speech_prob"]))


def _checkpoint(ref: models.ModelRef) -> Path:
    """An openai-whisper checkpoint for ``ref``, converting a CTranslate2 model once (cached)."""
    if ref.openai_checkpoint is not None:
        return ref.openai_checkpoint
    from .ct2_to_openai import convert_to_file

    ct2_dir = ref.ct2_dir
    assert ct2_dir is not None  # a resolved model has a folder or a checkpoint
    stat = (ct2_dir / "model.bin").stat()
    key = hashlib.sha256(f"{ct2_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = models.cache_dir() / "openai-whisper" / f"{ref.name}-{key}.pt"
    return target if target.is_file() else convert_to_file(ct2_dir, target)

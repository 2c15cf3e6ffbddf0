"""The whole transcription as one plain function (Orange3 style: progress callback, may cancel).

Decode in a stream -> windows cut at silences -> engine -> journal -> drop text on silence ->
speakers -> turns with pause marks. Drives the child process, the CLI and the tests alike.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np

from . import audio, conventions, speakers
from .engines import Engine, Options, load_engine
from .errors import Cancelled
from .journal import Journal
from .result import Segment, Transcript, Word
from .silence import EnvelopeBuilder
from .word_times import tighten_words

ProgressFn = Callable[[float, float, str], object]
RESUME_LEAD_S = 1.0  # silence put before the audio where a resumed run starts
SegmentFn = Callable[[Segment], None]


def _report(progress: ProgressFn | None, done: float, total: float, message: str) -> None:
    if progress is not None and progress(float(done), float(total), message) is False:
        raise Cancelled("transcription cancelled")


def transcribe(path: str | Path, opts: Options, *, engine: Engine | None = None,
               journal_dir: Path | None = None, on_segment: SegmentFn | None = None,
               progress: ProgressFn | None = None, info: audio.AudioInfo | None = None) -> Transcript:
    """Transcribe ``path``; with ``journal_dir`` finished segments survive a crash and resume.

    ``progress(done_s, total_s, message)`` returning False cancels (raises ``Cancelled``).
    The journal is left in place: remove it (``Journal.remove``) once the result is safe.
    """
    path = Path(path)
    info = info or audio.probe(path)
    journal = None
    done_segments: list[Segment] = []
    resume_at = 0.0
    if journal_dir is not None:
        from .journal import journal_path

        journal = Journal(journal_path(journal_dir, info.checksum, opts.fingerprint()),
                          info.checksum, opts.fingerprint())
        done_segments, resume_at = journal.load()
        journal.start(keep=bool(done_segments) or resume_at > 0)
    try:
        if engine is None:
            _report(progress, 0, info.duration, "loading the model")
            engine = load_engine(opts)
        engine.language = opts.language  # a new recording: detect again if asked to
        track = speakers.voice_track(opts)
        env, segments = _recognise(path, opts, engine, info, resume_at, journal, on_segment, progress,
                                   track, done_segments)
    finally:
        if journal is not None:
            journal.close()
    segments = conventions.drop_invented(done_segments + segments, env)
    tighten_words(segments, env)  # the play-along highlight switches at word starts
    names = speakers.assign(segments, env, opts, track)
    turns = conventions.build_turns(segments, env)
    duration = len(env.db) * 0.01 or info.duration
    return Transcript(segments, turns, engine.language or opts.language or "", duration, info.checksum,
                      path.name, engine.name, opts.model, names)


def _recognise(path: Path, opts: Options, engine: Engine, info: audio.AudioInfo, resume_at: float,
               journal: Journal | None, on_segment: SegmentFn | None, progress: ProgressFn | None,
               track=None, done: list[Segment] | None = None):
    """Stream the audio through the engine, skipping what the journal already holds.

    Voices (``track``) are embedded for every window, also those the journal holds, so that a
    resumed run clusters speakers over the whole recording.
    """
    builder = EnvelopeBuilder()
    total = info.duration or 1.0
    mono = (builder.feed(block) for block in audio.stream(path, stereo=opts.stereo_speakers))
    found: list[Segment] = []
    started = time.monotonic()
    if resume_at:
        _report(progress, resume_at, total, f"resuming at {resume_at:.0f} s")
    for offset, samples in audio.windows(mono, window_s=opts.window_s):
        end = offset + len(samples) / audio.SAMPLE_RATE
        if end <= resume_at:
            if track is not None:
                track.feed(offset, samples, _words_in(done or [], offset, end))
            continue
        orig_offset, orig_samples = offset, samples
        if offset < resume_at:  # part of this window is journalled already
            # Resume with a short lead-in of silence: the journal ends where a segment ended, and
            # speech may follow at once; without an onset VAD and Whisper can skip that sentence
            # (seen on the test dialogue in about one resume in three).
            skip = int((resume_at - offset) * audio.SAMPLE_RATE)
            lead = np.zeros(int(RESUME_LEAD_S * audio.SAMPLE_RATE), dtype=samples.dtype)
            samples, offset = np.concatenate([lead, samples[skip:]]), resume_at - RESUME_LEAD_S
        for seg in engine.transcribe(samples, offset):
            if seg.start < resume_at:  # timestamps may reach into the silent lead-in
                _clamp(seg, resume_at)
            found.append(seg)
            if journal is not None:
                journal.add(seg)
            if on_segment is not None:
                on_segment(seg)
            _report(progress, min(seg.end, total), total, _eta(started, seg.end - resume_at, total - seg.end))
        if track is not None:
            track.feed(orig_offset, orig_samples, _words_in((done or []) + found, orig_offset, end))
        if journal is not None:
            journal.mark_done(end)
        _report(progress, min(end, total), total, _eta(started, end - resume_at, total - end))
    return builder.finish(), found


def _clamp(seg: Segment, start: float) -> None:
    """Move a segment's (and its words') start times to ``start`` at the earliest."""
    seg.start = max(seg.start, start)
    seg.end = max(seg.end, seg.start)
    for w in seg.words:
        w.start = max(w.start, start)
        w.end = max(w.end, w.start)


def _words_in(segments: list[Segment], start: float, end: float) -> list:
    """Words (or word-less segments) whose middle lies in ``[start, end)``."""
    words: list[Word | Segment] = []
    for s in segments:
        words.extend(s.words or [s])
    return [w for w in words if start <= (w.start + w.end) / 2 < end]


def _eta(started: float, done_s: float, left_s: float) -> str:
    """Message with the speed so far (real-time factor)."""
    spent = time.monotonic() - started
    if done_s <= 0 or spent <= 0:
        return "transcribing"
    return f"transcribing ({spent / done_s:.2f} s per s of audio)"

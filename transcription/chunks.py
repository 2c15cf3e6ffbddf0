"""Speech chunks for batched decoding: VAD regions joined without the silences between them.

Like faster-whisper's own batching, a chunk holds up to 30 s of *speech* (long silences inside
a chunk make Whisper skip sentences); :meth:`Chunk.original` maps chunk times back to the window.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .vad import use_numpy_vad

SR = 16000


@dataclass
class Chunk:
    """Speech regions of a window joined end to end (at most ``chunk_s`` seconds)."""

    audio: np.ndarray
    regions: list[tuple[int, int]]  # (start, end) in samples of the window

    def original(self, t: float, anchor: float | None = None) -> float:
        """Window time of chunk time ``t``; ``anchor`` (a word's middle) picks the region."""
        at = (t if anchor is None else anchor) * SR
        pos = 0
        for k, (start, end) in enumerate(self.regions):
            if at < pos + (end - start) or k == len(self.regions) - 1:
                return (start + min(max(t * SR - pos, 0), end - start)) / SR
            pos += end - start
        return 0.0


def speech_chunks(audio: np.ndarray, chunk_s: float) -> list[Chunk]:
    """Silero VAD speech regions (run in numpy: transcription/vad.py) packed into chunks."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    use_numpy_vad()  # also when called without an engine: never onnxruntime
    regions = get_speech_timestamps(audio, VadOptions(max_speech_duration_s=chunk_s,
                                                      min_silence_duration_ms=160))
    groups: list[list[tuple[int, int]]] = []
    size = 0
    for r in regions:
        length = r["end"] - r["start"]
        if not groups or size + length > chunk_s * SR:
            groups.append([])
            size = 0
        groups[-1].append((r["start"], r["end"]))
        size += length
    return [Chunk(np.concatenate([audio[a:b] for a, b in g]), g) for g in groups]


def longest_unheard(seconds: float, words: list[tuple[float, float]]) -> float:
    """The longest stretch of a chunk's ``seconds`` (all speech, by VAD) in which no recognised
    word lies: before the first word, between two words or after the last. Batched decoding
    now and then stops early or skips a sentence (faster-whisper #1179, #1351), and nothing
    else would tell: the text that is there looks fine."""
    if seconds <= 0:
        return 0.0
    longest, reached = 0.0, 0.0
    for start, end in sorted(words):
        longest = max(longest, start - reached)
        reached = max(reached, end)
    return max(longest, seconds - reached)


def fixed_chunks(audio: np.ndarray, chunk_s: float) -> list[Chunk]:
    """Plain ``chunk_s`` pieces (when VAD is off)."""
    step = int(chunk_s * SR)
    return [Chunk(audio[a:a + step], [(a, min(len(audio), a + step))]) for a in range(0, len(audio), step)]


def in_slots(chunks: list[Chunk], slot_s: int = 30) -> tuple[np.ndarray, list[dict]]:
    """One array with each chunk in its own ``slot_s`` slot, and the clip of each slot (seconds).

    So faster-whisper's batched pipeline decodes the chunks together and each segment's start
    tells which chunk it belongs to.
    """
    slots = np.zeros(len(chunks) * slot_s * SR, np.float32)
    clips = []
    for k, chunk in enumerate(chunks):
        slots[k * slot_s * SR:k * slot_s * SR + len(chunk.audio)] = chunk.audio
        clips.append({"start": k * slot_s, "end": k * slot_s + len(chunk.audio) / SR})
    return slots, clips

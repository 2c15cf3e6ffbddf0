"""A 10 ms loudness track of the whole recording: silences, pauses and per-channel loudness.

Built while the audio streams by (a float per 10 ms: 1.4 MB per hour), so pause lengths and the
"is there any sound here?" check for hallucinated text never need the samples again.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .audio import FRAME, SAMPLE_RATE

FRAME_S = FRAME / SAMPLE_RATE
_FLOOR_DB = -80.0  # digital silence is clamped here so that log and percentiles stay finite
_MIN_THRESHOLD_DB = -60.0


def _db(rms: np.ndarray) -> np.ndarray:
    return 20 * np.log10(np.maximum(rms, 10 ** (_FLOOR_DB / 20)))


@dataclass
class Envelope:
    """Loudness per 10 ms frame: ``db`` of the mono mix, ``channel_db`` per channel (stereo)."""

    db: np.ndarray
    channel_db: np.ndarray | None = None

    @property
    def threshold(self) -> float:
        """Level below which a frame counts as silence: a quarter of the way from floor to speech."""
        if not len(self.db):
            return _MIN_THRESHOLD_DB
        floor, speech = np.percentile(self.db, [10, 95])
        return max(_MIN_THRESHOLD_DB, floor + 0.25 * (speech - floor))

    def _frames(self, start: float, end: float) -> slice:
        a = max(0, int(start / FRAME_S))
        return slice(a, max(a, int(np.ceil(end / FRAME_S))))

    def speech_fraction(self, start: float, end: float) -> float:
        """Share of frames in ``[start, end)`` that are louder than the silence threshold."""
        frames = self.db[self._frames(start, end)]
        return float(np.mean(frames > self.threshold)) if len(frames) else 0.0

    def longest_silence(self, start: float, end: float, threshold: float | None = None) -> float:
        """Seconds of the longest run of silent frames in ``[start, end)``."""
        frames = self.db[self._frames(start, end)]
        silent = frames <= (self.threshold if threshold is None else threshold)
        if not silent.any():
            return 0.0
        # Run lengths of True values via the positions where the mask changes.
        edges = np.flatnonzero(np.diff(np.concatenate(([0], silent.view(np.int8), [0]))))
        return float((edges[1::2] - edges[::2]).max() * FRAME_S)

    def louder_channel(self, start: float, end: float) -> int | None:
        """0 or 1: the channel with more energy in ``[start, end)`` (None for mono or a tie)."""
        if self.channel_db is None:
            return None
        frames = self.channel_db[self._frames(start, end)]
        if not len(frames):
            return None
        power = np.mean(10 ** (frames / 10), axis=0)
        if abs(10 * np.log10(power[0] / power[1])) < 1.0:
            return None
        return int(np.argmax(power))


class EnvelopeBuilder:
    """Feeds decoded blocks (mono ``(n,)`` or stereo ``(n, 2)``) into an :class:`Envelope`."""

    def __init__(self) -> None:
        self._mono: list[np.ndarray] = []
        self._chan: list[np.ndarray] = []
        self._carry: np.ndarray | None = None

    def feed(self, block: np.ndarray) -> np.ndarray:
        """Add a block; returns its mono mix (what the recogniser gets)."""
        data = block if self._carry is None else np.concatenate([self._carry, block])
        n = len(data) // FRAME * FRAME
        frames, self._carry = data[:n], data[n:]
        if frames.ndim == 2:
            chan = frames.reshape(-1, FRAME, frames.shape[1]).astype(np.float64)
            self._chan.append(_db(np.sqrt(np.mean(chan ** 2, axis=1))).astype(np.float32))
            mono_frames = chan.mean(axis=2)
        else:
            mono_frames = frames.reshape(-1, FRAME).astype(np.float64)
        self._mono.append(_db(np.sqrt(np.mean(mono_frames ** 2, axis=1))).astype(np.float32))
        return block.mean(axis=1).astype(np.float32) if block.ndim == 2 else block

    def finish(self) -> Envelope:
        """The envelope of everything fed so far."""
        mono = np.concatenate(self._mono) if self._mono else np.zeros(0, np.float32)
        chan = np.concatenate(self._chan) if self._chan else None
        return Envelope(mono, chan)

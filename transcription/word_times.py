"""Word times tightened to the sound: a word's start or end that lies in silence moves to the speech.

Whisper's word timings come from its attention pattern and run early: on generated speech with
known word times, faster-whisper's word starts were 50-540 ms early (median 165 ms), inside the
silence before the word or even in the end of the word before (tests/transcription/
test_word_sync.py). The play-along highlight switches at a word's start, so that was audible.
The 10 ms loudness track that the pipeline keeps anyway says where the silence is:

* a start inside silence moves forward to the word's first loud frame, an end inside silence
  back to its last loud frame (what stable-ts calls silence suppression);
* a word whose span holds a pause (>= 100 ms of silence; a stop consonant's closure is shorter)
  with less sound before the pause than after it started early, in the word before: its start
  moves behind the pause (and, mirrored, an end that reaches into the next word moves before it).

A word that is silent throughout keeps its times. Words never move beyond their own span, so
their order is kept.
"""
from __future__ import annotations

import numpy as np

from .result import Segment, Word
from .silence import FRAME_S, Envelope

PAUSE_FRAMES = 10  # 100 ms: longer than the closure of a stop consonant inside a word


def _pauses(loud: np.ndarray) -> list[tuple[int, int]]:
    """``[start, end)`` frame runs of silence at least PAUSE_FRAMES long."""
    edges = np.flatnonzero(np.diff(np.concatenate(([1], loud.view(np.int8), [1]))))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2]) if e - s >= PAUSE_FRAMES]


def _tighten(w: Word, loud: np.ndarray) -> None:
    n = len(loud)
    a = min(n, max(0, int(w.start / FRAME_S)))
    b = min(n, max(a, int(np.ceil(w.end / FRAME_S))))
    span = loud[a:b]
    frames = np.flatnonzero(span)
    if not frames.size:
        return
    first, last = int(frames[0]), int(frames[-1]) + 1  # the word's sound, relative to a
    for s, e in _pauses(span[first:last]):
        before = int(span[first:first + s].sum())
        after = int(span[first + e:last].sum())
        if before < after:
            first = first + e  # the start lay in the word before
        elif after < before:
            last = first + s  # the end reaches into the word after
            break
    w.start = (a + first) * FRAME_S
    w.end = max(w.start, (a + last) * FRAME_S)


def tighten_words(segments: list[Segment], env: Envelope) -> None:
    """Move word starts and ends out of silence, in place (see the module docstring)."""
    if not len(env.db):
        return
    loud = env.db > env.threshold
    for seg in segments:
        for w in seg.words:
            _tighten(w, loud)
        if seg.words:
            seg.start, seg.end = min(seg.start, seg.words[0].start), max(seg.end, seg.words[-1].end)

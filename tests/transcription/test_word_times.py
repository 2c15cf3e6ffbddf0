"""Word times tightened to the sound (transcription/word_times.py) on a constructed loudness track."""
from __future__ import annotations

import numpy as np

from transcription.result import Segment, Word
from transcription.silence import Envelope
from transcription.word_times import tighten_words


def track(*runs: tuple[float, float]) -> Envelope:
    """3 s of silence (-80 dB) with speech (-20 dB) in the given ``(start_s, end_s)`` runs."""
    db = np.full(300, -80.0, np.float32)
    for a, b in runs:
        db[int(a * 100):int(b * 100)] = -20.0
    return Envelope(db)


def tightened(env: Envelope, *spans: tuple[float, float]) -> list[tuple[float, float]]:
    words = [Word(a, b, f" w{i}") for i, (a, b) in enumerate(spans)]
    seg = Segment(spans[0][0], spans[-1][1], "", words)
    tighten_words([seg], env)
    return [(round(w.start, 2), round(w.end, 2)) for w in words]


def test_a_start_in_silence_moves_to_the_sound_and_an_end_in_silence_back():
    env = track((0.50, 0.90), (1.20, 1.60))
    assert tightened(env, (0.30, 1.00), (1.00, 1.70)) == [(0.50, 0.90), (1.20, 1.60)]


def test_a_start_in_the_word_before_moves_behind_the_pause():
    env = track((0.20, 1.00), (1.30, 1.75))  # a word, a 300 ms pause, the next word
    # the second word's start lies 300 ms inside the first word's sound; more of its own sound
    # lies after the pause than before it
    assert tightened(env, (0.20, 0.70), (0.70, 1.75))[1] == (1.30, 1.75)


def test_a_short_closure_inside_a_word_and_a_silent_word_stay():
    env = track((0.50, 0.80), (0.85, 1.20))  # a 50 ms stop closure inside one word
    assert tightened(env, (0.50, 1.20)) == [(0.50, 1.20)]
    assert tightened(track(), (0.50, 1.20)) == [(0.50, 1.20)]  # no sound at all: times kept


def test_words_keep_their_order():
    env = track((0.10, 0.40), (0.45, 0.50), (0.90, 1.50))
    got = tightened(env, (0.0, 0.45), (0.45, 0.95), (0.95, 1.55))
    assert all(a <= b for a, b in got)
    assert all(x[1] <= y[0] for x, y in zip(got, got[1:]))

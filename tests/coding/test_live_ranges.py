"""The editor's per-keystroke remapping (coding/text/live_ranges) agrees with PositionMap."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.text.live_ranges import move_anchors, move_ranges
from coding.text.remap import Edit, PositionMap


@st.composite
def cases(draw):
    n = draw(st.integers(0, 40))
    ranges = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=8))
    a, b = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
    repl = draw(st.sampled_from(["", "x", "ab", "🏘️ ", "neu "]))
    return n, ranges, Edit(a, b, repl)


@settings(max_examples=500, deadline=None)
@given(cases())
def test_ranges_and_anchors_move_exactly_as_the_position_map_says(case):
    n, ranges, edit = case
    pmap = PositionMap(n, [edit])
    starts = np.array([s for s, _e in ranges], dtype=np.int64)
    ends = np.array([e for _s, e in ranges], dtype=np.int64)
    new_s, new_e, keep = move_ranges(starts, ends, edit)
    for i, (s, e) in enumerate(ranges):
        expected = pmap.range(s, e)
        if expected is None:
            assert not keep[i]
        else:
            assert keep[i] and (int(new_s[i]), int(new_e[i])) == expected
    points = np.array(sorted({p for r in ranges for p in r}), dtype=np.int64)
    moved, kept = move_anchors(points, edit)
    for p, q, k in zip(points, moved, kept):
        expected = pmap.anchor(int(p))
        assert (int(q) if k else None) == expected


def test_nine_thousand_words_move_in_one_step():
    starts = np.arange(0, 90000, 10, dtype=np.int64)
    ends = starts + 6
    new_s, new_e, keep = move_ranges(starts, ends, Edit(15, 15, "Ä"))
    assert keep.all() and new_s[1] == 10 and new_e[1] == 17 and new_s[2] == 21 and new_e[-1] == ends[-1] + 1


def test_word_track_follows_edits_and_answers_like_the_stored_words():
    from coding.text.live_ranges import WordTrack
    from coding.text.word_timing import TimedWord, ms_at_position, next_uncertain, word_at_ms

    words = [TimedWord(3, 6, 0, 300, 0.9), TimedWord(7, 13, 400, 800, 0.3),
             TimedWord(14, 20, 900, 1300, None), TimedWord(21, 24, 1400, 1600, 0.2)]
    track = WordTrack(words)
    for ms in (-5, 0, 350, 400, 899, 2000):
        assert track.at_ms(ms) == word_at_ms(words, ms)
    for pos in (0, 3, 6, 7, 13, 20, 23, 30):
        assert track.ms_at(pos) == ms_at_position(words, [], pos)
    assert track.next_uncertain(0, 0.5) == 1 and track.next_uncertain(7, 0.5) == 3
    assert track.next_uncertain(21, 0.5) == 1  # wraps around
    assert words[track.next_uncertain(0, 0.5)] == next_uncertain(words, 0, 0.5)
    track.apply(Edit(7, 13, "Kita"))  # the second word retyped: it goes, the others move
    assert len(track) == 3 and track.range(1) == (12, 18) and track.at_ms(500) == 0
    track.apply(Edit(0, 0, "🏘️ "))
    assert track.range(0) == (6, 9)

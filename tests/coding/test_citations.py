"""One citation rule: the time anchor when the document has them, else the paragraph."""
from __future__ import annotations

from coding.text.citations import anchor_before, cite, clock, where


def test_time_when_there_are_anchors_else_the_paragraph():
    assert clock(3_723_900) == "01:02:03"
    assert where(754_000, 12) == "00:12:34" and where(None, 12) == "Pos. 12"
    assert cite("K03", 754_000, 12) == "K03, 00:12:34"
    assert cite("K03", None, 12) == "K03, Pos. 12"
    assert cite("K03", None, 12, no_break=True) == "K03,\u00a0Pos.\u00a012"


def test_the_anchor_at_or_before_a_position():
    anchors = [(10, 4_000), (50, 21_500), (90, 33_200)]
    assert anchor_before([], 5) is None  # no anchors: cite the paragraph
    assert anchor_before(anchors, 0) == 0  # before the first: the recording's start
    assert [anchor_before(anchors, p) for p in (10, 49, 50, 200)] == [4_000, 4_000, 21_500, 33_200]

"""Where a passage is, said one way everywhere: the time of the nearest time anchor at or before
it when the document has time anchors (``K03, 00:12:34``), else its paragraph (``K03, Pos. 12``)."""
from __future__ import annotations

import bisect
from typing import Sequence


def clock(ms: int) -> str:
    """``hh:mm:ss`` (a time anchor as transcripts cite it)."""
    s = ms // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def where(time_ms: int | None, paragraph: int) -> str:
    """``00:12:34`` when there is a time, else ``Pos. 12``."""
    return clock(time_ms) if time_ms is not None else f"Pos. {paragraph}"


def cite(label: str, time_ms: int | None, paragraph: int, *, no_break: bool = False) -> str:
    """``K03, 00:12:34`` or ``K03, Pos. 12``; ``no_break`` joins with no-break spaces (reports)."""
    text = f"{label}, {where(time_ms, paragraph)}"
    return text.replace(" ", "\u00a0") if no_break else text


def anchor_before(anchors: Sequence[tuple[int, int]], pos: int) -> int | None:
    """The time (ms) of the last anchor ``(position, ms)`` at or before ``pos``.

    None for a document without anchors; 0 (the recording's start) before its first anchor."""
    if not anchors:
        return None
    i = bisect.bisect_right([p for p, _ms in anchors], pos) - 1
    return anchors[i][1] if i >= 0 else 0

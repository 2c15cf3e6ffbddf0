"""Who speaks each word: one speaker, one speaker per stereo channel, or (later) diarization.

Labels follow Dresing & Pehl in order of first appearance: ``I`` (interviewer) then ``B``, or
``I``, ``B1``, ``B2`` … for more than two speakers.
"""
from __future__ import annotations

from .conventions import label_speakers
from .engines import Options
from .result import Segment
from .silence import Envelope


def assign(segments: list[Segment], env: Envelope | None, opts: Options) -> list[str]:
    """Set ``speaker`` on every word and segment; returns the labels used in order."""
    if opts.stereo_speakers and env is not None and env.channel_db is not None:
        raw = _by_channel(segments, env)
    elif opts.speakers == 1:
        raw = ["B"] * sum(max(1, len(s.words)) for s in segments)
    else:
        return []  # speaker diarization is not part of this build: paragraphs stay unlabelled
    names = label_speakers(raw, max(opts.speakers, 2)) if opts.speakers != 1 else {"B": "B"}
    it = iter(raw)
    for seg in segments:
        for w in seg.words:
            w.speaker = names[next(it)]
        if not seg.words:
            seg.speaker = names[next(it)]
        else:
            seg.speaker = max({w.speaker for w in seg.words},
                              key=lambda s: sum(w.end - w.start for w in seg.words if w.speaker == s))
    return [names[k] for k in dict.fromkeys(raw)]


def _by_channel(segments: list[Segment], env: Envelope) -> list[str]:
    """Channel 0 or 1 by loudness over each word; a tie keeps the previous word's channel."""
    out: list[str] = []
    last = 0
    for seg in segments:
        for start, end in ([(w.start, w.end) for w in seg.words] or [(seg.start, seg.end)]):
            ch = env.louder_channel(start, end)
            last = last if ch is None else ch
            out.append(f"channel{last}")
    return out

"""Who speaks each word: one speaker, one per stereo channel, or voices told apart (diarization).

Labels follow Dresing & Pehl in order of first appearance: ``I`` (interviewer) then ``B``, or
``I``, ``B1``, ``B2`` … for more than two speakers.
"""
from __future__ import annotations

from .conventions import label_speakers
from .engines import Options
from .result import Segment, Word
from .silence import Envelope


def voice_track(opts: Options):
    """A voice-embedding collector when speakers must be told apart by voice, else None.

    The encoder's weights ship with Andock; if they are missing the installation is broken, and
    ``EngineUnavailable`` says so rather than leaving the speakers silently unlabelled.
    """
    if opts.stereo_speakers or opts.speakers < 2:
        return None
    from . import diarize

    return diarize.SpeakerTrack(diarize.VoiceEncoder())


def assign(segments: list[Segment], env: Envelope | None, opts: Options, track=None) -> list[str]:
    """Set ``speaker`` on every word and segment; returns the labels used in order."""
    spans = [(w.start, w.end) for s in segments for w in s.words] if all(s.words for s in segments) else \
        [(s.start, s.end) for s in segments]
    if opts.stereo_speakers and env is not None and env.channel_db is not None:
        raw = _by_channel(spans, env)
    elif opts.speakers == 1:
        raw = ["B"] * len(spans)
    elif track is not None:
        raw = _by_voice(segments, track, opts.speakers)
    else:
        return []  # no way to tell voices apart here: paragraphs stay unlabelled
    names = {"B": "B"} if opts.speakers == 1 else label_speakers(raw, max(opts.speakers, 2))
    it = iter(raw)
    per_word = all(s.words for s in segments)
    for seg in segments:
        if per_word:
            for w in seg.words:
                w.speaker = names[next(it)]
            seg.speaker = max({w.speaker for w in seg.words},
                              key=lambda s: sum(w.end - w.start for w in seg.words if w.speaker == s))
        else:
            seg.speaker = names[next(it)]
    return [names[k] for k in dict.fromkeys(raw)]


def _by_channel(spans: list[tuple[float, float]], env: Envelope) -> list[str]:
    """Channel 0 or 1 by loudness over each span; a tie keeps the previous span's channel."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        ch = env.louder_channel(start, end)
        last = last if ch is None else ch
        out.append(f"channel{last}")
    return out


def _by_voice(segments: list[Segment], track, n: int) -> list[str]:
    """Each word's voice cluster, via the utterance embeddings collected while streaming."""
    from .diarize import speakers_of_words

    spans, embeds = track.finish()
    words = [w for s in segments for w in s.words] or [
        Word(s.start, s.end, s.text) for s in segments]
    return [f"voice{k}" for k in speakers_of_words(words, spans, embeds, n)]

"""Neutral transcript data: segments with timed, speaker-labelled words and their probabilities.

This is what engines produce, the journal stores, and the writers and the app layer read.
Times are seconds from the start of the recording.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Word:
    """One recognised word (with its leading space and punctuation as Whisper wrote it)."""

    start: float
    end: float
    text: str
    probability: float = 1.0  # kept so that uncertain words can be marked later
    speaker: str = ""


@dataclass
class Segment:
    """A stretch of recognised speech; ``words`` is empty when word timestamps were off."""

    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (times rounded to milliseconds)."""
        d = asdict(self)
        for key in ("start", "end"):
            d[key] = round(d[key], 3)
        for w in d["words"]:
            w["start"], w["end"] = round(w["start"], 3), round(w["end"], 3)
            w["probability"] = round(w["probability"], 4)
        d["avg_logprob"] = round(d["avg_logprob"], 4)
        d["no_speech_prob"] = round(d["no_speech_prob"], 4)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Segment":
        """The inverse of :meth:`to_dict`."""
        words = [Word(**w) for w in d.get("words", [])]
        return cls(d["start"], d["end"], d["text"], words, d.get("avg_logprob", 0.0),
                   d.get("no_speech_prob", 0.0), d.get("speaker", ""))


@dataclass
class TurnData:
    """A speaker turn as laid out by the conventions: one paragraph, timestamp at its end."""

    speaker: str  # "I", "B", "B1" … or "" when speakers are unknown
    text: str  # words with pause marks, e.g. "Ja (.) genau."
    start_ms: int
    end_ms: int  # rounded to tenths of a second, as f4 timestamps show it


@dataclass
class Transcript:
    """A finished transcription: segments plus what is known about the recording and the run."""

    segments: list[Segment]
    turns: list[TurnData]
    language: str
    duration: float
    checksum: str
    source_name: str
    engine: str
    model: str
    speakers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON output: metadata, turns and segments with words."""
        return {
            "format": "andock-transcript", "version": 1,
            "source": self.source_name, "checksum": self.checksum,
            "duration": round(self.duration, 3), "language": self.language,
            "engine": self.engine, "model": self.model, "speakers": self.speakers,
            "turns": [asdict(t) for t in self.turns],
            "segments": [s.to_dict() for s in self.segments],
        }

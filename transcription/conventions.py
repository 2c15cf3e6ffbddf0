"""Dresing & Pehl conventions: turns per speaker, pause marks, f4 times, no text on silence.

* one paragraph per speaker turn (consecutive words of one speaker);
* pauses between words: ``(.)`` ≈ 1 s, ``(..)`` ≈ 2 s, ``(...)`` ≈ 3 s, ``(n)`` for n ≥ 4 s;
* the f4 timestamp (tenths of a second) at the end of each turn;
* segments over silence are dropped: Whisper invents text there ("Untertitel im Auftrag des
  ZDF"), so text is kept only where the loudness track shows sound.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .result import Segment, TurnData, Word
from .silence import Envelope

# Phrases Whisper is known to produce on silent or music-only German audio (subtitle credits
# from its training data). Compared after lowercasing and removing punctuation.
HALLUCINATIONS = (
    "untertitel im auftrag des zdf", "untertitel der amaraorg community",
    "untertitelung aufgrund der amaraorg community", "untertitel von stephanie geiges",
    "vielen dank fürs zuschauen", "danke fürs zuschauen", "vielen dank für ihre aufmerksamkeit",
    "bis zum nächsten mal", "swr 2020", "swr 2021", "copyright wdr", "ard text im auftrag",
    "untertitel im auftrag des zdf für funk", "mehr infos auf", "abonniert den kanal",
)
MIN_PAUSE = 0.75  # shorter silences are the normal flow of speech, not marked


def normalise(text: str) -> str:
    """Lowercase words without punctuation (for phrase matching and word error rates)."""
    text = unicodedata.normalize("NFC", text).lower().replace("-", " ")  # compounds: two words
    return " ".join(re.sub(r"[^\w\s]|_", "", text).split())


def is_known_hallucination(text: str) -> bool:
    """True if ``text`` is (mostly) one of the known invented subtitle phrases."""
    norm = normalise(text)
    return bool(norm) and any(p in norm and len(p) >= 0.6 * len(norm) for p in HALLUCINATIONS)


def is_invented(seg: Segment, env: Envelope | None) -> bool:
    """True if ``seg`` is text on silence: nothing audible, or a known phrase on near-silence."""
    if seg.no_speech_prob > 0.6 and seg.avg_logprob < -1.0:  # Whisper's own silence rule
        return True
    if env is None:
        return is_known_hallucination(seg.text)
    sound = env.speech_fraction(seg.start, max(seg.end, seg.start + 0.1))
    return sound < 0.05 or (sound < 0.3 and is_known_hallucination(seg.text))


def drop_invented(segments: Iterable[Segment], env: Envelope | None) -> list[Segment]:
    """The segments that carry real speech (and a text)."""
    return [s for s in segments if s.text.strip() and not is_invented(s, env)]


def pause_mark(seconds: float) -> str:
    """``(.)``, ``(..)``, ``(...)`` or ``(n)`` for a silence of ``seconds``; "" if too short."""
    if seconds < MIN_PAUSE:
        return ""
    if seconds < 3.5:
        return "(" + "." * min(3, round(seconds)) + ")"
    return f"({round(seconds)})"


def pause_between(a: Word, b: Word, env: Envelope | None) -> float:
    """Seconds of silence between two words: the loudness track if known, else the time gap.

    Whisper's word times drift by a few hundred ms into silences, so with a loudness track the
    longest silent stretch between the middles of the two words is measured instead.
    """
    gap = max(0.0, b.start - a.end)
    if env is None:
        return gap
    return env.longest_silence((a.start + a.end) / 2, (b.start + b.end) / 2)


def _tenths_ms(seconds: float) -> int:
    return max(0, int(round(seconds * 10))) * 100


def _clean_word(text: str) -> str:
    return text.replace("#", "").strip()  # '#' would read back as an f4 timestamp delimiter


def _units(segments: list[Segment]) -> list[Word]:
    """Words with speakers; a segment without word times counts as one 'word'."""
    out: list[Word] = []
    for seg in segments:
        if seg.words:
            out.extend(Word(w.start, w.end, w.text, w.probability, w.speaker or seg.speaker)
                       for w in seg.words)
        else:
            out.append(Word(seg.start, seg.end, seg.text, 1.0, seg.speaker))
    return [w for w in out if _clean_word(w.text)]


def build_turns(segments: list[Segment], env: Envelope | None = None) -> list[TurnData]:
    """Lay out segments as turns: a paragraph per speaker change, pause marks inside turns.

    Without speakers (all labels empty) each segment becomes its own paragraph, so that every
    paragraph still ends with a timestamp.
    """
    units = _units(segments)
    if units and not any(w.speaker for w in units):
        return [t for seg in segments for t in build_turns([_labelled(seg, "\x00")], env)
                if t.text]
    turns: list[TurnData] = []
    parts: list[str] = []
    first: Word | None = None
    for i, w in enumerate(units):
        prev = units[i - 1] if i else None
        if prev is None or w.speaker != prev.speaker:
            if prev is not None:
                turns.append(_turn(prev.speaker, parts, first, prev))
            parts, first = [], w
        elif mark := pause_mark(pause_between(prev, w, env)):
            parts.append(mark)
        parts.append(_clean_word(w.text))
    if units:
        turns.append(_turn(units[-1].speaker, parts, first, units[-1]))
    return turns


def _labelled(seg: Segment, speaker: str) -> Segment:
    words = [Word(w.start, w.end, w.text, w.probability, speaker) for w in seg.words]
    return Segment(seg.start, seg.end, seg.text, words, seg.avg_logprob, seg.no_speech_prob, speaker)


def _turn(speaker: str, parts: list[str], first: Word | None, last: Word) -> TurnData:
    text = " ".join(" ".join(parts).split())
    start = first.start if first else last.start
    return TurnData(speaker.replace("\x00", ""), text, _tenths_ms(start), _tenths_ms(last.end))


def label_speakers(order: Iterable[str], count: int) -> dict[str, str]:
    """Map raw speaker ids, in order of first appearance, to ``I``, ``B`` (or ``B1``, ``B2`` …)."""
    seen: list[str] = []
    for spk in order:
        if spk and spk not in seen:
            seen.append(spk)
    if len(seen) <= 2 and count <= 2:
        return dict(zip(seen, ["I", "B"]))
    return {spk: ("I" if k == 0 else f"B{k}") for k, spk in enumerate(seen)}

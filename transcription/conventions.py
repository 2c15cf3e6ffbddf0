"""Dresing & Pehl conventions: turns per speaker, pause marks, f4 times, no text on silence.

* one paragraph per speaker turn (consecutive words of one speaker), a long turn continued in a
  new paragraph after a sentence end once it has run for a minute;
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
# A paragraph longer than this ends at its next sentence end: about 150 spoken German words, so
# that a long monologue (or a one-speaker recording) still gets a timestamp every minute or so.
PARAGRAPH_S = 60.0
# Words ending in "." that rarely end a German sentence (compared without the dot, lowercased).
ABBREVIATIONS = frozenset({"bzw", "usw", "etc", "ca", "vgl", "evtl", "ggf", "bspw", "inkl", "nr",
                           "dr", "prof", "hr", "fr", "str", "abs", "ziff", "tel", "max", "min"})


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
    """Lay out segments as turns: a paragraph per speaker turn, pause marks inside turns.

    Segment borders never cut a paragraph: faster-whisper's batched segments are whole speech
    chunks of up to 30 s that end mid-sentence. Unlabelled text (speakers unknown) is one turn.
    A turn that has run for ``PARAGRAPH_S`` goes on in a new paragraph of the same speaker after
    its next sentence end (never mid-sentence), so that the timestamps at paragraph ends stay
    close enough to find a passage in the recording.
    """
    units = _units(segments)
    turns: list[TurnData] = []
    parts: list[str] = []
    first: Word | None = None
    for i, w in enumerate(units):
        prev = units[i - 1] if i else None
        if prev is None or first is None or w.speaker != prev.speaker or (
                prev.end - first.start >= PARAGRAPH_S and ends_sentence(prev.text)):
            if prev is not None:
                turns.append(_turn(prev.speaker, parts, first, prev))
            parts, first = [], w
        elif mark := pause_mark(pause_between(prev, w, env)):
            parts.append(mark)
        parts.append(_clean_word(w.text))
    if units:
        turns.append(_turn(units[-1].speaker, parts, first, units[-1]))
    return turns


def ends_sentence(text: str) -> bool:
    """True if a word ends with ``.``, ``?``, ``!`` or ``…`` that closes a sentence.

    Not an ordinal ("am 3. Mai"), an initial ("B.") or an abbreviation ("z.B.", "bzw."): a
    paragraph break there would cut the sentence.
    """
    last = text.split()[-1:]  # a segment without word times counts as one "word"
    word = last[0].rstrip("\"'“”„«»)") if last else ""
    if word.endswith(("?", "!", "…", "..")):
        return True
    core = word[:-1]
    return (word.endswith(".") and len(core) > 1 and not core.isdigit() and "." not in core
            and core.lower() not in ABBREVIATIONS)


def _turn(speaker: str, parts: list[str], first: Word | None, last: Word) -> TurnData:
    text = " ".join(" ".join(parts).split())
    start = first.start if first else last.start
    return TurnData(speaker, text, _tenths_ms(start), _tenths_ms(last.end))


def label_speakers(order: Iterable[str], count: int) -> dict[str, str]:
    """Map raw speaker ids, in order of first appearance, to ``I``, ``B`` (or ``B1``, ``B2`` …)."""
    seen: list[str] = []
    for spk in order:
        if spk and spk not in seen:
            seen.append(spk)
    if len(seen) <= 2 and count <= 2:
        return dict(zip(seen, ["I", "B"]))
    return {spk: ("I" if k == 0 else f"B{k}") for k, spk in enumerate(seen)}

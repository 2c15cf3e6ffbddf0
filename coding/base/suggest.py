"""The closest existing names to a mistyped one ("Did you mean: 'Zugang'?"), for every lookup by name.

One place for the rule, so that codes, documents and coders answer a typo the same way in the
command line and wherever else a name is typed. Similarity is difflib's ratio, ignoring case and
Unicode normalisation (``zugang`` finds ``Zugang``); a name that contains the typed text or starts
much like it counts as close too (``Schule`` finds ``Schule und Kita``), because real code and
document names are long and people type their beginning. A lookup may score a name its own way
(a code by its path, its own name and its path's parts; a document by name and citation label).
When a name equals the typed one but for case, only such names are offered: that is surely the one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from unicodedata import normalize

from coding.base.messages import _

CUTOFF = 0.6  # difflib's own default for "close": below it suggestions are mostly noise
LIMIT = 3
START = 0.9  # a name that contains the typed text or starts like it: close, but not equal


def fold(text: str) -> str:
    """The form names are compared in: NFC ("Überblick" typed decomposed), case folded."""
    return normalize("NFC", text).casefold()


def similarity(typed: str, text: str) -> float:
    """How close ``text`` is to ``typed``, 0 … 1 (1: equal but for case and normalisation)."""
    wanted, key = fold(typed), fold(text)
    matcher = SequenceMatcher(None, key, wanted)
    best = matcher.ratio() if matcher.real_quick_ratio() >= CUTOFF else 0.0  # cheap bound first
    if len(key) > len(wanted) and best < START:
        if len(wanted) >= 3 and wanted in key:
            return START
        matcher.set_seq1(key[:len(wanted)])
        best = max(best, START * matcher.ratio())
    return best


def closest(typed: str, names: Iterable[str], score: Callable[[str], float] | None = None, *,
            limit: int = LIMIT, cutoff: float = CUTOFF) -> list[str]:
    """Up to ``limit`` of ``names`` closest to ``typed``, best first (ties: the name itself closer,
    then the order given). ``score(name)``: a lookup's own similarity (default: the name's)."""
    scored = []
    for order, name in enumerate(names):
        best = score(name) if score else similarity(typed, name)
        if best >= cutoff:
            scored.append((-best, -similarity(typed, name), order, name))
    scored.sort()
    if scored and scored[0][0] <= -1.0:  # equal but for case: no other guesses
        scored = [s for s in scored if s[0] <= -1.0]
    return [name for *_rank, name in scored[:limit]]


def did_you_mean(typed: str, names: Iterable[str], score: Callable[[str], float] | None = None) -> str:
    """``". Did you mean: 'A', 'B'?"`` to append to a not-found message; "" when nothing is close."""
    found = closest(typed, names, score)
    if not found:
        return ""
    return ". " + _("Did you mean: {names}?", names=", ".join(_("'{name}'", name=name) for name in found))

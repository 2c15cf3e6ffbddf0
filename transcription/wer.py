"""Word error rate for checking recognisers (tests, benchmark): lowercase, no punctuation."""
from __future__ import annotations

from .conventions import normalise


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """``(edits, reference words)``: word-level Levenshtein distance after normalising both."""
    ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1], len(ref)


def wer(reference: str, hypothesis: str) -> float:
    """Edits per reference word (0.0 for a perfect match; may exceed 1.0)."""
    edits, n = word_errors(reference, hypothesis)
    return edits / n if n else float(bool(normalise(hypothesis)))

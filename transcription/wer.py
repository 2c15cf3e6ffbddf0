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


def matched_words(reference: list[str], hypothesis: list[str]) -> list[tuple[int, int]]:
    """``(ref index, hyp index)`` of words a minimal edit alignment keeps (equal after normalising)."""
    ref = [normalise(w) for w in reference]
    hyp = [normalise(w) for w in hypothesis]
    cost = [[0] * (len(hyp) + 1) for _ in range(len(ref) + 1)]
    for i in range(len(ref) + 1):
        for j in range(len(hyp) + 1):
            if i == 0 or j == 0:
                cost[i][j] = i + j
            else:
                cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                                 cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    pairs, i, j = [], len(ref), len(hyp)
    while i and j:  # walk back along one optimal path
        if cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] == hyp[j - 1]:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]

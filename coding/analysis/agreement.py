"""Intercoder agreement of two or more coders in one project (issue 12): four levels, per code and
for all codes together, with the counts behind every figure and the list of disagreements.

The rules (docs/architecture.md, "Intercoder agreement"):

- **Documents compared.** Two coders are compared on the documents both coded something in (any
  code). A document only one of them coded is not compared but listed (``not_compared``): the
  other has most likely not coded it yet, and counting its codings as disagreements would be
  wrong. For α a coder who did not code a document is missing data there.
- **Codes compared.** The chosen codes (``code_ids``: each with its whole subtree — a main
  category, which is also what a section of the interview guide becomes) or all codes, of which
  those that at least one compared coder used in a compared document. A code only one coder used
  takes part (it is pure disagreement; leaving it out would flatter the figures). Every code counts
  its own codings; subcodes are compared as codes of their own, not added to their parent.
- **Uncoded text is never counted.** No level has a decision unit that no compared coder coded:
  documents count when both coders coded them; turns/paragraphs when either coder coded them with
  one of the compared codes; the segment level counts the coders' segments only.
- **Levels** (``LEVELS``), the decision of each coder per unit, and k of Brennan & Prediger:
  1. ``documents``: per compared document and code, present or not (k = 2).
  2. ``frequency``: per compared document and code, how often the coder assigned the code.
     MAXQDA's rule: the coders agree when they assigned it equally often (0 = 0 included). Cohen's
     κ and α treat the frequencies as categories; k = the highest frequency in the table + 1 (the
     categories 0 … max).
  3. ``segments``: a segment of coder A agrees when coder B coded the same code on a segment that
     overlaps it by at least T % (default 90) of the two segments' union: |A ∩ B| / |A ∪ B|
     (symmetric; touching is no overlap). Counted from both coders' sides, as MAXQDA does: both =
     agreeing segments of A + agreeing segments of B, only_a / only_b = the others. There is no
     "neither coded" cell (that would be uncoded text), so Cohen's κ and α are not computed here;
     κn uses k = the number of compared codes (MAXQDA: chance = 1 / number of codes).
  4. ``units``: units = speaker turns, plus the non-empty lines (paragraphs) no turn covers — all
     of a document without turns. A coder coded unit u with c when any of their segments of c
     overlaps u. Units count where either coder coded any compared code (k = 2).
- **Statistics** per code and for all codes pooled (the sum of the per-code tables; α on all
  (unit, code) decisions): percent agreement, Cohen's κ from the table's marginals, Brennan &
  Prediger's κn = (p_o − 1/k) / (1 − 1/k), Krippendorff's nominal α over all coders (missing data
  allowed; binary at levels 1 and 4). Two coders at a time for the tables and kappas (every pair
  when more coders are compared), all coders at once for α.
- **Disagreements** are the segment level's: per pair, code and document, the segments of both
  coders that overlap each other (a chain), where at least one of them found no agreeing segment.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from sqlalchemy.engine import Connection

from coding.analysis.agreement_documents import document_level
from coding.analysis.agreement_model import (
    DEFAULT_OVERLAP, LEVELS, AgreementResult, CodeRef, CoderRef, Disagreement, DocRef, LevelResult, NotCompared,
    PairResult, SegmentInfo, Stats,
)
from coding.analysis.agreement_segments import segment_level
from coding.analysis.agreement_select import check_levels, chosen_coders, document_texts, selection
from coding.analysis.agreement_units import unit_level, unit_ranges
from coding.base.errors import InputError
from coding.base.ids import CodeId, CoderId, DocumentId
from coding.base.messages import _

__all__ = ["DEFAULT_OVERLAP", "LEVELS", "AgreementResult", "CodeRef", "CoderRef", "Disagreement", "DocRef",
           "LevelResult", "NotCompared", "PairResult", "SegmentInfo", "Stats", "compare_coders", "unit_ranges"]


def compare_coders(conn: Connection, coder_ids: Sequence[CoderId], *, code_ids: Sequence[CodeId] | None = None,
                   document_ids: Sequence[DocumentId] | None = None, levels: Iterable[str] = LEVELS,
                   overlap: float = DEFAULT_OVERLAP) -> AgreementResult:
    """Agreement of ``coder_ids`` (two or more) on the chosen codes and documents, at ``levels``.

    InputError (nothing changed, nothing computed) for fewer than two coders, an unknown level, a
    threshold outside (0, 100], no document that two of the coders coded, or no compared code.
    """
    wanted = check_levels(levels)
    if not 0 < overlap <= 100:
        raise InputError(_("the overlap threshold must be more than 0 and at most 100 %, not {overlap}",
                           overlap=overlap))
    coders = chosen_coders(conn, coder_ids)
    data, codes, documents, not_compared, unused = selection(conn, coders, code_ids, document_ids)
    pairs = list(combinations(range(len(coders)), 2))
    results: list[LevelResult] = []
    disagreements: tuple[Disagreement, ...] = ()
    texts = document_texts(conn, [d.id for d in documents]) if {"segments", "units"} & set(wanted) else {}
    for level in wanted:
        if level in ("documents", "frequency"):
            results.append(document_level(level, data, pairs, coders, codes))
        elif level == "segments":
            lev, disagreements = segment_level(data, pairs, coders, codes, documents, texts, overlap)
            results.append(lev)
        else:
            results.append(unit_level(conn, data, pairs, coders, codes, documents, texts))
    return AgreementResult(tuple(coders), codes, documents, not_compared, unused, float(overlap), tuple(results),
                           disagreements)

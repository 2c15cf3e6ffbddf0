"""The results of an intercoder agreement comparison (issue 12): plain frozen dataclasses with ids,
and the compared segments as arrays that the levels count from (:class:`SegmentData`).

The rules behind every figure are in :mod:`coding.analysis.agreement`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coding.analysis.agreement_stats import Alpha, Kappa
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId

LEVELS = ("documents", "frequency", "segments", "units")
DEFAULT_OVERLAP = 90.0
SHIFT = 32  # positions (< 2**31) in the low bits, a document/code key above them


@dataclass(frozen=True)
class CoderRef:
    id: CoderId
    name: str


@dataclass(frozen=True)
class CodeRef:
    id: CodeId
    path: str
    name: str
    depth: int  # 0 = main category


@dataclass(frozen=True)
class DocRef:
    id: DocumentId
    name: str
    label: str


@dataclass(frozen=True)
class Stats:
    """The coefficients of one code (``code``; None = all compared codes pooled) for one pair of
    coders at one level, with the counts they come from.

    ``both``/``only_a``/``only_b``/``neither``: at levels 1 and 4 the cells of the 2×2 table (both
    coded, only A, only B, neither); at the frequency level documents with the same non-zero
    frequency, where A / B assigned the code more often, and where neither did; at the segment
    level agreeing segments (of both coders), A's and B's segments without agreement, and 0.
    ``table`` is the square table the kappas come from (rows: A, columns: B, categories in the
    order of ``values``: (1, 0) for coded / not coded, (0, 1, … max) for frequencies).
    """

    code: CodeRef | None
    both: int
    only_a: int
    only_b: int
    neither: int
    table: tuple[tuple[int, ...], ...]
    values: tuple[int, ...]
    agreements: int
    n: int
    categories: int  # k of Brennan & Prediger
    percent: float | None  # agreements / n; None when n = 0
    coded_agreement: float | None  # both / (both + only_a + only_b): agreement where anyone coded
    cohen: Kappa | None  # None: not computed at this level (segments) or nothing to count
    brennan_prediger: Kappa | None


@dataclass(frozen=True)
class PairResult:
    """One pair of coders at one level: a row per compared code and the pooled row."""

    coder_a: CoderRef
    coder_b: CoderRef
    documents: int  # documents both coded
    per_code: tuple[Stats, ...]  # in the order of AgreementResult.codes
    overall: Stats


@dataclass(frozen=True)
class LevelResult:
    """One level: every pair's tables and kappas, and α over all coders (None at the segment level).

    ``alpha_*`` is nominal α (frequencies as categories at the frequency level). At the frequency
    level ``interval_alpha_*`` is α with the interval metric too: a frequency is a count, and
    interval α weighs a difference by its size (3 vs 4 disagrees less than 0 vs 9); empty and None
    at the other levels.
    """

    level: str
    units: int  # decision units over all coders: documents (levels 1, 2), segments, turns/paragraphs
    pairs: tuple[PairResult, ...]
    alpha_per_code: tuple[Alpha | None, ...]  # in the order of AgreementResult.codes
    alpha_overall: Alpha | None
    interval_alpha_per_code: tuple[Alpha, ...] = ()  # frequency level only, in the order of the codes
    interval_alpha_overall: Alpha | None = None


@dataclass(frozen=True)
class SegmentInfo:
    """A coded segment as the review shows it: positions in code points, end exclusive."""

    id: SegmentId
    coder_id: CoderId
    code_id: CodeId
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Disagreement:
    """Segments of one code that two coders placed differently in one document.

    ``kind``: ``only_a`` / ``only_b`` (the other coder has no segment of the code there) or
    ``boundaries`` (both coded the code there, but some segment has no partner overlapping it by
    the threshold). ``overlap`` is the best |A ∩ B| / |A ∪ B| between an A and a B segment (0
    without one); ``other_codes`` are the two coders' segments of other compared codes that
    overlap the passage (what was coded there instead).
    """

    code: CodeRef
    document: DocRef
    coder_a: CoderRef
    coder_b: CoderRef
    kind: str
    start: int
    end: int
    overlap: float
    segments_a: tuple[SegmentInfo, ...]
    segments_b: tuple[SegmentInfo, ...]
    other_codes: tuple[SegmentInfo, ...]


@dataclass(frozen=True)
class NotCompared:
    """A chosen document that fewer than two of the coders coded, and who did."""

    document: DocRef
    coded_by: tuple[CoderRef, ...]


@dataclass(frozen=True)
class AgreementResult:
    coders: tuple[CoderRef, ...]
    codes: tuple[CodeRef, ...]  # compared codes, in code-tree order
    documents: tuple[DocRef, ...]  # documents at least two of the coders coded, in display order
    not_compared: tuple[NotCompared, ...]
    unused_codes: tuple[CodeRef, ...]  # chosen codes no compared coder used in a compared document
    overlap: float  # T in percent
    levels: tuple[LevelResult, ...]  # in the order of LEVELS
    disagreements: tuple[Disagreement, ...]  # of the segment level (empty when it was not asked for)

    def level(self, name: str) -> LevelResult:
        """The result of one level (KeyError when it was not computed)."""
        for lev in self.levels:
            if lev.level == name:
                return lev
        raise KeyError(name)


@dataclass
class SegmentData:
    """The compared segments as arrays, sorted by (document, code, start, end)."""

    seg_id: np.ndarray
    doc: np.ndarray  # index into the compared documents
    code: np.ndarray  # index into the compared codes
    coder: np.ndarray  # index into the coders
    start: np.ndarray
    end: np.ndarray
    coded: np.ndarray  # bool (coders × compared documents): the coder coded something there
    n_codes: int

    @property
    def n_docs(self) -> int:
        return int(self.coded.shape[1])

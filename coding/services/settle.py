"""Settling a disagreement between two coders (issue 12): one undoable action per decision.

The intercoder comparison (coding/analysis/agreement.py) lists passages where coders A and B
coded one code differently. Qualitative content analysis settles them by discussion; the team's
decision is written here:

* ``a`` — A's coding stands: B's segments there go and B gets A's (the two now agree);
* ``b`` — the other way round;
* ``both`` — each coder gets the other's segments too (both versions count);
* ``neither`` — both coders' segments there go (the code does not apply);
* ``consensus`` — the agreed version is coded by a separate consensus coder (default name
  "Konsens"); A's and B's own codings stay as they were, so that the agreement of the
  independent coding can still be reported afterwards.

A decision is refused (ConflictError, nothing changed) when a segment it names was changed or
removed since the comparison: compare again.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from coding.base.errors import ConflictError, InputError
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.base.messages import _
from coding.services import coders as coders_mod
from coding.services import segments as seg_mod
from coding.store.history import Recorder
from coding.store.models import TABLES

segments_t = TABLES["segments"]
DECISIONS = ("a", "b", "both", "neither", "consensus")
CONSENSUS_CODER = "Konsens"

Seg = tuple[SegmentId, int, int]  # a segment as the comparison saw it: id, start, end


def _check_unchanged(rec: Recorder, code_id: CodeId, coder_id: CoderId, segs: Sequence[Seg]) -> None:
    for sid, start, end in segs:
        row = rec.conn.execute(select(segments_t.c.code_id, segments_t.c.coder_id, segments_t.c.start_pos,
                                      segments_t.c.end_pos).where(segments_t.c.id == sid)).first()
        if row is None or tuple(row) != (code_id, coder_id, start, end):
            raise ConflictError(_("a coding of this passage was changed since the comparison; compare again"))


def settle(rec: Recorder, document_id: DocumentId, code_id: CodeId, coder_a: CoderId, coder_b: CoderId,
           segments_a: Sequence[Seg], segments_b: Sequence[Seg], decision: str, *,
           consensus: tuple[int, int] | None = None, consensus_coder: str = CONSENSUS_CODER) -> None:
    """Write one decision about a disagreement (see the module docstring for what each means).

    ``consensus`` is the agreed range for ``decision == "consensus"`` (default: from the first
    start to the last end of both coders' segments).
    """
    if decision not in DECISIONS:
        raise InputError(_("unknown decision {decision!r}; one of: {choices}", decision=decision,
                           choices=", ".join(DECISIONS)))
    if not segments_a and not segments_b:
        raise InputError(_("a disagreement without segments cannot be settled"))
    _check_unchanged(rec, code_id, coder_a, segments_a)
    _check_unchanged(rec, code_id, coder_b, segments_b)

    def copy(segs: Sequence[Seg], to: CoderId) -> None:
        for _sid, start, end in segs:
            seg_mod.apply_code(rec, document_id, code_id, to, start, end)

    def remove(segs: Sequence[Seg]) -> None:
        for sid, _s, _e in segs:
            seg_mod.delete_segment(rec, sid)

    if decision == "a":
        remove(segments_b)
        copy(segments_a, coder_b)
    elif decision == "b":
        remove(segments_a)
        copy(segments_b, coder_a)
    elif decision == "both":
        copy(segments_a, coder_b)
        copy(segments_b, coder_a)
    elif decision == "neither":
        remove([*segments_a, *segments_b])
    else:
        every = [*segments_a, *segments_b]
        start, end = consensus or (min(s for _i, s, _e in every), max(e for _i, _s, e in every))
        who = coders_mod.resolve_coder(rec, consensus_coder)
        seg_mod.apply_code(rec, document_id, code_id, who, start, end)

"""Changes to the codebook that touch codings: delete, merge, anchor examples."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, SegmentId
from coding.services import memos, segments, summaries
from coding.services.codes import code_path, subtree_ids
from coding.base.errors import InputError, NotFoundError
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid
from coding.text.textnorm import clean_name, clean_text, export_name
from coding.base.messages import _

MAX_SOURCE = 255  # the column's width

codes_t = TABLES["codes"]
segments_t = TABLES["segments"]
anchors_t = TABLES["anchor_examples"]
memos_t = TABLES["memos"]
documents_t = TABLES["documents"]


@dataclass(frozen=True)
class DeleteImpact:
    codes: int
    segments: int


def deletion_impact(conn: Connection, code_id: CodeId) -> DeleteImpact:
    """How many codes and segments would go with this code (ask the user first)."""
    ids = subtree_ids(conn, code_id)
    n = conn.execute(select(func.count()).select_from(segments_t)
                     .where(segments_t.c.code_id.in_(ids))).scalar_one()
    return DeleteImpact(len(ids), n)


def delete_code(rec: Recorder, code_id: CodeId) -> DeleteImpact:
    """Delete a code with its subcodes, their segments, memos and anchor examples."""
    if rec.conn.execute(select(codes_t.c.id).where(codes_t.c.id == code_id)).first() is None:
        raise NotFoundError(_("no code with id {code_id}", code_id=code_id))
    impact = deletion_impact(rec.conn, code_id)
    ids = subtree_ids(rec.conn, code_id)
    seg_ids = select(segments_t.c.id).where(segments_t.c.code_id.in_(ids)).scalar_subquery()
    rec.delete_where("memos", memos_t.c.segment_id.in_(seg_ids))
    rec.delete_where("segments", segments_t.c.code_id.in_(ids))
    rec.delete_where("anchor_examples", anchors_t.c.code_id.in_(ids))
    rec.delete_where("memos", memos_t.c.code_id.in_(ids))
    summaries.delete_for_codes(rec, ids)
    for cid in reversed(ids):  # children before parents: the foreign key forbids orphans
        rec.delete("codes", cid)
    return impact


def merge_codes(rec: Recorder, source_id: CodeId, target_id: CodeId) -> int:
    """Merge ``source`` into ``target``: its segments, subcodes, anchors and memo move over.

    Segments of the same coder that now overlap are joined into one. Returns the number of
    segments moved.
    """
    if source_id == target_id:
        raise InputError(_("a code cannot be merged into itself"))
    if target_id in subtree_ids(rec.conn, source_id):
        raise InputError(_("a code cannot be merged into one of its own subcodes"))
    code_path(rec.conn, target_id)  # raises NotFoundError
    moved = rec.conn.execute(select(segments_t.c.id, segments_t.c.document_id, segments_t.c.coder_id)
                             .where(segments_t.c.code_id == source_id)).all()
    for sid, _doc, _coder in moved:
        rec.update("segments", sid, {"code_id": target_id})
    for doc, coder in {(d, c) for _s, d, c in moved}:
        segments.normalise_overlaps(rec, doc, target_id, coder)
    from coding.services.codes import move_code  # local: codes imports nothing from here
    for child in rec.conn.execute(select(codes_t.c.id).where(codes_t.c.parent_id == source_id)
                                  .order_by(codes_t.c.sort_order)).scalars().all():
        move_code(rec, child, target_id)
    for aid in rec.conn.execute(select(anchors_t.c.id).where(anchors_t.c.code_id == source_id)).scalars().all():
        rec.update("anchor_examples", aid, {"code_id": target_id})
    src_memo = memos.get_memo(rec.conn, "code", source_id)
    if src_memo:
        tgt_memo = memos.get_memo(rec.conn, "code", target_id)
        name = rec.conn.execute(select(codes_t.c.name).where(codes_t.c.id == source_id)).scalar()
        memos.set_memo(rec, "code", target_id,
                       f"{tgt_memo}\n\n[{name}]\n{src_memo}" if tgt_memo else src_memo)
    rec.delete_where("memos", memos_t.c.code_id == source_id)
    summaries.move_to_code(rec, source_id, target_id)
    rec.delete("codes", source_id)
    return len(moved)


def add_anchor(rec: Recorder, code_id: CodeId, quote: str, source: str = "",
               segment_guid: str | None = None) -> int:
    """Add an anchor example (a typical quote with its source) to a code."""
    quote = clean_text(quote, "the anchor example").strip()
    source = clean_name(source, "an anchor's source", MAX_SOURCE) if (source or "").strip() else ""
    if not quote:
        raise InputError(_("an anchor example needs a quote"))
    n = rec.conn.execute(select(func.count()).select_from(anchors_t).where(anchors_t.c.code_id == code_id)).scalar()
    return rec.insert("anchor_examples", {"guid": new_guid(), "code_id": code_id, "quote": quote,
                                          "source": source, "segment_guid": segment_guid,
                                          "sort_order": n})


def add_segment_as_anchor(rec: Recorder, segment_id: SegmentId) -> int:
    """Make a coded segment an anchor example of its code, citing document label and position."""
    from coding.text.citations import anchor_before, cite
    from coding.text.paragraphs import paragraph_number

    seg = segments.get_segment(rec.conn, segment_id)
    doc = rec.conn.execute(select(documents_t.c.text, documents_t.c.label, documents_t.c.name)
                           .where(documents_t.c.id == seg.document_id)).one()
    quote = doc.text[seg.start:seg.end]
    a = TABLES["time_anchors"]
    anchors = rec.conn.execute(select(a.c.position, a.c.ms).where(a.c.document_id == seg.document_id)
                               .order_by(a.c.position)).all()
    source = cite(export_name(doc.label or doc.name), anchor_before([tuple(r) for r in anchors], seg.start),
                  paragraph_number(doc.text, seg.start))
    return add_anchor(rec, seg.code_id, quote, source, seg.guid)


def list_anchors(conn: Connection, code_id: CodeId) -> list[tuple[int, str, str]]:
    """Anchor examples of a code: (id, quote, source) in order."""
    return [tuple(r) for r in conn.execute(select(anchors_t.c.id, anchors_t.c.quote, anchors_t.c.source)
                                           .where(anchors_t.c.code_id == code_id)
                                           .order_by(anchors_t.c.sort_order, anchors_t.c.id))]

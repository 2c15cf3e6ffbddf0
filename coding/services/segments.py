"""Coded segments: applying and removing codes on text ranges (code points, end exclusive).

Coding the same code by the same coder on an overlapping or adjacent range extends the existing
segment instead of creating a second one (as MAXQDA does); other coders' segments stay separate.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.services import memos
from coding.base.errors import InputError, NotFoundError
from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid, utcnow
from coding.base.messages import _

segments_t = TABLES["segments"]
documents_t = TABLES["documents"]
memos_t = TABLES["memos"]


@dataclass(frozen=True)
class SegmentRef:
    id: SegmentId
    guid: str
    document_id: DocumentId
    code_id: CodeId
    coder_id: CoderId
    start: int
    end: int
    key_quote: bool


def _ref(row) -> SegmentRef:
    return SegmentRef(row.id, row.guid, row.document_id, row.code_id, row.coder_id,
                      row.start_pos, row.end_pos, bool(row.key_quote))


def text_length(conn: Connection, document_id: DocumentId) -> int:
    """Length of a document's stored text in code points."""
    n = conn.execute(select(func.length(documents_t.c.text)).where(documents_t.c.id == document_id)).scalar()
    if n is None:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    return n


def check_range(conn: Connection, document_id: DocumentId, start: int, end: int) -> None:
    """Refuse ranges outside the document or empty ones with a clear message."""
    n = text_length(conn, document_id)
    if start > end and 0 <= end < start <= n:
        raise InputError(_("the start ({start}) must come before the end ({end}); did you swap them?",
                           start=start, end=end))
    if not (0 <= start < end <= n):
        raise InputError(_("range {start}-{end} is outside the document (valid: 0 <= start < end <= {n})",
                           start=start, end=end, n=n))


def get_segment(conn: Connection, segment_id: SegmentId) -> SegmentRef:
    """A segment by id."""
    row = conn.execute(select(segments_t).where(segments_t.c.id == segment_id)).first()
    if row is None:
        raise NotFoundError(_("no segment with id {segment_id}", segment_id=segment_id))
    return _ref(row)


def find_segment_by_guid(conn: Connection, guid: str) -> SegmentRef:
    """A segment by its GUID."""
    row = conn.execute(select(segments_t).where(func.lower(segments_t.c.guid) == guid.lower())).first()
    if row is None:
        raise NotFoundError(_("no segment with id {guid}", guid=guid))
    return _ref(row)


def apply_code(rec: Recorder, document_id: DocumentId, code_id: CodeId, coder_id: CoderId, start: int,
               end: int, memo: str | None = None, key_quote: bool = False) -> SegmentId:
    """Code ``[start, end)``; merges with touching segments of the same code and coder."""
    check_range(rec.conn, document_id, start, end)
    for table, key in (("codes", code_id), ("coders", coder_id)):
        t = TABLES[table]
        if rec.conn.execute(select(t.c.id).where(t.c.id == key)).first() is None:
            raise NotFoundError(_("no code with id {key}", key=key) if table == "codes"
                                else _("no coder with id {key}", key=key))
    touching = [_ref(r) for r in rec.conn.execute(select(segments_t).where(
        segments_t.c.document_id == document_id, segments_t.c.code_id == code_id,
        segments_t.c.coder_id == coder_id, segments_t.c.start_pos <= end,
        segments_t.c.end_pos >= start).order_by(segments_t.c.start_pos, segments_t.c.id))]
    if not touching:
        seg_id = rec.insert("segments", {
            "guid": new_guid(), "document_id": document_id, "code_id": code_id,
            "coder_id": coder_id, "start_pos": start, "end_pos": end,
            "key_quote": key_quote, "created_at": utcnow()})
    else:
        keep = min(touching, key=lambda s: s.id)  # the oldest keeps its GUID (ids only grow)
        new_start = min([start] + [s.start for s in touching])
        new_end = max([end] + [s.end for s in touching])
        memo_of = {s.id: memos.get_memo(rec.conn, "segment", s.id) for s in touching}
        for other in touching:
            if other.id != keep.id:
                delete_segment(rec, other.id)
        rec.update("segments", keep.id, {
            "start_pos": new_start, "end_pos": new_end,
            "key_quote": key_quote or any(s.key_quote for s in touching)})
        joined = "\n\n".join(memo_of[s.id] for s in touching if memo_of[s.id])  # text order
        if joined != memo_of[keep.id]:
            memos.set_memo(rec, "segment", keep.id, joined, coder_id)
        seg_id = keep.id
    if memo:
        old = memos.get_memo(rec.conn, "segment", seg_id)
        memos.set_memo(rec, "segment", seg_id, f"{old}\n\n{memo}" if old else memo, coder_id)
    return seg_id


def apply_code_many(rec: Recorder, ranges: list[tuple[DocumentId, int, int]], code_id: CodeId,
                    coder_id: CoderId) -> list[SegmentId]:
    """Code many ranges (e.g. search hits) with one code, inside the caller's one action.

    Every range is checked before anything is written, so a bad one changes nothing. Each range
    joins touching codings of the same code and coder as :func:`apply_code` does (hits next to
    each other become one coding). Returns the codings that hold the ranges, without repeats.
    """
    if not ranges:
        raise InputError(_("there is nothing to code: no ranges were given"))
    for document_id, start, end in ranges:
        check_range(rec.conn, document_id, start, end)
    out: list[SegmentId] = []
    for document_id, start, end in sorted(ranges):
        seg_id = apply_code(rec, document_id, code_id, coder_id, start, end)
        if seg_id not in out:
            out.append(seg_id)
    # a later hit may have joined a coding returned earlier into an older one: keep those left
    return [s for s in out if rec.conn.execute(select(segments_t.c.id).where(segments_t.c.id == s)).first()]


def delete_segment(rec: Recorder, segment_id: SegmentId) -> None:
    """Remove one coding together with its memo."""
    rec.delete_where("memos", memos_t.c.segment_id == segment_id)
    if not rec.delete("segments", segment_id):
        raise NotFoundError(_("no segment with id {segment_id}", segment_id=segment_id))


def remove_code(rec: Recorder, document_id: DocumentId, code_id: CodeId, start: int, end: int,
                coder_id: CoderId | None = None) -> int:
    """Remove whole codings of a code (by one coder, or all) that overlap ``[start, end)``."""
    check_range(rec.conn, document_id, start, end)
    q = select(segments_t.c.id).where(
        segments_t.c.document_id == document_id, segments_t.c.code_id == code_id,
        segments_t.c.start_pos < end, segments_t.c.end_pos > start)
    if coder_id is not None:
        q = q.where(segments_t.c.coder_id == coder_id)
    ids = [r[0] for r in rec.conn.execute(q)]
    for sid in ids:
        delete_segment(rec, sid)
    return len(ids)


def set_key_quote(rec: Recorder, segment_id: SegmentId, flag: bool) -> None:
    """Flag or unflag a segment as a key quote (for reports)."""
    get_segment(rec.conn, segment_id)
    rec.update("segments", segment_id, {"key_quote": bool(flag)})


def segments_of_document(conn: Connection, document_id: int,
                         coder_ids: list[CoderId] | None = None) -> list[SegmentRef]:
    """All segments of a document in text order (for the document view)."""
    q = select(segments_t).where(segments_t.c.document_id == document_id)
    if coder_ids is not None:
        q = q.where(segments_t.c.coder_id.in_(coder_ids))
    return [_ref(r) for r in conn.execute(q.order_by(segments_t.c.start_pos, segments_t.c.end_pos))]


def normalise_overlaps(rec: Recorder, document_id: int, code_id: int, coder_id: int) -> None:
    """Merge touching segments of one code and coder (after a merge of codes or a text edit)."""
    segs = [s for s in segments_of_document(rec.conn, document_id, [CoderId(coder_id)]) if s.code_id == code_id]
    for s in segs:
        if rec.conn.execute(select(segments_t.c.id).where(segments_t.c.id == s.id)).first():
            apply_code(rec, s.document_id, s.code_id, s.coder_id, s.start, s.end)

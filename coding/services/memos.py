"""Memos: one mechanism for project, document, code and segment memos."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import CoderId, MemoId, SegmentId
from coding.base.errors import InputError
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid, utcnow
from coding.text.textnorm import clean_name, clean_text
from coding.base.messages import _

memos_t = TABLES["memos"]
TARGETS = ("document", "code", "segment")


def _target_clause(kind: str | None, target_id: int | None):
    if kind is None:
        return [memos_t.c.document_id.is_(None), memos_t.c.code_id.is_(None),
                memos_t.c.segment_id.is_(None)]
    if kind not in TARGETS:
        raise InputError(_("memos belong to a project, {targets}; not '{kind}'",
                           targets=', '.join(TARGETS), kind=kind))
    return [memos_t.c[f"{kind}_id"] == target_id]


def get_memo(conn: Connection, kind: str | None, target_id: int | None = None) -> str:
    """The memo text of a document/code/segment (or the first project memo); '' if none."""
    q = select(memos_t.c.text).where(*_target_clause(kind, target_id)).order_by(memos_t.c.id)
    return conn.execute(q.limit(1)).scalar() or ""


def set_memo(rec: Recorder, kind: str | None, target_id: int | None, text: str,
             coder_id: CoderId | None = None, title: str = "") -> MemoId | None:
    """Create, change or (with empty text) delete the memo of a target; return its id."""
    text = clean_text(text, "the memo").strip("\n")
    q = select(memos_t.c.id).where(*_target_clause(kind, target_id)).order_by(memos_t.c.id)
    existing = rec.conn.execute(q.limit(1)).scalar()
    if not text.strip():
        if existing is not None:
            rec.delete("memos", existing)
        return None
    if existing is not None:
        rec.update("memos", existing, {"text": text, "modified_at": utcnow()})
        return existing
    title = clean_name(title, "a memo title", 200) if (title or "").strip() else ""
    row: dict[str, Any] = {"guid": new_guid(), "text": text, "title": title, "coder_id": coder_id,
           "created_at": utcnow(), "modified_at": utcnow()}
    if kind is not None:
        row[f"{kind}_id"] = target_id
    return rec.insert("memos", row)


def memos_for(conn: Connection, kind: str, ids: list[int]) -> dict[int, str]:
    """Memo texts for many targets of one kind at once (for retrieval lists)."""
    col = memos_t.c[f"{kind}_id"]
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        for tid, text in conn.execute(select(col, memos_t.c.text).where(col.in_(ids[i:i + 900]))):
            out.setdefault(tid, text)
    return out


def all_segment_memos(conn: Connection) -> dict[SegmentId, str]:
    """Every segment memo by segment id (memos are few; one query beats huge IN lists)."""
    out: dict[SegmentId, str] = {}
    for sid, text in conn.execute(select(memos_t.c.segment_id, memos_t.c.text)
                                  .where(memos_t.c.segment_id.is_not(None)).order_by(memos_t.c.id)):
        out.setdefault(sid, text)
    return out

"""Counting codings with SQL aggregates (no Python object per segment)."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId
from coding.store.models import TABLES

segments_t = TABLES["segments"]


def code_document_counts(conn: Connection, coder_ids: Iterable[CoderId] | None = None,
                         ) -> dict[tuple[CodeId, DocumentId], int]:
    """Segments per (code id, document id), from one grouped query over the covering index."""
    q = select(segments_t.c.code_id, segments_t.c.document_id, func.count()).group_by(
        segments_t.c.code_id, segments_t.c.document_id)
    if coder_ids is not None:
        q = q.where(segments_t.c.coder_id.in_(list(coder_ids)))
    return {(c, d): n for c, d, n in conn.execute(q)}

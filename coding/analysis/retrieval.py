"""Retrieval of coded segments and text search (the "retrieved segments" of QDA tools)."""
from __future__ import annotations

import bisect
import time
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.text.paragraphs import Paragraphs
from coding.text.pattern import SEARCH_SECONDS, bounded_matches, compile_search  # noqa: F401 - offered here
from coding.services import memos
from coding.services.codes import load_tree, subtree_ids, walk
from coding.base.errors import Cancelled
from coding.store.models import TABLES
from coding.services.variables import documents_with
from coding.base.messages import _

segments_t = TABLES["segments"]
documents_t = TABLES["documents"]
coders_t = TABLES["coders"]
turns_t = TABLES["speaker_turns"]
anchors_t = TABLES["time_anchors"]


class RetrievedSegment(NamedTuple):
    """One retrieved coding (a tuple: tens of thousands are built per query)."""

    id: SegmentId
    guid: str
    document: str
    label: str
    code_path: str
    coder: str
    start: int
    end: int
    text: str
    key_quote: bool
    memo: str
    speaker: str | None
    time_ms: int | None  # time of the nearest time anchor at or before the segment
    paragraph: int  # 1-based number of the non-empty line where the segment starts
    before: str  # context before the segment
    after: str  # context after the segment
    document_id: DocumentId


class _DocIndex(Paragraphs):
    """Per-document lookup of paragraphs, speaker turns and time anchors (bisect, no SQL per row)."""

    def __init__(self, text: str, turns: list[tuple[int, int, str]], anchors: list[tuple[int, int]]):
        super().__init__(text)
        self.text = text
        self.turns = sorted(turns)
        self.turn_starts = [t[0] for t in self.turns]
        self.anchors = sorted(anchors)
        self.anchor_pos = [a[0] for a in self.anchors]

    def paragraph(self, pos: int) -> int:
        return self.number(pos)


def _expand_codes(conn: Connection, code_ids: Iterable[CodeId] | None, subcodes: bool) -> list[CodeId] | None:
    if code_ids is None:
        return None
    out: list[CodeId] = []
    for cid in code_ids:
        out.extend(subtree_ids(conn, cid) if subcodes else [cid])
    return sorted(set(out))


def query_segments(conn: Connection, *, codes: Iterable[CodeId] | None = None, subcodes: bool = True,
                   documents: Iterable[DocumentId] | None = None, variables: dict[str, list[str]] | None = None,
                   coders: Iterable[CoderId] | None = None, context: int = 0,
                   segment_ids: Iterable[SegmentId] | None = None) -> list[RetrievedSegment]:
    """Coded segments matching all filters, in document order, with text and context.

    Texts are sliced in Python from each document's text fetched once, rather than per row in
    SQL: on large projects that is many times faster (see bench/core_scale.py).
    """
    q = select(segments_t.c.id, segments_t.c.guid, segments_t.c.document_id, segments_t.c.code_id,
               segments_t.c.coder_id, segments_t.c.start_pos, segments_t.c.end_pos, segments_t.c.key_quote)
    code_ids = _expand_codes(conn, codes, subcodes)
    if code_ids is not None:
        q = q.where(segments_t.c.code_id.in_(code_ids))
    doc_filter = None if documents is None else set(documents)
    for name, values in (variables or {}).items():
        ids = set(documents_with(conn, name, values))
        doc_filter = ids if doc_filter is None else doc_filter & ids
    if doc_filter is not None:
        q = q.where(segments_t.c.document_id.in_(sorted(doc_filter)))
    if coders is not None:
        q = q.where(segments_t.c.coder_id.in_(list(coders)))
    if segment_ids is not None:  # e.g. exactly the segments behind a matrix cell
        q = q.where(segments_t.c.id.in_(list(segment_ids)))
    # plain DBAPI tuples: SQLAlchemy's Row objects cost more than the query for 25,000 rows
    rows = conn.execute(q).cursor.fetchall()
    if not rows:
        return []
    doc_ids = sorted({r[2] for r in rows})
    docs = {d.id: d for d in conn.execute(select(documents_t.c.id, documents_t.c.name, documents_t.c.label,
                                                 documents_t.c.sort_order, documents_t.c.text)
                                          .where(documents_t.c.id.in_(doc_ids)))}
    turns: dict[int, list] = {}
    for d, s, e, sp in conn.execute(select(turns_t.c.document_id, turns_t.c.start_pos, turns_t.c.end_pos,
                                           turns_t.c.speaker).where(turns_t.c.document_id.in_(doc_ids))):
        turns.setdefault(d, []).append((s, e, sp))
    anchors: dict[int, list] = {}
    for d, pos, ms in conn.execute(select(anchors_t.c.document_id, anchors_t.c.position, anchors_t.c.ms)
                                   .where(anchors_t.c.document_id.in_(doc_ids))):
        anchors.setdefault(d, []).append((pos, ms))
    index = {d: _DocIndex(docs[d].text, turns.get(d, []), anchors.get(d, [])) for d in doc_ids}
    paths = {n.id: n.path for n in walk(load_tree(conn, counts=False))}
    coder_names = dict(conn.execute(select(coders_t.c.id, coders_t.c.name)).all())
    memo_map = memos.all_segment_memos(conn)
    rank = {d: i for i, d in enumerate(sorted(docs, key=lambda d: (docs[d].sort_order, docs[d].name)))}
    rows = sorted(rows, key=lambda r: (rank[r[2]], r[5], r[6]))
    out = []
    make = tuple.__new__  # skips NamedTuple's argument handling: tens of thousands of rows
    bisect_right = bisect.bisect_right
    for sid, guid, doc_id, code_id, coder_id, start, end, key_quote in rows:
        doc, idx = docs[doc_id], index[doc_id]
        text = idx.text
        # speaker, time and paragraph inline (this loop runs per segment)
        t = bisect_right(idx.turn_starts, start) - 1
        turn = idx.turns[t] if t >= 0 else None
        speaker = turn[2] if turn and start < max(turn[1], turn[0] + 1) else None
        a = bisect_right(idx.anchor_pos, start) - 1
        time_ms = idx.anchors[a][1] if a >= 0 else (0 if idx.anchors else None)
        para = bisect_right(idx.nonempty, bisect_right(idx.line_starts, start) - 1) or 1
        out.append(make(RetrievedSegment, (
            sid, guid, doc.name, doc.label, paths.get(code_id, ""), coder_names.get(coder_id, ""),
            start, end, text[start:end], bool(key_quote), memo_map.get(sid, ""), speaker, time_ms, para,
            text[max(0, start - context):start] if context else "",
            text[end:end + context] if context else "", doc_id)))
    return out


@dataclass(frozen=True)
class SearchHit:
    document_id: DocumentId
    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


def search_texts(conn: Connection, documents: Iterable[DocumentId] | None = None,
                 ) -> list[tuple[DocumentId, str, str]]:
    """``(id, name, text)`` of the documents to search, in display order."""
    q = select(documents_t.c.id, documents_t.c.name, documents_t.c.text).order_by(
        documents_t.c.sort_order, documents_t.c.name)
    if documents is not None:
        q = q.where(documents_t.c.id.in_(list(documents)))
    return [tuple(row) for row in conn.execute(q)]


def find_hits(texts: Iterable[tuple[DocumentId, str, str]], rx, *, context: int = 40, limit: int = 10000,
              timeout: float = SEARCH_SECONDS,
              should_stop: Callable[[], bool] | None = None) -> list[SearchHit]:
    """Matches of a compiled pattern in ``(id, name, text)`` documents, within ``timeout`` seconds.

    A pattern with nested repeats can need longer than the universe exists: the time limit
    turns that into an ``InputError``. The matching releases the GIL (``concurrent``), so a
    window stays responsive while it runs; ``should_stop`` is asked between documents and hits.
    """
    deadline = time.monotonic() + timeout
    hits: list[SearchHit] = []
    for did, name, text in texts:
        for m in bounded_matches(rx, text, deadline, timeout, should_stop):
            hits.append(SearchHit(did, name, m.start(), m.end(), text[max(0, m.start() - context):m.start()],
                                  m.group(0), text[m.end():m.end() + context]))
            if len(hits) >= limit:
                return hits
        if should_stop is not None and should_stop():
            raise Cancelled(_("search cancelled"))
    return hits


def search_text(conn: Connection, pattern: str, *, regex: bool = False, case_sensitive: bool = False,
                documents: Iterable[DocumentId] | None = None, context: int = 40,
                limit: int = 10000, timeout: float = SEARCH_SECONDS) -> list[SearchHit]:
    """Plain or regular-expression search over document texts; positions in code points."""
    rx = compile_search(pattern, regex=regex, case_sensitive=case_sensitive)
    return find_hits(search_texts(conn, documents), rx, context=context, limit=limit, timeout=timeout)

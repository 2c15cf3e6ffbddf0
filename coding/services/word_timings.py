"""Stored word timings of a transcript: written once from Whisper's words, kept on their words
through edits, read by the editor (play-along, click-to-seek, uncertain words) and ``andock words``.

Rows hold positions relative to the previous word (see ``WordTiming`` in coding/store/models.py):
an edit changes the rows of the words it touches and of the one word after it, nothing else.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import DocumentId
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.text.remap import PositionMap
from coding.text.word_timing import TimedWord, align_words, from_relative, to_relative

words_t = TABLES["word_timings"]
anchors_t = TABLES["time_anchors"]


def document_words(conn: Connection, document_id: DocumentId) -> list[TimedWord]:
    """The document's timed words in spoken order, with absolute positions (empty if none)."""
    rows = conn.execute(select(words_t.c.gap, words_t.c.length, words_t.c.start_ms, words_t.c.end_ms,
                               words_t.c.probability)
                        .where(words_t.c.document_id == document_id).order_by(words_t.c.seq)).all()
    return from_relative([tuple(r) for r in rows])


def document_anchors(conn: Connection, document_id: DocumentId) -> list[tuple[int, int]]:
    """The document's time anchors as ``(position, ms)``, by position."""
    return [(p, ms) for p, ms in conn.execute(
        select(anchors_t.c.position, anchors_t.c.ms).where(anchors_t.c.document_id == document_id)
        .order_by(anchors_t.c.position, anchors_t.c.ms))]


def store_words(rec: Recorder, document_id: DocumentId, words: Sequence[TimedWord]) -> int:
    """Replace the document's word timings by ``words`` (ordered, not overlapping); return the count."""
    rec.delete_where("word_timings", words_t.c.document_id == document_id)
    rows = [{"document_id": document_id, "seq": i, "gap": gap, "length": length, "start_ms": w.start_ms,
             "end_ms": w.end_ms, "probability": w.probability}
            for i, (w, (gap, length)) in enumerate(zip(words, to_relative(words)))]
    rec.insert_many("word_timings", rows)
    return len(rows)


def remap_words(rec: Recorder, document_id: DocumentId, pmap: PositionMap) -> None:
    """Move the document's words through an edit (``pmap``); a word with no character left goes.

    Only rows whose ``gap`` or ``length`` change are written (and recorded for undo): the words
    an edit touches and the first word after each edit.
    """
    rows = rec.conn.execute(select(words_t.c.id, words_t.c.gap, words_t.c.length)
                            .where(words_t.c.document_id == document_id).order_by(words_t.c.seq)).all()
    if not rows:
        return
    removed: list[int] = []
    pos = prev_end = 0
    for wid, gap, length in rows:
        start = pos + gap
        pos = start + length
        mapped = pmap.range(start, pos)
        if mapped is None:
            removed.append(wid)
            continue
        new_gap, new_length = mapped[0] - prev_end, mapped[1] - mapped[0]
        prev_end = mapped[1]
        if (new_gap, new_length) != (gap, length):
            rec.update("word_timings", wid, {"gap": new_gap, "length": new_length})
    if removed:
        rec.delete_where("word_timings", words_t.c.id.in_(removed))


def attach_recognised_words(rec: Recorder, document_id: DocumentId,
                            words: Sequence[tuple[str, int, int, float | None]]) -> int:
    """Store recognised ``(word, start_ms, end_ms, probability)`` on the document's text (as
    stored, after its characters were cleaned); return how many words found their place."""
    text = rec.conn.execute(select(TABLES["documents"].c.text)
                            .where(TABLES["documents"].c.id == document_id)).scalar_one()
    return store_words(rec, document_id, align_words(text, words))

"""Stored word timings of a transcript: written once from Whisper's words, kept on their words
through edits, read by the editor (play-along, click-to-seek, uncertain words) and ``andock words``.

Rows hold positions relative to the previous word (see ``WordTiming`` in coding/store/models.py):
an edit changes the rows of the words it touches and of the one word after it, nothing else.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import DocumentId
from coding.store.history import Recorder
from coding.store.models import TABLES, utcnow
from coding.text.live_ranges import WordTrack, move_ranges
from coding.text.remap import Edit
from coding.text.word_timing import TimedWord, align_words, to_relative

words_t = TABLES["word_timings"]


def document_words(conn: Connection, document_id: DocumentId) -> list[TimedWord]:
    """The document's timed words in spoken order, with absolute positions (empty if none)."""
    return word_track(conn, document_id).words()


def word_track(conn: Connection, document_id: DocumentId) -> WordTrack:
    """The document's timed words as arrays, for the editor (no object per word)."""
    rows = conn.execute(select(words_t.c.gap, words_t.c.length, words_t.c.start_ms, words_t.c.end_ms,
                               words_t.c.probability)
                        .where(words_t.c.document_id == document_id).order_by(words_t.c.seq)).all()
    return WordTrack.from_rows([tuple(r) for r in rows])


def store_words(rec: Recorder, document_id: DocumentId, words: Sequence[TimedWord]) -> int:
    """Replace the document's word timings by ``words`` (ordered, not overlapping); return the count."""
    rec.delete_where("word_timings", words_t.c.document_id == document_id)
    rows = [{"document_id": document_id, "seq": i, "gap": gap, "length": length, "start_ms": w.start_ms,
             "end_ms": w.end_ms, "probability": w.probability}
            for i, (w, (gap, length)) in enumerate(zip(words, to_relative(words)))]
    rec.insert_many("word_timings", rows)
    # the window reloads a document's text and words only when modified_at moved
    rec.update("documents", document_id, {"modified_at": utcnow()})
    return len(rows)


def remap_words(rec: Recorder, document_id: DocumentId, edits: Sequence[Edit]) -> None:
    """Move the document's words through ``edits`` (positions in the text before them); a word
    with no character left goes.

    Only rows whose ``gap`` or ``length`` change are written (and recorded for undo): the words
    an edit touches and the first word after each edit. The positions are computed for all
    words at once (numpy): 40,000 words of a long interview take milliseconds.
    """
    rows = rec.conn.execute(select(words_t.c.id, words_t.c.gap, words_t.c.length)
                            .where(words_t.c.document_id == document_id).order_by(words_t.c.seq)).all()
    if not rows:
        return
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    gaps = np.array([r[1] for r in rows], dtype=np.int64)
    lengths = np.array([r[2] for r in rows], dtype=np.int64)
    ends = np.cumsum(gaps + lengths)
    starts = ends - lengths
    keep = np.ones(len(ids), dtype=bool)
    for e in sorted(edits, key=lambda e: e.start, reverse=True):  # the last first: earlier positions stay valid
        starts, ends, kept = move_ranges(starts, ends, e)
        keep &= kept
    if not keep.all():
        rec.delete_where("word_timings", words_t.c.id.in_([int(i) for i in ids[~keep]]))
    ids, gaps, lengths, starts, ends = ids[keep], gaps[keep], lengths[keep], starts[keep], ends[keep]
    new_gaps = starts - np.concatenate(([0], ends[:-1]))
    new_lengths = ends - starts
    for i in np.flatnonzero((new_gaps != gaps) | (new_lengths != lengths)):
        rec.update("word_timings", int(ids[i]), {"gap": int(new_gaps[i]), "length": int(new_lengths[i])})


def attach_recognised_words(rec: Recorder, document_id: DocumentId,
                            words: Sequence[tuple[str, int, int, float | None]]) -> int:
    """Store recognised ``(word, start_ms, end_ms, probability)`` on the document's text (as
    stored, after its characters were cleaned); return how many words found their place."""
    text = rec.conn.execute(select(TABLES["documents"].c.text)
                            .where(TABLES["documents"].c.id == document_id)).scalar_one()
    return store_words(rec, document_id, align_words(text, words))

"""Editing a document's text while codings, time anchors and speaker turns stay on their words."""
from __future__ import annotations

import unicodedata
from typing import Sequence

from sqlalchemy import select

from coding.base.errors import ConflictError
from coding.base.ids import DocumentId
from coding.base.messages import _
from coding.services import segments as seg_mod
from coding.services.word_timings import remap_words
from coding.services.documents import EditReport, get_text
from coding.store.history import Recorder
from coding.store.models import TABLES, utcnow
from coding.text.remap import Edit, PositionMap, apply_edits, diff_edits, remap_ranges
from coding.text.textio import normalize_text
from coding.text.textnorm import clean_text

segments_t = TABLES["segments"]
turns_t = TABLES["speaker_turns"]
anchors_t = TABLES["time_anchors"]


def edit_text(rec: Recorder, document_id: DocumentId, new_text: str | None = None,
              edits: Sequence[Edit] | None = None, *, base: str | None = None) -> EditReport:
    """Change a document's text from edit operations (preferred) or a new full text (diffed).

    Codings whose text was partly deleted shrink; codings whose text was wholly deleted go, and
    the report says so. Positions of turns, time anchors and word timings move with their
    words; a timed word whose characters were all replaced loses its timing.

    ``base`` is the text the edits were made on (an editor's last saved state): when the stored
    text differs (another window or colleague changed it since), ConflictError, nothing changed.
    """
    old = get_text(rec.conn, document_id)
    if base is not None and base != old:
        raise ConflictError(_("the text of this document was changed elsewhere meanwhile; "
                              "your last change was not saved"))
    if edits is None:
        if new_text is None:
            raise ValueError("edit_text needs new_text or edits")
        new_text = normalize_text(new_text)
        edits = diff_edits(old, new_text)
    else:
        edits = [Edit(e.start, e.end, clean_text(e.replacement)) for e in edits]
        new_text = apply_edits(old, edits)
        if not unicodedata.is_normalized("NFC", new_text):  # a combining mark typed after a letter
            new_text = clean_text(new_text)
            edits = diff_edits(old, new_text)
    report = EditReport()
    if new_text == old:
        return report
    pmap = PositionMap(len(old), edits)
    # only the replaced pieces go into the history, not the whole old text
    rec.replace_text("documents", document_id, "text", old, [(e.start, e.end, e.replacement) for e in edits])
    rec.update("documents", document_id, {"modified_at": utcnow(), "word_count": None})
    segs = rec.conn.execute(select(segments_t.c.id, segments_t.c.start_pos, segments_t.c.end_pos)
                            .where(segments_t.c.document_id == document_id)).all()
    moved = _Moves()
    for (sid, start, end), change in zip(segs, remap_ranges(len(old), edits, [(s, e) for _i, s, e in segs])):
        if change.new is None:
            seg_mod.delete_segment(rec, sid)
            report.removed.append(sid)
            continue
        moved.add(sid, (start, end), change.new)
        # tell the user when an edit cut into the coding or made it shorter; a typo fixed
        # inside it (same length, boundaries untouched) is no news
        if change.clipped or (change.shrunk and change.new[1] - change.new[0] < end - start):
            report.shrunk.append(sid)
    moved.write(rec, "segments", ("start_pos", "end_pos"))
    moved = _Moves()
    for tid, start, end in rec.conn.execute(select(turns_t.c.id, turns_t.c.start_pos, turns_t.c.end_pos)
                                            .where(turns_t.c.document_id == document_id)).all():
        mapped = pmap.range(start, end)
        if mapped is None:
            rec.delete("speaker_turns", tid)
        else:
            moved.add(tid, (start, end), mapped)
    moved.write(rec, "speaker_turns", ("start_pos", "end_pos"))
    moved = _Moves()
    for aid, pos in rec.conn.execute(select(anchors_t.c.id, anchors_t.c.position)
                                     .where(anchors_t.c.document_id == document_id)).all():
        new_pos = pmap.anchor(pos)
        if new_pos is None:
            rec.delete("time_anchors", aid)
        else:
            moved.add(aid, (pos,), (new_pos,))
    moved.write(rec, "time_anchors", ("position",))
    remap_words(rec, document_id, edits)
    _join_touching(rec, document_id)
    if report.message():
        rec.changes.messages.append(report.message())
    return report


class _Moves:
    """Rows whose positions an edit changes: those that only moved by the same amount (everything
    behind the edit) are written as one shift per amount, the others row by row."""

    def __init__(self) -> None:
        self.shifts: dict[int, list[int]] = {}
        self.updates: list[tuple[int, tuple[int, ...]]] = []

    def add(self, key: int, old: tuple[int, ...], new: tuple[int, ...]) -> None:
        deltas = {b - a for a, b in zip(old, new)}
        if deltas == {0}:
            return
        if len(deltas) == 1:
            self.shifts.setdefault(deltas.pop(), []).append(key)
        else:
            self.updates.append((key, new))

    def write(self, rec: Recorder, table: str, columns: tuple[str, ...]) -> None:
        for delta, keys in self.shifts.items():
            rec.shift(table, keys, columns, delta)
        for key, new in self.updates:
            rec.update(table, key, dict(zip(columns, new)))


def _join_touching(rec: Recorder, document_id: DocumentId) -> None:
    """Apply the extension rule again: deleting the text between two codings of one code and
    coder makes them touch, and touching codings are one segment."""
    by_pair: dict[tuple[int, int], list] = {}
    for s in seg_mod.segments_of_document(rec.conn, document_id):
        by_pair.setdefault((s.code_id, s.coder_id), []).append(s)
    for (code_id, coder_id), segs in by_pair.items():
        if any(b.start <= a.end for a, b in zip(segs, segs[1:])):
            seg_mod.normalise_overlaps(rec, document_id, code_id, coder_id)

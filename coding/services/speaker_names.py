"""Speakers of transcripts: listing them and renaming them (``B`` -> ``Frau Yılmaz``).

A transcript stores each turn as ``Label: text`` plus a ``speaker_turns`` row naming the
speaker (see ``importers/transcript.py``). Renaming a speaker changes both: the rows, and the
visible label at the start of each of those turns, as edit operations on the text
(``text_edit.edit_text``), so codings, time anchors and the other turns stay on their words.

Rules (docs/conventions.md, "Renaming speakers"):

* The label is replaced only where the turn's text really starts with ``<old>:``; elsewhere
  (a label changed by hand) just the row is renamed. Only the name is replaced; the ``:`` and
  what follows stay.
* A coding that covers any part of an old label covers the whole new label afterwards (a
  coding of ``B: Ja, genau.`` becomes one of ``Frau Yılmaz: Ja, genau.``, one of just ``B``
  one of ``Frau Yılmaz``, same row and memo); codings starting after the label keep their
  words. A rename shortens and drops no coding; one grown to the new name joins a touching one
  of its code and coder (the extension rule).
* A new name is tidied like a label (NFC, blanks trimmed, runs of blanks as one space) and must
  be 1-60 code points, without ``:`` or a line break. Umlauts, ß and emoji are fine.
* Renaming to a speaker who already speaks in an affected document merges the two speakers
  (only undo can tell them apart again), so it is refused unless ``merge=True``.

One call writes through one recorder; wrapped in ``project.action("Rename speaker B → …")``
it is one undoable action.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from coding.base.ids import DocumentId
from coding.services import segments as seg_mod
from coding.services.documents import get_text
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.text.remap import Edit, PositionMap
from coding.services.text_edit import edit_text
from coding.text.textnorm import clean_text
from coding.base.messages import _

documents_t = TABLES["documents"]
turns_t = TABLES["speaker_turns"]
segments_t = TABLES["segments"]
memos_t = TABLES["memos"]

MAX_SPEAKER = 60  # the width of speaker_turns.speaker
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() splits


class SpeakerInfo(NamedTuple):
    """One speaker: number of turns and of documents with at least one turn."""

    speaker: str
    turns: int
    documents: int


def tidy_speaker_name(name: str) -> str:
    """``name`` as labels are stored: NFC, blanks trimmed, runs of blanks one space (as ``build_transcript``)."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def check_speaker_name(name: str) -> str:
    """Return ``name`` tidied (see the module docstring); raise InputError saying what is wrong."""
    if any(ch in name for ch in _LINE_BREAKS):
        raise InputError(_("a speaker name must be one line (this one contains a line break)"))
    tidy = tidy_speaker_name(clean_text(name, "a speaker name"))  # control characters go
    if not tidy:
        raise InputError(_("a speaker name must not be empty"))
    if ":" in tidy:
        raise InputError(_("a speaker name must not contain ':' (the colon ends the label): '{tidy}'",
                           tidy=tidy))
    if len(tidy) > MAX_SPEAKER:
        raise InputError(_("a speaker name may have at most {max_speaker} characters, '{start}…' has {n}",
                           max_speaker=MAX_SPEAKER, start=tidy[:20], n=len(tidy)))
    return tidy


def _document_name(conn: Connection, document_id: DocumentId) -> str:
    name = conn.execute(select(documents_t.c.name).where(documents_t.c.id == document_id)).scalar()
    if name is None:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    return name


def _turn_rows(conn: Connection, document_id: DocumentId | None, *where) -> Sequence[Row]:
    """(document id, turn id, start, end, speaker), documents in display order, turns in text order."""
    q = (select(turns_t.c.document_id, turns_t.c.id, turns_t.c.start_pos, turns_t.c.end_pos,
                turns_t.c.speaker)
         .join(documents_t, documents_t.c.id == turns_t.c.document_id).where(*where)
         .order_by(documents_t.c.sort_order, documents_t.c.name, turns_t.c.start_pos, turns_t.c.id))
    if document_id is not None:
        q = q.where(turns_t.c.document_id == document_id)
    return conn.execute(q).all()


def list_speakers(conn: Connection, document_id: DocumentId | None = None) -> list[SpeakerInfo]:
    """Speakers of one document (or of the whole project) in order of first appearance.

    The project's order is the documents' display order, then text order within a document.
    """
    if document_id is not None:
        _document_name(conn, document_id)
    turns: dict[str, int] = {}
    docs: dict[str, set[int]] = defaultdict(set)
    for doc_id, _tid, _start, _end, speaker in _turn_rows(conn, document_id):
        turns[speaker] = turns.get(speaker, 0) + 1  # dicts keep first-insertion order
        docs[speaker].add(doc_id)
    return [SpeakerInfo(s, n, len(docs[s])) for s, n in turns.items()]


def rename_speaker(rec: Recorder, old: str, new: str, document_id: DocumentId | None = None, *,
                   merge: bool = False) -> int:
    """Rename speaker ``old`` to ``new`` in one document (or every document); return the turns renamed.

    Raises InputError for an unusable name, an unknown ``old`` or ``new == old``; ConflictError
    when ``new`` already speaks in an affected document and ``merge`` is not set.
    """
    new = check_speaker_name(new)
    old = tidy_speaker_name(old)
    where = _(" in '{document}'",
              document=_document_name(rec.conn, document_id)) if document_id is not None else ""
    if new == old:
        raise InputError(_("the speaker is called '{old}' already", old=old))
    rows = _turn_rows(rec.conn, document_id, turns_t.c.speaker == old)
    if not rows:
        raise InputError(_("no speaker '{old}'{where}", old=old, where=where))
    by_doc: dict[DocumentId, list] = {}
    for row in rows:
        by_doc.setdefault(row.document_id, []).append(row)
    clash = rec.conn.execute(
        select(documents_t.c.name).where(documents_t.c.id.in_(list(by_doc)), documents_t.c.id.in_(
            select(turns_t.c.document_id).where(turns_t.c.speaker == new)))
        .order_by(documents_t.c.sort_order, documents_t.c.name)).scalars().all()
    if clash and not merge:
        names = ", ".join(clash[:5]) + (f" and {len(clash) - 5} more" if len(clash) > 5 else "")
        raise ConflictError(_("'{new}' already speaks in {names}; renaming '{old}' to '{new}' would merge the "
                              "two speakers (confirm with --merge)", new=new, names=names, old=old))
    for doc_id, turns in by_doc.items():
        for row in turns:
            rec.update("speaker_turns", row.id, {"speaker": new})
        _relabel(rec, doc_id, [row.start_pos for row in turns], old, new)
    return len(rows)


def _relabel(rec: Recorder, document_id: DocumentId, starts: list[int], old: str, new: str) -> None:
    """Replace the name in the ``old:`` labels at ``starts`` by ``new``; codings follow (module rules)."""
    text = get_text(rec.conn, document_id)
    prefix = old + ":"
    spans = [(s, s + len(old)) for s in starts if text.startswith(prefix, s)]
    if not spans:
        return
    edits = [Edit(s, e, new) for s, e in spans]
    pmap = PositionMap(len(text), edits)
    new_spans = [(pmap.point(s), pmap.point(s) + len(new)) for s, _e in spans]
    # Codings touching a name: where they should end up, and (for those lying wholly inside one
    # name, which edit_text removes since none of their characters survive) their rows.
    span_starts = [s for s, _e in spans]

    def span_at(pos: int, after: bool) -> int:
        """Index of the span holding ``pos`` (``s <= pos < e``; ``after``: ``s < pos <= e``), or -1."""
        i = bisect_left(span_starts, pos) - 1 if after else bisect_right(span_starts, pos) - 1
        return i if i >= 0 and pos <= spans[i][1] - (0 if after else 1) else -1

    wanted: dict[int, tuple[int, int]] = {}
    rescued: dict[int, tuple[dict, list[dict]]] = {}
    for sid, start, end in rec.conn.execute(
            select(segments_t.c.id, segments_t.c.start_pos, segments_t.c.end_pos)
            .where(segments_t.c.document_id == document_id)).all():
        i, j = span_at(start, after=False), span_at(end, after=True)
        if i < 0 and j < 0:
            continue
        wanted[sid] = (pmap.point(start) if i < 0 else new_spans[i][0],
                       pmap.point(end, sticky="before") if j < 0 else new_spans[j][1])
        if i == j:
            row = rec.conn.execute(select(segments_t).where(segments_t.c.id == sid)).mappings().one()
            memo_rows = rec.conn.execute(select(memos_t).where(memos_t.c.segment_id == sid)
                                         .order_by(memos_t.c.id)).mappings().all()
            rescued[sid] = (dict(row), [dict(m) for m in memo_rows])
    report = edit_text(rec, document_id, edits=edits)
    if report.message():  # what edit_text calls shortened or removed, the rename puts back below
        rec.changes.messages.remove(report.message())
    for sid, (saved, saved_memos) in rescued.items():
        if sid in report.removed:
            rec.insert("segments", {**saved, "start_pos": wanted[sid][0], "end_pos": wanted[sid][1]})
            rec.insert_many("memos", saved_memos)
    pairs = set()
    for sid, (start, end) in wanted.items():
        current = rec.conn.execute(select(segments_t.c.start_pos, segments_t.c.end_pos, segments_t.c.code_id,
                                          segments_t.c.coder_id).where(segments_t.c.id == sid)).first()
        if current is None:  # joined into a neighbour by edit_text (it extended that one)
            continue
        if (current.start_pos, current.end_pos) != (start, end):
            rec.update("segments", sid, {"start_pos": start, "end_pos": end})
        pairs.add((current.code_id, current.coder_id))
    for code_id, coder_id in sorted(pairs):
        # a coding grown to the whole new name may now touch another of its code and coder:
        # touching codings are one segment (the extension rule)
        ranges = rec.conn.execute(select(segments_t.c.start_pos, segments_t.c.end_pos).where(
            segments_t.c.document_id == document_id, segments_t.c.code_id == code_id,
            segments_t.c.coder_id == coder_id).order_by(segments_t.c.start_pos)).all()
        if any(b.start_pos <= a.end_pos for a, b in zip(ranges, ranges[1:])):
            seg_mod.normalise_overlaps(rec, document_id, code_id, coder_id)

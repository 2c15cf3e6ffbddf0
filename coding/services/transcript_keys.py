"""What the transcript editor's keys do to a transcript: a new speaker turn, a timestamp.

f4transkript users press a key at a speaker change and another to stamp the current audio time.
In Andock a turn is a stored range with its speaker (the label ``B:`` is part of the text) and a
timestamp is a stored time anchor (shown beside the text, written as ``#hh:mm:ss-d#`` on export),
so both are core actions: each one undoable action, codings and word timings kept on their words.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.errors import InputError
from coding.base.ids import DocumentId
from coding.base.messages import _
from coding.exchange.importers.transcript import is_valid_speaker
from coding.services.documents import get_text
from coding.services.text_edit import edit_text
from coding.store.history import Recorder
from coding.store.models import TABLES
from coding.text.remap import Edit

turns_t = TABLES["speaker_turns"]
anchors_t = TABLES["time_anchors"]
DEFAULT_SPEAKERS = ("I", "B")  # interviewer and interviewee (Dresing & Pehl)


def _turns(conn: Connection, document_id: DocumentId) -> list[tuple[int, int, int, str]]:
    return [(i, s, e, sp) for i, s, e, sp in conn.execute(
        select(turns_t.c.id, turns_t.c.start_pos, turns_t.c.end_pos, turns_t.c.speaker)
        .where(turns_t.c.document_id == document_id).order_by(turns_t.c.start_pos))]


def next_speaker(conn: Connection, document_id: DocumentId, pos: int) -> str:
    """The speaker a new turn at ``pos`` most likely has: the one after the speaker talking at
    ``pos``, in the order the document's speakers first speak (I after B after I …)."""
    turns = _turns(conn, document_id)
    order: list[str] = []
    for _i, _s, _e, sp in turns:
        if sp not in order:
            order.append(sp)
    for sp in DEFAULT_SPEAKERS:
        if len(order) < 2 and sp not in order:
            order.append(sp)
    current = next((sp for _i, s, _e, sp in reversed(turns) if s <= pos), None)
    if current is None:
        return order[0]
    return order[(order.index(current) + 1) % len(order)]


def split_turn(rec: Recorder, document_id: DocumentId, pos: int, speaker: str,
               ms: int | None = None) -> int:
    """Start a new turn of ``speaker`` at ``pos``: a paragraph break and the label ``speaker: ``.

    The turn that held ``pos`` ends there; the new turn runs to its old end. Spaces around
    ``pos`` go. With ``ms`` (the audio position when the key was pressed) the ending paragraph
    gets that time as its timestamp, as f4 writes one at each turn's end. Returns the position
    after the new label (where typing goes on).
    """
    speaker = " ".join(speaker.split())
    if not is_valid_speaker(speaker):
        raise InputError(_("'{speaker}' cannot be a speaker label", speaker=speaker))
    text = get_text(rec.conn, document_id)
    if not 0 <= pos <= len(text):
        raise InputError(_("position {pos} lies outside the text (length {length})", pos=pos, length=len(text)))
    left = pos
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    right = pos
    while right < len(text) and text[right] in " \t":
        right += 1
    before = "" if left == 0 else "\n\n"
    label = f"{speaker}: "
    holder = next(((i, s, e) for i, s, e, _sp in _turns(rec.conn, document_id) if s <= left <= e), None)
    paragraph_end = text.find("\n", right)
    edit_text(rec, document_id, edits=[Edit(left, right, before + label)])
    new_start = left + len(before)
    shift = len(before) + len(label) - (right - left)
    if holder is not None:
        tid, start, end = holder
        rec.update("speaker_turns", tid, {"end_pos": left})
        new_end = max(end + shift, new_start + len(label))
        if start == left:  # the split was at the turn's very start: nothing is left of it
            rec.delete("speaker_turns", tid)
    else:
        new_end = (len(text) if paragraph_end < 0 else paragraph_end) + shift
    rec.insert("speaker_turns", {"document_id": document_id, "start_pos": new_start,
                                 "end_pos": max(new_end, new_start + len(label.rstrip())), "speaker": speaker})
    if ms is not None and left > 0:
        set_time_anchor(rec, document_id, left, ms)
    return new_start + len(label)


def set_time_anchor(rec: Recorder, document_id: DocumentId, pos: int, ms: int) -> None:
    """Stamp ``pos`` with the audio time ``ms`` (a time anchor); an anchor already there takes the new time."""
    length = len(get_text(rec.conn, document_id))
    if not 0 <= pos <= length:
        raise InputError(_("position {pos} lies outside the text (length {length})", pos=pos, length=length))
    if ms < 0:
        raise InputError(_("a time cannot be negative ({ms} ms)", ms=ms))
    found = rec.conn.execute(select(anchors_t.c.id).where(anchors_t.c.document_id == document_id,
                                                          anchors_t.c.position == pos)).scalars().all()
    if found:
        rec.update("time_anchors", found[0], {"ms": int(ms)})
        for extra in found[1:]:
            rec.delete("time_anchors", extra)
    else:
        rec.insert("time_anchors", {"document_id": document_id, "position": pos, "ms": int(ms)})

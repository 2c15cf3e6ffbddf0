"""Joining touching codings after a merge, by the rule of coding by hand.

Coding a passage with a code that the same coder already coded on an overlapping or adjacent
passage extends that coding (:func:`coding.services.segments.apply_code`). A merge can bring two
such codings together: two copies whose coders are mapped to one person, or a copy that coded
beside the project's own codings of that coder. :func:`join_touching` applies the same rule where
a merge brings codings together, through the merge's recorder (so one undo takes it back):

- a run of codings of one document, code and coder that overlap or touch (start <= the furthest
  end so far) becomes one coding over the whole run — when it holds a coding the copy added or
  moved and one that was here before: codings that already overlapped inside the copy (written
  by an importer or an older Andock) are not the merge's doing and stay as the copy has them;
- the oldest coding of the run (creation time, then GUID — the same whichever copy is merged
  first) keeps its row and GUID, the others are deleted;
- nothing is lost: the key-quote flag is kept if any had it, and the memos of all codings of the
  run become one memo in text order (apply_code's rule); a memo title of a joined memo goes into
  the text, and the kept memo is the oldest coding's (or the first in text order), so its GUID
  stays and modified_at is the latest of the joined memos'.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import select

from coding.services.merge_state import utc
from coding.store.history import Recorder
from coding.store.models import TABLES

segments_t = TABLES["segments"]
memos_t = TABLES["memos"]
_BATCH = 500  # bounded IN lists (SQLite's parameter limit)
_SHIFT = 32  # positions (< 2**31) in the low bits, a group number above them


@dataclass(frozen=True)
class _Seg:
    id: int
    guid: str
    start: int
    end: int
    key_quote: bool
    created_at: Any


def join_touching(rec: Recorder, segment_ids: Collection[int], coder_ids: Collection[int]) -> int:
    """Join the codings a merge added or moved (``segment_ids``) with the codings here before it of
    the same document, code and coder that they overlap or touch (directly or through others);
    returns how many codings were joined into others. ``coder_ids``: the coders who may have such
    codings here (not those the merge just added: all their codings are new)."""
    if not segment_ids or not coder_ids:
        return 0
    runs = _runs(rec, np.fromiter(segment_ids, dtype=np.int64), sorted(coder_ids))
    if not runs:
        return 0
    memos = _memos_of(rec, [s.id for run in runs for s in run])
    for run in runs:
        _join(rec, run, memos)
    return sum(len(run) - 1 for run in runs)


def _runs(rec: Recorder, wanted: np.ndarray, coder_ids: list[int]) -> list[list[_Seg]]:
    """The runs to join, each in text order: overlapping or touching codings of one document, code
    and coder, holding a wanted coding and one that is not. Found with numpy over every coding
    (a merge may add 100,000), read in full only for the few runs found."""
    cols = (segments_t.c.id, segments_t.c.document_id, segments_t.c.code_id, segments_t.c.coder_id,
            segments_t.c.start_pos, segments_t.c.end_pos)
    found = chain.from_iterable(chain.from_iterable(  # a merge brings the work of few coders
        rec.conn.execute(select(*cols).where(segments_t.c.coder_id.in_(coder_ids[i:i + _BATCH]))).fetchall()
        for i in range(0, len(coder_ids), _BATCH)))
    rows = np.fromiter(found, dtype=np.int64).reshape(-1, 6)
    if not len(rows):
        return []
    rows = rows[np.lexsort((rows[:, 0], rows[:, 4], rows[:, 2], rows[:, 1], rows[:, 3]))]
    ids, start, end = rows[:, 0], rows[:, 4], rows[:, 5]
    group = np.cumsum(np.r_[True, (np.diff(rows[:, 1:4], axis=0) != 0).any(axis=1)])
    # a run goes on while a coding starts at or before the furthest end so far in its group
    # (apply_code: start <= end); the group in the high bits resets the running maximum
    furthest = np.maximum.accumulate((group << _SHIFT) | end)
    new = np.r_[True, ((group[1:] << _SHIFT) | start[1:]) > furthest[:-1]]
    run = np.cumsum(new) - 1
    is_wanted = np.isin(ids, wanted)
    n_runs = int(run[-1]) + 1
    mixed = (np.bincount(run, is_wanted, n_runs) > 0) & (np.bincount(run, ~is_wanted, n_runs) > 0)
    picked = np.flatnonzero(mixed[run])
    if not len(picked):
        return []
    by_id = _read(rec, ids[picked].tolist())
    out: dict[int, list[_Seg]] = {}
    for i in picked.tolist():
        out.setdefault(int(run[i]), []).append(by_id[int(ids[i])])
    return list(out.values())


def _read(rec: Recorder, seg_ids: list[int]) -> dict[int, _Seg]:
    """The codings to join, in full."""
    out = {}
    for i in range(0, len(seg_ids), _BATCH):
        q = select(segments_t.c.id, segments_t.c.guid, segments_t.c.start_pos, segments_t.c.end_pos,
                   segments_t.c.key_quote, segments_t.c.created_at).where(segments_t.c.id.in_(seg_ids[i:i + _BATCH]))
        for sid, guid, start, end, key_quote, created in rec.conn.execute(q):
            out[sid] = _Seg(sid, guid, start, end, bool(key_quote), utc(created))
    return out


def _memos_of(rec: Recorder, seg_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The memos of these codings, per coding, oldest first."""
    out: dict[int, list[dict[str, Any]]] = {}
    for i in range(0, len(seg_ids), _BATCH):
        q = (select(memos_t.c.id, memos_t.c.segment_id, memos_t.c.title, memos_t.c.text, memos_t.c.modified_at)
             .where(memos_t.c.segment_id.in_(seg_ids[i:i + _BATCH])).order_by(memos_t.c.id))
        for row in rec.conn.execute(q).mappings():
            out.setdefault(row["segment_id"], []).append(dict(row))
    return out


def _join(rec: Recorder, run: list[_Seg], memos: dict[int, list[dict[str, Any]]]) -> None:
    """One run becomes its oldest coding over the whole run, with all memos in one."""
    keep = min(run, key=lambda s: (s.created_at, s.guid))
    notes = [m for s in run for m in memos.get(s.id, [])]  # text order (the run is)
    if notes:
        kept = (memos.get(keep.id) or notes)[0]
        text = "\n\n".join(_memo_text(m, kept) for m in notes if _memo_text(m, kept))
        latest: datetime = max(m["modified_at"] for m in notes)
        changes: dict[str, Any] = {}
        if kept["segment_id"] != keep.id:
            changes["segment_id"] = keep.id
        if text != kept["text"]:
            changes.update(text=text, modified_at=latest)
        if changes:
            rec.update("memos", kept["id"], changes)
        others = [m["id"] for m in notes if m["id"] != kept["id"]]
        if others:
            rec.delete_where("memos", memos_t.c.id.in_(others))
    rec.delete_where("segments", segments_t.c.id.in_([s.id for s in run if s.id != keep.id]))
    start, end = min(s.start for s in run), max(s.end for s in run)
    key_quote = any(s.key_quote for s in run)
    if (start, end, key_quote) != (keep.start, keep.end, keep.key_quote):
        rec.update("segments", keep.id, {"start_pos": start, "end_pos": end, "key_quote": key_quote})


def _memo_text(memo: dict[str, Any], kept: dict[str, Any]) -> str:
    """A memo's part of the joined text: its text, below its title when that title would be lost."""
    title = (memo["title"] or "").strip()
    if memo is kept or not title:
        return memo["text"]
    return f"{title}\n{memo['text']}" if memo["text"] else title

"""What the window shows, read in one transaction and returned as plain data (no Qt, no SQL
in the GUI): a document with its codings, turns and anchors; the documents list with counts and
variable values; the choices of the segment filters; a code's details."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.services import code_changes, coders, memos
from coding.services import codes as codes_mod
from coding.services.documents import list_documents
from coding.services.variables import list_variables
from coding.services.word_timings import word_track
from coding.text.live_ranges import WordTrack
from coding.store.models import TABLES


@dataclass(frozen=True)
class SegView:
    id: SegmentId
    code_id: CodeId
    coder_id: CoderId
    start: int  # code points
    end: int
    key_quote: bool
    memo: str


@dataclass
class CodeInfo:
    id: CodeId
    name: str
    path: str
    colour: str
    order: int  # depth-first position in the code tree


@dataclass
class DocData:
    id: DocumentId
    name: str
    label: str
    text: str
    modified_at: object = None
    segments: list[SegView] = field(default_factory=list)
    turns: list[tuple[int, int, str]] = field(default_factory=list)
    anchors: list[tuple[int, int]] = field(default_factory=list)
    codes: dict[CodeId, CodeInfo] = field(default_factory=dict)
    coders: dict[CoderId, str] = field(default_factory=dict)
    words: WordTrack = field(default_factory=lambda: WordTrack([]))  # schema 0006: play-along, uncertain words
    media_path: str | None = None  # the linked recording, relative to the project file
    media_checksum: str | None = None
    duration_ms: int | None = None


def code_infos(conn: Connection) -> dict[CodeId, CodeInfo]:
    """Names, paths, colours and tree order of all codes."""
    return {n.id: CodeInfo(n.id, n.name, n.path, n.colour, i)
            for i, n in enumerate(codes_mod.walk(codes_mod.load_tree(conn, counts=False)))}


def load_document(conn: Connection, doc_id: DocumentId, coder_ids: list[CoderId] | None = None,
                  known: DocData | None = None) -> DocData:
    """Text, segments (of the visible coders), turns, time anchors, codes and coders of a document.

    With ``known`` (the data shown now) an unchanged text is not read again: coding a passage
    in a long transcript then only reloads the small tables.
    """
    d = TABLES["documents"]
    head = conn.execute(select(d.c.id, d.c.name, d.c.label, d.c.modified_at, d.c.media_path, d.c.media_checksum,
                               d.c.media_duration_ms).where(d.c.id == doc_id)).one()
    if known is not None and known.id == doc_id and known.modified_at == head.modified_at:
        text, words = known.text, known.words  # every text edit changes modified_at
    else:
        text = conn.execute(select(d.c.text).where(d.c.id == doc_id)).scalar_one()
        words = word_track(conn, doc_id)
    data = DocData(head.id, head.name, head.label, text, head.modified_at, words=words, media_path=head.media_path,
                   media_checksum=head.media_checksum, duration_ms=head.media_duration_ms)
    s = TABLES["segments"]
    q = select(s.c.id, s.c.code_id, s.c.coder_id, s.c.start_pos, s.c.end_pos, s.c.key_quote
               ).where(s.c.document_id == doc_id)
    if coder_ids is not None:
        q = q.where(s.c.coder_id.in_(coder_ids))
    rows = conn.execute(q.order_by(s.c.start_pos, s.c.end_pos)).all()
    memo_map = memos.memos_for(conn, "segment", [r.id for r in rows]) if rows else {}
    data.segments = [SegView(r.id, r.code_id, r.coder_id, r.start_pos, r.end_pos, bool(r.key_quote),
                             memo_map.get(r.id, "")) for r in rows]
    t = TABLES["speaker_turns"]
    data.turns = [tuple(r) for r in conn.execute(select(t.c.start_pos, t.c.end_pos, t.c.speaker)
                                                 .where(t.c.document_id == doc_id).order_by(t.c.start_pos))]
    a = TABLES["time_anchors"]
    data.anchors = [tuple(r) for r in conn.execute(select(a.c.position, a.c.ms)
                                                   .where(a.c.document_id == doc_id).order_by(a.c.position))]
    data.codes = code_infos(conn)
    c = TABLES["coders"]
    data.coders = dict(conn.execute(select(c.c.id, c.c.name)).all())
    return data


def load_documents(conn: Connection, coder_ids: list[CoderId] | None) -> dict:
    """Documents with counts and all variable values, plus the variable names."""
    s = TABLES["segments"]
    q = select(s.c.document_id, func.count()).group_by(s.c.document_id)
    if coder_ids is not None:
        q = q.where(s.c.coder_id.in_(coder_ids))
    counts: dict[int, int] = {doc_id: n for doc_id, n in conn.execute(q)}
    v, vv = TABLES["variables"], TABLES["variable_values"]
    values: dict[int, dict[str, str]] = {}
    for doc_id, name, value in conn.execute(select(vv.c.document_id, v.c.name, vv.c.value)
                                            .join(v, v.c.id == vv.c.variable_id)):
        values.setdefault(doc_id, {})[name] = value
    docs = [{"id": d.id, "name": d.name, "label": d.label, "kind": d.kind, "count": counts.get(d.id, 0),
             "values": values.get(d.id, {})} for d in list_documents(conn)]
    return {"documents": docs, "variables": [(x.name, x.type) for x in list_variables(conn)]}


def load_choices(conn: Connection) -> dict:
    """What the segment filters offer: documents, variable values, coders."""
    v, vv = TABLES["variables"], TABLES["variable_values"]
    values: dict[str, list[str]] = {}
    # the sort key is selected too: PostgreSQL orders a SELECT DISTINCT only by selected columns
    for _order, name, value in conn.execute(select(v.c.sort_order, v.c.name, vv.c.value)
                                            .join(vv, vv.c.variable_id == v.c.id)
                                            .distinct().order_by(v.c.sort_order, vv.c.value)):
        values.setdefault(name, []).append(value)
    return {"documents": [(d.id, d.label or d.name) for d in list_documents(conn)], "variables": values,
            "coders": [(c.id, c.name) for c in coders.list_coders(conn)]}


CODE_FIELDS = ("definition", "inclusion", "exclusion", "coding_rules")


def load_code_details(conn: Connection, code_id: CodeId) -> dict:
    """Everything the details pane shows about one code."""
    t = TABLES["codes"]
    row = conn.execute(select(t).where(t.c.id == code_id)).mappings().one()
    return {"id": code_id, "path": codes_mod.code_path(conn, code_id), "colour": row["colour"],
            **{f: row[f] for f in CODE_FIELDS}, "memo": memos.get_memo(conn, "code", code_id),
            "anchors": code_changes.list_anchors(conn, code_id)}

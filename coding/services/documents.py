"""Documents: importing material, naming and labelling, ordering, deleting (text edits: text_edit.py).

Citation labels (``K03`` in ``K03, 00:12:34``) are unique in a project, ignoring case: a label
derived at creation that is taken gets ``-2``, ``-3`` …; a label the user sets that is taken is
refused. Projects from before this rule may hold duplicates: they are kept (changing them would
change citations already quoted) and listed by :func:`duplicate_labels`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from coding.services import summaries
from coding.base import labels
from coding.base.ids import DocumentId
from coding.base.errors import AndockError, Cancelled, ConflictError, InputError, NotFoundError
from coding.store.history import Recorder
from coding.exchange.importers.model import check_text_size
from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
from coding.store.models import TABLES, new_guid, utcnow
from coding.base.progress import Progress, report
from coding.text.remap import PositionMap, diff_edits
from coding.text.textnorm import MAX_DOCUMENT_NAME, MAX_LABEL, clean_name, clean_text, lookup_name
from coding.base.messages import _, _n
from coding.base.suggest import did_you_mean, similarity

documents_t = TABLES["documents"]
turns_t = TABLES["speaker_turns"]
anchors_t = TABLES["time_anchors"]
words_t = TABLES["word_timings"]
summaries_t = TABLES["summaries"]
segments_t = TABLES["segments"]
memos_t = TABLES["memos"]
values_t = TABLES["variable_values"]
_LABEL = re.compile(r"^([A-Za-zÄÖÜäöü]{1,3}[-_ ]?\d{1,4})(?![0-9])")


@dataclass(frozen=True)
class DocumentInfo:
    id: DocumentId
    guid: str
    name: str
    label: str
    kind: str
    length: int
    media_path: str | None


@dataclass
class EditReport:
    """What a text edit did to the codings (to tell the user)."""

    shrunk: list[int] = field(default_factory=list)  # segment ids that lost characters
    removed: list[int] = field(default_factory=list)  # segment ids that went entirely

    def message(self) -> str:
        """A one-line summary, empty when no coding was affected."""
        parts = []
        if self.shrunk:
            parts.append(_n("{n} coding(s) shortened", "{n} coding(s) shortened", len(self.shrunk)))
        if self.removed:
            parts.append(_n("{n} coding(s) removed because their text was deleted",
                            "{n} coding(s) removed because their text was deleted", len(self.removed)))
        return "; ".join(parts)


def default_label(name: str) -> str:
    """Citation label from a name: ``K03_Sozialamt`` -> ``K03``; else the first 12 characters."""
    m = _LABEL.match(name)
    return re.sub(r"[-_ ]", "", m.group(1)) if m else name[:12]


def list_documents(conn: Connection) -> list[DocumentInfo]:
    """All documents in display order."""
    q = select(documents_t.c.id, documents_t.c.guid, documents_t.c.name, documents_t.c.label,
               documents_t.c.kind, func.length(documents_t.c.text), documents_t.c.media_path
               ).order_by(documents_t.c.sort_order, documents_t.c.name)
    return [DocumentInfo(*r) for r in conn.execute(q)]


def find_document(conn: Connection, name: str) -> DocumentId:
    """The id of the document called ``name`` (or with that citation label)."""
    name = lookup_name(name)
    did = conn.execute(select(documents_t.c.id).where(documents_t.c.name == name)).scalar()
    if did is None:
        ids = conn.execute(select(documents_t.c.id).where(documents_t.c.label == name)).scalars().all()
        if len(ids) == 1:
            return ids[0]
        labels = dict(conn.execute(select(documents_t.c.name, documents_t.c.label)
                                   .order_by(documents_t.c.sort_order, documents_t.c.name)).all())
        raise NotFoundError(_("no document named '{name}'", name=name) + did_you_mean(
            name, labels, lambda doc: max(similarity(name, doc), similarity(name, labels[doc] or doc))))
    return did


def get_text(conn: Connection, document_id: DocumentId) -> str:
    """The stored plain text of a document (positions refer to it)."""
    text = conn.execute(select(documents_t.c.text).where(documents_t.c.id == document_id)).scalar()
    if text is None:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    return text


def unique_name(conn: Connection, name: str) -> str:
    """``name`` or, if taken, ``name (2)``, ``name (3)`` …"""
    taken = set(conn.execute(select(documents_t.c.name).where(documents_t.c.name.like(f"{name}%"))).scalars())
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def relative_media_path(media: Path, base_dir: Path) -> str:
    """Media path relative to the project folder, with forward slashes (portable)."""
    try:
        rel = os.path.relpath(media.resolve(), base_dir.resolve())
    except ValueError:  # another drive on Windows: keep it absolute
        rel = str(media.resolve())
    return rel.replace(os.sep, "/")


def add_document(rec: Recorder, name: str, parsed: ParsedDocument, *, label: str | None = None,
                 source_name: str | None = None, rename: bool = False,
                 media: tuple[str, str] | None = None, language: str | None = None,
                 duration_ms: int | None = None) -> DocumentId:
    """Insert a parsed document with its turns and time anchors (inside one action)."""
    name = clean_name(name, "a document name", MAX_DOCUMENT_NAME)
    parsed = _clean_parsed(parsed, source_name or name)
    if not parsed.text.strip():
        raise InputError(_("{name}: contains no text", name=source_name or name))
    check_text_size(len(parsed.text), source_name or name)
    if rec.conn.execute(select(documents_t.c.id).where(documents_t.c.name == name)).first():
        if not rename:
            raise ConflictError(_("a document named '{name}' exists already (import it as a renamed copy with "
                                  "--rename)", name=name))
        name = unique_name(rec.conn, name)
    order = rec.conn.execute(select(func.coalesce(func.max(documents_t.c.sort_order), 0))).scalar_one() + 1
    label = unique_label(rec.conn, _clean_label(label) or default_label(name).strip())
    doc_id = rec.insert("documents", {
        "guid": new_guid(), "name": name, "label": label, "text": parsed.text,
        "kind": parsed.kind, "source_name": source_name, "sort_order": order,
        "media_path": media[0] if media else None, "media_checksum": media[1] if media else None,
        "language": language, "media_duration_ms": duration_ms,
        "created_at": utcnow(), "modified_at": utcnow()})
    rec.insert_many("speaker_turns", [{"document_id": doc_id, "start_pos": t.start, "end_pos": t.end,
                                       "speaker": t.speaker} for t in parsed.turns])
    rec.insert_many("time_anchors", [{"document_id": doc_id, "position": a.position, "ms": a.ms}
                                     for a in parsed.anchors])
    return doc_id


def _clean_parsed(parsed: ParsedDocument, source: str) -> ParsedDocument:
    """The document with its text as stored (textnorm); turns and time anchors follow their words.

    Importers already clean the text; this catches every other way in (transcription, scripts).
    """
    text = clean_text(parsed.text, source)
    if text == parsed.text:
        return parsed
    pmap = PositionMap(len(parsed.text), diff_edits(parsed.text, text))
    turns = [Turn(*span, t.speaker) for t in parsed.turns if (span := pmap.range(t.start, t.end))]
    anchors = [TimeAnchor(pos, a.ms) for a in parsed.anchors if (pos := pmap.anchor(a.position)) is not None]
    return ParsedDocument(text, parsed.kind, turns, anchors, parsed.warnings)


def _clean_label(label: str | None) -> str:
    return clean_name(label, "a citation label", MAX_LABEL) if label and label.strip() else ""


def _label_key(label: str) -> str:
    """What makes two labels the same: case is ignored (``K03`` and ``k03`` cite alike)."""
    return label.casefold()


def _label_holders(conn: Connection, label: str, except_id: DocumentId | None = None) -> list[str]:
    """Names of the documents (other than ``except_id``) whose label equals ``label``."""
    key = _label_key(label)
    rows = conn.execute(select(documents_t.c.id, documents_t.c.name, documents_t.c.label)).all()
    return [name for did, name, other in rows if did != except_id and _label_key(other) == key]


def unique_label(conn: Connection, label: str) -> str:
    """``label`` if no document has it, else ``label-2``, ``label-3`` … (cut to fit ``MAX_LABEL``)."""
    taken = {_label_key(other) for other in conn.execute(select(documents_t.c.label)).scalars()}
    if _label_key(label) not in taken:
        return label
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = label[:MAX_LABEL - len(suffix)].rstrip() + suffix
        if _label_key(candidate) not in taken:
            return candidate
        n += 1


def duplicate_labels(conn: Connection) -> dict[str, list[str]]:
    """Labels that several documents share (projects from before labels were unique): label -> names."""
    groups: dict[str, list[tuple[str, str]]] = {}
    q = select(documents_t.c.label, documents_t.c.name).order_by(documents_t.c.sort_order, documents_t.c.name)
    for label, name in conn.execute(q):
        if label:
            groups.setdefault(_label_key(label), []).append((label, name))
    return {pairs[0][0]: [name for _label, name in pairs] for pairs in groups.values() if len(pairs) > 1}


def import_files(project, paths: Sequence[str | Path], *, encoding: str | None = None,
                 variables: dict[str, str] | None = None, rename: bool = False,
                 progress: Progress | None = None,
                 warnings: list[tuple[str, str]] | None = None) -> list[DocumentId]:
    """Import files all or nothing: all are read first, then stored in one undoable action.

    Every name clash is reported at once and nothing is imported. ``warnings`` (if given)
    receives ``(file name, message)`` for what the importers noticed (e.g. timestamps out of order).
    """
    from coding.exchange.importers.reader import read_document

    parsed = []
    for i, p in enumerate(paths):
        report(progress, i, len(paths) * 2, f"reading {Path(p).name}")
        parsed.append((Path(p), read_document(p, encoding=encoding)))
    description = (labels.stored(labels.IMPORT_DOCUMENT, name=parsed[0][0].name) if len(parsed) == 1
                   else labels.stored(labels.IMPORT_DOCUMENTS, n=len(parsed)))
    try:
        with project.action(description) as act:
            ids = _add_all(act, parsed, variables or {}, rename, progress)
    except AndockError as exc:
        if len(parsed) > 1 and not isinstance(exc, Cancelled):
            raise type(exc)(f"{exc}; nothing was imported") from None
        raise
    if warnings is not None:
        warnings.extend((path.name, w) for path, doc in parsed for w in doc.warnings)
    report(progress, len(paths) * 2, len(paths) * 2, "done")
    return ids


def _add_all(act, parsed: list[tuple[Path, ParsedDocument]], variables: dict[str, str],
             rename: bool, progress: Progress | None) -> list[DocumentId]:
    """Add every parsed file inside one action; name clashes are collected and refused together."""
    from coding.services.variables import set_value_by_name

    ids, clashes = [], []
    for i, (path, doc) in enumerate(parsed):
        report(progress, len(parsed) + i, len(parsed) * 2, f"importing {path.name}")
        try:
            doc_id = add_document(act, path.stem, doc, source_name=path.name, rename=rename)
        except ConflictError as exc:  # raised before anything is written: go on to find all
            clashes.append(f"{path.name}: {str(exc).split(' (')[0]}")
            continue
        for key, value in variables.items():
            set_value_by_name(act, doc_id, key, value)
        ids.append(doc_id)
    if clashes:
        raise ConflictError(_("{clashes} (import clashes as renamed copies with --rename)",
                              clashes="; ".join(clashes)))
    return ids


def _check_exists(conn: Connection, document_id: DocumentId) -> None:
    if conn.execute(select(documents_t.c.id).where(documents_t.c.id == document_id)).first() is None:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))


def rename_document(rec: Recorder, document_id: DocumentId, name: str, label: str | None = None) -> None:
    """Rename a document (names are unique) and optionally change its citation label.

    The label stays as it was unless given: citations already quoted keep naming the document.
    """
    name = clean_name(name, "a document name", MAX_DOCUMENT_NAME)
    _check_exists(rec.conn, document_id)
    clash = rec.conn.execute(select(documents_t.c.id).where(documents_t.c.name == name,
                                                            documents_t.c.id != document_id)).first()
    if clash:
        raise ConflictError(_("a document named '{name}' exists already", name=name))
    if label is not None:
        set_label(rec, document_id, label)
    rec.update("documents", document_id, {"name": name})


def set_label(rec: Recorder, document_id: DocumentId, label: str) -> None:
    """Change a document's citation label; a label another document has (any case) is refused."""
    label = clean_name(label, "a citation label", MAX_LABEL)
    _check_exists(rec.conn, document_id)
    current = rec.conn.execute(select(documents_t.c.label).where(documents_t.c.id == document_id)).scalar_one()
    if label == current:  # also keeps an old duplicate as it is: nothing new is made ambiguous
        return
    holders = _label_holders(rec.conn, label, except_id=document_id)
    if holders:
        raise ConflictError(_("the citation label '{label}' belongs to '{document}' already; each document "
                              "needs its own label so that a citation names one document",
                              label=label, document=holders[0]))
    rec.update("documents", document_id, {"label": label})


# --- order ------------------------------------------------------------------------------------------

def _ordered_ids(conn: Connection) -> list[DocumentId]:
    """Document ids in display order (the order :func:`list_documents` gives)."""
    return list(conn.execute(select(documents_t.c.id).order_by(documents_t.c.sort_order, documents_t.c.name))
                .scalars())


def set_document_order(rec: Recorder, ordered_ids: Sequence[DocumentId]) -> None:
    """Put the documents in this order (every document exactly once); positions become 1..n.

    Only documents whose position changes are written (and recorded for undo).
    """
    rows = {did: order for did, order in rec.conn.execute(select(documents_t.c.id, documents_t.c.sort_order))}
    if len(ordered_ids) != len(rows) or set(ordered_ids) != set(rows):
        raise InputError(_("a new order of the documents must name every document exactly once"))
    for position, document_id in enumerate(ordered_ids, 1):
        if rows[document_id] != position:
            rec.update("documents", document_id, {"sort_order": position})


def move_document(rec: Recorder, document_id: DocumentId, position: int) -> None:
    """Move a document to ``position`` (1 = first) in the display order; the others keep theirs."""
    ids = _ordered_ids(rec.conn)
    if document_id not in ids:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    if not 1 <= position <= len(ids):
        raise InputError(_("position {position} does not exist: the project has {n} document(s)",
                           position=position, n=len(ids)))
    ids.remove(document_id)
    ids.insert(position - 1, document_id)
    set_document_order(rec, ids)


def position_of(conn: Connection, document_id: DocumentId) -> int:
    """The document's place in the display order (1 = first)."""
    ids = _ordered_ids(conn)
    if document_id not in ids:
        raise NotFoundError(_("no document with id {document_id}", document_id=document_id))
    return ids.index(document_id) + 1


# --- deleting ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeleteImpact:
    """What deleting a document takes with it (to ask the user first)."""

    codings: int
    memos: int  # the document's memo and the memos of its codings
    summaries: int


def deletion_impact(conn: Connection, document_id: DocumentId) -> DeleteImpact:
    """How many codings, memos and summaries would go with the document."""
    _check_exists(conn, document_id)
    seg_ids = select(segments_t.c.id).where(segments_t.c.document_id == document_id).scalar_subquery()

    def count(table, *criteria) -> int:
        return conn.execute(select(func.count()).select_from(table).where(*criteria)).scalar_one()

    return DeleteImpact(
        codings=count(segments_t, segments_t.c.document_id == document_id),
        memos=count(memos_t, (memos_t.c.document_id == document_id) | memos_t.c.segment_id.in_(seg_ids)),
        summaries=count(summaries_t, summaries_t.c.document_id == document_id))


def delete_document(rec: Recorder, document_id: DocumentId) -> int:
    """Delete a document with everything attached to it; returns the number of codings lost.

    Every row goes through the recorder, so one undo brings back the document with its codings,
    memos, summaries, variable values, speaker turns, time anchors and word timings.
    """
    _check_exists(rec.conn, document_id)
    seg_ids = select(segments_t.c.id).where(segments_t.c.document_id == document_id).scalar_subquery()
    rec.delete_where("memos", memos_t.c.segment_id.in_(seg_ids))
    n = rec.delete_where("segments", segments_t.c.document_id == document_id)
    rec.delete_where("memos", memos_t.c.document_id == document_id)
    rec.delete_where("speaker_turns", turns_t.c.document_id == document_id)
    rec.delete_where("time_anchors", anchors_t.c.document_id == document_id)
    rec.delete_where("word_timings", words_t.c.document_id == document_id)
    rec.delete_where("variable_values", values_t.c.document_id == document_id)
    summaries.delete_for_document(rec, document_id)
    rec.delete("documents", document_id)
    return n

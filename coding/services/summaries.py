"""Written summaries of the summary grid: one per code and document, or per code and group.

A group is a variable value; the group of documents without a value ("not set") is stored with
the value ``""``, which no stored variable value can be. Writes go through the recorder (undoable).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from coding.base.ids import CodeId, DocumentId, VariableId
from coding.base.errors import InputError, NotFoundError
from coding.store.history import Recorder
from coding.store.models import TABLES, new_guid, utcnow
from coding.text.textnorm import clean_text
from coding.base.messages import _

summaries_t = TABLES["summaries"]
codes_t = TABLES["codes"]
NOT_SET_VALUE = ""


@dataclass(frozen=True)
class SummaryKey:
    """Where a summary belongs: a code and either a document or a variable value."""

    code_id: CodeId
    document_id: DocumentId | None = None
    variable_id: VariableId | None = None
    value: str | None = None  # canonical value; None with a variable = "not set"

    def stored_value(self) -> str | None:
        """The value column as stored ("" for "not set")."""
        if self.variable_id is None:
            return None
        return NOT_SET_VALUE if self.value is None else self.value


def _where(key: SummaryKey) -> list:
    if (key.document_id is None) == (key.variable_id is None):
        raise InputError(_("a summary belongs to either a document or a group"))
    crit = [summaries_t.c.code_id == key.code_id]
    if key.document_id is not None:
        return crit + [summaries_t.c.document_id == key.document_id]
    return crit + [summaries_t.c.variable_id == key.variable_id, summaries_t.c.value == key.stored_value()]


def get_summary(conn: Connection, key: SummaryKey) -> str:
    """The summary text of a cell ('' when none is written)."""
    return conn.execute(select(summaries_t.c.text).where(*_where(key))).scalar() or ""


def set_summary(rec: Recorder, code_id: CodeId, text: str, *, document_id: DocumentId | None = None,
                variable_id: VariableId | None = None, value: str | None = None) -> int | None:
    """Write (or with empty text delete) the summary of a cell; returns its id, None if deleted."""
    key = SummaryKey(code_id, document_id, variable_id, value)
    crit = _where(key)
    if rec.conn.execute(select(codes_t.c.id).where(codes_t.c.id == code_id)).first() is None:
        raise NotFoundError(_("no code with id {code_id}", code_id=code_id))
    text = clean_text(text, "the summary").strip()
    existing = rec.conn.execute(select(summaries_t.c.id).where(*crit)).scalar()
    if not text:
        if existing is not None:
            rec.delete("summaries", existing)
        return None
    if existing is not None:
        rec.update("summaries", existing, {"text": text, "modified_at": utcnow()})
        return existing
    return rec.insert("summaries", {"guid": new_guid(), "code_id": code_id, "document_id": document_id,
                                    "variable_id": variable_id, "value": key.stored_value(), "text": text,
                                    "modified_at": utcnow()})


def summaries_of(conn: Connection, *, document_ids: list[DocumentId] | None = None,
                 variable_id: VariableId | None = None) -> dict[tuple[CodeId, DocumentId | str | None], str]:
    """Summaries by (code id, document id), or with ``variable_id`` by (code id, value or None)."""
    if variable_id is None:
        rows = conn.execute(select(summaries_t.c.code_id, summaries_t.c.document_id, summaries_t.c.text)
                            .where(summaries_t.c.document_id.is_not(None))).all()
        wanted = None if document_ids is None else set(document_ids)
        return {(c, d): t for c, d, t in rows if wanted is None or d in wanted}
    rows = conn.execute(select(summaries_t.c.code_id, summaries_t.c.value, summaries_t.c.text)
                        .where(summaries_t.c.variable_id == variable_id)).all()
    return {(c, None if v == NOT_SET_VALUE else v): t for c, v, t in rows}


def delete_for_codes(rec: Recorder, code_ids: list[CodeId]) -> int:
    """Delete the summaries of codes about to be deleted (recorded, so undo restores them)."""
    return rec.delete_where("summaries", summaries_t.c.code_id.in_(code_ids))


def delete_for_document(rec: Recorder, document_id: DocumentId) -> int:
    """Delete the summaries of a document about to be deleted."""
    return rec.delete_where("summaries", summaries_t.c.document_id == document_id)


def move_to_code(rec: Recorder, source_id: CodeId, target_id: CodeId) -> None:
    """Merging codes: the source's summaries join the target's (texts appended where both exist)."""
    source_name = rec.conn.execute(select(codes_t.c.name).where(codes_t.c.id == source_id)).scalar()
    rows = rec.conn.execute(select(summaries_t.c.id, summaries_t.c.document_id, summaries_t.c.variable_id,
                                   summaries_t.c.value, summaries_t.c.text)
                            .where(summaries_t.c.code_id == source_id)).all()
    for sid, doc_id, var_id, value, text in rows:
        key = SummaryKey(target_id, doc_id, var_id, None if value == NOT_SET_VALUE else value)
        existing = rec.conn.execute(select(summaries_t.c.id, summaries_t.c.text).where(*_where(key))).first()
        if existing is None:
            rec.update("summaries", sid, {"code_id": target_id})
        else:
            rec.update("summaries", existing.id, {"text": f"{existing.text}\n\n[{source_name}]\n{text}",
                                                  "modified_at": utcnow()})
            rec.delete("summaries", sid)

"""The project database schema (SQLAlchemy 2.0 typed models).

Rules that keep the roadmap open (team server, REFI-QDA, merging coders' projects):
every exchangeable row has a stable GUID; every coding names its coder; media paths are
relative to the project file. Text positions are Unicode code points, end exclusive.

Foreign keys never cascade: the services delete dependent rows explicitly so that every
deleted row is recorded for undo, and the database refuses any delete that would orphan rows.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_guid() -> str:
    """A new stable identifier (lower-case UUID4 text)."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The current time in UTC (microseconds kept: the GUI tells text versions apart by it)."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ProjectInfo(Base):
    __tablename__ = "project_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    app_version: Mapped[str] = mapped_column(String(40))


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Coder(Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(7), default="#4477aa")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="text")  # text | transcript
    source_name: Mapped[str | None] = mapped_column(String(255))  # original file name
    media_path: Mapped[str | None] = mapped_column(Text)  # relative to the project file
    media_checksum: Mapped[str | None] = mapped_column(String(80))  # "sha256:<hex>"
    media_duration_ms: Mapped[int | None] = mapped_column(Integer)  # schema 0002
    language: Mapped[str | None] = mapped_column(String(16))  # schema 0002, e.g. "de"
    # schema 0003: words for "per 1,000 words" (coding.analysis.words); NULL = not counted since the text changed
    word_count: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SpeakerTurn(Base):
    __tablename__ = "speaker_turns"
    __table_args__ = (
        CheckConstraint("start_pos >= 0 AND end_pos >= start_pos", name="range"),
        Index("ix_speaker_turns_doc_start", "document_id", "start_pos"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    start_pos: Mapped[int] = mapped_column(Integer)
    end_pos: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(60))


class TimeAnchor(Base):
    __tablename__ = "time_anchors"
    __table_args__ = (
        CheckConstraint("position >= 0 AND ms >= 0", name="nonneg"),
        Index("ix_time_anchors_doc_pos", "document_id", "position"),
        Index("ix_time_anchors_doc_ms", "document_id", "ms"),  # schema 0002: audio -> text
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    position: Mapped[int] = mapped_column(Integer)
    ms: Mapped[int] = mapped_column(Integer)


class WordTiming(Base):
    """When one word of a transcript is spoken: Whisper's word timing and probability (schema 0006).

    Positions are stored relative to the previous timed word (``gap``: code points from its end,
    or from the text start, to this word's start; ``length``: the word's code points), so that an
    edit rewrites only the words it touches and the one after it, not every word behind it: a
    60-minute interview has about 9,000 words, and typing near its start must not record 9,000
    row changes for undo. ``seq`` keeps the spoken order; it is never renumbered. A word whose
    characters are all replaced loses its row; its neighbours keep theirs.
    """

    __tablename__ = "word_timings"
    __table_args__ = (
        CheckConstraint("gap >= 0 AND length > 0 AND start_ms >= 0 AND end_ms >= start_ms", name="range"),
        UniqueConstraint("document_id", "seq"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    seq: Mapped[int] = mapped_column(Integer)
    gap: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    probability: Mapped[float | None] = mapped_column(Float)  # NULL: not known (imported timings)


class Variable(Base):
    __tablename__ = "variables"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(20))  # text|integer|float|boolean|date|category
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class VariableValue(Base):
    __tablename__ = "variable_values"
    __table_args__ = (Index("ix_variable_values_var_value", "variable_id", "value"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id"), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # canonical text form, see coding.exchange.vartypes


class Code(Base):
    __tablename__ = "codes"
    __table_args__ = (Index("ix_codes_parent_order", "parent_id", "sort_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"))
    name: Mapped[str] = mapped_column(String(200))
    colour: Mapped[str] = mapped_column(String(7), default="#cc6677")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    coding_rules: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnchorExample(Base):
    __tablename__ = "anchor_examples"
    __table_args__ = (Index("ix_anchor_examples_code", "code_id", "sort_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    quote: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(255), default="")
    segment_guid: Mapped[str | None] = mapped_column(String(36))  # the segment it came from
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (
        CheckConstraint("start_pos >= 0 AND end_pos > start_pos", name="range"),
        # covering index (schema 0002): retrieval by code and code x document counts never touch
        # the table rows; measured 5-8x faster on 500,000 segments (bench/core_scale.py)
        Index("ix_segments_code_cover", "code_id", "document_id", "start_pos", "end_pos",
              "coder_id", "key_quote", "guid"),
        Index("ix_segments_doc_start", "document_id", "start_pos", "end_pos"),
        Index("ix_segments_coder", "coder_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    start_pos: Mapped[int] = mapped_column(Integer)
    end_pos: Mapped[int] = mapped_column(Integer)
    key_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Memo(Base):
    """One mechanism for all memos: no target = project memo, else exactly one target."""

    __tablename__ = "memos"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN document_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN code_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN segment_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_target",
        ),
        Index("ix_memos_document", "document_id"),
        Index("ix_memos_code", "code_id"),
        Index("ix_memos_segment", "segment_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"))
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id"))
    title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Summary(Base):
    """A written summary of a code in one document or one group (summary grid, schema 0003).

    Exactly one target: a document, or a variable value (``""`` = the "not set" group).
    NULLs never clash in unique constraints, so each constraint covers one kind of target.
    """

    __tablename__ = "summaries"
    __table_args__ = (
        CheckConstraint("(document_id IS NULL) <> (variable_id IS NULL)"
                        " AND (variable_id IS NULL) = (value IS NULL)", name="one_target"),
        UniqueConstraint("code_id", "document_id"),
        UniqueConstraint("code_id", "variable_id", "value"),
        Index("ix_summaries_document", "document_id"),
        Index("ix_summaries_variable", "variable_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    variable_id: Mapped[int | None] = mapped_column(ForeignKey("variables.id"))
    value: Mapped[str | None] = mapped_column(Text)  # canonical value, "" for "not set"
    text: Mapped[str] = mapped_column(Text)
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HistoryEntry(Base):
    """One user action for undo/redo; ops are JSON lists of row operations (see history.py).

    Schema 0005: each entry belongs to a coder (``coder_guid``; NULL = anyone, see
    history_stack.py) and keeps a fingerprint of the rows its inverse touches as it left them
    (``after_state``), so an undo that would overwrite someone's later work is refused.
    """

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_coder_undone", "coder_guid", "undone"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(String(300))
    undo_ops: Mapped[str] = mapped_column(Text)
    redo_ops: Mapped[str | None] = mapped_column(Text)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # no foreign key: undo may remove the coder row while their entries stay
    coder_guid: Mapped[str | None] = mapped_column(String(36))
    after_state: Mapped[str | None] = mapped_column(Text)  # JSON {table: fingerprint}


class IdMark(Base):
    """The highest id a table ever handed out (SQLite; schema 0005, see history_ids.py)."""

    __tablename__ = "id_marks"
    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)


class TranscriptionJob(Base):
    """A recording waiting for (or done with) transcription: the persisted queue (schema 0004).

    Queue rows are work orders, not research data: they change in plain transactions and are
    not undoable; the transcript they produce enters as one undoable action. ``worker`` names the
    process that claimed a running job (``host:pid:start``) so that another process can tell a
    crashed run from a live one (and, later, several machines can share one server's queue).
    """

    __tablename__ = "transcription_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="status"),
        Index("ix_transcription_jobs_status_order", "status", "sort_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    audio_path: Mapped[str] = mapped_column(Text)  # relative to the project file where possible
    audio_name: Mapped[str] = mapped_column(String(255))
    audio_checksum: Mapped[str | None] = mapped_column(String(80))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    options: Mapped[str] = mapped_column(Text, default="{}")  # JSON: engine, model, language, ...
    variables: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of [name, value]
    document_name: Mapped[str] = mapped_column(String(255))
    rename: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    done_ms: Mapped[int] = mapped_column(Integer, default=0)  # audio transcribed so far
    message: Mapped[str] = mapped_column(Text, default="")  # why it failed
    document_guid: Mapped[str | None] = mapped_column(String(36))  # the transcript (no FK: undo may remove it)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


TABLES = Base.metadata.tables

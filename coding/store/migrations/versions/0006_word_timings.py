"""Word timings: when each word of a transcript is spoken, for play-along and uncertain words.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Correcting a transcript against its audio needs Whisper's per-word times and probabilities:
the word being heard is highlighted, a click on a word plays from there, and uncertain words
are marked. Positions are relative to the previous word (see ``WordTiming`` in models.py) so
that edits touch only the words they change. Existing transcripts have no word timings (their
words were not kept); they play from their time anchors.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "word_timings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("gap", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.CheckConstraint("gap >= 0 AND length > 0 AND start_ms >= 0 AND end_ms >= start_ms",
                           name=op.f("ck_word_timings_range")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_word_timings_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_word_timings")),
        sa.UniqueConstraint("document_id", "seq", name=op.f("uq_word_timings_document_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("word_timings")

"""Transcripts remember audio duration and language; indexes for time lookups and retrieval.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The transcription workflow records the audio duration (for progress, ETA and the player) and the
recognised language; the audio-synced editor maps playback time to text, hence the index.
Retrieval by code reads segments through a covering index instead of scattered table rows.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("media_duration_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))
    with op.batch_alter_table("time_anchors", schema=None) as batch_op:
        batch_op.create_index("ix_time_anchors_doc_ms", ["document_id", "ms"], unique=False)
    with op.batch_alter_table("segments", schema=None) as batch_op:
        batch_op.drop_index("ix_segments_code_doc")
        batch_op.create_index("ix_segments_code_cover", ["code_id", "document_id", "start_pos", "end_pos",
                                                          "coder_id", "key_quote", "guid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("segments", schema=None) as batch_op:
        batch_op.drop_index("ix_segments_code_cover")
        batch_op.create_index("ix_segments_code_doc", ["code_id", "document_id"], unique=False)
    with op.batch_alter_table("time_anchors", schema=None) as batch_op:
        batch_op.drop_index("ix_time_anchors_doc_ms")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("media_duration_ms")

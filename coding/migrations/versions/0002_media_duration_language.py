"""Transcripts remember their audio's duration and language; time -> text lookups get an index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The transcription workflow records the audio duration (for progress, ETA and the player) and the
recognised language; the audio-synced editor maps playback time to text, hence the index.
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


def downgrade() -> None:
    with op.batch_alter_table("time_anchors", schema=None) as batch_op:
        batch_op.drop_index("ix_time_anchors_doc_ms")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("media_duration_ms")

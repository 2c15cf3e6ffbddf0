"""Undo per coder: history entries name their coder and how they left the rows; ids never reused.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Two coders in one project each undo only their own actions. ``coder_guid`` says whose an entry
is; existing entries get NULL, which means "anyone's" (as before this revision every action was
everyone's), so a single researcher's old history stays undoable. ``after_state`` holds the
fingerprint of the rows an entry's inverse touches, to refuse an undo that would overwrite a
colleague's later work (NULL for old entries: not checked). ``id_marks`` keeps SQLite from
handing out a removed row's id again, so that undo and redo can always put it back.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("coder_guid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("after_state", sa.Text(), nullable=True))
        batch_op.create_index("ix_history_coder_undone", ["coder_guid", "undone"], unique=False)
    op.create_table(
        "id_marks",
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_id_marks")),
    )


def downgrade() -> None:
    op.drop_table("id_marks")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index("ix_history_coder_undone")
        batch_op.drop_column("after_state")
        batch_op.drop_column("coder_guid")

"""Documents remember their word count; written summaries for the summary grid.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Group comparisons show coded segments per 1,000 words; counting words with spaCy's tokenizer
takes a while on long transcripts, so the count is stored (NULL = count again, e.g. after an
edit). The summary grid stores one written summary per code and document or per code and group.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("word_count", sa.Integer(), nullable=True))
    op.create_table(
        "summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("variable_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(document_id IS NULL) <> (variable_id IS NULL)"
                           " AND (variable_id IS NULL) = (value IS NULL)",
                           name=op.f("ck_summaries_one_target")),
        sa.ForeignKeyConstraint(["code_id"], ["codes.id"], name=op.f("fk_summaries_code_id_codes")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_summaries_document_id_documents")),
        sa.ForeignKeyConstraint(["variable_id"], ["variables.id"],
                                name=op.f("fk_summaries_variable_id_variables")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summaries")),
        sa.UniqueConstraint("guid", name=op.f("uq_summaries_guid")),
        sa.UniqueConstraint("code_id", "document_id", name=op.f("uq_summaries_code_id_document_id")),
        sa.UniqueConstraint("code_id", "variable_id", "value",
                            name=op.f("uq_summaries_code_id_variable_id_value")),
    )
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.create_index("ix_summaries_document", ["document_id"], unique=False)
        batch_op.create_index("ix_summaries_variable", ["variable_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.drop_index("ix_summaries_variable")
        batch_op.drop_index("ix_summaries_document")
    op.drop_table("summaries")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("word_count")

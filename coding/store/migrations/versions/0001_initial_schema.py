"""Initial schema (Andock 0.1): documents, turns, anchors, variables, codes, segments, memos, history.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 14:22:07.926537
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coders')),
    sa.UniqueConstraint('guid', name=op.f('uq_coders_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_coders_name'))
    )
    op.create_table('codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('inclusion', sa.Text(), nullable=False),
    sa.Column('exclusion', sa.Text(), nullable=False),
    sa.Column('coding_rules', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['codes.id'], name=op.f('fk_codes_parent_id_codes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codes')),
    sa.UniqueConstraint('guid', name=op.f('uq_codes_guid'))
    )
    with op.batch_alter_table('codes', schema=None) as batch_op:
        batch_op.create_index('ix_codes_parent_order', ['parent_id', 'sort_order'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=True),
    sa.Column('media_path', sa.Text(), nullable=True),
    sa.Column('media_checksum', sa.String(length=80), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('guid', name=op.f('uq_documents_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_documents_name'))
    )
    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('undo_ops', sa.Text(), nullable=False),
    sa.Column('redo_ops', sa.Text(), nullable=True),
    sa.Column('undone', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history'))
    )
    op.create_table('project_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('app_version', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_info')),
    sa.UniqueConstraint('guid', name=op.f('uq_project_info_guid'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('variables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variables')),
    sa.UniqueConstraint('guid', name=op.f('uq_variables_guid')),
    sa.UniqueConstraint('name', name=op.f('uq_variables_name'))
    )
    op.create_table('anchor_examples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('segment_guid', sa.String(length=36), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['codes.id'], name=op.f('fk_anchor_examples_code_id_codes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anchor_examples')),
    sa.UniqueConstraint('guid', name=op.f('uq_anchor_examples_guid'))
    )
    with op.batch_alter_table('anchor_examples', schema=None) as batch_op:
        batch_op.create_index('ix_anchor_examples_code', ['code_id', 'sort_order'], unique=False)

    op.create_table('segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('start_pos', sa.Integer(), nullable=False),
    sa.Column('end_pos', sa.Integer(), nullable=False),
    sa.Column('key_quote', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start_pos >= 0 AND end_pos > start_pos', name=op.f('ck_segments_range')),
    sa.ForeignKeyConstraint(['code_id'], ['codes.id'], name=op.f('fk_segments_code_id_codes')),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_segments_coder_id_coders')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_segments_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segments')),
    sa.UniqueConstraint('guid', name=op.f('uq_segments_guid'))
    )
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.create_index('ix_segments_code_doc', ['code_id', 'document_id'], unique=False)
        batch_op.create_index('ix_segments_coder', ['coder_id'], unique=False)
        batch_op.create_index('ix_segments_doc_start', ['document_id', 'start_pos', 'end_pos'], unique=False)

    op.create_table('speaker_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('start_pos', sa.Integer(), nullable=False),
    sa.Column('end_pos', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=60), nullable=False),
    sa.CheckConstraint('start_pos >= 0 AND end_pos >= start_pos', name=op.f('ck_speaker_turns_range')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_speaker_turns_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_turns'))
    )
    with op.batch_alter_table('speaker_turns', schema=None) as batch_op:
        batch_op.create_index('ix_speaker_turns_doc_start', ['document_id', 'start_pos'], unique=False)

    op.create_table('time_anchors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('ms', sa.Integer(), nullable=False),
    sa.CheckConstraint('position >= 0 AND ms >= 0', name=op.f('ck_time_anchors_nonneg')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_time_anchors_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_anchors'))
    )
    with op.batch_alter_table('time_anchors', schema=None) as batch_op:
        batch_op.create_index('ix_time_anchors_doc_pos', ['document_id', 'position'], unique=False)

    op.create_table('variable_values',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('variable_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_variable_values_document_id_documents')),
    sa.ForeignKeyConstraint(['variable_id'], ['variables.id'], name=op.f('fk_variable_values_variable_id_variables')),
    sa.PrimaryKeyConstraint('document_id', 'variable_id', name=op.f('pk_variable_values'))
    )
    with op.batch_alter_table('variable_values', schema=None) as batch_op:
        batch_op.create_index('ix_variable_values_var_value', ['variable_id', 'value'], unique=False)

    op.create_table('memos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('coder_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(CASE WHEN document_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN code_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN segment_id IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_memos_one_target')),
    sa.ForeignKeyConstraint(['code_id'], ['codes.id'], name=op.f('fk_memos_code_id_codes')),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_memos_coder_id_coders')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_memos_document_id_documents')),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.id'], name=op.f('fk_memos_segment_id_segments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memos')),
    sa.UniqueConstraint('guid', name=op.f('uq_memos_guid'))
    )
    with op.batch_alter_table('memos', schema=None) as batch_op:
        batch_op.create_index('ix_memos_code', ['code_id'], unique=False)
        batch_op.create_index('ix_memos_document', ['document_id'], unique=False)
        batch_op.create_index('ix_memos_segment', ['segment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('memos', schema=None) as batch_op:
        batch_op.drop_index('ix_memos_segment')
        batch_op.drop_index('ix_memos_document')
        batch_op.drop_index('ix_memos_code')

    op.drop_table('memos')
    with op.batch_alter_table('variable_values', schema=None) as batch_op:
        batch_op.drop_index('ix_variable_values_var_value')

    op.drop_table('variable_values')
    with op.batch_alter_table('time_anchors', schema=None) as batch_op:
        batch_op.drop_index('ix_time_anchors_doc_pos')

    op.drop_table('time_anchors')
    with op.batch_alter_table('speaker_turns', schema=None) as batch_op:
        batch_op.drop_index('ix_speaker_turns_doc_start')

    op.drop_table('speaker_turns')
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_index('ix_segments_doc_start')
        batch_op.drop_index('ix_segments_coder')
        batch_op.drop_index('ix_segments_code_doc')

    op.drop_table('segments')
    with op.batch_alter_table('anchor_examples', schema=None) as batch_op:
        batch_op.drop_index('ix_anchor_examples_code')

    op.drop_table('anchor_examples')
    op.drop_table('variables')
    op.drop_table('settings')
    op.drop_table('project_info')
    op.drop_table('history')
    op.drop_table('documents')
    with op.batch_alter_table('codes', schema=None) as batch_op:
        batch_op.drop_index('ix_codes_parent_order')

    op.drop_table('codes')
    op.drop_table('coders')

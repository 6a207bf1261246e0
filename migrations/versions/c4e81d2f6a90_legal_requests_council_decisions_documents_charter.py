"""legal requests inside every petition, council decisions, generated documents, the
charter's register of signatories, answers named for who gives them

Revision ID: c4e81d2f6a90
Revises: c41e7a2b9d08
Create Date: 2026-12-06 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e81d2f6a90'
down_revision = 'c41e7a2b9d08'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('charter_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('mandate', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charter_signatories'))
    )
    op.create_table('council_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('matter', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('abstentions', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_council_decisions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_decisions')),
    sa.UniqueConstraint('subject_type', 'subject_id', 'matter', name=op.f('uq_council_decisions_subject_type'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('matter', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('subject_type', 'subject_id', 'kind', 'matter', name=op.f('uq_documents_subject_type'))
    )
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recall_signatory_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('counted_legal', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('legal_progress', sa.String(length=16), nullable=False, server_default='not_reached'))
        batch_op.create_foreign_key(batch_op.f('fk_petitions_recall_signatory_id_charter_signatories'), 'charter_signatories', ['recall_signatory_id'], ['id'])
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.alter_column('counted_legal', server_default=None)
        batch_op.alter_column('legal_progress', server_default=None)
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_request', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.alter_column('legal_request', server_default=None)
    # The answers published so far came from one councillor, before any deliberation was
    # recorded: they are named for what they were.
    with op.batch_alter_table('petition_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_as', sa.String(length=16), nullable=False, server_default='councillor'))
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_petition_answers_petition_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_petition_answers_petition_id'), ['petition_id', 'decision_id'])
        batch_op.create_index(batch_op.f('ix_petition_answers_petition_id'), ['petition_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_petition_answers_decision_id_council_decisions'), 'council_decisions', ['decision_id'], ['id'])
    with op.batch_alter_table('petition_answers', schema=None) as batch_op:
        batch_op.alter_column('answered_as', server_default=None)


def downgrade():
    with op.batch_alter_table('petition_answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_petition_answers_decision_id_council_decisions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_petition_answers_petition_id'))
        batch_op.drop_constraint(batch_op.f('uq_petition_answers_petition_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_petition_answers_petition_id'), ['petition_id'])
        batch_op.drop_column('decision_id')
        batch_op.drop_column('answered_as')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_column('legal_request')
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_petitions_recall_signatory_id_charter_signatories'), type_='foreignkey')
        batch_op.drop_column('legal_progress')
        batch_op.drop_column('counted_legal')
        batch_op.drop_column('recall_signatory_id')
    op.drop_table('documents')
    op.drop_table('council_decisions')
    op.drop_table('charter_signatories')

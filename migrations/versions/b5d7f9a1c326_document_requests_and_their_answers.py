"""document requests by bodies and residents, and the commune's answers

Revision ID: b5d7f9a1c326
Revises: a3c5e7f9b214
Create Date: 2026-12-06 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d7f9a1c326'
down_revision = 'a3c5e7f9b214'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('requester_id', sa.Integer(), nullable=True),
    sa.Column('document', sa.String(length=500), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_document_requests_answered_by_id_users')),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_document_requests_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_document_requests_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_document_requests_requester_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_requests'))
    )
    with op.batch_alter_table('document_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_requests_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_requests_received_on'), ['received_on'], unique=False)


def downgrade():
    with op.batch_alter_table('document_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_requests_received_on'))
        batch_op.drop_index(batch_op.f('ix_document_requests_body_id'))
    op.drop_table('document_requests')

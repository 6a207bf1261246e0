"""lobby register: meetings with interest representatives, gifts declined or accepted

Revision ID: a3c5e7f9b214
Revises: a9d3c5e7f104
Create Date: 2026-12-06 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b214'
down_revision = 'a9d3c5e7f104'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lobby_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('representative', sa.String(length=200), nullable=False),
    sa.Column('official', sa.String(length=200), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('documents', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_lobby_meetings_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lobby_meetings'))
    )
    with op.batch_alter_table('lobby_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lobby_meetings_met_on'), ['met_on'], unique=False)

    op.create_table('lobby_gifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('official', sa.String(length=200), nullable=False),
    sa.Column('giver', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('offered_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_lobby_gifts_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lobby_gifts'))
    )
    with op.batch_alter_table('lobby_gifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lobby_gifts_offered_on'), ['offered_on'], unique=False)


def downgrade():
    with op.batch_alter_table('lobby_gifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lobby_gifts_offered_on'))
    op.drop_table('lobby_gifts')
    with op.batch_alter_table('lobby_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lobby_meetings_met_on'))
    op.drop_table('lobby_meetings')

"""two-stage civic lotteries: the list drawn for invitations, the pool, the panel

Revision ID: d6e8a0b2c417
Revises: b7e2d4f6a813
Create Date: 2026-12-06 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd6e8a0b2c417'
down_revision = 'b7e2d4f6a813'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('body_lotteries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('invitations', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('list_csv', sa.Text(), nullable=False),
    sa.Column('list_digest', sa.String(length=64), nullable=False),
    sa.Column('list_seed', sa.String(length=100), nullable=True),
    sa.Column('invited', sa.Text(), nullable=True),
    sa.Column('pool_csv', sa.Text(), nullable=True),
    sa.Column('quotas_csv', sa.Text(), nullable=True),
    sa.Column('pool_digest', sa.String(length=64), nullable=True),
    sa.Column('pool_seed', sa.String(length=100), nullable=True),
    sa.Column('selected', sa.Text(), nullable=True),
    sa.Column('frozen_at', sa.DateTime(), nullable=False),
    sa.Column('frozen_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(), nullable=True),
    sa.Column('pool_frozen_at', sa.DateTime(), nullable=True),
    sa.Column('seated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_lotteries_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['frozen_by_id'], ['users.id'], name=op.f('fk_body_lotteries_frozen_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_lotteries'))
    )
    with op.batch_alter_table('body_lotteries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_lotteries_body_id'), ['body_id'], unique=False)

    op.create_table('body_lottery_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lottery_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('invited', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('gender', sa.String(length=16), nullable=True),
    sa.Column('seated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['lottery_id'], ['body_lotteries.id'], name=op.f('fk_body_lottery_people_lottery_id_body_lotteries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_lottery_people')),
    sa.UniqueConstraint('lottery_id', 'code', name=op.f('uq_body_lottery_people_lottery_id'))
    )
    with op.batch_alter_table('body_lottery_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_lottery_people_lottery_id'), ['lottery_id'], unique=False)


def downgrade():
    with op.batch_alter_table('body_lottery_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_lottery_people_lottery_id'))
    op.drop_table('body_lottery_people')
    with op.batch_alter_table('body_lotteries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_lotteries_body_id'))
    op.drop_table('body_lotteries')

"""Bodies' lotteries: the fair draw, the reserve list, declines

A lottery's second stage seats the panel by the stratified draw (the lotteries drawn
before) or the fair draw, whose numbered list of panels is published before the seed;
the seed also draws an ordered reserve list, called in turn when a seated person declines.

Revision ID: a2b6b5a35b18
Revises: e7f9b1c3d528
Create Date: 2026-12-06 21:47:54.187575

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2b6b5a35b18'
down_revision = 'e7f9b1c3d528'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('body_lotteries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=16), nullable=False, server_default='stratified'))
        batch_op.add_column(sa.Column('algorithm', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('reserve_size', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('panels_csv', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('panels_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('panel_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('job_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('failure', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reserve', sa.Text(), nullable=True))
    # The defaults only fill the lotteries already drawn; the models set their own.
    with op.batch_alter_table('body_lotteries', schema=None) as batch_op:
        batch_op.alter_column('mode', server_default=None)
        batch_op.alter_column('reserve_size', server_default=None)

    with op.batch_alter_table('body_lottery_people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('replaces', sa.String(length=16), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_body_lottery_people_member_id_body_members'), 'body_members', ['member_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('body_lottery_people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_body_lottery_people_member_id_body_members'), type_='foreignkey')
        batch_op.drop_column('replaces')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('member_id')

    with op.batch_alter_table('body_lotteries', schema=None) as batch_op:
        batch_op.drop_column('reserve')
        batch_op.drop_column('failure')
        batch_op.drop_column('job_id')
        batch_op.drop_column('panel_number')
        batch_op.drop_column('panels_digest')
        batch_op.drop_column('panels_csv')
        batch_op.drop_column('reserve_size')
        batch_op.drop_column('algorithm')
        batch_op.drop_column('mode')

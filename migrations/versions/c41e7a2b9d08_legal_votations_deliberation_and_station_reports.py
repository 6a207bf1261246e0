"""legal votations: the organising deliberation and the polling stations' reports

Revision ID: c41e7a2b9d08
Revises: d9f2b7c41e03
Create Date: 2026-12-06 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41e7a2b9d08'
down_revision = 'd9f2b7c41e03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('votation_deliberations',
    sa.Column('votation_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('transmitted_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_votation_deliberations_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['votation_id'], ['votations.id'], name=op.f('fk_votation_deliberations_votation_id_votations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('votation_id', name=op.f('pk_votation_deliberations'))
    )
    op.create_table('votation_station_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('votation_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('polling_station', sa.String(length=120), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('voters', sa.Integer(), nullable=False),
    sa.Column('observation', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['paper_ballot_batches.id'], name=op.f('fk_votation_station_reports_batch_id_paper_ballot_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['votation_id'], ['votations.id'], name=op.f('fk_votation_station_reports_votation_id_votations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votation_station_reports')),
    sa.UniqueConstraint('batch_id', name=op.f('uq_votation_station_reports_batch_id'))
    )
    with op.batch_alter_table('votation_station_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votation_station_reports_votation_id'), ['votation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('votation_station_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votation_station_reports_votation_id'))
    op.drop_table('votation_station_reports')
    op.drop_table('votation_deliberations')

"""neighbourhood figures (electors, residents aged 16+) and the source and date of a
votation's eligible count

Revision ID: c7e2a91d4f10
Revises: a6573642f259
Create Date: 2026-12-06 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a91d4f10'
down_revision = 'a6573642f259'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('neighbourhood_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_neighbourhood_figures_neighbourhood_id_neighbourhoods')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_neighbourhood_figures_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_neighbourhood_figures'))
    )
    with op.batch_alter_table('neighbourhood_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_neighbourhood_figures_neighbourhood_id'), ['neighbourhood_id'], unique=False)

    with op.batch_alter_table('votations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eligible_source', sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column('eligible_effective_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('votations', schema=None) as batch_op:
        batch_op.drop_column('eligible_effective_date')
        batch_op.drop_column('eligible_source')

    with op.batch_alter_table('neighbourhood_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_neighbourhood_figures_neighbourhood_id'))

    op.drop_table('neighbourhood_figures')

"""a vote of the law links the earlier vote on its subject (LO 1112-6, L1112-21)

Revision ID: a9d3c5e7f104
Revises: f2a6b8d0c431
Create Date: 2026-12-06 19:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d3c5e7f104'
down_revision = 'f2a6b8d0c431'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('votation_deliberations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('same_subject_as_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_votation_deliberations_same_subject_as_id_votations'),
            'votations',
            ['same_subject_as_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('votation_deliberations', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_votation_deliberations_same_subject_as_id_votations'),
            type_='foreignkey',
        )
        batch_op.drop_column('same_subject_as_id')

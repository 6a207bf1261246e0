"""thematic budget headings: a theme's or a body's own envelope and rule

Revision ID: e7f9b1c3d528
Revises: d6e8a0b2c417
Create Date: 2026-12-06 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7f9b1c3d528'
down_revision = 'd6e8a0b2c417'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_headings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thematic', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('budget_headings', schema=None) as batch_op:
        batch_op.drop_column('thematic')

"""accounts remember their last use, and when their owner was told they would close

Revision ID: e6b3f0a7c912
Revises: d1f7a2c4b860
Create Date: 2026-12-06 19:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b3f0a7c912'
down_revision = 'd1f7a2c4b860'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_active_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('inactivity_warned_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('inactivity_warned_at')
        batch_op.drop_column('last_active_at')

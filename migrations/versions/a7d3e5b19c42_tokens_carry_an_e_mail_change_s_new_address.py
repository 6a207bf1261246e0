"""tokens carry an e-mail change's new address

Revision ID: a7d3e5b19c42
Revises: 5e2c9a7d1b34, efbe12724a71
Create Date: 2026-12-06 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e5b19c42'
# Also joins the two branches that the second factor's and the encrypted votations'
# revisions started from the same parent.
down_revision = ('5e2c9a7d1b34', 'efbe12724a71')
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_column('new_email')

"""charter signatories record the end of their mandate (the register's retention)

Revision ID: b7e2d4f6a813
Revises: c8e1f5a2d937
Create Date: 2026-12-06 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2d4f6a813'
down_revision = 'c8e1f5a2d937'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('charter_signatories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mandate_ended_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('charter_signatories', schema=None) as batch_op:
        batch_op.drop_column('mandate_ended_on')

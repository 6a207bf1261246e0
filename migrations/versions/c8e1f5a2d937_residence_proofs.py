"""residence proofs: a resident's proof of address, kept for the clerk until the decision

Revision ID: c8e1f5a2d937
Revises: b5d7f9a1c326
Create Date: 2026-12-06 19:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e1f5a2d937'
down_revision = 'b5d7f9a1c326'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('residence_proofs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_residence_proofs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residence_proofs')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_residence_proofs_stored_name')),
    sa.UniqueConstraint('user_id', name=op.f('uq_residence_proofs_user_id'))
    )


def downgrade():
    op.drop_table('residence_proofs')

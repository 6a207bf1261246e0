"""identities vouched for by an identity provider (OpenID Connect)

Revision ID: b8e4f0c3a915
Revises: a7d3e5b19c42
Create Date: 2026-12-06 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e4f0c3a915'
down_revision = 'a7d3e5b19c42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('provider_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_provider_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_identities')),
    sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_provider_identities_issuer'))
    )
    with op.batch_alter_table('provider_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_identities_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_provider', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('identity_provider')

    with op.batch_alter_table('provider_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_identities_user_id'))

    op.drop_table('provider_identities')

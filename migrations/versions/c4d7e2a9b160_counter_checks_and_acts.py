"""the town hall's counter: identity and residence checked on the spot, acts done with consent

Revision ID: c4d7e2a9b160
Revises: b8e4f0c3a915
Create Date: 2026-12-06 19:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d7e2a9b160'
down_revision = 'b8e4f0c3a915'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('counter_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('identity_document', sa.String(length=120), nullable=False),
    sa.Column('residence_document', sa.String(length=120), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_counter_checks_clerk_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_counter_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_checks'))
    )
    with op.batch_alter_table('counter_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counter_checks_user_id'), ['user_id'], unique=True)

    op.create_table('counter_acts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('consented_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_counter_acts_clerk_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_counter_acts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_acts'))
    )
    with op.batch_alter_table('counter_acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counter_acts_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('counter_acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counter_acts_user_id'))
    op.drop_table('counter_acts')
    with op.batch_alter_table('counter_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counter_checks_user_id'))
    op.drop_table('counter_checks')

"""participatory bodies: composition, members, sessions, opinions, annual report

Revision ID: f2a6b8d0c431
Revises: e6b3f0a7c912
Create Date: 2026-12-06 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2a6b8d0c431'
down_revision = 'e6b3f0a7c912'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('majority_seats', sa.Integer(), nullable=False),
    sa.Column('opposition_seats', sa.Integer(), nullable=False),
    sa.Column('drawn_seats', sa.Integer(), nullable=False),
    sa.Column('volunteer_seats', sa.Integer(), nullable=False),
    sa.Column('association_seats', sa.Integer(), nullable=False),
    sa.Column('expert_seats', sa.Integer(), nullable=False),
    sa.Column('delegate_seats', sa.Integer(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('report_year', sa.Integer(), nullable=True),
    sa.Column('report', sa.Text(), nullable=True),
    sa.Column('report_published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_bodies_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
    sa.UniqueConstraint('name', name=op.f('uq_bodies_name'))
    )
    op.create_table('body_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('representing', sa.String(length=200), nullable=True),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_members_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_members'))
    )
    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_members_body_id'), ['body_id'], unique=False)

    op.create_table('body_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=True),
    sa.Column('minutes_published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_sessions_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_sessions'))
    )
    with op.batch_alter_table('body_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_sessions_body_id'), ['body_id'], unique=False)

    op.create_table('body_opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('abstentions', sa.Integer(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_opinions_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['body_sessions.id'], name=op.f('fk_body_opinions_session_id_body_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_opinions'))
    )
    with op.batch_alter_table('body_opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_opinions_body_id'), ['body_id'], unique=False)


def downgrade():
    with op.batch_alter_table('body_opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_opinions_body_id'))
    op.drop_table('body_opinions')
    with op.batch_alter_table('body_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_sessions_body_id'))
    op.drop_table('body_sessions')
    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_members_body_id'))
    op.drop_table('body_members')
    op.drop_table('bodies')

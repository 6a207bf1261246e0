"""notification preferences, follows, letters by post; signers' news; public porteur

Revision ID: d1f7a2c4b860
Revises: c4d7e2a9b160
Create Date: 2026-12-06 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1f7a2c4b860'
down_revision = 'c4d7e2a9b160'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email_off', sa.String(length=200), nullable=False),
    sa.Column('by_post', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('notification_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_follows')),
    sa.UniqueConstraint('user_id', 'subject_type', 'subject_id', name=op.f('uq_notification_follows_user_id'))
    )
    with op.batch_alter_table('notification_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_follows_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('letter_exported_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_public', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.alter_column('author_public', server_default=None)

    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wants_news', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.alter_column('wants_news', server_default=None)


def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_column('wants_news')

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_column('author_public')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('letter_exported_at')
        batch_op.drop_column('mailed_at')

    with op.batch_alter_table('notification_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_follows_user_id'))

    op.drop_table('notification_follows')
    op.drop_table('notification_settings')

"""forms: transfer requests, the tickets they cover, DPAs

Revision ID: 0002_forms
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_forms"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dpas',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('consultant_ids', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_dpas_created_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_dpas_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dpas'))
    )
    with op.batch_alter_table('dpas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dpas_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dpas_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('transfer_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('consultant_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=32), nullable=True),
    sa.Column('decided_by_name', sa.String(length=200), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.String(length=64), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('originals_destroyed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_transfer_requests_created_by_users')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_transfer_requests_decided_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_transfer_requests_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_transfer_requests_reference'))
    )
    with op.batch_alter_table('transfer_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_requests_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_requests_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_requests_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_requests_valid_from'), ['valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_requests_valid_until'), ['valid_until'], unique=False)

    op.create_table('transfer_request_tickets',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('ticket_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['transfer_requests.id'], name=op.f('fk_transfer_request_tickets_request_id_transfer_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_transfer_request_tickets_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_request_tickets')),
    sa.UniqueConstraint('request_id', 'ticket_id', name=op.f('uq_transfer_request_tickets_request_id'))
    )
    with op.batch_alter_table('transfer_request_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_request_tickets_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_request_tickets_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('transfer_request_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_request_tickets_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_request_tickets_request_id'))
    op.drop_table('transfer_request_tickets')
    with op.batch_alter_table('transfer_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_requests_valid_until'))
        batch_op.drop_index(batch_op.f('ix_transfer_requests_valid_from'))
        batch_op.drop_index(batch_op.f('ix_transfer_requests_state'))
        batch_op.drop_index(batch_op.f('ix_transfer_requests_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_requests_created_by'))
    op.drop_table('transfer_requests')
    with op.batch_alter_table('dpas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dpas_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_dpas_expires_at'))
    op.drop_table('dpas')

"""connectors: per-organisation helpdesk configuration and the Sargas ticket -> helpdesk ticket link

Revision ID: 0004_connectors
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_connectors"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "helpdesk_configs",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("base_url", sa.String(length=2000), nullable=False),
        sa.Column("queue", sa.String(length=200), nullable=False),
        sa.Column("secret_file", sa.String(length=1000), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    op.create_table(
        "helpdesk_links",
        sa.Column("ticket_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("last_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("checked_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
    op.create_index("ix_helpdesk_links_organisation_id", "helpdesk_links", ["organisation_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_helpdesk_links_organisation_id", table_name="helpdesk_links")
    op.drop_table("helpdesk_links")
    op.drop_table("helpdesk_configs")

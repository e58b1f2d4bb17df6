"""mail gateway: organisation mail domains, received messages, thread message ids

Revision ID: 0004_mail
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_mail"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mail_domains",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_mail_domains_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_domains")),
        sa.UniqueConstraint("domain", name=op.f("uq_mail_domains_domain")),
    )
    op.create_index(op.f("ix_mail_domains_organisation_id"), "mail_domains", ["organisation_id"])
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("ticket_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("vault_entry_id", sa.String(length=32), nullable=True),
        sa.Column("body_key", sa.String(length=128), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("hidden", sa.JSON(), nullable=False),
        sa.Column("want_ack", sa.Boolean(), nullable=False),
        sa.Column("no_ack_reason", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("finished_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_mail_messages_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_mail_messages_ticket_id_tickets")),
        sa.ForeignKeyConstraint(["vault_entry_id"], ["vault_entries.id"],
                                name=op.f("fk_mail_messages_vault_entry_id_vault_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_messages")),
    )
    for col in ("ticket_id", "organisation_id", "sender", "state"):
        op.create_index(op.f(f"ix_mail_messages_{col}"), "mail_messages", [col])
    op.create_table(
        "mail_thread_ids",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_mail_thread_ids_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_mail_thread_ids")),
    )
    op.create_index(op.f("ix_mail_thread_ids_ticket_id"), "mail_thread_ids", ["ticket_id"])


def downgrade() -> None:
    op.drop_table("mail_thread_ids")
    op.drop_table("mail_messages")
    op.drop_table("mail_domains")

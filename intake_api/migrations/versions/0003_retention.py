"""retention: legal holds, destruction certificates, per-organisation policies, audit hash chain,
sweeper lease and deferred-destruction columns on vault entries

Revision ID: 0003_retention
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_retention"
down_revision = "0001"
branch_labels = None
depends_on = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("vault_entries", schema=None) as b:
        b.add_column(sa.Column("destroy_due_at", _TS, nullable=True))
        b.add_column(sa.Column("destroy_due_reason", sa.String(length=64), nullable=True))
        b.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        b.add_column(sa.Column("lease_until", _TS, nullable=True))
        b.create_index(b.f("ix_vault_entries_destroy_due_at"), ["destroy_due_at"], unique=False)

    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("head_seq", _BIG, nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("anchor_seq", _BIG, nullable=False),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.Column("anchor_at", _TS, nullable=True),
        sa.Column("anchor_signature", sa.Text(), nullable=True),
        sa.Column("pruned_rows", _BIG, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("ticket_id", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=64), nullable=False),
        sa.Column("placed_at", _TS, nullable=False),
        sa.Column("lifted_by", sa.String(length=64), nullable=True),
        sa.Column("lifted_at", _TS, nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    with op.batch_alter_table("legal_holds", schema=None) as b:
        b.create_index(b.f("ix_legal_holds_organisation_id"), ["organisation_id"], unique=False)
        b.create_index(b.f("ix_legal_holds_ticket_id"), ["ticket_id"], unique=False)
        b.create_index(b.f("ix_legal_holds_lifted_at"), ["lifted_at"], unique=False)
    op.create_table(
        "destruction_certificates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("vault_entry_id", sa.String(length=32), nullable=True),
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("policy", sa.String(length=64), nullable=False),
        sa.Column("size", _BIG, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("destroyed_at", _TS, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_certificates")),
        sa.UniqueConstraint("object_type", "object_id", name="uq_destruction_certificates_object"),
    )
    with op.batch_alter_table("destruction_certificates", schema=None) as b:
        b.create_index(b.f("ix_destruction_certificates_object_id"), ["object_id"], unique=False)
        b.create_index(b.f("ix_destruction_certificates_vault_entry_id"), ["vault_entry_id"], unique=False)
        b.create_index(b.f("ix_destruction_certificates_organisation_id"), ["organisation_id"], unique=False)
        b.create_index(b.f("ix_destruction_certificates_destroyed_at"), ["destroyed_at"], unique=False)
    op.create_table(
        "retention_policies",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("pending_deadline_minutes", sa.Float(), nullable=True),
        sa.Column("covered_days_after_close", sa.Integer(), nullable=True),
        sa.Column("redacted_keep_days_after_close", sa.Integer(), nullable=True),
        sa.Column("updated_at", _TS, nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_retention_policies")),
    )
    _backfill_chain()


def _backfill_chain() -> None:
    """Chain the audit rows written before this revision (renumbered contiguously from 1)."""
    from retention.audit import GENESIS, AuditEvent, canonical_row, row_hash

    conn = op.get_bind()
    t = AuditEvent.__table__
    prev, seq = GENESIS, 0
    for r in conn.execute(sa.select(t).order_by(t.c.seq)).mappings().all():
        seq += 1
        h = row_hash(prev, canonical_row(seq, r["at"], r["actor"], r["actor_role"], r["action"],
                                         r["object_type"], r["object_id"], r["ip"], r["details"]))
        conn.execute(t.update().where(t.c.seq == r["seq"]).values(seq=seq, prev_hash=prev, row_hash=h))
        prev = h
    conn.execute(sa.text("INSERT INTO audit_chain (id, head_seq, head_hash, anchor_seq, anchor_hash, "
                         "pruned_rows) VALUES (1, :s, :h, 0, :g, 0)"), {"s": seq, "h": prev, "g": GENESIS})


def downgrade() -> None:
    op.drop_table("retention_policies")
    op.drop_table("destruction_certificates")
    op.drop_table("legal_holds")
    op.drop_table("audit_chain")
    with op.batch_alter_table("vault_entries", schema=None) as b:
        b.drop_index(b.f("ix_vault_entries_destroy_due_at"))
        b.drop_column("lease_until")
        b.drop_column("lease_owner")
        b.drop_column("destroy_due_reason")
        b.drop_column("destroy_due_at")

"""redacted copy MIME type: 128 characters (office MIME types are up to 73; PostgreSQL enforces lengths)

Revision ID: 0005_mime_length
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_mime_length"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redacted_copies") as batch:
        batch.alter_column("mime", existing_type=sa.String(length=64), type_=sa.String(length=128),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("redacted_copies") as batch:
        batch.alter_column("mime", existing_type=sa.String(length=128), type_=sa.String(length=64),
                           existing_nullable=False)

"""attachment progress: pages done / pages total while the redactor works on it

Revision ID: 0006_progress
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_progress"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("pages_done", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pages_total", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("pages_total")
        batch.drop_column("pages_done")

"""organisations.timezone: the IANA zone an organisation reads its times in (NULL = the deployment's
SARGAS_DEFAULT_TIMEZONE); web pages, notices and request PDFs format times in it

Revision ID: 0006_org_timezone
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_org_timezone"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("timezone")

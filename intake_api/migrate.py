"""Create or upgrade the database schema with Alembic (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from sargas.db import get_engine, init_db
from sargas.settings import Settings, get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.attributes["url"] = url
    return cfg


def upgrade(settings: Settings | None = None) -> None:
    s = settings or get_settings()
    s.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    init_db(s)
    with get_engine().begin() as conn:
        if conn.dialect.name == "postgresql":  # API replicas starting together: one migrates at a time
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7271203508)")
        cfg = alembic_config(s.resolved_database_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")  # forms and retention branch off 0001

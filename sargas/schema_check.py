"""Is the database of this installation set up? Commands that work on an existing database
(``sargas retention ...``, ``sargas audit ...``, ``sargas forms ...``) call :func:`require_schema`
first, so a fresh or mistyped data directory gets one line saying what to run instead of a
"no such table" traceback. Nothing is created here: an SQLite file that does not exist is not
opened (opening it would create an empty database and hide the mistake).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from sargas.settings import Settings

REQUIRED_TABLES = ("alembic_version", "audit_events", "attachments")


class SchemaMissing(Exception):
    """The database has not been created/migrated yet; the message says what to run."""


def _where(s: Settings) -> str:
    return f"in {s.data_dir}" if not s.database_url else "at SARGAS_DATABASE_URL"


def require_schema(s: Settings) -> None:
    from sargas.db import init_db

    hint = (f"The Sargas database {_where(s)} is not set up yet: run `sargas admin migrate"
            f"{'' if s.database_url else f' --data-dir {s.data_dir}'}` (or start `sargas serve`) first.")
    url = s.resolved_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise SchemaMissing(hint)
    try:
        with init_db(s).connect() as conn:
            have = set(inspect(conn).get_table_names())
    except SQLAlchemyError as exc:
        raise SchemaMissing(f"Cannot open the Sargas database {_where(s)} ({type(exc).__name__}).") from None
    if not set(REQUIRED_TABLES) <= have:
        raise SchemaMissing(hint)

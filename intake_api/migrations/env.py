"""Alembic environment: imports every package's models so autogenerate sees the whole schema.

Run through ``intake_api.migrate.upgrade()`` (``sargas serve`` / ``sargas admin migrate``) or
``alembic -c intake_api/migrations/alembic.ini``; the URL comes from Sargas settings.
"""

from __future__ import annotations

from alembic import context

import intake_api.tables  # noqa: F401  (registers every table with Base.metadata)
from sargas.db import Base, UTCDateTime, make_engine
from sargas.settings import get_settings

target_metadata = Base.metadata


def _render_item(type_, obj, autogen_context):
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _url() -> str:
    return context.config.attributes.get("url") or get_settings().resolved_database_url


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, render_item=_render_item)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      render_item=_render_item, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

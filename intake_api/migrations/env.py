"""Alembic environment: imports every package's models so autogenerate sees the whole schema.

Run through ``intake_api.migrate.upgrade()`` (``sargas serve`` / ``sargas admin migrate``) or
``alembic -c intake_api/migrations/alembic.ini``; the URL comes from Sargas settings.
"""

from __future__ import annotations

import importlib
import importlib.util

from alembic import context

from sargas.db import Base, UTCDateTime, make_engine
from sargas.settings import get_settings

# Every module that defines tables; modules that do not exist yet are skipped.
MODEL_MODULES = (
    "sargas.models", "retention.vault", "retention.audit", "sargas.outbox",
    "retention.holds", "retention.certificates", "retention.policies", "retention.sweeper",
    "forms.models", "intake_api.models",
)
for _name in MODEL_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)

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

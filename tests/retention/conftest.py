"""Retention tests: a real SQLite database (migrated once with Alembic, copied per test), a real
local blob store under a temporary data directory, and a frozen, injectable clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sargas import clock as clock_mod
from sargas import db as db_mod
from sargas import settings as settings_mod

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from intake_api.migrate import upgrade

    d = tmp_path_factory.mktemp("template")
    s = settings_mod.configure(data_dir=d)
    upgrade(s)
    db_mod.wal_checkpoint()
    db_mod.dispose()
    return d / "sargas.db"


@pytest.fixture()
def env(tmp_path: Path, template_db: Path) -> Iterator[settings_mod.Settings]:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copy(template_db, data / "sargas.db")
    s = settings_mod.configure(data_dir=data, pending_deadline_minutes=60, covered_days_after_close=7,
                               redacted_keep_days_after_close=30, audit_keep_days=365,
                               certificate_keep_days=730, sweep_lease_seconds=300)
    db_mod.init_db(s)
    yield s
    db_mod.dispose()
    clock_mod.set_clock(None)


@pytest.fixture()
def clock(env) -> Iterator[clock_mod.FrozenClock]:
    with clock_mod.FrozenClock(T0) as c:
        yield c


@pytest.fixture()
def sf(env):
    return db_mod.session_factory()


class World:
    """Builds organisations, tickets and attachments with real vault entries."""

    def __init__(self, sf) -> None:
        self.sf = sf
        self.n = 0

    def org(self, name: str | None = None, lang: str = "lt") -> str:
        from sargas.models import Organisation

        self.n += 1
        with self.sf() as s, s.begin():
            o = Organisation(name=name or f"Org {self.n}", lang=lang, email=f"dpo{self.n}@example.test")
            s.add(o)
            s.flush()
            return o.id

    def ticket(self, org_id: str) -> str:
        from sargas.models import Ticket

        self.n += 1
        with self.sf() as s, s.begin():
            t = Ticket(ref=f"HD-2026-{self.n:05d}", organisation_id=org_id, subject="printer")
            s.add(t)
            s.flush()
            return t.id

    def upload(self, org_id: str, ticket_id: str, data: bytes | None = None, *, state: str = "processing",
               original: str = "pending") -> tuple[str, str, bytes]:
        """(attachment id, vault entry id, plaintext)."""
        from retention import vault
        from sargas.models import Attachment

        data = data or (b"ORIGINAL-" + os.urandom(24).hex().encode() + b"-PII Jonas Jonaitis 38703181745")
        with self.sf() as s, s.begin():
            att = Attachment(ticket_id=ticket_id, organisation_id=org_id, filename="scan.png",
                             file_type="png", size=len(data), sha256="0" * 64, state=state, original=original)
            s.add(att)
            s.flush()
            entry = vault.put_stream(s, [data], object_type="attachment", object_id=att.id,
                                     organisation_id=org_id, ticket_id=ticket_id)
            s.flush()
            att.vault_entry_id, att.sha256 = entry.id, entry.sha256
            return att.id, entry.id, data

    def retain(self, entry_id: str, until: datetime | None, kind: str = "transfer_request",
               cov_id: str = "tr-1") -> None:
        from retention import vault

        with self.sf() as s, s.begin():
            e = s.get(vault.VaultEntry, entry_id)
            vault.retain(s, e, coverage_kind=kind, coverage_id=cov_id, until=until)

    def close_ticket(self, ticket_id: str) -> None:
        from sargas.clock import now
        from sargas.models import Ticket

        with self.sf() as s, s.begin():
            t = s.get(Ticket, ticket_id)
            t.status, t.closed_at = "closed", now()

    def entry(self, entry_id: str):
        from retention import vault

        with self.sf() as s:
            return s.get(vault.VaultEntry, entry_id)


@pytest.fixture()
def world(sf, clock) -> World:
    return World(sf)

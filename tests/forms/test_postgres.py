"""The forms schema and service on PostgreSQL: migrations (all heads), a request's life cycle with
a real vault entry, coverage, revocation and expiry. Skipped when no PostgreSQL is reachable."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get("SARGAS_TEST_PG_ADMIN", "postgresql+psycopg://root@127.0.0.1:5432/postgres")

pytestmark = pytest.mark.live


def _pg_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
        eng = create_engine(PG_ADMIN_URL)
        with eng.connect():
            pass
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture
def pg_url():
    """A fresh database; the process-wide settings/engine stay untouched (other apps run in-process)."""
    if not _pg_up():
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432 (.ci/test starts it)")
    name = "sargas_forms_" + secrets.token_hex(4)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_life_cycle_on_postgresql(pg_url):
    from alembic import command
    from sqlalchemy.orm import Session

    from forms import service
    from forms.coverage import find_coverage
    from intake_api import admin
    from intake_api.auth import principal_for
    from intake_api.migrate import alembic_config
    from retention import vault
    from sargas.clock import now
    from sargas.db import make_engine
    from sargas.models import Ticket, User

    engine = make_engine(pg_url)
    with engine.begin() as conn:
        cfg = alembic_config(pg_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")

    def session_scope() -> Session:
        return Session(engine, expire_on_commit=False)

    with session_scope() as s, s.begin():
        org = admin.create_org(s, "PG Alpha", lang="lt", email="it@pg.example")
        client, _ = admin.create_user(s, "client@pg.example", role="client", org_name="PG Alpha")
        cons, _ = admin.create_user(s, "cons@pg.example", role="consultant")
        dpo, _ = admin.create_user(s, "dpo@pg.example", role="dpo", name="PG DPO")
        t = Ticket(ref="HD-2026-90001", organisation_id=org.id, subject="x",
                   assigned_consultant_id=cons.id)  # a client names only an assigned consultant
        s.add(t)
        s.flush()
        pc, pd = principal_for(client), principal_for(dpo)
        req = service.create(
            s,
            pc,
            {
                "tickets": ["HD-2026-90001"],
                "description": "Screenshots with codes.",
                "purpose": "Fix the defect.",
                "why_not_anonymised": "The digits matter.",
                "data_subjects": ["employees"],
                "data_categories": ["national_id"],
                "legal_basis": "contract",
                "retention_days": 5,
                "consultants": ["cons@pg.example"],
                "acknowledged": True,
            },
        )
        service.submit(s, pc, req.id)
        service.approve(s, pd, req.id, {})
        assert req.state == "active"
        cov = find_coverage(s, organisation_id=org.id, ticket_id=t.id, at=now())
        assert cov is not None and cov.id == req.id and cons.id in cov.consultant_ids
        entry = vault.put_stream(
            s,
            [b"original bytes"],
            object_type="attachment",
            object_id=None,
            organisation_id=org.id,
            ticket_id=t.id,
        )
        s.flush()
        vault.retain(s, entry, coverage_kind=cov.kind, coverage_id=cov.id, until=cov.until)
        rid, eid, tid, oid = req.id, entry.id, t.id, org.id
    with session_scope() as s, s.begin():
        service.revoke(s, principal_for(s.get(User, dpo.id)), rid, {"reason": "done"})
    with session_scope() as s, s.begin():
        assert s.get(vault.VaultEntry, eid).status == "destroyed"
        assert service.get_visible(s, pd, rid).originals_destroyed == 1
        assert find_coverage(s, organisation_id=oid, ticket_id=tid, at=now()) is None
        assert service.expire_due(s, now() + timedelta(days=10))["expired"] == 0
    engine.dispose()

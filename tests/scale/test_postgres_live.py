"""PostgreSQL: the Alembic migrations build the same schema as the models on SQLite and on
PostgreSQL; job claims are exclusive under concurrency; the beat tasks run against PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from intake_api.migrate import upgrade
from sargas import db
from sargas.db import Base
from sargas.settings import Settings, configure

pytestmark = pytest.mark.live


def _env_import_ok() -> None:
    # env.py runs migrations on import when Alembic drives it; import the table modules directly.
    import intake_api.tables  # noqa: F401


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_match_models(backend: str, tmp_path, migrated_pg: str) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'm.db'}"
        upgrade(Settings(data_dir=tmp_path, database_url=url))
        db.dispose()
    else:
        url = migrated_pg
    _env_import_ok()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert {"jobs", "attachments", "vault_entries", "audit_events"} <= tables
    # Only real schema differences count (tables/columns/indexes/constraints missing or extra).
    assert diffs == [], diffs


def _seed_job(session) -> str:
    import secrets

    from intake_api.models import Job
    from retention.vault import VaultEntry
    from sargas.models import Attachment, Organisation, Ticket

    org = Organisation(name=f"pg-{secrets.token_hex(4)}", lang="en")
    session.add(org)
    session.flush()
    t = Ticket(ref=f"HD-2026-9{secrets.randbelow(10**6):06d}", organisation_id=org.id, subject="s")
    session.add(t)
    session.flush()
    ve = VaultEntry(blob_key="vault/xx/none", kek_id="k", size=1, sha256="0" * 64, wrapped_key=b"x")
    session.add(ve)
    session.flush()
    a = Attachment(ticket_id=t.id, organisation_id=org.id, filename="a.png", file_type="png", size=1,
                   sha256="0" * 64, vault_entry_id=ve.id)
    session.add(a)
    session.flush()
    j = Job(attachment_id=a.id)
    session.add(j)
    session.flush()
    return j.id


def test_job_claim_is_exclusive_under_concurrency(tmp_path, migrated_pg: str) -> None:
    from intake_api import pipeline
    from intake_api.models import RUNNING, Job
    from sargas.clock import now

    configure(Settings(data_dir=tmp_path, database_url=migrated_pg, job_lease_seconds=30))
    db.dispose()
    db.init_db()
    with db.session_scope() as s:
        job_id = _seed_job(s)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def claim(i: int) -> None:
        barrier.wait()
        results.append(pipeline._claim(job_id, f"w{i}"))

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    with db.session_scope() as s:
        job = s.get(Job, job_id)
        assert job.state == RUNNING and job.attempts == 1
        job.lease_until = now() - timedelta(seconds=1)  # the holder died: the lease ran out
    results.clear()
    barrier = threading.Barrier(8)
    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    with db.session_scope() as s:
        assert s.get(Job, job_id).attempts == 2
    db.dispose()
    configure()


def test_beat_tasks_run_on_postgresql(tmp_path, migrated_pg: str, monkeypatch) -> None:
    """recover_jobs re-sends a job whose worker vanished; outbox and retention sweep run cleanly."""
    from intake_api import tasks
    from intake_api.models import Job
    from sargas.clock import now

    configure(Settings(data_dir=tmp_path, database_url=migrated_pg))
    db.dispose()
    tasks._state["ready"] = False
    tasks.ensure_ready()
    with db.session_scope() as s:
        job_id = _seed_job(s)
        job = s.get(Job, job_id)
        job.state, job.lease_until = "running", now() - timedelta(seconds=5)
    sent: list[str] = []
    monkeypatch.setattr(tasks, "enqueue_job", sent.append)
    assert tasks.recover_jobs() >= 1 and job_id in sent
    assert tasks.deliver_outbox() >= 0
    report = tasks.retention_sweep()
    assert report is not None and report.get("errors") == 0
    db.dispose()
    tasks._state["ready"] = False
    configure()


def test_concurrent_migrations_on_a_fresh_database(tmp_path, pg_url: str) -> None:
    """Several API replicas starting at once all migrate the same fresh PostgreSQL database."""
    import secrets
    import subprocess
    import sys

    from sqlalchemy import text

    name = f"sargas_mig_{secrets.token_hex(4)}"
    admin = create_engine(pg_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    code = ("from intake_api.migrate import upgrade; from sargas.settings import Settings; "
            f"upgrade(Settings(data_dir={str(tmp_path)!r}, database_url={url!r}))")
    try:
        procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(3)]
        errs = [p.communicate(timeout=120)[1].decode(errors="replace")[-1500:] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], errs
        engine = create_engine(url)
        with engine.connect() as conn:
            assert {"jobs", "attachments", "vault_entries"} <= set(inspect(conn).get_table_names())
        engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

"""The same guarantees on PostgreSQL (live service of this machine kind): the chain head row is
locked FOR UPDATE so concurrent appends form one chain; sweepers use FOR UPDATE SKIP LOCKED + leases."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import sessionmaker

from retention import audit, sweeper, vault
from retention.audit_verify import verify_chain
from retention.certificates import DestructionCertificate
from sargas import clock, db, settings

pytestmark = pytest.mark.live
PG_ADMIN_URL = os.environ.get("SARGAS_TEST_PG_ADMIN", "postgresql+psycopg://root@127.0.0.1:5432/postgres")


@pytest.fixture()
def pg(tmp_path: Path) -> Iterator[settings.Settings]:
    name = f"sargas_ret_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is not available ({type(exc).__name__}); .ci/test starts it")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    s = settings.configure(settings.Settings(data_dir=tmp_path / "data", database_url=url,
                                             pending_deadline_minutes=60))
    from intake_api.migrate import upgrade

    upgrade(s)
    try:
        yield s
    finally:
        db.dispose()
        clock.set_clock(None)
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _own_factory(s: settings.Settings):
    return sessionmaker(db.make_engine(s.resolved_database_url, pool_size=2), expire_on_commit=False)


def _run_threads(fn, n: int) -> None:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def wrap(k: int) -> None:
        try:
            barrier.wait()
            fn(k)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    ts = [threading.Thread(target=wrap, args=(k,)) for k in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors


def test_concurrent_appends_one_chain_on_postgres(pg):
    def work(k: int) -> None:
        f = _own_factory(pg)
        for i in range(8):
            with f() as s, s.begin():
                audit.record(s, f"w{k}", "ticket.viewed", "ticket", f"t{i}", None, {"i": i})
                audit.record(s, f"w{k}", "ticket.viewed", "ticket", f"t{i}", None, {"i": i, "b": True})

    _run_threads(work, 4)
    with db.session_factory()() as s:
        res = verify_chain(s)
    assert res.ok, res.problems
    assert res.rows == 64


def test_two_sweepers_exactly_once_on_postgres(pg):
    from tests.retention.conftest import T0, World

    with clock.FrozenClock(T0) as c:
        w = World(db.session_factory())
        org = w.org()
        ids = [w.upload(org, w.ticket(org))[1] for _ in range(10)]
        c.advance(hours=2)
        destroyed: list[str] = []

        def work(_k: int) -> None:
            rep = sweeper.sweep(_own_factory(pg), c)
            assert not rep.errors, rep.errors
            destroyed.extend(d["vault_entry_id"] for d in rep.originals_destroyed)

        _run_threads(work, 2)
        assert sorted(destroyed) == sorted(ids)
        with db.session_factory()() as s:
            assert s.scalar(select(func.count()).select_from(DestructionCertificate)) == 10
            assert all(e.status == vault.DESTROYED and e.wrapped_key is None
                       for e in s.scalars(select(vault.VaultEntry)))
            assert verify_chain(s).ok
        c.advance(days=1)
        assert sweeper.sweep(db.session_factory(), c).originals_destroyed == []

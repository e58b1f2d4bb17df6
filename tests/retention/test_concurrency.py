"""Two sweepers at once destroy each object exactly once (one certificate each); a sweeper that
crashes halfway leaves work the next run finishes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from retention import certificates, sweeper, vault
from retention.audit import AuditEvent
from retention.certificates import DestructionCertificate
from sargas.db import make_engine
from sargas.storage import get_blob_store


def _due_objects(world, clock, n: int) -> list[str]:
    org = world.org()
    ids = [world.upload(org, world.ticket(org))[1] for _ in range(n)]
    clock.advance(hours=2)
    return ids


def _check_exactly_once(sf, ids: list[str], destroyed: list[str]) -> None:
    assert sorted(destroyed) == sorted(ids)  # every object by exactly one sweeper
    with sf() as s:
        certs = s.scalars(select(DestructionCertificate.vault_entry_id)).all()
        assert sorted(certs) == sorted(ids)
        n = s.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == "original.destroyed"))
        assert n == len(ids)
        assert all(e.status == vault.DESTROYED for e in s.scalars(select(vault.VaultEntry)))
    from retention.audit_verify import verify_chain

    with sf() as s:
        assert verify_chain(s).ok


def test_two_concurrent_sweeps_threads(world, sf, clock, env):
    ids = _due_objects(world, clock, 12)
    barrier = threading.Barrier(2)
    reports: list[sweeper.SweepReport] = []

    def run() -> None:
        own = sessionmaker(make_engine(env.resolved_database_url), expire_on_commit=False)
        barrier.wait()
        reports.append(sweeper.sweep(own, clock))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(not r.errors for r in reports)
    _check_exactly_once(sf, ids, [d["vault_entry_id"] for r in reports for d in r.originals_destroyed])


CHILD = """
import json, sys
from datetime import datetime
from sargas import clock, db, settings
from retention import sweeper
s = settings.configure(settings.Settings(data_dir=sys.argv[1], pending_deadline_minutes=60))
t = datetime.fromisoformat(sys.argv[2])
clock.set_clock(lambda: t)
db.init_db(s)
print(json.dumps(sweeper.sweep(db.session_factory(), clock.now).to_dict()))
"""


def test_two_concurrent_sweeps_processes(world, sf, clock, env):
    ids = _due_objects(world, clock, 10)
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(env.data_dir), clock.t.isoformat()],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    reports = [json.loads(o[0].strip().splitlines()[-1]) for o in outs]
    assert all(not r["errors"] for r in reports)
    _check_exactly_once(sf, ids, [d["vault_entry_id"] for r in reports for d in r["originals_destroyed"]])


def test_crash_after_claim_is_resumed_after_lease_expiry(world, sf, clock, env):
    ids = _due_objects(world, clock, 2)
    with sf() as s, s.begin():  # a sweeper claimed ids[0] and died
        e = s.get(vault.VaultEntry, ids[0])
        e.lease_owner, e.lease_until = "dead-sweeper", clock.t + timedelta(seconds=300)
    rep = sweeper.sweep(sf, clock)
    assert [d["vault_entry_id"] for d in rep.originals_destroyed] == [ids[1]]
    clock.advance(seconds=301)
    rep = sweeper.sweep(sf, clock)
    assert [d["vault_entry_id"] for d in rep.originals_destroyed] == [ids[0]]
    _check_exactly_once(sf, ids, ids)


def test_crash_inside_destroy_rolls_back_and_is_finished_later(world, sf, clock, env, monkeypatch):
    ids = _due_objects(world, clock, 1)
    blob_key = world.entry(ids[0]).blob_key
    real = certificates.issue

    def boom(*a, **k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(certificates, "issue", boom)
    rep = sweeper.sweep(sf, clock)
    assert rep.originals_destroyed == [] and rep.errors
    e = world.entry(ids[0])
    assert e.status == vault.PENDING and e.lease_owner  # rolled back; the lease is still held
    assert not get_blob_store().exists(blob_key)  # the ciphertext went already: fail closed
    monkeypatch.setattr(certificates, "issue", real)
    assert sweeper.sweep(sf, clock).originals_destroyed == []  # lease still live
    clock.advance(seconds=301)
    rep = sweeper.sweep(sf, clock)
    assert [d["vault_entry_id"] for d in rep.originals_destroyed] == ids
    _check_exactly_once(sf, ids, ids)

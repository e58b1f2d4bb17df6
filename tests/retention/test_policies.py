"""Every retention policy, time-controlled through the injectable clock, on real SQLite."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from retention import holds, policies, sweeper, vault
from retention.audit import AuditEvent
from retention.certificates import DestructionCertificate
from sargas.models import Attachment, RedactedCopy
from sargas.outbox import Notification
from sargas.storage import get_blob_store


def _certs(sf, object_id=None):
    with sf() as s:
        q = select(DestructionCertificate)
        if object_id:
            q = q.where(DestructionCertificate.object_id == object_id)
        return s.scalars(q).all()


def _actions(sf, action):
    with sf() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_uncovered_original_destroyed_on_publish(world, sf):
    org = world.org()
    att, eid, _ = world.upload(org, world.ticket(org))
    with sf() as s, s.begin():
        assert policies.destroy_uncovered_original(s, s.get(vault.VaultEntry, eid)) == "destroyed"
    e = world.entry(eid)
    assert e.status == vault.DESTROYED and e.wrapped_key is None
    assert not get_blob_store().exists(e.blob_key)
    with sf() as s:
        assert s.get(Attachment, att).original == "destroyed"
    [c] = _certs(sf, att)
    assert c.policy == "uncovered_on_publish"
    with sf() as s, s.begin():  # idempotent
        assert policies.destroy_uncovered_original(s, s.get(vault.VaultEntry, eid)) == "destroyed"
    assert len(_certs(sf)) == 1


def test_stuck_pending_original_destroyed_after_deadline_and_client_told(world, sf, clock):
    org = world.org(lang="lt")
    att, eid, _ = world.upload(org, world.ticket(org))
    clock.advance(minutes=59)
    assert sweeper.sweep(sf, clock).originals_destroyed == []
    assert world.entry(eid).status == vault.PENDING
    clock.advance(minutes=2)
    rep = sweeper.sweep(sf, clock)
    assert [d["object_id"] for d in rep.originals_destroyed] == [att]
    assert rep.originals_destroyed[0]["policy"] == "pending_deadline"
    with sf() as s:
        a = s.get(Attachment, att)
        assert (a.state, a.original, a.error_code) == ("rejected", "destroyed", "processing_deadline")
        notes = s.scalars(select(Notification).where(Notification.object_id == att)).all()
    assert {n.channel for n in notes} == {"inapp", "email"}
    assert all(n.lang == "lt" and "sunaikintas" in n.subject for n in notes)
    assert sweeper.sweep(sf, clock).originals_destroyed == []  # idempotent


def test_pending_deadline_per_organisation_override(world, sf, clock):
    fast, slow = world.org(), world.org()
    _, e_fast, _ = world.upload(fast, world.ticket(fast))
    _, e_slow, _ = world.upload(slow, world.ticket(slow))
    with sf() as s, s.begin():
        policies.set_policy(s, fast, actor="dpo-1", pending_deadline_minutes=10)
    clock.advance(minutes=11)
    rep = sweeper.sweep(sf, clock)
    assert [d["vault_entry_id"] for d in rep.originals_destroyed] == [e_fast]
    assert world.entry(e_slow).status == vault.PENDING


def test_covered_original_destroyed_at_end_of_coverage(world, sf, clock):
    org = world.org()
    att, eid, _ = world.upload(org, world.ticket(org))
    world.retain(eid, until=clock.t + timedelta(days=3))
    clock.advance(days=2, hours=23)
    assert sweeper.sweep(sf, clock).originals_destroyed == []  # retained: no pending deadline
    clock.advance(hours=2)
    rep = sweeper.sweep(sf, clock)
    assert [(d["object_id"], d["policy"]) for d in rep.originals_destroyed] == [(att, "coverage_ended")]
    [c] = _certs(sf, att)
    assert '"request_id":"tr-1"' in c.document
    assert rep.notices == 2  # in-app + e-mail


def test_covered_original_destroyed_n_days_after_close_when_earlier(world, sf, clock):
    org = world.org()
    t = world.ticket(org)
    att, eid, _ = world.upload(org, t)
    world.retain(eid, until=clock.t + timedelta(days=30))
    clock.advance(days=1)
    world.close_ticket(t)
    clock.advance(days=6, hours=23)
    assert sweeper.sweep(sf, clock).originals_destroyed == []
    clock.advance(hours=2)
    rep = sweeper.sweep(sf, clock)
    assert [d["policy"] for d in rep.originals_destroyed] == ["ticket_closed"]


def test_coverage_end_hook_from_upper_layer(world, sf, clock):
    org = world.org()
    _, eid, _ = world.upload(org, world.ticket(org))
    world.retain(eid, until=None, kind="dpa", cov_id="dpa-1")
    clock.advance(days=400)
    assert sweeper.sweep(sf, clock).originals_destroyed == []  # open-ended DPA, ticket open
    revoked_at = clock.t - timedelta(minutes=1)
    rep = sweeper.sweep(sf, clock, coverage_end=lambda s, e: revoked_at)
    assert [d["policy"] for d in rep.originals_destroyed] == ["coverage_ended"]


def test_redacted_copy_kept_while_open_and_for_period_after_close(world, sf, clock):
    org = world.org()
    t = world.ticket(org)
    att, eid, _ = world.upload(org, t, state="published")
    store = get_blob_store()
    store.put(f"redacted/{att}", b"redacted bytes")
    with sf() as s, s.begin():
        s.add(RedactedCopy(attachment_id=att, blob_key=f"redacted/{att}", mime="image/png", size=14,
                           sha256="1" * 64))
    clock.advance(days=100)
    assert sweeper.sweep(sf, clock).redacted_deleted == []  # ticket open
    world.close_ticket(t)
    clock.advance(days=29)
    assert sweeper.sweep(sf, clock).redacted_deleted == []
    clock.advance(days=2)
    rep = sweeper.sweep(sf, clock)
    assert [d["attachment_id"] for d in rep.redacted_deleted] == [att]
    assert not store.exists(f"redacted/{att}")
    with sf() as s:
        assert s.scalars(select(RedactedCopy)).one().deleted_at is not None
    assert [c.policy for c in _certs(sf) if c.object_type == "redacted_copy"] == ["redacted_after_close"]


def test_legal_hold_on_ticket_blocks_destruction_until_lifted(world, sf, clock):
    org = world.org()
    t = world.ticket(org)
    att, eid, _ = world.upload(org, t)
    with sf() as s, s.begin():
        hold = holds.place(s, actor="dpo-1", actor_role="dpo", reason="litigation 2026/17",
                           organisation_id=org, ticket_id=t)
        hold_id = hold.id
    with sf() as s, s.begin():  # the intake rule is deferred, not executed
        assert policies.destroy_uncovered_original(s, s.get(vault.VaultEntry, eid)) == "held"
    assert world.entry(eid).status == vault.PENDING and world.entry(eid).wrapped_key
    clock.advance(days=30)
    rep = sweeper.sweep(sf, clock)
    assert rep.originals_destroyed == [] and [d["vault_entry_id"] for d in rep.originals_held] == [eid]
    with sf() as s, s.begin():
        holds.lift(s, s.get(holds.LegalHold, hold_id), actor="dpo-1", actor_role="dpo", reason="case closed")
    rep = sweeper.sweep(sf, clock)
    assert [(d["object_id"], d["policy"]) for d in rep.originals_destroyed] == [(att, "uncovered_on_publish")]
    assert _actions(sf, "legal_hold.placed") == 1 and _actions(sf, "legal_hold.lifted") == 1
    assert _actions(sf, "original.destroy_deferred") == 1


def test_legal_hold_on_organisation_blocks_originals_and_redacted_copies(world, sf, clock):
    org, other = world.org(), world.org()
    t, t2 = world.ticket(org), world.ticket(other)
    att, eid, _ = world.upload(org, t)
    _, eid2, _ = world.upload(other, t2)
    with sf() as s, s.begin():
        s.add(RedactedCopy(attachment_id=att, blob_key="redacted/x", mime="image/png", size=1,
                           sha256="1" * 64))
        holds.place(s, actor="admin-1", actor_role="admin", reason="regulator inquiry", organisation_id=org)
    world.close_ticket(t)
    clock.advance(days=365)
    rep = sweeper.sweep(sf, clock)
    assert [d["vault_entry_id"] for d in rep.originals_destroyed] == [eid2]
    assert rep.redacted_deleted == [] and world.entry(eid).status == vault.PENDING


def test_dry_run_changes_nothing(world, sf, clock):
    org = world.org()
    _, eid, _ = world.upload(org, world.ticket(org))
    clock.advance(hours=2)
    with sf() as s:
        before = s.scalar(select(func.count()).select_from(AuditEvent))
    rep = sweeper.sweep(sf, clock, dry_run=True)
    assert [d["vault_entry_id"] for d in rep.originals_due] == [eid] and rep.originals_destroyed == []
    assert world.entry(eid).status == vault.PENDING and world.entry(eid).lease_owner is None
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_audit_and_certificates_pruned_after_their_periods_chain_still_verifies(world, sf, clock):
    from retention.audit_verify import verify_chain

    org = world.org()
    att, eid, _ = world.upload(org, world.ticket(org))
    with sf() as s, s.begin():
        vault.destroy(s, s.get(vault.VaultEntry, eid), reason="uncovered_on_publish")
    clock.advance(days=366)
    org2 = world.org()  # recent events survive the pruning
    world.upload(org2, world.ticket(org2), state="published")
    rep = sweeper.sweep(sf, clock)
    assert rep.audit_pruned > 0 and rep.certificates_pruned == 0
    with sf() as s:
        res = verify_chain(s)
        assert res.ok, res.problems
        assert res.anchor_seq > 0
    clock.advance(days=365)
    rep = sweeper.sweep(sf, clock)
    assert rep.certificates_pruned == 1 and _certs(sf, att) == []


def test_scheduler_tick_runs_sweep_and_throttles(world, sf, clock):
    org = world.org()
    _, eid, _ = world.upload(org, world.ticket(org))
    clock.advance(hours=2)
    rep = sweeper.scheduler_tick(force=True)
    assert rep is not None and [d["vault_entry_id"] for d in rep.originals_destroyed] == [eid]
    assert sweeper.scheduler_tick() is None  # within sweep_interval_seconds

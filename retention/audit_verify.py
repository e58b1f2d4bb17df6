"""Audit log verification, export and pruning (the chain itself is built in ``retention.audit``).

* :func:`verify_chain` walks the log from the anchor: every row's ``prev_hash`` must be the previous
  row's ``row_hash``, its ``row_hash`` must match its content, ``seq`` must be contiguous, and the
  last row must be the recorded head — so any edited, inserted, deleted or truncated row is found.
* :func:`prune` drops rows older than ``audit_keep_days`` without breaking verification: the last
  dropped row's hash becomes the new anchor, signed with the retention Ed25519 key.
* :func:`export_rows` / :func:`write_export` give the DPO a csv or json export for a time window.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from retention import audit, keys
from retention.audit import GENESIS, AuditChain, AuditEvent, canonical_time, hash_event
from sargas.clock import now
from sargas.settings import Settings, get_settings


@dataclass
class VerifyResult:
    ok: bool
    rows: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    anchor_seq: int = 0
    head_hash: str | None = None
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_seq": self.first_seq, "last_seq": self.last_seq,
                "anchor_seq": self.anchor_seq, "head_hash": self.head_hash, "problems": self.problems}


def _anchor_message(seq: int, row_hash: str, at: datetime | None) -> bytes:
    return json.dumps({"type": "sargas.audit-anchor", "anchor_seq": seq, "anchor_hash": row_hash,
                       "at": canonical_time(at) if at else None}, sort_keys=True,
                      separators=(",", ":")).encode()


def verify_chain(session: Session, *, batch: int = 2000, max_problems: int = 50,
                 public_key: bytes | None = None, expect: tuple[int, str] | None = None) -> VerifyResult:
    """Walk the chain. ``expect=(seq, row_hash)``: a head recorded earlier (e.g. by the DPO) must still
    be in the chain — this also catches a truncated tail whose chain-head row was rewritten."""
    head = session.get(AuditChain, 1)
    anchor_seq = head.anchor_seq if head else 0
    prev = head.anchor_hash if head else GENESIS
    res = VerifyResult(ok=True, anchor_seq=anchor_seq)

    def problem(msg: str) -> None:
        res.ok = False
        if len(res.problems) < max_problems:
            res.problems.append(msg)

    if head is not None and head.anchor_seq > 0 and head.pruned_rows > 0:
        if not head.anchor_signature:
            problem("the pruning anchor is not signed")
        else:
            pub = public_key or keys.public_bytes(keys.load_signing_key().public_key())
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(
                    base64.b64decode(head.anchor_signature),
                    _anchor_message(head.anchor_seq, head.anchor_hash, head.anchor_at))
            except (InvalidSignature, ValueError):
                problem("the pruning anchor's signature is invalid (anchor edited)")
    expected = anchor_seq + 1
    last = anchor_seq
    while True:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.seq > last)
                               .order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            break
        for ev in rows:
            if res.first_seq is None:
                res.first_seq = ev.seq
            if ev.row_hash is None:
                problem(f"seq {ev.seq}: row is not chained")
            if ev.seq != expected:
                problem(f"seq {expected}..{ev.seq - 1}: rows missing (deleted)")
            if ev.prev_hash != prev:
                problem(f"seq {ev.seq}: link to the previous row is broken (a row before it was "
                        "edited, deleted or inserted)")
            if ev.row_hash != hash_event(ev, ev.prev_hash or ""):
                problem(f"seq {ev.seq}: content does not match its hash (row edited)")
            if expect is not None and ev.seq == expect[0] and ev.row_hash != expect[1]:
                problem(f"seq {ev.seq}: differs from the recorded head (history rewritten)")
            prev, expected, last = ev.row_hash or "", ev.seq + 1, ev.seq
            res.rows += 1
        session.expunge_all()
    res.last_seq = last if res.rows else None
    res.head_hash = prev if res.rows else None
    if expect is not None and expect[0] > last:  # (seq below the anchor: pruned by policy, not checked)
        problem(f"the recorded head seq {expect[0]} is no longer in the log (rows deleted)")
    anchor_hash = head.anchor_hash if head else GENESIS
    if expect is not None and 0 < expect[0] == anchor_seq and expect[1] != anchor_hash:
        problem("the recorded head does not match the pruning anchor")
    if head is not None and (head.head_seq != last or (res.rows and head.head_hash != prev)):
        problem(f"the chain head says seq {head.head_seq} but the log ends at {last} (rows deleted at "
                "the end, or the head was edited)")
    return res


# --- export ---------------------------------------------------------------------------------------

COLUMNS = ("seq", "at", "actor", "actor_role", "action", "object_type", "object_id", "ip", "details",
           "prev_hash", "row_hash")


def export_rows(session: Session, start: datetime | None, end: datetime | None,
                batch: int = 2000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        q = select(AuditEvent).where(AuditEvent.seq > last)
        if start is not None:
            q = q.where(AuditEvent.at >= start)
        if end is not None:
            q = q.where(AuditEvent.at < end)
        rows = session.scalars(q.order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            return
        for ev in rows:
            last = ev.seq
            yield {"seq": ev.seq, "at": canonical_time(ev.at), "actor": ev.actor, "actor_role": ev.actor_role,
                   "action": ev.action, "object_type": ev.object_type, "object_id": ev.object_id,
                   "ip": ev.ip, "details": ev.details or {}, "prev_hash": ev.prev_hash,
                   "row_hash": ev.row_hash}
        session.expunge_all()


def write_export(rows: Iterator[dict[str, Any]], fmt: str, out: io.TextIOBase | Any) -> int:
    n = 0
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([json.dumps(r[c], sort_keys=True, ensure_ascii=False) if c == "details"
                        else ("" if r[c] is None else r[c]) for c in COLUMNS])
            n += 1
    elif fmt == "json":
        out.write("[")
        for r in rows:
            out.write(("," if n else "") + "\n" + json.dumps(r, ensure_ascii=False, sort_keys=True))
            n += 1
        out.write("\n]\n")
    else:
        raise ValueError("format must be csv or json")
    return n


# --- pruning --------------------------------------------------------------------------------------

def prune(session: Session, at: datetime | None = None, settings: Settings | None = None,
          dry_run: bool = False) -> int:
    """Delete audit rows older than ``audit_keep_days``, moving the signed anchor. Caller commits."""
    s = settings or get_settings()
    t = at or now()
    cutoff = t - timedelta(days=s.audit_keep_days)
    audit.lock_head(session)  # serialise with appends
    head = session.get(AuditChain, 1)
    assert head is not None
    upto = session.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.at < cutoff,
                                                                 AuditEvent.seq > head.anchor_seq))
    if not upto:
        return 0
    count = session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.seq > head.anchor_seq, AuditEvent.seq <= upto)) or 0
    if dry_run:
        return int(count)
    last = session.get(AuditEvent, upto)
    assert last is not None and last.row_hash
    sig = keys.load_signing_key().sign(_anchor_message(upto, last.row_hash, t))
    anchor_hash = last.row_hash
    session.execute(delete(AuditEvent).where(AuditEvent.seq <= upto).execution_options(
        synchronize_session=False))
    session.execute(update(AuditChain).where(AuditChain.id == 1).values(
        anchor_seq=upto, anchor_hash=anchor_hash, anchor_at=t,
        anchor_signature=base64.b64encode(sig).decode(), pruned_rows=AuditChain.pruned_rows + count)
        .execution_options(synchronize_session="fetch"))
    audit.record(session, "system:retention", "audit.pruned", "audit", None, None,
                 {"rows": int(count), "up_to_seq": int(upto)})
    return int(count)

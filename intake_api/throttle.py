"""Sign-in and API-token throttling in the database (issue 18.3), so every API replica shares it
and no amount of traffic clears it.

Each failure is counted per key — the account (e-mail) and the client address, with separate
policies for web sign-in and API-token checks. After a policy's free failures a key is locked
with exponential back-off (``base * 2**(extra failures)``, capped); while locked, attempts are
refused with 429 *before* any password or token is checked. A successful sign-in clears only its
own account's counter. Rows are never cleared in bulk: a row is pruned only when its lock has
ended and its last failure is older than the policy's memory, so a flood of random e-mails only
adds rows (and locks the flooding address) — it cannot unlock an account.

Keys are stored as SHA-256 of ``kind:value``: neither e-mails nor addresses are kept in clear.
Database errors are not swallowed: a sign-in that cannot be throttled fails (closed).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.orm import Session

from intake_api.models import LoginThrottle
from sargas.clock import as_utc, now


@dataclass(frozen=True)
class Policy:
    free: int  # failures allowed without a lock; the next one locks
    base_seconds: float  # first lock; doubles with every further failure
    max_seconds: float  # longest lock
    memory_seconds: float  # failures older than this are forgotten (row pruned)


ACCOUNT = Policy(free=5, base_seconds=30, max_seconds=3600, memory_seconds=24 * 3600)
ADDRESS = Policy(free=30, base_seconds=30, max_seconds=900, memory_seconds=3600)  # NAT: many users
TOKEN_ADDRESS = Policy(free=100, base_seconds=5, max_seconds=900, memory_seconds=3600)  # bad tokens
POLICIES = {"account": ACCOUNT, "address": ADDRESS, "token": TOKEN_ADDRESS}
PRUNE_BATCH = 500
PRUNE_EVERY = 50


def key(kind: str, value: str | None) -> str:
    """The stored key for ``kind`` ("account", "address", "token") and its value."""
    if kind not in POLICIES:
        raise ValueError(f"unknown throttle kind {kind!r}")
    return kind + ":" + hashlib.sha256(f"{kind}:{(value or '').strip().lower()}".encode()).hexdigest()[:55]


def _policy(k: str) -> Policy:
    return POLICIES[k.split(":", 1)[0]]


def lock_seconds(policy: Policy, failures: int) -> float:
    extra = failures - policy.free  # the first failure past the free ones locks for base_seconds
    if extra <= 0:
        return 0.0
    return min(policy.max_seconds, policy.base_seconds * 2.0 ** min(extra - 1, 30))


def retry_after(session: Session, *keys: str) -> float:
    """Seconds until every key is unlocked (0.0 = not locked)."""
    t = now()
    rows = session.scalars(select(LoginThrottle.locked_until).where(LoginThrottle.key.in_(keys))).all()
    waits = [(as_utc(u) - t).total_seconds() for u in rows if u is not None]
    return max([0.0, *waits])


def note_failure(session: Session, *keys: str) -> None:
    """Count one failure for every key and lock the keys past their free failures. One atomic
    upsert per key (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, SQLite and PostgreSQL), so
    replicas racing on one key all count."""
    t = now()
    table = LoginThrottle.__table__
    insert = _insert_for(session)
    for k in keys:
        pol = _policy(k)
        quiet = and_(table.c.last_failure_at < t - timedelta(seconds=pol.memory_seconds),
                     or_(table.c.locked_until.is_(None), table.c.locked_until <= t))
        stmt = (insert(table).values(key=k, failures=1, last_failure_at=t)
                .on_conflict_do_update(index_elements=["key"], set_={
                    "failures": case((quiet, 1), else_=table.c.failures + 1),  # long quiet: afresh
                    "last_failure_at": t})
                .returning(table.c.failures))
        failures = session.execute(stmt).scalar_one()
        wait = lock_seconds(pol, failures)
        if wait > 0:
            session.execute(update(table).where(table.c.key == k)
                            .values(locked_until=t + timedelta(seconds=wait)))
    _prune(session, t)


def _insert_for(session: Session):  # noqa: ANN202 - the dialect's insert() construct
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def clear(session: Session, k: str) -> None:
    """A successful sign-in: forget the account's failures (never the address's)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == k))


def _locked(row: LoginThrottle, t: datetime) -> bool:
    return row.locked_until is not None and as_utc(row.locked_until) > t


def _prune(session: Session, t: datetime) -> None:
    """Forget keys whose lock has ended and whose last failure is older than their memory. Bounded
    and occasional (about one call in PRUNE_EVERY): the index on last_failure_at finds candidates,
    the exact rule per key is applied here."""
    if secrets.randbelow(PRUNE_EVERY):
        return
    oldest = t - timedelta(seconds=min(p.memory_seconds for p in POLICIES.values()))
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.last_failure_at < oldest)
                           .limit(PRUNE_BATCH)).all()
    gone = [r.key for r in rows if not _locked(r, t)
            and as_utc(r.last_failure_at) < t - timedelta(seconds=_policy(r.key).memory_seconds)]
    if gone:
        session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(gone)))

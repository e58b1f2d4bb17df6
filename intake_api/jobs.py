"""Durable pipeline jobs: which are due, and recovery of jobs interrupted by a crash or restart.

:func:`pending_job_ids` lists queued jobs and running ones whose lease expired; :func:`recover_on_start`
(start-up of the embedded worker) requeues every running job whose worker is gone, or fails it closed
(:func:`intake_api.decision.fail_closed`) past ``job_max_attempts``.

How it fails: a job whose worker cannot be checked (another host, a Celery worker) is left running
until its lease expires; then it is due again and re-run from the vault, never published twice (the
claim is a conditional UPDATE and the decision takes a row lock).
"""

from __future__ import annotations

import os
import socket

from sqlalchemy import or_, select, update

from intake_api.decision import ACTOR, fail_closed
from intake_api.models import QUEUED, RUNNING, Job
from retention import audit
from sargas.clock import now
from sargas.db import session_scope
from sargas.settings import get_settings

PROCESS = "process_attachment"  # the job kind the embedded dispatcher (and the Celery task) runs


def pending_job_ids(limit: int = 20) -> list[str]:
    """Queued jobs, plus running jobs whose lease has expired (a crashed or restarted worker)."""
    t = now()
    with session_scope() as session:
        return list(
            session.scalars(
                select(Job.id)
                .where(Job.kind == PROCESS,
                       or_(Job.state == QUEUED, (Job.state == RUNNING) & (Job.lease_until < t)))
                .order_by(Job.created_at)
                .limit(limit)
            )
        )


def embedded_worker_name(index: int) -> str:
    return f"embedded:{socket.gethostname()}:{os.getpid()}:{index}"


def _orphaned(job: Job, t) -> bool:
    """Interrupted for sure: its lease expired, or it ran in an embedded worker of this host whose
    process is gone (a restart). Jobs of live processes or of Celery workers are left alone."""
    if job.lease_until is None or job.lease_until < t:
        return True
    parts = (job.worker or "").split(":")
    if len(parts) == 4 and parts[0] == "embedded" and parts[1] == socket.gethostname():
        try:
            os.kill(int(parts[2]), 0)
        except ProcessLookupError:
            return True
        except (OSError, ValueError):
            return False
    return False


def recover_on_start() -> int:
    """Start-up: every 'running' job whose worker is gone was interrupted. Requeue it (the next attempt
    re-runs it from the vault) or, past the attempt limit, fail it closed. Returns how many."""
    max_attempts = get_settings().job_max_attempts
    failed: list[str] = []
    t = now()
    with session_scope() as session:
        jobs = [j for j in session.scalars(select(Job).where(Job.state == RUNNING)).all() if _orphaned(j, t)]
        for job in jobs:
            if job.attempts >= max_attempts:
                failed.append(job.id)
            else:
                job.state, job.lease_until = QUEUED, None
                audit.record(session, ACTOR, "job.requeued", "job", job.id, None, {"attempts": job.attempts})
        n = len(jobs)
    for jid in failed:
        with session_scope() as session:
            session.execute(update(Job).where(Job.id == jid).values(state=RUNNING, lease_until=now()))
        fail_closed(jid, "interrupted")
    return n

"""Celery tasks: the scale-out face of the same pipeline the embedded worker runs.

``process_job`` is idempotent: the Job row (state, lease, attempts) decides who may work on it.

* final job → nothing to do (a duplicate or late redelivery);
* running with a live lease → another worker has it: retry after the lease would have expired (if
  that worker died, its heartbeat stopped and the next try takes the job over);
* otherwise → :func:`intake_api.pipeline.run_job`, which claims atomically (conditional UPDATE),
  counts the attempt and fails closed past ``job_max_attempts``, so a file that kills its worker
  every time is rejected (original destroyed unless covered) instead of looping.

Transient infrastructure errors (database, object storage, broker unreachable) that escape the
pipeline release the job and retry with exponential backoff and jitter.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from celery import Task
from celery.signals import worker_process_init
from sqlalchemy import select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from intake_api import schedule
from intake_api.celery_app import app, scale_settings
from intake_api.models import DONE, FAILED, QUEUED, RUNNING, Job
from sargas.clock import now
from sargas.db import session_scope
from sargas.settings import get_settings

log = logging.getLogger("sargas.tasks")

try:  # botocore is only needed with S3 storage
    from botocore.exceptions import BotoCoreError
    from botocore.exceptions import ConnectionError as BotoConnectionError
    _STORAGE_ERRORS: tuple[type[BaseException], ...] = (BotoCoreError, BotoConnectionError)
except ImportError:  # pragma: no cover
    _STORAGE_ERRORS = ()

TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, ConnectionError, TimeoutError,
                                              *_STORAGE_ERRORS)

_state: dict[str, Any] = {"ready": False}


class TransientError(Exception):
    """What a retried task reports: only the error's type (driver messages can quote SQL parameters,
    and nothing about an upload may reach the logs)."""
_lock = threading.Lock()


def ensure_ready() -> None:
    """Once per worker process: short heartbeat-renewed lease, fresh database engine (after fork)."""
    with _lock:
        if _state["ready"]:
            return
        from sargas import db
        from sargas.settings import configure, get_settings

        s = get_settings()
        lease = scale_settings().worker_lease_seconds
        if s.job_lease_seconds != lease:
            s = configure(s.model_copy(update={"job_lease_seconds": lease}))
        db.dispose()
        db.init_db(s)
        _state["ready"] = True


def _redact_in_process(data: bytes, lang: str, progress=None):
    """Redaction inside the Celery pool process (pool processes are daemonic and may not fork a
    redactor child; the pool process itself is the isolation unit: if it dies, the message is
    rejected and redelivered). The redactor stops the document on its CPU-time budget (from the
    settings); Celery's soft time limit is the wall-clock backstop against hangs (the largest
    document's) and becomes the redactor's own timeout error, so the job fails closed as "timeout"."""
    import dataclasses

    from celery.exceptions import SoftTimeLimitExceeded

    from redactor.engine import redact
    from redactor.errors import ProcessingTimeout
    from redactor.limits import Limits
    from sargas.settings import get_settings

    s = get_settings()
    limits = dataclasses.replace(Limits.from_env(), doc_cpu_base=s.doc_cpu_base,
                                 doc_cpu_per_page=s.doc_cpu_per_page)
    try:
        return redact(data, lang=lang, limits=limits, progress=progress)
    except SoftTimeLimitExceeded:
        raise ProcessingTimeout() from None


@worker_process_init.connect
def _on_process_init(**_: Any) -> None:
    from intake_api.orphans import limit_memory

    limit_memory()  # the pool process redacts in-process: same RLIMIT_AS ceiling (issue 18.4)
    from sargas.settings import get_settings

    if get_settings().redactor_nice > 0:
        os.nice(get_settings().redactor_nice)  # OCR yields the CPU to the API on a shared host (issue 20)
    _state["ready"] = False
    ensure_ready()
    warm_up()


def warm_up() -> None:
    """Load the redactor (imports, recognizers, OCR) once per pool process, on a tiny synthetic
    image, so the first real upload does not pay for it. Failures are left to the real job."""
    try:
        import io

        from PIL import Image, ImageDraw

        from redactor.engine import redact

        img = Image.new("RGB", (240, 60), "white")
        ImageDraw.Draw(img).text((10, 20), "warm up 2026", fill="black")
        buf = io.BytesIO()
        img.save(buf, "PNG")
        redact(buf.getvalue(), lang="en")
    except Exception as exc:  # noqa: BLE001
        log.warning("redactor warm-up failed: %s", type(exc).__name__)
    log.info("redactor warm (pid %d)", os.getpid())


def _soft_limit() -> int:
    from sargas.settings import get_settings

    return int(get_settings().redact_wall_seconds() + 60)


def worker_name() -> str:
    return f"celery:{socket.gethostname()[:40]}:{os.getpid()}"


class Heartbeat(threading.Thread):
    """Renews the job's lease while this process works on it; stops renewing when the process dies."""

    def __init__(self, job_id: str, worker: str, lease: float) -> None:
        super().__init__(name="sargas-heartbeat", daemon=True)
        self.job_id, self.worker, self.lease = job_id, worker, lease
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(max(0.5, self.lease / 4)):
            try:
                with session_scope() as session:
                    session.execute(update(Job).where(Job.id == self.job_id, Job.state == RUNNING,
                                                      Job.worker == self.worker)
                                    .values(lease_until=now() + timedelta(seconds=self.lease)))
            except Exception as exc:  # noqa: BLE001 - the lease simply runs out
                log.warning("lease renewal failed: %s", type(exc).__name__)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


def _peek(job_id: str) -> tuple[str | None, float]:
    """(job state or None if unknown, seconds left on a running job's lease)."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            return None, 0.0
        left = (job.lease_until - now()).total_seconds() if job.lease_until else 0.0
        return job.state, left


def _release(job_id: str, worker: str) -> None:
    """Hand a job this process holds back to the queue (after a transient error)."""
    try:
        with session_scope() as session:
            session.execute(update(Job).where(Job.id == job_id, Job.state == RUNNING, Job.worker == worker)
                            .values(state=QUEUED, lease_until=None))
    except Exception as exc:  # noqa: BLE001 - the lease expires on its own
        log.warning("could not release job: %s", type(exc).__name__)


def _backoff(retries: int) -> int:
    import random

    cap = scale_settings().retry_backoff_max_seconds
    return int(min(cap, 2 ** retries) * (0.5 + random.random() / 2)) + 1  # noqa: S311


@app.task(bind=True, name="sargas.process_job", acks_late=True, reject_on_worker_lost=True,
          max_retries=None, soft_time_limit=_soft_limit())
def process_job(self: Task, job_id: str) -> str | None:
    """Run one pipeline job to a final state. Returns the attachment's state, or None if skipped."""
    from intake_api import pipeline

    ensure_ready()
    ss = scale_settings()
    try:
        state, left = _peek(job_id)
    except TRANSIENT as exc:
        raise self.retry(exc=TransientError(type(exc).__name__), countdown=_backoff(self.request.retries),
                         max_retries=ss.task_max_retries) from None
    if state is None or state in (DONE, FAILED):
        return None
    if state == RUNNING and left > 0:
        # Someone holds a live lease. If it died, the lease runs out soon: look again then.
        raise self.retry(countdown=min(left, ss.worker_lease_seconds) + 1,
                         max_retries=ss.task_max_retries + 20)
    me = worker_name()
    beat = Heartbeat(job_id, me, ss.worker_lease_seconds)
    beat.start()
    try:
        result = pipeline.run_job(job_id, _redact_in_process, worker=me)
    except TRANSIENT as exc:
        log.warning("job %s: transient %s, retrying", job_id, type(exc).__name__)
        _release(job_id, me)
        raise self.retry(exc=TransientError(type(exc).__name__), countdown=_backoff(self.request.retries),
                         max_retries=ss.task_max_retries) from None
    finally:
        beat.stop()
    if result is None:  # claimed elsewhere between peek and claim: check again later
        state, left = _peek(job_id)
        if state == RUNNING:
            raise self.retry(countdown=max(left, 1) + 1, max_retries=ss.task_max_retries + 20)
    return result


def enqueue_job(job_id: str) -> None:
    """Publish one job (a short-lived broker connection: no stale pooled connection after a broker
    restart, and the broker URL is always the one currently configured)."""
    with app.connection_for_write() as conn:
        process_job.apply_async(args=[job_id], queue=scale_settings().celery_queue, connection=conn,
                                retry=True, retry_policy={"max_retries": 3, "interval_start": 0.2,
                                                          "interval_step": 0.5, "interval_max": 2})


def enqueue_attachment(attachment_id: str) -> int:
    """Send the queued job(s) of a fresh upload to the broker. Never raises: the job row is durable
    and ``recover_jobs`` sends it later if the broker is unreachable now."""
    try:
        with session_scope() as session:
            ids = list(session.scalars(select(Job.id).where(Job.attachment_id == attachment_id,
                                                            Job.state == QUEUED)))
        for jid in ids:
            enqueue_job(jid)
        return len(ids)
    except Exception as exc:  # noqa: BLE001
        log.warning("enqueue failed (job stays queued for recovery): %s", type(exc).__name__)
        return 0


@app.task(name="sargas.recover_jobs", acks_late=True)
def recover_jobs() -> int:
    """Beat: re-send jobs whose message was lost (queued too long) or whose worker vanished (running
    with an expired lease, e.g. a Redis worker killed before its visibility timeout). Duplicates are
    harmless: ``process_job`` is idempotent."""
    ensure_ready()
    ss = scale_settings()
    t = now()
    lost_before = t - timedelta(seconds=ss.recover_queued_after_seconds)
    with session_scope() as session:
        ids = list(session.scalars(
            select(Job.id).where(((Job.state == QUEUED) & (Job.created_at < lost_before))
                                 | ((Job.state == RUNNING) & (Job.lease_until < t)))
            .order_by(Job.created_at).limit(500)))
    for jid in ids:
        enqueue_job(jid)
    if ids:
        log.info("re-enqueued %d job(s)", len(ids))
    return len(ids)


@app.task(name="sargas.deliver_outbox", acks_late=True)
def deliver_outbox() -> int:
    """Beat: deliver due notifications (the outbox claims rows with SKIP LOCKED leases)."""
    ensure_ready()
    return schedule.deliver_outbox(get_settings())


@app.task(name="sargas.retention_sweep", acks_late=True)
def retention_sweep() -> dict[str, int]:
    """Beat: time-driven forms steps, then the retention sweeper (both safe to run concurrently:
    leases / row locks), with the forms' live coverage end for retained originals."""
    ensure_ready()
    return schedule.retention_pass(get_settings())


@app.task(name="sargas.finish_mail", acks_late=True)
def finish_mail() -> int:
    """Beat: forward/acknowledge received mail whose parts are all processed."""
    ensure_ready()
    return schedule.finish_mail(get_settings())


@app.task(name="sargas.fetch_mail", acks_late=True)
def fetch_mail() -> int:
    """Beat: poll the IMAP mailbox when one is configured."""
    ensure_ready()
    return schedule.fetch_mail(get_settings())
@app.task(name="sargas.helpdesk_status", acks_late=True)
def helpdesk_status() -> dict[str, int]:
    """Beat: follow the helpdesk status of handed-off tickets (idempotent: only changes are applied)."""
    ensure_ready()
    return schedule.helpdesk_status(get_settings())

"""The gateway pipeline for one attachment, as a durable job:

claim → read the original from the vault (audited) → redact (in a separate process, within a CPU-time
budget, in the language :func:`redaction_lang` chose for the organisation, recorded in the audit
trail; pages done/total are written to the attachment as it goes)
→ decide (publish the redacted copy; destroy the original unless a transfer request or DPA covers
the ticket) → notify the organisation in its language (outbox, same transaction); the decision is
:mod:`intake_api.decision`, job listing and start-up recovery :mod:`intake_api.jobs`.

Any error, timeout or crash fails closed: nothing is published, the original is destroyed unless
covered, and the client is told in plain words. :func:`run_job` is idempotent and is the single
code path for the embedded worker and the Celery task.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import or_, update

from intake_api.committer import committer
from intake_api.decision import ACTOR, fail_closed, org_lang, publish
from intake_api.jobs import PROCESS, embedded_worker_name, pending_job_ids, recover_on_start
from intake_api.models import DONE, QUEUED, RUNNING, Job
from redactor.errors import RedactorError
from redactor.types import RedactionResult
from retention import vault
from sargas.clock import now
from sargas.db import session_scope
from sargas.i18n import LANGS  # the organisation languages; the redactor reads each of them
from sargas.models import PROCESSING, Attachment
from sargas.settings import get_settings

log = logging.getLogger("sargas.pipeline")
# The decision and job recovery live in intake_api.decision and intake_api.jobs; their public names
# stay importable from here (the worker, the Celery task and the tests use them).
__all__ = ["ACTOR", "PROCESS", "Redact", "WorkerCrashed", "embedded_worker_name", "fail_closed",
           "pending_job_ids", "publish", "recover_on_start", "redaction_lang", "run_job"]

Redact = Callable[..., RedactionResult]  # (data, lang[, progress=(done, total) -> None])


class WorkerCrashed(Exception):
    """The redactor process died (not the file's fault as far as we know; still fails closed)."""


def _claim(job_id: str, worker: str) -> bool:
    s = get_settings()
    t = now()
    with session_scope() as session:
        res = session.execute(
            update(Job)
            .where(Job.id == job_id, or_(Job.state == QUEUED, (Job.state == RUNNING) & (Job.lease_until < t)))
            .values(
                state=RUNNING,
                attempts=Job.attempts + 1,
                worker=worker,
                started_at=t,
                lease_until=t + timedelta(seconds=s.job_lease_seconds),
            )
        )
        return res.rowcount == 1


def run_job(job_id: str, redact: Redact, worker: str = "embedded") -> str | None:
    """Process one job to a final state. Returns the attachment's final state, or None if the job was
    not claimable (already done, or running elsewhere with a live lease)."""
    if not _claim(job_id, worker):
        return None
    settings = get_settings()
    with session_scope() as session:
        job = session.get(Job, job_id)
        att = session.get(Attachment, job.attachment_id)
        if att.state != PROCESSING:  # decided already (crash after commit is impossible, but be safe)
            job.state, job.finished_at = DONE, now()
            return att.state
        if job.attempts > settings.job_max_attempts:
            code = "interrupted"
        else:
            code = None
        att_id, entry_id = att.id, att.vault_entry_id
        lang = redaction_lang(org_lang(session, att), settings.redact_lang)
    if code:
        return fail_closed(job_id, code)
    try:
        with session_scope() as session:
            data = vault.read_original(session, entry_id, actor=ACTOR, purpose="redaction")
        result = _call(redact, data, lang, _Progress(job_id, att_id, worker))
        del data
    except RedactorError as exc:
        return fail_closed(job_id, exc.code)
    except WorkerCrashed:
        return fail_closed(job_id, "processing_failed")
    except Exception as exc:  # noqa: BLE001 - fail closed on anything
        log.error("job %s failed: %s", job_id, type(exc).__name__)
        return fail_closed(job_id, "processing_failed")
    try:
        return publish(job_id, att_id, result, lang)
    except Exception as exc:  # noqa: BLE001
        log.error("job %s: publishing failed: %s", job_id, type(exc).__name__)
        return fail_closed(job_id, "processing_failed")


class _Progress:
    """Writes pages done / total to the attachment while the redactor works (at most once a second,
    and the last page always), and renews the job's lease: a long document that makes progress is
    not taken for an interrupted one. The write rides in the uploads' group commit
    (:mod:`intake_api.committer`), so progress never takes the SQLite write lock by itself while
    uploads are waiting for it (issue 20)."""

    def __init__(self, job_id: str, att_id: str, worker: str) -> None:
        self.job_id, self.att_id, self.worker = job_id, att_id, worker
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        t = time.monotonic()
        if done < total and t - self.last < 1.0:
            return
        self.last = t
        lease = now() + timedelta(seconds=get_settings().job_lease_seconds)
        def write(session) -> None:
            session.execute(update(Attachment)
                            .where(Attachment.id == self.att_id, Attachment.state == PROCESSING)
                            .values(pages_done=done, pages_total=total))
            session.execute(update(Job).where(Job.id == self.job_id, Job.state == RUNNING,
                                              Job.worker == self.worker).values(lease_until=lease))

        try:  # joins the uploads' group commit: no write transaction (lock, commit) of its own
            committer.submit(write).result(timeout=60)
        except Exception as exc:  # noqa: BLE001 - progress is informative; the job goes on
            log.warning("job %s: progress not saved: %s", self.job_id, type(exc).__name__)


def redaction_lang(org_lang: str | None, policy: str = "auto") -> str:
    """The language the redactor reads a document in (its OCR models and context words).

    ``policy`` is :attr:`Settings.redact_lang`: ``"org"`` passes the organisation's language, which
    the redactor reads as a set (``redactor.langid.SETS``: lt -> lit+rus+eng, lv -> lav+rus+eng,
    ru -> rus+eng, en -> all four), the document's language detected inside it; ``"auto"`` always
    passes ``auto`` (all four OCR models). An unknown language is ``auto``. With the sets the dev
    corpus keeps recall and keep 1.000 under ``org`` (Russian docs as lt and lv orgs too), but wall
    time per scanned page was not measurably lower (3.85 vs 3.72 s, 4.43 vs 4.33 s), so ``auto``
    stays the default."""
    if policy == "org" and org_lang in LANGS:
        return org_lang
    return "auto"


def _call(redact: Redact, data: bytes, lang: str, progress: _Progress) -> RedactionResult:
    """``redact(data, lang, progress=...)`` where the redactor reports progress, else without."""
    try:
        takes = "progress" in inspect.signature(redact).parameters
    except (TypeError, ValueError):
        takes = False
    return redact(data, lang, progress=progress) if takes else redact(data, lang)

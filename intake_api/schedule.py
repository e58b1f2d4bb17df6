"""The one list of periodic jobs. The embedded scheduler (:mod:`intake_api.worker`, ``sargas serve``
without a broker) and Celery beat (:mod:`intake_api.celery_app`, run by :mod:`intake_api.tasks`) both
read :data:`JOBS`; a new periodic job is one entry here plus, for beat, its task in ``tasks.py``.

Every job is safe to run concurrently with itself on several processes (leases, row locks,
``SKIP LOCKED``), so a late or duplicated run does no harm. A job that fails is logged by type only
(never a value) by the scheduler that ran it; the next period runs it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms import service as forms_service
from intake_api.connectors import handoff
from intake_api.mail.finish import finish_ready
from retention import sweeper
from sargas import outbox
from sargas.settings import Settings

log = logging.getLogger("sargas.schedule")


def deliver_outbox(settings: Settings) -> int:
    """Deliver due notifications (the outbox claims rows with leases)."""
    return int(outbox.deliver_due(settings=settings) or 0)


def retention_pass(settings: Settings) -> dict[str, int]:
    """The forms' time-driven steps (requests and DPAs ending, their originals destroyed), then the
    retention sweep, which asks forms for the live coverage end of retained originals. A failing
    expiry is logged and the sweep still runs. Returns counts only."""
    try:
        forms_service.run_expiry()
    except Exception as exc:  # noqa: BLE001 - the sweep still runs
        log.warning("forms expiry failed: %s", type(exc).__name__)
    rep = sweeper.sweep(settings=settings, coverage_end=forms_service.coverage_end)
    return {k: len(getattr(rep, k)) for k in ("originals_destroyed", "redacted_deleted", "errors")}


def finish_mail(settings: Settings) -> int:
    """Forward, acknowledge and destroy the raw original of mail whose parts are all processed."""
    return finish_ready(settings)


def fetch_mail(settings: Settings) -> int:
    """Poll the IMAP mailbox when one is configured (``SARGAS_IMAP_HOST``)."""
    if not settings.imap_host:
        return 0
    from intake_api.mail.imap import fetch

    return fetch(settings)
def helpdesk_status(settings: Settings) -> dict[str, int]:
    """Follow the helpdesk status of handed-off tickets (closed there -> closed here, reopened ->
    reopened). Importing :mod:`intake_api.connectors.handoff` also registers the helpdesk channel."""
    return handoff.poll_status(settings)


@dataclass(frozen=True)
class PeriodicJob:
    task: str  # the Celery task name (defined in intake_api.tasks)
    beat_key: str  # its entry in Celery's beat schedule
    beat_every: Callable[[Any], float]  # from intake_api.celery_app.ScaleSettings (Celery is optional)
    # In the embedded scheduler: how often, and what to run (None: beat only).
    embedded_every: Callable[[Settings], float] | None
    run: Callable[[Settings], Any] | None


JOBS: tuple[PeriodicJob, ...] = (
    # Re-send jobs whose broker message was lost; the embedded worker recovers its jobs at start-up.
    PeriodicJob("sargas.recover_jobs", "sargas-recover-jobs", lambda ss: ss.recover_interval_seconds,
                None, None),
    PeriodicJob("sargas.deliver_outbox", "sargas-deliver-outbox", lambda ss: ss.outbox_interval_seconds,
                lambda s: s.scheduler_interval_seconds, deliver_outbox),
    PeriodicJob("sargas.retention_sweep", "sargas-retention-sweep", lambda ss: ss.sweep_interval_seconds,
                lambda s: s.sweep_interval_seconds, retention_pass),
    PeriodicJob("sargas.finish_mail", "sargas-finish-mail", lambda ss: ss.outbox_interval_seconds,
                lambda s: s.scheduler_interval_seconds, finish_mail),
    PeriodicJob("sargas.fetch_mail", "sargas-fetch-mail", lambda ss: ss.outbox_interval_seconds,
                lambda s: s.imap_interval_seconds, fetch_mail),
    PeriodicJob("sargas.helpdesk_status", "sargas-helpdesk-status", lambda ss: ss.helpdesk_interval_seconds,
                lambda s: s.helpdesk_poll_seconds, helpdesk_status),
)


def embedded_jobs() -> list[PeriodicJob]:
    return [j for j in JOBS if j.run is not None and j.embedded_every is not None]

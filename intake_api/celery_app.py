"""The Celery application for scale-out mode (``SARGAS_BROKER_URL`` = ``redis://…`` or ``amqp://…``).

Workers run :mod:`intake_api.tasks`, which calls the very same :func:`intake_api.pipeline.run_job`
the embedded worker uses. Reliability settings:

* ``acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only after the job reached
  a final state; if the process running it dies (kill -9, OOM), the message goes back to the queue.
* Redis ``visibility_timeout`` above the longest OCR time (``redact_timeout_seconds``), so a job that
  is merely slow is never handed to a second worker; RabbitMQ redelivers on connection loss.
* ``worker_prefetch_multiplier=1``: a worker holds at most one unstarted job per process.
* The database row stays the source of truth: a heartbeat-renewed lease and an attempt counter on
  the Job row make every task idempotent and let a poison file fail closed instead of looping.

Use ``sargas worker`` / ``sargas beat`` (intake_api.scale_cli) or ``celery -A intake_api.celery_app``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Celery
from pydantic_settings import BaseSettings, SettingsConfigDict

from intake_api.schedule import JOBS
from sargas.settings import Settings, get_settings


class ScaleSettings(BaseSettings):
    """Scale-out knobs (env prefix ``SARGAS_``), kept apart from the shared settings module."""

    model_config = SettingsConfigDict(env_prefix="SARGAS_", extra="ignore")

    celery_queue: str = "sargas"
    # Job lease on Celery workers, renewed by a heartbeat every lease/4 while the job runs. A worker
    # killed mid-job loses its lease after at most this long; then another worker takes the job over.
    worker_lease_seconds: float = 60.0
    broker_visibility_timeout: float = 3600.0  # Redis; raised to > 2x the OCR timeout if lower
    task_max_retries: int = 8  # transient errors (database/storage/broker unreachable)
    retry_backoff_max_seconds: int = 300
    recover_interval_seconds: float = 30.0  # beat: re-enqueue jobs whose worker vanished
    recover_queued_after_seconds: float = 600.0  # a queued job this old lost its message
    outbox_interval_seconds: float = 10.0  # beat: deliver due notifications
    sweep_interval_seconds: float = 300.0  # beat: retention sweep
    helpdesk_interval_seconds: float = 60.0  # beat: follow helpdesk ticket status


def scale_settings() -> ScaleSettings:
    return ScaleSettings()


def visibility_timeout(s: Settings, ss: ScaleSettings) -> float:
    """Must exceed the longest a job can legitimately hold its message (OCR + publish)."""
    return max(ss.broker_visibility_timeout, s.redact_wall_seconds() + 300)


def periodic_queue(ss: ScaleSettings | None = None) -> str:
    """Beat's tasks have their own queue, so they never wait behind a backlog of OCR jobs."""
    return f"{(ss or scale_settings()).celery_queue}.periodic"


PERIODIC_TASKS = tuple(j.task for j in JOBS)  # intake_api.schedule: the one list of periodic jobs


def _every(name: str, seconds: float, pq: str) -> dict[str, Any]:
    # A run that could not start before the next one is due is dropped, not piled up.
    return {"task": name, "schedule": timedelta(seconds=seconds),
            "options": {"queue": pq, "expires": max(1.0, seconds)}}


def celery_config(s: Settings | None = None, ss: ScaleSettings | None = None) -> dict[str, Any]:
    s = s or get_settings()
    ss = ss or scale_settings()
    vt = visibility_timeout(s, ss)
    pq = periodic_queue(ss)
    return {
        "broker_url": s.broker_url or "memory://",
        "result_backend": None,  # results live in the database (Job/Attachment rows)
        "task_ignore_result": True,
        "task_default_queue": ss.celery_queue,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "task_time_limit": int(s.redact_wall_seconds() + 120),  # hang backstop; the redactor has a CPU budget
        "worker_prefetch_multiplier": 1,
        "worker_max_tasks_per_child": 200,
        "worker_proc_alive_timeout": 120,  # a pool process warms the redactor up before it is ready
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        "broker_transport_options": {"visibility_timeout": vt, "confirm_publish": True},
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": 10,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "enable_utc": True,
        "beat_schedule_filename": str(s.data_dir / "celerybeat-schedule"),
        "task_routes": {name: {"queue": pq} for name in PERIODIC_TASKS},
        "beat_schedule": {j.beat_key: _every(j.task, j.beat_every(ss), pq) for j in JOBS},
    }


def make_app(s: Settings | None = None) -> Celery:
    celery = Celery("sargas", include=["intake_api.tasks"])
    celery.conf.update(celery_config(s))
    return celery


app = make_app()


def reconfigure(s: Settings | None = None) -> Celery:
    """Re-read settings into the module's app (the CLI calls this after ``--data-dir``); pooled broker
    connections made with the old settings are closed."""
    app.close()
    app.conf.update(celery_config(s))
    return app


__all__ = ["app", "make_app", "reconfigure", "celery_config", "periodic_queue", "ScaleSettings",
           "scale_settings"]

"""process_job's decisions without a broker (eager execution): duplicates of finished jobs are
no-ops, a job under another worker's live lease is retried after that lease, transient database
errors are retried with bounded exponential backoff and finally give up (the beat recovers)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from intake_api import tasks


@pytest.fixture()
def eager(monkeypatch):
    monkeypatch.setattr(tasks, "ensure_ready", lambda: None)
    from intake_api import pipeline

    calls: list[str] = []
    monkeypatch.setattr(pipeline, "run_job", lambda job_id, _r, worker: calls.append(job_id) or "published")
    monkeypatch.setattr(tasks.Heartbeat, "start", lambda self: None)
    monkeypatch.setattr(tasks.Heartbeat, "stop", lambda self: None)
    return calls


def test_finished_or_unknown_job_is_a_noop(eager, monkeypatch) -> None:
    for state in ("done", "failed", None):
        monkeypatch.setattr(tasks, "_peek", lambda _j, s=state: (s, 0.0))
        r = tasks.process_job.apply(args=["j1"])
        assert r.successful() and r.result is None
    assert eager == []


def test_live_lease_of_another_worker_is_retried_not_run(eager, monkeypatch) -> None:
    seen: list[int] = []

    def peek(_j):
        seen.append(1)
        return ("running", 3.0) if len(seen) < 3 else ("queued", 0.0)

    monkeypatch.setattr(tasks, "_peek", peek)
    r = tasks.process_job.apply(args=["j2"])  # eager: the retry runs again at once
    assert r.successful() and r.result == "published"
    assert len(seen) == 3 and eager == ["j2"]


def test_transient_errors_retry_with_backoff_then_give_up(eager, monkeypatch) -> None:
    monkeypatch.setenv("SARGAS_TASK_MAX_RETRIES", "3")
    n: list[int] = []

    def peek(_j):
        n.append(1)
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database down"))

    monkeypatch.setattr(tasks, "_peek", peek)
    r = tasks.process_job.apply(args=["j3"])
    assert r.failed() and isinstance(r.result, tasks.TransientError)
    assert str(r.result) == "OperationalError"  # no driver message (it can quote SQL parameters)
    assert len(n) == 4  # the first try + 3 retries
    assert eager == []


def test_backoff_grows_and_is_capped(monkeypatch) -> None:
    monkeypatch.setenv("SARGAS_RETRY_BACKOFF_MAX_SECONDS", "60")
    delays = [tasks._backoff(i) for i in range(10)]
    assert all(1 <= d <= 61 for d in delays)
    assert delays[0] <= 2 and max(delays[6:]) >= 31

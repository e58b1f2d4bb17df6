"""Who takes the SQLite write lock while OCR runs (issue 20: upload p99 with two OCR jobs).

Structural checks, not timings: a worker's page-progress write joins the uploads' group commit (it
never opens a write transaction, with the process write lock, of its own), the WAL checkpoint
after a publish or a destruction runs its blocking TRUNCATE while holding that lock, so in-process
writers queue on the lock instead of sleeping in SQLite's busy handler, and the decision renders its
notices (Babel, catalogues; the first render of a process imports them) before it takes the lock
(bench/publish_lock.py has the figures). The lock and the WAL are
SQLite's: the suite's re-run on PostgreSQL leaves this module out (``EMBEDDED_ONLY`` in
tests/scale/on_scale_backends.py).
"""

from __future__ import annotations

import threading

import pytest

from tests.intake.conftest import registered_job, render_png


class _Recorder:
    """Stands in for ``sargas.db._WRITE_LOCK``: records the names of the threads that take it."""

    def __init__(self, real: threading.Lock) -> None:
        self.real = real
        self.takers: list[str] = []
        self.holder: int | None = None  # the thread holding it now

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        ok = self.real.acquire(blocking, timeout)
        if ok:
            self.holder = threading.get_ident()
            self.takers.append(threading.current_thread().name)
        return ok

    def release(self) -> None:
        self.holder = None
        self.real.release()


@pytest.fixture
def lock(monkeypatch) -> _Recorder:
    from sargas import db

    rec = _Recorder(db._WRITE_LOCK)
    monkeypatch.setattr(db, "_WRITE_LOCK", rec)
    return rec


def test_progress_rides_in_the_group_commit_not_a_write_transaction_of_its_own(client, world, lock):
    from intake_api import pipeline
    from intake_api.models import Job
    from sargas.db import session_scope
    from sargas.models import Attachment

    job_id, att_id = registered_job(client, world, render_png(["Sveiki"]), state="running")
    with session_scope() as s:
        s.get(Job, job_id).worker = "test-worker"
    lock.takers.clear()
    pipeline._Progress(job_id, att_id, "test-worker")(1, 3)
    me = threading.current_thread().name
    assert "sargas-group-commit" in lock.takers and me not in lock.takers, lock.takers  # (scheduler may)
    with session_scope() as s:
        att, job = s.get(Attachment, att_id), s.get(Job, job_id)
        assert (att.pages_done, att.pages_total) == (1, 3)  # the write itself still happens
        assert job.lease_until is not None


def test_checkpoint_truncates_under_the_write_lock(client, world, lock, settings):
    from sargas.db import wal_checkpoint

    registered_job(client, world, render_png(["Sveiki"]))  # something in the WAL
    lock.takers.clear()
    wal_checkpoint()
    assert threading.current_thread().name in lock.takers  # (the scheduler may take it too)
    wal = settings.data_dir / "sargas.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("outcome", ["published", "rejected"])
def test_notices_are_rendered_before_the_decision_takes_the_write_lock(client, world, lock, monkeypatch,
                                                                       outcome):
    from intake_api import notices, pipeline
    from redactor.types import FileType, RedactionResult

    job_id, _ = registered_job(client, world, render_png(["Sveiki"]))
    under_lock: list[bool] = []
    for name in ("processed", "rejected"):
        def render(*a, _real=getattr(notices, name), **k):
            under_lock.append(lock.holder == threading.get_ident())
            return _real(*a, **k)
        monkeypatch.setattr(notices, name, render)

    def redact(data: bytes, lang: str) -> RedactionResult:
        if outcome == "rejected":
            raise RuntimeError("boom")
        return RedactionResult(data=data, file_type=FileType.PNG)

    assert pipeline.run_job(job_id, redact) == outcome
    assert under_lock and not any(under_lock), under_lock  # rendered, and never while holding the lock

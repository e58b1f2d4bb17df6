"""Fault tests on the scale-out stack (PostgreSQL + moto S3 + real Celery workers):

* kill -9 a whole worker (main process, pool process, tesseract) in the middle of an OCR job: the
  second worker finishes it; it is published once, never unredacted; the original is destroyed once.
* a "poison" upload whose worker process dies every time: after ``job_max_attempts`` the job fails
  closed (nothing published, original destroyed once) instead of looping.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from intake_api.models import Job
from sargas.db import session_scope

from .checks import check_published_once, check_rejected, job_attempts
from .conftest import make_bucket
from .stack import Stack, Worker

pytestmark = pytest.mark.live


def _stack(request, tmp_path, pg_url, s3_endpoint, broker_fixture: str) -> Stack:
    broker = request.getfixturevalue(broker_fixture)
    bucket = make_bucket(s3_endpoint, versioned=True)
    st = Stack(data_dir=tmp_path, database_url=pg_url, broker_url=broker,
               storage_url=f"s3://{bucket}/sargas", s3_endpoint=s3_endpoint)
    st.start_api()
    return st


def _wait_ready(*workers: Worker) -> None:
    """Started and warmed up (the warm-up runs OCR too: it must not be mistaken for the job's)."""
    for w in workers:
        w.wait_warm(1)


def _wait_ocr(workers: list[Worker], timeout: float = 90) -> Worker:
    """The worker whose process tree is running tesseract right now (mid-OCR)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for w in workers:
            if w.ocr_running():
                return w
        time.sleep(0.02)
    raise AssertionError("no worker started OCR")


def _job_worker(att_id: str) -> str | None:
    with session_scope() as s:
        return s.scalar(select(Job.worker).where(Job.attachment_id == att_id))


@pytest.mark.parametrize("broker", ["redis_url", "amqp_url"])
def test_kill9_worker_mid_ocr_second_worker_finishes(request, tmp_path, pg_url, s3_endpoint,
                                                     migrated_pg, broker) -> None:
    st = _stack(request, tmp_path, pg_url, s3_endpoint, broker)
    try:
        # Beat runs apart (as in docker-compose): on Redis an unacked message of a dead worker only
        # comes back after the visibility timeout, so beat's job recovery re-sends it once the lease
        # has run out. On RabbitMQ the broker redelivers at once when the connection drops.
        st.start_beat()
        a, b = st.start_worker("wa"), st.start_worker("wb")
        _wait_ready(a, b)
        att = st.upload("doc010_card_en.png")
        victim = _wait_ocr([a, b])
        survivor = b if victim is a else a
        victim_pids = {p.pid for p in victim.tree()}
        victim.kill9()
        assert victim.proc.returncode == -9
        final = st.wait_final([att], timeout=90)[att]
        assert final["state"] == "published", final
        check_published_once(st, att, "doc010_card_en.png")
        assert job_attempts(att) == [2]
        finisher = _job_worker(att)
        assert finisher is not None
        finisher_pid = int(finisher.rsplit(":", 1)[1])
        assert finisher_pid not in victim_pids
        assert finisher_pid in {p.pid for p in survivor.tree()}
    finally:
        st.close()


def test_poison_file_fails_closed_instead_of_looping(request, tmp_path, pg_url, s3_endpoint,
                                                     migrated_pg) -> None:
    """The pool process is killed during OCR on every attempt (what a file that crashes or exhausts
    its worker does). reject_on_worker_lost requeues it; the attempt counter on the Job row stops it."""
    st = _stack(request, tmp_path, pg_url, s3_endpoint, "redis_url")
    try:
        w = st.start_worker("wp")
        _wait_ready(w)
        att = st.upload("doc007_email_en.png")
        kills = 0
        deadline = time.monotonic() + 120
        while st.status(att)["state"] == "processing" and time.monotonic() < deadline:
            if w.ocr_running():
                for child in w.pool_children():  # the pool process and its tesseract, not the worker
                    for p in [*child.children(recursive=True), child]:
                        p.kill()
                kills += 1
                w.wait_warm(kills + 1)  # the replacement pool process warms up (with OCR) first
            time.sleep(0.02)
        final = st.wait_final([att], timeout=90)[att]  # the third delivery warms a new pool process first
        assert final["state"] == "rejected" and final["error"] == "interrupted", final
        assert kills == 2  # job_max_attempts
        check_rejected(st, att)
        assert w.proc.poll() is None  # the worker itself survived and keeps serving
    finally:
        st.close()

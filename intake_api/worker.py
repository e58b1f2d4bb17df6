"""Embedded worker for ``sargas serve`` without a broker: a dispatcher thread feeds job ids to a
small thread pool; each worker thread owns one redactor process (spawned, OMP_THREAD_LIMIT=1) so
OCR never blocks the API and a timeout kills only its own job's process. A scheduler loop delivers
the periodic jobs of :mod:`intake_api.schedule` (notification outbox, forms expiry + retention sweep).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from intake_api import pipeline, schedule
from redactor.errors import ProcessingTimeout, RedactorError, TooLarge
from redactor.types import RedactionResult
from sargas.settings import Settings, get_settings

log = logging.getLogger("sargas.worker")

def _child_init(parent: int | None = None) -> None:
    from intake_api.orphans import die_with_parent, limit_memory

    die_with_parent(parent)  # PR_SET_PDEATHSIG + getppid watchdog (issue 18.5)
    limit_memory()  # RLIMIT_AS: a decompression bomb fails closed, not the machine (issue 18.4)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import redactor.engine  # noqa: F401  (warm the imports once per process)
    except Exception:  # noqa: BLE001,S110 - the job itself will report the problem
        pass


def _child_redact(data: bytes, lang: str) -> RedactionResult:
    from redactor.engine import redact

    return redact(data, lang=lang)


class RedactorProcess:
    """One redactor child process with a hard timeout (the child is killed on expiry)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._ex: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        if self._ex is None:
            # spawned from the calling (long-lived worker) thread: PDEATHSIG follows that thread
            self._ex = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_child_init, initargs=(os.getpid(),))
        return self._ex

    def warm(self) -> None:
        self._executor().submit(os.getpid).result(timeout=120)

    def _kill(self) -> None:
        ex, self._ex = self._ex, None
        if ex is None:
            return
        for p in list(getattr(ex, "_processes", {}).values()):
            try:
                p.kill()
            except Exception:  # noqa: BLE001,S110
                pass
        ex.shutdown(wait=False, cancel_futures=True)

    def __call__(self, data: bytes, lang: str) -> RedactionResult:
        with self._lock:
            fut = self._executor().submit(_child_redact, data, lang)
            try:
                return fut.result(timeout=self.timeout)
            except TimeoutError:
                self._kill()
                raise ProcessingTimeout() from None
            except BrokenProcessPool:
                self._kill()
                raise pipeline.WorkerCrashed() from None
            except TooLarge:
                self._kill()  # a process that ran out of memory (RLIMIT_AS) is not reused
                raise
            except RedactorError:
                raise
            except Exception:
                self._kill()  # an unexpected failure inside the child: start the next job afresh
                raise

    def close(self) -> None:
        self._kill()


class EmbeddedWorker:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.q: queue.Queue[str] = queue.Queue()
        self.wake = threading.Event()
        self.stop_event = threading.Event()
        self.inflight: set[str] = set()
        self._lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        n = max(1, self.settings.worker_threads)
        self.redactors = [RedactorProcess(self.settings.redact_timeout_seconds) for _ in range(n)]

    # -- lifecycle --
    def start(self) -> None:
        from intake_api.orphans import clean_stale_uploads

        if not getattr(self.settings, "storage_url", None):
            clean_stale_uploads(self.settings.blob_dir)  # uploads cut off by a kill -9
        pipeline.recover_on_start()
        for i, r in enumerate(self.redactors):
            t = threading.Thread(target=self._work, args=(r, pipeline.embedded_worker_name(i)),
                                 name=f"sargas-worker-{i}", daemon=True)
            t.start()
            self.threads.append(t)
        for target, name in ((self._dispatch, "sargas-dispatch"), (self._schedule, "sargas-scheduler")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self.threads.append(t)

    def stop(self) -> None:
        self.stop_event.set()
        self.wake.set()
        for _ in self.redactors:
            self.q.put("")
        for t in self.threads:
            t.join(timeout=5)
        for r in self.redactors:
            r.close()

    def notify(self) -> None:
        """A job was queued (called by the upload endpoint in this process)."""
        self.wake.set()

    # -- loops --
    def _dispatch(self) -> None:
        while not self.stop_event.is_set():
            self.wake.wait(timeout=1.0)
            self.wake.clear()
            try:
                for jid in pipeline.pending_job_ids(limit=50):
                    with self._lock:
                        if jid in self.inflight:
                            continue
                        self.inflight.add(jid)
                    self.q.put(jid)
            except Exception as exc:  # noqa: BLE001
                log.warning("dispatch failed: %s", type(exc).__name__)
                time.sleep(1)

    def _work(self, redactor: RedactorProcess, name: str) -> None:
        try:  # warm up here: the child must be spawned by this thread, which lives as long as we do
            redactor.warm()
        except Exception:  # noqa: BLE001
            log.warning("redactor process did not start")
        while not self.stop_event.is_set():
            jid = self.q.get()
            if not jid:
                continue
            try:
                pipeline.run_job(jid, redactor, worker=name)
            except Exception as exc:  # noqa: BLE001
                log.error("job %s crashed the worker loop: %s", jid, type(exc).__name__)
            finally:
                with self._lock:
                    self.inflight.discard(jid)

    def _schedule(self) -> None:
        last: dict[str, float] = {}
        jobs = schedule.embedded_jobs()
        while not self.stop_event.wait(self.settings.scheduler_interval_seconds):
            for job in jobs:
                assert job.run is not None and job.embedded_every is not None
                if time.monotonic() - last.get(job.task, 0.0) >= job.embedded_every(self.settings):
                    last[job.task] = time.monotonic()
                    try:
                        job.run(self.settings)
                    except Exception as exc:  # noqa: BLE001
                        log.warning("periodic job %s failed: %s", job.task, type(exc).__name__)

"""Embedded worker for ``sargas serve`` without a broker: a dispatcher thread feeds job ids to a
small thread pool; each worker thread owns one redactor process (spawned, OMP_THREAD_LIMIT=1, at a
lower CPU priority than the API) so OCR never blocks the API and a spent CPU budget or a hang kills
only its own job's process; page progress is relayed to the pipeline. A scheduler loop delivers
the periodic jobs of :mod:`intake_api.schedule` (notification outbox, forms expiry + retention sweep).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from intake_api import pipeline, schedule
from redactor.errors import CpuBudgetExceeded, ProcessingTimeout, RedactorError, TooLarge
from redactor.types import RedactionResult
from sargas.settings import Settings, get_settings

log = logging.getLogger("sargas.worker")

_progress_q = None  # in the redactor child: where page progress goes (set by _child_init)


def _child_init(parent: int | None = None, progress_q=None, nice: int = 0) -> None:
    global _progress_q
    from intake_api.orphans import die_with_parent, limit_memory

    die_with_parent(parent)  # PR_SET_PDEATHSIG + getppid watchdog (issue 18.5)
    limit_memory()  # RLIMIT_AS: a decompression bomb fails closed, not the machine (issue 18.4)
    if nice > 0:
        os.nice(nice)  # OCR (and its tesseract children) yield the CPU to the API (issue 20)
    _progress_q = progress_q
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import redactor.engine  # noqa: F401  (warm the imports once per process)
    except Exception:  # noqa: BLE001,S110 - the job itself will report the problem
        pass


def _child_redact(data: bytes, lang: str, token: int = 0,
                  cpu: tuple[float, float] | None = None) -> RedactionResult:
    import dataclasses

    from redactor.engine import redact
    from redactor.limits import Limits

    limits = Limits.from_env()
    if cpu is not None:  # the service's settings decide the budget (the same SARGAS_DOC_CPU_* names)
        limits = dataclasses.replace(limits, doc_cpu_base=cpu[0], doc_cpu_per_page=cpu[1])
    q = _progress_q

    def report(done: int, total: int) -> None:
        if q is not None:
            q.put((token, done, total))

    return redact(data, lang=lang, limits=limits, progress=report)


def _tree_cpu(pid: int) -> float:
    """CPU seconds of process ``pid`` (with its waited-for children) and of its live children."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(p: int) -> list[bytes]:
        with open(f"/proc/{p}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()

    try:
        f = stat(pid)
        total = sum(int(x) for x in f[11:15]) / tick  # utime stime cutime cstime
    except (OSError, ValueError, IndexError):
        return 0.0
    try:
        kids = [int(k) for t in os.listdir(f"/proc/{pid}/task")
                for k in open(f"/proc/{pid}/task/{t}/children").read().split()]  # noqa: SIM115
    except (OSError, ValueError):
        kids = []
    for k in kids:
        try:
            total += sum(int(x) for x in stat(k)[11:13]) / tick
        except (OSError, ValueError, IndexError):
            pass
    return total


Progress = Callable[[int, int], None]


class RedactorProcess:
    """One redactor child process (spawned, niced) running one document at a time.

    The document stops on CPU time, not on the clock: the child checks its own budget after every
    page (:mod:`redactor.budget`); this side watches the CPU time of the child's process tree too
    (for a child stuck inside one call) and kills it at the budget plus a margin. The wall clock
    is a backstop against hangs only (:meth:`Settings.redact_wall_seconds`, growing with the pages
    reported). Page progress comes back through a queue and is handed to ``progress``.
    """

    CPU_MARGIN = 60.0  # CPU seconds past the budget before the child is killed from outside

    def __init__(self, settings: Settings | None = None, *, timeout: float | None = None) -> None:
        self.settings = settings or get_settings()
        self.timeout = timeout  # a fixed wall-clock backstop instead of the settings' (tests, tools)
        self._ex: ProcessPoolExecutor | None = None
        self._q = None
        self._lock = threading.Lock()
        self._token = 0

    def _executor(self) -> ProcessPoolExecutor:
        if self._ex is None:
            ctx = multiprocessing.get_context("spawn")
            self._q = ctx.Queue()
            # spawned from the calling (long-lived worker) thread: PDEATHSIG follows that thread
            self._ex = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_child_init,
                                           initargs=(os.getpid(), self._q, self.settings.redactor_nice))
        return self._ex

    def warm(self) -> None:
        self._executor().submit(os.getpid).result(timeout=120)

    def pid(self) -> int | None:
        """The child's process id (None before it started or after it was killed)."""
        procs = list(getattr(self._ex, "_processes", {}).values())
        return procs[0].pid if procs else None

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

    def __call__(self, data: bytes, lang: str, progress: Progress | None = None) -> RedactionResult:
        with self._lock:
            self._token += 1
            s = self.settings
            fut = self._executor().submit(_child_redact, data, lang, self._token,
                                          (s.doc_cpu_base, s.doc_cpu_per_page))
            try:
                self._watch(fut, progress)
                return fut.result()
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

    def _watch(self, fut, progress: Progress | None) -> None:
        """Wait for ``fut``, relaying progress; kill the child past its CPU budget or the backstop."""
        s = self.settings
        start = time.monotonic()
        pid = self.pid()
        cpu0 = _tree_cpu(pid) if pid else 0.0
        total: int | None = None
        while True:
            try:
                token, done, pages = self._q.get(timeout=0.5)
                if token != self._token:
                    continue  # a late message of an earlier document
                total = pages
                if progress is not None:
                    try:
                        progress(done, pages)
                    except Exception as exc:  # noqa: BLE001 - progress is informative only
                        log.warning("progress report failed: %s", type(exc).__name__)
                continue
            except queue.Empty:
                pass
            except (OSError, ValueError, EOFError):
                time.sleep(0.5)
            if fut.done():
                return
            used = (_tree_cpu(pid) - cpu0) if pid else 0.0
            if used > s.redact_cpu_seconds(total or s.max_pages) + self.CPU_MARGIN:
                self._kill()
                raise CpuBudgetExceeded() from None
            wall = self.timeout if self.timeout is not None else s.redact_wall_seconds(total)
            if time.monotonic() - start > wall:
                self._kill()
                raise ProcessingTimeout() from None

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
        self.redactors = [RedactorProcess(self.settings) for _ in range(n)]

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
        slots = 2 * len(self.redactors)  # jobs handed out ahead: each thread has one running, one next
        while not self.stop_event.is_set():
            self.wake.wait(timeout=1.0)
            self.wake.clear()
            with self._lock:
                held = len(self.inflight)
            if held >= slots:  # a burst of uploads wakes us each time: no query until a thread is free
                continue
            try:  # the oldest queued jobs include the ones handed out but not claimed yet
                for jid in pipeline.pending_job_ids(limit=slots + held):
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
                self.wake.set()  # a slot is free: the dispatcher fetches the next job

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

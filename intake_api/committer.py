"""Group commit for upload registrations: many concurrent uploads are recorded in one database
transaction instead of one each. SQLite has a single writer, so under a burst of uploads the
per-transaction cost (and the queue behind the write lock) dominated acceptance latency.

Each item runs inside its own SAVEPOINT, so one bad item fails alone; if the batch commit itself
fails, the items are retried one transaction each and errors go back to their callers.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future

from sqlalchemy.orm import Session

from sargas.db import session_scope

Work = Callable[[Session], object]
MAX_BATCH = 64


class GroupCommitter:
    def __init__(self) -> None:
        self._q: queue.Queue[tuple[Work, Future]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, work: Work) -> Future:
        fut: Future = Future()
        self._q.put((work, fut))
        self._ensure_thread()
        return fut

    async def run(self, work: Work) -> object:
        return await asyncio.wrap_future(self.submit(work))

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="sargas-group-commit", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            batch = [self._q.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._q.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    @staticmethod
    def _commit(batch: list[tuple[Work, Future]]) -> None:
        results: list[tuple[Future, object, BaseException | None]] = []
        try:
            with session_scope() as s:
                for work, fut in batch:
                    sp = s.begin_nested()
                    try:
                        res = work(s)
                        sp.commit()
                        results.append((fut, res, None))
                    except Exception as exc:  # noqa: BLE001 - handed back to the caller
                        sp.rollback()
                        results.append((fut, None, exc))
        except Exception:  # noqa: BLE001 - the batch failed as a whole: one transaction per item
            for work, fut in batch:
                try:
                    with session_scope() as s:
                        res = work(s)
                    fut.set_result(res)
                except Exception as exc:  # noqa: BLE001
                    fut.set_exception(exc)
            return
        for fut, res, exc in results:
            if exc is None:
                fut.set_result(res)
            else:
                fut.set_exception(exc)


committer = GroupCommitter()

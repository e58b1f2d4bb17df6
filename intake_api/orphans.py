"""What a ``kill -9`` of the server must not leave behind (issue 18.5).

* :func:`die_with_parent` — called first in every redactor child: the kernel sends it SIGKILL the
  moment its parent thread dies (``prctl(PR_SET_PDEATHSIG)``; the children are spawned from the
  long-lived worker threads, so "parent thread" is the server itself), with a watchdog thread on
  ``getppid()`` as a second line. The multiprocessing resource tracker exits by itself once the
  server and every child holding its pipe are gone.
* :func:`clean_stale_uploads` — at start-up: temporary vault files of uploads that were being
  received when the server died. A file is stale when no live process holds its ``flock`` (every
  writer holds one until commit/abort), so uploads of another process sharing the data directory
  are never touched.

Both fail safe: if prctl is unavailable only the watchdog remains; a file that cannot be checked
is left in place (it is ciphertext without a wrapped key in the database, unreadable anyway).
"""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import signal
import threading
import time
from pathlib import Path

log = logging.getLogger("sargas.orphans")
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    parent = parent or os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watchdog below still ends us
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="sargas-orphan-watch", daemon=True).start()


def clean_stale_uploads(blob_dir: Path) -> int:
    """Remove ``.tmp-*`` vault files nobody is writing any more; returns how many."""
    removed = 0
    if not blob_dir.is_dir():
        return 0
    for tmp in blob_dir.rglob(".tmp-*"):
        try:
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by a live writer: in use
        except OSError:
            os.close(fd)
            continue
        try:
            tmp.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    if removed:
        log.warning("removed %d temporary upload file(s) left by an interrupted server", removed)
    return removed


DEFAULT_MEMORY_MB = 3072


def limit_memory() -> int | None:
    """Cap the address space of this (redactor) process: ``SARGAS_REDACTOR_MEMORY_MB`` (default
    3072; ``0`` = no cap). Children (tesseract) inherit it. Past the cap an allocation fails:
    Python raises MemoryError, which the engine turns into the typed ``too_large`` refusal; a C
    library that aborts instead kills the process, which the worker reports as a crash. Either way
    the job fails closed (nothing published, original destroyed unless covered, client told)."""
    import resource

    try:
        mb = int(os.environ.get("SARGAS_REDACTOR_MEMORY_MB", DEFAULT_MEMORY_MB))
    except ValueError:
        mb = DEFAULT_MEMORY_MB
    if mb <= 0:
        return None
    limit = mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return limit

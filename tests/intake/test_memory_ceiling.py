"""The redactor process has a memory ceiling (issue 18.4): with ``SARGAS_REDACTOR_MEMORY_MB=1024``
and the pixel limits raised out of the way, a 40-page TIFF whose pages decode to 640 million
pixels makes the real redactor child run out of its address space; the job fails with a typed
error (or a crash report) — never a result — and the next document is processed normally.
The per-document pixel limits normally refuse such a file first (tests/intake/test_early_refusals.py)."""

from __future__ import annotations

import pytest

from intake_api.pipeline import WorkerCrashed
from intake_api.worker import RedactorProcess
from redactor.errors import RedactorError
from tests.intake.conftest import render_png
from tests.intake.test_early_refusals import tiff_aggregate_bomb


def test_memory_ceiling_fails_closed_and_the_next_job_works(monkeypatch):
    monkeypatch.setenv("SARGAS_REDACTOR_MEMORY_MB", "1024")
    monkeypatch.setenv("SARGAS_MAX_IMAGE_TOTAL_PIXELS", str(10**10))
    monkeypatch.setenv("SARGAS_MAX_TOTAL_PIXELS", str(10**10))
    redactor = RedactorProcess(timeout=240)
    try:
        with pytest.raises((RedactorError, WorkerCrashed)) as err:
            redactor(tiff_aggregate_bomb(pages=40), "en")
        print("memory ceiling ->", type(err.value).__name__, getattr(err.value, "code", "crash"))
        assert getattr(err.value, "code", "crash") in ("too_large", "crash")
        out = redactor(render_png(["Printer offline"]), "en")  # the same process (or its successor)
        assert out.data[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        redactor.close()

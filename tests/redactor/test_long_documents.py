"""Long documents: a multi-page scan is OCR'd page-parallel (``SARGAS_OCR_WORKERS`` tesseract
processes at once) with progress reported page by page; the CPU-time budget stops a document that
needs more work than it is allowed and fails it closed with a typed error; ``sargas redact
--progress`` prints one line per page on stderr when it is not a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pymupdf
import pytest

from redactor.budget import CpuBudget, allowance
from redactor.engine import redact
from redactor.errors import CpuBudgetExceeded, ProcessingTimeout
from redactor.limits import Limits
from tests.redactor.long_docs import email, scan_pdf

ROOT = Path(__file__).resolve().parents[2]


def _tesseract_children() -> int:
    """Tesseract processes started by this process right now (any thread)."""
    n = 0
    for tid in os.listdir("/proc/self/task"):
        try:
            kids = Path(f"/proc/self/task/{tid}/children").read_text().split()
        except OSError:
            continue
        for k in kids:
            try:
                n += Path(f"/proc/{k}/comm").read_text().strip() == "tesseract"
            except OSError:
                pass
    return n


def test_a_moderately_long_scan_is_ocred_page_parallel_with_progress(monkeypatch) -> None:
    monkeypatch.setenv("SARGAS_OCR_WORKERS", "2")
    pages = 6
    data = scan_pdf(pages)
    seen: list[tuple[int, int]] = []
    most = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.05):
            most[0] = max(most[0], _tesseract_children())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = redact(data, lang="en", progress=lambda done, total: seen.append((done, total)))
    finally:
        stop.set()
        sampler.join()
    assert most[0] >= 2, "pages were not OCR'd in parallel"
    assert seen[0] == (0, pages) and seen[-1] == (pages, pages) and all(t == pages for _, t in seen)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen}), "progress went backwards or repeated"
    mail_pages = {f.page for f in result.findings if f.entity_type == "EMAIL_ADDRESS"}
    assert mail_pages == set(range(pages)), mail_pages
    out = pymupdf.open(stream=result.data, filetype="pdf")
    assert out.page_count == pages
    text = "".join(p.get_text() for p in out)
    assert not any(email(i) in text for i in range(pages))


def test_budget_grows_with_the_page_count() -> None:
    lim = Limits(doc_cpu_base=10, doc_cpu_per_page=2)
    assert allowance(lim, 1) == 12 and allowance(lim, 200) == 410
    budget = CpuBudget(Limits(doc_cpu_base=0.0, doc_cpu_per_page=0.0))
    sum(i * i for i in range(300_000))  # some CPU work of this process
    with pytest.raises(CpuBudgetExceeded):
        budget.check(3, 1)
    CpuBudget(lim).check(3, 1)  # far inside its budget: no error


def test_a_document_past_its_cpu_budget_fails_closed_with_a_typed_error() -> None:
    data = scan_pdf(3)
    with pytest.raises(CpuBudgetExceeded) as err:
        redact(data, lang="en", limits=Limits(doc_cpu_base=0.2, doc_cpu_per_page=0.1))
    assert isinstance(err.value, ProcessingTimeout) and err.value.code == "cpu_budget"
    msg = err.value.message
    assert "3 page" in msg and "Split it into smaller files" in msg
    assert not any(email(i) in msg for i in range(3))  # no document content in the message


def test_cli_progress_lines_on_a_non_terminal_stderr(tmp_path: Path) -> None:
    src, out = tmp_path / "scan.pdf", tmp_path / "out.pdf"
    src.write_bytes(scan_pdf(3))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SARGAS_OCR_WORKERS": "2"}
    proc = subprocess.run([sys.executable, "-m", "intake_api.cli", "redact", str(src), "-o", str(out),
                           "--lang", "en", "--progress"], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("page ")]
    assert lines == ["page 1/3", "page 2/3", "page 3/3"], proc.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    src.write_bytes(scan_pdf(2))
    quiet = subprocess.run([sys.executable, "-m", "intake_api.cli", "redact", str(src), "-o", str(out),
                            "--lang", "en"], env=env, capture_output=True, text=True, timeout=120,
                           check=False)
    assert quiet.returncode == 0 and "page " not in quiet.stderr  # not a terminal, not asked: quiet

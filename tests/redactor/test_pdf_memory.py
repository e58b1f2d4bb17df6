"""Memory of a long PDF redaction stays flat in the page count: what MuPDF rewrites on a page (the
scan image whose pixels were blanked, the render of a rebuilt page) is stored compressed as soon
as the page is done, not held raw until the save (~2 MB per 150-dpi grey scan page, ~11 MB per
rebuilt 200-dpi page).

Each redaction runs in a fresh child process that reports its peak RSS (``ru_maxrss``); the
difference between N and 4N pages is the cost of the extra pages, which a machine's load does not
change. Tesseract is replaced in the child by a stub that "reads" one e-mail address on every
page raster (this test is about the redaction and the save, not OCR); the rest of
``redactor.engine.redact`` is the real one, and the redacted pages are checked for the black box.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.redactor.long_docs import scan_pdf

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, resource, sys
import redactor.formats.pdf as pdf
from redactor.engine import redact
from redactor.ocr import Word

def one_address(images, **_):
    for img in images:  # raster pixels: the first text line of the page
        yield [Word("mark.smith@example.com", (100.0, 130.0, 700.0, 185.0), (0, 0, 1), 96.0)]

pdf.ocr_many = one_address
result = redact(open(sys.argv[1], "rb").read(), lang="en")
open(sys.argv[2], "wb").write(result.data)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "boxes": [[f.page, *f.box] for f in result.findings]}))
"""


def untrusted_pdf(pages: int) -> bytes:
    """Pages with visible text and an invisible line: every page is rebuilt from its render."""
    doc = pymupdf.open()
    for pno in range(pages):
        page = doc.new_page(width=595, height=842)
        for i in range(12):
            page.insert_text((60, 80 + 40 * i), f"Page {pno + 1}, line {i + 1}: terms of the agreement",
                             fontsize=12)
        page.insert_text((60, 780), "a line no viewer shows", fontsize=12, render_mode=3)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def _redact_in_child(tmp: Path, name: str, data: bytes) -> tuple[dict, pymupdf.Document]:
    src, out = tmp / f"{name}.pdf", tmp / f"{name}.out.pdf"
    src.write_bytes(data)
    env = dict(os.environ, PYTHONPATH=str(ROOT), SARGAS_OCR_WORKERS="1")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(src), str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), pymupdf.open(out)


def _black_at(page: pymupdf.Page, x: float, y: float) -> bool:
    pix = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY, clip=pymupdf.Rect(x, y, x + 1, y + 1))
    return pix.samples[0] < 40


@pytest.mark.parametrize(("make", "pages", "per_page_mb"), [
    (scan_pdf, 6, 0.6),  # measured 0.1 MB per page; held raw: 1.6
    (untrusted_pdf, 3, 3.0),  # measured 0.6 MB per page; held raw: 13
], ids=["scan", "rebuilt"])
def test_peak_memory_grows_little_with_the_page_count(tmp_path: Path, make, pages: int,
                                                      per_page_mb: float) -> None:
    small, _ = _redact_in_child(tmp_path, "small", make(pages))
    big, doc = _redact_in_child(tmp_path, "big", make(4 * pages))
    assert len(small["boxes"]) == pages  # the address the stub read on every page
    assert sorted(b[0] for b in big["boxes"]) == list(range(4 * pages))
    assert doc.page_count == 4 * pages
    for pno, x0, y0, x1, y1 in big["boxes"]:  # covered in the saved copy; the rest of the page is not
        page = doc[pno]
        assert _black_at(page, (x0 + x1) / 2, (y0 + y1) / 2), pno
        assert not _black_at(page, (x0 + x1) / 2, y1 + 3 * (y1 - y0)), pno
    growth = big["peak_mb"] - small["peak_mb"]
    assert growth < per_page_mb * 3 * pages, f"{growth:.0f} MB more for {3 * pages} more pages"

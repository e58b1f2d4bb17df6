#!/usr/bin/env python3
"""The cost of one page: Sargas next to a floor command, CPU seconds measured in the same run.

    python bench/page_cost.py [--dev DIR] [--pages 200] [--repeat 5] [--src CHECKOUT]

``--src`` times another checkout's code (e.g. the main branch, for a before/after pair).

Rows (each as a ratio against its floor; the machine is shared, so CPU time of the process tree
(``resource.getrusage`` of the children) is the figure, and runs are interleaved):

* start-up: ``sargas redact`` on a blank PNG vs ``python -c pass`` and vs one bare ``tesseract`` pass
  over the same image with the same languages (the fixed cost of one CLI redaction; goal <= 0.8 s);
* text PDF: ``sargas redact`` on a PAGES-page text PDF (built from the text PDFs of DEV, pages
  repeated) vs a PyMuPDF open + full save of the same file, plus the warm in-process engine
  (how a worker runs) in pages per second per core (goal >= 30);
* scanned page: the OCR of every scanned-PDF page of DEV (``*pdf_scan*``, rendered at 150 dpi as
  the PDF reader does) by ``redactor.ocr.ocr_words_thorough`` in a child process (its Python
  start-up, measured alone, subtracted) vs one bare ``tesseract`` pass (``--psm 3``, same
  languages) over the prepared page (the image the layout pass reads); goal <= 1.2x. With
  ``--base CHECKOUT`` the same row for that checkout's code too, runs interleaved;
* photo: the same for every camera photo of DEV (JPEG with less flat colour than a rendered screen,
  ``ocr.SCREEN_FLAT``) read by ``redactor.ocr.ocr_image``, floor one bare ``tesseract`` pass
  (``--psm 3``, same languages) over its plain prepared page; goal <= 1.30x.

Everything runs with OMP_THREAD_LIMIT=1. Temporary files are removed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = "lit+lav+rus+eng"


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """User+system CPU seconds of one child process (and its children). The child runs in the
    timed checkout (``python -m`` puts the working directory first on ``sys.path``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=env["PYTHONPATH"].split(os.pathsep)[0])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(cmds: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, float]:
    """Median CPU seconds per command, runs interleaved so load hits every command alike."""
    runs: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(cpu_of(cmd, env))
    return {k: sorted(v)[len(v) // 2] for k, v in runs.items()}


def blank_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1240, 1754), "white").save(path)  # an A4 page at 150 dpi


def text_pdf(dev: Path, pages: int, path: Path) -> None:
    import pymupdf

    sources = sorted(p for p in dev.iterdir() if p.suffix.lower() == ".pdf" and "text" in p.name)
    if not sources:
        raise SystemExit(f"no text PDFs (*text*.pdf) in {dev}")
    out = pymupdf.open()
    while out.page_count < pages:
        for src in sources:
            with pymupdf.open(src) as doc:
                out.insert_pdf(doc, to_page=min(doc.page_count, pages - out.page_count) - 1)
            if out.page_count >= pages:
                break
    out.save(path, garbage=3, deflate=True)


SCAN_CHILD = """
import sys
from PIL import Image
from redactor import ocr
imgs = [Image.open(p) for p in sys.argv[2:]]
for im in imgs:
    im.load()
if sys.argv[1] == "ocr":
    for im in imgs:
        ocr.ocr_words_thorough(im)
elif sys.argv[1] == "photo":
    for im in imgs:
        ocr.ocr_image(im)
"""


def scan_pages(dev: Path, tmp: Path) -> tuple[list[str], list[str]]:
    """PNG renders (150 dpi) of the scanned-PDF pages of ``dev`` and their prepared copies."""
    import pymupdf
    from PIL import Image

    from redactor.ocr import choose_scale
    from redactor.pageprep import STRETCH, prepare

    pages, prepared = [], []
    for src in sorted(p for p in dev.iterdir() if p.suffix.lower() == ".pdf" and "pdf_scan" in p.name):
        with pymupdf.open(src) as doc:
            for page in doc:
                pix = page.get_pixmap(dpi=150, alpha=False, colorspace=pymupdf.csRGB)
                img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
                out = tmp / f"scan{len(pages)}.png"
                img.save(out)
                prep = tmp / f"prep{len(pages)}.png"
                prepare(img, choose_scale(img.width, img.height), STRETCH).save(prep)
                pages.append(str(out))
                prepared.append(str(prep))
    return pages, prepared


def photos(dev: Path, tmp: Path) -> tuple[list[str], list[str]]:
    """The camera photos of ``dev`` (JPEGs that are no rendered screen) and their prepared copies."""
    from PIL import Image

    from redactor import ocr, regions
    from redactor.pageprep import STRETCH, prepare

    pages, prepared = [], []
    for src in sorted(p for p in dev.iterdir() if p.suffix.lower() in (".jpg", ".jpeg")):
        with Image.open(src) as img:
            img.load()
            if regions.flat_share(regions.as_rgb(img)) >= ocr.SCREEN_FLAT:
                continue
            prep = tmp / f"photoprep{len(pages)}.png"
            prepare(img, ocr.choose_scale(img.width, img.height), STRETCH).save(prep)
        pages.append(str(src))
        prepared.append(str(prep))
    return pages, prepared


def cost_row(kind: str, dev: Path, tmp: Path, srcs: dict[str, Path], env: dict[str, str],
             repeat: int) -> None:
    """``kind`` "scanned" (``ocr_words_thorough`` over scanned-PDF pages) or "photo" (``ocr_image``
    over camera photos): CPU per page against one bare tesseract pass over the prepared page."""
    pages, prepared = scan_pages(dev, tmp) if kind == "scanned" else photos(dev, tmp)
    if not pages:
        raise SystemExit(f"no {kind} pages in {dev}")
    cmds = {f"tess{i}": ["tesseract", p, str(tmp / "tess"), "-l", LANGS, "--psm", "3"]
            for i, p in enumerate(prepared)}
    envs = {}
    for name, src in srcs.items():
        cmds[name] = [sys.executable, "-c", SCAN_CHILD, "ocr" if kind == "scanned" else "photo", *pages]
        cmds[name + ":start"] = [sys.executable, "-c", SCAN_CHILD, "load", *pages]
        envs[name] = envs[name + ":start"] = dict(env, PYTHONPATH=str(src))
    runs: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(cpu_of(cmd, envs.get(name, env)))
    med = {k: sorted(v)[len(v) // 2] for k, v in runs.items()}
    floor = sum(med[f"tess{i}"] for i in range(len(prepared))) / len(pages)
    fn, goal = ("ocr_words_thorough", 1.2) if kind == "scanned" else ("ocr_image", 1.3)
    for name in srcs:
        per = (med[name] - med[name + ":start"]) / len(pages)
        print(f"{kind} page ({name}, {len(pages)} pages): {fn} {per:.2f} s cpu per page | "
              f"one bare tesseract pass {floor:.2f} s | ratio {per / floor:.2f}x | goal <= {goal:.2f}x")


def warm_pages_per_cpu_second(data: bytes, src: Path) -> tuple[int, float]:
    sys.path.insert(0, str(src))
    from redactor import analyzer, redact

    analyzer.analyze("warm up")
    c0 = time.process_time()
    pages = redact(data).pages
    return pages, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--src", default=str(ROOT), help="checkout whose code is timed")
    ap.add_argument("--base", help="a second checkout timed alongside (scanned and photo rows)")
    ap.add_argument("--only", choices=("all", "scanned", "photo"), default="all", help="rows to run")
    a = ap.parse_args()
    src = Path(a.src).resolve()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    py = sys.executable
    sargas = [py, "-m", "intake_api.cli", "redact"]
    with tempfile.TemporaryDirectory(prefix="sargas_bench_") as tmp:
        t = Path(tmp)
        srcs = {"src": src} | ({"base": Path(a.base).resolve()} if a.base else {})
        for kind in ("scanned", "photo"):
            if a.only in ("all", kind):
                cost_row(kind, Path(a.dev), t, srcs, env, a.repeat)
        if a.only != "all":
            return
        png, pdf = t / "blank.png", t / "text.pdf"
        blank_png(png)
        text_pdf(Path(a.dev), a.pages, pdf)
        start = median_cpu({
            "python": [py, "-c", "pass"],
            "tesseract": ["tesseract", str(png), str(t / "tess"), "-l", LANGS],
            "sargas": [*sargas, str(png), "-o", str(t / "out.png")],
        }, env, a.repeat)
        print(f"start-up (blank PNG): sargas redact {start['sargas']:.2f} s cpu | python -c pass "
              f"{start['python']:.2f} s | bare tesseract {start['tesseract']:.2f} s | ratio "
              f"{start['sargas'] / start['tesseract']:.2f}x tesseract, "
              f"{start['sargas'] / start['python']:.1f}x python | goal <= 0.80 s")
        save = (f"import pymupdf; d = pymupdf.open({str(pdf)!r}); "
                f"d.save({str(t / 'saved.pdf')!r}, garbage=4, deflate=True)")
        cost = median_cpu({
            "pymupdf": [py, "-c", save],
            "sargas": [*sargas, str(pdf), "-o", str(t / "out.pdf")],
        }, env, max(1, a.repeat // 2))
        pages, warm = warm_pages_per_cpu_second(pdf.read_bytes(), src)
        print(f"text PDF ({pages} pages): sargas redact {cost['sargas']:.2f} s cpu = "
              f"{pages / cost['sargas']:.1f} pages/s per core (CLI) | warm engine {pages / warm:.1f} pages/s "
              f"per core | PyMuPDF open+save {cost['pymupdf']:.2f} s | ratio "
              f"{cost['sargas'] / cost['pymupdf']:.1f}x PyMuPDF | goal >= 30 pages/s")


if __name__ == "__main__":
    main()

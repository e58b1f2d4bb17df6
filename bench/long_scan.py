#!/usr/bin/env python3
"""Long scanned PDFs: pages/s, CPU and peak RSS of one redaction, optionally under CPU load.

    python bench/long_scan.py --pages 200 50 [--load 1] [--workers N] [--out DIR]

A scan of N pages is generated at run time (each page: a text page rendered by PyMuPDF at
150 dpi, grey JPEG, inserted as the page's only content; names, e-mail addresses and phone
numbers on every page). Each document is redacted in a fresh child process with the default
settings (``redactor.engine.redact``, as the worker runs it); the child prints wall seconds, CPU
seconds of its process tree (itself + tesseract), its peak RSS (``ru_maxrss`` of the redactor
process) and how many findings were made. ``--load N`` starts N busy-loop processes for the
whole run ("another job loads the CPU"). The floor printed next to it is one bare ``tesseract``
pass over one page raster, measured in the same run, so the per-page figure is a ratio.
Fails (exit 1) if a document does not finish.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pymupdf

FIRST = ("Jonas", "Ona", "Petras", "Laura", "Andris", "Ilze", "Mark", "Anna")
LAST = ("Kazlauskas", "Petraitė", "Bērziņš", "Ozola", "Smith", "Ivanova")


def make_scan(pages: int, seed: int = 1, dpi: int = 150) -> bytes:
    """An image-only PDF of ``pages`` A4 pages, each a grey JPEG of a typed letter."""
    rng = random.Random(seed)
    out = pymupdf.open()
    for pno in range(pages):
        src = pymupdf.open()
        page = src.new_page(width=595, height=842)
        y = 60
        for i in range(22):
            f, la = rng.choice(FIRST), rng.choice(LAST)
            if i % 4 == 0:
                mail = f"{f.lower()}.{la.lower()[:5]}@example.com"
                line = f"Contract {pno + 1}-{i}: client {f} {la}, e-mail {mail}"
            elif i % 4 == 1:
                phone, acct = rng.randint(1000000, 9999999), rng.randint(10**17, 10**18 - 1)
                line = f"Phone +370 6{phone}, account LT{acct}"
            else:
                line = "The parties agree to the terms set out in this agreement and its annexes."
            page.insert_text((50, y), line, fontsize=10.5)
            y += 32
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        jpg = pix.tobytes("jpeg", jpg_quality=80)
        src.close()
        dst = out.new_page(width=595, height=842)
        dst.insert_image(dst.rect, stream=jpg)
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    return data


_CHILD = r"""
import json, resource, sys, time
from redactor.engine import redact
data = open(sys.argv[1], "rb").read()
t0 = time.monotonic()
last = [0]
def progress(done, total):
    last[0] = done
    if done % 10 == 0 or done == total:
        rss = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() / 2**20
        sys.stderr.write(f"  page {done}/{total} after {time.monotonic() - t0:.0f} s, RSS {rss:.0f} MB\n")
        sys.stderr.flush()
try:
    r = redact(data, progress=progress)
    res = {"ok": True, "pages": r.pages, "findings": len(r.findings)}
except Exception as exc:
    res = {"ok": False, "error": getattr(exc, "code", type(exc).__name__), "done": last[0]}
self_ = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
res.update(wall=time.monotonic() - t0,
           cpu=self_.ru_utime + self_.ru_stime + kids.ru_utime + kids.ru_stime,
           maxrss_mb=self_.ru_maxrss / 1024)
print(json.dumps(res))
"""


def _burn() -> None:
    while True:
        pass


def _floor(tmp: Path) -> float:
    """CPU seconds of one bare tesseract pass over one page raster (the floor of one page)."""
    doc = pymupdf.open(stream=make_scan(1, seed=99), filetype="pdf")
    png = tmp / "floor.png"
    doc[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY).save(png)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["tesseract", str(png), "stdout", "-l", "lit+lav+rus+eng"], check=True,  # noqa: S607
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200, 50])
    ap.add_argument("--load", type=int, default=0, help="busy-loop processes running meanwhile")
    ap.add_argument("--workers", type=int, default=None, help="SARGAS_OCR_WORKERS (default: settings)")
    args = ap.parse_args()
    env = dict(os.environ)
    if args.workers is not None:
        env["SARGAS_OCR_WORKERS"] = str(args.workers)
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.load)]
    for b in burners:
        b.start()
    failed = False
    try:
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            floor = _floor(tmp)
            print(f"floor: one bare tesseract page pass {floor:.2f} s CPU; load processes: {args.load}")
            for n in args.pages:
                pdf = tmp / f"scan{n}.pdf"
                pdf.write_bytes(make_scan(n))
                # ``python -c`` puts the working directory first on sys.path: run in the timed checkout
                proc = subprocess.run([sys.executable, "-c", _CHILD, str(pdf)], env=env,
                                      stdout=subprocess.PIPE,
                                      cwd=env.get("PYTHONPATH", "").split(os.pathsep)[0] or None,
                                      text=True, check=False)  # progress lines go to our stderr
                try:
                    res = json.loads(proc.stdout.strip().splitlines()[-1])
                except (IndexError, ValueError):
                    res = {"ok": False, "error": f"child exit {proc.returncode}", "wall": 0, "cpu": 0,
                           "maxrss_mb": 0}
                size = pdf.stat().st_size / 1e6
                print(f"{n:4d} pages ({size:.1f} MB): ok={res['ok']} {res.get('error', '')} "
                      f"wall {res['wall']:.0f} s, {n / max(res['wall'], 1e-9):.2f} pages/s, "
                      f"CPU {res['cpu']:.0f} s ({res['cpu'] / n:.2f} s/page = "
                      f"{res['cpu'] / n / floor:.2f}x floor), "
                      f"peak RSS {res['maxrss_mb']:.0f} MB, findings {res.get('findings', '-')}", flush=True)
                failed |= not res["ok"]
    finally:
        for b in burners:
            b.kill()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

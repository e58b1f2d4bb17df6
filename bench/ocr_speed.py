#!/usr/bin/env python3
"""Time ``sargas redact`` against one bare ``tesseract`` pass over the same images.

    python bench/ocr_speed.py [DEV_DIR] [--limit N] [--repeat R] [--pdf-pages N]

For every PNG/JPEG in DEV_DIR (default ../shared/bench/dev) it runs, interleaved so that machine
load hits both alike, ``tesseract IMG out -l lit+lav+rus+eng`` and ``sargas redact IMG -o OUT``,
and prints the ratio of the totals in wall time and in CPU time (user+sys of the process tree, the
fairer figure on a busy machine). Both run with OMP_THREAD_LIMIT=1. It also measures text-PDF
throughput in-process (engine warm; pages/s on one core) on the text PDFs of DEV_DIR.
``--warm-only`` times the warm in-process engine only (how the service's workers run), not the CLI.
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

LANGS = "lit+lav+rus+eng"


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # ``python -c``/``-m`` put the working directory first on sys.path: run in the timed checkout
    cwd = env.get("PYTHONPATH", "").split(os.pathsep)[0] or None
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def images(dev: Path, limit: int, repeat: int, warm_only: bool = False) -> None:
    files = sorted(p for p in dev.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    if limit:
        files = files[:limit]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    sargas = [sys.executable, "-c", "from intake_api.cli import main; main()"]
    tot = {"bare": [0.0, 0.0], "sargas": [0.0, 0.0]}
    with tempfile.TemporaryDirectory(prefix="sargas_bench_") as tmp:
        for _ in range(repeat):
            for f in files:
                out = str(Path(tmp) / f.name)
                runs = [("bare", ["tesseract", str(f), str(Path(tmp) / "bare"), "-l", LANGS])]
                if not warm_only:
                    runs.append(("sargas", [*sargas, "redact", str(f), "-o", out]))
                for name, cmd in runs:
                    w, c = _run(cmd, env)
                    tot[name][0] += w
                    tot[name][1] += c
                print(f"  {f.name:30s} done", file=sys.stderr)
    n = len(files) * repeat
    bw, bc = tot["bare"]
    sw, sc = tot["sargas"]
    ww, wc = _warm_engine(files, repeat)
    if warm_only:
        print(f"images: {n} runs | bare tesseract {bc / n:.2f} s cpu per image | "
              f"warm engine (worker process) {wc / n:.2f} s cpu per image")
        print(f"ratio warm engine/bare:   wall {ww / bw:.2f}x  cpu {wc / bc:.2f}x")
        return
    print(f"images: {n} runs | bare tesseract {bw / n:.2f} s wall, {bc / n:.2f} s cpu per image | "
          f"sargas redact {sw / n:.2f} s wall, {sc / n:.2f} s cpu per image | "
          f"warm engine (worker process) {ww / n:.2f} s wall, {wc / n:.2f} s cpu per image")
    print(f"ratio sargas redact/bare: wall {sw / bw:.2f}x  cpu {sc / bc:.2f}x")
    print(f"ratio warm engine/bare:   wall {ww / bw:.2f}x  cpu {wc / bc:.2f}x")


def _cpu_all() -> float:
    me, ch = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def _warm_engine(files: list[Path], repeat: int) -> tuple[float, float]:
    """In-process redaction with the analyzer already loaded (how the service's workers run)."""
    from redactor import analyzer, redact

    analyzer.analyze("warm up")
    wall = cpu = 0.0
    for _ in range(repeat):
        for f in files:
            data = f.read_bytes()
            c0, t0 = _cpu_all(), time.perf_counter()
            redact(data)
            wall += time.perf_counter() - t0
            cpu += _cpu_all() - c0
    return wall, cpu


def text_pdfs(dev: Path, min_pages: int) -> None:
    from redactor import redact

    files = sorted(p for p in dev.iterdir() if p.suffix.lower() == ".pdf" and "text" in p.name)
    if not files:
        print("text PDFs: none found")
        return
    datas = [f.read_bytes() for f in files]
    redact(datas[0])  # warm the analyzer
    pages, cpu0, t0 = 0, time.process_time(), time.perf_counter()
    while pages < min_pages:
        for d in datas:
            pages += redact(d).pages
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
    print(f"text PDFs: {pages} pages, {pages / cpu:.1f} pages/s per core (cpu), "
          f"{pages / wall:.1f} pages/s wall")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("dev", nargs="?", default=str(here.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N images")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--pdf-pages", type=int, default=60, help="text-PDF pages to time")
    ap.add_argument("--skip-images", action="store_true")
    ap.add_argument("--warm-only", action="store_true", help="images: time the warm engine only, not the CLI")
    a = ap.parse_args()
    dev = Path(a.dev)
    if not a.skip_images:
        images(dev, a.limit, a.repeat, a.warm_only)
    text_pdfs(dev, a.pdf_pages)


if __name__ == "__main__":
    main()

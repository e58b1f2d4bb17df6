"""Office redaction speed: documents/s (and pages or rows/s) for a 20-page DOCX and a 1000-row XLSX.

Both are generated here with python-docx / openpyxl (no images, so the figure is the text path:
unzip, parse every XML part, one analysis, write back). Every run also checks that no e-mail
address of the input is left in any part of the output.

    python bench/office_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redactor import redact  # noqa: E402

PARAS_PER_PAGE = 12


def _docx(pages: int) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    for page in range(pages):
        for i in range(PARAS_PER_PAGE):
            n = page * PARAS_PER_PAGE + i
            p = d.add_paragraph(f"{n}. Klientas Vardenis{n} Pavardenis pranešė apie klaidą; ")
            p.add_run(f"el. paštas klientas{n}@example.com, tel. +370 612 {10000 + n:05d}. ").bold = True
            p.add_run("Sąskaita HD-2026-0042 apmokėta, spausdintuvas rodo klaidą 0x1F ir sustoja.")
        d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Nr.", "Vardas", "El. paštas", "Telefonas", "Suma", "Pastaba"])
    for n in range(rows):
        ws.append([n, f"Klientas Vardenis{n} Pavardenis", f"klientas{n}@example.com",
                   f"+370 612 {10000 + n:05d}", round(n * 1.5, 2), "Sąskaita apmokėta"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _check(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if b"@example.com" in zf.read(name):
                raise SystemExit(f"value left in {name}")


def _time(data: bytes, runs: int) -> tuple[float, int]:
    times = []
    found = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        r = redact(data)
        times.append(time.perf_counter() - t0)
        _check(r.data)
        found = len(r.findings)
    return statistics.median(times), found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    redact(_docx(1))  # warm the analyzer (gazetteers load once per process)
    docx_data, xlsx_data = _docx(20), _xlsx(1000)
    for label, data, unit, count in (("DOCX 20 pages", docx_data, "pages", 20),
                                     ("XLSX 1000 rows", xlsx_data, "rows", 1000)):
        sec, found = _time(data, args.runs)
        print(f"{label}: {len(data) / 1024:.0f} KiB, median {sec:.2f} s over {args.runs} runs -> "
              f"{1 / sec:.2f} documents/s, {count / sec:.0f} {unit}/s, {found} findings")


if __name__ == "__main__":
    main()

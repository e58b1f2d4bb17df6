#!/usr/bin/env python3
"""Draw a corpus manifest's boxes on its documents (red: PII word boxes, green: keep) for a visual check.

    python bench/corpus/overlay.py OUTDIR [FILE ...]  -> OUTDIR/overlay/<file>.png

PDFs are rendered at the scorer's zoom (2x); a missing file raises FileNotFoundError.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ZOOM = 2.0


def page_image(path: Path, fmt: str) -> tuple[Image.Image, float]:
    if fmt in ("png", "jpg"):
        return Image.open(path).convert("RGB"), 1.0
    import pymupdf

    with pymupdf.open(path) as d:
        pm = d[0].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), alpha=False)
        return Image.frombytes("RGB", (pm.width, pm.height), pm.samples), ZOOM


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    docs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    want = set(argv[1:])
    (out / "overlay").mkdir(exist_ok=True)
    for d in docs:
        if want and d["file"] not in want:
            continue
        img, s = page_image(out / d["file"], d["format"])
        dr = ImageDraw.Draw(img)
        for e in d["pii"]:
            for b in e.get("parts", [e["bbox"]]):
                dr.rectangle([v * s for v in b], outline=(255, 0, 0))
        for e in d["keep"]:
            dr.rectangle([v * s for v in e["bbox"]], outline=(0, 170, 0))
        img.save(out / "overlay" / (d["file"] + ".png"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

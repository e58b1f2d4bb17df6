"""Test documents rendered at test time: a screenshot-like PNG with a Lithuanian personal code."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PERSONAL_CODE = "38703181745"  # valid check digit (python-stdnum lt.asmens)
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def screenshot_png(lines: list[str] | None = None) -> bytes:
    lines = lines or [
        "Kliento kortelė / Client card",
        f"Asmens kodas: {PERSONAL_CODE}",
        "Sąskaita HD-2026 suma 125,00 EUR",
    ]
    size = 22
    font = ImageFont.truetype(str(_DEJAVU), size) if _DEJAVU.exists() else ImageFont.load_default(size=size)
    img = Image.new("RGB", (820, 60 + len(lines) * 42), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((24, 24 + i * 42), line, fill=(20, 20, 20), font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()

"""Fixtures shared by the redactor tests."""

from __future__ import annotations

import pytest
from PIL import Image

from redactor import ocr


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, tuple[int, int]]]:
    """Every tesseract run of the test: its page segmentation mode and image size."""
    seen: list[tuple[int, tuple[int, int]]] = []
    real = ocr.run_tesseract

    def counting(img: Image.Image, langs: str, timeout: float, psm: int = 3,
                 extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
        seen.append((psm, img.size))
        return real(img, langs, timeout, psm=psm, extra=extra)

    monkeypatch.setattr(ocr, "run_tesseract", counting)
    return seen

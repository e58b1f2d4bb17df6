"""Resource limits for one redaction, loaded from ``SARGAS_*`` environment variables.

Every limit is enforced with a typed error (see :mod:`redactor.errors`); nothing may hang. A limit
variable that does not parse as a number raises ``ValueError`` naming the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

_PREFIX = "SARGAS_"


def _env_value(name: str, kind: type, default: int | float) -> int | float:
    """``SARGAS_<NAME>`` (any case) parsed as ``kind``; unset or empty gives ``default``.

    A value that does not parse raises ``ValueError`` naming the variable (never its value
   ): a mistyped limit must stop the process, not fall back silently.
    """
    key = _PREFIX + name.upper()
    raw = os.environ.get(key)
    if raw is None:  # pydantic-settings matched names case-insensitively; so do we
        raw = next((v for k, v in os.environ.items() if k.upper() == key), None)
    if raw is None or not raw.strip():
        return default
    text = raw.strip().replace("_", "")
    try:
        if kind is int:
            number = float(text) if any(c in text for c in ".eE") else int(text)
            if number != int(number):
                raise ValueError(key)
            return int(number)
        return float(text)
    except (ValueError, OverflowError):
        raise ValueError(f"{key} is not a valid {kind.__name__}") from None


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard limits for one document.

    ``max_pixels`` applies to every image (each frame / page raster); ``ocr_timeout`` is the CPU
    seconds one OCR pass over one page, region or image may use (tesseract's own CPU time, so load
    does not count); ``doc_cpu_base + doc_cpu_per_page * pages`` is the CPU-time budget of the
    whole document (this process and its OCR processes, :mod:`redactor.budget`); the
    ``max_members``/``max_unpacked``/``max_ratio`` limits apply to ZIP containers
    (office packages, archives), ``max_depth`` to files nested in files. Aggregate bounds
    (decompression bombs built from many frames/pages):
    ``max_image_total_pixels`` for all frames of one image file together (they are held in memory
    at once, ~3-4 bytes each), ``max_total_pixels`` for everything decoded for one document (PDF
    page renders for OCR: 200 A4 pages scanned at 300 dpi are ~1.7 billion).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 60_000_000
    max_pages: int = 200
    ocr_timeout: float = 60.0
    doc_cpu_base: float = 120.0  # CPU seconds any document may use ...
    doc_cpu_per_page: float = 20.0  # ... plus this per page (see redactor.budget)
    max_members: int = 2000  # files in one ZIP package/archive (all levels counted together)
    max_unpacked: int = 256 * 1024 * 1024  # bytes unpacked from one package/archive
    max_ratio: int = 200  # unpacked/packed size of one member (a zip bomb has thousands)
    max_depth: int = 3  # archives, mails and documents inside each other
    max_image_total_pixels: int = 250_000_000
    max_total_pixels: int = 2_500_000_000

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults above, each overridden by ``SARGAS_<FIELD>`` when set (plain ``os.environ``:
        the redactor is a library and does not pay pydantic-settings' import on every start)."""
        values = {f.name: _env_value(f.name, type(f.default), f.default) for f in fields(cls)}
        return cls(**values)

"""Resource limits for one redaction, loaded from ``SARGAS_*`` environment variables.

Every limit is enforced with a typed error (see :mod:`redactor.errors`); nothing may hang.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_settings import BaseSettings, SettingsConfigDict


class _LimitSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SARGAS_", extra="ignore")

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 60_000_000
    max_pages: int = 200
    ocr_timeout: float = 60.0
    doc_cpu_base: float = 120.0
    doc_cpu_per_page: float = 20.0
    max_members: int = 2000
    max_unpacked: int = 256 * 1024 * 1024
    max_ratio: int = 200
    max_depth: int = 3
    max_image_total_pixels: int = 250_000_000
    max_total_pixels: int = 2_500_000_000


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
        s = _LimitSettings()
        return cls(max_bytes=s.max_bytes, max_pixels=s.max_pixels, max_pages=s.max_pages,
                   ocr_timeout=s.ocr_timeout, doc_cpu_base=s.doc_cpu_base,
                   doc_cpu_per_page=s.doc_cpu_per_page, max_members=s.max_members,
                   max_unpacked=s.max_unpacked, max_ratio=s.max_ratio, max_depth=s.max_depth,
                   max_image_total_pixels=s.max_image_total_pixels,
                   max_total_pixels=s.max_total_pixels)

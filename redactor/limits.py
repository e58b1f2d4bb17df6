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
    max_members: int = 2000
    max_unpacked: int = 256 * 1024 * 1024
    max_ratio: int = 200
    max_depth: int = 3


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard limits for one document.

    ``max_pixels`` applies to every image (each frame / page raster); ``ocr_timeout`` is seconds per
    OCR'd page or image; the ``max_members``/``max_unpacked``/``max_ratio`` limits apply to ZIP
    containers (office packages, archives), ``max_depth`` to files nested in files.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 60_000_000
    max_pages: int = 200
    ocr_timeout: float = 60.0
    max_members: int = 2000  # files in one ZIP package/archive (all levels counted together)
    max_unpacked: int = 256 * 1024 * 1024  # bytes unpacked from one package/archive
    max_ratio: int = 200  # unpacked/packed size of one member (a zip bomb has thousands)
    max_depth: int = 3  # archives, mails and documents inside each other

    @classmethod
    def from_env(cls) -> Limits:
        s = _LimitSettings()
        return cls(max_bytes=s.max_bytes, max_pixels=s.max_pixels, max_pages=s.max_pages,
                   ocr_timeout=s.ocr_timeout, max_members=s.max_members,
                   max_unpacked=s.max_unpacked, max_ratio=s.max_ratio, max_depth=s.max_depth)

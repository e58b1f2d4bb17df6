"""``Content-Disposition`` for every download Sargas serves (API and web UI), per RFC 6266 / RFC 5987.

File names come from clients and are in Lithuanian, Latvian, Russian, ...: HTTP headers are Latin-1,
so the real name goes into ``filename*=UTF-8''<percent-encoded>`` and an ASCII-only fallback into
``filename=`` (quotes, backslashes, control characters and path separators removed). The helper
never fails: an empty or unusable name falls back to ``download`` (plus the extension if any).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

_UNSAFE = set('"\\/:*?<>|;%')
MAX_NAME_CHARS = 200


def _clean(name: str) -> str:
    name = "".join(" " if (ord(c) < 32 or ord(c) == 127 or c in "/\\") else c for c in name or "")
    return name.strip().strip(".")[:MAX_NAME_CHARS] or "download"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join("_" if (c in _UNSAFE or not c.isprintable()) else c for c in folded).strip(" ._")


def _ascii_fallback(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem, ext = _ascii(stem), "".join(c for c in ext if c.isascii() and c.isalnum())
    return (stem or "download") + (f".{ext}" if ext else "")


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """Header value for a download named ``filename`` (any Unicode), safe to put in a header."""
    name = _clean(filename)
    return f"{disposition}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"

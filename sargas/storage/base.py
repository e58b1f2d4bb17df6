"""Blob storage behind a small protocol so the backend can change (local files, S3): the protocol,
the key rule and the one streaming write helper. Backends: ``local.py``, ``s3.py``; ``factory.py``
picks the configured one.

Keys are relative, slash-separated paths made of ``[A-Za-z0-9._-]`` segments (``check_key`` raises
``ValueError`` otherwise). Writes are atomic: a blob becomes visible under its key only on the
writer's ``commit``; ``abort`` (or an error inside ``write_chunks``) leaves nothing behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


class BlobWriter(Protocol):
    def write(self, data: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


@runtime_checkable
class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def writer(self, key: str) -> BlobWriter: ...
    def get(self, key: str) -> bytes: ...
    def iter_chunks(self, key: str, chunk_size: int = 1 << 16) -> Iterator[bytes]: ...
    def delete(self, key: str) -> bool: ...
    def exists(self, key: str) -> bool: ...
    def list(self, prefix: str = "") -> Iterator[str]: ...


class BlobNotFound(KeyError):
    pass


def write_chunks(store: BlobStore, key: str, chunks: Iterable[bytes]) -> None:
    """Write a blob through the store's writer: visible only once complete, nothing left on error."""
    w = store.writer(key)
    try:
        for c in chunks:
            w.write(c)
        w.commit()
    except BaseException:
        w.abort()
        raise


def check_key(key: str) -> str:
    """``key`` if it is a valid relative blob key; ``ValueError`` otherwise (no ``..``, no absolute path)."""
    if not _KEY.match(key) or any(part in (".", "..") for part in key.split("/")):
        raise ValueError("invalid blob key")
    return key

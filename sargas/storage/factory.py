"""The configured blob store: ``SARGAS_STORAGE_URL`` (``file://DIR`` or ``s3://bucket/prefix``), or
local files under the data directory when unset. Stores are cached per location; an unknown scheme is
a ``ValueError`` at first use, never a silent fallback.
"""

from __future__ import annotations

from sargas.settings import get_settings
from sargas.storage.base import BlobStore
from sargas.storage.local import LocalBlobStore

_stores: dict[str, BlobStore] = {}


def get_blob_store(settings=None) -> BlobStore:
    """The configured store (cached per location). ``storage_url`` unset = local files in data_dir."""
    s = settings or get_settings()
    loc = s.storage_url or f"file://{s.blob_dir.resolve()}"
    store = _stores.get(loc)
    if store is None:
        if loc.startswith("file://"):
            store = LocalBlobStore(loc[len("file://"):])
        elif loc.startswith("s3://"):
            from sargas.storage.s3 import S3BlobStore  # boto3 is an optional dependency (scale extra)

            store = S3BlobStore.from_url(loc, endpoint_url=s.s3_endpoint_url)
        else:
            raise ValueError("unsupported storage_url (use file://DIR or s3://bucket/prefix)")
        _stores[loc] = store
    return store


def clear_cache() -> None:
    """Forget the cached stores (after the settings changed, e.g. in a test or a benchmark round)."""
    _stores.clear()

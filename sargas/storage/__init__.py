"""Blob storage: the ``BlobStore`` protocol, the local-file and S3 backends and the configured store.

Import from here (``from sargas.storage import get_blob_store``); the submodules are the backends.
"""

from sargas.storage.base import (
    BlobNotFound,
    BlobStore,
    BlobWriter,
    LocalBlobStore,
    _stores,
    get_blob_store,
    write_chunks,
)

__all__ = [
    "BlobNotFound", "BlobStore", "BlobWriter", "LocalBlobStore", "_stores", "get_blob_store", "write_chunks",
]

"""Blob storage: the ``BlobStore`` protocol, the local-file and S3 backends and the configured store.

Import from here (``from sargas.storage import get_blob_store``); ``base`` holds the protocol,
``local`` and ``s3`` the backends, ``factory`` the choice between them.
"""

from sargas.storage.base import BlobNotFound, BlobStore, BlobWriter, check_key, write_chunks
from sargas.storage.factory import clear_cache, get_blob_store
from sargas.storage.local import LocalBlobStore

__all__ = [
    "BlobNotFound", "BlobStore", "BlobWriter", "LocalBlobStore", "check_key", "clear_cache", "get_blob_store",
    "write_chunks",
]

"""S3-compatible blob storage (AWS S3, MinIO, Ceph RGW, moto) behind the ``BlobStore`` protocol.

Selected by ``SARGAS_STORAGE_URL=s3://bucket/prefix`` with ``SARGAS_S3_ENDPOINT_URL`` for a
non-AWS endpoint; credentials and region come from the usual boto3 chain (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, instance roles, ...).

The vault encrypts client-side before anything reaches this store, so the object storage only ever
sees ciphertext. Writes are buffered in memory and become visible only on ``commit`` (a single
``PutObject``, or a multipart upload completed on commit for large objects; ``abort`` cancels it).
``delete`` removes *every* version of the key, including delete markers, so a bucket with
versioning enabled keeps nothing of a destroyed object.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from sargas.storage.base import BlobNotFound, check_key, write_chunks

PART_SIZE = 8 * 1024 * 1024  # S3 minimum part size is 5 MiB (except the last part)
_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchVersion"}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → (``bucket``, ``some/prefix/``); the prefix may be empty."""
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError("storage_url must look like s3://bucket/prefix")
    prefix = parsed.path.strip("/")
    return parsed.netloc, (prefix + "/") if prefix else ""


class _S3Writer:
    def __init__(self, store: S3BlobStore, key: str) -> None:
        self.store = store
        self.key = key
        self.buf = bytearray()
        self.upload_id: str | None = None
        self.parts: list[dict[str, Any]] = []
        self.done = False

    def write(self, data: bytes) -> None:
        if self.done:
            raise ValueError("writer closed")
        self.buf += data
        while len(self.buf) >= PART_SIZE * 2:  # keep >= one part so the last part is never tiny
            self._upload_part(bytes(self.buf[:PART_SIZE]))
            del self.buf[:PART_SIZE]

    def _upload_part(self, body: bytes) -> None:
        c, b = self.store.client, self.store.bucket
        if self.upload_id is None:
            self.upload_id = c.create_multipart_upload(Bucket=b, Key=self.key)["UploadId"]
        n = len(self.parts) + 1
        resp = c.upload_part(Bucket=b, Key=self.key, UploadId=self.upload_id, PartNumber=n, Body=body)
        self.parts.append({"PartNumber": n, "ETag": resp["ETag"]})

    def commit(self) -> None:
        c, b = self.store.client, self.store.bucket
        try:
            if self.upload_id is None:
                c.put_object(Bucket=b, Key=self.key, Body=bytes(self.buf))
            else:
                if self.buf:
                    self._upload_part(bytes(self.buf))
                c.complete_multipart_upload(Bucket=b, Key=self.key, UploadId=self.upload_id,
                                            MultipartUpload={"Parts": self.parts})
        except BaseException:
            self.abort()
            raise
        self.buf.clear()
        self.done = True

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        self.buf.clear()
        if self.upload_id is not None:
            try:
                self.store.client.abort_multipart_upload(Bucket=self.store.bucket, Key=self.key,
                                                         UploadId=self.upload_id)
            except ClientError:
                pass


class S3BlobStore:
    """Objects under ``prefix`` in ``bucket``. Keys follow the same rules as the local store."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None,
                 region_name: str | None = None, client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        if client is None:
            region = region_name or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
            cfg = Config(retries={"max_attempts": 5, "mode": "standard"},
                         s3={"addressing_style": "path"} if endpoint_url else {})
            client = boto3.session.Session().client("s3", endpoint_url=endpoint_url,
                                                    region_name=region or "us-east-1", config=cfg)
        self.client = client

    @classmethod
    def from_url(cls, url: str, endpoint_url: str | None = None) -> S3BlobStore:
        bucket, prefix = parse_s3_url(url)
        return cls(bucket, prefix, endpoint_url=endpoint_url)

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    # --- writes ---------------------------------------------------------------------------------
    def writer(self, key: str) -> _S3Writer:
        return _S3Writer(self, self._key(key))

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def put_chunks(self, key: str, chunks: Iterable[bytes]) -> None:
        write_chunks(self, key, chunks)

    # --- reads ----------------------------------------------------------------------------------
    def _get_object(self, key: str) -> dict[str, Any]:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise BlobNotFound(key) from None
            raise

    def get(self, key: str) -> bytes:
        body = self._get_object(key)["Body"]
        try:
            return body.read()
        finally:
            body.close()

    def iter_chunks(self, key: str, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        body = self._get_object(key)["Body"]
        try:
            yield from body.iter_chunks(chunk_size)
        finally:
            body.close()

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True

    def list(self, prefix: str = "") -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for obj in page.get("Contents", []):
                yield obj["Key"][len(self.prefix):]

    # --- destruction ----------------------------------------------------------------------------
    def versions(self, key: str) -> list[tuple[str, bool]]:
        """Every stored version of ``key``: (version id, is delete marker). Unversioned = "null"."""
        full = self._key(key)
        found: list[tuple[str, bool]] = []
        pages = self.client.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=full)
        for page in pages:
            for v in page.get("Versions", []):
                if v["Key"] == full:
                    found.append((v.get("VersionId") or "null", False))
            for m in page.get("DeleteMarkers", []):
                if m["Key"] == full:
                    found.append((m.get("VersionId") or "null", True))
        return found

    def delete(self, key: str) -> bool:
        """Remove every version and delete marker of ``key``. True if any data version existed."""
        full = self._key(key)
        existed = False
        for _ in range(3):  # a concurrent writer may add a version while we delete; re-check
            found = self.versions(key)
            if not found:
                break
            existed = existed or any(not marker for _, marker in found)
            objs = [{"Key": full, "VersionId": vid} for vid, _ in found]
            for i in range(0, len(objs), 1000):
                resp = self.client.delete_objects(Bucket=self.bucket,
                                                  Delete={"Objects": objs[i:i + 1000], "Quiet": True})
                errors = [e for e in resp.get("Errors", []) if e.get("Code") not in _MISSING]
                if errors:
                    raise OSError(f"S3 refused to delete {len(errors)} version(s) of a blob")
        else:
            if self.versions(key):
                raise OSError("S3 blob still has versions after deletion")
        return existed

    def delete_all_versions(self, key: str) -> bool:
        """What the vault calls when it destroys an original: same as :meth:`delete` here."""
        return self.delete(key)


__all__ = ["S3BlobStore", "parse_s3_url", "PART_SIZE"]

"""S3BlobStore against a moto server on loopback: the BlobStore contract, multipart writes, and
destruction of every version in a versioned bucket (the storage keeps nothing of a destroyed blob)."""

from __future__ import annotations

import boto3
import pytest

from sargas.storage import BlobNotFound, BlobStore, get_blob_store
from sargas.storage import s3 as s3mod
from sargas.storage.s3 import S3BlobStore, parse_s3_url

from .conftest import make_bucket

pytestmark = pytest.mark.live


def _raw(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def test_parse_url() -> None:
    assert parse_s3_url("s3://b/p/q/") == ("b", "p/q/")
    assert parse_s3_url("s3://b") == ("b", "")
    with pytest.raises(ValueError):
        parse_s3_url("http://b/p")


@pytest.mark.parametrize("versioned", [False, True])
def test_contract(s3_endpoint: str, versioned: bool) -> None:
    bucket = make_bucket(s3_endpoint, versioned=versioned)
    store = S3BlobStore(bucket, "tenant-a", endpoint_url=s3_endpoint)
    assert isinstance(store, BlobStore)
    store.put("redacted/ab/x1", b"hello")
    assert store.get("redacted/ab/x1") == b"hello"
    assert b"".join(store.iter_chunks("redacted/ab/x1", 2)) == b"hello"
    assert store.exists("redacted/ab/x1") and not store.exists("redacted/ab/none")
    w = store.writer("vault/ab/y2")
    w.write(b"a" * 10)
    assert not store.exists("vault/ab/y2")  # nothing visible before commit
    w.write(b"b" * 10)
    w.commit()
    assert store.get("vault/ab/y2") == b"a" * 10 + b"b" * 10
    aborted = store.writer("vault/ab/z3")
    aborted.write(b"zzz")
    aborted.abort()
    assert not store.exists("vault/ab/z3")
    assert sorted(store.list()) == ["redacted/ab/x1", "vault/ab/y2"]
    assert list(store.list("vault/")) == ["vault/ab/y2"]
    # everything lives under the prefix
    keys = [o["Key"] for o in _raw(s3_endpoint).list_objects_v2(Bucket=bucket)["Contents"]]
    assert all(k.startswith("tenant-a/") for k in keys)
    with pytest.raises(BlobNotFound):
        store.get("vault/ab/none")
    with pytest.raises(ValueError):
        store.put("../escape", b"x")
    assert store.delete("redacted/ab/x1") is True
    assert store.delete("redacted/ab/x1") is False
    assert not store.exists("redacted/ab/x1")


def test_multipart_write(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s3mod, "PART_SIZE", 5 * 1024 * 1024)
    store = S3BlobStore(make_bucket(s3_endpoint, versioned=False), "", endpoint_url=s3_endpoint)
    w = store.writer("vault/big")
    data = bytes(range(256)) * (4096 * 12)  # 12 MiB: two parts + tail
    for i in range(0, len(data), 1 << 20):
        w.write(data[i:i + (1 << 20)])
    assert w.upload_id is not None
    w.commit()
    assert store.get("vault/big") == data
    w2 = store.writer("vault/big2")
    w2.write(data)
    w2.abort()
    assert not store.exists("vault/big2")
    assert _raw(s3_endpoint).list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []


def test_versioned_bucket_destroy_removes_every_version(s3_endpoint: str) -> None:
    bucket = make_bucket(s3_endpoint, versioned=True)
    store = S3BlobStore(bucket, "p", endpoint_url=s3_endpoint)
    raw = _raw(s3_endpoint)
    for i in range(3):
        store.put("vault/ab/obj", f"ciphertext-{i}".encode())
    raw.delete_object(Bucket=bucket, Key="p/vault/ab/obj")  # leaves a delete marker
    store.put("vault/ab/obj", b"ciphertext-3")
    store.put("vault/ab/objX", b"neighbour")  # same key prefix: must survive
    before = raw.list_object_versions(Bucket=bucket, Prefix="p/vault/ab/obj")
    assert len([v for v in before["Versions"] if v["Key"] == "p/vault/ab/obj"]) == 4
    assert store.delete("vault/ab/obj") is True
    after = raw.list_object_versions(Bucket=bucket, Prefix="p/vault/ab/obj")
    assert [v["Key"] for v in after.get("Versions", [])] == ["p/vault/ab/objX"]
    assert after.get("DeleteMarkers", []) == []
    assert store.versions("vault/ab/obj") == []
    assert store.get("vault/ab/objX") == b"neighbour"


def test_factory_and_vault_roundtrip(s3_endpoint: str, tmp_path, monkeypatch) -> None:
    """The vault on S3: the store holds only ciphertext; destroy leaves no version behind."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from retention import vault
    from sargas import settings as settings_mod
    from sargas.db import Base
    from sargas.storage import factory

    bucket = make_bucket(s3_endpoint, versioned=True)
    s = settings_mod.configure(data_dir=tmp_path, storage_url=f"s3://{bucket}/sargas",
                               s3_endpoint_url=s3_endpoint)
    monkeypatch.setattr(factory, "_stores", {})
    store = get_blob_store(s)
    assert isinstance(store, S3BlobStore) and store.prefix == "sargas/"
    import intake_api.models  # noqa: F401  (all tables)

    engine = create_engine(f"sqlite:///{tmp_path / 'v.db'}")
    Base.metadata.create_all(engine)
    secret = b"PERSONAL-CODE 39001010000 " * 5000
    with Session(engine) as session:
        entry = vault.put_stream(session, [secret[i:i + 7000] for i in range(0, len(secret), 7000)],
                                 object_type="attachment", object_id="a1", organisation_id=None,
                                 ticket_id=None)
        session.flush()
        stored = store.get(entry.blob_key)
        assert b"PERSONAL-CODE" not in stored and len(stored) > len(secret)
        assert vault.read_original(session, entry.id, actor="t", purpose="test") == secret
        assert vault.destroy(session, entry, reason="test") is True
        session.commit()
    raw = _raw(s3_endpoint).list_object_versions(Bucket=bucket)
    assert raw.get("Versions", []) == [] and raw.get("DeleteMarkers", []) == []
    settings_mod.configure()
    engine.dispose()

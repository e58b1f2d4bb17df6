"""Key material for retention: the vault's KEK keyring (with rotation) and the Ed25519 signing key
for destruction certificates and the audit anchor.

KEK rotation re-wraps every live data key under the new KEK without touching the ciphertext:

* file-based KEK (default ``<data_dir>/vault-kek.key``): ``rotate_kek_file`` moves the current KEK to
  ``<data_dir>/kek-retired/<id>.key``, writes a fresh KEK in its place, re-wraps every entry, then
  shreds the retired file once nothing references it. A crash halfway is harmless: entries carry the
  id of the KEK that wrapped them and the retired file stays readable until the next run finishes.
* env-based KEK (``SARGAS_KEK``): put the new key in ``SARGAS_KEK`` and the old one in
  ``SARGAS_KEK_PREVIOUS`` (JSON list), then run ``rewrap_all``; drop the old one afterwards.

Nothing here logs or returns key bytes; only key ids / fingerprints (hash prefixes) leave this module.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from retention.vault import DESTROYED, VaultEntry, VaultError, _kek_id, load_kek, unwrap_key, wrap_key
from sargas.db import wal_checkpoint
from sargas.settings import Settings, get_settings


def _write_secret(path: Path, data: bytes) -> bool:
    """Create ``path`` with mode 0600 (exclusively); False if it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def shred_file(path: Path) -> None:
    """Overwrite a small secret file with zeros, fsync, unlink (best effort on journaling/SSD media)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


# --- KEK keyring ----------------------------------------------------------------------------------

def retired_dir(settings: Settings | None = None) -> Path:
    s = settings or get_settings()
    return Path(s.kek_path).parent / "kek-retired"


def keyring(settings: Settings | None = None) -> dict[str, bytes]:
    """Every KEK that may have wrapped a live data key: current, ``kek_previous``, retired files."""
    s = settings or get_settings()
    ring: dict[str, bytes] = {}
    for b64 in s.kek_previous:
        k = base64.b64decode(b64)
        ring[_kek_id(k)] = k
    rdir = retired_dir(s)
    if rdir.is_dir():
        for p in sorted(rdir.glob("*.key")):
            k = base64.b64decode(p.read_bytes().strip())
            ring[_kek_id(k)] = k
    kid, kek = load_kek(s)
    ring[kid] = kek
    return ring


def kek_for(kek_id: str, settings: Settings | None = None) -> bytes:
    ring = keyring(settings)
    if kek_id not in ring:
        raise VaultError("the key-encryption key that wrapped this object is not configured")
    return ring[kek_id]


def rewrap_all(session_factory: Callable[[], Session], settings: Settings | None = None,
               batch: int = 200) -> int:
    """Re-wrap every live data key that is not under the current KEK. Resumable; returns the count."""
    s = settings or get_settings()
    ring = keyring(s)
    cur_id, cur = load_kek(s)
    done = 0
    while True:
        with session_factory() as session, session.begin():
            rows = session.scalars(
                select(VaultEntry).where(VaultEntry.status != DESTROYED, VaultEntry.wrapped_key.is_not(None),
                                         VaultEntry.kek_id != cur_id)
                .order_by(VaultEntry.id).limit(batch).with_for_update(skip_locked=True)).all()
            if not rows:
                return done
            for e in rows:
                if e.kek_id not in ring:
                    raise VaultError(f"entry {e.id} is wrapped by an unknown KEK {e.kek_id}")
                dk = unwrap_key(ring[e.kek_id], e.wrapped_key or b"", e.id)
                e.wrapped_key, e.kek_id = wrap_key(cur, dk, e.id), cur_id
                done += 1
            from retention import audit

            audit.record(session, "system:retention", "vault.kek_rewrapped", "vault", None, None,
                         {"count": len(rows), "kek_id": cur_id})


def rotate_kek_file(session_factory: Callable[[], Session], settings: Settings | None = None) -> dict:
    """Rotate a file-based KEK: retire the current file, write a new KEK, re-wrap, shred the retired."""
    s = settings or get_settings()
    if s.kek:
        raise VaultError("the KEK comes from SARGAS_KEK: set the new key there and the old one in "
                         "SARGAS_KEK_PREVIOUS, then run the rotation again")
    old_id, old = load_kek(s)
    path = Path(s.kek_path)
    rdir = retired_dir(s)
    _write_secret(rdir / f"{old_id}.key", base64.b64encode(old) + b"\n")
    new = secrets.token_bytes(32)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    _write_secret(tmp, base64.b64encode(new) + b"\n")
    os.replace(tmp, path)
    count = rewrap_all(session_factory, s)
    with session_factory() as session:  # old wrapped keys must not linger in SQLite's WAL
        wal_checkpoint(session)
    still_used = _kek_ids_in_use(session_factory)
    shredded = 0
    for p in sorted(rdir.glob("*.key")):
        kid = _kek_id(base64.b64decode(p.read_bytes().strip()))
        if kid not in still_used:
            shred_file(p)
            shredded += 1
    return {"old_kek_id": old_id, "new_kek_id": _kek_id(new), "rewrapped": count,
            "retired_shredded": shredded}


def _kek_ids_in_use(session_factory: Callable[[], Session]) -> set[str]:
    with session_factory() as session:
        return set(session.scalars(select(VaultEntry.kek_id).where(VaultEntry.wrapped_key.is_not(None))
                                   .distinct()).all())


# --- Ed25519 signing key ----------------------------------------------------------------------------

def signing_key_path(settings: Settings | None = None) -> Path:
    s = settings or get_settings()
    return Path(s.signing_key_file or (s.data_dir / "signing-ed25519.key"))


def load_signing_key(settings: Settings | None = None) -> Ed25519PrivateKey:
    """From ``SARGAS_SIGNING_KEY`` (base64 seed) or the key file (generated 0600 if absent)."""
    s = settings or get_settings()
    if s.signing_key:
        seed = base64.b64decode(s.signing_key)
    else:
        path = signing_key_path(s)
        if not path.exists():
            _write_secret(path, base64.b64encode(secrets.token_bytes(32)) + b"\n")
        seed = base64.b64decode(path.read_bytes().strip())
    if len(seed) != 32:
        raise ValueError("the Ed25519 signing key must be a 32-byte seed (base64)")
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, hex."""
    return hashlib.sha256(public_raw).hexdigest()


def load_public_key(text: str | bytes) -> bytes:
    """Raw public key from base64 (raw 32 bytes), hex, or a PEM SubjectPublicKeyInfo."""
    data = text.encode() if isinstance(text, str) else text
    data = data.strip()
    if data.startswith(b"-----BEGIN"):
        pub = serialization.load_pem_public_key(data)
        if not isinstance(pub, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return public_bytes(pub)
    try:
        raw = bytes.fromhex(data.decode()) if len(data) == 64 else base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise ValueError("unreadable public key") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return raw


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()

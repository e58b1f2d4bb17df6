"""Key material for retention: the vault's KEK (load, keyring, wrapping data keys) and the Ed25519
signing key for destruction certificates and the audit anchor.

KEK rotation (``retention.rotation``) re-wraps every live data key under the new KEK without touching
the ciphertext:

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
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sargas.secretfile import write_secret
from sargas.settings import Settings, get_settings


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


# --- KEK: load, wrap, unwrap, keyring ------------------------------------------------------------

class VaultError(Exception):
    """The vault cannot do what was asked: no usable KEK, not a vault object, integrity failure."""


def kek_id(kek: bytes) -> str:
    return hashlib.sha256(b"sargas-kek-id" + kek).hexdigest()[:16]


def load_kek(settings: Settings | None = None) -> tuple[str, bytes]:
    """(kek_id, kek). From ``SARGAS_KEK`` or the KEK file; the file is created (0600) if absent."""
    s = settings or get_settings()
    if s.kek:
        kek = base64.b64decode(s.kek)
    else:
        path = Path(s.kek_path)
        if not path.exists():
            write_secret(path, base64.b64encode(secrets.token_bytes(32)) + b"\n")
        kek = base64.b64decode(path.read_bytes().strip())
    if len(kek) != 32:
        raise VaultError("the key-encryption key must be 32 bytes")
    return kek_id(kek), kek


def wrap_key(kek: bytes, data_key: bytes, entry_id: str) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, b"sargas-dk:" + entry_id.encode())


def unwrap_key(kek: bytes, wrapped: bytes, entry_id: str) -> bytes:
    return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], b"sargas-dk:" + entry_id.encode())


def retired_dir(settings: Settings | None = None) -> Path:
    s = settings or get_settings()
    return Path(s.kek_path).parent / "kek-retired"


def keyring(settings: Settings | None = None) -> dict[str, bytes]:
    """Every KEK that may have wrapped a live data key: current, ``kek_previous``, retired files."""
    s = settings or get_settings()
    ring: dict[str, bytes] = {}
    for b64 in s.kek_previous:
        k = base64.b64decode(b64)
        ring[kek_id(k)] = k
    rdir = retired_dir(s)
    if rdir.is_dir():
        for p in sorted(rdir.glob("*.key")):
            k = base64.b64decode(p.read_bytes().strip())
            ring[kek_id(k)] = k
    kid, kek = load_kek(s)
    ring[kid] = kek
    return ring


def kek_for(kek_id: str, settings: Settings | None = None) -> bytes:
    ring = keyring(settings)
    if kek_id not in ring:
        raise VaultError("the key-encryption key that wrapped this object is not configured")
    return ring[kek_id]


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
            write_secret(path, base64.b64encode(secrets.token_bytes(32)) + b"\n")
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

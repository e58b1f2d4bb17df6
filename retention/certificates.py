"""Destruction certificates: one signed statement per destroyed object, verifiable offline.

A certificate document is JSON::

    {"certificate": {...facts...}, "signature": "<base64 Ed25519>", "public_key": "<base64 raw>",
     "key_fingerprint": "<sha256 hex of the raw public key>"}

The signature covers the canonical form (sorted keys, compact separators, UTF-8) of ``certificate``,
which itself names the key fingerprint, so swapping in another key breaks the signature. Verifiers
should pin the public key (``sargas retention verify CERT.json --public-key KEY``; print it with
``sargas retention public-key``); without a pinned key only the embedded key is checked.

Facts: object id and type, sha256 and size of the original, created and destroyed times, policy and
reason, the transfer request / DPA id that covered it (if any), the actor. Never content or names.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from retention import keys
from retention.audit import canonical_time
from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id

CERT_TYPE = "sargas.destruction-certificate"
VERSION = 1

# policy codes -> plain-English reasons (the code is what tooling should match on)
POLICIES: dict[str, str] = {
    "uncovered_on_publish": "No transfer request or DPA covered the ticket; destroyed once the redacted "
                            "copy was published.",
    "pending_deadline": "Processing did not finish before the deadline; destroyed (fail closed).",
    "coverage_ended": "The transfer request or DPA covering the ticket ended.",
    "ticket_closed": "The retention period after the ticket closed elapsed.",
    "redacted_after_close": "The redacted copy's retention period after the ticket closed elapsed.",
    "rejected": "Processing failed; destroyed (fail closed).",
    "manual": "Destroyed on request.",
}


class DestructionCertificate(Base):
    __tablename__ = "destruction_certificates"
    __table_args__ = (UniqueConstraint("object_type", "object_id",
                                       name="uq_destruction_certificates_object"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    vault_entry_id: Mapped[str | None] = mapped_column(String(32), index=True)
    organisation_id: Mapped[str | None] = mapped_column(String(32), index=True)
    policy: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    document: Mapped[str] = mapped_column(Text)  # canonical JSON of the signed facts
    signature: Mapped[str] = mapped_column(String(128))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    destroyed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


def canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def issue(session: Session, *, object_type: str, object_id: str, vault_entry_id: str | None, sha256: str,
          size: int, created_at: datetime | None, destroyed_at: datetime, policy: str, actor: str,
          request_id: str | None = None, coverage_kind: str | None = None, coverage_id: str | None = None,
          organisation_id: str | None = None, ticket_id: str | None = None) -> DestructionCertificate:
    """Sign and store the certificate for one destroyed object (the caller's transaction commits it).

    At most one certificate exists per object (unique constraint): a second call returns the first.
    """
    C = DestructionCertificate  # noqa: N806
    q = select(C).where(C.object_type == object_type, C.object_id == object_id)
    existing = session.scalars(q).first()
    if existing is not None:
        return existing
    sk = keys.load_signing_key()
    pub = keys.public_bytes(sk.public_key())
    cid = new_id()
    facts = {
        "type": CERT_TYPE, "version": VERSION, "certificate_id": cid,
        "object_type": object_type, "object_id": object_id, "vault_entry_id": vault_entry_id,
        "organisation_id": organisation_id, "ticket_id": ticket_id,
        "sha256": sha256, "size": int(size),
        "created_at": canonical_time(created_at) if created_at else None,
        "destroyed_at": canonical_time(destroyed_at),
        "policy": policy, "reason": POLICIES.get(policy, policy),
        "request_id": request_id, "coverage_kind": coverage_kind, "coverage_id": coverage_id,
        "actor": actor,
        "method": "crypto-shred: AES-256-GCM data key deleted, ciphertext deleted",
        "signature_algorithm": "Ed25519", "key_fingerprint": keys.fingerprint(pub),
    }
    body = canonical(facts)
    cert = DestructionCertificate(
        id=cid, object_type=object_type, object_id=object_id, vault_entry_id=vault_entry_id,
        organisation_id=organisation_id, policy=policy, size=int(size), document=body.decode(),
        signature=base64.b64encode(sk.sign(body)).decode(), key_fingerprint=facts["key_fingerprint"],
        destroyed_at=destroyed_at, created_at=now())
    session.add(cert)
    session.flush()
    return cert


def to_json(cert: DestructionCertificate) -> dict[str, Any]:
    """The document handed to the DPO (and to ``sargas retention verify``)."""
    pub = keys.public_bytes(keys.load_signing_key().public_key())
    if keys.fingerprint(pub) != cert.key_fingerprint:
        pub_b64 = None  # signed by a previous key: the verifier must pass that key explicitly
    else:
        pub_b64 = base64.b64encode(pub).decode()
    return {"certificate": json.loads(cert.document), "signature": cert.signature,
            "public_key": pub_b64, "key_fingerprint": cert.key_fingerprint}


def verify(doc: dict[str, Any], public_key: bytes | None = None) -> tuple[bool, str]:
    """Check a certificate document offline. ``public_key`` (raw 32 bytes) pins the signer."""
    try:
        facts = doc["certificate"]
        sig = base64.b64decode(doc["signature"], validate=True)
        fp = facts["key_fingerprint"]
        if facts.get("type") != CERT_TYPE:
            return False, "not a Sargas destruction certificate"
    except (KeyError, TypeError, ValueError):
        return False, "malformed certificate document"
    if public_key is None:
        embedded = doc.get("public_key")
        if not embedded:
            return False, "no public key embedded; pass --public-key"
        try:
            public_key = base64.b64decode(embedded, validate=True)
        except ValueError:
            return False, "malformed embedded public key"
    if keys.fingerprint(public_key) != fp or doc.get("key_fingerprint", fp) != fp:
        return False, "the certificate names a different signing key (fingerprint mismatch)"
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(sig, canonical(facts))
    except (InvalidSignature, ValueError):
        return False, "INVALID signature: the certificate was altered or not signed by this key"
    return True, "valid signature by key " + fp[:16]

"""The vault for unredacted originals: encrypted on arrival, readable only through one audited call,
destroyed by crypto-shredding.

Each object gets a fresh AES-256-GCM data key. The plaintext is sealed in fixed-size chunks while
it streams in (STREAM construction: nonce = 11-byte chunk counter + 1-byte "last chunk" flag, AAD =
header + entry id), so the plaintext never touches disk and truncation or reordering is detected.
The data key is wrapped (AES-GCM) by the key-encryption key (KEK) from settings; the KEK is
``SARGAS_KEK`` (base64 of 32 bytes) or a file, generated with mode 0600 on first run if absent.
``destroy`` removes the wrapped key and the ciphertext (every stored version), writes a signed
destruction certificate and, after commit, checkpoints SQLite's WAL so the old key bytes do not
linger there. An active legal hold defers destruction (the sweeper finishes it once lifted).
The KEK and data-key wrapping live in ``retention.keys``, rotation in ``retention.rotation``; the
``VaultEntry`` table is in ``sargas.models`` (other packages query it).
"""

from __future__ import annotations

import hashlib
import struct
from datetime import datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from retention import audit, certificates, holds
from retention.keys import VaultError, kek_for, load_kek, unwrap_key, wrap_key
from sargas.clock import now
from sargas.db import new_id, wal_checkpoint
from sargas.models import ORIG_DESTROYED, VAULT_CHUNK, Attachment, VaultEntry
from sargas.models import VAULT_DESTROYED as DESTROYED
from sargas.models import VAULT_PENDING as PENDING
from sargas.models import VAULT_RETAINED as RETAINED
from sargas.settings import Settings
from sargas.storage import BlobStore, get_blob_store

MAGIC = b"SGV1"
TAG = 16
CHUNK = VAULT_CHUNK



class OriginalDestroyed(VaultError):
    pass


# --- streaming encryption -----------------------------------------------------------------------

def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class VaultWriter:
    """Encrypts plaintext chunk-wise straight into the blob store. ``finish`` returns the metadata;
    ``abort`` removes everything written. Use :func:`open_writer`, then :func:`register`."""

    def __init__(self, store: BlobStore, entry_id: str, kek_id: str, kek: bytes) -> None:
        self.entry_id = entry_id
        self.kek_id = kek_id
        self.blob_key = f"vault/{entry_id[:2]}/{entry_id}"
        self._dk = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self._dk)
        self._header = MAGIC + struct.pack(">I", CHUNK)
        self._aad = self._header + entry_id.encode()
        self._wrapped = wrap_key(kek, self._dk, entry_id)
        self._sink = store.writer(self.blob_key)
        self._sink.write(self._header)
        self._buf = bytearray()
        self._counter = 0
        self._sha = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes) -> None:
        if self.closed:
            raise VaultError("writer closed")
        self._sha.update(data)
        self.size += len(data)
        self._buf += data
        while len(self._buf) >= CHUNK + 1:  # keep at least one byte so the last chunk is non-final
            self._seal(bytes(self._buf[:CHUNK]), last=False)
            del self._buf[:CHUNK]

    def _seal(self, chunk: bytes, last: bool) -> None:
        self._sink.write(self._aead.encrypt(_nonce(self._counter, last), chunk, self._aad))
        self._counter += 1

    def finish(self) -> tuple[bytes, str, int]:
        """Seal the last chunk and commit the blob. Returns (wrapped_key, sha256 hex, size)."""
        self._seal(bytes(self._buf), last=True)
        self._buf.clear()
        self._sink.commit()
        self.closed = True
        self._dk = b""
        return self._wrapped, self._sha.hexdigest(), self.size

    def abort(self) -> None:
        self.closed = True
        self._buf.clear()
        self._sink.abort()

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()


def open_writer(store: BlobStore | None = None, settings: Settings | None = None,
                entry_id: str | None = None) -> VaultWriter:
    kek_id, kek = load_kek(settings)
    return VaultWriter(store or get_blob_store(settings), entry_id or new_id(), kek_id, kek)


def register(session: Session, writer: VaultWriter, wrapped: bytes, sha256: str, size: int, *,
             object_type: str, object_id: str | None, organisation_id: str | None,
             ticket_id: str | None) -> VaultEntry:
    """Record a finished writer's object as a VaultEntry (status pending)."""
    entry = VaultEntry(id=writer.entry_id, object_type=object_type, object_id=object_id,
                       organisation_id=organisation_id, ticket_id=ticket_id, blob_key=writer.blob_key,
                       wrapped_key=wrapped, kek_id=writer.kek_id, chunk_size=CHUNK, size=size,
                       sha256=sha256, status=PENDING, created_at=now())
    session.add(entry)
    return entry


def put_stream(session: Session, chunks, *, object_type: str, object_id: str | None,
               organisation_id: str | None, ticket_id: str | None,
               store: BlobStore | None = None) -> VaultEntry:
    """Encrypt an iterable of plaintext chunks into the vault; returns the (unflushed) VaultEntry."""
    w = open_writer(store)
    try:
        for c in chunks:
            w.write(c)
        wrapped, sha, size = w.finish()
    except BaseException:
        w.abort()
        raise
    return register(session, w, wrapped, sha, size, object_type=object_type, object_id=object_id,
                    organisation_id=organisation_id, ticket_id=ticket_id)


def _decrypt(blob: bytes, data_key: bytes, entry_id: str) -> bytes:
    header = blob[:8]
    if header[:4] != MAGIC:
        raise VaultError("not a vault object")
    (chunk,) = struct.unpack(">I", header[4:8])
    aead, aad = AESGCM(data_key), header + entry_id.encode()
    body, step, out, counter, pos = blob[8:], chunk + TAG, bytearray(), 0, 0
    while True:
        piece = body[pos:pos + step]
        pos += len(piece)
        last = pos >= len(body)
        out += aead.decrypt(_nonce(counter, last), piece, aad)
        counter += 1
        if last:
            return bytes(out)


def read_original(session: Session, entry_id: str, *, actor: str | None, purpose: str,
                  ip: str | None = None, actor_role: str | None = None,
                  store: BlobStore | None = None) -> bytes:
    """The only way to get an original's plaintext. Every call is audited (also refused ones)."""
    entry = session.get(VaultEntry, entry_id)
    if entry is None or entry.status == DESTROYED or entry.wrapped_key is None:
        audit.record(session, actor, "original.read_refused", "vault_entry", entry_id, ip,
                     {"purpose": purpose, "reason": "destroyed"}, actor_role=actor_role)
        raise OriginalDestroyed("the original has been destroyed")
    data_key = unwrap_key(kek_for(entry.kek_id), entry.wrapped_key, entry.id)
    data = _decrypt((store or get_blob_store()).get(entry.blob_key), data_key, entry.id)
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise VaultError("integrity check failed")
    audit.record(session, actor, "original.read", "vault_entry", entry_id, ip,
                 {"purpose": purpose, "object_id": entry.object_id, "size": entry.size},
                 actor_role=actor_role)
    return data


def retain(session: Session, entry: VaultEntry, *, coverage_kind: str, coverage_id: str,
           until: datetime | None, actor: str | None = None) -> None:
    entry.status = RETAINED
    entry.coverage_kind, entry.coverage_id, entry.retain_until = coverage_kind, coverage_id, until
    audit.record(session, actor, "original.retained", "vault_entry", entry.id, None,
                 {"coverage_kind": coverage_kind, "coverage_id": coverage_id, "object_id": entry.object_id})


def delete_blob(store: BlobStore, key: str) -> bool:
    """Delete every stored version of a blob. Stores that keep versions (S3 with versioning) implement
    ``delete_all_versions``; for the others ``delete`` is already final."""
    purge = getattr(store, "delete_all_versions", None)
    return bool(purge(key)) if callable(purge) else bool(store.delete(key))


_CHECKPOINT = "sargas_wal_checkpoint"


def _checkpoint_after_commit(session: Session) -> None:
    session.info[_CHECKPOINT] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_CHECKPOINT, None):
        try:
            wal_checkpoint(session.get_bind())  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001,S110 - the sweeper checkpoints again at the end of every run
            pass


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_CHECKPOINT, None)


def destroy(session: Session, entry: VaultEntry, *, reason: str, actor: str | None = None,
            ip: str | None = None, store: BlobStore | None = None, respect_hold: bool = True,
            request_id: str | None = None) -> bool:
    """Crypto-shred: drop the wrapped key, delete the ciphertext, mark destroyed, certify, audit.

    Returns True if this call destroyed the object; False if it was already destroyed (idempotent,
    exactly once even with concurrent callers: the status flip is a conditional UPDATE) or if an active
    legal hold defers it (then ``entry.destroy_due_at`` is set and the sweeper destroys it once the
    hold is lifted; ``entry.status`` stays pending/retained). ``reason`` is a policy code
    (``retention.certificates.POLICIES``). The caller commits; the WAL is checkpointed after commit.
    """
    if entry.status == DESTROYED and entry.wrapped_key is None:
        return False
    session.flush()
    if respect_hold and holds.is_held(session, entry.organisation_id, entry.ticket_id):
        if entry.destroy_due_at is None:
            entry.destroy_due_at, entry.destroy_due_reason = now(), reason
            audit.record(session, actor, "original.destroy_deferred", "vault_entry", entry.id, ip,
                         {"reason": reason, "object_id": entry.object_id, "cause": "legal_hold"})
        return False
    t = now()
    who = actor or audit.SYSTEM
    res = session.execute(
        update(VaultEntry).where(VaultEntry.id == entry.id, VaultEntry.status != DESTROYED)
        .values(wrapped_key=None, status=DESTROYED, destroyed_at=t, destroy_reason=reason,
                destroyed_by=who, lease_owner=None, lease_until=None, destroy_due_at=None)
        .execution_options(synchronize_session="fetch"))
    if res.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(entry)
        return False
    session.refresh(entry)
    delete_blob(store or get_blob_store(), entry.blob_key)
    if entry.object_type == "attachment" and entry.object_id:
        session.execute(update(Attachment).where(Attachment.vault_entry_id == entry.id)
                        .values(original=ORIG_DESTROYED).execution_options(synchronize_session="fetch"))
    if request_id is None and entry.coverage_kind == "transfer_request":
        request_id = entry.coverage_id
    certificates.issue(session, object_type=entry.object_type if entry.object_id else "vault_entry",
                       object_id=entry.object_id or entry.id, vault_entry_id=entry.id, sha256=entry.sha256,
                       size=entry.size, created_at=entry.created_at, destroyed_at=t, policy=reason,
                       actor=who, request_id=request_id, coverage_kind=entry.coverage_kind,
                       coverage_id=entry.coverage_id,
                       organisation_id=entry.organisation_id, ticket_id=entry.ticket_id)
    audit.record(session, actor, "original.destroyed", "vault_entry", entry.id, ip,
                 {"reason": reason, "object_id": entry.object_id, "sha256": entry.sha256, "size": entry.size})
    _checkpoint_after_commit(session)
    return True

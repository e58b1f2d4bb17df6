"""KEK rotation: re-wrap every live data key under the current KEK without touching the ciphertext.

* file-based KEK: :func:`rotate_kek_file` retires the current KEK file, writes a fresh one, re-wraps,
  then shreds the retired file once nothing references it (a crash halfway is harmless: entries carry
  the id of the KEK that wrapped them and the retired file stays readable until a run finishes);
* env-based KEK (``SARGAS_KEK``): :func:`rewrap_all` after the operator set the new key and listed the
  old one in ``SARGAS_KEK_PREVIOUS``.

Nothing here logs or returns key bytes; only key ids leave this module.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from retention import audit
from retention.keys import (
    VaultError,
    kek_id,
    keyring,
    load_kek,
    retired_dir,
    shred_file,
    unwrap_key,
    wrap_key,
)
from sargas.db import wal_checkpoint
from sargas.models import VAULT_DESTROYED as DESTROYED
from sargas.models import VaultEntry
from sargas.secretfile import write_secret
from sargas.settings import Settings, get_settings


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
    write_secret(rdir / f"{old_id}.key", base64.b64encode(old) + b"\n")
    new = secrets.token_bytes(32)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    write_secret(tmp, base64.b64encode(new) + b"\n")
    os.replace(tmp, path)
    count = rewrap_all(session_factory, s)
    with session_factory() as session:  # old wrapped keys must not linger in SQLite's WAL
        wal_checkpoint(session)
    still_used = _kek_ids_in_use(session_factory)
    shredded = 0
    for p in sorted(rdir.glob("*.key")):
        kid = kek_id(base64.b64decode(p.read_bytes().strip()))
        if kid not in still_used:
            shred_file(p)
            shredded += 1
    return {"old_kek_id": old_id, "new_kek_id": kek_id(new), "rewrapped": count,
            "retired_shredded": shredded}


def _kek_ids_in_use(session_factory: Callable[[], Session]) -> set[str]:
    with session_factory() as session:
        return set(session.scalars(select(VaultEntry.kek_id).where(VaultEntry.wrapped_key.is_not(None))
                                   .distinct()).all())

"""The one writer of secret files (KEK, signing key, web session secret): created exclusively
(``O_EXCL``) with mode 0600 in a 0700 directory, fsynced before it is used. An existing file is never
overwritten (the caller reads it instead), so two processes starting at once agree on one secret.

The content is written to a private temporary name first and then hard-linked into place (``link``
fails if the name exists), so a reader never sees the file empty or half-written: two uploads racing
to create the vault key on a fresh data directory once read a 0-byte key ("must be 32 bytes").
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_secret(path: Path, data: bytes) -> bool:
    """Create ``path`` with mode 0600 (exclusively); False if it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic and exclusive: the complete file appears, or nothing
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)

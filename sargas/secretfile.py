"""The one writer of secret files (KEK, signing key, web session secret): created exclusively
(``O_EXCL``) with mode 0600 in a 0700 directory, fsynced before it is used. An existing file is never
overwritten (the caller reads it instead), so two processes starting at once agree on one secret.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_secret(path: Path, data: bytes) -> bool:
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

"""Local-file blob store: files under a root directory (0700 directories, 0600 files).

A writer streams into a temporary file beside the target, fsyncs, renames on ``commit`` and fsyncs
the directory; ``abort`` removes the temporary file, so a crash never leaves a half-written blob
visible under its key.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from sargas.storage.base import BlobNotFound, check_key, write_chunks


class _LocalWriter:
    def __init__(self, final: Path) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = final.parent / f".tmp-{secrets.token_hex(8)}-{final.name}"
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        import fcntl  # held until close: start-up cleanup (intake_api.orphans) skips files in use

        fcntl.flock(fd, fcntl.LOCK_EX)
        self.fh = os.fdopen(fd, "wb")
        self.done = False

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.final)
        self.done = True
        try:
            dfd = os.open(self.final.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            self.fh.close()
        finally:
            self.tmp.unlink(missing_ok=True)


class LocalBlobStore:
    """Files under a root directory (mode 0700 directories, 0600 files)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def writer(self, key: str) -> _LocalWriter:
        return _LocalWriter(self._path(key))

    def put(self, key: str, data: bytes) -> None:
        write_chunks(self, key, (data,))

    def put_chunks(self, key: str, chunks: Iterable[bytes]) -> None:
        write_chunks(self, key, chunks)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    def iter_chunks(self, key: str, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        try:
            fh = self._path(key).open("rb")
        except FileNotFoundError:
            raise BlobNotFound(key) from None
        with fh:
            while chunk := fh.read(chunk_size):
                yield chunk

    def delete(self, key: str) -> bool:
        p = self._path(key)
        try:
            p.unlink()
        except FileNotFoundError:
            return False
        return True

    def delete_all_versions(self, key: str) -> bool:
        """Remove every stored copy of ``key``: the file and any stray temporary file of an aborted
        write. (An S3 store deletes every object version and delete marker here; the vault calls this
        when it destroys an original.)"""
        p = self._path(key)
        for tmp in p.parent.glob(f".tmp-*-{p.name}") if p.parent.is_dir() else ():
            tmp.unlink(missing_ok=True)
        return self.delete(key)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str = "") -> Iterator[str]:
        for p in sorted(self.root.rglob("*")):
            if p.is_file() and not p.name.startswith(".tmp-"):
                rel = p.relative_to(self.root).as_posix()
                if rel.startswith(prefix):
                    yield rel

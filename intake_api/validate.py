"""Cheap structural checks made while an upload streams (no decoding, constant memory), so that a
damaged or password-protected file is refused at once with a 4xx and nothing is stored. The
redactor stays the authority: whatever passes here and still fails there fails closed later.
"""

from __future__ import annotations

import struct
import zlib

from redactor.errors import CorruptFile, EncryptedFile
from redactor.types import FileType

TAIL = 8192


class StreamCheck:
    """Feed every plaintext chunk to :meth:`feed`; :meth:`finish` raises a RedactorError subclass
    (:class:`CorruptFile` / :class:`EncryptedFile`) if the file is evidently broken or encrypted."""

    def __init__(self, ftype: FileType) -> None:
        self.ftype = ftype
        self.tail = b""
        self.size = 0
        # PNG chunk walker state
        self._buf = bytearray()
        self._need_sig = True
        self._chunk_left = 0  # data bytes + 4 CRC bytes still to consume of the current chunk
        self._crc = 0
        self._ctype = b""
        self._crc_bytes = bytearray()
        self._chunks = 0
        self._first = b""
        self._last = b""
        self._broken = False

    def feed(self, data: bytes) -> None:
        self.size += len(data)
        self.tail = (self.tail + data)[-TAIL:]
        if self.ftype is FileType.PNG and not self._broken:
            self._png(data)

    def _png(self, data: bytes) -> None:
        buf = self._buf
        buf += data
        pos = 0
        if self._need_sig:
            if len(buf) < 8:
                return
            pos, self._need_sig = 8, False
        while pos < len(buf):
            if self._chunk_left == 0:
                if len(buf) - pos < 8:
                    break
                length, ctype = struct.unpack(">I4s", bytes(buf[pos:pos + 8]))
                if length > 0x7FFFFFFF or not ctype.isalpha():
                    self._broken = True
                    return
                self._ctype, self._crc, self._chunk_left = ctype, zlib.crc32(ctype), length + 4
                self._crc_bytes.clear()
                self._chunks += 1
                self._first = self._first or ctype
                self._last = ctype
                pos += 8
                continue
            take = min(self._chunk_left, len(buf) - pos)
            data_left = self._chunk_left - 4  # bytes of chunk data still before the CRC
            if data_left > 0:
                n = min(take, data_left)
                self._crc = zlib.crc32(buf[pos:pos + n], self._crc)
                pos += n
                self._chunk_left -= n
                continue
            n = min(take, self._chunk_left)
            self._crc_bytes += buf[pos:pos + n]
            pos += n
            self._chunk_left -= n
            if self._chunk_left == 0 and struct.unpack(">I", bytes(self._crc_bytes))[0] != self._crc:
                self._broken = True
                return
        del buf[:pos]

    def finish(self) -> None:
        t = self.ftype
        if t is FileType.PNG:
            if self._broken or self._chunk_left or self._first != b"IHDR" or self._last != b"IEND":
                raise CorruptFile("The PNG image is damaged or incomplete.")
        elif t is FileType.JPEG:
            if b"\xff\xd9" not in self.tail[-1024:]:
                raise CorruptFile("The JPEG image is damaged or incomplete.")
        elif t is FileType.PDF:
            if b"%%EOF" not in self.tail[-2048:]:
                raise CorruptFile("The PDF document is damaged or incomplete.")
            if b"/Encrypt" in self.tail:
                raise EncryptedFile()
        elif t.family == "zip":
            if b"PK\x05\x06" not in self.tail:  # no end-of-central-directory record: cut off
                raise CorruptFile("The file is damaged or incomplete (its ZIP directory is missing).")

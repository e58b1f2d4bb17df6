"""ZIP archives: every member redacted by its own type, a ZIP of the redacted members out.

Unpacking is bounded (:func:`redactor.formats.package.read_zip`: member count, total unpacked
size and per-member ratio, counted over nested archives together through the shared budget) and
so is nesting (``Limits.max_depth``). Members go through :func:`redactor.engine.redact` one level
deeper; their names are redacted too (each path component analysed, unsafe paths such as ``../``
or absolute ones flattened), and the extension follows the redacted output (``.msg`` → ``.eml``).
A member that is refused (unsupported, encrypted, damaged, too deep) is left out and listed in the
warnings by number, extension and reason (never by name); the archive itself fails only when it
cannot be read or a limit for the whole is crossed.
"""

from __future__ import annotations

import posixpath

from redactor.errors import EncryptedFile, RedactorError, UnsupportedType
from redactor.formats import DocContext, DocOutput
from redactor.formats.package import read_zip, write_zip
from redactor.textredact import PieceSet
from redactor.types import FileType


def _components(name: str) -> list[str]:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":
        parts = parts[1:]
    return parts


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.ZIP) -> DocOutput:
    members = read_zip(data, ctx.limits, budget=ctx.budget, allow_encrypted=True)
    ps = PieceSet()
    paths: list[list[str]] = []
    for i, m in enumerate(members):
        comps = _components(m.name)
        for j in range(len(comps)):
            ps.add(comps[j], lambda v, c=comps, j=j: c.__setitem__(j, v), i)
        paths.append(comps)
    ctx.add_spans(ps.redact(ctx.lang))
    out: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for i, (m, comps) in enumerate(zip(members, paths, strict=True)):
        if not comps:
            continue
        name = "/".join(comps)
        if m.info.is_dir():
            out.append((name + "/", b""))
            continue
        try:
            if m.encrypted:
                raise EncryptedFile()
            if not m.data:
                raise UnsupportedType("The file is empty.")
            result = ctx.redact_embedded(m.data, i)
        except RedactorError as exc:
            kind = posixpath.splitext(name)[1][:10] or "no extension"  # never the name: it may be personal
            ctx.warnings.append(f"Archive member {i + 1} ({kind}) was refused ({exc.code}) and left out.")
            continue
        stem, ext = posixpath.splitext(name)
        want = "." + result.file_type.extension
        name = name if ext.lower() == want or (ext.lower() == ".jpeg" and want == ".jpg") else stem + want
        while name in seen:
            stem, ext = posixpath.splitext(name)
            name = f"{stem}-{i}{ext}"
        seen.add(name)
        out.append((name, result.data))
    return DocOutput(write_zip(out), FileType.ZIP, parts=len(out))

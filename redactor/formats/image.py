"""Raster images: PNG, JPEG, WEBP, TIFF (all pages), BMP, GIF (all frames).

Pixels are OCR'd per frame; redacted boxes are filled opaque black and the file is re-encoded from
raw pixels, so EXIF/GPS, ICC profiles, comments and PNG text chunks are all gone. The output keeps
the input's format and pixel size (an EXIF rotation is applied to the pixels first, so the copy
looks the way the original was displayed).
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from redactor.errors import CorruptFile, ImageBomb, TooManyPages
from redactor.formats import Progress
from redactor.limits import Limits
from redactor.ocr import Word, ocr_many
from redactor.textmap import Hit
from redactor.types import FileType

PAD = 2  # pixels of fill around every word box

_PIL_FORMAT = {FileType.PNG: "PNG", FileType.JPEG: "JPEG", FileType.WEBP: "WEBP",
               FileType.TIFF: "TIFF", FileType.BMP: "BMP", FileType.GIF: "GIF"}


def _open(data: bytes, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageBomb() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile() from exc
    w, h = im.size
    if w <= 0 or h <= 0:
        raise CorruptFile()
    if w * h > limits.max_pixels:
        raise ImageBomb()
    return im


def _frames(im: Image.Image, limits: Limits) -> tuple[list[Image.Image], list[int]]:
    n = int(getattr(im, "n_frames", 1) or 1)
    if n > limits.max_pages:
        raise TooManyPages(f"The image has {n} frames or pages; at most {limits.max_pages} are accepted.")
    frames: list[Image.Image] = []
    durations: list[int] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            for i in range(n):
                im.seek(i)
                if im.size[0] * im.size[1] > limits.max_pixels:
                    raise ImageBomb()
                durations.append(int(im.info.get("duration", 0) or 0))
                fr = im.copy()
                fr.load()
                if i == 0 and n == 1:
                    fr = ImageOps.exif_transpose(fr) or fr
                frames.append(_normal_mode(fr))
    except Image.DecompressionBombError as exc:
        raise ImageBomb() from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile() from exc
    return frames, durations


def _normal_mode(fr: Image.Image) -> Image.Image:
    if fr.mode in ("RGB", "L", "RGBA"):
        return fr
    if fr.mode in ("LA", "PA") or (fr.mode == "P" and "transparency" in fr.info):
        return fr.convert("RGBA")
    if fr.mode in ("1", "I;16", "I;16B", "I;16L", "I", "F"):
        return fr.convert("L") if fr.mode != "1" else fr.convert("L")
    return fr.convert("RGB")


class ImageHandler:
    def __init__(self, file_type: FileType, data: bytes, *, lang: str, limits: Limits) -> None:
        self.file_type = file_type
        self.lang = lang
        self.limits = limits
        im = _open(data, limits)
        self._frames, self._durations = _frames(im, limits)
        self._loop = im.info.get("loop", 0)
        self.pages = len(self._frames)
        self.ocr_pages = 0
        self.warnings: list[str] = []

    def words(self, progress: Progress | None = None) -> list[list[Word]]:
        out: list[list[Word]] = []
        for words in ocr_many(self._frames, lang=self.lang, timeout=self.limits.ocr_timeout):
            out.append(words)
            self.ocr_pages += 1
            if progress:
                progress(len(out), self.pages)
        return out

    def redact(self, hits: list[Hit]) -> bytes:
        for fno, fr in enumerate(self._frames):
            draw = ImageDraw.Draw(fr)
            black = {"L": 0, "RGB": (0, 0, 0), "RGBA": (0, 0, 0, 255)}[fr.mode]
            for h in hits:
                if h.page != fno:
                    continue
                x0, y0, x1, y1 = h.box
                box = (max(0, math.floor(x0) - PAD), max(0, math.floor(y0) - PAD),
                       min(fr.width - 1, math.ceil(x1) + PAD), min(fr.height - 1, math.ceil(y1) + PAD))
                if box[2] >= box[0] and box[3] >= box[1]:
                    draw.rectangle(box, fill=black)
        return self._encode()

    def _encode(self) -> bytes:
        fmt = _PIL_FORMAT[self.file_type]
        # rebuild every frame from raw pixels: nothing of the original container survives
        frames = [Image.frombytes(f.mode, f.size, f.tobytes()) for f in self._frames]
        if fmt == "JPEG":
            frames = [f.convert("RGB") if f.mode == "RGBA" else f for f in frames]
        buf = io.BytesIO()
        first, rest = frames[0], frames[1:]
        kw: dict = {}
        if fmt == "JPEG":
            kw = {"quality": 92}
        elif fmt == "WEBP":
            kw = {"quality": 92, "method": 4}
        elif fmt == "PNG":
            kw = {"compress_level": 6}
        elif fmt == "TIFF":
            kw = {"compression": "tiff_deflate"}
        elif fmt == "GIF":
            kw = {"loop": self._loop,
                  "duration": self._durations if len(frames) > 1 else (self._durations or [0])[0]}
        if rest and fmt in ("TIFF", "GIF", "WEBP", "PNG"):
            kw.update(save_all=True, append_images=rest)
        first.save(buf, format=fmt, **kw)
        return buf.getvalue()

    def close(self) -> None:
        for f in self._frames:
            f.close()
        self._frames = []

"""Raster images: PNG, JPEG, WEBP, TIFF (all pages), BMP, GIF (all frames).

Limits (fail closed with typed errors): pixels per frame, frames per file and all frames' pixels
together, checked from the headers (:mod:`redactor.probe`) before anything is decoded and again
while frames are decoded. Pixels are OCR'd per frame; redacted boxes are filled opaque black and
the file is re-encoded from raw pixels, so EXIF/GPS, ICC profiles, comments and PNG text chunks
are all gone. The output keeps the input's format and stored pixel size; an EXIF rotation is used
for OCR (text upright) and the boxes are mapped back to the stored pixels. The rotation tag itself
is dropped with the EXIF.
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageDraw, UnidentifiedImageError

from redactor.errors import CorruptFile, ImageBomb, TooManyPages
from redactor.limits import Limits
from redactor.ocr import Word, ocr_many
from redactor.probe import image_totals
from redactor.textmap import Hit
from redactor.types import Box, FileType, Progress
from redactor.words import covered_share

PAD = 2  # pixels of fill around every word box, at least ...
PAD_FRACTION = 0.12  # ... or sideways this share of the box height (photos: blurred glyph edges)

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
    try:
        image_totals(im, limits)  # size, frames and all frames' pixels, from the headers only
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile() from exc
    return im


def _frames(im: Image.Image, limits: Limits) -> tuple[list[Image.Image], list[int]]:
    n = int(getattr(im, "n_frames", 1) or 1)
    if n > limits.max_pages:
        raise TooManyPages(f"The image has {n} frames or pages; at most {limits.max_pages} are accepted.")
    frames: list[Image.Image] = []
    total = 0  # decoded pixels so far: every frame is kept in memory until the copy is written
    durations: list[int] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            for i in range(n):
                im.seek(i)
                if im.size[0] * im.size[1] > limits.max_pixels:
                    raise ImageBomb()
                total += im.size[0] * im.size[1]
                if total > limits.max_image_total_pixels:
                    raise ImageBomb()
                durations.append(int(im.info.get("duration", 0) or 0))
                fr = im.copy()
                fr.load()
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


_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}


def _upright(frame: Image.Image, orientation: int) -> Image.Image:
    """The frame as a viewer shows it (EXIF orientation applied), for OCR only."""
    method = _TRANSPOSE.get(orientation)
    return frame.transpose(method) if method is not None else frame


def _to_stored(box: Box, orientation: int, w: int, h: int) -> Box:
    """Map a box from the upright view back to stored pixel coordinates (w x h stored)."""
    x0, y0, x1, y1 = box

    def pt(x: float, y: float) -> tuple[float, float]:
        return {2: (w - x, y), 3: (w - x, h - y), 4: (x, h - y), 5: (y, x), 6: (y, h - x),
                7: (w - y, h - x), 8: (w - y, x)}.get(orientation, (x, y))

    (ax, ay), (bx, by) = pt(x0, y0), pt(x1, y1)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


class ImageHandler:
    def __init__(self, file_type: FileType, data: bytes, *, lang: str, limits: Limits) -> None:
        self.file_type = file_type
        self.lang = lang
        self.limits = limits
        im = _open(data, limits)
        # frames first: reading EXIF can half-load a broken PNG, which must fail here instead
        self._frames, self._durations = _frames(im, limits)
        try:
            self._orientation = int(im.getexif().get(0x0112, 1) or 1) if im.format != "GIF" else 1
        except Exception:  # noqa: BLE001 - a broken EXIF block only loses the rotation hint
            self._orientation = 1
        self._loop = im.info.get("loop", 0)
        self.pages = len(self._frames)
        self.ocr_pages = 0
        self.warnings: list[str] = []
        self._words: list[list[Word]] = []  # the words read, per frame: the bars stop short of the kept ones

    def words(self, progress: Progress | None = None) -> list[list[Word]]:
        out: list[list[Word]] = []
        views = (_upright(f, self._orientation) for f in self._frames)
        for fr, words in zip(self._frames, ocr_many(views, lang=self.lang, timeout=self.limits.ocr_timeout),
                             strict=True):
            for w in words:
                w.box = _to_stored(w.box, self._orientation, fr.width, fr.height)
            out.append(words)
            self._words.append(words)
            self.ocr_pages += 1
            if progress:
                progress(len(out), self.pages)
        return out

    def redact(self, hits: list[Hit]) -> bytes:
        for fno, fr in enumerate(self._frames):
            draw = ImageDraw.Draw(fr)
            black = {"L": 0, "RGB": (0, 0, 0), "RGBA": (0, 0, 0, 255)}[fr.mode]
            mine = [h.box for h in hits if h.page == fno]
            kept = _kept_boxes(self._words[fno] if fno < len(self._words) else [], mine)
            for x0, y0, x1, y1 in mine:
                pad = max(PAD, math.ceil(PAD_FRACTION * (y1 - y0)))  # sideways only: lines can abut
                top, bottom = _vertical_extent((x0 - pad, y0, x1 + pad, y1), kept)
                box = (max(0, math.floor(x0) - pad), max(0, top),
                       min(fr.width - 1, math.ceil(x1) + pad), min(fr.height - 1, bottom))
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


def _kept_boxes(words: list[Word], bars: list[Box]) -> list[Box]:
    """Boxes of the words no bar covers (more than half of): the text that stays readable. A word
    without a letter or digit ("=", "—": a diacritic or a rule OCR read as a glyph) is none."""
    return [w.box for w in words if any(ch.isalnum() for ch in w.text)
            and not any(covered_share(w.box, c) > 0.5 for c in bars)]


def _vertical_extent(bar: Box, kept: list[Box]) -> tuple[int, int]:
    """Top and bottom pixel rows of a bar: :data:`PAD` beyond its box, but never past the middle of
    the gap to a kept word of the line above or below (a dense log's lines are 2-3 pixels apart: a
    full pad blacks out the top or bottom row of the next line's values). A kept word whose box
    reaches into the bar's rows counts by its middle: the region pass gives a word of a two-line
    box (a ticket number over its date in a mail list) that whole box's height, and the pad below a
    name then cut the top off the ticket number under it; such a bar gets no pad on that side."""
    x0, y0, x1, y1 = bar
    top, bottom = math.floor(y0) - PAD, math.ceil(y1) + PAD
    for k in kept:
        if k[2] <= x0 or k[0] >= x1 or k[3] - k[1] < 0.5 * (y1 - y0):
            continue  # (a fragment much smaller than the bar's line is no line of text)
        mid = (k[1] + k[3]) / 2
        if mid < y0 and y0 - 2 * PAD < k[3]:  # a kept word just above
            top = max(top, math.ceil((k[3] + y0) / 2))
        elif mid > y1 and k[1] < y1 + 2 * PAD:  # just below
            bottom = min(bottom, math.floor((k[1] + y1) / 2))
    return min(top, math.floor(y0)), max(bottom, math.ceil(y1))

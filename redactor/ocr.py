"""Tesseract OCR of one raster into word boxes.

Tesseract runs as a subprocess fed through stdin/stdout (no temporary files holding document
content), single-threaded (``OMP_THREAD_LIMIT=1``: its OpenMP threads only fight each other on a
busy machine) and under a hard timeout.

Screenshots are small 96-dpi UI text: the raster is converted to grey, dark themes are inverted so
text is dark on light, and small images are upscaled before recognition. Word boxes are returned in
the coordinates of the input raster.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageOps

from redactor.errors import ProcessingTimeout, RedactorError
from redactor.types import Box

LANGS = "lit+lav+rus+eng"
STRETCH = (150, 235)
_LANG_MAP = {"lt": "lit+eng", "lv": "lav+eng", "ru": "rus+eng", "en": "eng"}


@dataclass(slots=True)
class Word:
    """One recognised word; ``line`` groups words of one text line (reading order)."""

    text: str
    box: Box
    line: tuple[int, ...] = ()
    conf: float = 0.0
    chars: list[Box] | None = field(default=None)  # per-character boxes when known (PDF text)


# '@' is often read as a Latvian/Lithuanian letter by the lit/lav models ("nameĢmail.lv",
# "name(dmail.lv"); a domain-looking tail after it makes the intent unambiguous.
_AT_RE = re.compile(r"(?:(?<=[a-z0-9._-])(?:\(?[Ģģ©]G?|\(d|\(a|\(Q)|(?<=[a-z0-9])G[B8]?)"
                    r"(?=[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-zA-Z]{2,}\b)")
# ... and a lower-case "l" in a top-level domain as "I" (".It", ".Iv").
_TLD_RE = re.compile(r"(?<=\.)I(?=[tvu]\b)")


# IBAN check digits are digits: "LTO7" -> "LT07".
_IBAN_HEAD_RE = re.compile(r"^([A-Z]{2})(O\d|\dO|OO)(?=[0-9A-Z]*$)")


def fix_word(text: str) -> str:
    """Undo OCR confusions that break e-mail addresses and IBANs; other words stay unchanged."""
    if text[:2].isupper() and "O" in text[2:4]:
        text = _IBAN_HEAD_RE.sub(lambda m: m.group(1) + m.group(2).replace("O", "0"), text)
    if "@" not in text and "." in text:
        text = _AT_RE.sub("@", text, count=1)
    if "@" in text:
        head, _, tail = text.partition("@")
        text = head + "@" + _TLD_RE.sub("l", tail)
    return text


def languages(lang: str) -> str:
    return _LANG_MAP.get(lang) or LANGS


def _tesseract() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise RedactorError("The text recogniser (tesseract) is not installed on this server.")
    return exe


def choose_scale(width: int, height: int) -> float:
    """Upscale factor for a raster: small screenshots get more pixels per glyph.

    Measured on the dev corpus (96-dpi screenshots and photos of 1000-1460 px): 1.5x reads as
    much as 2x or more and costs less; 1.25x and 1x lose e-mail addresses.
    """
    longest = max(width, height)
    if longest <= 900:
        return 2.0
    if longest <= 2200:
        return 1.5
    return 1.0


def prepare(img: Image.Image, scale: float, stretch: tuple[int, int] | None = None) -> Image.Image:
    """Grey, dark-on-light, upscaled copy of ``img`` for recognition.

    A dark theme (dark median) is inverted; Tesseract itself re-reads inverted lines (coloured chat
    bubbles with white text). ``stretch=(lo, hi)`` maps grey ``lo`` to black and ``hi`` to white:
    pale grey UI text (disabled fields, hints) on near-white backgrounds becomes dark enough for
    Tesseract's binarisation. (A per-region polarity normalisation was tried and lost recall.)
    """
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba)
    grey = img.convert("L")
    if float(np.median(np.asarray(grey))) < 110:
        grey = ImageOps.invert(grey)
    if stretch is not None:
        lo, hi = stretch
        grey = grey.point([min(255, max(0, round((v - lo) * 255 / (hi - lo)))) for v in range(256)])
    if scale != 1.0:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.BICUBIC)
    return grey


def run_tesseract(img: Image.Image, langs: str, timeout: float, psm: int = 3,
                  extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Run tesseract on ``img`` and return its TSV rows (word level)."""
    buf = io.BytesIO()
    img.save(buf, format="PPM" if img.mode in ("L", "RGB") else "PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [_tesseract(), "stdin", "stdout", "-l", langs, "--psm", str(psm), *extra, "tsv"]
    try:
        proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ProcessingTimeout("Text recognition took too long and was stopped.") from exc
    if proc.returncode != 0:
        raise RedactorError("Text recognition failed for this file.")
    text = proc.stdout.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def ocr_words(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0,
              scale: float | None = None, pad: float = 0.0, psm: int = 3,
              extra: tuple[str, ...] = (), stretch: tuple[int, int] | None = None) -> list[Word]:
    """Recognise ``img``; words in reading order with boxes in ``img`` pixel coordinates."""
    if scale is None:
        scale = choose_scale(img.width, img.height)
    if stretch is None:
        stretch = STRETCH
    prepared = prepare(img, scale, stretch)
    rows = run_tesseract(prepared, languages(lang), timeout, psm=psm, extra=extra)
    words: list[Word] = []
    for r in rows:
        if r.get("level") != "5":
            continue
        txt = (r.get("text") or "").strip()
        if not txt:
            continue
        x, y, w, h = (int(r[k]) for k in ("left", "top", "width", "height"))
        box = ((x - pad) / scale, (y - pad) / scale, (x + w + pad) / scale, (y + h + pad) / scale)
        key = (int(r["block_num"]), int(r["par_num"]), int(r["line_num"]))
        words.append(Word(fix_word(txt), box, key, float(r.get("conf") or 0)))
    return _line_height(words)


def ocr_words_thorough(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0) -> list[Word]:
    """Layout pass (``--psm 3``) plus a sparse-text pass (``--psm 11``) for scanned pages.

    Tesseract's page layout analysis sometimes drops whole table cells of a scan (the last row of a
    ruled table, a cell next to a border); the sparse pass finds text wherever it is. Its words are
    added where the layout pass has nothing, each as a line of its own; a layout word the sparse
    pass reads as several words is split (see :func:`merge_sparse`).
    """
    layout = ocr_words(img, lang=lang, timeout=timeout)
    return merge_sparse(layout, ocr_words(img, lang=lang, timeout=timeout, psm=11))


def merge_sparse(layout: list[Word], sparse: list[Word]) -> list[Word]:
    """Join the sparse pass's words into the layout pass's.

    * A layout word whose text is exactly two or more sparse words inside its box, left to right
      ("AllenLorraine" where the sparse pass read "Allen" "Lorraine"), lost an inter-word space: it
      is replaced by those words (same line). A value split across such a join is otherwise missed.
    * A sparse word where the layout pass has nothing is added as a line of its own.
    """
    words: list[Word] = []
    for w in layout:
        height = w.box[3] - w.box[1]
        parts = sorted((s for s in sparse if _overlap(s.box, w.box) > 0.5
                        and s.box[3] - s.box[1] >= 0.5 * height),  # not a rule under the word
                       key=lambda s: s.box[0])
        if len(parts) >= 2 and "".join(p.text for p in parts) == w.text:
            words += [Word(p.text, p.box, w.line, p.conf, p.chars) for p in parts]
        else:
            words.append(w)
    for w in sparse:
        if not any(_overlap(w.box, o.box) > 0.3 for o in words):
            words.append(Word(w.text, w.box, (100_000 + w.line[0], *w.line[1:]), w.conf, w.chars))
    return words


def _overlap(a: Box, b: Box) -> float:
    """Share of ``a``'s area covered by ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return (w * h) / max((a[2] - a[0]) * (a[3] - a[1]), 1e-6)


def _line_height(words: list[Word]) -> list[Word]:
    """Stretch each word box to the top/bottom of its line neighbours.

    Tesseract's boxes hug the ink: "nona" is shorter than "Holly" on the same line. The value
    should be covered over the whole line height; only nearby words of the same line count
    (lines in photos are skewed).
    """
    by_line: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    for line in by_line.values():
        if len(line) < 2:
            continue
        boxes = [w.box for w in line]
        for w, (x0, y0, x1, y1) in zip(line, boxes, strict=True):
            reach = 2.0 * (y1 - y0)
            near = [b for b in boxes if b[0] - reach <= x1 and x0 - reach <= b[2]]
            top, bottom = min(b[1] for b in near), max(b[3] for b in near)
            if bottom - top <= 1.6 * (y1 - y0) + 2:
                w.box = (x0, top, x1, bottom)
    return words


def workers() -> int:
    """Parallel tesseract processes for multi-page documents (``SARGAS_OCR_WORKERS``, default 2)."""
    try:
        n = int(os.environ.get("SARGAS_OCR_WORKERS", "2"))
    except ValueError:
        n = 2
    return max(1, min(n, os.cpu_count() or 1))


def ocr_many(images: Iterable[Image.Image], *, lang: str, timeout: float,
             thorough: bool = False) -> Iterator[list[Word]]:
    """OCR a sequence of rasters, a few at a time in parallel; results in input order.

    ``thorough`` adds the sparse-text pass (:func:`ocr_words_thorough`). At most ``2 * workers()``
    rasters are held in memory at once.
    """
    fn = ocr_words_thorough if thorough else ocr_words
    n = workers()
    if n == 1:
        for img in images:
            yield fn(img, lang=lang, timeout=timeout)
        return
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="ocr") as pool:
        pending = []
        for img in images:
            pending.append(pool.submit(fn, img, lang=lang, timeout=timeout))
            if len(pending) >= 2 * n:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()

"""Tesseract OCR of one raster into word boxes.

Tesseract runs as a subprocess fed through stdin/stdout (no temporary files holding document
content), single-threaded (``OMP_THREAD_LIMIT=1``: its OpenMP threads only fight each other on a
busy machine) and under a limit on its CPU time (the work, not the machine's load; see
:func:`run_tesseract`).

Rendered screens are read by the region pass (:mod:`redactor.regions`); photos and scans by one
page pass over a grey copy made dark-on-light (:mod:`redactor.pageprep`), upscaled when small, plus
one sparse pass over only the ink it left unread (:mod:`redactor.sparse`; for photos over a copy
with every dark area inverted on its own), each rotated level first when tilted (:mod:`redactor.deskew`).
Word boxes are returned in the coordinates of the input raster.
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

import numpy as np
from PIL import Image

from redactor import deskew, regions, sparse
from redactor.errors import ProcessingTimeout, RedactorError
from redactor.langid import SETS
from redactor.pageprep import STRETCH, prepare
from redactor.unread_words import CONF_FLOOR, flag_unsure_words
from redactor.words import Word, covered_share, fix_word, join_split_mail, line_height, merge_sparse
from redactor.wordscript import with_fixed_scripts

__all__ = ["Word", "fix_word", "languages", "merge_sparse", "ocr_image", "ocr_many", "ocr_regions",
           "ocr_words"]

LANGS = "lit+lav+rus+eng"
_MODEL = {"lt": "lit", "lv": "lav", "ru": "rus", "en": "eng"}  # Tesseract model per language


def languages(lang: str) -> str:
    """Tesseract's language string for a redaction language: its set (``langid.SETS``), English
    always in it; all four models (``LANGS``) for ``auto`` or a language without a set."""
    among = SETS.get(lang)
    if among is None:
        return LANGS
    return "+".join([_MODEL[x] for x in among if x != "en"] + ["eng"])


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


def run_tesseract(img: Image.Image, langs: str, timeout: float, psm: int = 3,
                  extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Run tesseract on ``img`` and return its TSV rows (word level).

    ``timeout`` limits the *work*: the CPU seconds of the tesseract process (read from
    /proc/<pid>/stat while it runs). A wall-clock backstop of ``4 x timeout + 60 s`` catches a
    process that makes no progress at all; reaching it with the CPU limit unspent means the machine
    is busy, not that the page is too hard, so the page is tried again (up to 2 more times) instead
    of failing the document. Tesseract gets SIGKILL if the redactor process dies (PDEATHSIG)."""
    import signal
    import threading
    import time

    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1)  # tesseract reads a 5 MB PPM on stdin 0.2 s slower
    data = buf.getvalue()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [_tesseract(), "stdin", "stdout", "-l", langs, "--psm", str(psm), *extra, "tsv"]
    tick = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        except (OSError, IndexError, ValueError):
            return 0.0

    try:  # resolved here, not in the forked child (no imports between fork and exec)
        import ctypes

        prctl = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        prctl = None

    def pdeathsig() -> None:  # in the child, before exec: die with the thread that started us
        if prctl is not None:
            prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG

    for _attempt in range(3):
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, preexec_fn=pdeathsig)  # noqa: PLW1509 - only prctl, async-safe
        backstop = time.monotonic() + 4 * timeout + 60
        result: list[bytes] = []
        # communicate() in its own thread: it feeds stdin and drains stdout/stderr without deadlock,
        # while this thread watches the CPU time (a retried communicate(timeout=) stops feeding stdin)
        feeder = threading.Thread(target=lambda p=proc, r=result: r.append(p.communicate(input=data)[0]),
                                  name="sargas-tesseract-io", daemon=True)
        feeder.start()
        busy = False
        while feeder.is_alive():
            feeder.join(0.25)
            if not feeder.is_alive():
                break
            if cpu_seconds(proc.pid) > timeout:
                proc.kill()
                feeder.join()
                raise ProcessingTimeout("Text recognition took too long and was stopped.")
            if time.monotonic() > backstop:
                proc.kill()
                feeder.join()
                busy = True
        if not busy:
            if proc.returncode != 0 or not result:
                raise RedactorError("Text recognition failed for this file.")
            text = result[0].decode("utf-8", "replace")
            return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    raise ProcessingTimeout("Text recognition could not finish on this busy server; "
                            "please upload the file again later.")


def ocr_words(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0,
              scale: float | None = None, pad: float = 0.0, psm: int = 3,
              extra: tuple[str, ...] = (), stretch: tuple[int, int] | None = None,
              local: bool = False, prepared: Image.Image | None = None) -> list[Word]:
    """Recognise ``img``; words in reading order with boxes in ``img`` pixel coordinates
    (``local``: dark areas inverted one by one, see :func:`redactor.pageprep.prepare`;
    ``prepared``: that copy, already made at ``scale``)."""
    if scale is None:
        scale = choose_scale(img.width, img.height)
    if stretch is None:
        stretch = STRETCH
    if prepared is None:
        prepared = prepare(img, scale, stretch, local=local)
    rows = run_tesseract(prepared, languages(lang), timeout, psm=psm, extra=extra)
    return line_height(words_of(rows, scale, pad))


def words_of(rows: list[dict[str, str]], scale: float = 1.0, pad: float = 0.0) -> list[Word]:
    """The words of tesseract's TSV rows, boxes divided by ``scale`` (grown by ``pad`` first)."""
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
    return words


SCREEN_FLAT = 0.5  # flat-colour share above which a raster is a rendered screen (dev: >= 0.86 vs <= 0.28)


WORD_SHAPE = 1.5  # a photo's uncovered ink area narrower than this x its height holds no value


def ocr_image(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0) -> list[Word]:
    """Words of one raster: a rendered screen by :func:`ocr_regions`; a camera photo (no flat
    colour; one paper background, text already dark on light) by the page pass :func:`ocr_words`,
    which measured better on photos (dev photos: 0.98 vs 0.83 recall).

    What the page pass leaves unread in a photo (a dark panel, a vignetted corner, a table its
    layout analysis dropped) is read again with every dark area inverted on its own and the light
    flattened (``local``, see :func:`redactor.pageprep.prepare`): alone that reads 77 of 79
    own-corpus photo values (was 52) but lost one the plain pass reads (an e-mail address in a dev
    photo), so it only adds words. It reads only the ink of that copy no plain word covers, in
    areas shaped like a word (not an icon, a bullet, a speck: :data:`WORD_SHAPE`), on one canvas
    (:func:`_reread`), and not at all when there is none (5 of 11 dev and own-corpus photos need
    it: dark panels, a vignetted form, tables the layout pass dropped). Measured (bench/page_cost.py
    photo row, CPU against one bare pass over the prepared page): dev 2.44x -> 1.61x, own corpus
    2.61x -> 1.84x, the same values read and kept; what is left is that pass's model loading
    (0.17 s for four languages) and the Python around the passes (0.2 s). How it fails: a
    dark-panel word the plain pass covered with a wrong word is not read again; a value of one or
    two glyphs alone in an area (narrower than 1.5x its height) is not read again.
    """
    if regions.flat_share(regions.as_rgb(img)) >= SCREEN_FLAT:
        return ocr_regions(img, lang=lang, timeout=timeout)
    return deskew.read_level(img, lambda im: _photo_words(im, lang, timeout))


def _photo_words(img: Image.Image, lang: str, timeout: float) -> list[Word]:
    scale = choose_scale(img.width, img.height)
    plain = ocr_words(img, lang=lang, timeout=timeout, scale=scale)
    local = np.asarray(prepare(img, scale, STRETCH, local=True))
    return _reread(plain, local, scale, lang, timeout, shape=WORD_SHAPE)


def _reread(first: list[Word], grey: np.ndarray, scale: float, lang: str, timeout: float,
            shape: float = 0.0) -> list[Word]:
    """``first`` (a page pass's words) with the words of one sparse-text pass (``--psm 11``) over
    the ink of ``grey`` (a prepared page at ``scale``) none of them covers, copied onto one canvas
    (:mod:`redactor.sparse`); areas narrower than ``shape`` x their height are left out. No
    tesseract run when no area is left. See :func:`merge_sparse` for how the words are joined."""
    found = [b for b in sparse.areas(grey, [(tuple(v * scale for v in w.box), w.text) for w in first])
             if b[2] - b[0] >= shape * (b[3] - b[1])]
    if not found:
        return first
    canvas, placed = sparse.compose(grey, found)
    rows = run_tesseract(Image.fromarray(canvas), languages(lang), timeout, psm=11)
    return merge_sparse(first, line_height(sparse.to_page(words_of(rows), placed, scale)))


def ocr_regions(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0) -> list[Word]:
    """Locate text lines whatever their colour, normalise each, read them all in one pass.

    See :mod:`redactor.regions`: every line is turned dark-on-white at a common x-height and packed
    onto one composed page (``--psm 6``); word boxes come back in ``img`` pixel coordinates, lines
    in visual reading order (the boxes of one visual row share a line).
    """
    rgb = regions.as_rgb(img)
    lines = regions.locate(rgb)
    if not lines:
        return []
    page = regions.compose(rgb, lines)
    rows = run_tesseract(Image.fromarray(page), languages(lang), timeout, psm=6)
    placed: list[tuple[int, int, int, Word]] = []
    subs: dict[int, list[list[float]]] = {}
    for r in rows:
        txt = (r.get("text") or "").strip()
        if r.get("level") != "5" or not txt:
            continue
        x, y, w, h = (int(r[k]) for k in ("left", "top", "width", "height"))
        ln = regions.owner(lines, (x, y, x + w, y + h))
        if ln is None:
            continue
        box = regions.to_input(ln, (x, y, x + w, y + h))
        row = regions.word_row(lines, ln, box)
        bands = subs.setdefault(row, [])
        conf = float(r.get("conf") or 0)
        placed.append((row, row, _band(bands, box), Word(fix_word(txt), box, (), conf)))
    # The text lines of one visual row top-down, each its own line: a located box may hold two
    # stacked text lines, and their words must not then be interleaved by x.
    rank = {(k, i): n for k, bands in subs.items()
            for n, i in enumerate(sorted(range(len(bands)), key=lambda j: bands[j][0]))}
    fixed = sorted((((row, rank[(k, sub)], w.box[0]), Word(w.text, w.box, (row, rank[(k, sub)]), w.conf))
                    for k, row, sub, w in placed), key=lambda t: t[0])  # ties never compare Words
    words = join_split_mail(_drop_rereads([w for _, w in fixed]))
    _flag_unreadable(words, lines)
    return line_height(flag_unsure_words(words))


def _drop_rereads(words: list[Word]) -> list[Word]:
    """The same ink read twice (two located boxes that overlap both reach the composed page): a
    word lying almost wholly inside a neighbour of its line whose text holds its text ("17" inside
    "LT-92117", a second "-") is dropped; it would otherwise split the value it repeats."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and prev.line == w.line and w.text in prev.text \
                and covered_share(w.box, prev.box) >= 0.6:
            continue
        out.append(w)
    return out


def _band(bands: list[list[float]], box: tuple[float, float, float, float]) -> int:
    """Index of the text band (top, bottom) of one visual row that ``box`` overlaps most (at
    least half its height, or holding its vertical centre), a new band when none does; the band
    grows with its words. The best band, not the first: a side panel's line a few pixels below the
    main column's line is its own band, and its words without descenders ("147") belong to it,
    not to the main line they also touch."""
    c, h = (box[1] + box[3]) / 2, max(box[3] - box[1], 1e-6)
    best, score = -1, 0.0
    for i, b in enumerate(bands):
        share = (min(b[1], box[3]) - max(b[0], box[1])) / h
        if (share >= 0.5 or b[0] <= c <= b[1]) and share > score:
            best, score = i, share
    if best < 0:
        bands.append([box[1], box[3]])
        return len(bands) - 1
    b = bands[best]
    b[0], b[1] = min(b[0], box[1]), max(b[1], box[3])
    return best


# CONF_FLOOR (redactor.unread_words): a located line none of whose words reaches it is unread
_VALUE_SHAPE = re.compile(r"\d.*\d.*\d|[@©Ģ]")  # three digits or an at-sign: a code, number, e-mail


def _flag_unreadable(words: list[Word], lines: list[regions.Line]) -> None:
    """Mark the words of every located line that was not read with confidence but has the shape of
    a value: its guess holds three digits or an at-sign, or it stands right of a label ending in
    ':' (a form's value column). They are covered whatever the analyzer finds (``UNREADABLE_TEXT``)."""
    by_line: dict[int, list[Word]] = {i: [] for i in range(len(lines))}
    for w in words:
        cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
        for i, ln in enumerate(lines):
            x0, y0, x1, y1 = ln.box
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                by_line[i].append(w)
                break
    for i, ws in by_line.items():
        if not ws or max(w.conf for w in ws) >= CONF_FLOOR:
            continue
        ln = lines[i]
        left = [j for j, o in enumerate(lines) if o.row == ln.row and o.box[2] <= ln.box[0] + 2
                and ln.box[0] - o.box[2] < 4 * (ln.box[3] - ln.box[1])]
        label = max(left, key=lambda j: lines[j].box[2]) if left else None
        labelled = label is not None and any(
            w.text.endswith(":") and w.conf >= CONF_FLOOR for w in by_line[label][-1:])
        if labelled or _VALUE_SHAPE.search(" ".join(w.text for w in ws)):
            for w in ws:
                w.unreadable = True


def ocr_words_thorough(img: Image.Image, *, lang: str = "auto", timeout: float = 60.0) -> list[Word]:
    """Layout pass (``--psm 3``) plus a sparse-text pass (``--psm 11``) where it is needed, for
    scanned pages; the page is prepared once for both.

    Tesseract's page layout analysis sometimes drops whole table cells of a scan (the last row of a
    ruled table, a cell next to a border); the sparse pass finds text wherever it is. It reads only
    the ink no layout word covers and the layout words that hold a blank as wide as a space, copied
    onto one canvas (:mod:`redactor.sparse`), and none at all when there is no such area (most
    pages): measured on the dev and own-corpus scans, 1.1x one pass instead of 2x, the same words
    added. Its words are added where the layout pass has nothing, each as a line of its own; a
    layout word the sparse pass reads as several words is split (see :func:`merge_sparse`).
    """
    return deskew.read_level(img, lambda im: _scan_words(im, lang, timeout))


def _scan_words(img: Image.Image, lang: str, timeout: float) -> list[Word]:
    scale = choose_scale(img.width, img.height)
    page = prepare(img, scale, STRETCH)
    layout = ocr_words(img, lang=lang, timeout=timeout, scale=scale, prepared=page)
    return _reread(layout, np.asarray(page), scale, lang, timeout)


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

    Rasters are read by :func:`ocr_image`; ``thorough`` (scanned pages) runs the layout and
    sparse-text passes of :func:`ocr_words_thorough` instead. At most ``2 * workers()``
    rasters are held in memory at once. Words read in the wrong script are re-written in their
    line's (:mod:`redactor.wordscript`).
    """
    fn = with_fixed_scripts(ocr_words_thorough if thorough else ocr_image)
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

"""Build one analysable text from page words and map detected spans back to boxes.

Words on a line are joined by single spaces (a tab where a wide gap separates two cells), lines
by ``"\\n"`` and pages by
:data:`redactor.analyzer.PAGE_SEPARATOR`; every character of a word keeps its offset, so a span
(``text[start:end]``) maps to exactly the word boxes it touches — multi-word values, partial tokens
and values split across lines included. The text carries the :class:`redactor.layout.Layout` built
from the same word boxes (``text.layout``), so recognizers see cells, columns and labels.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from redactor.analyzer import KEY_PREFIX, PAGE_SEPARATOR
from redactor.layout import CELL_GAP, LaidOutText, Layout
from redactor.ocr import Word
from redactor.types import Box, Span


@dataclass(slots=True)
class Hit:
    """One box to black out for one span."""

    page: int
    box: Box
    span: Span


class TextMap:
    def __init__(self, pages: list[list[Word]]) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        self.refs: list[tuple[int, Word]] = []
        pos = 0
        items: list[tuple[int, int, object, tuple, int]] = []
        for pno, words in enumerate(pages):
            if pno:
                parts.append(PAGE_SEPARATOR)
                pos += len(PAGE_SEPARATOR)
            prev_line: tuple[int, ...] | None = None
            cuts = _exact_cuts(words)
            cuts.update(i for i in range(1, len(words))
                        if words[i].line == words[i - 1].line and _cell_gap(words[i - 1].box, words[i].box))
            cuts |= _aligned_cuts(words, cuts)
            for i, w in enumerate(words):
                if i:
                    sep = " " if w.line == prev_line else "\n"
                    if sep == " " and i in cuts:
                        sep = "\t"  # a wide gap inside one OCR line: the next table cell / field value
                    parts.append(sep)
                    pos += 1
                prev_line = w.line
                self.starts.append(pos)
                self.refs.append((pno, w))
                items.append((pos, pno, w.line, w.box, len(w.text)))
                parts.append(w.text)
                pos += len(w.text)
        text = "".join(parts)
        # the reading structure from the word boxes travels with the text to the analyzer
        self.layout = Layout.from_words(text, items)
        self.text = LaidOutText.make(text, self.layout)

    def hits(self, span: Span) -> list[Hit]:
        """Boxes covering ``span``: whole word boxes, or the touched characters when known."""
        out: list[Hit] = []
        prev_line: tuple[int, object] | None = None
        i = max(0, bisect.bisect_right(self.starts, span.start) - 1)
        while i < len(self.starts) and self.starts[i] < span.end:
            pno, w = self.refs[i]
            ws, we = self.starts[i], self.starts[i] + len(w.text)
            if we > span.start:
                box = self._box(w, span.start - ws, span.end - ws)
                if out and prev_line == (pno, w.line):
                    # Consecutive words of one value on one line: one bar, the gaps between the
                    # words included (word lengths are not left readable, and a value judged as a
                    # whole is covered as a whole).
                    b = out[-1].box
                    box = (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3]))
                    out[-1] = Hit(pno, box, span)
                else:
                    out.append(Hit(pno, box, span))
                prev_line = (pno, w.line)
            i += 1
        if out and span.entity_type == "PERSON" and self.text[span.start:span.start + 1].islower():
            # A name read without its capital ("ртём" for "Артём"): OCR lost the first letter, which
            # is still there in the pixels just left of the word; cover about one letter more.
            x0, y0, x1, y1 = out[0].box
            out[0] = Hit(out[0].page, (max(0.0, x0 - 0.8 * (y1 - y0)), y0, x1, y1), span)
        return _level(out)

    @staticmethod
    def _box(w: Word, a: int, b: int) -> Box:
        a, b = max(0, a), min(len(w.text), b)
        if a == 0 and b == len(w.text):
            return w.box
        if w.chars and len(w.chars) == len(w.text):
            boxes = w.chars[a:b]
            return (min(c[0] for c in boxes), min(c[1] for c in boxes),
                    max(c[2] for c in boxes), max(c[3] for c in boxes))
        x0, y0, x1, y1 = w.box
        if 0 < a and b == len(w.text) and KEY_PREFIX.fullmatch(w.text, 0, a):
            # "iban=LT61…" read as one word: the value after its key, from where the key's '='
            # would be if every character were as wide (a log's monospace), one character early
            return (x0 + (x1 - x0) * (a - 1) / len(w.text), y0, x1, y1)
        return w.box  # no character geometry: the whole word, never less


def _cell_gap(a: Box, b: Box) -> bool:
    """Two words of one line are in different cells when the gap is wider than ~1.2 line heights
    (word spacing is about a third of one); the same threshold :mod:`redactor.layout` uses."""
    h = max(a[3] - a[1], b[3] - b[1], 1e-6)
    return b[0] - a[2] > CELL_GAP * h


def _exact_cuts(words: list[Word]) -> set[int]:
    """Cell boundaries on text-layer lines (exact glyph geometry, ``Word.chars`` known): a gap more
    than 2.2 times the line's narrowest word gap and wider than 0.6 line heights separates two
    cells, as in a browser-printed table whose column padding is under one line height; so does any
    gap over 0.85 line heights (a row of one-word cells has no word gap to compare with). Justified
    prose stretches every gap of a line alike, rarely that far, and is not cut; OCR lines keep
    ``_cell_gap``."""
    cuts: set[int] = set()
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and words[j + 1].line == words[i].line:
            j += 1
        line = words[i : j + 1]
        if len(line) >= 3 and all(w.chars for w in line):
            gaps = [(b.box[0] - a.box[2], max(a.box[3] - a.box[1], b.box[3] - b.box[1], 1e-6))
                    for a, b in zip(line, line[1:], strict=False)]
            space = min(g for g, _ in gaps)
            if space > 0:
                cuts.update(i + k + 1 for k, (g, h) in enumerate(gaps)
                            if g > 0.6 * h and (g > 2.2 * space or g > 0.85 * h))
        i = j + 1
    return cuts


OCR_ALIGNED_GAP = 0.7  # OCR boxes are loose: a column cut needs this much gap (line heights)


def _aligned_cuts(words: list[Word], cuts: set[int]) -> set[int]:
    """Cell boundaries read from columns: a word that starts where cells of at least three other
    lines start (left edges within 0.35 line heights) begins a cell of that column, when the gap
    before it is wider than a word space (0.3 line heights). A long value fills its cell up to the
    next column ("LT57 7044 0109 0576 2910 Utena" in a printed grid, the gap half a line height),
    so the width of the gap alone does not tell; the column does. OCR lines (no glyph geometry)
    need a gap of :data:`OCR_ALIGNED_GAP`: at 0.3 prose words that happened to align were cut
    (s1 and dev lost 9 values); 0.7-0.9 lost none."""
    starts: list[tuple[float, int]] = []  # (x0, line number) of every cell start
    line_no, n = [], -1
    for i, w in enumerate(words):
        if i == 0 or w.line != words[i - 1].line:
            n += 1
        line_no.append(n)
        if i == 0 or w.line != words[i - 1].line or i in cuts or _after_gutter(words, i):
            starts.append((w.box[0], n))
    if len(starts) < 6:
        return set()
    starts.sort()
    xs = [s[0] for s in starts]
    out: set[int] = set()
    for i in range(1, len(words)):
        a, b = words[i - 1], words[i]
        if b.line != a.line or i in cuts:
            continue
        h = max(a.box[3] - a.box[1], b.box[3] - b.box[1], 1e-6)
        if b.box[0] - a.box[2] <= (0.3 if a.chars and b.chars else OCR_ALIGNED_GAP) * h:
            continue
        tol = 0.35 * h
        lo, hi = bisect.bisect_left(xs, b.box[0] - tol), bisect.bisect_right(xs, b.box[0] + tol)
        if len({starts[k][1] for k in range(lo, hi) if starts[k][1] != line_no[i]}) >= 3:
            out.add(i)
    return out


def _after_gutter(words: list[Word], i: int) -> bool:
    """``words[i]``, a word of letters, follows a line's first word that is a row number (one to
    four digits) across a gap wider than :data:`OCR_ALIGNED_GAP` line heights: a spreadsheet's
    row-number gutter read on one line with the row's first cell (a level photo or scan of a
    sheet: "2  Aiga  Mednniece ..."). The word may start a column; :func:`_aligned_cuts` cuts there
    when three other lines start a cell at the same x, as every row of the sheet does. Only a word
    of letters (a name cell): after a log's line numbers a cut date ("6  2026-10-16 03:42") read
    as a lone cell was taken for a phone (s3 read_detect: 2 keep strings hit)."""
    if i == 0 or words[i].line != words[i - 1].line or (i > 1 and words[i - 2].line == words[i].line):
        return False
    a, b = words[i - 1], words[i]
    h = max(a.box[3] - a.box[1], b.box[3] - b.box[1], 1e-6)
    return (a.text.isdigit() and len(a.text) <= 4 and b.text[:1].isalpha()
            and b.box[0] - a.box[2] > OCR_ALIGNED_GAP * h)


def _level(hits: list[Hit]) -> list[Hit]:
    """Give the boxes of one span on one text line a common top and bottom.

    OCR boxes hug the ink, so a word without ascenders or descenders is shorter than its
    neighbours; the value as a whole is then covered from its highest to its lowest glyph.
    """
    if len(hits) < 2:
        return hits
    out = list(hits)
    for i, a in enumerate(out):
        top, bottom = a.box[1], a.box[3]
        for b in out:
            if b.page == a.page and b.box[1] < a.box[3] and a.box[1] < b.box[3]:
                top, bottom = min(top, b.box[1]), max(bottom, b.box[3])
        out[i] = Hit(a.page, (a.box[0], top, a.box[2], bottom), a.span)
    return out

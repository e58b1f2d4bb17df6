"""Words of a PDF page's text layer, in reading lines, whoever produced the PDF.

MuPDF groups text by how the producer wrote it. A generator that writes one text object per line
gives one line per visual line; a browser (Chromium/Skia) or an office suite writes every table cell,
label and value as its own block, and sometimes one word as several spans. The analyzer needs the
visual line ("Vārds Ričards Krūmiņš 32457363861" as one row, as OCR reads it), so
:func:`text_words` re-groups horizontal words by geometry: producer lines of similar height whose
vertical centres lie inside each other and at most :data:`MAX_GAP` line heights apart are one line,
ordered left to right. Lines keep the producer's order (a message body beside a list stays
contiguous); a sidebar or a far column on the same baseline stays a line of its own; a producer's
own line is never split.
Vertical and rotated text keeps MuPDF's own lines. Characters keep their own boxes (a value split
over spans maps back to exactly its glyphs).
"""

from __future__ import annotations

import pymupdf

from redactor.ocr import Word
from redactor.types import Box

MAX_GAP = 6.0  # line heights: blocks on one baseline further apart than this stay separate lines
_TEXT_FLAGS = (pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
               | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE)


def _layer_words(raw: dict) -> tuple[list[Word], list[Word]]:
    """(horizontal words, other words) in MuPDF's order; line keys are MuPDF's (block, line)."""
    flat: list[Word] = []
    other: list[Word] = []
    for bno, block in enumerate(raw.get("blocks", [])):
        for lno, line in enumerate(block.get("lines", [])):
            key = (bno, lno)
            dx, dy = line.get("dir", (1.0, 0.0))
            out = flat if dx > 0.99 and abs(dy) < 0.02 else other
            cur: list[tuple[str, Box]] = []
            chars = [(c["c"], tuple(c["bbox"])) for s in line["spans"] for c in s["chars"]]
            for ch, bb in [*chars, (" ", (0.0, 0.0, 0.0, 0.0))]:
                if ch.isspace() or len(ch) != 1:
                    if cur:
                        boxes = [b for _, b in cur]
                        box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                               max(b[2] for b in boxes), max(b[3] for b in boxes))
                        out.append(Word("".join(c for c, _ in cur), box, key, 100.0, boxes))
                        cur = []
                    continue
                cur.append((ch, bb))  # type: ignore[arg-type]
    return flat, other


def _aligned(a: Box, b: Box) -> bool:
    """Two lines on one baseline: similar height, each one's vertical centre inside the other."""
    ha, hb = max(a[3] - a[1], 0.1), max(b[3] - b[1], 0.1)
    ca, cb = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return 0.55 <= ha / hb <= 1.8 and a[1] <= cb <= a[3] and b[1] <= ca <= b[3]


def _relined(words: list[Word]) -> list[Word]:
    """Join the producer's lines that sit on one baseline close together (cells of a table row,
    spans of one word); groups keep the producer's order, words in a group go left to right."""
    order: list[tuple] = []
    boxes: dict[tuple, list[float]] = {}
    members: dict[tuple, list[Word]] = {}
    for w in words:
        if w.line not in boxes:
            order.append(w.line)
            boxes[w.line], members[w.line] = list(w.box), []
        b = boxes[w.line]
        b[:] = [min(b[0], w.box[0]), min(b[1], w.box[1]), max(b[2], w.box[2]), max(b[3], w.box[3])]
        members[w.line].append(w)
    parent = {k: k for k in order}
    index = {k: i for i, k in enumerate(order)}

    def root(k: tuple) -> tuple:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, ka in enumerate(order):
        a = boxes[ka]
        for kb in order[i + 1:]:
            b = boxes[kb]
            gap = max(b[0] - a[2], a[0] - b[2])
            if gap <= MAX_GAP * max(a[3] - a[1], 0.1) and _aligned(tuple(a), tuple(b)):
                ra, rb = sorted((root(ka), root(kb)), key=index.__getitem__)
                parent[rb] = ra  # the group's representative is its first line
    groups: dict[tuple, list[Word]] = {}
    for k in order:
        groups.setdefault(root(k), []).extend(members[k])
    out: list[Word] = []
    for n, ws in enumerate(groups.values()):
        for w in sorted(ws, key=lambda w: w.box[0]):
            out.append(Word(w.text, w.box, (n,), w.conf, w.chars))
    return out


def text_words(page: pymupdf.Page) -> list[Word]:
    """The page's text-layer words in visual reading lines (see the module docstring)."""
    return text_layer(page)[0]


def text_layer(page: pymupdf.Page) -> tuple[list[Word], list[tuple]]:
    """One text extraction of the page, two views: the words in visual reading lines (detection,
    see the module docstring) and MuPDF's plain word tuples ``(x0, y0, x1, y1, text, ...)`` with the
    same flags as :func:`layer_word_tuples` (the kept-text check before/after redaction)."""
    textpage = page.get_textpage(flags=_TEXT_FLAGS)
    flat, other = _layer_words(textpage.extractRAWDICT())
    plain = textpage.extractWORDS()
    words = _relined(flat) + [Word(w.text, w.box, (100_000 + w.line[0], w.line[1]), w.conf, w.chars)
                              for w in other]
    return words, plain


def layer_word_tuples(page: pymupdf.Page) -> list[tuple]:
    """MuPDF's word tuples of the page as :func:`text_layer` extracts them (after a redaction)."""
    return page.get_text("words", flags=_TEXT_FLAGS)

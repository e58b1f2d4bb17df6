"""Visual rows for the words of a page-layout OCR pass (photos and scans).

Tesseract's page layout analysis (``--psm 3``) returns text block by block. On a ruled table, a
form with side-by-side fields or a grid photographed from a screen it often makes each column a
block of its own, so the words of one visual row come back far apart: all the first names, then
all the personal codes, then the column headers of the right half. The text the recognisers see
then has lost what a row means: a value is no longer next to its label or in the row of its
neighbours, and a column header is no longer above its column. The region pass of rendered screens
(:mod:`redactor.regions`) already returns visual rows; :func:`visual_rows` gives the page pass the
same shape.

Rule: the Tesseract line B continues the line A when B starts right of A's end and B's first word
and A's last word overlap vertically by at least :data:`OVERLAP` of the smaller height (their
nearest words, so a skewed photo's row still chains); each line takes at most one continuation
and is the continuation of at most one line, nearest gap first. A chain of lines becomes one line
(the key of its leftmost line), its words in chain order, placed where its leftmost line was in
the pass's order; lines that chain with nothing keep their place. Word texts and boxes are not
touched. How it fails: two columns of prose whose lines happen to align are joined line by line
(the text then reads like a two-column screen, which the layout's cell cuts handle); a row skewed
by more than half a line height between two neighbouring words is left split. Pure function.
"""

from __future__ import annotations

from redactor.words import Word

OVERLAP = 0.5  # vertical overlap of two neighbouring words (share of the smaller height) on one row


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    inter = min(a[3], b[3]) - max(a[1], b[1])
    return inter / max(min(a[3] - a[1], b[3] - b[1]), 1e-6)


def visual_rows(words: list[Word]) -> list[Word]:
    """``words`` with the lines of one visual row joined into one line (see the module doc)."""
    lines: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    if len(lines) < 2:
        return words
    keys = list(lines)
    for k in keys:
        lines[k].sort(key=lambda w: w.box[0])
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(keys):
        last = lines[a][-1].box
        for j, b in enumerate(keys):
            first = lines[b][0].box
            if i == j or first[0] < last[2] or _overlap(last, first) < OVERLAP:
                continue
            if lines[b][-1].box[0] < lines[a][-1].box[0]:
                continue
            pairs.append((first[0] - last[2], i, j))
    nxt: dict[int, int] = {}
    prev: dict[int, int] = {}
    for _, i, j in sorted(pairs):
        if i in nxt or j in prev:  # (no loop: a continuation starts right of its line's end)
            continue
        nxt[i], prev[j] = j, i
    if not nxt:
        return words
    out: list[Word] = []
    for i, k in enumerate(keys):
        if i in prev:
            continue  # placed with the head of its chain
        j: int | None = i
        while j is not None:
            out += [Word(w.text, w.box, k, w.conf, w.chars, w.unreadable) for w in lines[keys[j]]]
            j = nxt.get(j)
    return out


"""Cells of the reading structure (:mod:`redactor.layout`): the :class:`Cell` and :class:`Field`
records and how one line's words become cells.

A line of words is cut into cells at wide gaps by :meth:`redactor.layout.Layout.from_words`; here a
run of words that is exactly two or more field labels run together (a header row whose column gaps
OCR or the text layer closed) is cut back into one cell per label (:func:`header_cells`), and a
plain-text line is split at ``|``, tabs, ``;`` or runs of spaces (:func:`split_text_line`). Pure
functions of their input; a run they cannot split stays one cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redactor.layout_labels import label_kind

SEP_RX = re.compile(r"\s*\|\s*|\t+|\s{2,}|;\s*")


@dataclass(slots=True)
class Cell:
    """A run of words (or characters) with no wide gap; offsets into the analysed text."""

    start: int
    end: int
    x0: float
    x1: float
    y0: float
    y1: float
    row: int = -1
    kind: str | None = None  # field kind of the value(s) it governs when the cell is a label
    label_end: int = -1  # for "Label: value" in one cell: where the value starts

    def hoverlap(self, other: Cell) -> float:
        return min(self.x1, other.x1) - max(self.x0, other.x0)


@dataclass(slots=True)
class Field:
    """A value the structure types: ``text[start:end]`` is of ``kind`` (a labels.yaml key)."""

    start: int
    end: int
    kind: str
    how: str  # inline | right | below | formula
    label: str = ""  # the normalised label text (never the value)
    peers: int = 0  # other labels in the header row (a "Name" column beside "Phone" lists people)
    head: int = -1  # text offset of the column header a "below" value sits under


def page_box(page: int, box: tuple) -> tuple:
    off = page * 1_000_000.0  # pages stacked vertically: never one row
    return (box[0], box[1] + off, box[2], box[3] + off)


def is_label(text: str, words: list[tuple[int, int, tuple]]) -> bool:
    return label_kind(text[words[0][0] : words[-1][0] + words[-1][1]]) is not None


def make_cell(words: list[tuple[int, int, tuple]]) -> Cell:
    s = words[0][0]
    e = words[-1][0] + words[-1][1]
    bs = [w[2] for w in words]
    return Cell(
        s, e, min(b[0] for b in bs), max(b[2] for b in bs), min(b[1] for b in bs), max(b[3] for b in bs)
    )


def header_cells(text: str, words: list[tuple[int, int, tuple]]) -> list[list[tuple[int, int, tuple]]]:
    """One cell, or several when its words are exactly two or more labels run together
    ("Pašto kodas Miestas Tel." where the column gaps were too narrow to see): a header row whose
    cells OCR or the text layer joined, split at the word boundaries between the labels."""
    n = len(words)
    if n < 2 or n > 12:
        return [words]
    first = text[words[0][0] : words[0][0] + words[0][1]]
    if first.isdigit() and len(first) <= 4 and n >= 3:  # "1 Eesnimi Perekonnanimi": a row number first
        rest = header_cells(text, words[1:])
        return [words[:1], *rest] if len(rest) >= 2 else [words]
    whole = text[words[0][0] : words[-1][0] + words[-1][1]]
    if label_kind(whole) is not None or any(ch.isdigit() for ch in whole):
        return [words]
    # best[i]: fewest labels covering words[i:], with the cut after each
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    best[n] = (0, n)
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + 5), i, -1):
            piece = text[words[i][0] : words[j - 1][0] + words[j - 1][1]]
            if best[j] is not None and label_kind(piece) is not None:
                cand = (best[j][0] + 1, j)
                if best[i] is None or cand[0] < best[i][0]:
                    best[i] = cand
    if best[0] is None or best[0][0] < 2:
        # "Miestas Būsena Iš viso": a label, then header words that are no label (a status, a
        # total): the label becomes its own header cell, the rest stays one cell
        for j in range(min(n - 1, 4), 0, -1):
            head = text[words[0][0] : words[j - 1][0] + words[j - 1][1]]
            tail = text[words[j][0] : words[j][0] + 1]
            if label_kind(head) is not None and tail.isupper() and n <= 6:
                return [words[:j], *header_cells(text, words[j:])]
        return [words]
    out, i = [], 0
    while i < n:
        j = best[i][1]  # type: ignore[index]
        out.append(words[i:j])
        i = j
    return out


def split_text_line(line: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in SEP_RX.finditer(line):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(line):
        out.append((pos, len(line)))
    res = []
    for s, e in out:
        seg = line[s:e]
        s2 = s + len(seg) - len(seg.lstrip())
        e2 = e - (len(seg) - len(seg.rstrip()))
        if e2 > s2:
            res.append((s2, e2))
    return res

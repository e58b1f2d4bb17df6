"""One OCR word and the structural repairs of its text.

:class:`Word` is what every OCR pass and every PDF text layer hands to the analyzer: text, box in
the source raster's (or page's) coordinates, the line it belongs to, Tesseract's confidence.
:func:`fix_word` undoes OCR confusions by the *shape* of the token, not by lists of look-alikes:
'@' read as a capital or a symbol between a local part and a domain, 'l' read as 'I' in a top-level
domain, letters that look like digits inside digit runs, IBAN check digits read as 'O'. Pure
functions; a word that matches no rule is returned unchanged. :func:`merge_sparse` joins a sparse
pass's words into a layout pass's; :func:`line_height` stretches word boxes to their line;
:func:`join_split_mail` joins an e-mail address OCR read as two words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redactor.types import Box


@dataclass(slots=True)
class Word:
    """One recognised word; ``line`` groups words of one text line (reading order)."""

    text: str
    box: Box
    line: tuple[int, ...] = ()
    conf: float = 0.0
    chars: list[Box] | None = field(default=None)  # per-character boxes when known (PDF text)
    unreadable: bool = False  # text-like ink read below the confidence floor, shaped like a value


# '@' misread is one or two glyphs that no e-mail address has there: a capital or a symbol ("G",
# "E", "Ģ", "©", "(d") right after a lower-case local part and before a domain with a top-level
# domain; the shape of the token, not a list of look-alikes, decides.
_AT_RE = re.compile(r"^([a-z0-9._%+-]*[a-z0-9])(?:\([A-Za-z]?|[A-ZĀČĒĢĪĶĻŅŠŪŽĄĘĖĮŲģ©®&%$#€][A-Z0-9]?)"
                    r"(?=[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-zA-Z]{2,}\b)")
# ... and a lower-case "l" in a top-level domain as "I" or "|" (".It", ".|v").
_TLD_RE = re.compile(r"(?<=\.)[I|](?=[tvu]\b)")
# In a run of digits, letters that look like digits are digits ("38805I21OO8", IBAN "LTO7...").
_RUN_RE = re.compile(r"[0-9OoОоIl|]{3,}")
# IBAN check digits are digits: "LTO7" -> "LT07".
_IBAN_HEAD_RE = re.compile(r"^([A-Z]{2})(O\d|\dO|OO)(?=[0-9A-Z]*$)")
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "О": "0", "о": "0", "I": "1", "l": "1", "|": "1"})


def _digit_run(m: re.Match[str]) -> str:
    run = m.group()
    digits = sum(c.isdigit() for c in run)
    return run.translate(_AS_DIGIT) if digits >= 2 and digits >= 0.6 * len(run) else run


def fix_word(text: str) -> str:
    """Undo OCR confusions that break e-mail addresses, IBANs and digit runs; other words stay."""
    if text[:2].isupper() and "O" in text[2:4]:
        text = _IBAN_HEAD_RE.sub(lambda m: m.group(1) + m.group(2).replace("O", "0"), text)
    head = text[:2] if text[:2].isalpha() and text[:2].isupper() else ""  # IBAN country code
    text = head + _RUN_RE.sub(_digit_run, text[len(head):])
    if "@" not in text and "." in text:
        lead = len(text) - len(text.lstrip("\"'“”„«(<[*|`"))  # punctuation OCR read before the value
        text = text[:lead] + _AT_RE.sub(r"\1@", text[lead:], count=1)
    if "@" in text:
        local, _, tail = text.partition("@")
        text = local + "@" + _TLD_RE.sub("l", tail)
    return text


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
        parts = sorted((s for s in sparse if covered_share(s.box, w.box) > 0.5
                        and s.box[3] - s.box[1] >= 0.5 * height),  # not a rule under the word
                       key=lambda s: s.box[0])
        if len(parts) >= 2 and "".join(p.text for p in parts) == w.text:
            words += [Word(p.text, p.box, w.line, p.conf, p.chars) for p in parts]
        else:
            words.append(w)
    for w in sparse:
        if not any(covered_share(w.box, o.box) > 0.3 for o in words):
            words.append(Word(w.text, w.box, (100_000 + w.line[0], *w.line[1:]), w.conf, w.chars))
    return words


def covered_share(a: Box, b: Box) -> float:
    """Share of ``a``'s area covered by ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return (w * h) / max((a[2] - a[0]) * (a[3] - a[1]), 1e-6)


def line_height(words: list[Word]) -> list[Word]:
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


_TLD_WORD = re.compile(r"[A-Za-z]{2,6}[.,;:]?")
_LOCAL_HEAD = re.compile(r"[a-z0-9][a-z0-9._+-]*\.")  # the start of a local part, up to a dot
_AT_WORD = re.compile(r"[a-z0-9][a-z0-9._+-]*@[a-z0-9-]+\.[a-z0-9.-]+")
_LOCAL = re.compile(r"[a-z0-9][a-z0-9._+-]*[a-z0-9]")
_AT_LOOK = "[GQ©®(Ģ]"  # what OCR reads an '@' as, standing alone before or after a blank
_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}")
# a domain whose '@' OCR read as a round capital or symbol and cut off the local part by a blank
_AT_DOMAIN = re.compile(_AT_LOOK + _DOMAIN.pattern)
# ... and a local part ending in that '@', the domain cut off after it
_AT_HEAD = re.compile(r"[a-z0-9][a-z0-9._+-]*[a-z0-9]" + _AT_LOOK)


# a local part ending in a comma: its '.' or '_' read as ',' before the rest of the address
_COMMA_HEAD = re.compile(r"(?:[A-Za-z_]+[=:][\"']?)?[a-z0-9][a-z0-9._+-]*,")
_AT_NO_DOT = re.compile(r".*[a-z0-9]@[a-z0-9-]+")  # an address cut before its domain's dot
DOT_TALL = 0.4  # a glyph at most this x its neighbour's height, on its baseline, is a dot


def join_split_mail(words: list[Word]) -> list[Word]:
    """One e-mail address read as two words ("name@domain." + "lt", "name" + "@domain.lt",
    "name." + "x@domain.lt": downscaled text widens the blank after a dot; "name" + "Ggmail.com"
    or "name.nG" + "gmail.com": the '@' read as a round capital before or after a blank; "name,"
    + "x@domain.lt" closer than 0.4 x the height: a '.' or '_' read as a comma) on one line with a
    gap narrower than a letter is one word again (:func:`fix_word` then restores the '@');
    "name@gmail" + "a" + "com" where the middle glyph is dot-sized (wide monospace: the dot read
    as a letter in a cell of its own) too."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is None or prev.line != w.line:
            out.append(w)
            continue
        gap, h = w.box[0] - prev.box[2], w.box[3] - w.box[1]
        text = _joined(prev, w, gap, h)
        if text is None and len(out) >= 2 and _dot_between(out[-2], prev, w):
            out.pop()  # the dot: its glyph is covered by the joined box
            prev = out[-1]
            text = prev.text + "." + w.text
        if text is not None:
            box = (
                prev.box[0],
                min(prev.box[1], w.box[1]),
                w.box[2],
                max(prev.box[3], w.box[3]),
            )
            out[-1] = Word(fix_word(text), box, w.line, min(prev.conf, w.conf))
            continue
        out.append(w)
    return out


def _joined(prev: Word, w: Word, gap: float, h: float) -> str | None:
    """The text of ``prev`` and ``w`` as one address, or None when they are two words."""
    tail = w.text.rstrip(".,;:")
    if gap < 0.6 * h and (
        prev.text.endswith("@")
        or (w.text.startswith("@") and "@" not in prev.text)
        or ("@" in prev.text and prev.text.endswith(".") and _TLD_WORD.fullmatch(w.text))
        or (_LOCAL_HEAD.fullmatch(prev.text) and _AT_WORD.fullmatch(tail))
        or (_LOCAL.fullmatch(prev.text) and _AT_DOMAIN.fullmatch(tail))
        or (_AT_HEAD.fullmatch(prev.text) and _DOMAIN.fullmatch(tail))
    ):
        return prev.text + w.text
    if gap < 0.4 * h and _COMMA_HEAD.fullmatch(prev.text) and _AT_WORD.fullmatch(tail):
        return prev.text[:-1] + "." + w.text
    return None


def _dot_between(a: Word, dot: Word, b: Word) -> bool:
    """``dot`` is one dot-sized glyph on the baseline between an address cut before its domain's
    dot (``a``) and a top-level domain (``b``), closer to both than a letter's width."""
    h = a.box[3] - a.box[1]
    return (
        a.line == dot.line == b.line
        and len(dot.text) == 1
        and dot.box[3] - dot.box[1] <= DOT_TALL * h
        and dot.box[3] >= a.box[3] - 0.3 * h
        and dot.box[0] - a.box[2] < 0.6 * h
        and b.box[0] - dot.box[2] < 0.6 * h
        and bool(_AT_NO_DOT.fullmatch(a.text))
        and bool(_TLD_WORD.fullmatch(b.text))
    )

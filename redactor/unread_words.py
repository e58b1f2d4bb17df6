"""Words of a confidently read line that OCR itself could not read: covered when value-shaped.

:func:`redactor.ocr._flag_unreadable` covers a located line none of whose words reached the
confidence floor. A line read well except for one word slips through it: on a dense dark log an
address 'name.surname@host.lt' came back as 'name' (90) + '.surnameehost.lt' (37) — the '@' read
as a letter and a blank put before the dot — which no recognizer can find and the line rule does
not see, since its other words are sure. :func:`flag_unsure_words` marks such a word
``unreadable`` (covered, reported as ``UNREADABLE_TEXT``). Words glued into one token are judged
together: a neighbour is glued when the gap to it is narrower than a letter and a joiner of values
('.', '@', '_', '+', '-') stands at the boundary. A token is covered when

* it holds a word under :data:`CONF_FLOOR` and its line is otherwise confident (the median of the
  line's other tokens, each as sure as its least sure word, is at least :data:`LINE_SURE`): a lone
  unsure token there is a misread, not a line of noise; and
* it has the shape of an address (an at-sign or a look-alike inside a lower-case run; a dotted
  name with two dots ending in a top-level domain) or of an identifier (at least
  :data:`ID_DIGITS` digits, not an amount with cents). Measured before choosing: 'three digits or
  a dot' covered an amount ('22 215,79'), a file name ('klientai.2020.xlsx'), a hex code and an
  error code, all keep strings, on the log/downscaled corpora, and read no value more.

What of the token's first and last word belongs to the value (after a key's '=' / ':' / quote,
before a closing quote or comma) is covered; such a word is split there, its key keeps its own
word, boxes apportioned by characters.

How it fails: an unsure word of letters only ('Kazlauskiene' at 35) is not covered (a name read
badly is a recognizer's matter; covering every unsure word would cover labels), nor a short code
or an address whose '@' and dots were all lost; a value misread with confidence is not seen here
at all; an unsure order or invoice number of 7+ digits on a sure line is covered; a split box
apportioned by characters in a proportional font may leave a sliver of the value's first letter
or take one of the key's last.
"""

from __future__ import annotations

import re
from statistics import median

from redactor.words import Word

CONF_FLOOR = 40.0  # Tesseract confidence below which a word, or a located line, was not read
LINE_SURE = 70.0  # median confidence of a line's other words above which the line was read well
GLUE = 0.6  # a gap narrower than this x the word's height is no blank between words
# an address: an at-sign (or a look-alike) inside a lower-case run, or a dotted name ending in a
# top-level domain with at least two dots (one an '@' read as a dot, or a host); a file name
# ('klientai.2020.xlsx', 'report.pdf') has one dot or a longer extension
_MAIL = re.compile(r"[a-z0-9][@©®Ģ][a-z0-9]|[a-z0-9]\.[a-z0-9-]+\.[a-z]{2,3}$")
_MONEY = re.compile(r"\d[\d .,]*[.,]\d{2}")  # an amount with cents: never a code
ID_DIGITS = 7  # a code, phone, card or account number has at least this many digits
_JOINERS = ".@_+-"
_KEY_END = re.compile(r"^[\"']?[\w.-]*[\"']?[=:][\"'(<\[{]*|^[\"'(<\[{]+")  # a key and its separator
_VALUE_END = re.compile(r"[\"',;)>\]}].*$")  # a closing quote or separator after a value


def flag_unsure_words(words: list[Word]) -> list[Word]:
    """``words`` (one page, in line and reading order) with the value-shaped unsure words of
    otherwise confident lines marked ``unreadable``; a glued neighbour holding a key and part of
    the value is split into the two. Returns a new list; words are changed in place."""
    out: list[Word] = []
    lines: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    for line in lines.values():  # in the order of each line's first word
        out += _line(line)
    return out


def _line(line: list[Word]) -> list[Word]:
    ws = sorted(line, key=lambda w: w.box[0])
    chains: list[list[Word]] = []  # runs of words glued into one token
    for w in ws:
        if chains and _glued(chains[-1][-1], w):
            chains[-1].append(w)
        else:
            chains.append([w])
    sure = [min(w.conf for w in c) for c in chains]
    out: list[Word] = []
    for i, chain in enumerate(chains):
        others = sure[:i] + sure[i + 1 :]
        if (
            sure[i] >= CONF_FLOOR
            or all(w.unreadable for w in chain)
            or not others
            or median(others) < LINE_SURE
        ):
            out += chain
            continue
        key = _KEY_END.match(chain[0].text)
        start = key.end() if key else 0
        tail = _VALUE_END.search(chain[-1].text, start if len(chain) == 1 else 0)
        end = tail.start() if tail else len(chain[-1].text)
        if len(chain) == 1:
            token = chain[0].text[start:end]
        else:
            token = chain[0].text[start:] + "".join(w.text for w in chain[1:-1]) + chain[-1].text[:end]
        if not _value_shaped(token):
            out += chain
            continue
        for j, w in enumerate(chain):
            out += _cover(w, start if j == 0 else 0, end if j == len(chain) - 1 else len(w.text))
    return _spread(out)


def _spread(ws: list[Word]) -> list[Word]:
    """``ws`` (one line, by x) with every unsure word glued to a covered one covered too, whatever
    stands at the join: the value's other part whose joiner OCR lost ('<surname' + 'v@host.lt',
    the '.' between them unread). Not a label ('…:'), not a word of no letter or digit ('>');
    a key before the value in the left part keeps its own word (:func:`_cover`). Leftwards from
    the right end first, then rightwards, so a cover spreads along a run of such words."""
    left: list[Word] = []
    for w in reversed(ws):
        if left and _spreads(left[0], w, left[0].box[0] - w.box[2]):
            key = _KEY_END.match(w.text)
            left[:0] = _cover(w, key.end() if key else 0, len(w.text))
        else:
            left.insert(0, w)
    out: list[Word] = []
    for w in left:
        if out and _spreads(out[-1], w, w.box[0] - out[-1].box[2]):
            tail = _VALUE_END.search(w.text)
            out += _cover(w, 0, tail.start() if tail else len(w.text))
        else:
            out.append(w)
    return out


def _spreads(covered: Word, w: Word, gap: float) -> bool:
    """``w``, ``gap`` away from ``covered``, is an unsure word the cover spreads to."""
    return (
        covered.unreadable
        and not w.unreadable
        and w.conf < CONF_FLOOR
        and not w.text.endswith(":")
        and any(c.isalnum() for c in w.text)
        and gap < GLUE * (w.box[3] - w.box[1])
    )


def _value_shaped(token: str) -> bool:
    """An address, or a run of digits long enough to be an identifier and not an amount."""
    if _MAIL.search(token):
        return True
    return sum(c.isdigit() for c in token) >= ID_DIGITS and not _MONEY.fullmatch(token)


def _glued(a: Word, b: Word) -> bool:
    """``b`` follows ``a`` with no blank as wide as a letter, a value's joiner at the boundary."""
    h = max(a.box[3] - a.box[1], b.box[3] - b.box[1])
    return (
        b.box[0] - a.box[2] < GLUE * h
        and bool(a.text)
        and bool(b.text)
        and (a.text[-1] in _JOINERS or b.text[0] in _JOINERS)
    )


def _cover(w: Word, start: int, end: int) -> list[Word]:
    """``w`` with its characters ``start:end`` (the value) marked unreadable, split from a key
    before them and a closing quote or separator after them. Boxes apportioned by characters, each
    cut moved a third of a character outwards so the value's end glyphs are wholly covered."""
    n = len(w.text)
    if start >= end:
        return [w]  # nothing of the value in it (a key ending in '=')
    if start == 0 and end == n:
        w.unreadable = True
        return [w]
    x0, y0, x1, y1 = w.box
    step = (x1 - x0) / n
    xa = x0 + start * step - step / 3 if start else x0
    xb = x0 + end * step + step / 3 if end < n else x1
    parts = [
        (w.text[:start], x0, xa, False),
        (w.text[start:end], xa, xb, True),
        (w.text[end:], xb, x1, False),
    ]
    return [Word(t, (a, y0, b, y1), w.line, w.conf, None, u) for t, a, b, u in parts if t]

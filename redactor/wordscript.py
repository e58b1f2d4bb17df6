"""Words that OCR read in the wrong script, re-written in the script of their line.

Tesseract runs several models at once (``redactor.ocr.languages``: lit+rus+eng for a Lithuanian
organisation, all four for ``auto``) and picks a model *per word*. A Latin value is then sometimes
read by the Russian model as Cyrillic letters of the same shape: an ID number "MM436988A" as
"ММ436988А", an address "mark.5@example.com" as "тагк.5@ехатр!е.сот"; or one word mixes both
scripts ("LТ12", Cyrillic Т). The recognisers, which look for Latin values, then miss it.
(Measured on the own corpus s1, ``lang=auto``: 87 of 3605 words of Latin documents carried Cyrillic
letters, touching 3 personal-data values; on dev 9 words, none a value.)

:func:`fix_scripts` re-writes such a word one character for one character (same length, box
unchanged), from the evidence of its neighbours, never from lists of values:

* the *context* of a word is its line (``Word.line``), else its page: it is Latin when more of its
  words are unmistakably Latin (a Latin letter with no Cyrillic twin: "Street", "ID:") than
  unmistakably Cyrillic (a Cyrillic letter with no Latin twin: "Северный"), and vice versa;
* in a Latin context, a word whose Cyrillic letters all have a Latin twin is made Latin when it
  mixes both scripts, or has the shape of a machine value (a digit, '@', '_' or '/' in it); a word
  glued from a key and a value ('=', ':', quotes between them) is judged part by part;
* in a Cyrillic context, a word mixing both scripts whose Latin letters all have an unambiguous
  Cyrillic twin is made Cyrillic ("Москвa" -> "Москва").

What it does not do (how it fails): a word of letters only, all of them twins ("Магк", "Саре"), is
left as read, in either context: a real Russian name ("Романова", "Москва") consists of twins too
and would be destroyed on a Latin line; such a misread value is still missed. A word read in the
wrong script with letters that are not twins (Russian "Стася" read as "Craca") cannot be repaired by
re-writing. A line with no unmistakable word takes the page's context; a page with none is left.
Pure function over the words' text; it cannot fail on any word list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from redactor.confusables import LATIN_OF
from redactor.words import Word

_TO_LATIN = str.maketrans(LATIN_OF)
# Latin -> Cyrillic only where the shape is the same glyph (not Tesseract's substitutions т~m, п~n)
_TO_CYRILLIC = str.maketrans({
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х",
})
_CYR_TWINS = frozenset(LATIN_OF)
_LAT_TWINS = frozenset(chr(k) for k in _TO_CYRILLIC)
_MACHINE = re.compile(r"[0-9@_/]")
_PARTS = re.compile(r"([=:;,\"'“”„«»()<>\[\]{}]+)")  # separators of a key, a value, a quotation

LATIN, CYRILLIC, NONE = "latin", "cyrillic", ""


def _is_cyrillic(c: str) -> bool:
    return "\u0400" <= c <= "\u052f"


def _is_latin(c: str) -> bool:
    return c.isalpha() and c <= "\u024f"


def evidence(text: str) -> str:
    """``LATIN`` / ``CYRILLIC`` when ``text`` (one word) is unmistakably in that script."""
    cyr = [c for c in text if _is_cyrillic(c)]
    lat = [c for c in text if _is_latin(c)]
    if lat and not cyr and any(c not in _LAT_TWINS for c in lat):
        return LATIN
    if cyr and not lat and any(c not in _CYR_TWINS for c in cyr):
        return CYRILLIC
    return NONE


def _vote(texts: list[str]) -> str:
    votes = [evidence(t) for t in texts]
    lat, cyr = votes.count(LATIN), votes.count(CYRILLIC)
    return LATIN if lat > cyr else CYRILLIC if cyr > lat else NONE


def rewrite(text: str, context: str) -> str:
    """``text`` re-written into ``context``'s script when the rules above allow, else unchanged."""
    cyr = [c for c in text if _is_cyrillic(c)]
    if not cyr:  # Latin letters only (an e-mail, a code, an English word on a Russian line): kept
        return text
    lat = any(_is_latin(c) for c in text)
    if context == LATIN:  # part by part: 'name="Анна' holds a key and a value of its own script
        return "".join(_latin(part) for part in _PARTS.split(text))
    if context == CYRILLIC and lat:
        latin = [c for c in text if _is_latin(c)]
        if all(c in _LAT_TWINS for c in latin):
            return text.translate(_TO_CYRILLIC)
    return text


def _latin(part: str) -> str:
    cyr = [c for c in part if _is_cyrillic(c)]
    shaped = any(_is_latin(c) for c in part) or _MACHINE.search(part)  # mixed, or a machine value
    if cyr and shaped and all(c in _CYR_TWINS for c in cyr):
        return part.translate(_TO_LATIN)
    return part


def fix_scripts(words: list[Word]) -> list[Word]:
    """The words of one page with wrong-script words re-written in place (see module doc)."""
    if not any(_is_cyrillic(c) for w in words for c in w.text):
        return words
    page = _vote([w.text for w in words])
    lines: dict[tuple[int, ...], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    for line in lines.values():
        context = _vote([w.text for w in line]) or page
        for w in line:
            w.text = rewrite(w.text, context)
    return words


def with_fixed_scripts(fn: Callable[..., list[Word]]) -> Callable[..., list[Word]]:
    """``fn`` (an OCR function returning one page's words) followed by :func:`fix_scripts`."""
    def run(*args: object, **kwargs: object) -> list[Word]:
        return fix_scripts(fn(*args, **kwargs))
    return run

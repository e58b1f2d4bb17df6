"""Latin look-alikes of Cyrillic letters, for reading OCR output of Latin values.

A page read with the Russian model next to the Latin ones (an organisation's language set, or
``auto``) sometimes comes back in the wrong script: "mark.5@example.com" as "тагК.5@ехатре.сот"
(т for m, г for r, п for n, с for c, о for o). The value is still there; only its letters are
Cyrillic. :func:`fold_tokens` maps such letters back to the Latin letters they look like, one
character for one character (offsets do not move), inside whitespace-free tokens that can only be a
machine value: tokens holding an '@' or a digit next to a dot. Ordinary Russian words, sentences
and names are never touched. Pure function; it cannot fail on any ``str``.
"""

from __future__ import annotations

import re

# Cyrillic -> the Latin letter of the same shape in common sans and serif faces, and the letters
# Tesseract's rus model substitutes for Latin lower case (т~m, п~n, г~r, и~u).
LATIN_OF = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "m", "у": "y", "х": "x", "п": "n", "г": "r", "и": "u", "ѕ": "s", "і": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
}
TABLE = str.maketrans(LATIN_OF)
# a token (no whitespace) with an '@', or with a digit and a dot: an address, a host, a code
_MACHINE = re.compile(r"\S*@\S*|\S*\d\S*\.\S+|\S+\.\S*\d\S*")
_CYRILLIC = re.compile("[\u0400-\u04ff\u0500-\u052f]")


def fold_tokens(text: str) -> str:
    """``text`` with Cyrillic look-alikes inside machine-value tokens made Latin (same length)."""
    if not _CYRILLIC.search(text):
        return text
    return _MACHINE.sub(lambda m: m.group().translate(TABLE), text)

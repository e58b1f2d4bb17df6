"""UK National Insurance numbers ("AB 12 34 56 C", "AB123456C") as ``ID_DOCUMENT``.

The format has no check digit, so the allocation rules decide: the first letter is never D F I Q U V,
the second never D F I O Q U V, the prefixes BG GB KN NK NT TN ZZ are never issued, the suffix is
A-D. Written in its usual 2-2-2-2-1 grouping (or compact) it is distinctive on its own (0.7); a
NINO-shaped token that breaks a rule is left alone. A context word ("NI number", "National
Insurance") raises the score; next to one, a number whose prefix's second letter OCR read as a
digit is taken too. Nothing is logged; no failure mode beyond not matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.confusables import TABLE as TO_LATIN
from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer

NINO = re.compile(
    r"(?<![\w/-])([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])"
    r"(?:( ?)(\d{2})\3(\d{2})\3(\d{2})\3([A-D])|(\d{6})([A-D]))(?![\w/-])"
)
NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# the prefix's second letter read as a digit look-alike and glued to the first pair ("K728 20 12 B"
# for "KZ 28 20 12 B"): only next to a context word
DAMAGED = re.compile(r"(?<![\w/-])[A-CEGHJ-PR-TW-Z]\d{3} \d{2} \d{2} [A-D](?![\w/-])")


class UkNinoRecognizer(SargasRecognizer):
    ENTITIES = ["ID_DOCUMENT"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("ID_DOCUMENT")
        # a letter OCR read with its Cyrillic twin ("RW 77 51 12 В"): matched on a copy with the
        # twins made Latin, same offsets
        latin = doc.text.translate(TO_LATIN)
        seen: set[int] = set()
        for m in (*NINO.finditer(doc.text), *(NINO.finditer(latin) if latin != doc.text else ())):
            if m.group(1) + m.group(2) in NEVER or m.start() in seen:
                continue
            seen.add(m.start())
            near = doc.near(m.start(), m.end(), words, lines=1)
            yield m.start(), m.end(), "ID_DOCUMENT", 0.85 if near else 0.7
        for m in DAMAGED.finditer(latin):
            if doc.near(m.start(), m.end(), words, lines=1):
                yield m.start(), m.end(), "ID_DOCUMENT", 0.6

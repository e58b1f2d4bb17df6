"""Russian internal passport: series (2+2 digits) and number (6 digits), with context."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer

CANDIDATE = re.compile(r"(?<![\w/.,-])\d{2} ?\d{2}(?: ?№)? ?\d{6}(?![\w/]|[.,]\d)")
FOREIGN = re.compile(r"(?<![\w/.,-])\d{2} ?№? ?\d{7}(?![\w/]|[.,]\d)")  # zagranpasport: 2 + 7 digits


class RuPassportRecognizer(SargasRecognizer):
    ENTITIES = ["RU_PASSPORT"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("RU_PASSPORT") + ctx("ID_DOCUMENT")
        doc_label = doc.anywhere(["паспорт", "passport"])
        for m in CANDIDATE.finditer(doc.text):
            spaced = bool(re.fullmatch(r"\d\d \d\d ?№? ?\d{6}", m.group()))
            if doc.near(m.start(), m.end(), words, chars=60, lines=2):
                yield m.start(), m.end(), "RU_PASSPORT", 0.85
            elif spaced and doc_label:
                yield m.start(), m.end(), "RU_PASSPORT", 0.6
        for m in FOREIGN.finditer(doc.text):
            if doc.near(m.start(), m.end(), words, chars=40, lines=1):
                yield m.start(), m.end(), "RU_PASSPORT", 0.75

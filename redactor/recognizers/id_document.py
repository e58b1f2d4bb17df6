"""Identity documents: LV/EE/LT passports and ID cards ("PA1234567", "LV1234567", "AB1234567"),
LT 8-digit ID card / passport numbers next to a document label."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, real_digits

LETTERS = re.compile(rf"(?<![\w/-])[A-ZА-Я]{{1,2}} ?{D}{{7,8}}(?![\w/-])")
DIGITS8 = re.compile(rf"(?<![\w/.,-]){D}{{8}}(?![\w/-]|[.,]\d)")
ID_PREFIX = ("PA", "LV", "AB", "KA", "KB", "AA", "EA", "EB", "K", "РА")


class IdDocumentRecognizer(SargasRecognizer):
    ENTITIES = ["ID_DOCUMENT"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("ID_DOCUMENT")
        company = ctx("COMPANY_CODE")
        doc_has_label = doc.anywhere(words)
        for m in LETTERS.finditer(doc.text):
            raw = m.group()
            if real_digits(raw) < 6:
                continue
            near = doc.near(m.start(), m.end(), words, lines=2)
            letters = re.match(r"[A-ZА-Я]+", raw).group()  # type: ignore[union-attr]
            if near or (len(letters) == 2 and (letters in ID_PREFIX or doc_has_label)):
                yield m.start(), m.end(), "ID_DOCUMENT", 0.85 if near else 0.6
        for m in DIGITS8.finditer(doc.text):
            if real_digits(m.group()) < 7:
                continue
            if doc.near(m.start(), m.end(), company, chars=40, lines=1):  # "Company no.\n00112194"
                continue
            if doc.near(m.start(), m.end(), words, chars=50, lines=1):
                yield m.start(), m.end(), "ID_DOCUMENT", 0.75
            elif doc_has_label:
                ls, le = doc.line_span(m.start())
                if doc.text[ls:le].strip() == m.group() or doc.near(
                    m.start(), m.end(), ["nr", "no", "№"], 12, 0
                ):
                    yield m.start(), m.end(), "ID_DOCUMENT", 0.45

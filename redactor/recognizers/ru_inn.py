"""Russian INN: 12-digit personal INN (checksum, or an OCR-damaged one next to 'ИНН').
10-digit INNs belong to organisations and are left alone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.ru import inn

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits, real_digits

CANDIDATE = re.compile(rf"(?<![\w/.,-]){D}(?: ?{D}){{9}}(?:(?: ?{D}){{2}})?(?![\w/]|[.,]\d)")


class RuInnRecognizer(SargasRecognizer):
    ENTITIES = ["RU_INN"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        inn_ctx = ctx("RU_INN")
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            if real_digits(raw) < 9:
                continue
            code = ocr_digits(raw)
            near = doc.near(m.start(), m.end(), inn_ctx, chars=40, lines=1, after=0)
            valid = inn.is_valid(code)
            if len(code) == 12 and valid:
                yield m.start(), m.end(), "RU_INN", 0.9 if near else 0.75
            elif len(code) == 12 and near:
                yield m.start(), m.end(), "RU_INN", 0.55

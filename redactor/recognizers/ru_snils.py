"""Russian SNILS: NNN-NNN-NNN CC with the mod-101 control number."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits

CANDIDATE = re.compile(rf"(?<![\w/.,-]){D}{{3}}[- ]?{D}{{3}}[- ]?{D}{{3}}[- ]{{0,2}}{D}{{2}}(?![\w/]|[.,]\d)")


def snils_valid(digits: str) -> bool:
    if len(digits) != 11:
        return False
    body, control = digits[:9], int(digits[9:])
    if int(body) <= 1001998:
        return False  # the control number is only defined above 001-001-998
    total = sum(int(c) * (9 - i) for i, c in enumerate(body))
    check = total % 101
    if check == 100:
        check = 0
    return check == control


class RuSnilsRecognizer(SargasRecognizer):
    ENTITIES = ["RU_SNILS"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            code = ocr_digits(raw)
            sep = raw.count("-") >= 2
            near = doc.near(m.start(), m.end(), ctx("RU_SNILS"), lines=2)
            if snils_valid(code) and (sep or near):
                yield m.start(), m.end(), "RU_SNILS", 0.9
            elif near and sep:
                yield m.start(), m.end(), "RU_SNILS", 0.6

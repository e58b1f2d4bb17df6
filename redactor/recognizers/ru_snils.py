"""Russian SNILS: NNN-NNN-NNN CC with the mod-101 control number.

Small or recompressed text is read with damage: a digit read as its look-alike letter ("290-B66-693
29", "6S1-448-183 98") or a log's '=' read as a letter that glues the value to its key
("codes511-…"). Such a reading is taken only in the hyphenated 3-3-3 2 shape and only when the
control number holds with the look-alikes read as digits; a wrong control number is never repaired.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits

CANDIDATE = re.compile(rf"(?<![\w/.,-]){D}{{3}}[- ]?{D}{{3}}[- ]?{D}{{3}}[- ]{{0,2}}{D}{{2}}(?![\w/]|[.,]\d)")
# the damaged readings: B and S for 8 and 5, or glued to a lower-case key; hyphens required
_S = r"[\dOolI|BS]"
DAMAGED = re.compile(rf"(?:(?<![\w/.,-])|(?<=[a-zа-яё]))"
                     rf"{_S}{{3}}-{_S}{{3}}-{_S}{{3}}[- ]{_S}{{2}}(?![\w/]|[.,]\d)")
_LOOKALIKE = str.maketrans("BS", "85")


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
        for m in DAMAGED.finditer(doc.text):
            raw = m.group()
            if CANDIDATE.fullmatch(raw) and not doc.text[m.start() - 1 : m.start()].isalpha():
                continue  # read cleanly: judged above
            code = ocr_digits(raw.translate(_LOOKALIKE))
            if sum(c.isdigit() for c in raw) >= 8 and snils_valid(code):
                yield m.start(), m.end(), "RU_SNILS", 0.85

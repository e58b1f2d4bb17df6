"""Payment card numbers (13-19 digits, Luhn), with spaces/hyphens and OCR look-alikes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import luhn

from redactor.nlp import DocInfo
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits, real_digits

CANDIDATE = re.compile(
    rf"(?<![\w/.,-])[2-6]{D}{{3}}(?:[ -]?{D}{{4}}){{2}}(?:[ -]?{D}{{1,4}}){{1,2}}(?![\w/-]|[.,]\d)"
)


AMEX = re.compile(r"(?<![\w/.,-])3[47]\d{2}[ -]?\d{6}[ -]?\d{5}(?![\w/-]|[.,]\d)")


class CreditCardRecognizer(SargasRecognizer):
    ENTITIES = ["CREDIT_CARD"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            if " " in raw and "-" in raw:
                continue  # mixed separators: a number followed by a date, not a card
            num = ocr_digits(raw)
            if 13 <= len(num) <= 19 and real_digits(raw) >= 12 and luhn.is_valid(num):
                yield m.start(), m.end(), "CREDIT_CARD", 0.95
        for m in AMEX.finditer(doc.text):
            if luhn.is_valid(ocr_digits(m.group())):
                yield m.start(), m.end(), "CREDIT_CARD", 0.95

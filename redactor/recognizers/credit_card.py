"""Payment card numbers (13-19 digits, Luhn), with spaces/hyphens and OCR look-alikes.

Small monospace text is read with a stray comma or dot before one of the spaces of a 4-4-4-4
grouping ("5xxx, xxxx xxxx xxxx"): that shape, with exactly one such mark and the other groups
space-separated, is still a card when the Luhn digit holds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import luhn

from redactor.nlp import DocInfo
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits, real_digits

CANDIDATE = re.compile(
    rf"(?<![\w/.,-])[2-6]{D}{{3}}(?:[ -]?{D}{{4}}){{2}}(?:[ -]?{D}{{1,4}}){{1,2}}(?![\w/-]|[.,]\d)"
)


# one comma or dot OCR added before a space of the 4-4-4-4 grouping
PUNCTUATED = re.compile(rf"(?<![\w/.,-])[2-6]{D}{{3}}(?:[.,]? {D}{{4}}){{3}}(?![\w/-]|[.,]\d)")

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
        for m in PUNCTUATED.finditer(doc.text):
            raw = m.group()
            marks = raw.count(",") + raw.count(".")
            if marks == 1 and real_digits(raw) >= 14 and luhn.is_valid(ocr_digits(raw)):
                yield m.start(), m.end(), "CREDIT_CARD", 0.85
        for m in AMEX.finditer(doc.text):
            if luhn.is_valid(ocr_digits(m.group())):
                yield m.start(), m.end(), "CREDIT_CARD", 0.95

"""Latvian personas kods: old DDMMYY-NNNNN (checksum via stdnum.lv.pvn) and new 32xxxx-xxxxx
(accepted on format with the hyphen; written compact, on the check digit stdnum computes or
next to a label)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.lv import pvn

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits, real_digits

CANDIDATE = re.compile(rf"(?<![\w/.,-])([0-3](?: ?{D}){{5}}) ?[-–—‐]? ?({D}(?: ?{D}){{4}})(?![\w/]|[.,]\d)")


class LvPersonalCodeRecognizer(SargasRecognizer):
    ENTITIES = ["LV_PERSONAL_CODE"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        code_ctx = ctx("PERSONAL_CODE")
        other_ctx = ctx("COMPANY_CODE") + ctx("DOCUMENT_NUMBER")
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            if real_digits(raw) < 9:
                continue
            code = ocr_digits(raw)
            hyphen = any(c in raw for c in "-–—‐")
            near = doc.near(m.start(), m.end(), code_ctx, lines=2)
            if code.startswith("32"):
                # new-style code: with the hyphen on format; written compact it needs a label or
                # the check digit (and no company / document-number word before it)
                if hyphen:
                    score = 0.85
                elif pvn.is_valid(code) and not doc.near(m.start(), m.end(), other_ctx, chars=30, after=0):
                    score = 0.8 if near else 0.7
                elif near:
                    score = 0.6
                else:
                    continue
            elif pvn.is_valid(code):
                score = 0.95 if hyphen else 0.8
                try:
                    doc.shared.setdefault("birth_dates", set()).add(pvn.get_birth_date(code).isoformat())
                except Exception:  # noqa: BLE001, S110
                    pass
            elif hyphen and near:
                score = 0.6  # OCR-damaged digit next to a label
            else:
                continue
            yield m.start(), m.end(), "LV_PERSONAL_CODE", score

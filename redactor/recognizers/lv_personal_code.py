"""Latvian personas kods: old DDMMYY-NNNNN (checksum via stdnum.lv.pvn) and new 32xxxx-xxxxx
(no confirmed checksum, accepted on format)."""

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
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            if real_digits(raw) < 9:
                continue
            code = ocr_digits(raw)
            hyphen = any(c in raw for c in "-–—‐")
            near = doc.near(m.start(), m.end(), code_ctx, lines=2)
            if code.startswith("32"):
                # new-style code: format only; without the hyphen it needs a label
                if not (hyphen or near):
                    continue
                score = 0.85 if hyphen else 0.6
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

"""Lithuanian asmens kodas (11 digits, G YYMMDD NNN C) validated with stdnum; also Estonian isikukood
(same layout and checksum) when the document looks Estonian."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum.ee import ik
from stdnum.lt import asmens

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import D, SargasRecognizer, ocr_digits, one_twin_swap, real_digits

# also after a word and a hyphen: a log's "code=4740…" whose '=' OCR read as '-' ("code-4740…");
# a hyphen after a digit stays a boundary (a longer hyphenated number)
CANDIDATE = re.compile(rf"(?:(?<![\w/.,-])|(?<=[^\W\d_]-))[1-6](?: ?{D}){{10}}(?![\w/]|[.,]\d)")


def birth_date(code: str) -> str | None:
    """ISO birth date embedded in a valid LT/EE code."""
    try:
        d = ik.get_birth_date(code)
    except Exception:  # noqa: BLE001 - stdnum raises several types
        return None
    return d.isoformat()


class LtPersonalCodeRecognizer(SargasRecognizer):
    ENTITIES = ["LT_PERSONAL_CODE", "EE_PERSONAL_CODE"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        code_ctx = ctx("PERSONAL_CODE")
        ee_doc = doc.lang == "et" or doc.anywhere(ctx("EE_HINT"))
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            if real_digits(raw) < 9:
                continue
            code = ocr_digits(raw)
            near = doc.near(m.start(), m.end(), code_ctx, lines=2)
            if asmens.is_valid(code) or ik.is_valid(code):
                score = 0.95
            elif near and birth_date(code[:-1] + str(ik.calc_check_digit(code))):
                score = 0.6  # OCR damage in the check digit, but a code label supports it
            elif near and one_twin_swap(code, lambda c: asmens.is_valid(c) or ik.is_valid(c)):
                score = 0.6  # a digit of its date misread as a look-alike ("3620…" read "3626…")
            else:
                continue
            hay = doc.before(m.start(), 80, 2)
            if "isikukood" in hay or (ee_doc and "asmens kod" not in hay):
                entity = "EE_PERSONAL_CODE"
            else:
                entity = "LT_PERSONAL_CODE"
            bd = birth_date(code)
            if bd:
                doc.shared.setdefault("birth_dates", set()).add(bd)
            yield m.start(), m.end(), entity, score

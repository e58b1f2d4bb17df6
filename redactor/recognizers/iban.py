"""IBAN (any country, checksum via stdnum.iban), with spaces and OCR look-alikes tolerated."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer, real_digits

_CYR = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_AS_LETTER = str.maketrans("015826", "OISBZG")
# an IBAN whose country code OCR destroyed ("1107 7044 0413 6836 5199"), accepted next to a label
DAMAGED = re.compile(r"(?<![\w])[A-Z0-9]{4}(?: [A-Z0-9]{4}){4,7}(?: [A-Z0-9]{1,3})?(?!\w)")
CANDIDATE = re.compile(r"(?<![\w])[A-ZА-Я]{2} ?[\dOlI]{2}(?:[ \t]?[A-Z0-9А-Я]){8,32}(?!\w)")


def _variants(s: str) -> list[str]:
    s = s.translate(_CYR)
    out = [s]
    # OCR letters for digits in the all-digit part after country + check digits (LT, EE, ...)
    head, tail = s[:4].replace("O", "0").replace("l", "1").replace("I", "1"), s[4:]
    out.append(s[:2] + head[2:] + tail)
    out.append(s[:2] + head[2:] + tail.replace("O", "0").replace("I", "1"))
    # ... and OCR digits for letters in a letter bank code (LV "RIK0" for "RIKO", GB, IE, NL)
    bank = tail[:4]
    if re.fullmatch(r"[A-Z0-9]{4}", bank) and re.search(r"[A-Z]", bank) and re.search(r"\d", bank):
        out.append(s[:2] + head[2:] + bank.translate(_AS_LETTER) + tail[4:])
    return out


class IbanRecognizer(SargasRecognizer):
    ENTITIES = ["IBAN_CODE"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            # try the longest prefix made of whole space-separated groups that validates
            cuts = [len(raw)] + [i for i in range(len(raw) - 1, 14, -1) if raw[i] in " \t"]
            for cut in cuts:
                part = raw[:cut].rstrip()
                compact = re.sub(r"\s", "", part)
                if any(iban.is_valid(v) for v in _variants(compact)):
                    yield m.start(), m.start() + len(part), "IBAN_CODE", 0.95
                    break
        words = ctx("IBAN_CODE")
        labelled_doc = doc.anywhere(words)
        for m in DAMAGED.finditer(doc.text):
            if doc.near(m.start(), m.end(), words, chars=40, lines=1):
                yield m.start(), m.end(), "IBAN_CODE", 0.5
            elif labelled_doc and len(m.group()) == 24 and real_digits(m.group()) >= 18:
                yield m.start(), m.end(), "IBAN_CODE", 0.45

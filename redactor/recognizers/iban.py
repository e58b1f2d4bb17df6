"""IBAN (any country, checksum via stdnum.iban), with spaces and OCR look-alikes tolerated."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban

from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer

_CYR = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
CANDIDATE = re.compile(r"(?<![\w])[A-ZА-Я]{2} ?[\dOlI]{2}(?:[ \t]?[A-Z0-9А-Я]){8,32}(?!\w)")


def _variants(s: str) -> list[str]:
    s = s.translate(_CYR)
    out = [s]
    # OCR letters for digits in the all-digit part after country + check digits (LT, EE, ...)
    head, tail = s[:4].replace("O", "0").replace("l", "1").replace("I", "1"), s[4:]
    out.append(s[:2] + head[2:] + tail)
    out.append(s[:2] + head[2:] + tail.replace("O", "0").replace("I", "1"))
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

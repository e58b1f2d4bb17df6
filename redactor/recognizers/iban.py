"""IBAN (any country, checksum via stdnum.iban), with spaces and OCR look-alikes tolerated.

OCR confusions are repaired by structure, not by lists: the country's BBAN layout (stdnum's IBAN
registry: ``n`` digit, ``a`` letter, ``c`` either) says which character class each position must
hold, so a letter read in a digit position ("LTS4" for "LT54", "RIKOS842" for "RIKO5842") is mapped
to its look-alike digit and a digit in a letter position to its look-alike letter; one repair per
position (no search), accepted only when the mod-97 checksum then holds. An unknown country or a
wrong length yields no variant. A value of the exact layout whose checksum fails is still an IBAN
when one look-alike digit swap (6 for 0, 1 for 4, ...) makes it hold: OCR read a digit as another
(score 0.6). One letter of the country code read as its look-alike digit ("G892BARC…") is put
back when the checksum then holds. A value whose country code OCR destroyed is left to the
label-bound DAMAGED rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban, numdb

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer, one_twin_swap, real_digits

_CYR = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_AS_LETTER = str.maketrans("015826", "OISBZG")
# (an '@' is a 0 whose ring OCR read with a tail: "…9186 553@" at a line end; '$' a 5)
_AS_DIGIT = str.maketrans("OoDQIlJ|SsBZzG$@", "0000111155822650")
_BBAN_PART = re.compile(r"(\d+)!?([nac])")
# an IBAN whose country code OCR destroyed ("1107 7044 0413 6836 5199"), accepted next to a label
DAMAGED = re.compile(r"(?<![\w])[A-Z0-9]{4}(?: [A-Z0-9]{4}){4,7}(?: [A-Z0-9]{1,3})?(?!\w)")
# a 20-character IBAN (LT, EE) whose two letters OCR read as digit look-alikes: "11", "17", "1T",
# or its 'L' as a bracket ("[127 4010 …": the letter's upright and foot)
LOST_CODE = re.compile(r"(?<![\w])([1Il|\[(][1Il|7T]|[3E][3E])[ ]?(\d{2}(?:[ ]?\d{4}){4})(?![\w])")
LOST_CODE_OF = {h: ("LT",) for h in ("11", "17", "1T", "I1", "l1", "|1", "1I", "1L", "II", "LL",
                                     "[1", "[I", "[T", "(1", "(I")}
LOST_CODE_OF.update({h: ("EE",) for h in ("33", "3E", "E3", "EE")})
# also right after lower-case letters: a log's "iban=LT61…" whose '=' OCR read as a letter
# ("ibanaLT61…"); the case change is the boundary, and only a valid checksum is taken there
CANDIDATE = re.compile(r"(?:(?<![\w])|(?<=[a-zа-яё]))"
                       r"[A-ZА-Я]{2} ?[\dOlISBZG]{2}(?:[ \t]?[A-Z0-9А-Я$@]){8,32}(?!\w)")
# an IBAN whose country code OCR read with one letter as its look-alike digit ("G892BARC…" for
# "GB92BARC…", small text): the letter is put back and only a valid checksum is taken
CODE_DIGIT = re.compile(r"(?<![\w])(?:[A-Z][015826]|[015826][A-Z]) ?\d{2}(?:[ \t]?[A-Z0-9$]){8,32}(?!\w)")


def _classes(cc: str) -> str:
    """Per-position classes of the country's BBAN ("nnnnn..." for LT), "" when unknown."""
    cc = cc.upper()
    info = numdb.get("iban").info(cc)
    layout = info[0][1].get("bban", "") if info and info[0][0] == cc else ""
    return "".join(kind * int(n) for n, kind in _BBAN_PART.findall(layout))


def _repair(s: str) -> list[str]:
    """``s`` with each position forced to the class the country's BBAN layout expects ("" if the
    country or length is unknown); 'c' positions are kept, and once more read as digits."""
    cc = s[:2].upper()
    classes = _classes(cc)
    if not classes or len(s) != 4 + len(classes):
        return []
    head = cc + s[2:4].translate(_AS_DIGIT)
    kept, digits = [], []
    for ch, kind in zip(s[4:], classes, strict=True):
        fixed = ch.translate(_AS_DIGIT) if kind == "n" else ch.translate(_AS_LETTER) if kind == "a" else ch
        kept.append(fixed.upper() if kind == "a" else fixed)
        digits.append(ch.translate(_AS_DIGIT) if kind == "c" else fixed)
    return [head + "".join(kept), head + "".join(digits)]


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
    return out + _repair(s)


def _misread(s: str) -> bool:
    """``s`` has its country's exact BBAN layout (after the class repairs) and one look-alike
    digit swap makes the mod-97 checksum hold."""
    return any(one_twin_swap(v, iban.is_valid, 2) for v in _repair(s.translate(_CYR)))


class IbanRecognizer(SargasRecognizer):
    ENTITIES = ["IBAN_CODE"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in CANDIDATE.finditer(doc.text):
            raw = m.group()
            glued = m.start() > 0 and doc.text[m.start() - 1].isalpha()
            # try the longest prefix made of whole space-separated groups that validates
            cuts = [len(raw)] + [i for i in range(len(raw) - 1, 14, -1) if raw[i] in " \t"]
            for cut in cuts:
                part = raw[:cut].rstrip()
                compact = re.sub(r"\s", "", part)
                if any(iban.is_valid(v) for v in _variants(compact)):
                    yield m.start(), m.start() + len(part), "IBAN_CODE", 0.95
                    break
            else:
                part = raw.rstrip()
                if not glued and _misread(re.sub(r"\s", "", part)):
                    yield m.start(), m.start() + len(part), "IBAN_CODE", 0.6
        for m in CODE_DIGIT.finditer(doc.text):
            compact = re.sub(r"\s", "", m.group())
            code = compact[:2].translate(_AS_LETTER)
            if _classes(code) and any(iban.is_valid(v) for v in _variants(code + compact[2:])):
                yield m.start(), m.end(), "IBAN_CODE", 0.9
        # "1122 7300 0967 4637 6428": OCR read a Lithuanian/Estonian country code as digits; the
        # checksum with the code put back decides
        for m in LOST_CODE.finditer(doc.text):
            body = re.sub(r"\s", "", m.group(2))
            if any(iban.is_valid(cc + body) for cc in LOST_CODE_OF.get(m.group(1).upper(), ())):
                yield m.start(), m.end(), "IBAN_CODE", 0.6
        words = ctx("IBAN_CODE")
        labelled_doc = doc.anywhere(words)
        for m in DAMAGED.finditer(doc.text):
            if doc.near(m.start(), m.end(), words, chars=40, lines=1):
                yield m.start(), m.end(), "IBAN_CODE", 0.5
            elif labelled_doc and len(m.group()) == 24 and real_digits(m.group()) >= 18:
                yield m.start(), m.end(), "IBAN_CODE", 0.45

"""Phone numbers for LT / LV / EE / RU (plus any +international number) via phonenumbers.

Local forms ("8 628 39434", "2156 4517", "5555 9264", "8 (919) 081-13-95") are accepted when
they are valid for one of the regions and either formatted like a phone number or next to a phone
context word, or, in a contact block, right under an e-mail address; bare digit runs without
context (company codes, totals) are left alone. A digit read as '$' (small text) is judged as a
5 and as an 8, next to a phone word only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer

CANDIDATE = re.compile(r"(?<![\w+/.,:-])(?:\+|00)?[ ]?[({[]?\d[\d ()\-–]{5,40}\d(?![\w/:]|[.,]\d)")
# a digit of small text read as '$' (a 5 or an 8: "$ (623) 23157", "$238 244"): judged with each
# look-alike, and only next to a phone word ("$1 234 567" is an amount)
DOLLAR = re.compile(r"(?<![\w+/.,:$-])[({[]?[\d$][\d$ ()\-–]{5,40}\d(?![\w/:]|[.,]\d)")
DATE_LIKE = re.compile(
    # a real month and day ("2025-11-14", OCR "2025-1114"); "2018-9889" is a Latvian phone
    r"\b(?:19|20)\d\d[-–](?:0[1-9]|1[0-2])(?:[-–]\d\d|(?:[0-2]\d|3[01]))\b"  # OCR day "64" too
    r"|\b(?:[0-2]\d|3[01])[-–]?(?:0[1-9]|1[0-2])[-–](?:19|20)\d\d\b"
)
REGIONS = ("LT", "LV", "EE", "RU")
# "(8 5) 475 1188", "(8 37) 20 11 55", "{0 22) 123 456": a bracketed area code then the number
# (OCR reads the opening bracket as '{' or '[').
AREA_CODE = re.compile(r"^\s*[({[]\s*0?\d{1,3}(?:[ ]\d{1,3})?\s*\)[ ]?\d{2,4}(?:[ \-–]\d{2,4}){1,3}\s*$")
SERIES = re.compile(r"(?<![\w.])[A-ZА-Я]{1,4}[ \t]?[-–#№]?[ \t]?\Z")  # same line: no "\n" before \Z
# North American layout "(212) 555-1234" / "212-555-1234": English-speaking clients quote these
# without a +1; only this exact grouping is tried as a US number.
NANP = re.compile(r"^\(?[2-9]\d\d\)?[ .\-–]?[2-9]\d\d[.\-–]\d{4}$")


def _parse(digits: str, plus: bool) -> tuple[bool, bool]:
    """(valid, possible) for the best interpretation of a digit string."""
    cands: list[tuple[str, str | None]] = []
    n = len(digits)
    if plus:
        cands.append(("+" + digits, None))
    elif n == 11 and digits.startswith(("370", "371", "372", "7")):
        cands.append(("+" + digits, None))
    elif digits[0] == "8" and n == 11 or digits[0] == "9" and n == 10:
        cands.append((digits, "RU"))
    elif digits[0] == "8" and n == 9:
        cands.append((digits, "LT"))
    elif n == 8 and digits[0] in "26":
        cands.append((digits, "LV"))
    elif n in (7, 8) and digits[0] in "345678":
        cands.append((digits, "EE"))
    else:
        cands += [(digits, r) for r in REGIONS]
    if not plus and digits[0] == "0" and n in (10, 11):
        cands += [(digits, "GB"), (digits, "IE")]  # "07700 900123", "020 7946 0958", "087 123 4567"
    possible = False
    for num, region in cands:
        try:
            p = phonenumbers.parse(num, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(p):
            return True, True
        possible = possible or phonenumbers.is_possible_number(p)
    return False, possible


def _compact_mobile(raw: str) -> bool:
    """A mobile number written as one run with its national trunk prefix: LT "8 6xx xxxxx" as
    "864501551", RU "8 9xx xxx xx xx", UK "07xxx xxxxxx"; valid and of the mobile type for that
    region (LV / EE mobiles have no trunk prefix: a bare 8-digit run needs context or grouping)."""
    region = {"86": "LT", "89": "RU", "07": "GB"}.get(raw[:2])
    if region is None or not raw.isdigit() or len(raw) != (9 if region == "LT" else 11):
        return False
    try:
        p = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    mobile = phonenumbers.PhoneNumberType.MOBILE
    return phonenumbers.is_valid_number(p) and phonenumbers.number_type(p) == mobile


class PhoneRecognizer(SargasRecognizer):
    ENTITIES = ["PHONE_NUMBER"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("PHONE_NUMBER")
        claimed = doc.shared.get("claimed") or bytearray(len(doc.text) + 1)
        for m in CANDIDATE.finditer(doc.text):
            if claimed[m.start()] and claimed[m.end() - 1]:
                continue  # inside a validated card / IBAN / personal code
            found = list(self._judge(doc, m.group(), m.start(), m.end(), words))
            if not found and len(re.sub(r"\D", "", m.group())) > 12:
                found = list(self._split(doc, m.group(), m.start(), words))
            yield from found
        for m in DOLLAR.finditer(doc.text):
            if "$" not in m.group() or not doc.near(m.start(), m.end(), words, chars=40, lines=1):
                continue
            for digit in "58":
                found = list(self._judge(doc, m.group().replace("$", digit), m.start(), m.end(), words))
                if found:
                    yield from found
                    break

    def _split(
        self, doc: DocInfo, raw: str, offset: int, words: list[str]
    ) -> Iterable[tuple[int, int, str, float]]:
        """A run like "151257-12645 2905 2209" (code + phone in a table row): try windows of its groups."""
        groups = [(g.start(), g.end()) for g in re.finditer(r"\S+", raw)]
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + 5), i, -1):
                s, e = groups[i][0], groups[j - 1][1]
                if not 7 <= sum(c.isdigit() for c in raw[s:e]) <= 13:
                    continue
                hit = list(self._judge(doc, raw[s:e], offset + s, offset + e, words))
                if hit:
                    yield from hit
                    i = j - 1
                    break
            i += 1

    def _judge(
        self, doc: DocInfo, raw: str, m_start: int, m_end: int, words: list[str]
    ) -> Iterable[tuple[int, int, str, float]]:
        if True:
            start = m_start + (len(raw) - len(raw.lstrip()))
            if raw.count("(") != raw.count(")") and "(" in raw:
                if raw.lstrip().startswith("("):
                    start += raw.lstrip().index("(") + 1
            elif raw.count(")") > raw.count("(") and m_start and doc.text[m_start - 1] in "({[":
                start = m_start - 1  # "(+371) 2355 0568": the bracket opens before the '+'
            if DATE_LIKE.search(raw):
                return
            digits = re.sub(r"\D", "", raw)
            if not 7 <= len(digits) <= 15:
                return
            plus = raw.lstrip().startswith(("+", "00")) and not raw.lstrip().startswith("+ ")
            if raw.lstrip().startswith("00"):
                digits = digits[2:]
            grouped = bool(re.search(r"\d[ ()\-–]+\d", raw.strip()))
            near = doc.near(m_start, m_end, words, chars=40, lines=1)
            if not plus and SERIES.search(doc.text, max(0, m_start - 6), m_start) and (
                    not near or _series_opens_cell(doc, m_start, words)):
                return  # "SF 612 32734", "INV 2026 0042": a document series code, not a phone
            if not (plus or near or grouped):
                numbered = re.search(r"(?:\b(?:nr|no|ref|id)\.?|[#№])\s*:?\s*$",
                                     doc.before(m_start, 14, 0), re.IGNORECASE)
                if _compact_mobile(raw.strip()) and not numbered:
                    yield start, m_end, "PHONE_NUMBER", 0.5
                elif not numbered and _parse(digits, False)[0] and _under_an_address(doc, start, m_end):
                    yield start, m_end, "PHONE_NUMBER", 0.5
                return
            valid, possible = _parse(digits, plus)
            if not valid and NANP.match(raw.strip()):
                valid = phonenumbers.is_valid_number(phonenumbers.parse(digits, "US"))
            if valid and (plus or near or grouped):
                score = 0.85 if (plus or near) else 0.6
            elif possible and near and (plus or grouped or len(digits) in (7, 8, 9, 11)):
                score = 0.5  # a number next to "Tel." whose block phonenumbers does not know yet
            elif possible and plus and grouped:
                score = 0.5  # "+353 81 763 6203": a grouped international number of a possible length
            elif possible and AREA_CODE.match(raw):
                score = 0.5  # "(8 5) 475 1188": a bracketed trunk/area code is a phone's own layout
            else:
                return
            yield start, m_end, "PHONE_NUMBER", score


def _series_opens_cell(doc: DocInfo, start: int, words: list[str]) -> bool:
    """The series code before the number opens the number's own cell ("Pastabos | SF 612 05954"):
    a phone word in a neighbouring cell or line then labels another value, not this one."""
    from redactor.layout import layout_of

    cell = layout_of(doc).cell_of(start)
    if cell is None:
        return False
    head = doc.lower[cell.start:start]
    return SERIES.fullmatch(doc.text[cell.start:start]) is not None and not any(w in head for w in words)


def _under_an_address(doc: DocInfo, start: int, end: int) -> bool:
    """A contact block ("Jelena Lopp / jelena.lopp@gmail.com / 6599931"): the number fills its
    cell, and the cell right above it in its column holds an e-mail address."""
    from redactor.layout import layout_of

    lay = layout_of(doc)
    cell = lay.cell_of(start)
    if cell is None or cell.row <= 0 or doc.text[cell.start:cell.end].strip() != doc.text[start:end].strip():
        return False
    above = [c for c in lay.rows[cell.row - 1] if c.hoverlap(cell) > 0]
    h = max(cell.y1 - cell.y0, 1e-6)
    return len(above) == 1 and cell.y0 - above[0].y1 < 1.5 * h and bool(
        re.search(r"\S@\S+\.\S", doc.text[above[0].start:above[0].end]))

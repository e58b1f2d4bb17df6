"""Values typed by the document's structure: a column header or a field label says what they are.

:mod:`redactor.layout` finds label/value pairs (``Vardas: Jonas``, ``Tel. | 8 612 34567``) and
columns under headers (``Pavardė`` above a column of surnames, ``Pasto kodas`` above postcodes);
this recognizer checks that each value has the shape its label promises (a name is letters, a
postcode is a postcode, a house number is a number) and reports it. So a lone first name, a lone
surname, a city, a postcode or a house number in its own cell is found although on its own it
means little. Values that do not fit their label (a placeholder "—", a sentence, a number under a
name header) are left to the other recognizers. Labels that may also head non-personal columns
("Name", "User", "Account") need values that look personal on their own too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban as std_iban
from stdnum.ee import ik
from stdnum.lt import asmens
from stdnum.lv import pvn

from redactor.layout import Field, label_sets, layout_of
from redactor.layout_labels import label_kind, labels, norm_label
from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import is_blocked, patronymic, ru_surname, strong_surname
from redactor.recognizers.person_parts import COMPANY, shape_ok, word_features
from redactor.recognizers.person_script import twin_copy_of

NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
HOUSE = re.compile(
    r"^(?:(?:nr|no|д|дом)\.?\s?)?\d{1,4}\s?[A-Za-zА-Яа-я]?(?:\s?[-/–]\s?\d{1,4}[A-Za-z]?)?"
    r"(?:,?\s?(?:k|korp|к|корп|kv|кв|dz|butas)\.?\s?[-–]?\s?\d{1,4})?$"
)
POSTCODE = re.compile(
    r"^(?:(?:LT|LV|EE)\s?[-–]?\s?\d{4,5}|\d{5,6}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[\dW]\s?[A-Z\d]{4})$"
)
CITY = re.compile(r"^(?:г\.\s?)?[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3}\.?$")
PHONE = re.compile(r"^\+?[\d\s()\-–./]{6,24}$")
DATE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2}))\.?$")
IBAN = re.compile(r"^[A-Z]{2}\d{2}(?:\s?[A-Z\d]){11,30}$")
# a payment card number: 13-19 digits, in groups of 4 (Amex 4-6-5) or one run
CARD = re.compile(r"\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}|\d{4}[ -]\d{6}[ -]\d{5}")
IBAN_DAMAGED = re.compile(r"[^\s]{1,4}(?: [A-Z0-9]{4}){3,7}(?: [A-Z0-9]{1,3})?\.?")
# a passport / ID card number: up to two capitals and 6-10 digits (spaces allowed), or a UK NI number
ID_DOC = re.compile(
    r"^(?:[A-ZА-Я]{1,2}\s?[-–]?\s?)?\d(?:\s?\d){5,9}$|^[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$"
)
ROW_NUMBER = re.compile(r"^\d{1,4}\s*[|]?\s+(?=[^\W\d_])")
SENTENCE_END = re.compile(r"(?:(?<=\d)|(?<=[^\W\d_]{5})|(?<=\)))\.\s+(?=[^\W\d_]{3,})")
ENTITY = {
    "PERSON": "PERSON",
    "GIVEN_NAME": "PERSON",
    "SURNAME": "PERSON",
    "FORMULA": "PERSON",
    "ADDRESS": "ADDRESS",
    "HOUSE": "ADDRESS",
    "POSTCODE": "ADDRESS",
    "CITY": "ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
    "PERSONAL_CODE": "LV_PERSONAL_CODE",
    "IBAN": "IBAN_CODE",
    "CARD": "CREDIT_CARD",
    "ID_DOCUMENT": "ID_DOCUMENT",
    "DOB": "DATE_OF_BIRTH",
}


def _name_like(value: str, kind: str, loose: bool) -> bool:
    """Letters-only words with a capital (or all capitals), as many as the label allows."""
    if re.search(r"[\d@#%&=/\\<>{}\[\]_+]", value) or COMPANY.search(" " + value + " "):
        return False
    words = NAME_TOKEN.findall(value)
    if not words or len(words) > (4 if kind in ("PERSON", "FORMULA") else 3):
        return False
    if re.sub(r"[\s,]+", " ", value).strip() != " ".join(words):
        return False  # other symbols: not a plain name
    if not all(shape_ok(w) for w in words):
        return False
    full = [w for w in words if not (len(w) == 2 and w.endswith("."))]
    if not full:
        return False
    if all(is_blocked(w, exact=True) for w in full):
        return False
    if loose or kind == "FORMULA":
        feats = "".join(word_features(w) for w in full)
        morph = any(strong_surname(w) or ru_surname(w) or patronymic(w) for w in full)
        if "S" in feats:
            return False
        if kind == "FORMULA":
            return "F" in feats or "P" in feats or morph or ("L" in feats and len(full) >= 2)
        # a loose header ("Name" over products too): a first name with a surname, or name morphology
        return "P" in feats or morph or ("F" in feats and "L" in feats)
    return True


def _iban_shaped(v: str) -> bool:
    """Valid, or valid but for its check digits (a digit OCR misread): the label says it is an
    IBAN, so the country's structure and length decide, not the checksum."""
    if std_iban.is_valid(v):
        return True
    c = std_iban.compact(v)
    try:
        return std_iban.is_valid(c[:2] + std_iban.calc_check_digits(c) + c[4:])
    except Exception:  # noqa: BLE001 - stdnum raises on characters it cannot weigh
        return False


def _code_ok(digits: str) -> str | None:
    if len(digits) != 11:
        return None
    if digits.startswith("32") and pvn.is_valid(digits):
        return "LV_PERSONAL_CODE"
    if digits[0] in "0123" and pvn.is_valid(digits):
        return "LV_PERSONAL_CODE"
    if asmens.is_valid(digits):
        return "LT_PERSONAL_CODE"
    if ik.is_valid(digits):
        return "EE_PERSONAL_CODE"
    return None


def _damaged_code(digits: str) -> str | None:
    """An 11-digit value under a personal-code label whose check digit failed (OCR misread a digit,
    maybe in its date): still the code the label names (LT/EE open with a century digit 1-6)."""
    if len(digits) != 11:
        return None
    return "LT_PERSONAL_CODE" if digits[0] in "123456" else "LV_PERSONAL_CODE"


def judge(kind: str, value: str, loose: bool) -> str | None:
    """Entity type when ``value`` has the shape ``kind`` promises, else None."""
    v = value.strip().strip(",;")
    if not v or v.lower() in label_sets()[1] or len(v) > 120:
        return None
    if kind in ("PERSON", "GIVEN_NAME", "SURNAME", "FORMULA"):
        return "PERSON" if _name_like(v, kind, loose) else None
    if kind == "ADDRESS":
        if "@" in v or not re.search(r"[^\W\d_]{2}", v) or len(v) < 4 or COMPANY.search(" " + v + " "):
            return None
        if (loose and not re.search(r"\d", v)) or re.search(r"\d{1,2}\.\d{1,2}\.\d{2,4}", v):
            return None  # a loose label without a number, or a date: not an address
        return "ADDRESS"
    if kind == "HOUSE":
        return "ADDRESS" if HOUSE.match(v) else None
    if kind == "POSTCODE":
        if POSTCODE.match(v.upper()):
            return "ADDRESS"
        # under a postcode header: a short code OCR damaged ("LS1 SAB", "851 40)") is still one
        short = len(v) <= 9 and len(v.split()) <= 2 and re.search(r"\d", v)
        return "ADDRESS" if short and not loose else None
    if kind == "CITY":
        return "ADDRESS" if CITY.match(v) and v[0].isupper() else None
    if kind == "PHONE":
        digits = re.sub(r"\D", "", v)
        return "PHONE_NUMBER" if PHONE.match(v) and 6 <= len(digits) <= 15 else None
    if kind == "EMAIL":  # (one misread '@' or dot in an e-mail field: the e-mail recognizer's slots)
        return "EMAIL_ADDRESS" if re.fullmatch(r"\S+@\S+\.\S+", v) else None
    if kind == "PERSONAL_CODE":
        if not re.fullmatch(r"[\d\s\-–]{11,14}", v):
            return None
        digits = re.sub(r"[\s\-–]", "", v)
        return _code_ok(digits) or (None if loose else _damaged_code(digits))
    if kind == "CARD":  # under a card label the grouping decides, not the check digit OCR may damage
        return "CREDIT_CARD" if CARD.fullmatch(v) else None
    if kind == "IBAN":
        if IBAN.match(v) and _iban_shaped(v):
            return "IBAN_CODE"
        # its country code lost or misread ("1790 2140 …", "[36 2140 …"): digits in groups of four
        damaged = IBAN_DAMAGED.fullmatch(v) and sum(c.isdigit() for c in v) >= 14
        return "IBAN_CODE" if damaged else None
    if kind == "DOB":
        return "DATE_OF_BIRTH" if DATE.match(v) else None
    if kind == "ID_DOCUMENT":
        return "ID_DOCUMENT" if ID_DOC.match(v.upper()) and not DATE.match(v) else None
    return None


# glyphs OCR reads from a grid's rules, a cell's padding or its border ("Ābelāja —", "Inta __",
# '"| Kauliņa'), never part of a name
RULE_GLYPHS = "_|¦│—–~\"“”„[]{}*•·"
TOKEN = re.compile(r"\S+")


def name_pieces(value: str) -> list[tuple[int, int]]:
    """A name cell's words between OCR rule glyphs: runs of words that stay once the glyphs at
    their edges are stripped, cut where a word is all glyphs or holds a digit (a neighbour cell
    OCR ran in: "Kundziņa _ [070188-11998"). Offsets into ``value``; nothing when no glyph was
    there to strip (the value was judged as it stands)."""
    pieces: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    stripped = False
    for m in TOKEN.finditer(value):
        tok = m.group()
        core = tok.strip(RULE_GLYPHS)
        if core != tok:
            stripped = True
        if not core or any(ch.isdigit() for ch in core) or any(ch in RULE_GLYPHS for ch in core):
            if cur:
                pieces.append(cur)
            cur = None
            # a number alone is no rule glyph: "Išviso 24 802,70 €" (a totals row) is no name cell
            stripped = stripped or not core or any(ch in RULE_GLYPHS for ch in tok)
            continue
        lead = len(tok) - len(tok.lstrip(RULE_GLYPHS))
        s, e = m.start() + lead, m.start() + lead + len(core)
        cur = (cur[0], e) if cur else (s, e)
    if cur:
        pieces.append(cur)
    return pieces if stripped else []


def _lone_unknown_word(value: str) -> bool:
    """One word no name list or name morphology knows."""
    words = NAME_TOKEN.findall(value)
    return (len(words) == 1 and word_features(words[0]) == "C"
            and not (strong_surname(words[0]) or ru_surname(words[0]) or patronymic(words[0])))


def _full_name_columns(text: str, fields: list) -> set[int]:  # noqa: ANN001 - layout.Field
    """Headers of name columns whose values are full names (two or more words with a listed first
    name or surname): a lone unknown word there is a status or placeholder, not a person."""
    out: set[int] = set()
    for f in fields:
        if f.how != "below" or f.head < 0 or ENTITY.get(f.kind) != "PERSON":
            continue
        value = text[f.start : f.end]
        pieces = name_pieces(value)  # "Elina _| Kauliņa": two cells OCR ran together, not a full name
        words = max((NAME_TOKEN.findall(value[s:e]) for s, e in pieces), key=len) if pieces else \
            NAME_TOKEN.findall(value)
        if len(words) >= 2 and any(word_features(w) in ("F", "L") for w in words):
            out.add(f.head)
    return out


# key=value pairs of logs, JSON and query strings: name="Irene Hughes", "fio": "Иванов Иван"; a Latin
# key OCR read with Cyrillic look-alike letters in Russian text ("пате=" for "name=") is the same key
KEY_VALUE = re.compile(
    r"(?<![\w.-])[\"']?([nп][aа][mтп][eе]|full_?name|customer_?name|client_?name|contact_?name|holder_?name|first_?name|"
    r"last_?name|surname|given_?name|family_?name|fio|vardas|pavarde|pavardė|vards|vārds|uzvards|uzvārds|"
    r"nimi|eesnimi|perekonnanimi|имя|фио|фамилия)[\"']?\s*[=:]\s*[\"'“«„]([^\"'”“»\n=]{2,60})[\"'”“»]",
    re.IGNORECASE,
)


NAME_KEY = re.compile(r"[nп][aа][mтп][eе]")  # "name" in Latin or its Cyrillic look-alikes (m read as т or п)
# any other quoted key=value of a log or JSON record (addr="…", "phone": "…"): the key is a field
# label, or a machine abbreviation of exactly one ("addr" of "address", "tel" of "telephone")
# (OCR reads a log's straight quotes as '*' too: addr=*144 Baker Street*)
KEY_QUOTED = re.compile(
    r"(?<![\w.-])[\"']?([^\W\d_][\w-]{1,24})[\"']?[ \t]*[=:][ \t]*[\"“«„*]([^\"”“»*\n=]{2,120})[\"”“»*]"
)
# an unquoted key=value of a log record (iban=LT62…, phone=+370…): values without spaces only
KEY_BARE = re.compile(r"(?<![\w.-])([^\W\d_][\w-]{1,24})=(\+?[({\[]?\d[\d$ ()\-–.]{5,22}\d(?![\w.-])"
                      r"|[^\s\"',;=]{5,60})")  # (a phone in groups first)
BARE_KINDS = ("IBAN", "CARD", "PHONE", "EMAIL", "PERSONAL_CODE", "ID_DOCUMENT", "DOB")
# a digit OCR read as a symbol inside a number ("(626) $223 3291"): the number's shape decides
_DIGIT_SYMBOLS = str.maketrans({"$": "8"})
# the record has other personal fields: a bare "name=" there is the person's
PERSONAL_KEYS = re.compile(
    r"(?<![\w.-])[\"']?(?:e-?mail|phone|tel|mobile|addr|address|iban|ssn|dob|birth_?date)[\"']?[ \t]*[=:]",
    re.IGNORECASE,
)


def _key_kind(key: str) -> str | None:
    """Field kind of a machine key ("addr", "postal_code", "phoneNumber")."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ")
    kind = label_kind(words)
    if kind is not None or len(key) < 4 or " " in words:
        return kind
    k = norm_label(words)
    kinds = {v for lab, v in labels().items() if lab.startswith(k) and lab.isalpha()}
    return kinds.pop() if len(kinds) == 1 else None


class LayoutFieldRecognizer(SargasRecognizer):
    ENTITIES = sorted(set(ENTITY.values()) | {"LT_PERSONAL_CODE", "EE_PERSONAL_CODE"})

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        lay = layout_of(doc)
        loose_labels = label_sets()[0]
        full_names = _full_name_columns(doc.text, lay.fields)
        # on the copy with look-alike-script names re-written (same offsets): name="AHHa Корнилова"
        for m in KEY_VALUE.finditer(twin_copy_of(doc)[0]):
            v = m.group(2).strip()
            # a bare "name" may name a product: one listed word, unless the record (its line) has
            # other personal fields
            ls, le = doc.line_span(m.start())
            plain = not NAME_KEY.fullmatch(m.group(1).lower()) or PERSONAL_KEYS.search(doc.text, ls, le)
            listed = any(word_features(w) in "FP" for w in NAME_TOKEN.findall(v))
            if _name_like(v, "PERSON", not plain) or (listed and _name_like(v, "PERSON", False)):
                yield m.start(2), m.start(2) + len(m.group(2).rstrip()), "PERSON", 0.7
        yield from self._key_quoted(doc)
        for f in lay.fields:
            value = doc.text[f.start : f.end]
            loose = f.label in loose_labels and not f.peers
            fstart = f.start
            row_no = ROW_NUMBER.match(value) if ENTITY.get(f.kind) == "PERSON" else None
            if row_no:  # "2 Vyc": a spreadsheet row number read into the first cell
                value, fstart = value[row_no.end():], f.start + row_no.end()
            entity = judge(f.kind, value, loose or (f.how == "below" and f.kind == "ADDRESS"))
            if entity is None and ENTITY.get(f.kind) == "PERSON":
                yield from self._glyph_cut(f, value, fstart, loose, f.head in full_names)
                continue
            if entity is None:
                continue
            if entity == "PERSON" and f.head in full_names and _lone_unknown_word(value):
                continue  # "Archive" in a column of full names: not one of them
            if entity == "ADDRESS":
                cut = SENTENCE_END.search(value)
                if cut:  # "…, LV-4201. Tālrunis …": the address ends with its sentence
                    value = value[: cut.start()]
            lead = len(value) - len(value.lstrip())
            start, end = fstart + lead, fstart + len(value.rstrip().rstrip(",;"))
            score = 0.6 if loose or f.how == "formula" else 0.75
            yield start, end, entity, score

    @staticmethod
    def _glyph_cut(
        f: Field, value: str, fstart: int, loose: bool, full: bool
    ) -> Iterable[tuple[int, int, str, float]]:
        """A name cell OCR read with rule glyphs or a neighbour cell's number (see :func:`name_pieces`):
        each remaining run of words that is a name by itself."""
        for s, e in name_pieces(value):
            piece = value[s:e]
            if judge(f.kind, piece, loose) == "PERSON" and not (full and _lone_unknown_word(piece)):
                yield fstart + s, fstart + e, "PERSON", 0.6 if loose else 0.7

    @staticmethod
    def _key_quoted(doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        """Quoted values of keys other than names (those are :data:`KEY_VALUE`'s), and bare
        values of keys whose values never hold a space."""
        for m in KEY_BARE.finditer(doc.text):
            kind = _key_kind(m.group(1))
            value = m.group(2).translate(_DIGIT_SYMBOLS) if kind in ("PHONE", "CARD") else m.group(2)
            entity = judge(kind, value, False) if kind in BARE_KINDS else None
            if entity is not None:
                yield m.start(2), m.end(2), entity, 0.7
        for m in KEY_QUOTED.finditer(doc.text):
            if KEY_VALUE.match(doc.text, m.start()):
                continue
            kind = _key_kind(m.group(1))
            if kind is None or ENTITY.get(kind) == "PERSON" or kind == "FORMULA":
                continue
            entity = judge(kind, m.group(2), False)
            if entity is not None:
                v = m.group(2)
                yield m.start(2) + len(v) - len(v.lstrip()), m.start(2) + len(v.rstrip()), entity, 0.7

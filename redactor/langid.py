"""Offline language identification for lt / lv / ru / en (script + diacritics + stop words).

Cheap enough to run per document and per line; returns one of ``lt``, ``lv``, ``ru``, ``en``
(``et`` when Estonian markers dominate).

A language a document is redacted in stands for a *set* (:data:`SETS`): the organisation's language
plus Russian and English, which its clients also write in. :func:`detect` restricted to that set
(``among``) picks the document's language inside it.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

STOPWORDS: dict[str, frozenset[str]] = {
    "lt": frozenset(
        "ir kad su iš į yra ar bet jau dar nuo už per mano jūsų prašau ačiū labas sveiki "
        "diena laba pagarbiai kliento vardas pavardė asmens kodas gimimo data tel adresas "
        "sąskaita nr ne taip kaip šis ši".split()
    ),
    "lv": frozenset(
        "un ir ka ar no uz par lūdzu paldies labdien sveiki cieņu vārds uzvārds personas "
        "kods dzimšanas datums tālrunis adrese rēķins nav jau vēl mans jūsu kā arī".split()
    ),
    "et": frozenset(
        "ja on et ei see tere lugupidamisega nimi isikukood sünniaeg aadress telefon "
        "arve palun aitäh kas ka mis".split()
    ),
    "en": frozenset(
        "the and of to is in for with on this that you your please thanks dear regards "
        "name date birth phone address invoice customer from we are not have".split()
    ),
    "ru": frozenset(
        "и в не на что с по как я это вы ваш мы здравствуйте спасибо уважением фио "
        "дата рождения телефон адрес счёт счет паспорт прошу номер из от".split()
    ),
}
_MARKS = {
    "lt": set("ąčęėįšųūž"),
    "lv": set("āčēģīķļņšūž"),
    "et": set("õäöü"),
}
LANGS = ("lt", "lv", "ru", "en", "et")

# The languages a document of an organisation may be in, the organisation's own first. Each has a
# Tesseract model: ``redactor.ocr.languages`` reads with exactly these (Russian documents read with
# the organisation's language alone lost 45 % of their personal data on the dev corpus).
SETS: dict[str, tuple[str, ...]] = {
    "lt": ("lt", "ru", "en"),
    "lv": ("lv", "ru", "en"),
    "ru": ("ru", "en"),
}  # no set for en: English alone lost 2 % recall and keep on the dev corpus; it reads all four


def detect(text: str, default: str = "en", among: tuple[str, ...] = LANGS) -> str:
    """Best-guess language of ``text`` out of ``among``; ``default`` when there is no evidence."""
    scores = dict.fromkeys(among, 0.0)
    cyr = lat = 0
    for w in _WORD.findall(text[:20000].lower()):
        for lang, stops in STOPWORDS.items():
            if w in stops and lang in scores:
                scores[lang] += 2.0
        if "\u0400" <= w[0] <= "\u04ff":
            cyr += 1
        else:
            lat += 1
        for lang, marks in _MARKS.items():
            hits = sum(ch in marks for ch in w)
            if hits and lang in scores:
                scores[lang] += hits
    # letters shared by lt and lv (č š ž ū) count for both; the exclusive ones decide
    if cyr > lat and "ru" in scores:
        scores["ru"] += cyr
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else default


def detect_lines(text: str, default: str = "en") -> list[str]:
    """Language per line (falls back to the document language for short lines)."""
    doc = detect(text, default)
    out = []
    for line in text.split("\n"):
        words = _WORD.findall(line)
        out.append(detect(line, doc) if len(words) >= 3 else doc)
    return out

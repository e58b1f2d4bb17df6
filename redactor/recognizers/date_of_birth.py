"""Dates of birth: a date with birth context (lt/lv/et/en/ru), a date equal to the birth date
embedded in a personal code of the same document, an old date in a form with a birth label, or an
old date (year 1901-2012) that is the whole value of its field or cell (score 0.45)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer

MONTHS = (
    r"(?:jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|"
    r"ноябр\w*|декабр\w*|sausio|vasario|kovo|balandžio|gegužės|birželio|liepos|rugpjūčio|rugsėjo|"
    r"spalio|lapkričio|gruodžio|janvār\w*|februār\w*|mart\w*|aprīl\w*|maij\w*|jūnij\w*|jūlij\w*|"
    r"august\w*|septembr\w*|oktobr\w*|novembr\w*|decembr\w*|"
    r"jaanuar\w*|veebruar\w*|märts\w*|aprill\w*|juuni\w*|juuli\w*|oktoob\w*|detsemb\w*)"
)
DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<y1>(?:19|20)\d\d)[-./ ](?P<m1>[01]?\d)[-./ ](?P<d1>[0-3]?\d)"
    r"|(?P<d2>[0-3]?\d)[./-] ?(?P<m2>[0-3]?\d)[./-] ?(?P<y2>(?:19|20)\d\d)"
    rf"|[0-3]?\d\.? {MONTHS},? (?:19|20)\d\d(?: года| ?г\.?)?"
    rf"|{MONTHS} [0-3]?\d,? (?:19|20)\d\d"
    rf"|(?:19|20)\d\d(?: m\.| г\.|\.)? {MONTHS} [0-3]?\d(?: d\.)?"
    rf"|(?:19|20)\d\d\. gada [0-3]?\d\. {MONTHS}"
    r")(?![\w/]|[.-]\d)",
    re.IGNORECASE,
)


def _iso(m: re.Match) -> str | None:
    g = m.groupdict()
    for y, mo, d in (("y1", "m1", "d1"), ("y2", "m2", "d2")):
        if g.get(y):
            return f"{int(g[y]):04d}-{int(g[mo]):02d}-{int(g[d]):02d}"
    return None


def _alone(doc: DocInfo, start: int, end: int) -> bool:
    """The date is all its line or tab-separated cell holds (trailing punctuation aside)."""
    cs, ce = doc.cell_span(start, end)
    return doc.text[cs:ce].strip(" .,;") == doc.text[start:end].strip(" .,;")


class DateOfBirthRecognizer(SargasRecognizer):
    """Must run after the personal-code recognizers (they publish birth dates in ``doc.shared``)."""

    ENTITIES = ["DATE_OF_BIRTH"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("DATE_OF_BIRTH")
        from_codes = doc.shared.get("birth_dates", set())
        doc_label = doc.anywhere(words)
        for m in DATE.finditer(doc.text):
            iso = _iso(m)
            year_m = re.search(r"(?:19|20)\d\d", m.group())
            year = int(year_m.group()) if year_m else 0
            if year > 2020:
                continue  # helpdesk documents are about adults; recent dates are ordinary dates
            if doc.near(m.start(), m.end(), words, chars=50, lines=1):
                yield m.start(), m.end(), "DATE_OF_BIRTH", 0.85
            elif iso and iso in from_codes:
                yield m.start(), m.end(), "DATE_OF_BIRTH", 0.8
            elif doc_label and 1900 < year <= 2012:
                yield m.start(), m.end(), "DATE_OF_BIRTH", 0.5
            elif 1900 < year <= 2012 and _alone(doc, m.start(), m.end()):
                # an old date as the whole value of a field or cell: a card's birth date whose
                # label OCR could not read ("ров" for "DATE OF BIRTH"); documents' own dates are recent
                yield m.start(), m.end(), "DATE_OF_BIRTH", 0.45

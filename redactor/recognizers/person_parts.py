"""Building blocks of the person recognizer: capitalised-word finder, word features, context facts
and the word lists (closings, titles, departments, company markers) it consults."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from redactor.nlp import DocInfo
from redactor.recognizers.name_lexicon import (
    blocked_case_form,
    fold,
    is_blocked,
    is_first,
    is_last,
    patronymic,
    surname_like,
)

UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
# letters only (Unicode-aware); case shape is checked in code because Latin Extended-A interleaves
# upper and lower case letters, so character ranges cannot express it
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")


def is_mention(text: str, start: int) -> bool:
    """'@Žydrūnas' in a chat: an '@' at a word start, not inside an e-mail address; or an '@' after
    one stray glyph OCR read from the mention's chip ("f@Žaneta") when no domain follows."""
    if text[start - 1] != "@":
        return False
    if start == 1 or text[start - 2].isspace():
        return True
    if start >= 3 and not text[start - 3].isspace() or text[start - 2] in "@._-":
        return False
    m = re.match(r"[^\W\d_]+", text[start:])
    after = text[start + (m.end() if m else 0) :][:2]
    return not (after[:1] in "._-@" and after[1:2].isalnum())


class _Tok:
    """A capitalised word match (``group``/``start``/``end`` like ``re.Match``)."""

    __slots__ = ("_s", "_e", "_t")

    def __init__(self, text: str, s: int, e: int) -> None:
        self._s, self._e, self._t = s, e, text[s:e]

    def group(self) -> str:
        return self._t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


def shape_ok(w: str) -> bool:
    if len(w) == 2 and w[1] == "." and w[0].isupper():
        return True  # initial
    if not w[0].isupper():
        return False
    core = w.rstrip(".")
    if len(core) < 2:
        return False
    if core[1:].islower() or core.isupper():
        return True
    if re.fullmatch(r"Ma?c[A-Z][a-z]+", core):
        return True  # McAllister, MacDonald
    parts = re.split(r"['’-]", core)
    return all(p[:1].isupper() and (p[1:].islower() or p.isupper() or len(p) == 1) for p in parts if p)


class _WordFinder:
    @staticmethod
    def finditer(text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        for m in _LETTERS.finditer(text, pos, end):
            w = m.group()
            e = m.end()
            if w.endswith(".") and not (len(w) == 2 and w[0].isupper()):
                w, e = w[:-1], e - 1  # sentence full stop, not part of the word
            if shape_ok(w):
                yield _Tok(text, m.start(), e)


WORD = _WordFinder()
# (ООО read as zeros, "000 «Name»", only before the quote that opens the name)
# (the Estonian OÜ also as OCR returns it: "OŪ", "0Ü")
COMPANY = re.compile(
    r"(?:^|\s)(?:UAB|SIA|AS|[O0О][UÜŪÚÛÙ]|ООО|ОАО|ЗАО|АО|OOO|OAO|ZAO|AO|ИП|MB|IĮ|VšĮ|AB|Ltd|LLC|GmbH|Inc|Plc|SE|Oy|ltd|plc|llc|inc|000(?=\s?[«\"„“]))"
    r"(?=\s|$|[,.\"„«“])"
)
# what may follow a writer's name on a chat / comment header line: a separator, then a time
# and/or a date, nothing else
STAMP = re.compile(
    r"[ ]*[-—–•·*.,|:]?[ ]*(?:(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\.?|\d{4}-\d{2}-\d{2})[ ,]*)?"
    r"(?:[0-2]?\d:[0-5]\d(?::[0-5]\d)?)?[ ]*"
)
CLOSING = (
    "pagarbiai",
    "ar cieņu",
    "с уважением",
    "regards",
    "sincerely",
    "lugupidamisega",
    "su pagarba",
    "best",
    "thanks",
    "ačiū",
    "paldies",
    "спасибо",
    "cheers",
    "laukiu atsakymo",
    "жду ответа",
    "tervitades",
    "parimat",
    "sveicieni",
    "linkėjimai",
    "всего доброго",
    "пожеланиями",
)
DEPARTMENTS = frozenset(
    """
    support sales team department office service services accounting accounts admin administration
    system systems customer customers client clients manager management help desk helpdesk it hr
    finance billing legal marketing logistics warehouse group company bank shop store center centre
    buhalterija apskaita administracija vadyba pardavimai klientu aptarnavimas skyrius komanda
    gramatvediba administracija birojs atbalsts nodala klientu komanda
    бухгалтерия администрация поддержка отдел продаж служба команда склад магазин
    tugi muuk raamatupidamine meeskond klienditugi
    """.split()
)
UA_SURNAME = re.compile(r"[а-яё]{2,}(?:чук|юк|енко)(?:а|у|ом|ем|е)?$")
PLACE_WORDS = frozenset(
    "в во из на под над до около город города городе г область области район села деревни улица улице".split()
)
TITLES = re.compile(
    r"(?:\b(?:p|ponas|ponia|gerb|kungs|kundze|mr|mrs|ms|miss|dr|pan|pani|härra|proua|"
    r"г-н|г-жа|господин|госпожа)\.?\s*)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=100_000)
def word_features(tok: str) -> str:
    if len(tok) == 2 and tok.endswith("."):
        return "I"  # initial
    if is_blocked(tok, exact=True):
        return "S"
    if patronymic(tok):
        return "P"
    if blocked_case_form(tok):
        return "S"
    if is_first(tok):
        return "F"  # a name wins over an inflected form of a listed word ("Augustas" vs "august")
    if is_blocked(tok):
        return "S"
    if is_last(tok) or surname_like(tok):
        return "L"
    return "C"


@lru_cache(maxsize=8)
def _ends_with_any(words: tuple[str, ...], tail: str) -> re.Pattern:
    return re.compile(
        "(?<!\\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")" + tail
    )


class SpanContext:
    """Lazily evaluated context facts for one candidate span."""

    def __init__(self, doc: DocInfo, start: int, end: int, labels: list[str], greets: list[str]) -> None:
        self.doc, self.start, self.end, self.labels, self.greets = doc, start, end, labels, greets

    @cached_property
    def before(self) -> str:
        return self.doc.before(self.start, 50, 0)

    @cached_property
    def labelled(self) -> bool:
        if _ends_with_any(tuple(self.labels), r"(?:[ ]*[:.]?[ ]*|\s*:\s*)$").search(self.before):
            return True
        if _ends_with_any(tuple(self.labels), r"\s*[:.]?\s*$").search(self.before):
            # a label in the cell before ("Name<gap>Qty"): a header row, unless the layout pairs them
            from redactor.layout import layout_of

            kind = layout_of(self.doc).kind_at(self.start, self.end)
            return kind in ("PERSON", "GIVEN_NAME", "SURNAME")
        return bool(
            _ends_with_any(tuple(self.labels), r"\s*:\s*$").search(self.doc.before(self.start, 10, 2))
        )

    @cached_property
    def greeted(self) -> bool:
        return bool(_ends_with_any(tuple(self.greets), r"[\s,:]*$").search(self.before))

    @cached_property
    def line(self) -> tuple[int, int]:
        return self.doc.line_span(self.start)

    @cached_property
    def alone(self) -> bool:
        ls, le = self.line
        return self.doc.text[ls:le].strip(" —–-,.()\t") == self.doc.text[self.start : self.end]

    @cached_property
    def alone_in_cell(self) -> bool:
        """All its line holds, or all of its cell: a signature in a reading pane with a side
        panel's cell beside it on the same text line ("Atso Pekk<tab>Ettevõte"). A one-word cell
        must fill its line (a status cell "Atvērts" beside the closing is no signature)."""
        if self.alone:
            return True
        if " " not in self.doc.text[self.start : self.end]:
            return False
        cs, ce = self.doc.cell_span(self.start, self.end)
        return self.doc.text[cs:ce].strip(" —–-,.()\t") == self.doc.text[self.start : self.end]

    @cached_property
    def stamped(self) -> bool:
        """An author line: the words start their line or cell and only a time or a date follows
        ("Alesja Pukk · 09:33", "Jelena Room 05.05.2026"), as chats and comment threads head a
        message with its writer."""
        cs, ce = self.doc.cell_span(self.start, self.end)
        text = self.doc.text
        return text[cs : self.start].strip(" -—–•·*.,|") == "" and bool(STAMP.fullmatch(text[self.end : ce]))

    @cached_property
    def dashed(self) -> bool:
        le = self.line[1]
        return bool(re.search(r"[—–-]\s*$", self.before)) and self.doc.text[self.end : le].strip() == ""

    @cached_property
    def closing(self) -> bool:
        return self.alone_in_cell and any(w in self.doc.before(self.start, 10, 2) for w in CLOSING)

    @cached_property
    def vocative(self) -> bool:
        """Followed by '!' / ',' / end of line, as a name after a greeting is, or by a full stop
        ending its line or cell ("Tere, Piia.<tab>44307 Rakvere": a reading pane beside a card)."""
        rest = self.doc.text[self.end : self.line[1]].lstrip(" ")
        return rest == "" or rest[0] in "!," or bool(re.match(r"\.[ ]*(?:\t|$)", rest))

    @cached_property
    def mentioned(self) -> bool:
        """'@Kristina' in a chat: a capitalised word right after a word-start '@' names a person,
        unless it names a team ('@Support', '@IT')."""
        return (self.start > 0 and is_mention(self.doc.text, self.start)
                and fold(self.doc.text[self.start:self.end].split(" ")[0]) not in DEPARTMENTS)

    @cached_property
    def titled(self) -> bool:
        return bool(TITLES.search(self.before))

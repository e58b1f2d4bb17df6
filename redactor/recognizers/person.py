"""Person names in lt / lv / et / ru / en without a statistical model.

Evidence combined per run of capitalised words on one line: first-name gazetteer (inflection
aware), surname morphology and gazetteer, Russian patronymics, labelled fields ("Vardas, pavardė:",
"ФИО:", "Name:"), greetings and signatures. Company names (UAB/SIA/ООО/OÜ ...) are skipped.
Finally every name found is propagated to its other (inflected) occurrences in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property, lru_cache

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import (
    blocked_case_form,
    fold,
    is_blocked,
    is_first,
    is_last,
    patronymic,
    ru_surname,
    stem,
    stems_of,
    strong_surname,
    surname_like,
)

UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
# letters only (Unicode-aware); case shape is checked in code because Latin Extended-A interleaves
# upper and lower case letters, so character ranges cannot express it
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")


def _mention(text: str, start: int) -> bool:
    """'@Žydrūnas' in a chat: an '@' at a word start, not inside an e-mail address."""
    return text[start - 1] == "@" and (start == 1 or text[start - 2].isspace())


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


def _shape_ok(w: str) -> bool:
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
            if _shape_ok(w):
                yield _Tok(text, m.start(), e)


WORD = _WordFinder()
COMPANY = re.compile(
    r"(?:^|\s)(?:UAB|SIA|AS|OÜ|OU|ООО|ОАО|ЗАО|АО|ИП|MB|IĮ|VšĮ|AB|Ltd|LLC|GmbH|Inc|Plc|SE|Oy)"
    r"(?=\s|$|[,.\"„«“])"
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
def _features(tok: str) -> str:
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


class _Context:
    """Lazily evaluated context facts for one candidate span."""

    def __init__(self, doc: DocInfo, start: int, end: int, labels: list[str], greets: list[str]) -> None:
        self.doc, self.start, self.end, self.labels, self.greets = doc, start, end, labels, greets

    @cached_property
    def before(self) -> str:
        return self.doc.before(self.start, 50, 0)

    @cached_property
    def labelled(self) -> bool:
        if _ends_with_any(tuple(self.labels), r"\s*[:.]?\s*$").search(self.before):
            return True
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
    def dashed(self) -> bool:
        le = self.line[1]
        return bool(re.search(r"[—–-]\s*$", self.before)) and self.doc.text[self.end : le].strip() == ""

    @cached_property
    def closing(self) -> bool:
        return self.alone and any(w in self.doc.before(self.start, 10, 2) for w in CLOSING)

    @cached_property
    def vocative(self) -> bool:
        """Followed by '!' / ',' / end of line, as a name after a greeting is."""
        rest = self.doc.text[self.end : self.line[1]].lstrip(" ")
        return rest == "" or rest[0] in "!,"

    @cached_property
    def titled(self) -> bool:
        return bool(TITLES.search(self.before))


class PersonRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        text = doc.text
        labels = ctx("PERSON_LABEL")
        greets = ctx("GREETING")
        found: list[tuple[int, int, float]] = []
        cache: dict[str, str] = {}

        def feat(tok: str) -> str:
            if tok not in cache:
                cache[tok] = _features(tok)
            return cache[tok]

        # runs of capitalised words separated by single spaces on one line
        runs: list[list[re.Match]] = []
        cur: list[re.Match] = []
        for m in WORD.finditer(text):
            nxt = text[m.end() : m.end() + 2]
            if nxt[:1].isalnum() or (len(nxt) == 2 and nxt[0] in "-/" and nxt[1].isalnum()):
                continue  # e.g. "Apskaita360", "HD-2026"
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@._/-"):
                if not _mention(text, m.start()):
                    continue
            if cur and text[cur[-1].end() : m.start()] in (" ", "  ", " \t"):
                cur.append(m)
            else:
                if cur:
                    runs.append(cur)
                cur = [m]
        if cur:
            runs.append(cur)

        for run in runs:
            self._judge_run(doc, run, feat, labels, greets, found)
        # "Kazlauskienė, Ariana": surname, comma, first name
        for a, b in zip(runs, runs[1:], strict=False):
            x, y = a[-1], b[0]
            if text[x.end() : y.start()] == ", " and feat(x.group()) == "L" and feat(y.group()) == "F":
                found.append((x.start(), y.end(), 0.75))

        yield from self._propagate(doc, found, feat)

    @staticmethod
    def _ru_surname_mid_sentence(doc: DocInfo, tok) -> bool:
        """'Мы говорили с Прохоровым': a capitalised Russian surname-shaped word inside a sentence
        (not its first word, not after a place preposition: 'в Ростове', 'из Саратова')."""
        w = tok.group()
        if len(w) < 6 or not w[1:].islower() or not (ru_surname(w) or UA_SURNAME.search(w)):
            return False
        prev = doc.text[max(0, tok.start() - 30) : tok.start()].rstrip(" ")
        if not prev or not (prev[-1].islower() or prev[-1] == ","):
            return False
        words = prev.lower().replace(",", " , ").split()
        if words and words[-1] in ("и", "или", ",") and len(words) >= 3:
            words = words[:-2]  # "в Ростове и Саратове": the preposition of the first place
        return bool(words) and words[-1] not in PLACE_WORDS

    def _signature(self, doc: DocInfo, run: list[re.Match], labels, greets) -> bool:
        """A signature line after a closing: the whole line is 2-3 capitalised words, even if one
        of them is also an ordinary word ("Ar cieņu,\nEdit Kovács"), unless it names a department."""
        if any(fold(m.group().rstrip(".")) in DEPARTMENTS for m in run):
            return False
        start, end = run[0].start(), run[-1].end()
        if COMPANY.search(" " + doc.text[start:end] + " "):
            return False  # "Amber Trade UAB"
        c = _Context(doc, start, end, labels, greets)
        return c.closing and not self._company_near(doc, start, end)

    def _company_near(self, doc: DocInfo, start: int, end: int) -> bool:
        ls, le = doc.line_span(start)
        before = doc.text[max(ls, start - 8) : start]
        after = doc.text[end : min(le, end + 8)]
        return bool(
            COMPANY.search(before.rstrip(' „"«')[-6:])
            or COMPANY.match(after)
            or before.rstrip().endswith(("„", '"', "«", "“"))
        )

    def _judge_run(self, doc: DocInfo, run: list[re.Match], feat, labels, greets, found) -> None:
        feats = [feat(m.group()) for m in run]
        if all(f in "SC" for f in feats) and len(run) == 1 and feats[0] == "S":
            return
        if 2 <= len(run) <= 3 and feats.count("S") < len(run) and self._signature(doc, run, labels, greets):
            found.append((run[0].start(), run[-1].end(), 0.6))
            return
        # split the run at blocked words
        seg: list[int] = []
        segments: list[list[int]] = []
        for i, f in enumerate(feats):
            if f == "S":
                if seg:
                    segments.append(seg)
                seg = []
            else:
                seg.append(i)
        if seg:
            segments.append(seg)
        for seg in segments:
            toks = [run[i] for i in seg]
            fs = "".join(feats[i] for i in seg)
            n = len(seg)
            if fs.replace("I", "") == "":
                continue
            lead_greet = n >= 2 and toks[0].group().lower() in greets  # "Raksta Eda Āboliņa"
            if lead_greet or (
                n >= 3 and fs[0] == "C" and fs[1:] in ("FL", "LF") and toks[0].group()[1:].islower()
            ):
                toks, fs, n = toks[1:], fs[1:], n - 1  # "Perduokite Gintautui Zenkevičiui": drop the verb
            start, end = toks[0].start(), toks[-1].end()
            c = _Context(doc, start, end, labels, greets)
            if n >= 2:
                strong = "F" in fs or "P" in fs
                ok = strong
                if not ok and n <= 3 and "L" in fs:
                    morph = any(strong_surname(t.group()) or ru_surname(t.group()) for t in toks)
                    ok = fs.count("L") >= 2 or morph or c.alone or "I" in fs
                ok = ok or lead_greet or c.labelled or c.greeted or c.titled or (n <= 3 and c.closing)
                named = (
                    "F" in fs and "L" in fs
                ) or "P" in fs  # first name + surname: a person even next to "OU"
                if not ok or (not named and self._company_near(doc, start, end)):
                    continue
                if n > 4:  # keep at most four tokens around the evidence
                    k = max(fs.find("F"), fs.find("P"), 0)
                    lo, hi = max(0, k - 1), min(n, k + 3)
                    start, end = toks[lo].start(), toks[hi - 1].end()
                found.append((start, end, 0.85 if strong else 0.6))
            else:
                f = fs
                if f == "F":
                    ok = c.labelled or c.greeted or c.dashed or c.closing or c.titled
                    ok = ok or self._ru_surname_mid_sentence(doc, toks[0])  # "с Прохоровым"
                elif f in "LC" and (c.closing or (c.greeted and c.vocative)):
                    ok = True  # "Kind regards,\nMárton" / "Dear, Gianmarco!" with an unlisted name
                elif f == "L":
                    ok = (
                        (strong_surname(toks[0].group()) and len(toks[0].group()) >= 6)
                        or c.titled
                        or c.labelled
                        or self._ru_surname_mid_sentence(doc, toks[0])
                    )
                elif f == "C":
                    ok = c.titled or self._ru_surname_mid_sentence(doc, toks[0])
                else:
                    ok = False
                if ok and not self._company_near(doc, start, end):
                    found.append((start, end, 0.65))

    def _propagate(self, doc: DocInfo, found, feat) -> Iterable[tuple[int, int, str, float]]:
        stems: set[str] = set()
        for s, e, _ in found:
            for m in WORD.finditer(doc.text, s, e):
                tok = m.group()
                if len(tok) >= 3 and feat(tok) != "S":
                    stems.add(stem(tok))
        covered = sorted(found)
        mask = bytearray(len(doc.text) + 1)
        for s, e, sc in covered:
            mask[s:e] = b"\x01" * (e - s)
            yield s, e, "PERSON", sc
        if not stems:
            return
        for m in WORD.finditer(doc.text):
            tok = m.group()
            if len(tok) < 3 or not any(x in stems for x in stems_of(tok)):
                continue
            if m.start() > 0 and (doc.text[m.start() - 1].isalnum() or doc.text[m.start() - 1] in "@._/-"):
                continue
            if m.end() < len(doc.text) and doc.text[m.end()].isalnum():
                continue
            if mask[m.start()]:
                continue
            if feat(tok) == "S" or self._company_near(doc, m.start(), m.end()):
                continue
            start, end = self._neighbours(doc, m.start(), m.end(), feat)
            mask[start:end] = b"\x01" * (end - start)
            yield start, end, "PERSON", 0.7

    @staticmethod
    def _neighbours(doc: DocInfo, start: int, end: int, feat) -> tuple[int, int]:
        """Extend a propagated name by an adjacent capitalised word ("Margheritai Beneš")."""
        ls, le = doc.line_span(start)
        nxt = next(iter(WORD.finditer(doc.text, end, min(le, end + 40))), None)
        if nxt is not None and nxt.start() == end + 1 and doc.text[end] == " " and feat(nxt.group()) != "S":
            end = nxt.end()
        prev = None
        for w in WORD.finditer(doc.text, max(ls, start - 40), start):
            prev = w
        if (
            prev is not None
            and prev.end() == start - 1
            and doc.text[start - 1] == " "
            and feat(prev.group()) in "FL"
        ):
            start = prev.start()
        return start, end

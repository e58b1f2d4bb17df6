"""Person names in lt / lv / et / ru / en without a statistical model.

Evidence combined per run of capitalised words on one line: first-name gazetteer (inflection
aware), surname morphology and gazetteer, Russian patronymics, labelled fields ("Vardas, pavardė:",
"ФИО:", "Name:"), greetings and signatures. Company names (UAB/SIA/ООО/OÜ ...) are skipped.
Finally every name found is propagated to its other (inflected) occurrences in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import (
    is_blocked,
    is_first,
    is_last,
    patronymic,
    ru_surname,
    stem,
    strong_surname,
    surname_like,
)

UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
WORD = re.compile(rf"[{UP}](?:[{LO}]+(?:[-'’][{UP}]?[{LO}]+)?|[{UP}]+(?:[-'’][{UP}]+)?)|[{UP}]\.")
COMPANY = re.compile(r"(?:^|\s)(?:UAB|SIA|AS|OÜ|OU|ООО|ОАО|ЗАО|АО|ИП|MB|IĮ|VšĮ|AB|Ltd|LLC|GmbH|Inc|Plc|SE|Oy)"
                     r"(?=\s|$|[,.\"„«“])")
CLOSING = ("pagarbiai", "ar cieņu", "с уважением", "regards", "sincerely", "lugupidamisega", "su pagarba",
           "best", "thanks", "ačiū", "paldies", "спасибо", "cheers", "laukiu atsakymo", "жду ответа")
TITLES = re.compile(r"(?:\b(?:p|ponas|ponia|gerb|kungs|kundze|mr|mrs|ms|miss|dr|г-н|г-жа|господин|госпожа)\.?\s*)$",
                    re.IGNORECASE)


def _features(tok: str) -> str:
    if len(tok) == 2 and tok.endswith("."):
        return "I"  # initial
    if is_blocked(tok):
        return "S"
    if patronymic(tok):
        return "P"
    if is_first(tok):
        return "F"
    if is_last(tok) or surname_like(tok):
        return "L"
    return "C"


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
            nxt = text[m.end():m.end() + 2]
            if nxt[:1].isalnum() or (len(nxt) == 2 and nxt[0] in "-/" and nxt[1].isalnum()):
                continue  # e.g. "Apskaita360", "HD-2026"
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@._/-"):
                continue
            if cur and text[cur[-1].end():m.start()] in (" ", "  ", " \t"):
                cur.append(m)
            else:
                if cur:
                    runs.append(cur)
                cur = [m]
        if cur:
            runs.append(cur)

        for run in runs:
            self._judge_run(doc, run, feat, labels, greets, found)

        yield from self._propagate(doc, found, feat)

    def _company_near(self, doc: DocInfo, start: int, end: int) -> bool:
        ls, le = doc.line_span(start)
        before = doc.text[max(ls, start - 8):start]
        after = doc.text[end:min(le, end + 8)]
        return bool(COMPANY.search(before.rstrip(" „\"«")[-6:]) or COMPANY.match(after) or
                    before.rstrip().endswith(("„", "\"", "«", "“")))

    def _judge_run(self, doc: DocInfo, run: list[re.Match], feat, labels, greets, found) -> None:
        feats = [feat(m.group()) for m in run]
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
            start, end = toks[0].start(), toks[-1].end()
            if self._company_near(doc, start, end):
                continue
            before = doc.before(start, 50, 0)
            prev_lines = doc.before(start, 10, 2)
            labelled = any(re.search(re.escape(w) + r"\s*[:.]?\s*$", before) for w in labels) or any(
                re.search(re.escape(w) + r"\s*:\s*$", prev_lines) for w in labels)
            greeted = any(re.search(re.escape(w) + r"[\s,!:]*$", before) for w in greets)
            line_s, line_e = doc.line_span(start)
            alone = doc.text[line_s:line_e].strip(" —–-,.()\t") == doc.text[start:end]
            dashed = bool(re.search(r"[—–-]\s*$", before)) and (end == line_e or doc.text[end:line_e].strip() == "")
            closing = alone and any(w in doc.before(start, 10, 2) for w in CLOSING)
            titled = bool(TITLES.search(before))
            n = len(seg)
            if n >= 2:
                strong = "F" in fs or "P" in fs
                morph = n <= 3 and any(strong_surname(t.group()) or ru_surname(t.group()) for t in toks)
                if strong or labelled or greeted or titled or (fs.count("L") >= 2 or morph or alone) and n <= 3 \
                        and ("L" in fs):
                    # keep at most four tokens around the evidence
                    if n > 4:
                        k = max(fs.find("F"), fs.find("P"), 0)
                        lo, hi = max(0, k - 1), min(n, k + 3)
                        start, end = toks[lo].start(), toks[hi - 1].end()
                    if fs.replace("I", "") == "":
                        continue
                    score = 0.85 if strong else 0.6
                    found.append((start, end, score))
            else:
                f = fs
                if f == "I":
                    continue
                ok = (f == "F" and (labelled or greeted or dashed or closing or titled)) or (
                    f == "L" and strong_surname(toks[0].group()) and len(toks[0].group()) >= 6) or (
                    f in "LC" and (titled or labelled and f == "L"))
                if ok:
                    found.append((start, end, 0.65))

    def _propagate(self, doc: DocInfo, found, feat) -> Iterable[tuple[int, int, str, float]]:
        stems: set[str] = set()
        for s, e, _ in found:
            for m in WORD.finditer(doc.text, s, e):
                tok = m.group()
                if len(tok) >= 3 and feat(tok) != "S":
                    stems.add(stem(tok))
        covered = sorted(found)
        for s, e, sc in covered:
            yield s, e, "PERSON", sc
        if not stems:
            return
        for m in WORD.finditer(doc.text):
            tok = m.group()
            if len(tok) < 3 or stem(tok) not in stems:
                continue
            if m.start() > 0 and (doc.text[m.start() - 1].isalnum() or doc.text[m.start() - 1] in "@._/-"):
                continue
            if m.end() < len(doc.text) and doc.text[m.end()].isalnum():
                continue
            if any(s <= m.start() < e for s, e, _ in covered):
                continue
            if feat(tok) == "S" or self._company_near(doc, m.start(), m.end()):
                continue
            yield m.start(), m.end(), "PERSON", 0.7

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
    blocked_case_form,
    fold,
    is_blocked,
    ru_surname,
    strong_surname,
)
from redactor.recognizers.person_echo import company_near, propagate
from redactor.recognizers.person_parts import (
    COMPANY,
    DEPARTMENTS,
    PLACE_WORDS,
    UA_SURNAME,
    WORD,
    SpanContext,
    is_mention,
    word_features,
)
from redactor.recognizers.person_script import around, twin_copy_of

DISPLAY_NAME = re.compile(r"[ \t]*[<\[(][ \t]*(?:mailto:)?[\w.+-]+@")
NAME_LABEL = re.compile(
    r"(?:name|vardas|pavardė|vārds|uzvārds|фио|ф\.\s?и\.\s?о\.?|имя|фамилия|nimi|kontaktinis asmuo|"
    r"kontaktpersona|kontaktisik|контактное лицо)\s*[:.]?\s*$"
)
LOWER_MENTION = re.compile(r"(?<![\w@.])@([^\W\d_A-ZА-ЯЁ][^\W\d_]{2,})(?![\w@.])")


class PersonRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        hits = list(self._find(doc))
        yield from hits
        # names OCR read in the other script's look-alikes ("AHHa" for "Анна"): the same rules on a
        # same-length copy with such words re-written (person_script), kept where they touch one;
        # only the lines around them are judged again
        copy, rewritten = twin_copy_of(doc)
        if not rewritten:
            return
        touched, covered = bytearray(len(copy) + 1), bytearray(len(copy) + 1)
        for a, b in rewritten:
            touched[a:b] = b"\x01" * (b - a)
        for a, b, _, _ in hits:
            covered[a:b] = b"\x01" * (b - a)
        for s, e, ent, sc in self._find(DocInfo(around(copy, rewritten), doc.lang, shared=doc.shared)):
            if any(touched[s:e]) and not all(covered[s:e]):
                yield s, e, ent, sc

    def _find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        text = doc.text
        labels = ctx("PERSON_LABEL")
        greets = ctx("GREETING")
        found: list[tuple[int, int, float]] = []
        cache: dict[str, str] = {}

        def feat(tok: str) -> str:
            if tok not in cache:
                cache[tok] = word_features(tok)
            return cache[tok]

        # runs of capitalised words separated by single spaces on one line
        runs: list[list[re.Match]] = []
        cur: list[re.Match] = []
        for m in WORD.finditer(text):
            nxt = text[m.end() : m.end() + 2]
            if nxt[:1].isalnum() or (len(nxt) == 2 and nxt[0] in "-/" and nxt[1].isalnum()):
                continue  # e.g. "Apskaita360", "HD-2026"
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@._/-"):
                if not is_mention(text, m.start()):
                    continue
            if len(m.group()) <= 3 and m.group().isupper() and re.match(r" \d", text[m.end() : m.end() + 2]):
                continue  # "SF 939603", "INV 2026": a series code before its number, never a name part
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

        # "@kristjan", "@lgnas": a lower-case chat mention of a listed first name (OCR "l" for "I")
        for m in LOWER_MENTION.finditer(text):
            w = m.group(1)
            forms = [w[0].upper() + w[1:]] + (["I" + w[1:]] if w[0] == "l" else [])
            if any(feat(f) == "F" for f in forms):
                found.append((m.start(1), m.end(1), 0.6))

        yield from propagate(doc, found, feat)

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

    @staticmethod
    def _agreeing_pair(doc: DocInfo, toks) -> bool:
        """Lithuanian / Latvian given name + surname agree in gender: both masculine nominative
        ('Kristers Zaķis', 'Jonas Butkus') or both feminine ('Vija Zaķe', 'Rūta Kairė')."""
        if doc.lang not in ("lt", "lv"):
            return False
        a, b = (t.group().lower() for t in toks)
        if len(a) < 4 or len(b) < 4:
            return False
        male = ("s", "š")
        female = ("a", "e", "ė")
        return (a.endswith(male) and b.endswith(male)) or (a.endswith(female) and b.endswith(female))

    @staticmethod
    def _mid_sentence(doc: DocInfo, toks) -> bool:
        """'… skambino Ugnė Kvedaravičiūtė dėl …': capitalised words inside a sentence, the last with
        surname morphology, none a listed non-name or an inflected place ('в Ростове')."""
        prev = doc.text[max(0, toks[0].start() - 30) : toks[0].start()].rstrip(" ")
        if not prev or not (prev[-1].islower() or prev[-1] == ","):
            return False
        words = prev.lower().replace(",", " , ").split()
        if words and words[-1] in PLACE_WORDS:
            return False
        return not any(is_blocked(t.group()) or blocked_case_form(t.group()) for t in toks)

    @staticmethod
    def _stamp_line(doc: DocInfo, start: int, end: int) -> bool:
        """A time or date really follows (an empty rest is no stamp) and no word is a listed
        ordinary word or department."""
        rest = doc.text[end : doc.line_span(start)[1]].split("\t")[0]
        return any(ch.isdigit() for ch in rest) and not any(
            fold(w) in DEPARTMENTS for w in doc.text[start:end].split())

    @staticmethod
    def _above_address(doc: DocInfo, start: int) -> bool:
        """An address block: the name line directly above a street line ("Ona Kairė\nPaupio g. 8")."""
        return doc.line_no(start) + 1 in doc.shared.get("address_lines", ())

    @staticmethod
    def _display_name(doc: DocInfo, toks) -> bool:
        """'Horatio Blenkinsop <hb@acme.co.uk>': the display name of an e-mail address."""
        if not DISPLAY_NAME.match(doc.text, toks[-1].end()):
            return False
        return not any(fold(t.group()) in DEPARTMENTS for t in toks)

    def _signature(self, doc: DocInfo, run: list[re.Match], feats, labels, greets) -> bool:
        """A signature line after a closing (or a name-only label): the whole line is 2-3 capitalised
        words, even if one of them is also an ordinary word ("Ar cieņu,\nEdit Kovács", "Name: Karl
        May"), unless it names a department or a company."""
        if any(fold(m.group().rstrip(".")) in DEPARTMENTS for m in run):
            return False
        start, end = run[0].start(), run[-1].end()
        if COMPANY.search(" " + doc.text[start:end] + " "):
            return False  # "Amber Trade UAB"
        c = SpanContext(doc, start, end, labels, greets)
        if c.closing:
            return not company_near(doc, start, end)
        # "Name: Karl May": a name-only label, the value fills the rest of the line, a listed first name
        if ("F" in feats or "P" in feats) and NAME_LABEL.search(c.before):
            rest = doc.text[end : c.line[1]].strip(" \t.")
            return (rest == "" or rest[0] in ",;|(") and not company_near(doc, start, end)
        return False

    def _judge_run(self, doc: DocInfo, run: list[re.Match], feat, labels, greets, found) -> None:
        if len(run) == 1 and COMPANY.fullmatch(" " + run[0].group()):
            return  # "AO «Kvadrāts»" after a closing: the company form, not a name
        feats = [feat(m.group()) for m in run]
        if all(f in "SC" for f in feats) and len(run) == 1 and feats[0] == "S":
            return
        if (
            2 <= len(run) <= 3
            and feats.count("S") < len(run)
            and self._signature(doc, run, feats, labels, greets)
        ):
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
            c = SpanContext(doc, start, end, labels, greets)
            if n >= 2:
                strong = "F" in fs or "P" in fs
                ok = strong
                if not ok and n <= 3 and "L" in fs:
                    morph = any(strong_surname(t.group()) or ru_surname(t.group()) for t in toks)
                    ok = fs.count("L") >= 2 or morph or c.alone or "I" in fs
                ok = ok or lead_greet or c.labelled or c.greeted or c.titled or (n <= 3 and c.closing)
                ok = ok or (n <= 3 and c.mentioned)
                ok = ok or (n <= 3 and c.stamped and self._stamp_line(doc, start, end))
                ok = ok or (n <= 4 and self._display_name(doc, toks))
                ok = ok or (n <= 3 and c.alone and self._above_address(doc, start))
                ok = ok or (n <= 3 and "L" in fs[1:] and self._mid_sentence(doc, toks))
                ok = ok or (n == 2 and self._agreeing_pair(doc, toks) and self._mid_sentence(doc, toks))
                named = (
                    "F" in fs and "L" in fs
                ) or "P" in fs  # first name + surname: a person even next to "OU"
                if not ok or (not named and company_near(doc, start, end)):
                    continue
                if n > 4:  # keep at most four tokens around the evidence
                    k = max(fs.find("F"), fs.find("P"), 0)
                    lo, hi = max(0, k - 1), min(n, k + 3)
                    start, end = toks[lo].start(), toks[hi - 1].end()
                found.append((start, end, 0.85 if strong else 0.6))
            else:
                f = fs
                if f == "F":
                    ok = c.labelled or c.greeted or c.dashed or c.closing or c.titled or c.mentioned
                    ok = ok or self._ru_surname_mid_sentence(doc, toks[0])  # "с Прохоровым"
                elif f in "LC" and (c.closing or (c.greeted and c.vocative) or c.mentioned):
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
                if ok and not company_near(doc, start, end):
                    found.append((start, end, 0.65))

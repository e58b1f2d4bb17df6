"""Every name found once is a name everywhere in the document.

:func:`propagate` turns the names one recognizer found into spans for their other (inflected)
occurrences: a word whose stem is the stem of a found name's word, at a word start, not a listed
ordinary word and not next to a company marker, extended by an adjacent name-shaped word.
:class:`PersonEchoRecognizer` runs last and does the same for names that other recognizers found
(a form's "Eesnimi: Lisete" / "Perekonnanimi: Suits" cells, a names column), so the signature
"Lisete Suits" further down is covered too; and a name's last word that OCR split in two is
joined again (:func:`split_tails`), and a chat mention whose '@' OCR read as a letter
("GAlesja", "(GPaulīna") names the person found elsewhere or a listed first name
(:func:`glyph_mentions`); and a first name and a surname OCR read as one word ("MāraRubene") are
a name (:func:`glued_names`); a word after a found name with a digit for a letter joins it when,
read right, it is a name word (:func:`misread_neighbours`: "Natalia L6hmus"). Adds only; when
nothing was found, only glued names and misread mentions of listed first names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import fold, stem, stems_of, strong_surname
from redactor.recognizers.person_parts import COMPANY, WORD, word_features

# a lower-case word: a name whose first letter OCR lost ("ackson" for "Jackson")
LOWER_WORD = re.compile(r"(?<![\w@./-])[^\W\d_A-ZА-ЯЁ][^\W\d_]{3,}(?=[ \t]|$)", re.MULTILINE)
# the letters that open a code or number ("INV-2026-88437", "SF 660654"), never a name's word
CODE_HEAD = re.compile(r"[A-ZА-ЯЁ]{1,5}[ ]?[-/#№]?[ ]?\d")


def company_near(doc: DocInfo, start: int, end: int) -> bool:
    """A company marker or an opening quote right before, or a marker right after, on the line."""
    ls, le = doc.line_span(start)
    before = doc.text[max(ls, start - 8) : start]
    after = doc.text[end : min(le, end + 8)]
    return bool(
        COMPANY.search(before.rstrip(' „"«')[-6:])
        or COMPANY.match(after)
        or before.rstrip().endswith(("„", '"', "«", "“"))
    )


def propagate(doc: DocInfo, found, feat, *, echo_only: bool = False) -> Iterable[tuple[int, int, str, float]]:
    """The ``found`` spans ``(start, end, score)`` (unless ``echo_only``), then every other
    occurrence of their words."""
    stems: set[str] = set()
    tails: set[str] = set()  # a name whose first letter OCR lost at a crop edge: "ртём"
    for s, e, _ in found:
        for m in WORD.finditer(doc.text, s, e):
            tok = m.group()
            if len(tok) >= 3 and feat(tok) != "S":
                stems.add(stem(tok))
                if len(tok) >= 5 and tok[1:].islower():
                    tails.add(fold(tok)[1:])
    mask = bytearray(len(doc.text) + 1)
    for s, e, sc in sorted(found):
        mask[s:e] = b"\x01" * (e - s)
        if not echo_only:
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
        if feat(tok) == "S" or company_near(doc, m.start(), m.end()):
            continue
        start, end = neighbours(doc, m.start(), m.end(), feat)
        mask[start:end] = b"\x01" * (end - start)
        yield start, end, "PERSON", 0.7
    for m in LOWER_WORD.finditer(doc.text):
        if fold(m.group()) not in tails or mask[m.start()]:
            continue
        ls = doc.line_span(m.start())[0]
        prev = doc.text[ls : m.start()]
        # at its line's start, or right after the name's first word ("Graham ackson" in a header)
        after_name = re.search(r"(?:^|[\t ])([^\W\d_]{2,}) $", prev)
        if prev == "" or (after_name and after_name.group(1)[0].isupper()
                          and feat(after_name.group(1)) in "FL"):
            start, end = neighbours(doc, m.start(), m.end(), feat)
            mask[start:end] = b"\x01" * (end - start)
            yield start, end, "PERSON", 0.6


def neighbours(doc: DocInfo, start: int, end: int, feat) -> tuple[int, int]:
    """Extend a propagated name by an adjacent capitalised word ("Margheritai Beneš")."""
    ls, le = doc.line_span(start)
    nxt = next(iter(WORD.finditer(doc.text, end, min(le, end + 40))), None)
    if (nxt is not None and nxt.start() == end + 1 and doc.text[end] == " " and feat(nxt.group()) != "S"
            and not CODE_HEAD.match(doc.text, nxt.start())):
        end = nxt.end()
    prev = None
    for w in WORD.finditer(doc.text, max(ls, start - 40), start):
        prev = w
    if (prev is not None and prev.end() == start - 1 and doc.text[start - 1] == " "
            and feat(prev.group()) in "FL"):
        start = prev.start()
    return start, end


class PersonEchoRecognizer(SargasRecognizer):
    """Runs after every other person recognizer: their names' other occurrences (see the module)."""

    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        found = doc.shared.get("found", ())
        persons = [(s, e, sc) for s, e, ent, sc in found if ent == "PERSON"]
        yield from glued_names(doc)
        if not persons:
            yield from glyph_mentions(doc, [])
            return
        echoes = list(propagate(doc, persons, word_features, echo_only=True))
        yield from echoes
        spans = [(st, e) for st, e, _ in persons] + [(st, e) for st, e, _, _ in echoes]
        yield from split_tails(doc, spans)
        yield from split_heads(doc, spans)
        yield from digit_misreads(doc, spans)
        yield from glyph_mentions(doc, spans)
        yield from misread_neighbours(doc, spans)


def found_words(doc: DocInfo, spans: list[tuple[int, int]], min_len: int = 1) -> set[str]:
    """The words of the names found (``spans``), folded; those of at least ``min_len`` letters."""
    return {fold(m.group()) for s, e in spans for m in WORD.finditer(doc.text, s, e)
            if len(m.group()) >= min_len}


# a first name OCR split in two at its cell's start: a capitalised piece and a lower-case one
HEAD = re.compile(r"(?:^|\t)([A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][^\W\d_A-ZА-ЯЁ]{1,6}) ([^\W\d_A-ZА-ЯЁ]{2,6}) \Z", re.MULTILINE)


def split_heads(doc: DocInfo, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, str, float]]:
    """A lone surname found at a cell's start but for two pieces before it ("Sin rida Rakauskaitė"):
    a first name OCR split in two, its first piece capitalised, the second lower-case and short;
    the pieces join the name when neither is a listed ordinary word and the cell ends with it."""
    for s, e in spans:
        words = list(WORD.finditer(doc.text, s, e))
        if len(words) != 1 or word_features(words[0].group()) != "L":
            continue
        ls, le = doc.line_span(s)
        if doc.text[e:le][:1] not in ("", "\t"):
            continue
        m = HEAD.search(doc.text, ls, s)
        if m is None or any(word_features(p) == "S" for p in m.groups()):
            continue
        yield m.start(1), e, "PERSON", 0.6


# digits OCR reads for letters of their shape ("R66m" for "Rõõm", "0la" for "Ola")
DIGIT_LETTER = str.maketrans("0615834", "oolsbea")
CAPITAL_I = re.compile(r"(?<![\w@./-])l[^\W\d_A-ZА-ЯЁ]{2,}(?![\w@/-])")
MIXED = re.compile(r"(?<![\w@./-])(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_][^\W_]*[^\W\d_])[^\W_]{3,}(?![\w@/-])")


def digit_misreads(doc: DocInfo, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, str, float]]:
    """A word of letters and digits that, its digits read as the letters they resemble, is a word
    of a name found elsewhere in the document ("Jelena R66m" beside "Jelena Room"), capitalised
    as that name word is: the same name OCR misread. So is a word opening with a lower-case l
    that, the l read as the capital I it looks like, is such a word ("leva" beside "Ieva")."""
    known = {k.replace("õ", "o") for k in found_words(doc, spans, 3) if not any(ch.isdigit() for ch in k)}
    for m in MIXED.finditer(doc.text):
        tok = m.group()
        if not tok[0].isupper() or fold(tok).translate(DIGIT_LETTER) not in known:
            continue
        yield (*neighbours(doc, m.start(), m.end(), word_features), "PERSON", 0.6)
    # a capital I read as a lower-case l (one vertical stroke in sans faces): "leva" for "Ieva"
    for m in CAPITAL_I.finditer(doc.text):
        tok = m.group()
        if fold("i" + tok[1:]) in known and word_features("I" + tok[1:]) != "S":
            yield (*neighbours(doc, m.start(), m.end(), word_features), "PERSON", 0.6)


def misread_neighbours(doc: DocInfo, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, str, float]]:
    """The word right after a found name that OCR misread: a capitalised word with a digit (or two)
    for letters of their shape that, read as those letters, is a listed name word or surname-shaped
    ("Natalia L6hmus" for "Natalia Lõhmus", with no other "Lõhmus" in the document to echo)."""
    for _, e in spans:
        m = MIXED.match(doc.text, e + 1) if doc.text[e : e + 1] == " " else None
        if m is None or not m.group()[0].isupper() or sum(ch.isdigit() for ch in m.group()) > 2:
            continue
        folded = m.group().translate(DIGIT_LETTER)
        if folded.isalpha() and word_features(folded) in ("F", "L"):
            yield m.start(), m.end(), "PERSON", 0.6


# a chat mention whose '@' OCR read as a glyph of its shape: a letter or digit ("GAlesja" for
# "@Alesja"), or the '@''s outer arc as a bracket, alone or with its inner loop as a letter
# ("(Paulīna" with no closing bracket, "(GPaulīna", "(dInese"); the name's capital 'I' may come
# back as 'l' ("Glnese") after a glyph that is no letter of an ordinary word's start there ('G',
# '©', '@', a bracket: not 'O', "Olga" is a name)
AT_MISREAD = re.compile(r"(?<!\S)(?:([(\[{]?[GQO0©6@])|([(\[{][ad]?))"
                        r"([A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁl][^\W\d_A-ZА-ЯЁ]{2,})(?=[\s,.!?:)]|$)")


def glyph_mentions(doc: DocInfo, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, str, float]]:
    """A word whose '@' OCR misread (``AT_MISREAD``) when the word after it is a word of a name
    found elsewhere in the document, or a listed first name: the mention names that person (a
    correctly read "@Inese" is a name by its '@' alone, :attr:`SpanContext.mentioned`)."""
    known = found_words(doc, spans, 3)
    for m in AT_MISREAD.finditer(doc.text):
        glyph, name = m.group(1) or m.group(2), m.group(3)
        if glyph in "([{" and doc.text[m.end() : m.end() + 1] in ")]}":
            continue  # "(Paulīna)": a name in brackets, no mention
        if name[0] == "l":
            if glyph[-1] in "OQ0":
                continue
            name = "I" + name[1:]
        feat = word_features(name)
        if feat != "S" and (fold(name) in known or feat == "F"):
            # a read '@' is no part of the name (the word's box is covered all the same)
            yield (m.start(3) if glyph.endswith("@") else m.start()), m.end(), "PERSON", 0.6


TAIL = re.compile(r" ([^\W\d_]{1,12})(?=[\t\n]|$)")


def split_tails(doc: DocInfo, spans: list[tuple[int, int]]) -> Iterable[tuple[int, int, str, float]]:
    """A name whose last word OCR split in two ("Beth Jenki ns", "Ковалёв k"): the piece after
    it, last on its line or cell, joins the name when it is one or two lower-case letters, or when
    the two pieces together are a word of a name found elsewhere in the document ("Jenkins"), or
    that word but for the one glyph OCR lost at the split ("Zvai znniece" for "Zvaigznniece": the
    'g' whose descender touched the chip under the line)."""
    known = found_words(doc, spans)
    lost = {w[:i] + w[i + 1:] for w in known if len(w) >= 7 for i in range(1, len(w) - 1)}
    for s, e in spans:
        m = TAIL.match(doc.text, e)
        if m is None:
            continue
        piece = m.group(1)
        last = list(WORD.finditer(doc.text, s, e))
        joined = fold(last[-1].group() + piece) if last else ""
        if (len(piece) <= 2 and piece.islower()) or joined in known or (piece.islower() and joined in lost):
            yield s, m.end(), "PERSON", 0.6


# two capitalised words with no space between ("MāraRubene": a narrow space OCR did not see)
GLUED = re.compile(r"(?<![\w@./-])[^\W\d_]{6,}(?![\w@/-])")


def glued_names(doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
    """A word that is a listed first name and a listed name (or surname-shaped word) run together:
    the space between a first name and a surname that OCR lost. Product names glued the same way
    ("PayPal", "YouTube") have no listed first name as their first half."""
    for m in GLUED.finditer(doc.text):
        tok = m.group()
        caps = [i for i, ch in enumerate(tok) if ch.isupper()]
        if len(caps) != 2 or caps[0] != 0 or not 3 <= caps[1] <= len(tok) - 3:
            continue
        first, last = tok[: caps[1]], tok[caps[1] :]
        if word_features(first) == "F" and (word_features(last) in "FL" or strong_surname(last)) \
                and word_features(last) != "S" and not company_near(doc, m.start(), m.end()):
            yield m.start(), m.end(), "PERSON", 0.6

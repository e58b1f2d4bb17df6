"""Names OCR read in the other script's look-alike letters, re-written for the person recognizer.

A Russian name on a page read with a Latin model next to the Russian one comes back in Latin
letters of the same shape: "Анна" as "AHHa" (Cyrillic lower-case н looks like a small capital H),
"Елена" as "ĒneHa" (the Latvian model adds a macron, л read as n); a Latin name on a Latin page read
by the Russian model comes back in Cyrillic twins ("Emma" as "Етта", т for m). Such a word is no
capitalised word at all ("AHHa") or one no name list knows, so the name is missed.
:mod:`redactor.wordscript` leaves a letters-only word of twins as read on purpose: "Романова" on a
Latin line is a real Russian name, and re-writing every twin word would destroy it.

:func:`twin_copy` makes a same-length copy of the text (one character for one, so offsets stay) in
which a word is re-written into the other script only when **all** of these hold:

* every letter of it has a look-alike in the other script (shape twins, the letters Tesseract
  substitutes — т~m, п/л/н~n, и~u, г~r, and in small or coloured text в~s, д~A/g, б~B/b/6,
  з~3 — and a Latin letter's OCR diacritic dropped): a Russian toast name read wholly in Latin,
  "EneHa KapaBaesa" for "Елена Караваева", "AnekcaHAp" for "Александр", is read again;
* the re-written word is a name *in that script* by the lexicon and morphology the person recognizer
  already uses: a listed first name (inflection-aware), a patronymic, or a Russian / Ukrainian
  surname ending (Cyrillic), a listed first name or a strong surname ending (Latin);
* the word is not a name as read (then nothing needs repair);
* the script fits its place: the word mixes both scripts; or, read in Latin, it has no Latin
  word's shape (a capital inside it: "AHHa") on a Russian page or beside a Cyrillic word, or a
  capitalised Cyrillic name part (first name, surname, patronymic as the recognizer sees it) is
  beside it ("Onbra Зимина": Latin words are common on Russian pages), or on a Russian page it and
  the Latin word beside it re-write to a first name followed by a surname or patronymic ("Anena
  Kosanesa" for "Алена Ковалева"; a listed reading is preferred); or, read in Cyrillic, it
  stands on a Latin page outside Russian prose, or beside a Latin name part ("Магк Johnson").

The person recognizer (and the log ``name="…"`` rule of the layout recognizer) then judges the
copy with its ordinary rules (a listed first name and a surname, a label, a greeting ...), on the
lines around the re-written words only (:func:`around`): the copy only gives it words it can read;
it decides nothing. What it does not do: a name none of whose forms is listed or has name
morphology ("Танюшка" read as "Tada") and a word read with substitutions outside the table
("Craca" for "Стася": т read as r, я as a), or with letters lost or a word split in two, stay
missed. Pure functions; a text with no such word gives no copy.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

from redactor.confusables import LATIN_OF
from redactor.nlp import DocInfo
from redactor.recognizers.name_lexicon import is_first, is_last, patronymic, ru_surname, strong_surname
from redactor.wordscript import CYRILLIC, LATIN, evidence

# Latin letter (or digit) as read -> the Cyrillic lower-case letters it may stand for. Capitals
# inside a word are Cyrillic small letters that look like small capitals (н, т, к, м, в); lower-case
# letters are shape twins (a, e, o ...) or Tesseract's substitutions in small or coloured text
# (m for т, n for п, л or н, u for и, r for г, s for в, g or A for д, 3 for з, 6 for б). The first
# alternative is the shape twin: a reading with fewer substitutions is tried first.
_CYR_OF: dict[str, tuple[str, ...]] = {
    "A": ("а", "д"), "B": ("в", "б"), "C": ("с",), "E": ("е",), "H": ("н",), "K": ("к",),
    "M": ("м",), "O": ("о",), "P": ("р",), "T": ("т",), "X": ("х",), "Y": ("у",),
    "a": ("а",), "b": ("ь", "в", "б"), "c": ("с",), "e": ("е",), "g": ("д",), "h": ("н",),
    "k": ("к",), "m": ("т", "м"), "n": ("п", "л", "н"), "o": ("о",), "p": ("р",), "r": ("г",),
    "s": ("в",), "u": ("и",), "x": ("х",), "y": ("у",), "3": ("з",), "6": ("б",),
}
_LAT_OF = LATIN_OF  # Cyrillic -> Latin look-alike, one letter each
# a word: letters, and inside it the digits that stand for letters ("Kop6aeB": 6 for б)
_LETTERS = re.compile(r"[^\W\d_](?:[^\W\d_]|[36](?=[^\W\d_]))+[^\W\d_]")
_UA_SURNAME = re.compile(r"[а-яё]{2,}(?:чук|юк|енко)(?:а|у|ом|ем|е)?$")
_BLANK = re.compile(r"[^\n]")
_MAX_FORMS = 64  # ambiguous letters multiply: a name has few of them


def _is_cyrillic(c: str) -> bool:
    return "\u0400" <= c <= "\u04ff"


def _base(c: str) -> str:
    """A Latin letter without the diacritic OCR added ("Ē" -> "E"); other letters unchanged."""
    if c.isascii() or _is_cyrillic(c):
        return c
    b = unicodedata.normalize("NFD", c)[0]
    return b if b.isascii() else c


def _cyrillic_forms(word: str) -> list[str]:
    """Cyrillic spellings ``word`` (Latin look-alikes, maybe mixed) may stand for, capitalised."""
    choices: list[tuple[str, ...]] = []
    caps = word.isupper()
    for c in word:
        if _is_cyrillic(c):
            choices.append((c.lower(),))
            continue
        alts = _CYR_OF.get(_base(c))
        if alts is None:
            return []
        choices.append(alts)
    out = []
    for combo in itertools.islice(itertools.product(*choices), _MAX_FORMS):
        w = "".join(combo)
        out.append(w.upper() if caps else w[0].upper() + w[1:])
    return out


def _latin_form(word: str) -> str:
    """The Latin look-alike spelling of ``word`` (Cyrillic twins, maybe mixed), or ''."""
    out = []
    for c in word:
        if _is_cyrillic(c):
            if c not in _LAT_OF:
                return ""
            out.append(_LAT_OF[c])
        elif c.isascii():
            out.append(c)
        else:
            return ""
    w = "".join(out)
    return w if w[0].isupper() and (w[1:].islower() or w.isupper()) else ""


def _name_as_read(word: str) -> bool:
    return word[0].isupper() and (word[1:].islower() or word.isupper()) and (
        is_first(word) or patronymic(word) or ru_surname(word) or strong_surname(word))


def _cyrillic_name(word: str) -> bool:
    return is_first(word) or patronymic(word) or ru_surname(word) or bool(_UA_SURNAME.search(word.lower()))


def _latin_name(word: str) -> bool:
    return is_first(word) or strong_surname(word)


def _sides(text: str, start: int, end: int) -> tuple[str, str]:
    """The words right before and after ``text[start:end]`` on its line (punctuation stripped)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    before = text[ls:start].rstrip(" \t\"'“„«(").split()
    after = text[end:le].lstrip(" \t").split()
    strip = "\"'”“»),.;:!?"
    return (before[-1].strip(strip) if before else "", after[0].strip(strip) if after else "")


def _neighbours(text: str, start: int, end: int) -> list[str]:
    return [w for w in _sides(text, start, end) if w]


def _latin_pair(text: str, m: re.Match) -> bool:
    """The word and the one beside it, both capitalised Latin letters only and neither a name as
    read, re-write through the confusions to a Russian first name followed by a surname or a
    patronymic ("Anena Kosanesa" for "Алена Ковалева"): two unrelated Latin words rarely do."""
    def role(w: str) -> str:
        if not (w[:1].isupper() and w.isalpha() and w.isascii()) or _name_as_read(w):
            return ""
        forms = _cyrillic_forms(w)
        first = any(is_first(f) for f in forms)
        last = any(ru_surname(f) or patronymic(f) for f in forms)
        return "FL" if first and last else "F" if first else "L" if last else ""

    before, after = _sides(text, m.start(), m.end())
    own = role(m.group())
    return ("F" in own and "L" in role(after)) or ("L" in own and "F" in role(before))


def _name_next(words: list[str], script: str) -> bool:
    """A capitalised word beside it that is unmistakably in ``script`` and a name part there (as
    the person recognizer sees it: a first name, a surname, a patronymic)."""
    from redactor.recognizers.person_parts import word_features

    return any(w and w[0].isupper() and evidence(w) == script and word_features(w) in "FLP"
               for w in words)


def _rewrite(text: str, m: re.Match, lang_cyrillic: bool) -> str:
    """The re-written word, or '' (cheap shape tests first, the lexicon last)."""
    word = m.group()
    if not _base(word[0]).isupper():
        return ""
    has_cyr = any(_is_cyrillic(c) for c in word)
    has_lat = any(not _is_cyrillic(c) for c in word)
    mixed = has_cyr and has_lat
    if has_lat:  # Latin look-alikes -> Cyrillic
        forms = _cyrillic_forms(word)
        if forms and not mixed:
            # Latin words are common on Russian pages: a word of Latin shape needs a Cyrillic name
            # beside it ("Onbra Зимина"); one no Latin word has the shape of (a capital inside it:
            # "AHHa") needs a Russian page or a Cyrillic word beside it
            nb = _neighbours(text, m.start(), m.end())
            broken = not (word[1:].islower() or word.isupper())
            if not (broken and (lang_cyrillic or any(evidence(w) == CYRILLIC for w in nb))
                    or (any(evidence(w) == CYRILLIC for w in nb) and _name_next(nb, CYRILLIC))
                    or (lang_cyrillic and _latin_pair(text, m))):
                forms = []
        if forms and (mixed or not _name_as_read(word)):
            named = [f for f in forms if _cyrillic_name(f)]  # a listed name first: "Ковалева"
            form = next((f for f in named if is_first(f) or is_last(f)), named[0] if named else "")
            if form:
                return form
    if has_cyr:  # Cyrillic twins -> Latin
        form = _latin_form(word)
        if form and not mixed:
            # a Cyrillic word on a Latin page, not inside Russian prose; else a Latin name beside it
            nb = _neighbours(text, m.start(), m.end())
            prose = any(w[:1].islower() and evidence(w) == CYRILLIC for w in nb)
            if not ((not lang_cyrillic and not prose) or _name_next(nb, LATIN)):
                form = ""
        if form and (mixed or not _name_as_read(word)) and _latin_name(form):
            return form
    return ""


def twin_copy(text: str, lang: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with look-alike-script names re-written (same length) and the re-written ranges;
    ``(text, [])`` when no word qualifies (see the module doc)."""
    if not any(ord(c) > 127 for c in text) and lang != "ru":
        return text, []  # plain ASCII on a Latin page: no Cyrillic name, no Cyrillic twin
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = 0
    for m in _LETTERS.finditer(text):
        form = _rewrite(text, m, lang == "ru")
        if form and len(form) == len(m.group()) and form != m.group():
            parts.append(text[pos : m.start()])
            parts.append(form)
            ranges.append((m.start(), m.end()))
            pos = m.end()
    if not ranges:
        return text, []
    parts.append(text[pos:])
    return "".join(parts), ranges


def twin_copy_of(doc: DocInfo) -> tuple[str, list[tuple[int, int]]]:
    """:func:`twin_copy` of the document, computed once and shared by the recognizers using it."""
    got = doc.shared.get("twin_copy")
    if got is None or got[0] is not doc.text:
        got = (doc.text, twin_copy(doc.text, doc.lang))
        doc.shared["twin_copy"] = got
    return got[1]


def around(text: str, ranges: list[tuple[int, int]], lines: int = 3) -> str:
    """``text`` blanked (same length, line breaks kept) except the lines within ``lines`` of a
    range: the person recognizer's context reaches two lines back, the document's other
    occurrences of a name are propagated by the echo recognizer."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    keep: list[tuple[int, int]] = []
    for a, _ in ranges:
        i = bisect.bisect_right(starts, a) - 1
        lo = starts[max(0, i - lines)]
        hi = starts[i + lines + 1] if i + lines + 1 < len(starts) else len(text)
        if keep and lo <= keep[-1][1]:
            keep[-1] = (keep[-1][0], max(keep[-1][1], hi))
        else:
            keep.append((lo, hi))
    out, pos = [], 0
    for lo, hi in keep:
        out.append(_BLANK.sub(" ", text[pos:lo]))
        out.append(text[lo:hi])
        pos = hi
    out.append(_BLANK.sub(" ", text[pos:]))
    return "".join(out)

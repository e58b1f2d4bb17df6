"""The owner of an e-mail address: a name whose words its local part spells.

A CRM card, a mail header or a ticket shows a customer's name and, somewhere else on the screen,
their address: ``Oto Mednājs`` and ``oto_med35@gmail.com``, ``Vytautė Rinkevičienė`` and
``v.rinkeviciene@takas.lt``. A name that no list knows and that stands with no label (a header
bar, a panel title) is still named by that address. Runs after the e-mail recognizer (reads
``doc.shared["found"]``): the local part of every found address is folded (no diacritics, lower
case) and cut into its letter runs; a pair of name-shaped capitalised words
(:func:`redactor.recognizers.person_column.name_shape`) anywhere in the document is a person when

* both words are spelt by two different runs, each run of at least :data:`MIN_RUN` letters and
  the start of its word or the word itself ("oto" + "med" for "Oto Mednājs"; a Russian name
  romanised, its variants made one: "Даниелян" and "danielian"); or
* one run is the surname whole and another the first name's initial ("v.rinkeviciene"), or one run
  glues the initial (or the whole first name) to the surname ("vrinkeviciene", "tenisrudzulis").

How it fails: an address that spells no name (``info@``, ``klientas123@``) names no one; a name
written once in the document and its address with a nickname ("dzintars" for "Dz. Ozols") stays
unmatched; a romanisation the skeleton does not fold (Polish "sz" for ш) is missed. Adds only; the echo
recognizer then finds the name's other occurrences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, plain
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.person_column import name_shape

MIN_RUN = 3  # letters a local part's run needs to spell the start of a name's word
WORD = re.compile(r"(?<![\w.@])[^\W\d_][^\W\d_'’-]+(?![\w@])")
LOCAL = re.compile(r"[^\s@<>\"'(),;:]+(?=@)")


# Russian letters as e-mail addresses spell them (the first of the usual romanisations); the
# skeleton below then makes the others equal ("kh"/"h", "ya"/"ia"/"ja", "ts"/"c" ...)
_LATIN = dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)) | {
    "ё": "e",
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "yu",
    "я": "ya",
    "ь": "",
    "ъ": "",
}
_SKELETON = (
    ("shch", "s"),
    ("sch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("y", "i"),
    ("j", "i"),
    ("x", "ks"),
)


def _fold(word: str) -> str:
    """Lower case, no diacritics, Cyrillic romanised, variant spellings made one (a skeleton)."""
    low = plain(word).lower()
    out = "".join(_LATIN.get(c, c) for c in low)
    for a, b in _SKELETON:
        out = out.replace(a, b)
    return out


def _spells(run: str, word: str) -> bool:
    """``run`` is ``word`` or its start, at least :data:`MIN_RUN` letters long."""
    return len(run) >= MIN_RUN and word.startswith(run)


def owns(runs: list[str], first: str, last: str) -> bool:
    """The letter ``runs`` of a local part spell the (folded) name ``first last``."""
    for i, a in enumerate(runs):
        for j, b in enumerate(runs):
            if i != j and _spells(a, first) and _spells(b, last):
                return True
            if i != j and len(a) == 1 and b == last and first.startswith(a):
                return True
        if a in (first[0] + last, last + first[0], first + last, last + first) and len(last) >= MIN_RUN:
            return True
    return False


class PersonMailRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        locals_: list[list[str]] = []
        for s, e, ent, _ in doc.shared.get("found", ()):
            if ent != "EMAIL_ADDRESS":
                continue
            m = LOCAL.search(doc.text, s, e)
            if m is not None:
                locals_.append([_fold(r) for r in re.findall(r"[a-z]+", m.group().lower())])
        if not locals_:
            return
        words = list(WORD.finditer(doc.text))
        for a, b in zip(words, words[1:], strict=False):
            if doc.text[a.end() : b.start()] != " ":
                continue  # a pair of words on one line, one blank apart
            first, last = _fold(a.group()), _fold(b.group())
            if not first.isascii() or not last.isascii():
                continue  # a script an address does not spell
            if not any(owns(runs, first, last) or owns(runs, last, first) for runs in locals_):
                continue
            if name_shape(doc.text[a.start() : b.end()]):
                yield a.start(), b.end(), "PERSON", 0.6

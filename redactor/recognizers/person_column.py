"""Names by column: a table cell shaped like a name, in a column where other cells are names.

Runs after the other person recognizers and reads what they found (``doc.shared["found"]``). With
the reading structure (:mod:`redactor.layout`) a column is the run of vertically adjacent cells
that overlap horizontally; when two or more whole cells of a column are already found as persons,
another cell of that column with the same shape (as many capitalised words, each name-shaped, no
digit, no company marker, none a listed ordinary word, or one when another is a listed first
name or has a surname's ending: "Emily Street", a Latvian "Jūlijs" that is also the month) is a
person too, whatever its spelling: "Wez Newton" under "Irene Buckland" and "Michael Whitehead". Adds only; a
column with fewer than two found names changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.layout import label_kind, layout_of
from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.person_parts import COMPANY, DEPARTMENTS, shape_ok, word_features

NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def name_shape(text: str) -> int:
    """Number of words when ``text`` is 2-3 name-shaped capitalised words and nothing else, else 0."""
    t = text.strip()
    words = NAME_TOKEN.findall(t)
    if not 2 <= len(words) <= 3 or " ".join(words) != re.sub(r"\s+", " ", t):
        return 0
    if COMPANY.search(" " + t + " ") or label_kind(t) is not None:
        return 0
    if not all(shape_ok(w) and not w.isupper() for w in words):
        return 0
    feats = [word_features(w) for w in words]
    if any(w.lower() in DEPARTMENTS for w in words) or feats.count("S") > 1:
        return 0
    if "S" in feats and not any(f in ("F", "L") for f in feats):
        return 0  # one ordinary word only beside a first name or a surname-shaped word
    return len(words)


class PersonColumnRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        persons = [(s, e) for s, e, ent, _ in doc.shared.get("found", ()) if ent == "PERSON"]
        if len(persons) < 2:
            return
        lay = layout_of(doc)
        named: set[int] = set()  # ids of cells a found person fills (whole cell, ignoring spaces)
        for s, e in persons:
            c = lay.cell_of(s)
            if c is not None and doc.text[c.start : c.end].strip() == doc.text[s:e].strip():
                named.add(id(c))
        if len(named) < 2:
            return
        done: set[int] = set()
        for c in lay.cells:
            if id(c) not in named or id(c) in done:
                continue
            column = lay.column_around(c)
            done.update(id(x) for x in column)
            if sum(id(x) in named for x in column) < 2:
                continue
            for x in column:
                if id(x) not in named and name_shape(doc.text[x.start : x.end]):
                    t = doc.text[x.start : x.end]
                    lead = len(t) - len(t.lstrip())
                    yield x.start + lead, x.start + len(t.rstrip()), "PERSON", 0.6

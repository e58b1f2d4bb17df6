"""The owner of a contact value: a name standing right before a phone number or e-mail address.

A notification toast, a contact list or a chat card often reads ``Dewi Feeney > 07651577471`` or
``Simas Gaičiūnas — 8 615 11030``: a line (or a cell) that is two or three name-shaped capitalised
words, a separator (a dash, '>', ':', '·', '|'), and a phone number or e-mail address the other
recognizers found, ending the line. The words then name the person the value belongs to, whether or
not any name list knows them. Runs after the contact recognizers (reads ``doc.shared["found"]``);
no listed ordinary word, department, label or company marker may be among the words
(:func:`redactor.recognizers.person_column.name_shape`). Adds only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.person_column import name_shape

CONTACT = ("PHONE_NUMBER", "EMAIL_ADDRESS")
# the name's cell, then the separator right before the contact value
BEFORE = re.compile(r"(?:^|\t)([^\t]{3,60}?)[ ]*(?:[—–>:·|]|\s-)[ ]*$", re.MULTILINE)


class PersonContactRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        seen: set[int] = set()
        for s, e, ent, _ in doc.shared.get("found", ()):
            if ent not in CONTACT or s in seen:
                continue
            seen.add(s)
            ls, le = doc.line_span(s)
            if doc.text[e:le].strip():
                continue  # the value must end its line: "Name — phone" and nothing after
            m = BEFORE.search(doc.text, ls, s)
            if m is None or not name_shape(m.group(1)):
                continue
            yield m.start(1), m.end(1), "PERSON", 0.6

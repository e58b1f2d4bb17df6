"""Shared base for Sargas recognizers: a recognizer with document context.

The interface follows Presidio's ``EntityRecognizer`` (``supported_entities``, ``supported_language``,
``name``, ``analyze(text, entities, nlp_artifacts)``) without importing Presidio: importing any part of
``presidio_analyzer`` loads spaCy and its ~100 predefined recognizers (about a second of start-up per
process), none of which the model-free Sargas analyzer uses. ``analyze`` returns
:class:`redactor.types.Span` values (entity type, offsets, score, recognizer name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.nlp import DocInfo, NlpArtifacts
from redactor.types import Span

_OCR_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "О": "0", "о": "0", "l": "1", "I": "1", "|": "1", "і": "1", "З": "3", "б": "6"}
)
# A digit or a letter OCR confuses with one, for tolerant number patterns.
D = r"[\dOolI|]"


# digits OCR reads for one another (shape, not a list of values): a checksum that one such swap
# repairs is a number whose digit was misread, not a different number
DIGIT_TWINS = {"0": "689", "1": "47", "2": "7", "3": "8", "4": "19", "5": "68", "6": "058",
               "7": "12", "8": "0365", "9": "04"}


def one_twin_swap(digits: str, valid, start: int = 0) -> bool:
    """One look-alike digit swap at or after ``start`` (``DIGIT_TWINS``) makes ``valid`` hold."""
    for i in range(start, len(digits)):
        for alt in DIGIT_TWINS.get(digits[i], ""):
            if valid(digits[:i] + alt + digits[i + 1:]):
                return True
    return False


def ocr_digits(s: str) -> str:
    """Map OCR look-alikes to digits and drop separators: ``'4O1 l2-3'`` -> ``'401123'``."""
    return re.sub(r"[^\d]", "", s.translate(_OCR_DIGITS))


def real_digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


class SargasRecognizer:
    """Subclasses implement :meth:`find` and yield ``(start, end, entity, score)`` tuples."""

    ENTITIES: list[str] = []

    def __init__(self, supported_language: str = "xx") -> None:
        self.supported_entities = list(self.ENTITIES)
        self.supported_language = supported_language
        self.name = type(self).__name__

    def load(self) -> None:
        return None

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[Span]:
        doc = getattr(nlp_artifacts, "doc", None)
        if doc is None or doc.text is not text:
            from redactor.langid import detect

            doc = DocInfo(text, detect(text))
        out = []
        claimed = doc.shared.setdefault("claimed", bytearray(len(text) + 1))
        found = doc.shared.setdefault("found", [])  # what earlier recognizers reported, for later ones
        for start, end, entity, score in self.find(doc):
            found.append((start, end, entity, score))
            if score >= 0.9:  # checksum-validated values: later recognizers need not look inside them
                claimed[start:end] = b"\x01" * (end - start)
            if entities and entity not in entities:
                continue
            out.append(Span(start, end, entity, score, self.name))
        return out

"""Text-level redaction: detected values in a text are replaced by a placeholder (``[EMAIL]``,
``[LT PERSONAL CODE]``...).

Two entry points, both running the analyzer ONCE over everything they are given (so a name found in
one place is found everywhere):

* :func:`redact_text` — one plain string, replaced through presidio-anonymizer's ``replace``
  operator (mail subjects and bodies, TXT files, member names);
* :class:`PieceSet` — a document's text as *blocks* (paragraphs, cells) made of *pieces* (XML text
  nodes, RTF text runs). The pieces of a block are analysed as one contiguous string, so a value
  split over several runs (``<w:t>Jo</w:t><w:t>nas</w:t>``) is found and removed from all of them:
  the first piece touched gets the placeholder, the others lose their part of the value. Read-only
  pieces (a tab, an ODF ``<text:s/>``) take part in the analysis only.

What comes back are value-free :class:`Span` s (offsets, type, score). Any analyzer failure
propagates: the caller fails closed.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from redactor import analyzer
from redactor.types import Span

BLOCK_SEPARATOR = "\n"
_LABELS = {
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "PERSON": "NAME", "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CARD", "IP_ADDRESS": "IP", "ADDRESS": "ADDRESS", "DATE_OF_BIRTH": "BIRTH DATE",
    "ID_DOCUMENT": "ID DOCUMENT", "LT_PERSONAL_CODE": "LT PERSONAL CODE",
    "LV_PERSONAL_CODE": "LV PERSONAL CODE", "EE_PERSONAL_CODE": "EE PERSONAL CODE",
    "RU_INN": "RU INN", "RU_SNILS": "RU SNILS", "RU_PASSPORT": "RU PASSPORT",
}


def placeholder(entity_type: str) -> str:
    return f"[{_LABELS.get(entity_type, entity_type.replace('_', ' '))}]"


def merge(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: overlapping ones become their union (type of the strongest)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            last = out[-1]
            best = last if last.score >= s.score else s
            out[-1] = Span(last.start, max(last.end, s.end), best.entity_type, max(last.score, s.score),
                           best.detector)
        else:
            out.append(s)
    return out


@lru_cache(maxsize=1)
def _anonymizer():
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()


def redact_text(text: str, lang: str = "auto") -> tuple[str, list[Span]]:
    """``text`` with every detected value replaced by its placeholder, and the spans found."""
    if not text.strip():
        return text, []
    spans = merge(analyzer.analyze(text, lang))
    if not spans:
        return text, []
    return replace_spans(text, spans), spans


def replace_spans(text: str, spans: list[Span]) -> str:
    """Replace the given (non-overlapping) spans of ``text`` with their placeholders."""
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    results = [RecognizerResult(s.entity_type, s.start, s.end, s.score) for s in spans]
    operators = {s.entity_type: OperatorConfig("replace", {"new_value": placeholder(s.entity_type)})
                 for s in spans}
    return _anonymizer().anonymize(text, results, operators, merge_entities_with_spaces=False).text


@dataclass(slots=True)
class Piece:
    """One editable (or read-only, ``setter=None``) stretch of a document's text."""

    text: str
    setter: Callable[[str], None] | None = None
    part: int = 0  # which part/page of the document it is in (reported in findings)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    block: int = -1


class PieceSet:
    """Collects blocks of pieces, analyses them together and writes the redacted text back."""

    def __init__(self) -> None:
        self.blocks: list[list[Piece]] = []

    def block(self, pieces: list[Piece]) -> None:
        if any(p.text for p in pieces):
            for p in pieces:
                p.block = len(self.blocks)
            self.blocks.append(pieces)

    def add(self, text: str | None, setter: Callable[[str], None], part: int = 0) -> None:
        """A block of one piece (an attribute value, a cell, a header)."""
        if text and text.strip():
            self.block([Piece(text, setter, part)])

    def redact(self, lang: str = "auto") -> list[tuple[Span, int]]:
        """Analyse every block, rewrite the touched pieces; return (span, part) per value."""
        parts: list[str] = []
        index: list[tuple[int, Piece]] = []  # (start offset, piece)
        pos = 0
        for b in self.blocks:
            if parts:
                parts.append(BLOCK_SEPARATOR)
                pos += len(BLOCK_SEPARATOR)
            for p in b:
                index.append((pos, p))
                parts.append(p.text)
                pos += len(p.text)
        text = "".join(parts)
        if not text.strip():
            return []
        spans = merge(analyzer.analyze(text, lang))
        found: list[tuple[Span, int]] = []
        starts = [s for s, _ in index]
        for sp in spans:
            i = max(0, bisect.bisect_right(starts, sp.start) - 1)
            placed: set[int] = set()  # ids of blocks already given the placeholder
            part = None
            while i < len(index) and index[i][0] < sp.end:
                off, p = index[i]
                a, b = max(sp.start - off, 0), min(sp.end - off, len(p.text))
                if b > a and p.setter is not None:
                    label = "" if p.block in placed else placeholder(sp.entity_type)
                    placed.add(p.block)
                    p.edits.append((a, b, label))
                    part = p.part if part is None else part
                i += 1
            if part is not None:
                found.append((sp, part))
        for _, p in index:
            if p.edits and p.setter is not None:
                new = p.text
                for a, b, label in sorted(p.edits, reverse=True):
                    new = new[:a] + label + new[b:]
                p.setter(new)
                p.edits.clear()
        return found

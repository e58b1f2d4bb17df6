"""Text analysis entry point used by the format handlers.

``analyze(text, lang)`` returns entity spans for one document's text. The format handlers call it
once per document with all pages joined by ``PAGE_SEPARATOR`` so that names found on one page are
propagated to the others.

Detection runs the Sargas recognizers (``redactor/recognizers``, one class per file, Presidio's
recognizer interface without Presidio's registry, spaCy or predefined recognizers) over the
artifacts of the model-free :class:`redactor.nlp.SargasNlpEngine`. Everything is
offline and deterministic; heavy data (name gazetteers) loads on the first call.
"""

from __future__ import annotations

import re
from functools import lru_cache

from redactor.entities import DETECTED
from redactor.types import Span

PAGE_SEPARATOR = "\n\f\n"
# numbers a company's registration or VAT code looks like (digits only, 8-12 of them): under a
# company-code label (labels.yaml ORG_CODE) such a finding is the company's code, not a person's
ORG_CODE_LOOKALIKES = frozenset({"PHONE_NUMBER", "RU_PASSPORT", "ID_DOCUMENT", "RU_INN", "LT_PERSONAL_CODE",
                                 "LV_PERSONAL_CODE", "EE_PERSONAL_CODE"})
MIN_SCORE = 0.4
# a log's, URL's or JSON's key glued to its value ("addr=\"Lille…", "iban=LT…", '"email":"ruta…'):
# letters (and '_') then '=', or quoted then ':'; the key names the value and is not part of it
KEY_PREFIX = re.compile(r"[\"']?[^\W\d]{2,}[\"']?=[\"']?|[\"'][^\W\d]{2,}[\"']: ?[\"']?")
ENTITIES = DETECTED  # redactor.entities: the one catalogue


@lru_cache(maxsize=1)
def _registry():
    from redactor.nlp import SargasNlpEngine
    from redactor.recognizers import all_recognizers

    return all_recognizers(), SargasNlpEngine()


def _resolve(spans: list[Span]) -> list[Span]:
    """Drop spans contained in a stronger (or equal, earlier-registered) span; keep partial overlaps."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    i = 0
    while i < len(spans):  # clusters of overlapping spans are small: compare within a cluster only
        j, reach = i + 1, spans[i].end
        while j < len(spans) and spans[j].start < reach:
            reach = max(reach, spans[j].end)
            j += 1
        cluster = sorted(spans[i:j], key=lambda s: (-s.score, -(s.end - s.start), s.start))
        chosen: list[Span] = []
        for s in cluster:
            if not any(k.start <= s.start and s.end <= k.end for k in chosen):
                chosen.append(s)
        kept.extend(chosen)
        i = j
    return sorted(kept, key=lambda s: (s.start, s.end))


def analyze(text: str, lang: str = "auto") -> list[Span]:
    """Entity spans (offsets into ``text``) for one document; ``lang`` is lt/lv/ru/en/et or auto."""
    if not text or not text.strip():
        return []
    recognizers, nlp = _registry()
    artifacts = nlp.process_text(text, lang)
    from redactor.layout import Layout

    # reading structure: from word boxes when the text came from a TextMap, else from the text
    layout = artifacts.doc.shared["layout"] = getattr(text, "layout", None) or Layout.from_text(text)
    spans: list[Span] = []
    for rec in recognizers:
        for r in rec.analyze(text, ENTITIES, artifacts):
            if r.score >= MIN_SCORE and r.end > r.start:
                spans.append(Span(r.start, r.end, r.entity_type, float(r.score), rec.name))
    return _resolve([_unkeyed(text, s) for s in spans if not _org_code(text, s, layout)])


def _unkeyed(text: str, s: Span) -> Span:
    """``s`` without a ``key=`` it opened with (``KEY_PREFIX``), when a value follows."""
    m = KEY_PREFIX.match(text, s.start, s.end)
    if m is None or m.end() >= s.end or not text[m.end()].isalnum() and text[m.end()] not in "+(":
        return s
    return Span(m.end(), s.end, s.entity_type, s.score, s.detector)


def _org_code(text: str, s: Span, layout) -> bool:
    """``s`` is a number-shaped finding that is the value of a company-code field."""
    if s.entity_type not in ORG_CODE_LOOKALIKES or layout.kind_at(s.start, s.end) != "ORG_CODE":
        return False
    digits = sum(c.isdigit() for c in text[s.start : s.end])
    return 8 <= digits <= 12

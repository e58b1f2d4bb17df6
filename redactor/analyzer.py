"""Text analysis entry point used by the format handlers.

``analyze(text, lang)`` returns entity spans for one document's text. The format handlers call it
once per document with all pages joined by ``PAGE_SEPARATOR`` so that names found on one page are
propagated to the others.

TEMPORARY: Presidio's default pattern recognizers only; the detection issue replaces this module.
"""

from __future__ import annotations

from functools import lru_cache

from redactor.types import Span

PAGE_SEPARATOR = "\n\f\n"


@lru_cache(maxsize=1)
def _engine():
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class _NoNlp(NlpEngine):
        def load(self) -> None: ...
        def is_loaded(self) -> bool:
            return True
        def process_text(self, text, language):
            return NlpArtifacts([], [], [], [], None, language)
        def process_batch(self, texts, language, **kw):
            for t in texts:
                yield t, self.process_text(t, language)
        def is_stopword(self, word, language):
            return False
        def is_punct(self, word, language):
            return False
        def get_supported_entities(self):
            return []
        def get_supported_languages(self):
            return ["en"]

    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    registry.recognizers = [r for r in registry.recognizers if type(r).__name__ != "SpacyRecognizer"]
    return AnalyzerEngine(registry=registry, nlp_engine=_NoNlp(), supported_languages=["en"])


def analyze(text: str, lang: str = "auto") -> list[Span]:
    res = _engine().analyze(text=text, language="en",
                            entities=["EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS"])
    return [Span(r.start, r.end, r.entity_type, r.score, "presidio") for r in res]

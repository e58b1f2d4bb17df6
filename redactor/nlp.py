"""The analyzer's NLP engine: no spaCy model, just document facts and the detected language.

:class:`SargasNlpEngine` keeps the shape of a Presidio NLP engine (``process_text`` returns artifacts
with the language) without importing Presidio or spaCy. The artifacts carry a :class:`DocInfo`
(``artifacts.doc``) that every Sargas recognizer uses for context look-ups (same line, previous
lines, whole document) and the detected language. Nothing here fails on odd text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from redactor import langid

TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
LANGS = ["lt", "lv", "ru", "en", "et"]


@dataclass
class DocInfo:
    text: str
    lang: str
    lower: str = ""
    line_starts: list[int] = field(default_factory=list)
    shared: dict = field(default_factory=dict)  # recognizers exchange findings here (e.g. codes -> DOB)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_no(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def line_span(self, pos: int) -> tuple[int, int]:
        i = self.line_no(pos)
        start = self.line_starts[i]
        end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def cell_span(self, start: int, end: int) -> tuple[int, int]:
        """The tab-separated cell of its line that holds ``text[start:end]`` (the whole line when
        it has no tab there)."""
        ls, le = self.line_span(start)
        cs = self.text.rfind("\t", ls, start) + 1 or ls
        ce = self.text.find("\t", end, le)
        return cs, le if ce < 0 else ce

    def before(self, pos: int, chars: int = 60, lines: int = 0) -> str:
        """Lower-cased text before ``pos``: same line (max ``chars``) plus ``lines`` earlier lines."""
        i = max(0, self.line_no(pos) - lines)
        start = max(self.line_starts[i], pos - chars - 80 * lines)
        return self.lower[start:pos]

    def after(self, pos: int, chars: int = 40) -> str:
        end = self.line_span(pos)[1]
        return self.lower[pos : min(end, pos + chars)]

    def near(
        self, start: int, end: int, words: Iterable[str], chars: int = 60, lines: int = 1, after: int = 30
    ) -> bool:
        """A context word (at a word start) before the value, or shortly after it on the same line."""
        hay = self.before(start, chars, lines) + " " + (self.after(end, after) if after else "")
        # a log's or config's key names a value too: "personal_code=", "date_of_birth:" (snake case)
        hay = hay.replace("_", " ")
        words = tuple(words)
        if any(has_word(hay, w) or (" " in w and has_word(hay, w.replace(" ", ""))) for w in words):
            return True  # (a label of several words OCR read without its spaces: "NInumber")
        # OCR swaps accents ("sūnniaeg" for "sünniaeg", "Gimimo" with a lost dot) or loses them
        # all ("dzimsanas datums"): the words and the text once more without their diacritics
        flat = plain(hay)
        return any(has_word(flat, pw) for w in words if (pw := plain(w)) != w or flat != hay)

    def anywhere(self, words: Iterable[str]) -> bool:
        return any(has_word(self.lower, w) for w in words)


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """``text`` without diacritics, one character for one (so offsets stay): NFD, marks dropped."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def has_word(hay: str, word: str) -> bool:
    """``word`` occurs in ``hay`` starting at a word boundary ("tel" in "tel.", not in "kortelė")."""
    i = hay.find(word)
    while i != -1:
        if i == 0 or not hay[i - 1].isalnum():
            return True
        i = hay.find(word, i + 1)
    return False


@dataclass
class NlpArtifacts:
    """What the engine hands every recognizer: the language and the document facts."""

    language: str
    doc: DocInfo
    nlp_engine: SargasNlpEngine | None = None


class SargasNlpEngine:
    """Tokenizes with a regex and detects the language offline; no model to load."""

    def load(self) -> None:  # nothing to load
        return None

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        # an organisation's language is a set (langid.SETS): the document's language is detected in it
        among = langid.SETS.get(language)
        if among is not None:
            lang = langid.detect(text, default=language, among=among)
        else:
            lang = language if language in LANGS else langid.detect(text)
        # Sargas recognizers work on the raw text through DocInfo; tokens are not materialised
        # (that alone would cost more than all recognizers on long documents).
        return NlpArtifacts(language=lang, doc=DocInfo(text, lang), nlp_engine=self)

    def process_batch(
        self, texts: Iterable[str], language: str, **kwargs
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for t in texts:
            yield t, self.process_text(t, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in langid.STOPWORDS.get(language, frozenset())

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and not any(c.isalnum() for c in word)

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(LANGS)


@lru_cache(maxsize=1)
def context_words() -> dict[str, dict[str, list[str]]]:
    """Context words per entity and language from ``redactor/data/context.yaml``."""
    from importlib import resources

    import yaml

    with resources.files("redactor.data").joinpath("context.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def ctx(entity: str) -> list[str]:
    """All languages' context words for ``entity`` (documents mix languages), lower-cased."""
    return [w.lower() for words in context_words().get(entity, {}).values() for w in words]

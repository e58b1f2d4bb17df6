"""Chat mentions whose '@' OCR misreads, on a Chromium-rendered chat, redacted and read again.

At 14 px on a 3x screen Tesseract reads "@Paulīna" as "(Paulīna" and "@Kristīne" as "(Kristīne"
(the '@''s outer arc as a bracket); the name after it is a listed first name, so the mention is a
person (:func:`redactor.recognizers.person_echo.glyph_mentions`). The output pixels, read again,
must show none of the names, and the words around them must survive.
"""

from __future__ import annotations

import difflib
import io
import unicodedata

import pytest
import screens
from PIL import Image

from redactor import analyzer, redact
from redactor.ocr import ocr_regions, ocr_words


def _plain(text: str) -> str:
    """Lower case without accents: OCR may drop a macron ("Paulina")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def chat() -> tuple[str, str]:
    png = screens.shot_or_skip(screens.chat_html(14), scale=3.0, width=620)
    out = Image.open(io.BytesIO(redact(png).data))
    out.load()
    before = " ".join(w.text for w in ocr_regions(Image.open(io.BytesIO(png))))
    after = " ".join(w.text for w in ocr_regions(out)) + " " + \
        " ".join(w.text for w in ocr_words(out))
    return before, after


def test_mentions_are_gone_from_output_pixels_and_the_words_around_survive(chat: tuple[str, str]) -> None:
    before, after = chat
    for name in screens.CHAT_NAMES:
        assert _plain(name) in _plain(before), f"{name}: not readable in the input"
        assert _plain(name)[1:] not in _plain(after), f"{name}: still readable after redaction"
    words = after.lower().split()
    for label in screens.CHAT_LABELS:
        best = max(difflib.SequenceMatcher(None, label.lower(), w).ratio() for w in words)
        assert best >= 0.8, f"label {label!r} was lost"


@pytest.mark.parametrize(("text", "name"), [("(Paulīna No. 228512 lūdzu", "(Paulīna"),
                                            ("GInese, lūdzu pārbaudi", "GInese"),
                                            ("Glnese, lūdzu pārbaudi", "Glnese"),
                                            ("(GPaulīna vai varat", "(GPaulīna")])
def test_a_misread_at_before_a_listed_first_name_is_a_mention(text: str, name: str) -> None:
    spans = [(text[s.start:s.end], s.entity_type) for s in analyzer.analyze(text, "lv")]
    assert (name, "PERSON") in spans


@pytest.mark.parametrize("text", ["Olga lnese", "(Paulīna) ir atvaļinājumā", "OAuth token", "Global Group"])
def test_brackets_and_ordinary_capitals_are_no_mention(text: str) -> None:
    spans = analyzer.analyze(text, "lv")
    assert not [s for s in spans if s.entity_type == "PERSON" and text[s.start] in "(OG"]

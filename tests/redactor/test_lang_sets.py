"""An organisation's language is a set of languages (issue 20): a Russian screenshot sent to an
Lithuanian or Latvian organisation is read with the Russian OCR model and analysed as Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from redactor import ocr
from redactor.engine import redact
from redactor.nlp import SargasNlpEngine

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = ["Здравствуйте, меня зовут Кузнецова Ольга Петровна.",
         "Мой телефон +370 612 34567, почта olga.kuznecova@mail.ru",
         "Прошу перезвонить мне завтра."]


def _png(lines: list[str]) -> bytes:
    font = ImageFont.truetype(str(FONT), 22)
    img = Image.new("RGB", (900, 60 + 40 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((20, 30 + 40 * i), line, fill="black", font=font)
    import io
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_language_string_is_the_set() -> None:
    assert ocr.languages("lt") == "lit+rus+eng"
    assert ocr.languages("lv") == "lav+rus+eng"
    assert ocr.languages("ru") == "rus+eng"
    assert ocr.languages("auto") == "lit+lav+rus+eng"
    assert ocr.languages("en") == "lit+lav+rus+eng"


def test_document_language_is_detected_inside_the_set() -> None:
    nlp = SargasNlpEngine()
    assert nlp.process_text("\n".join(LINES), "lt").language == "ru"
    assert nlp.process_text("Laba diena, prašau atsiųsti sąskaitą.", "lt").language == "lt"
    assert nlp.process_text("Labdien, lūdzu atsūtiet rēķinu.", "lt").language == "lt"  # lv not in set


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_russian_screenshot_for_a_baltic_org_loses_no_russian_value(lang, monkeypatch) -> None:
    seen: list[str] = []
    real = ocr.run_tesseract

    def spy(image, langs, *a, **kw):
        seen.append(langs)
        return real(image, langs, *a, **kw)

    monkeypatch.setattr(ocr, "run_tesseract", spy)
    result = redact(_png(LINES), lang=lang)
    assert seen and set(seen) == {ocr.languages(lang)}
    counts = result.counts()
    assert counts.get("PERSON", 0) >= 1 and counts.get("PHONE_NUMBER", 0) >= 1, counts
    assert counts.get("EMAIL_ADDRESS", 0) >= 1, counts

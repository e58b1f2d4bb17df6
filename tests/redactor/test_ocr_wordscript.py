"""OCR words read in the wrong script (redactor/wordscript.py): Latin values the Russian model read
as Cyrillic look-alikes are re-written on Latin lines; Russian text stays Russian."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from redactor.engine import redact
from redactor.ocr import ocr_many
from redactor.words import Word
from redactor.wordscript import fix_scripts

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _line(*texts: str) -> list[Word]:
    return [Word(t, (10.0 * i, 0.0, 10.0 * i + 8, 10.0), (1, 1, 1), 90.0) for i, t in enumerate(texts)]


def test_machine_shaped_and_mixed_words_on_a_latin_line_become_latin() -> None:
    words = fix_scripts(_line("9", "David", "Dempsey", "ММ436988А", "105", "Baker", "Street", "LТ12"))
    assert [w.text for w in words][3] == "MM436988A"
    assert words[-1].text == "LT12"
    assert all(not ("\u0400" <= c <= "\u04ff") for w in words for c in w.text)
    assert fix_scripts(_line("Reply", "to", "тагк.5@ехатр!е.сот"))[2].text == "mark.5@examp!e.com"


def test_a_glued_key_and_russian_value_keep_the_value_russian() -> None:
    # a log line: the key may be Latin, the quoted Russian value is not re-written
    words = fix_scripts(_line("INFO", "update", "customer", 'name="Анна', 'Орлова"', "phone=8"))
    assert [w.text for w in words][3:5] == ['name="Анна', 'Орлова"']


def test_russian_words_stay_russian_even_on_a_latin_line() -> None:
    ru = ["Клиент", "Романова", "Анна,", "Москва,", "кв.", "20"]
    assert [w.text for w in fix_scripts(_line(*ru))] == ru
    # letters-only twins on a Latin line are left: a Russian name is made of twins too
    assert [w.text for w in fix_scripts(_line("Client:", "Романова", "Street"))][1] == "Романова"
    # a mixed word on a Cyrillic line becomes Cyrillic
    assert fix_scripts(_line("Город", "Москвa"))[1].text == "Москва"


def _scan(lines: list[str]) -> bytes:
    """A scanned one-page PDF: the lines typed (Helvetica 11 pt), rasterised at 150 dpi, grey JPEG."""
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    for i, t in enumerate(lines):
        page.insert_text((60, 80 + 40 * i), t, fontsize=11)
    jpg = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=85)
    src.close()
    out = pymupdf.open()
    out.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=jpg)
    data = out.tobytes()
    out.close()
    return data


def _page_text(pdf: bytes, lang: str) -> str:
    doc = pymupdf.open(stream=pdf)
    img = Image.open(io.BytesIO(doc[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY).tobytes("png")))
    doc.close()
    return " ".join(w.text for w in next(ocr_many([img], lang=lang, timeout=60)))


def test_an_id_number_the_russian_model_reads_as_cyrillic_is_found_and_gone() -> None:
    # rus+eng (a Russian organisation's set) reads this ID number as "ММ436988А" (Cyrillic М and А)
    value = "MM436988A"
    data = _scan([f"9 David Dempsey {value} 105 Baker Street", "Reply by Friday, thank you"])
    result = redact(data, lang="ru")
    assert "ID_DOCUMENT" in result.counts()
    text = _page_text(result.data, "ru")
    assert value not in text and "436988" not in text
    assert "Friday" in text  # the rest of the page is kept


@pytest.mark.skipif(not __import__("os").path.exists(FONT), reason="DejaVu font not installed")
def test_a_rendered_russian_text_stays_russian() -> None:
    img = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 28)
    draw.text((20, 20), "Клиент Романова Анна, Москва", font=font, fill=0)
    draw.text((20, 80), "Адрес: ул. Лесная, кв. 20", font=font, fill=0)
    words = [w.text for w in next(ocr_many([img], lang="auto", timeout=60))]
    assert "Романова" in words and "Москва" in words and "Лесная," in words

"""A camera photo is read by one page pass, plus a local-polarity pass over only what it left unread.

The photo is drawn at test time (no browser needed): a light paper under uneven light with sensor
noise, blur and JPEG, and optionally a dark side panel of pale text holding a personal code and an
e-mail address, which the plain page pass does not read. The second pass (every dark area inverted
on its own, :func:`redactor.pageprep.local_polarity`) must read those values from a canvas much
smaller than the page (it used to be a second full page pass), the redacted output must no longer
show them, and a photo the plain pass reads fully must cost one tesseract process.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from redactor_docs import font

from redactor import ocr, redact
from redactor.regions import as_rgb, flat_share

CODE = "38605120457"
MAIL = "rasa.kairiene@example.com"
BODY = ["Prasymas Nr. TCK-20931", "Klientas kreipesi del saskaitos", "Sutartis galioja iki metu pabaigos",
        "Atsakymas bus issiustas per dvi dienas"]


def _photo(panel: bool) -> Image.Image:
    w, h = 1200, 900
    img = Image.new("RGB", (w, h), (228, 226, 220))
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(BODY):
        draw.text((60, 80 + i * 60), text, fill=(40, 40, 44), font=font(24))
    if panel:  # a dark side panel, pale small text: the plain page pass reads none of it
        draw.rectangle((700, 60, 1160, 520), fill=(52, 60, 84))
        for i, text in enumerate(["Klientas", "Asmens kodas", CODE, "El. pastas", MAIL]):
            draw.text((730, 100 + i * 70), text, fill=(176, 182, 196), font=font(17))
    a = np.asarray(img).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    a *= (1.0 - 0.12 * np.hypot((xx - w / 2) / w, (yy - h / 2) / h))[..., None]  # vignette
    a += np.random.default_rng(3).normal(0, 5.0, a.shape)  # sensor noise
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=85)
    photo = Image.open(io.BytesIO(buf.getvalue()))
    photo.load()
    assert flat_share(as_rgb(photo)) < ocr.SCREEN_FLAT  # a photo, not a rendered screen
    return photo


def _text(words: list[ocr.Word]) -> str:
    return " ".join(w.text for w in words)


def test_dark_panel_is_read_by_a_small_second_pass(calls: list[tuple[int, tuple[int, int]]]) -> None:
    img = _photo(panel=True)
    assert CODE not in _text(ocr.ocr_words(img)) and MAIL not in _text(ocr.ocr_words(img))
    calls.clear()
    words = ocr.ocr_image(img)
    assert CODE in _text(words) and MAIL in _text(words)
    mail = next(w for w in words if w.text == MAIL)
    assert 720 <= mail.box[0] <= 750 and 370 <= mail.box[1] <= 400  # page coordinates
    assert [psm for psm, _ in calls] == [3, 11]
    (pw, ph), (cw, ch) = calls[0][1], calls[1][1]
    assert cw * ch < 0.15 * pw * ph  # a canvas of the unread ink, not the page again


def test_dark_panel_values_are_gone_from_the_redacted_photo() -> None:
    img = _photo(panel=True)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=95)
    out = Image.open(io.BytesIO(redact(buf.getvalue()).data))
    out.load()
    assert out.size == img.size
    after = _text(ocr.ocr_words(out)) + " " + _text(ocr.ocr_words(out, local=True))
    assert CODE not in after and "rasa" not in after and "38605" not in after
    assert "TCK-20931" in after and "saskaitos" in after  # the case number and the text stay


def test_photo_read_fully_by_the_plain_pass_costs_one_tesseract(
        calls: list[tuple[int, tuple[int, int]]]) -> None:
    words = ocr.ocr_image(_photo(panel=False))
    assert {"TCK-20931", "saskaitos", "issiustas"} <= set(_text(words).split())
    assert [psm for psm, _ in calls] == [3]

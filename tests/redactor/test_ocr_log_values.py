"""A log viewer's values in the shapes logs write them: key=value, JSON with quoted keys, a quoted
name and address, and keys in snake case; rendered in the machine's Chromium, dark, monospace,
tightly set and saved as JPEG (the ringing around light text closes the gaps between lines, so one
located box holds two or three of them: its words must still join the words of their own row,
see :func:`redactor.regions.word_row`). The output pixels are read again by both OCR passes: none
of the values may be readable, and the keys, levels and record numbers next to them must be.
"""

from __future__ import annotations

import io
import re

import screens
from PIL import Image
from stdnum import iban, luhn
from stdnum.lt import asmens

from redactor import redact
from redactor.ocr import ocr_regions, ocr_words
from redactor.regions import Line, word_row

BBAN = "7300010123456780"  # invented
IBAN = "LT" + iban.calc_check_digits("LT00" + BBAN) + BBAN
CODE = next(c for c in (f"4920304100{d}" for d in range(10)) if asmens.is_valid(c))  # invented
CARD = next(c for c in (f"453201511283036{d}" for d in range(10)) if luhn.is_valid(c))  # invented
IP = "172.31.75.246"
MAIL = "ruta.kazlauskiene@pastas.lt"
PHONE = "+370 612 34567"
NAME = "Rūta Kazlauskienė"
VALUES = [IBAN, CODE, CARD, IP, MAIL, PHONE, NAME]
KEEP = ["journalctl", "billing", "level", "order", "amount", "result", "status", "777704", "iban", "email",
        "phone"]


def _jpeg() -> bytes:
    card = " ".join(CARD[i:i + 4] for i in range(0, 16, 4))
    rows = [
        f'{{"level":"INFO","event":"login","email":"{MAIL}","ip":"{IP}","status":200}}',
        f"sepa export iban={IBAN} amount=12.50 order=SF-20411",
        f"kyc check personal_code={CODE} result=OK",
        f'update customer id=777704 name="{NAME}" phone={PHONE}',
        f"payment failed card={card} code=ERR_TIMEOUT_504",
        f'{{"level":"WARN","order":"SF-20412","iban":"{IBAN}","result":"retry"}}',
    ]
    html = screens.log_html([rows[i % len(rows)] for i in range(18)])
    return screens.jpeg_screenshot(html, width=1000, quality=70)


def _flat(text: str) -> str:
    return re.sub(r"[\s\"']", "", text).lower()


def test_values_of_a_dense_jpeg_log_are_gone_and_their_keys_stay() -> None:
    assert iban.is_valid(IBAN) and asmens.is_valid(CODE) and luhn.is_valid(CARD)
    out = Image.open(io.BytesIO(redact(_jpeg()).data))
    out.load()
    after = " ".join(w.text for w in ocr_regions(out)) + " " + " ".join(w.text for w in ocr_words(out))
    for v in VALUES:
        assert _flat(v) not in _flat(after), f"{v!r} still readable after redaction"
    for word in (CODE[:6], IBAN[4:12], CARD[:8], "kazlausk"):
        assert word.lower() not in _flat(after), f"part of a value {word!r} still readable"
    for word in KEEP:
        assert word in after.lower(), f"{word!r} was lost"


def test_a_word_read_in_a_box_of_stacked_lines_joins_its_own_row() -> None:
    # row 6: a line number and the end of the line; row 7: a box holding lines 6 to 8 (ringing)
    lines = [Line((29, 175, 51, 197), row=6), Line((786, 173, 1085, 203), row=6),
             Line((29, 201, 51, 222), row=7), Line((50, 173, 787, 251), row=7)]
    tall = lines[3]
    assert word_row(lines, tall, (60, 178, 177, 193)) == 6  # its first line: on row 6
    assert word_row(lines, tall, (60, 203, 177, 219)) == 7  # its middle line: row 7 itself
    # a word without ascenders (shorter than its line's box) still joins that row
    assert word_row(lines, tall, (250, 180, 300, 193)) == 6
    # a word of ordinary height in its own one-line box keeps that box's row
    assert word_row(lines, lines[1], (795, 178, 885, 196)) == 6
    # a speck's box beside a word (not holding it) does not pull the word to another row
    speck = [Line((1251, 88, 1271, 101), row=2), Line((43, 80, 1257, 130), row=3)]
    assert word_row(speck, speck[1], (909, 92, 952, 110)) == 3

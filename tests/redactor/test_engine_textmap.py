"""Spans map back to exactly the word boxes they touch."""

from __future__ import annotations

from redactor.analyzer import PAGE_SEPARATOR
from redactor.ocr import Word, fix_word
from redactor.textmap import TextMap
from redactor.types import Span


def _w(text: str, x: float, line: int, chars: bool = False) -> Word:
    box = (x, line * 20.0, x + 10 * len(text), line * 20.0 + 12)
    cb = [(x + 10 * i, box[1], x + 10 * (i + 1), box[3]) for i in range(len(text))] if chars else None
    return Word(text, box, (0, 0, line), 90.0, cb)


def _span(tm: TextMap, value: str) -> Span:
    k = tm.text.index(value)
    return Span(k, k + len(value), "X", 1.0, "test")


def test_text_layout_and_multiword_span() -> None:
    tm = TextMap([[_w("Call", 0, 0), _w("Jonas", 50, 0), _w("Petraitis", 110, 0), _w("now", 0, 1)],
                  [_w("Jonas", 0, 0)]])
    assert tm.text == "Call Jonas Petraitis\nnow" + PAGE_SEPARATOR + "Jonas"
    hits = tm.hits(_span(tm, "Jonas Petraitis"))
    # one bar from the first to the last word of the value on that line, the gap included
    assert [h.box for h in hits] == [(50, 0.0, 200, 12.0)] and {h.page for h in hits} == {0}
    last = tm.text.rindex("Jonas")
    (h,) = tm.hits(Span(last, last + 5, "X", 1.0, "t"))
    assert h.page == 1


def test_value_split_across_lines() -> None:
    tm = TextMap([[_w("IBAN", 0, 0), _w("LT60", 60, 0), _w("1010", 0, 1), _w("0123", 50, 1)]])
    hits = tm.hits(_span(tm, "LT60\n1010 0123"))
    assert [h.box for h in hits] == [(60, 0.0, 100, 12.0), (0, 20.0, 90, 32.0)]


def test_partial_token() -> None:
    # OCR word without character boxes: the whole word is blacked out, never less
    tm = TextMap([[_w("e-mail:jonas@x.lt", 0, 0)]])
    (h,) = tm.hits(_span(tm, "jonas@x.lt"))
    assert h.box == (0, 0, 170, 12)
    # text-layer word with character boxes: exactly the touched characters
    tm = TextMap([[_w("e-mail:jonas@x.lt", 0, 0, chars=True)]])
    (h,) = tm.hits(_span(tm, "jonas@x.lt"))
    assert h.box == (70, 0, 170, 12)


def test_ocr_fixups() -> None:
    assert fix_word("jonas.p(dexample.lt") == "jonas.p@example.lt"
    assert fix_word("jonasĢexample.lv") == "jonas@example.lv"
    assert fix_word("jonas@example.It.") == "jonas@example.lt."
    assert fix_word("LTO7") == "LT07"
    for keep in ("Ģirts", "INFO", "HD-2026-0042", "www.Google.com"):
        assert fix_word(keep) == keep


def test_name_missing_its_ocr_capital_is_covered_one_letter_further_left() -> None:
    tm = TextMap([[_w("клиента:", 0, 0), _w("ртём", 100, 0), _w("Ковальчук", 150, 0)]])
    k = tm.text.index("ртём")
    (h,) = tm.hits(Span(k, len(tm.text), "PERSON", 0.8, "t"))
    assert h.box[0] == 100 - 0.8 * 12 and h.box[2] == 240
    (h,) = tm.hits(Span(k, k + 4, "EMAIL_ADDRESS", 0.8, "t"))  # other kinds: the word box only
    assert h.box[0] == 100


def test_a_value_glued_to_its_key_is_covered_from_the_keys_equals_sign() -> None:
    # OCR read "iban=LT79…" as one word (no glyph boxes): the bar starts one character before the
    # value (at the '='), so the key stays readable; a prefix that is no key= keeps the whole word
    value = "LT797300010112394474"
    tm = TextMap([[_w("sepa", 0, 0), _w("iban=" + value, 50, 0), _w("x1" + value, 0, 1)]])
    (h,) = tm.hits(_span(tm, value))
    assert h.box == (50 + 10 * 4, 0.0, 50 + 10 * 25, 12.0)
    k = tm.text.rindex(value)
    (h,) = tm.hits(Span(k, k + len(value), "X", 1.0, "t"))
    assert h.box == (0, 20.0, 10 * 22, 32.0)
    # a span that opened with the key is the value alone (redactor.analyzer.KEY_PREFIX)
    from redactor.analyzer import analyze
    text = 'shipping label addr="Vilniaus g. 12-3, LT-01100 Vilnius"'
    assert {text[s.start:s.end] for s in analyze(text)} == {"Vilniaus g. 12-3, LT-01100 Vilnius"}

"""An unsure word on a line read well is covered when it has the shape of a value.

The dense dark log of test_ocr_dense_log with the other log test's header and line-number colours:
OCR split one of its 24 e-mail addresses at a misread '@' ('mindaugas' + '.vilkaseimone.lt', the
second word at confidence ~37 on a line read at ~90); neither the e-mail join nor the line-level
unreadable rule covered it, and the address stayed readable. Rendered in the machine's Chromium;
the output pixels are read again by both OCR passes: no value may be readable, the log's words
(keys included) must be. Unit cases pin what the word rule does not cover.
"""

from __future__ import annotations

import io
import re

import screens
from PIL import Image

from redactor import redact
from redactor.ocr import ocr_regions, ocr_words
from redactor.unread_words import flag_unsure_words
from redactor.words import Word, fix_word, join_split_mail

VALUES = [screens.CODE_A, screens.IBAN_A, screens.MAIL_B, screens.CODE_B, screens.MAIL_C]
KEEP = ["journalctl", "billing", "payment", "result", "value", "check"]


def _jpeg() -> bytes:
    rows = [f"INFO kyc check value={VALUES[i % len(VALUES)]} payment result=OK" for i in range(24)]
    html = screens.log_html(rows, background="#0d0d0d", ink="#d0d0d0", line=15, width=900)
    return screens.jpeg_screenshot(html, width=900, quality=72)


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


def test_dense_log_address_split_at_a_misread_at_is_covered() -> None:
    out = Image.open(io.BytesIO(redact(_jpeg()).data))
    out.load()
    after = " ".join(w.text for w in ocr_regions(out)) + " " + " ".join(w.text for w in ocr_words(out))
    for v in VALUES:
        assert _flat(v) not in _flat(after), "value still readable after redaction"
    for part in ("mindaugas", "vilkas", "imone"):  # no piece of the address either
        assert part not in after.lower(), "part of an address still readable"
    for word in KEEP:
        assert word in after.lower(), f"{word!r} was lost"


def _line(*items: tuple[str, float, float]) -> list[Word]:
    """Words of one line: (text, confidence, left x); 7 px a character, 14 px high."""
    return [Word(t, (x, 10, x + 7 * len(t), 24), (1, 0), c) for t, c, x in items]


def test_a_glued_key_keeps_its_word_and_the_value_part_is_covered() -> None:
    ws = flag_unsure_words(
        _line(("check", 93, 0), ("value=name", 90, 42), (".surnameehost.lt", 37, 114), ("payment", 93, 233))
    )
    assert [w.text for w in ws] == ["check", "value=", "name", ".surnameehost.lt", "payment"]
    assert [w.unreadable for w in ws] == [False, False, True, True, False]
    key, value = ws[1], ws[2]
    assert key.box[2] == value.box[0] and key.box[2] < 42 + 6 * 7  # the cut is inside the '='


def test_unsure_words_that_are_not_covered() -> None:
    # letters only: a badly read word, not a value (covering it would cover labels)
    ws = flag_unsure_words(_line(("Status", 92, 0), ("Kazlauskiene", 35, 56), ("active", 90, 150)))
    assert not any(w.unreadable for w in ws)
    # value-shaped, but the line is not read well: the located-line rule judges it, not this one
    ws = flag_unsure_words(_line(("Sask", 50, 0), ("LT12", 30, 40), ("7300", 45, 80)))
    assert not any(w.unreadable for w in ws)
    # an amount, a file name, a hex code: value-like, but no identifier and no address
    for text in ("22215,79", "klientai.2020.xlsx", "@x8007BDCO", "report.pdf"):
        ws = flag_unsure_words(_line(("total", 93, 0), (text, 30, 45), ("EUR", 92, 200)))
        assert not any(w.unreadable for w in ws), text
    # an identifier: covered; the neighbour across a blank as wide as a space is a word of its own
    ws = flag_unsure_words(_line(("code", 93, 0), ("-", 91, 38), ("49203041002", 33, 55), ("ok", 92, 140)))
    assert [w.text for w in ws if w.unreadable] == ["49203041002"]


def test_an_unsure_address_alone_or_after_its_key_is_covered() -> None:
    ws = flag_unsure_words(_line(("host", 95, 0), ("db1.imone.lt", 30, 40), ("ok", 90, 140)))
    assert [w.text for w in ws if w.unreadable] == ["db1.imone.lt"]
    ws = flag_unsure_words(_line(("user", 95, 0), ("email=a.b@c.lt,", 30, 40), ("ok", 90, 160)))
    assert [(w.text, w.unreadable) for w in ws][1:4] == [("email=", False), ("a.b@c.lt", True), (",", False)]


def test_an_unsure_part_glued_to_a_covered_address_is_covered_too() -> None:
    # own corpus seed 19 (a mail header in a JPEG): 'Name <surname.v@host.lt>' read as '<surname'
    # + 'v@host.lt>' at 25, the '.' between them lost: the address part was covered, the
    # surname before it stayed readable; the '<' and '>' stay words of their own
    ws = flag_unsure_words(
        _line(("Vytaute", 96, 0), ("<rinkeviciene", 25, 56), ("v@takas.lt>", 25, 151), ("ok", 92, 240))
    )
    assert [(w.text, w.unreadable) for w in ws] == [
        ("Vytaute", False),
        ("<", False),
        ("rinkeviciene", True),
        ("v@takas.lt", True),
        (">", False),
        ("ok", False),
    ]
    # across a blank wider than a letter, or a sure word, or a label: not part of the value
    for before in (("<rinkeviciene", 25, 40), ("Rinkeviciene", 93, 56), ("E-mail:", 25, 100)):
        ws = flag_unsure_words(_line(("Vytaute", 96, 0), before, ("v@takas.lt>", 25, 151), ("ok", 92, 240)))
        assert [w.text for w in ws if w.unreadable] == ["v@takas.lt"], before


def test_an_address_split_at_a_comma_or_a_dot_read_as_a_letter_is_joined() -> None:
    # '.' / '_' read as ',' closer than a third of the height: one address (the key stays in it,
    # the analyzer starts the span after 'email=')
    ws = join_split_mail(_line(("email=romute,", 76, 0), ("razmiene@one.lt", 72, 93)))
    assert [w.text for w in ws] == ["email=romute.razmiene@one.lt"]
    # a comma and a space before an address: two words
    ws = join_split_mail(_line(("sveiki,", 90, 0), ("jonas@imone.lt", 90, 56)))
    assert [w.text for w in ws] == ["sveiki,", "jonas@imone.lt"]
    # wide monospace: the domain's dot read as a letter in a cell of its own, dot-sized
    line = [
        Word("email=belikova.m@gmail", (866, 670, 1284, 702), (1, 0), 92),
        Word("a", (1295, 692, 1300, 697), (1, 0), 71),
        Word("com", (1310, 680, 1364, 697), (1, 0), 96),
    ]
    assert [w.text for w in join_split_mail(line)] == ["email=belikova.m@gmail.com"]
    # a letter of full height between them is a word ('name@host a com'): not joined
    line[1] = Word("a", (1295, 680, 1305, 697), (1, 0), 71)
    assert len(join_split_mail(line)) == 3


def test_an_address_split_after_its_misread_at_is_joined() -> None:
    # a dark signature at 1.25x (own corpus seed 19): 'name.n@gmail.com' read as 'name.nG' +
    # 'gmail.com', a blank after the '@' read as a capital; a word before a domain is no address
    ws = join_split_mail(_line(("apinis.nG", 0, 0), ("gmail.com", 0, 67)))
    assert [w.text for w in ws] == ["apinis.n@gmail.com"]
    for head in ("SIA", "Sveiki", "kodas"):
        assert len(join_split_mail(_line((head, 90, 0), ("gmail.com", 90, 7 * len(head) + 4)))) == 2
    # a top-level domain's 'l' read as '|'
    assert fix_word("rudzulis.t@inbox.|v") == "rudzulis.t@inbox.lv"
    assert fix_word("a|b") == "a|b"

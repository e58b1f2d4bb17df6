"""Lone first names and surnames that OCR read but the structure around them hid: a name cell with
rule glyphs or a neighbour's number run in, a card's label column, a chat mention whose '@' OCR
misread or preceded by a stray glyph, a Lithuanian 'ė' read as a look-alike vowel."""

from __future__ import annotations

from test_layout_structures import Doc, covered

from redactor.analyzer import analyze
from redactor.recognizers.name_lexicon import strong_surname


def _persons(text: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == "PERSON"}


def test_name_cells_with_rule_glyphs_and_a_run_in_code() -> None:
    d = Doc()
    xs = [40, 200, 380]
    d.row(["Vārds", "Uzvārds", "Personas kods"], 20, xs)
    d.row(["Sanita", "Ozolkalnule", "32223767126"], 46, xs)
    d.row(["Sapa", "Ābelāja —", "24059214211"], 72, xs)
    d.row(["Inta __", "Kundziņa _ [070188-11998"], 98, xs[:2])
    d.row(["—", "| _", "24059214211"], 124, xs)
    found = d.found()
    for v in ("Ābelāja", "Inta", "Kundziņa"):
        assert covered(found, v), v
    assert not any(f.strip() in ("—", "_", "|") for f in found)


def test_two_name_cells_run_together_do_not_make_a_full_name_column() -> None:
    d = Doc()
    xs = [40, 200, 380]
    d.row(["Vārds", "Uzvārds", "Personas kods"], 20, xs)
    d.row(["Elina _| Kauliņa", "32223767126"], 46, [40, 380])
    d.row(["Sapa", "Ābelāja", "24059214211"], 72, xs)
    found = d.found()
    for v in ("Elina", "Kauliņa", "Ābelāja"):
        assert covered(found, v), v


def test_label_column_of_a_card_pairs_a_label_with_its_value() -> None:
    d = Doc()
    d.row(["Tel.", "865587837", "Pašto kodas", "LT-01103"], 20, [14, 115, 586, 681])
    d.row(["Vardas", "Greta", "Asmens dokumentas 24186908"], 46, [14, 111, 585])
    d.row(["Pastabos", "Nr. 2026-147-0381"], 72, [14, 110])
    found = d.found()
    assert covered(found, "Greta")
    assert not covered(found, "Pastabos")


def test_mention_after_a_stray_glyph() -> None:
    text = "Žaneta Čižauskienė . 14:08\nf@Žaneta ORD-5766216 a\n"
    assert "Žaneta" in _persons(text.split("\n", 1)[1])
    assert not _persons("rašykite f@Zaneta.lt\n")


def test_mention_whose_at_sign_was_read_as_a_letter() -> None:
    text = "Alesja Pukk - 09:33\nE-post svet.a@hot.ee\nGAlesja No. 666113\n"
    assert "GAlesja" in _persons(text)
    assert "GAlesja" not in _persons("GAlesja No. 666113\n")  # nobody of that name elsewhere


def test_lithuanian_surname_ending_with_a_misread_e() -> None:
    assert "Sondra Šimonytē" in _persons("HTTP 503 Sondra Šimonytē\n")
    assert strong_surname("Ambrasaité") and not strong_surname("Communauté")


def test_surname_whose_first_letter_ocr_lost_after_the_first_name() -> None:
    text = "Graham ackson\nE-mail jackson.g@btinternet.com\nSurname: Jackson\n"
    assert "Graham ackson" in _persons(text)
    assert "Graham ackson" not in _persons("Graham ackson\n")  # no 'Jackson' elsewhere


def test_first_name_split_in_two_before_a_found_surname() -> None:
    text = "+83848\tSin rida Rakauskaitė\t2026-04-08\tAtvira\n"
    assert "Sin rida Rakauskaitė" in _persons(text)


def test_name_before_a_contact_value_that_ends_its_line() -> None:
    assert "Dewi Feeney" in _persons("Dewi Feeney — dewi.f@gmail.com\n")
    assert "Dewi Feeney" in _persons("OK\nDewi Feeney > +44 7700 900123\n")
    assert not _persons("Customer Service: 0800 123 4567\n")
    text = "Dewi Feeney > +44 7700 900123 called twice\n"  # the value does not end the line
    assert not any(s.detector == "PersonContactRecognizer" for s in analyze(text))


def test_name_word_with_digits_for_letters_found_elsewhere() -> None:
    text = "Jelena R66m\nJelena Room 05.05.2026\tIsikukood\n"
    assert "Jelena R66m" in _persons(text)
    assert not any("R66m" in p for p in _persons("Jelena Koppel\nR66m 12\n"))


def test_greeted_lone_name_with_a_full_stop_ending_its_cell() -> None:
    assert "Pija" in _persons("Tere, Pija.\t44307 Rakvere\n")
    assert "Pija" not in _persons("Tere, Pija. Kas saate aidata?\n")

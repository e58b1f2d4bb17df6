"""More structure-typed detection (issue 12): key-value card rows, header cells run together, roomy
grids, text-layer table cells, a street cell with its postcode / city cell below, names by column and
by log key, @mentions, ID documents by label, compact national mobiles, OCR-damaged IBAN bank codes;
and the hard negatives next to them (labels, series codes, company numbers, damaged dates).

Documents are positioned word boxes (what OCR or a PDF text layer yields) run through TextMap and
the analyzer, as the engine does.
"""

from __future__ import annotations

from redactor.analyzer import analyze
from redactor.ocr import Word
from redactor.textmap import TextMap

CW, LH = 7.0, 16.0


class Doc:
    """Word boxes: cells at given x positions; ``exact`` words carry glyph boxes (a PDF text layer)."""

    def __init__(self, exact: bool = False) -> None:
        self.words: list[Word] = []
        self.exact = exact
        self.block = 0

    def cell(self, text: str, x: float, y: float, line: tuple, space: float = CW) -> float:
        for tok in text.split():
            box = (x, y, x + len(tok) * CW, y + LH)
            chars = [(x + i * CW, y, x + (i + 1) * CW, y + LH) for i in range(len(tok))]
            chars = chars if self.exact else None
            self.words.append(Word(tok, box, line, 95.0, chars))
            x += len(tok) * CW + space
        return x

    def row(self, cells: list[str], y: float, xs: list[float]) -> None:
        self.block += 1
        for k, text in enumerate(cells):
            self.cell(text, xs[k], y, (self.block, 0))

    def spans(self) -> list[tuple[str, str]]:
        tm = TextMap([self.words])
        return [(tm.text[s.start : s.end], s.entity_type) for s in analyze(tm.text)]

    def found(self) -> set[str]:
        return {t for t, _ in self.spans()}


def covered(found: set[str], value: str) -> bool:
    return any(value in f for f in found)


def test_key_value_card_rows_pair_each_label_with_its_value() -> None:
    # a customer card: label | value | label | value, OCR lost diacritics of some labels
    d = Doc()
    xs = [20, 140, 330, 460, 600, 700]
    d.row(["Vardas", "Orestas", "Asmens kodas", "—", "Tel.", "8 660 86592"], 20, xs)
    d.row(["Saskaita", "—", "Pašto kodas", "LT-28241", "Statusas", "Aktyvus"], 50, xs)
    d.row(["Miestas", "Utena", "Pavardē", "Urbonas", "Gatvē", "Jonavos g. 120-5"], 80, xs)
    d.row(["Pastabos", "Skambinti vakare"], 110, xs[:2])
    found = d.found()
    for value in ("Orestas", "Utena", "Urbonas", "Jonavos g. 120-5", "LT-28241", "8 660 86592"):
        assert covered(found, value), value
    # labels and the note are not values of the label above them
    for keep in ("Miestas", "Pastabos", "Saskaita", "Gatvē", "Skambinti vakare", "Aktyvus"):
        assert not covered(found, keep), keep


def test_header_cells_run_together_and_a_row_number_are_split() -> None:
    d = Doc()
    d.row(["1 Eesnimi Perekonnanimi", "Pašto kodas Miestas Tel."], 20, [20, 300])
    d.row(["2", "Alesja", "Toomsoo", "51004", "Tartu", "5010 5713"], 46, [20, 40, 130, 300, 390, 470])
    d.row(["3", "Helar", "Vilbiks", "20308", "Narva", "5470 4548"], 72, [20, 40, 130, 300, 390, 470])
    found = d.found()
    for value in ("Alesja", "Toomsoo", "Helar", "Vilbiks", "51004", "Tartu", "20308", "Narva", "5010 5713"):
        assert covered(found, value), value


def test_roomy_grid_header_row_heads_lone_given_names_and_surnames() -> None:
    # hidpi grid: 40 px between the header and the first row, ~50 px row pitch, an OCR-damaged
    # header cell with a digit ("1ВАМ") in the header row
    d = Doc()
    xs = [14, 146, 350, 566, 830]
    d.row(["Имя", "Фамилия", "CHMI1C", "Телефон", "1ВАМ"], 74, xs)
    d.row(["Елена", "Рахматуллина", "491-624-370 99", "8 (934) 502-26-15", "—"], 130, xs)
    d.row(["Панфил", "Некрасов", "302-836-018 37", "8960 613 18 93", "—"], 180, xs)
    found = d.found()
    for value in ("Елена", "Рахматуллина", "Панфил", "Некрасов"):
        assert covered(found, value), value
    assert not covered(found, "CHMI1C")


def test_text_layer_table_cells_with_narrow_padding() -> None:
    # a browser-printed grid: word gaps 0.3 line heights, column gaps 0.9 (under the OCR threshold)
    d = Doc(exact=True)
    y = 20.0
    for cells in (["Pavardė", "Miestas", "Tel."], ["Gailienė", "Utena", "864727558"],
                  ["Kozlovas", "Kaunas", "863149665"]):
        d.block += 1
        x = 20.0
        for text in cells:
            x = d.cell(text, x, y, (d.block, 0), space=0.3 * LH) - 0.3 * LH + 0.9 * LH
        y += 26
    found = d.found()
    for value in ("Gailienė", "Kozlovas", "Utena", "Kaunas", "864727558", "863149665"):
        assert covered(found, value), value


def test_justified_prose_in_a_text_layer_is_not_cut_into_cells() -> None:
    d = Doc(exact=True)
    d.cell("Miestas Vilnius yra sostinė ir didžiausias miestas", 20, 20, (1, 0), space=0.8 * LH)
    tm = TextMap([d.words])
    assert "\t" not in tm.text


def test_street_cell_with_its_postcode_city_cell_below() -> None:
    d = Doc()
    d.row(["SELLER", "CUSTOMER"], 20, [20, 300])
    d.row(["Tilto Ltd", "Emma Mcclure"], 46, [20, 300])
    d.row(["Company no. 00529622", "61 Station Road"], 72, [20, 300])
    d.row(["SF518936", "Manchester M1 4BT"], 98, [20, 300])
    found = d.found()
    assert covered(found, "61 Station Road") and covered(found, "Manchester M1 4BT")
    assert not covered(found, "00529622") and not covered(found, "SF518936")


def test_names_by_column_and_by_log_key() -> None:
    d = Doc()
    xs = [20, 120, 320]
    d.row(["INC0087600", "Irene Buckland", "Open"], 20, xs)
    d.row(["INC0061993", "Michael Whitehead", "Open"], 46, xs)
    d.row(["#65664", "Wez Newton", "Open"], 72, xs)
    d.row(["#65665", "Sales Team", "Closed"], 98, xs)
    found = d.found()
    assert covered(found, "Wez Newton")
    assert not covered(found, "Sales Team")
    text = 'INFO update customer id=401788 name="Irene Hughes" phone=+353 81 073 5002'
    assert ("Irene Hughes", "PERSON") in [(text[s.start : s.end], s.entity_type) for s in analyze(text)]
    text = 'INFO order item name="Toner Cartridge" qty=2'
    assert not [s for s in analyze(text) if s.entity_type == "PERSON"]


def test_at_mention_names_a_person_but_not_a_team() -> None:
    for text, name in (("@Kristina ORD-12345", "Kristina"), ("@Zigrīda paskaties, lūdzu", "Zigrīda"),
                       ("@Ефросинья посмотри заказ", "Ефросинья")):
        assert name in {text[s.start : s.end] for s in analyze(text)}, text
    for text in ("@Support please check ORD-12345", "@channel deploy done", "mail me at ann@Example.com"):
        assert not [s for s in analyze(text) if s.entity_type == "PERSON"], text


def test_id_documents_by_label_and_uk_ni_numbers() -> None:
    for text, value in (("Dokument\tK1234567", "K1234567"), ("Pase: LV1234567", "LV1234567"),
                        ("NI number\tAB 12 34 56 C", "AB 12 34 56 C"), ("ref. JK123456A", "JK123456A"),
                        ("Asmens dokumentas\t12345678", "12345678")):
        assert value in {text[s.start : s.end] for s in analyze(text)}, text
    # NINO-shaped but never issued (Q first, prefix GB), a company number under its label
    for text in ("ref QQ123456C", "code GB 12 34 56 A", "COMPANY NO.\n00112194"):
        assert not analyze(text), text


def test_compact_national_mobiles_and_their_look_alikes() -> None:
    for text, value in (("mano numeris 864501551", "864501551"), ("звоните 89161234567", "89161234567"),
                        ("Gailienė Laurita 864727558", "864727558"), ("Kind regards\n+353 81 763 6203",
                                                                       "+353 81 763 6203")):
        assert value in {text[s.start : s.end] for s in analyze(text)}, text
    for text in ("Sąskaita Nr. 864501551", "Užsakymas #864501551", "19 2026-05-64 12:20:03 INFO",
                 "Suma 20 069,00 €\tTelefon"):
        assert not [s for s in analyze(text) if s.entity_type == "PHONE_NUMBER"], text


def test_iban_with_an_ocr_digit_in_its_letter_bank_code() -> None:
    text = "iban=LV38RIK05864833706814"  # RIKO read as RIK0: the checksum of the letter form holds
    assert [(s.start, s.end) for s in analyze(text) if s.entity_type == "IBAN_CODE"] == [(5, len(text))]
    assert not [s for s in analyze("iban=LV38RIK05864833706815") if s.entity_type == "IBAN_CODE"]


def test_addresses_stop_at_other_fields() -> None:
    cases = {
        "пр. Московский, д. 17, Санкт-Петербург, 190000, 48701046826": "48701046826",
        "Žirmūnų g. 153A, LT-76295 Šiauliai, Nr. 2026-368-0886": "Nr",
        "Vabaduse tn 47, 20308 Narva\t19578,53 €": "19578",
    }
    for text, keep in cases.items():
        spans = [text[s.start : s.end] for s in analyze(text) if s.entity_type == "ADDRESS"]
        assert spans and not any(keep in s for s in spans), (text, spans)
    text = 'addr="Ha6. Ленина, д. 74, корп. 3, Москва, 101000"'  # street word damaged by OCR
    assert any("Ленина, д. 74" in text[s.start : s.end] for s in analyze(text))
    text = "SF 612 01818\tKrastniece"  # a series code and a surname, not "street 612, 01818 city"
    assert not [s for s in analyze(text) if s.entity_type == "ADDRESS"]


def test_lower_case_mentions_series_codes_and_lower_case_company_forms() -> None:
    for text, name in (("@kristjan vaata palun", "kristjan"), ("@lgnas gal pažiūrėsi?", "lgnas")):
        assert name in {text[s.start : s.end] for s in analyze(text)}, text
    for text in ("@here deploy done", "Pārdevējs SF 939603", "Saulės Technika plc", "+ 49957060098"):
        assert not analyze(text), text
    text = "Ganību iela 172 — - 63, Ogre, LV-5001"  # an OCR double dash inside the house number
    assert [text[s.start : s.end] for s in analyze(text)] == [text]


def test_a_label_in_small_capitals_read_with_a_wrong_letter_is_still_a_label() -> None:
    """A downscaled card's labels in capitals come back from OCR with a letter or two wrong; a
    name in capitals one letter from a label ('VAIDAS', 'vardas') and a mixed-case word stay
    no label."""
    from redactor.layout import label_kind

    assert label_kind("TULĒFON") == "PHONE"
    assert label_kind("POSTINOEKS") == "POSTCODE"
    assert label_kind("PEGISTRINOOD") == "ORG_CODE"
    assert label_kind("PERDKOKNANIMI") == "SURNAME"
    for word in ("VAIDAS", "VALDAS", "Tulefon", "KLAIPĖDA", "PETRAUSKAS"):
        assert label_kind(word) is None, word

"""Screens whose structure OCR blurred: cells a narrow column gap ran together, cut again where the
header row says a column starts (issue 11, rendered screenshots of the generated corpus).

Each case failed before the change it tests. Names and numbers are made up here.
"""

from __future__ import annotations

from redactor.analyzer import analyze
from redactor.ocr import Word
from redactor.textmap import TextMap


def _ocr_row(cells: list[tuple[str, float]], line: int, h: float = 9.0) -> list[Word]:
    """Words of one OCR line (no glyph geometry), 5 pt a glyph, word spaces of 3.5 pt."""
    out = []
    for text, x in cells:
        for tok in text.split(" "):
            y = line * 15.0
            out.append(Word(tok, (x, y, x + 5 * len(tok), y + h), (0, 0, line), 90.0))
            x += 5 * len(tok) + 3.5
    return out


def test_header_column_start_cuts_a_city_from_the_phone_beside_it() -> None:
    # a downscaled grid: 8 pt between the city and the phone column, under 1.2 line heights, and
    # only one other row shows where the phone column starts
    city_x, tel_x = 200.0, 200.0 + 5 * 11 + 8
    rows = [[("Vardas", 0), ("Miestas", city_x), ("Tel.", tel_x)],
            [("Rūta", 0), ("Alytus", city_x), ("+37061234567", tel_x + 20)],
            [("Jonas", 0), ("Marijampolė", city_x), ("8 (612) 34567", tel_x)],
            [("Ona", 0), ("Kaunas", city_x), ("8 (655) 11223", tel_x + 16)]]
    words = [w for i, cells in enumerate(rows) for w in _ocr_row(cells, i)]
    tm = TextMap([words])
    assert "Marijampolė 8 (612) 34567" in tm.text  # the gap alone is no cell boundary
    found = {tm.text[s.start : s.end]: s.entity_type for s in analyze(tm.text, "lt")}
    assert found.get("Marijampolė") == "ADDRESS", found


def test_prose_under_a_header_row_is_not_cut_at_a_word_space() -> None:
    rows = [[("Vardas", 0), ("Miestas", 60.0), ("Tel.", 110.0)],
            [("Sveiki, prašau atnaujinti mano duomenis sistemoje", 0)]]
    words = [w for i, cells in enumerate(rows) for w in _ocr_row(cells, i)]
    tm = TextMap([words])
    cells = [tm.text[c.start : c.end] for c in tm.layout.cells if c.y0 > 10]
    assert cells == ["Sveiki, prašau atnaujinti mano duomenis sistemoje"], cells


def test_postcode_and_city_in_the_cell_above_a_street_of_a_two_column_block() -> None:
    # an invoice's buyer block beside the seller's: city first, the street in the cell below it
    text = ("Arve R-100-200\nMÜÜJA\tOSTJA\nMetsatööd OÜ\tKaarel Lepik\n"
            "Registrikood 10234567\t51004 Tartu\nNo. 112233\tRaekoja mnt 14-3\nTelefon 5123 4567")
    found = {text[s.start : s.end]: s.entity_type for s in analyze(text, "et")}
    assert found.get("Raekoja mnt 14-3") == "ADDRESS", found
    assert found.get("51004 Tartu") == "ADDRESS", found
    assert "10234567" not in found and "Registrikood 10234567" not in found


def test_house_parts_ocr_read_with_look_alike_letters_or_a_dollar() -> None:
    # "кв." read with the Latin model as "KB.", "корп." with и for п, a flat's 5 read as '$'
    text = ("Заказ 1182\t12 300,00 Р\nПётр Смирнов\t620000, г. Екатеринбург, ул. Садовая, д. 7А, KB. 41\n"
            "Анна Орлова\tнаб. Речная, д. 3, кори. 4, Казань, 420000\n"
            "Užsakymas 1183\t310,00 €\nRūta Kairė\tVilniaus g. 8 - $7, LT-44280 Kaunas")
    found = {text[s.start : s.end]: s.entity_type for s in analyze(text, "auto")}
    for value in ("620000, г. Екатеринбург, ул. Садовая, д. 7А, KB. 41",
                  "наб. Речная, д. 3, кори. 4, Казань, 420000", "Vilniaus g. 8 - $7, LT-44280 Kaunas"):
        assert found.get(value) == "ADDRESS", (value, found)


def test_a_series_coded_number_in_its_own_cell_is_no_phone() -> None:
    # a card: a series-coded number in its own cell under a phone label of the row above
    card = "Gatvė\tPievų g. 4\tTel.\nPastabos\tSF 614 22719\tEl. paštas\tona.k@gmail.com"
    found = {card[s.start : s.end]: s.entity_type for s in analyze(card, "lt")}
    assert not any("614 22719" in v for v in found), found


def test_a_postcode_is_never_the_head_of_a_longer_number() -> None:
    # a chat line: an address, then a company code (no postcode is the head of a longer number)
    chat = "Aino Kask + 11:21\nTartu, Riia mnt 14-2 51004, 10234567890\nAino Kask * 14:35"
    found = {chat[s.start : s.end]: s.entity_type for s in analyze(chat, "et")}
    assert not any("1023456" in v for v in found), found
    assert any(v.startswith("Tartu, Riia mnt 14-2") for v in found), found


def test_a_company_whose_ooo_ocr_read_as_zeros_is_no_address() -> None:
    # a side panel beside a mail thread: the address label's column runs on into the company
    # (its label "Компания" is no field label), whose ООО OCR read as zeros
    rows = [[("С уважением,", 0), ("Адрес", 400)], [("ул. Лесная, д. 16, кв. 9", 400)],
            [("Здравствуйте.", 0), ("190000 Санкт-Петербург", 400)], [("Компания", 400)],
            [("С уважением,", 0)], [("000 «Вектор»", 400)], [("Статус", 400)]]
    words = [w for i, cells in enumerate(rows) for w in _ocr_row(cells, i)]
    tm = TextMap([words])
    found = {tm.text[s.start : s.end]: s.entity_type for s in analyze(tm.text, "ru")}
    assert found.get("ул. Лесная, д. 16, кв. 9") == "ADDRESS", found
    assert not any("Вектор" in v for v in found), found

"""Structure-typed detection: values found because of where they stand (column header, field label,
formula bar), addresses split over cells and lines, national phone forms and compact LV codes.

Documents are positioned word boxes (what OCR or a PDF text layer yields) run through TextMap and
the analyzer; one test renders a real image and runs the whole redactor on it.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw
from redactor_docs import font

from redactor import redact
from redactor.analyzer import analyze
from redactor.layout import Layout
from redactor.ocr import Word
from redactor.textmap import TextMap

CW, LH = 7.0, 16.0


class Doc:
    """Word boxes laid out like a screenshot: cells at given x positions, rows 26 px apart."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.block = 0

    def cell(self, text: str, x: float, y: float, line: tuple) -> None:
        for tok in text.split():
            self.words.append(Word(tok, (x, y, x + len(tok) * CW, y + LH), line, 95.0))
            x += (len(tok) + 1) * CW

    def row(self, cells: list[str], y: float, xs: list[float], by_column: bool = False) -> None:
        """One table row; ``by_column`` gives every cell its own OCR line (Tesseract reading a
        table column by column)."""
        self.block += 1
        for k, text in enumerate(cells):
            self.cell(text, xs[k], y, (self.block, k) if by_column else (self.block, 0))

    def found(self) -> set[str]:
        tm = TextMap([self.words])
        return {tm.text[s.start : s.end] for s in analyze(tm.text)}


def covered(found: set[str], value: str) -> bool:
    return any(value in f for f in found)


@pytest.mark.parametrize("by_column", [False, True])
def test_separate_name_columns(by_column: bool) -> None:
    d = Doc()
    xs = [40, 200, 380]
    d.row(["Vardas", "Pavardė", "Statusas"], 20, xs, by_column)
    d.row(["Aušrinė", "Kvedaravičiūtė", "Aktyvus"], 46, xs, by_column)
    d.row(["Gintautas", "Zenkevičius", "Laukia"], 72, xs, by_column)
    found = d.found()
    for v in ("Aušrinė", "Kvedaravičiūtė", "Gintautas", "Zenkevičius"):
        assert covered(found, v), v
    assert not covered(found, "Aktyvus") and not covered(found, "Statusas")


def test_lone_first_name_cell_under_a_header_in_other_languages() -> None:
    for first, last, heads in [("Krišjānis", "Zvirbulis", ["Vārds", "Uzvārds"]),
                               ("Эльвира", "Закирова", ["Имя", "Фамилия"]),
                               ("Kertu", "Saarepuu", ["Eesnimi", "Perekonnanimi"])]:
        d = Doc()
        d.row(heads, 20, [40, 260])
        d.row([first, last], 46, [40, 260])
        found = d.found()
        assert covered(found, first) and covered(found, last), heads


def test_form_label_above_value_and_key_value_card() -> None:
    d = Doc()
    d.cell("Vardas", 40, 20, (1, 0))
    d.cell("Ugnė", 40, 44, (2, 0))
    d.cell("Miestas:", 40, 90, (3, 0))
    d.cell("Kėdainiai", 240, 90, (4, 0))
    d.cell("Namo nr.", 40, 116, (5, 0))
    d.cell("14A", 240, 116, (6, 0))
    d.cell("Pašto kodas", 40, 142, (7, 0))
    d.cell("57123", 240, 142, (8, 0))
    found = d.found()
    for v in ("Ugnė", "Kėdainiai", "14A", "57123"):
        assert covered(found, v), v


def test_formula_bar_value_takes_the_type_of_its_grid_cell() -> None:
    d = Doc()
    d.row(["C3", "fx", "Saarepuu"], 10, [10, 60, 100])
    d.row(["A", "B", "C"], 50, [40, 200, 380])
    d.row(["Nr.", "Eesnimi", "Perekonnanimi"], 76, [40, 200, 380])
    d.row(["1", "Kertu", "Saarepuu"], 102, [40, 200, 380])
    tm = TextMap([d.words])
    lay = tm.layout
    formula = [f for f in lay.fields if f.how == "formula"]
    assert formula and formula[0].kind == "SURNAME"
    spans = analyze(tm.text)
    start = tm.text.index("Saarepuu")  # the first occurrence is the formula bar's
    assert any(s.start <= start and start + 8 <= s.end for s in spans)


def test_split_address_cells_and_lines() -> None:
    d = Doc()
    d.row(["Paupio g. 81 k-2", "LT-21366 Telšiai"], 20, [40, 320])  # two cells of one row
    d.cell("Avotu iela 17-4", 40, 80, (5, 0))  # street line, postcode + city on the next line
    d.cell("LV-1009 Rīga", 40, 104, (6, 0))
    d.cell("Mustamäe 117-18", 40, 160, (7, 0))  # Estonian street without a type word
    d.cell("14502 Viljandi", 40, 184, (8, 0))
    d.cell("Galway, 21 Mill Road, H91 A9Y4", 40, 240, (9, 0))  # city first, Eircode
    found = d.found()
    for v in ("Paupio g. 81 k-2", "LT-21366 Telšiai", "Avotu iela 17-4", "LV-1009 Rīga", "Mustamäe 117-18",
              "14502 Viljandi", "Galway, 21 Mill Road, H91 A9Y4"):
        assert covered(found, v), v


@pytest.mark.parametrize(
    "number",
    ["8 612 34567", "861234567", "(8-612) 34567", "0 612 34567", "(8 5) 212 3456", "2612 3456", "26123456",
     "6 712 3456", "5123 4567", "5123456", "8 (912) 345-67-89", "89123456789", "(495) 123-45-67",
     "912 345 67 89"],
)
def test_national_phone_formats_in_a_phone_column(number: str) -> None:
    d = Doc()
    d.row(["Klientas", "Tel.", "Suma"], 20, [40, 260, 480])
    d.row(["Rūta Kairienė", number, "120.00"], 46, [40, 260, 480])
    found = d.found()
    assert covered(found, number)
    assert not covered(found, "120.00")


def test_phone_on_the_line_after_a_currency_code_and_series_codes_kept() -> None:
    text = "Summa 3 740,56 EUR\n2612 5491\nPastabos: SF 612 32734"
    found = {text[s.start : s.end] for s in analyze(text)}
    assert "2612 5491" in found and not any("32734" in f for f in found)


@pytest.mark.parametrize("number", ["8 612 34567", "+370 612 34567", "8 (912) 345-67-89", "2612 3456"])
def test_national_phone_formats_in_prose(number: str) -> None:
    text = f"Labas, paskambinkite man {number} po pietų."
    assert any(number in text[s.start : s.end] for s in analyze(text))


def _lv_new(body: str) -> str:
    from stdnum.lv import pvn

    return body + pvn.calc_check_digit_pers(body)


def test_compact_lv_codes_validated_by_checksum_and_look_alikes_kept() -> None:
    good = _lv_new("3212345678")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    text = f"Klienta kods {good} pievienots.\nAtsauce {bad} nav derīga.\nSIA reģ. Nr. 40003521600"
    spans = {text[s.start : s.end]: s.entity_type for s in analyze(text)}
    assert spans.get(good) == "LV_PERSONAL_CODE"
    assert not any(bad in v or "40003521600" in v for v in spans)
    d = Doc()
    d.row(["Vārds", "Personas kods"], 20, [40, 260])
    d.row(["Ilze", good], 46, [40, 260])
    assert covered(d.found(), good)


def test_hard_negatives_stay() -> None:
    d = Doc()
    xs = [40, 120, 360, 460]
    d.row(["Nr.", "Name", "Qty", "Sum"], 20, xs)
    d.row(["1", "Toner Cartridge", "2", "45.90"], 46, xs)
    d.row(["2", "Office Chair", "1", "129.00"], 72, xs)
    d.cell("Įmonės kodas 304567891", 40, 130, (9, 0))
    d.cell("Sąskaitos Nr. 2025-00123", 40, 156, (10, 0))
    d.cell("Order #58213476", 40, 182, (11, 0))
    assert d.found() == set()


def test_ocr_damaged_postcode_under_a_postcode_header() -> None:
    d = Doc()
    d.row(["Firstname", "Postcode", "Town"], 20, [40, 200, 380])
    d.row(["Roderick", "LS1 SAB", "Leeds"], 46, [40, 200, 380])
    found = d.found()
    assert all(covered(found, v) for v in ("Roderick", "LS1 SAB", "Leeds"))


def test_text_layout_without_boxes_ends_a_column_at_a_blank_line() -> None:
    lay = Layout.from_text("Vardas | Pavardė\nOna | Kairė\n\nAtaskaita | 2026")
    values = [lay.text[f.start : f.end] for f in lay.fields]
    assert values == ["Ona", "Kairė"]


def test_rendered_table_image_lone_names_blacked_out() -> None:
    """A real raster through OCR and the whole redactor: header row, separate name columns."""
    img = Image.new("RGB", (820, 200), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    f = font(18)
    xs = [20, 260, 540]
    rows = [["Vardas", "Pavardė", "Sąskaita Nr."], ["Aušrinė", "Kvedaravičiūtė", "HD-2026-0042"],
            ["Giedrius", "Šalkauskas", "HD-2026-0043"]]
    boxes = {}
    for r, cells in enumerate(rows):
        y = 20 + r * 50
        for x, text in zip(xs, cells, strict=True):
            draw.text((x, y), text, fill=(20, 20, 20), font=f)
            bb = f.getbbox(text)
            boxes[text] = (x + bb[0], y + bb[1], x + bb[2] + 1, y + bb[3])
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    res = redact(buf.getvalue())
    out = np.asarray(Image.open(io.BytesIO(res.data)).convert("L"))

    def dark(text: str) -> float:
        x0, y0, x1, y1 = boxes[text]
        return float((out[y0:y1, x0:x1] < 30).mean())

    for name in ("Aušrinė", "Kvedaravičiūtė", "Giedrius", "Šalkauskas"):
        assert dark(name) > 0.9, name
    assert dark("HD-2026-0042") < 0.2 and dark("Vardas") < 0.2


def test_names_of_a_message_list_beside_the_open_message() -> None:
    """A scanned mail client: a list (name, ticket, date per entry) beside the open message, whose
    lines fall between the list's entries (word boxes as a scan's page pass read them); a name
    outside every list is still in the names' column."""
    words = [Word(t, b, ln, 95.0) for t, b, ln in [
        ("Damian", (123, 60, 162, 69), (6, 1)), ("Talbot", (166, 60, 198, 69), (6, 1)),
        ("INC0057469", (122, 75, 182, 83), (6, 2)), ("06/03/2026", (122, 88, 177, 96), (6, 3)),
        ("Eileen", (123, 113, 153, 125), (7, 1)), ("Godfrey", (157, 113, 198, 125), (7, 1)),
        ("HD-64905", (122, 128, 170, 136), (7, 2)), ("14/03/2026", (123, 142, 177, 150), (7, 3)),
        ("Dilip", (122, 167, 145, 178), (8, 1)), ("Grice", (149, 167, 175, 178), (8, 1)),
        ("#83617", (122, 182, 158, 190), (8, 2)), ("06.01.2026", (122, 196, 177, 206), (8, 3)),
        ("Hello,", (319, 72, 349, 82), (12, 1)), ("my", (319, 97, 334, 108), (13, 1)),
        ("order", (337, 97, 364, 108), (13, 1)), ("is", (367, 97, 380, 106), (13, 1)),
        ("late.", (384, 98, 420, 107), (13, 1)), ("Kind", (319, 149, 340, 160), (14, 1)),
        ("regards,", (344, 149, 383, 160), (14, 1)), ("Tom", (319, 164, 340, 172), (14, 2)),
        ("Duke", (344, 164, 368, 172), (14, 2))]]
    tm = TextMap([words])
    assert covered({tm.text[s.start : s.end] for s in analyze(tm.text, "en")}, "Dilip Grice")

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


DOWNSCALED_GRID = [  # word boxes of a 0.75x grid screenshot as the region pass read them (own corpus s1)
    [
        ('Vardas', (4, 23, 31, 35)), ('Pavardė', (93, 23, 124, 35)), ('Asmens', (173, 25, 202, 32)),
        ('kodas', (204, 25, 225, 32)), ('Tel.', (287, 23, 300, 35)), ('EL', (402, 25, 411, 33)),
        ('paštas', (413, 25, 436, 33)), ('ĪBAN', (576, 23, 597, 35)), ('Miestas', (760, 25, 787, 31)),
        ('Būsena', (833, 24, 861, 34)), ('1š', (941, 25, 947, 31)), ('viso', (949, 25, 964, 31)),
    ],
    [
        ('Artūras', (3, 41, 32, 53)), ('Šakinis', (91, 40, 119, 53)), ('36505197168', (172, 41, 218, 53)),
        ('(85)', (285, 41, 302, 54)), ('821', (305, 41, 315, 54)), ('5480', (318, 44, 335, 50)),
        ('asakinis@gmailcom', (401, 43, 472, 53)), ('LT294010006827388415', (578, 41, 658, 53)),
        ('Klaipėda', (760, 44, 790, 51)), ('Atvira', (838, 41, 860, 54)), ('2065,19€', (941, 41, 975, 54)),
    ],
    [
        ('Domas', (4, 57, 29, 70)), ('Butkus', (92, 58, 118, 70)), ('35802151684', (172, 58, 219, 70)),
        ('84626-21634', (285, 57, 330, 70)), ('dbutkus@inbox.lt', (401, 59, 464, 71)),
        ('1790', (578, 58, 593, 70)), ('2140', (596, 58, 611, 70)), ('0299', (614, 58, 629, 70)),
        ('4699', (632, 58, 647, 70)), ('5859', (650, 58, 666, 70)), ('Alytus', (758, 58, 782, 71)),
        ('Atvira', (838, 58, 860, 71)), ('12', (942, 60, 948, 68)), ('973,35', (951, 60, 972, 68)),
        ('€', (975, 60, 979, 68)),
    ],
    [
        ('Vytė', (3, 75, 21, 89)), ('Саре', (92, 77, 122, 88)), ('48209118310', (171, 75, 218, 87)),
        ('8622.08824', (285, 75, 327, 87)), ('wyte_gag?7@inboxk', (402, 78, 472, 86)),
        ('LT49', (578, 78, 594, 84)), ('4010', (596, 78, 612, 84)), ('0192', (613, 78, 630, 84)),
        ('0492', (631, 78, 647, 84)), ('0036', (649, 78, 666, 84)), ('Alytus', (758, 77, 783, 88)),
        ('VIP', (838, 74, 849, 89)), ('klientas', (851, 74, 878, 89)), ('792,08', (941, 78, 963, 85)),
        ('€', (965, 78, 969, 85)),
    ],
    [
        ('Viktorija', (3, 92, 36, 106)), ('Gudaitytė', (93, 92, 127, 106)),
        ('45502145559', (171, 92, 218, 104)), ('+370', (288, 92, 303, 104)), ('648', (305, 92, 317, 104)),
        ('29028', (319, 92, 339, 104)), ('viktorija', (400, 92, 431, 105)),
        ('gud836takas.lt', (435, 92, 488, 105)), ('LT84', (578, 92, 594, 104)),
        ('2140', (596, 92, 612, 104)), ('0922', (614, 92, 628, 104)), ('8401', (632, 92, 646, 104)),
        ('7556', (649, 92, 666, 104)), ('Šiauliai', (758, 91, 787, 104)), ('x', (841, 93, 854, 103)),
        ('686291', (941, 92, 968, 106)), ('€', (971, 95, 975, 101)),
    ],
    [
        ('Mindaugas', (3, 109, 44, 122)), ('Krivickas', (92, 109, 126, 121)),
        ('35603233299', (171, 109, 220, 121)), ('(85)', (285, 109, 302, 122)),
        ('386.0795', (305, 109, 336, 122)), ('kriviekas.metakas.lt', (400, 109, 474, 122)),
        ('1716', (578, 109, 594, 121)), ('7044', (596, 109, 612, 121)), ('0604', (615, 109, 629, 121)),
        ('1486', (633, 109, 647, 121)), ('3766', (650, 109, 667, 121)), ('Utena', (759, 109, 780, 121)),
        ('B2B', (838, 108, 853, 123)), ('17158786', (941, 112, 979, 119)),
    ],
    [
        ('Nerija', (4, 126, 27, 138)), ('Vosytienė', (92, 126, 128, 139)),
        ('60210233813', (172, 126, 218, 138)), ('861379192', (287, 128, 327, 135)),
        ('nerija_vos776inbox.lt', (401, 127, 478, 138)), ('LTS4', (578, 126, 594, 138)),
        ('4010', (596, 126, 611, 138)), ('0060', (614, 126, 629, 138)), ('3927', (632, 126, 648, 138)),
        ('9552', (649, 128, 666, 135)), ('Alytus', (758, 127, 782, 138)), ('VIP', (837, 125, 849, 139)),
        ('klientas', (852, 125, 878, 139)), ('21030,24', (941, 129, 973, 136)), ('©', (975, 129, 979, 136)),
    ],
]


def test_damaged_values_under_typed_headers() -> None:
    """A downscaled grid: the header "EL paštas" (for "El. paštas") still types its column, so a
    value whose '@' OCR read as 'e' is taken there; the "ĪBAN" header types a value whose country
    code was read as digits, with one digit misread."""
    words = [Word(t, b, (r,), 90.0) for r, row in enumerate(DOWNSCALED_GRID) for t, b in row]
    tm = TextMap([words])
    found = {tm.text[s.start : s.end] for s in analyze(tm.text, "lt")}
    for v in ("kriviekas.metakas.lt", "1790 2140 0299 4699 5859"):
        assert covered(found, v), v


def test_a_bare_landline_under_an_address_in_a_contact_block() -> None:
    """A signature block beside a ticket list: the number right under the e-mail address is a phone;
    the same number in the ticket list's column (under a date) is not taken."""
    rows = [[("Aivar Kaljuvee", 10), ("Jelena Lopp", 300)],
            [("HD-22525", 10), ("jelena.lopp@gmail.com", 300)],
            [("18.02.2026", 10), ("6599931", 300)], [("Triine Amberg", 10)], [("6599931", 10)]]
    words = []
    for r, row in enumerate(rows):
        for text, x in row:
            for tok in text.split():
                words.append(Word(tok, (x, 20 + 18 * r, x + 7 * len(tok), 34 + 18 * r), (r,), 90.0))
                x += 7 * (len(tok) + 1)
    tm = TextMap([words])
    phones = [s.start for s in analyze(tm.text, "et") if s.entity_type == "PHONE_NUMBER"]
    assert phones == [tm.text.index("6599931")]

"""A first-name column of a phone photo of a spreadsheet (issue 11): OCR of the photo breaks the
grid's rows up, and the column under its header must still run down to the table's end.

In a photo a tall cell (a surname glued to the grid line, ``|Zvaigznītis``) makes Tesseract read
the rest of its row as a line of its own, the grid lines' stubs come out as lines of ``-``, ``_`` or
``1``, and a pale name may not be read at all. None of these is a row without a first name: the
column used to stop at the second such row, and the names below went unredacted.

Documents are positioned word boxes (what OCR yields) run through TextMap and the analyzer.
"""

from __future__ import annotations

from redactor.analyzer import analyze
from redactor.ocr import Word
from redactor.textmap import TextMap

CW, LH = 9.0, 17.0
XS = [64, 176, 300, 480]


class Doc:
    def __init__(self) -> None:
        self.words: list[Word] = []
        self.line = 0

    def line_of(self, cells: list[tuple[str, float]], y: float, h: float = LH) -> None:
        self.line += 1
        for text, x in cells:
            for tok in text.split():
                self.words.append(Word(tok, (x, y, x + len(tok) * CW, y + h), (self.line, 1, 1), 95.0, None))
                x += len(tok) * CW + CW

    def found(self) -> set[str]:
        tm = TextMap([self.words])
        return {tm.text[s.start : s.end] for s in analyze(tm.text, "lv") if s.entity_type == "PERSON"}


def _sheet(broken: bool) -> Doc:
    d = Doc()
    d.line_of([("Vārds", XS[0]), ("Uzvārds", XS[1]), ("Personas kods", XS[2]), ("Adrese", XS[3])], 115)
    names = ["Zorvids", "Kelmārs", "Rudvaldis", "Ornests", "Talvids"]
    y = 148.0
    for i, first in enumerate(names):
        if broken and i == 0:
            # the first row: its surname cell is two rows tall, the rest of the row a line of its own
            d.line_of([(first, XS[0]), ("|Bērziņš", XS[1])], y, 40)
            d.line_of([("120785-15125", XS[2]), ("Dzirnavu iela 60", XS[3])], y + 3)
            d.line_of([("1", 156), ("-", 186), ("-", 240)], y + 28, 3)  # grid stubs
        elif broken and i == 1:
            # a pale first name OCR did not read
            d.line_of([("Kalniņš", XS[1]), ("220785-15125", XS[2]), ("Lielā iela 9", XS[3])], y)
            d.line_of([("_", 260)], y + 28, 1)
        else:
            cells = [(first, XS[0]), ("Kalniņš", XS[1]), ("320785-15125", XS[2]), ("Lielā iela 9", XS[3])]
            d.line_of(cells, y)
        y += 34
    return d


def test_first_name_column_runs_past_split_rows_stubs_and_an_unread_name() -> None:
    found = _sheet(broken=True).found()
    for name in ("Zorvids", "Rudvaldis", "Ornests", "Talvids"):
        assert name in found, name


def test_first_name_column_of_a_clean_sheet() -> None:
    found = _sheet(broken=False).found()
    for name in ("Zorvids", "Kelmārs", "Rudvaldis", "Ornests", "Talvids"):
        assert name in found, name


def test_column_still_ends_at_a_blank_band() -> None:
    d = _sheet(broken=True)
    d.line_of([("Piezīmes", XS[0])], 600)  # prose far below the table: not a name of the column
    d.line_of([("Gaidīt", XS[0]), ("zvanu", XS[1])], 634)
    assert not ({"Gaidīt", "Piezīmes"} & d.found())


def test_surnames_with_grid_lines_glued_to_them() -> None:
    # a photo's grid line read as part of the word ('|Ozolkalne', 'Vītoliņa|') or as a word of
    # its own with a stray colon ('|:'): the cell is the surname, and the column keeps it
    d = Doc()
    d.line_of([("Vārds", XS[0]), ("Uzvārds", XS[1]), ("Personas kods", XS[2]), ("Adrese", XS[3])], 115)
    d.line_of([("Zorvids", XS[0]), ("|Ozolkalne", XS[1] - CW), ("120785-15125", XS[2])], 148)
    d.line_of([("Kelmārs", XS[0]), ("Vītoliņa|", XS[1]), ("220785-15125", XS[2])], 182)
    d.line_of([("Rudvaldis", XS[0]), ("Dzērvēnija |:", XS[1]), ("320785-15125", XS[2])], 216)
    found = d.found()
    for name in ("Ozolkalne", "Vītoliņa", "Dzērvēnija"):
        assert any(name in f for f in found), name
    assert not any("|" in f for f in found)


def test_glued_bar_and_a_tall_code_box_still_cut_at_the_column_start() -> None:
    # the grid line inflated the code's box (OCR boxes of a photo's cells): the gap before it is
    # still a column start under its header, not a word space inside the surname cell
    d = Doc()
    d.line_of([("Vārds", XS[0]), ("Uzvārds", XS[1]), ("Personas kods", XS[2]), ("Adrese", XS[3])], 115)
    d.line_of([("Zorvids", XS[0]), ("Kalniņš", XS[1]), ("120785-15125", XS[2])], 148)
    d.line = d.line + 1
    y = 182
    # a gap of 22 px: over 0.6 of the surname's 34 px box, under 0.6 of the code's 40 px one
    d.words.append(Word("|Ozolkalne", (XS[1] - CW, y, XS[2] - 32, y + 34), (d.line, 1, 1), 95.0, None))
    d.words.append(Word("220785-15125", (XS[2] - 10, y - 5, XS[2] + 100, y + 35), (d.line, 1, 1), 95.0, None))
    found = d.found()
    assert any("Ozolkalne" in f for f in found) and not any("220785" in f for f in found if "Ozol" in f)

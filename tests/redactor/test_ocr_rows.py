"""Visual rows of a page-layout pass (``redactor.rows``): Tesseract's column blocks of a table
photo are joined into the rows a reader sees; stacked lines and prose are not joined. Pure function
over word boxes, so the cases are word lists as the page pass returns them (block by block)."""

from __future__ import annotations

from redactor.rows import visual_rows
from redactor.textmap import TextMap
from redactor.words import Word


def _w(text: str, x: float, y: float, line: tuple[int, ...], h: float = 20.0) -> Word:
    return Word(text, (x, y, x + 12 * len(text), y + h), line, 90.0)


def _table_by_columns(skew: float = 0.0) -> list[Word]:
    """A two-row grid whose columns came back as blocks: names, then codes, then the header."""
    rows = [("Vārds", "Personas kods", 100), ("Sanita", "32223767126", 130), ("Elīna", "32778518027", 160)]
    words = [_w(a, 10, y, (1, 1, n)) for n, (a, _, y) in enumerate(rows)]
    words += [_w(b, 400, y - skew, (2, 1, n)) for n, (_, b, y) in enumerate(rows)]
    return words


def test_column_blocks_become_rows() -> None:
    text = TextMap([visual_rows(_table_by_columns())]).text
    assert text.split("\n") == ["Vārds\tPersonas kods", "Sanita\t32223767126", "Elīna\t32778518027"]


def test_a_skewed_photo_row_still_chains() -> None:
    text = TextMap([visual_rows(_table_by_columns(skew=8.0))]).text  # 8 px of a 20 px line
    assert text.split("\n")[1] == "Sanita\t32223767126"


def test_stacked_lines_and_a_lone_column_keep_their_order() -> None:
    words = [_w("Jonas", 10, 100, (1, 1, 1)), _w("Petraitis", 80, 100, (1, 1, 1)),
             _w("Gedimino", 10, 130, (1, 1, 2)), _w("pr.", 120, 130, (1, 1, 2)), _w("9", 160, 130, (1, 1, 2)),
             _w("Side", 600, 400, (2, 1, 1))]
    assert [w.line for w in visual_rows(words)] == [w.line for w in words]
    assert [w.text for w in visual_rows(words)] == [w.text for w in words]


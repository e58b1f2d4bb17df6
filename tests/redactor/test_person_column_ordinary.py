"""A name column's cell with one word that is also an ordinary word (issue 11, ticket lists beside
toasts): a surname that is a noun ("Emily Street"), a Latvian first name that is also a month
("Jūlijs"). With names found in two other cells of the column, the cell is a name when its other
word is a listed first name or has a surname's ending; two ordinary words stay ordinary."""

from __future__ import annotations

from redactor.analyzer import analyze


def persons(text: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == "PERSON"}


# invented names
EN = ("Ticket  Name  Status\n#1021  John Aldwin  Open\n#1022  Emily Street  Open\n"
      "#1023  Peter Oakhurst  Open\n#1024  Support Team  Open\n#1025  Helen Marlow  Open")
LV = ("Nr.  Klients  Statuss\n1  Jānis Bērziņš  Atvērts\n2  Jūlijs Vēverēns  Atvērts\n"
      "3  Anna Kalniņa  Atvērts")


def test_first_name_and_an_ordinary_surname_in_a_name_column() -> None:
    found = persons(EN)
    assert "Emily Street" in found
    assert "Support Team" not in found and not any("Open" in p for p in found)


def test_month_first_name_and_a_surname_ending_in_a_name_column() -> None:
    assert "Jūlijs Vēverēns" in persons(LV)

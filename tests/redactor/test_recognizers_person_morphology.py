"""Names found by morphology and position inside a sentence, with the name lists held out."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze


def persons(text: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == "PERSON"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Vakar zvanīja Kristers Zaķis par rēķinu.", "Kristers Zaķis"),  # masculine pair
        ("Līgumu parakstīja Vija Zaķe, kopija pielikumā.", "Vija Zaķe"),  # feminine pair
        ("Eile helistas Tiit Sergejev arve pärast.", "Tiit Sergejev"),  # -jev surname
        ("Palun saatke dokumendid Priit Piirsalu reedeks.", "Priit Piirsalu"),  # -salu surname
    ],
)
def test_pairs_inside_a_sentence(text: str, name: str) -> None:
    assert any(name in p for p in persons(text))


@pytest.mark.parametrize(
    "text",
    [
        "Lūdzu atjaunojiet licenci programmai Microsoft Teams līdz piektdienai.",
        "Esam pārgājuši uz tarifu Biznesa Plus kopš janvāra.",
        "Atvērta pieteikuma sadaļa Klientu Atbalsts.",
    ],
)
def test_capitalised_product_and_department_pairs_are_not_people(text: str) -> None:
    assert persons(text) == set()

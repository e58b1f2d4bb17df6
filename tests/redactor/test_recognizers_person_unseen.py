"""Names outside the gazetteers: double inflection endings, signature lines with word-like names,
table columns, single Russian surnames; plus the look-alikes that must survive."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze


def covered(text: str, value: str, entity: str = "PERSON") -> bool:
    i = text.index(value)
    cov = [False] * len(text)
    for s in analyze(text):
        if s.entity_type == entity:
            for k in range(s.start, s.end):
                cov[k] = True
    return all(cov[k] for k in range(i, i + len(value)) if not text[k].isspace())


def persons(text: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == "PERSON"}


def test_propagation_through_a_second_ending() -> None:
    text = "Здравствуйте, Azra!\nПередайте документы Azraу Bláhováу сегодня."
    assert covered(text, "Azraу Bláhováу")


def test_propagation_needs_the_same_name() -> None:
    text = "Здравствуйте, Azra!\nМодуль Azimutу не работает."
    assert not covered(text, "Azimutу")


@pytest.mark.parametrize(
    "text,name",
    [
        ("Ar cieņu,\nEdit Kovács\n", "Edit Kovács"),
        ("Pagarbiai,\nMatjaž Labaš\n", "Matjaž Labaš"),
    ],
)
def test_signature_line_with_a_word_like_name(text: str, name: str) -> None:
    assert covered(text, name)


@pytest.mark.parametrize(
    "text",
    ["Kind regards,\nSupport Team\n", "Pagarbiai,\nBuhalterija Apskaita\n", "С уважением,\nОтдел продаж\n"],
)
def test_signature_of_a_department_is_not_a_person(text: str) -> None:
    assert persons(text) == set()

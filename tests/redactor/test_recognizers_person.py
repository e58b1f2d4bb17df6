"""Person names: gazetteer + morphology + context + propagation; companies and UI words survive."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze


def persons(text: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == "PERSON"}


def covered(text: str, value: str) -> bool:
    i = text.index(value)
    cov = [False] * len(text)
    for s in analyze(text):
        if s.entity_type == "PERSON":
            for k in range(s.start, s.end):
                cov[k] = True
    return all(cov[k] for k in range(i, i + len(value)) if not text[k].isspace())


@pytest.mark.parametrize(
    "text,name",
    [
        ("Vardas, pavardė: Jonas Petraitis", "Jonas Petraitis"),
        ("Klientas: KAZLAUSKIENĖ ARIANA", "KAZLAUSKIENĖ ARIANA"),
        ("Dokumentus perduokite Svetlanai Gailytei, tel. +370 672 44 920.", "Svetlanai Gailytei"),
        ("Prašau paskambinti Arnoldui Kiškai rytoj.", "Arnoldui Kiškai"),
        ("Lūdzu nosūtīt rēķinu Jāņa Bērziņa vārdā.", "Jāņa Bērziņa"),
        ("Vārds, uzvārds: Auziņš Oskars", "Auziņš Oskars"),
        ("Передайте документы Алине Масловой до пятницы.", "Алине Масловой"),
        ("Не сохраняется карточка Артёма Игоревича Бондаренко — ошибка.", "Артёма Игоревича Бондаренко"),
        ("ФИО: Ковальчук Артём Владимирович", "Ковальчук Артём Владимирович"),
        ("Dear Cameron Middleton, your ticket is open.", "Cameron Middleton"),
        ("Name: CAMERON MIDDLETON", "CAMERON MIDDLETON"),
        ("Nimi: Kukk Maarja", "Kukk Maarja"),
        ("Sąrašas: Kazlauskienė, Ariana; kiti", "Kazlauskienė, Ariana"),
    ],
)
def test_names_found(text: str, name: str) -> None:
    assert covered(text, name)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Ačiū, viskas veikia.\n— Vaidotas", "Vaidotas"),
        ("Ar cieņu,\nAntons", "Antons"),
        ("С уважением,\nКристина", "Кристина"),
        ("Sveiki, Rimantai! Kaip sekasi?", "Rimantai"),
        ("Labdien, Ilze!", "Ilze"),
    ],
)
def test_single_first_names_in_greetings_and_signatures(text: str, name: str) -> None:
    assert covered(text, name)


def test_propagation_to_other_occurrences_and_forms() -> None:
    text = (
        "Klientė: Greta Sakalauskienė\n\nPrašome susisiekti su Sakalauskiene. "
        "Greta patvirtino užsakymą.\f\nSakalauskienės sąskaita apmokėta."
    )
    p = persons(text)
    assert {"Sakalauskiene", "Greta", "Sakalauskienės"} <= p


@pytest.mark.parametrize(
    "text",
    [
        'UAB „Žalias kelias“ ir SIA "Zaļā josta" pasirašė sutartį.',
        "Amber Trade UAB, Baltic Data Systems Ltd, Northwind OÜ, ООО «Восход-Трейд»",
        "Failas Redaguoti Klientai Sąskaitos Ataskaitos Pagalba",
        "File Edit Customers Invoices Reports Help Print Cancel Save",
        "Ink cartridge HP 305A, Software licence (1 yr), Training (2 h)",
        "Dažų kasetė HP 305A. Kopijavimo popierius A4. Sandėlio modulis.",
        "Модуль «Склад», Бумага офисная А4, Лицензия на ПО (1 год), МойСклад",
        "Programmas licence (1 g.). Apmācība (2 st.).",
        "Sąskaita išrašyta Vilniuje. Kaunas, Rīga, Tartu ir Marijampolė yra miestai.",
        "Mokėjimas gautas gegužės mėnesį. Pirmadienį sistema neveikė.",
        "Prašome atnaujinti Apskaita360 ir bandyti dar kartą.",
        "The invoice was paid in March. Please update the software and try again.",
        "Su pagarba, Buhalterija",
        "Спасибо, Бухгалтерия",
        "Since Monday the Sales Ledger module fails on Windows Server 2019 and SQL Server 2017.",
    ],
)
def test_no_false_positive_persons(text: str) -> None:
    assert persons(text) == set()

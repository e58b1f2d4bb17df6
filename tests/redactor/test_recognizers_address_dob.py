"""Addresses in four languages and dates of birth (context, personal code, form label)."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze


def found(text: str, entity: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == entity}


@pytest.mark.parametrize(
    "addr",
    [
        "Taikos pr. 63, LT-68367 Marijampolė",
        "Liepų g. 71-33, LT-45314 Kaunas",
        "Elizabetes iela 68-56, Jūrmala, LV-2008",
        "Ganību dambis 136-65, Jelgava, LV-3047",
        "Tähe tn 96-25, 50482 Tartu",
        "Pärnu mnt 32-74, 51580 Tartu",
        "Liivalaia 95-32, 56938 Tartu",
        "ул. Малая, д. 123, кв. 87, 191042 Санкт-Петербург",
        "129693, г. Москва, Невский пр. д. 116",
    ],
)
def test_addresses(addr: str) -> None:
    assert addr in found(f"Adresas: {addr}\nTel.", "ADDRESS")


def test_no_address_in_ordinary_text() -> None:
    assert not found("Sąskaita KEL-2026/5317 už 3 468,31 EUR, 2 vnt. po 12,50 EUR.", "ADDRESS")


@pytest.mark.parametrize(
    "text,value",
    [
        ("Gimimo data: 1981-06-04", "1981-06-04"),
        ("Date of birth 27/12/1950", "27/12/1950"),
        ("Дата рождения: 16.05.1982", "16.05.1982"),
        ("Dzimšanas datums: 11.10.1996", "11.10.1996"),
        ("Gimiau 1964-06-03, gimimo data sistemoje neteisinga", "1964-06-03"),
    ],
)
def test_dob_with_context(text: str, value: str) -> None:
    assert value in found(text, "DATE_OF_BIRTH")


def test_dob_from_personal_code_on_other_line() -> None:
    text = "Kazlauskienė Ariana\n48106047256\n1981-06-04\nSąskaita 2026-02-12"
    assert found(text, "DATE_OF_BIRTH") == {"1981-06-04"}


def test_ordinary_dates_survive() -> None:
    text = "Sąskaita 2026-02-12, apmokėta 2026-03-24. Invoice date 16/07/2026. Gimimo data: 2026-05-09"
    assert not found(text, "DATE_OF_BIRTH")


@pytest.mark.parametrize(
    "addr", ["221B Baker Street, London NW1 6XE", "г. Москва, ул. Ленина, 12-45", "Ленинский проспект, 12"]
)
def test_addresses_uk_and_russian_without_house_word(addr: str) -> None:
    assert addr in found(f"Address: {addr}\n", "ADDRESS")


def test_month_first_birth_date_with_label() -> None:
    from redactor.analyzer import analyze

    text = "KAUFMAN SCOTT [M] 03.09.2012\nDOB: 07.22.1943"
    got = {text[s.start:s.end] for s in analyze(text) if s.entity_type == "DATE_OF_BIRTH"}
    assert "07.22.1943" in got


@pytest.mark.parametrize(
    "block,city",
    [
        ("Jonas Petraitis\nLT-01103 Vilnius\nGedimino pr. 9-4\nTel.", "LT-01103 Vilnius"),
        ("Kristīne Ozola\nRīga, LV-1010\nBrīvības iela 68-56\n", "Rīga, LV-1010"),
        ("Mari Tamm\n10141 Tallinn\nPärnu mnt 32-74\n", "10141 Tallinn"),
    ],
)
def test_city_line_above_the_street(block: str, city: str) -> None:
    """City first, street below: the postcode line above the street is part of the address; the
    name above it is not taken as an address."""
    got = found(block, "ADDRESS")
    assert city in got
    assert not any(block.split("\n")[0] in g for g in got)


def test_a_bare_word_above_a_street_is_not_an_address() -> None:
    assert found("Pristatymas\nGedimino pr. 9-4, LT-01103 Vilnius", "ADDRESS") == {
        "Gedimino pr. 9-4, LT-01103 Vilnius"
    }


def test_city_line_above_a_street_without_street_word() -> None:
    got = found("KLIENT\nAleksandr Medvedev\n10141 Tallinn\nNarva 88\nIsikukood 35509273342", "ADDRESS")
    assert {"10141 Tallinn", "Narva 88"} <= got
    assert not found("Arve 10141 Tallinn\nKokku 88", "ADDRESS") - {"10141 Tallinn"}


def test_street_word_cell_and_its_number_cut_apart_by_a_gap() -> None:
    """A photo's column cut may fall between "al." and its number: the street cell is kept."""
    line = "2026-06-22\tMindaugas Janulis\tPramonės al.\t19\tk5-49, 44280 Kaunas\t24 328,95 €"
    assert "Pramonės al.\t19\tk5-49, 44280 Kaunas" in found(line, "ADDRESS")


def test_uk_postcode_split_by_a_cell_gap() -> None:
    line = "07 Mar 2026\tSarah Jay\t80C Park Avenue, Bristol BS1\t4D]\t£5,714.50"
    assert "80C Park Avenue, Bristol BS1\t4D]" in found(line, "ADDRESS")


def test_postcode_whose_country_letters_ocr_read_as_digits_after_a_street() -> None:
    text = "Atvykite: Kalvarijų pr. 23-53, 11-44280 Kaunas, ačiū"
    assert "Kalvarijų pr. 23-53, 11-44280 Kaunas" in found(text, "ADDRESS")
    assert not found("Kodas 11-44280 Kaunas", "ADDRESS")


def test_uk_address_read_small_comma_as_dot_and_postcode_letters_as_digits() -> None:
    """Downscaled text: the comma before the city read as a dot, the postcode's inward letters as
    look-alike digits ('M1 48T' for 'M1 4BT'); a sentence after a street stays out."""
    from redactor.analyzer import analyze as run

    text = "129 Victoria Street. Manchester M1 48T"
    assert any(s.entity_type == "ADDRESS" and s.start == 0 and s.end == len(text) for s in run(text, "en"))
    prose = "12 Main Street. Please call"
    found = [prose[s.start:s.end] for s in run(prose, "en") if s.entity_type == "ADDRESS"]
    assert all(f == "12 Main Street" for f in found), found


@pytest.mark.parametrize("line", ["Narva, Tartu 99 20308", "Maksja: Narva, Pikk 9-4 20308"])
def test_city_first_street_without_a_street_word_postcode_last(line: str) -> None:
    """An Estonian address written city first, the street with no street word: on its own line or
    cell (or after a label) and ending it with the postcode."""
    got = found(f"KLIENT\nAleksandr Gorskova\n{line}\nIsikukood 39907010569", "ADDRESS")
    assert line.split(": ")[-1] in got
    assert not found("Kokku, Summa 12 20308 eur\nSiin, Vana 12 20308 ja 40 €", "ADDRESS")

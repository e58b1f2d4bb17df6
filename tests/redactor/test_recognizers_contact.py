"""Phones, e-mails, IBANs, cards and IP addresses, including OCR damage and look-alikes."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze


def found(text: str, entity: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == entity}


@pytest.mark.parametrize(
    "phone",
    [
        "+370 626 71894",
        "+37067996676",
        "8 628 39434",
        "+371 28245719",
        "+372 5874 5566",
        "+7 (926) 491 13 91",
        "8 (919) 081-13-95",
        "+370 672 44 920",
    ],
)
def test_phones_formatted(phone: str) -> None:
    assert phone in found(f"Kontaktai: {phone}.", "PHONE_NUMBER")


@pytest.mark.parametrize(
    "text,phone",
    [
        ("Tālrunis: 2156 4517", "2156 4517"),
        ("Телефон: 5555 9264", "5555 9264"),
        ("Tel. 8692 83464", "8692 83464"),
    ],
)
def test_local_phones_with_context(text: str, phone: str) -> None:
    assert phone in found(text, "PHONE_NUMBER")


@pytest.mark.parametrize(
    "text",
    [
        "Suma 8 363,30 EUR",
        "Data 2026-05-09 14:04",
        "Reg. code 19748599",
        "Įmonės kodas 300127705",
        "HD-2026-02603",
        "Užsakymas 12345678",
    ],
)
def test_phone_look_alikes(text: str) -> None:
    assert not found(text, "PHONE_NUMBER")


@pytest.mark.parametrize(
    "text,value",
    [
        ("el. paštas a.kazlauskiene@gmail.com", "a.kazlauskiene@gmail.com"),
        ("почта artemkovalchuk63@outlook com.", "artemkovalchuk63@outlook com"),
        ("E-pasts: gints.rozenbergs(Ginbox.lv", "gints.rozenbergs(Ginbox.lv"),
        ("El. paštas: perla.kalvenieneĢzalias.lt", "perla.kalvenieneĢzalias.lt"),
        ("From: Bruce <holland.bruceGriverside.com>", "holland.bruceGriverside.com"),
        ("write to kruminsm@inbox.Iv please", "kruminsm@inbox.Iv"),
        ("mail: jonas©gmail.com", "jonas©gmail.com"),
    ],
)
def test_emails_clean_and_ocr(text: str, value: str) -> None:
    assert value in found(text, "EMAIL_ADDRESS")


def test_websites_are_not_emails() -> None:
    assert not found("Reģ. nr. 40008376548 · www.zala.lv · baltic.lt", "EMAIL_ADDRESS")


@pytest.mark.parametrize(
    "iban",
    [
        "LV65 PARX 6600 3930 6790 7",
        "EE84 3332 9510 7676 9152",
        "LT664010048868485900",
        "LV69HABA2489049589123",
    ],
)
def test_iban(iban: str) -> None:
    assert iban in found(f"IBAN {iban} 2026-03-24", "IBAN_CODE")


def test_iban_cyrillic_lookalike_country_and_bad_checksum() -> None:
    assert found("Счёт: ЕЕ84 3332 9510 7676 9152", "IBAN_CODE")
    assert not found("Ref LT664010048868485901", "IBAN_CODE")


def test_credit_card_luhn() -> None:
    assert "5142 8408 7767 9313" in found("Kortelė 5142 8408 7767 9313", "CREDIT_CARD")
    assert not found("Kortelė 5142 8408 7767 9314", "CREDIT_CARD")
    assert not found("7290 0426 2363 8992 2026-08-24", "CREDIT_CARD")


def test_ip_addresses() -> None:
    assert "185.166.181.233" in found("Jungiuosi iš IP 185.166.181.233, ačiū", "IP_ADDRESS")
    assert not found("Version 1.2.3.4 and 300.1.1.1 and 3.14", "IP_ADDRESS")


def test_amex_grouping() -> None:
    assert "3782 822463 10005" in found("Amex 3782 822463 10005", "CREDIT_CARD")
    assert not found("Amex 3782 822463 10006", "CREDIT_CARD")


@pytest.mark.parametrize(
    "text,value",
    [
        ("Эл. почта: kovalchuk.artem Alist.ru\n", "kovalchuk.artem Alist.ru"),
        ("x phillips.elaineGBriverside.com", "phillips.elaineGBriverside.com"),
        ("El. paštas arnoldas kiskag@yahoo.com.", "arnoldas kiskag@yahoo.com"),
    ],
)
def test_emails_split_by_ocr(text: str, value: str) -> None:
    assert value in found(text, "EMAIL_ADDRESS")


@pytest.mark.parametrize("text, phone", [
    ("For details contact (212) 555-1234.", "(212) 555-1234"),
    ("His phone number is 202-555-0121.", "202-555-0121"),
])
def test_north_american_numbers(text: str, phone: str) -> None:
    assert found(text, "PHONE_NUMBER") == {phone}


@pytest.mark.parametrize("text", ["Order 123-456-7890 shipped", "SKU (123) 456-7890", "Invoice 2026-0412-33"])
def test_north_american_look_alikes(text: str) -> None:
    # area code / exchange may not start with 0 or 1; an ungrouped order number is not a phone
    assert found(text, "PHONE_NUMBER") == set()


def test_a_phone_digit_read_as_dollar_is_a_phone_next_to_a_phone_word_only() -> None:
    """Downscaled text reads a 5 or an 8 as '$'; an amount in dollars stays an amount."""
    from redactor.analyzer import analyze as run

    for text, value in (("Prašau paskambinti telefoną $ (623) 23157 rytoj", "$ (623) 23157"),
                        ("Telefon: $238 244", "$238 244")):
        assert any(text[s.start:s.end] == value and s.entity_type == "PHONE_NUMBER"
                   for s in run(text, "lt")), text
    assert not any(s.entity_type == "PHONE_NUMBER" for s in run("Total $1 234 567", "en"))


def test_an_address_with_a_clean_at_and_a_misread_top_level_domain() -> None:
    """A downscaled card read '.ee' as '.ce': the '@' between a local part and a dotted domain
    decides; a package version after an '@' is no address."""
    from redactor.analyzer import analyze as run

    text = "kuusalu.h@mail.ce 80010"
    assert any(text[s.start:s.end] == "kuusalu.h@mail.ce" and s.entity_type == "EMAIL_ADDRESS"
               for s in run(text, "et"))
    assert not any(s.entity_type == "EMAIL_ADDRESS" for s in run("pip install pkg@1.2.3 now", "en"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Oto Mednājs\nKlients\noto_med35@gmail.com", "Oto Mednājs"),  # header bar, no label
        ("Gratas Mažonas\tAktyvus\ng.mazonas@one.lt", "Gratas Mažonas"),  # initial + surname
        ("Kalnājs Žanis\nzanis.kalnajs@inbox.lv", "Kalnājs Žanis"),  # surname first
        ("Ināra Sērmaukīte\nisermaukite@gmail.com", "Ināra Sērmaukīte"),  # initial glued on
        ("Арам Даниелян\nКлиент\ndanielian.a@gmail.com", "Арам Даниелян"),  # romanised, a variant
        ("Вахтанг Цхадая\ntshadaya.v@mail.ru", "Вахтанг Цхадая"),
    ],
)
def test_a_name_its_found_address_spells_is_a_person(text: str, name: str) -> None:
    assert name in found(text, "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "Support Team\nsupport.team@firma.lt",  # a department the address spells
        "Info Center\ninfo@x.lt",
        "Kalnciema iela 12\nkalnciema.iela@x.lv",  # a street, not a name
        "Mednājs Oto\nmednis@x.lv",  # the run is shorter than the surname and there is no other
    ],
)
def test_an_address_that_spells_no_name_names_no_one(text: str) -> None:
    assert not found(text, "PERSON")

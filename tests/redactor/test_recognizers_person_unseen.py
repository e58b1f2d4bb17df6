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


@pytest.mark.parametrize(
    "text,name",
    [
        ("Мы говорили с Прохоровым о заказе.", "Прохоровым"),
        ("Документ подписан Ивановой, копия у Кузнецова.", "Кузнецова"),
        ("Отправили копию Кравчуку вчера.", "Кравчуку"),
    ],
)
def test_single_russian_surname_inside_a_sentence(text: str, name: str) -> None:
    assert covered(text, name)


@pytest.mark.parametrize(
    "text",
    [
        "Вчера был в Ростове и Саратове.",
        "Офис в Пушкине, склад в Королёве.",
        "Проблема с Госуслугами и Сбербанком Онлайн.",
        "Работаем с Фейсбуком.",
        "Иванов день.",  # first word of a sentence: no evidence
    ],
)
def test_russian_places_and_sentence_starts_are_not_surnames(text: str) -> None:
    assert persons(text) == set()


TABLES = [
    ("Vardas | Pavardė | Telefonas\nRokas | Žvirblys | +370 612 34567\n", ["Rokas", "Žvirblys"]),
    ("Nr. | ФИО | Сумма\n1 | Прохоров А. В. | 120,00\n", ["Прохоров А. В."]),
    ("Name,Email,Amount\nThaddeus Pembroke,tp@x.co.uk,10\n", ["Thaddeus Pembroke"]),
    ("Vārds      Uzvārds       Tālrunis\nAiga       Mucenieka     +371 2987 6543\n", ["Aiga", "Mucenieka"]),
    ("Eesnimi | Perekonnanimi | Isikukood\nTõnis | Põldmäe | 38501030215\n", ["Tõnis", "Põldmäe"]),
    ("Фамилия;Имя;Отчество\nЧЕРНЫШЁВА;ЕВДОКИЯ;ПАВЛОВНА\n", ["ЧЕРНЫШЁВА", "ЕВДОКИЯ", "ПАВЛОВНА"]),
]


@pytest.mark.parametrize("text,names", TABLES)
def test_table_column_under_a_name_header(text: str, names: list[str]) -> None:
    for name in names:
        assert covered(text, name), name


@pytest.mark.parametrize(
    "text",
    [
        "Name;Qty;Price\nInk Cartridge;2;5,00\nPaper A4;1;3,50\nMouse Logitech;1;9,90\n",
        "Klientas\tSuma\nUAB Žalias kelias\t120,00\n",
        "Name | Status\nOrder Sync | OK\n",
        "Vardas | Pavardė\n\nAtaskaita Sausis | 2026\n",  # the column ends at a blank line
    ],
)
def test_table_cells_that_are_not_people(text: str) -> None:
    assert persons(text) == set()


@pytest.mark.parametrize(
    "text,value",
    [
        ("Dzimis 1985. gada 3. martā, Rīgā.", "1985. gada 3. martā"),
        ("Dzimšanas datums: 3. martā 1985", "3. martā 1985"),
        ("Sünniaeg: 3. märts 1985", "3. märts 1985"),
        ("Дата рождения: 03 марта 1985 года", "03 марта 1985 года"),
    ],
)
def test_written_out_birth_dates(text: str, value: str) -> None:
    assert covered(text, value, "DATE_OF_BIRTH")


def test_written_out_date_without_birth_context() -> None:
    assert not any(s.entity_type == "DATE_OF_BIRTH" for s in analyze("Līgums noslēgts 2024. gada 3. martā."))


@pytest.mark.parametrize(
    "text",
    [
        "Kind regards,\nAmber Trade UAB\n",
        "Best regards,\nRiverside Analytics SIA\n",
        "Grace Period ends in April. Victoria Station, Charlotte Street, Florence Road.",
        "Valsts ieņēmumu dienests, Latvijas Banka, Rīgas dome.",
        "Pagarbiai,\nNordic Paper OÜ",
    ],
)
def test_companies_places_and_first_name_look_alikes(text: str) -> None:
    assert persons(text) == set()


def test_company_whose_ou_ocr_read_with_another_accent_is_no_signature() -> None:
    # a signature cell beside a company cell; OCR read "OÜ" as "OŪ"
    found = persons("Lugupidamisega,\tEttevõte\nAleksandr Krjukov\tTilto OŪ\nOlek\nAvatud")
    assert "Aleksandr Krjukov" in found and not any("Tilto" in p for p in found), found


@pytest.mark.parametrize(
    "text,name",
    [
        ("Sazinieties ar Kristapu Liepiņu vai Martu Zariņu.", "Martu Zariņu"),  # Martu ~ marts (month)
        ("Встречались с Ростовой и Лебедевым.", "Ростовой"),
        ("ФИО: Алёна Королёва", "Алёна Королёва"),
        ("Tere! Olen Tiiu Kõrvits, mul on küsimus.", "Tiiu Kõrvits"),
        ("@Žydrūnas Kavaliauskas gal gali pažiūrėti?", "Žydrūnas Kavaliauskas"),
        ("Pan Jan Kowalczyk zadzwonił.", "Jan Kowalczyk"),
    ],
)
def test_names_next_to_look_alike_words(text: str, name: str) -> None:
    assert covered(text, name)


def test_mention_is_not_an_email_local_part() -> None:
    assert persons("Rašykite jonas@Petraitis.lt") == set()


def test_name_with_first_letter_lost_by_ocr_at_a_line_start() -> None:
    text = "МойСклад — Карточка клиен\nртём Ковальчук\nФИО: Артём Ковальчук"
    assert covered(text, "ртём Ковальчук")


def test_lowercase_line_start_word_unrelated_to_a_found_name() -> None:
    text = "Vardas: Jonas Petraitis\nkaina nurodyta sąskaitoje"
    assert persons(text) == {"Jonas Petraitis"}


@pytest.mark.parametrize(
    "text,name",
    [
        ("Name: Karl May", "Karl May"),  # "May" is also a month
        ("Kontaktinis asmuo: Ona Kovas", "Ona Kovas"),  # "Kovas" is also a month
        ("Name: Karl May, tel. 123", "Karl May"),
    ],
)
def test_name_label_value_with_a_word_like_surname(text: str, name: str) -> None:
    assert covered(text, name)


@pytest.mark.parametrize("text", ["Name: Support Team", "Name: Karl May GmbH"])
def test_name_label_department_or_company(text: str) -> None:
    assert "Karl May" not in persons(text) and "Support Team" not in persons(text)


@pytest.mark.parametrize(
    "text,value",
    [
        ("Живу на проспекте Мира, дом 7", "проспекте Мира, дом 7"),
        ("Офис на улице Ленина 12", "улице Ленина 12"),
        ("Gyvenu Ąžuolų gatvėje 5", "Ąžuolų gatvėje 5"),
        ("Biuras Gedimino prospekte 9, Vilniuje", "Gedimino prospekte 9"),
        ("Magazin Tērbatas ielas 5 pagalmā", "Tērbatas ielas 5"),
    ],
)
def test_inflected_street_words(text: str, value: str) -> None:
    assert covered(text, value, "ADDRESS")


@pytest.mark.parametrize("text", ["Kovo 5 d. gatvė uždaryta.", "Склад в переулке Тихом закрыт. Он на улице."])
def test_street_words_without_a_house_number(text: str) -> None:
    assert not any(s.entity_type == "ADDRESS" for s in analyze(text))


@pytest.mark.parametrize(
    "text,name",
    [
        ("From: Horatio Blenkinsop <hb@acme.co.uk>", "Horatio Blenkinsop"),
        ("От: Серафим Лыков (s.lykov@mail.ru)", "Серафим Лыков"),
    ],
)
def test_email_display_name(text: str, name: str) -> None:
    assert covered(text, name)


@pytest.mark.parametrize(
    "text", ["Nuo: Acme Support <support@acme.lt>", "Reply to Billing Notifications <noreply@x.com>"]
)
def test_email_display_name_of_a_department(text: str) -> None:
    assert persons(text) == set()

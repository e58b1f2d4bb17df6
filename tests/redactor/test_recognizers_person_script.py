"""Names OCR read in the other script's look-alike letters (issue 11): a Russian name read in Latin
twins ("AHHa" for "Анна", "ĒneHa" for "Елена"), a mixed-script surname, a Latin name read in
Cyrillic twins ("Етта" for "Emma"). The re-written word must be a name in its script and fit its
place; ordinary Latin words on Russian pages and Russian words on Latin pages stay untouched."""

from __future__ import annotations

import pytest

from redactor.analyzer import analyze
from redactor.recognizers.person_script import twin_copy


def persons(text: str, lang: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text, lang) if s.entity_type == "PERSON"}


@pytest.mark.parametrize(
    "text,name",
    [
        ('12:01 WARN update customer id=150856 name="AHHa Корнилова" phone=+79800180589', "AHHa Корнилова"),
        ("Клиент: AHHa Петрова", "AHHa Петрова"),
        ("Клиент\tAHHa Петрова\t+7 912 000-00-00", "AHHa Петрова"),
        ('name="ĒneHa Орлова" phone=8 956 319 13 53', "ĒneHa Орлова"),
    ],
)
def test_russian_first_name_read_in_latin_look_alikes(text: str, name: str) -> None:
    assert name in persons(text, "ru")


def test_mixed_script_surname_inside_a_sentence() -> None:
    assert "Прохoровым" in persons("Мы говорили с Прохoровым о заказе.", "ru")  # Latin 'o'


def test_latin_name_read_in_cyrillic_twins() -> None:
    assert "Етта" in persons("Name: Етта", "en")


def test_copy_keeps_offsets_and_rewrites_only_names() -> None:
    text = 'name="AHHa Кошелева" order=TCK-36426 HABA'
    copy, ranges = twin_copy(text, "ru")
    assert len(copy) == len(text) and copy.startswith('name="Анна Кошелева"')
    assert ranges == [(6, 10)] and copy.endswith("TCK-36426 HABA")


@pytest.mark.parametrize(
    "text",
    [
        "Купил Cape Cod в магазине",  # Latin words of Latin shape beside no Cyrillic name
        "Наш офис: Mama Mia пицца",
        "Версия HABA 2.0 готова",
        "Заказ TCK-36426 открыт, ООО HABA",
    ],
)
def test_latin_words_on_a_russian_page_stay(text: str) -> None:
    assert persons(text, "ru") == set()


def test_russian_prose_on_a_latin_page_is_not_made_latin() -> None:
    copy, ranges = twin_copy("Klientas rašė: мама Том пришла", "lt")
    assert ranges == []


def test_signature_after_a_closing_deep_in_a_long_text() -> None:
    text = "Добрый день.\n" + "Текст письма.\n" * 50 + "С уважением,\nAHHa Петрова\n" + "хвост\n" * 20
    spans = [s for s in analyze(text, "ru") if s.entity_type == "PERSON"]
    i = text.index("AHHa")
    assert any(s.start <= i and text.index("Петрова") + 7 <= s.end for s in spans)


def test_only_the_lines_around_a_rewritten_word_are_judged_again() -> None:
    from redactor.recognizers.person_script import around

    assert around("a\nb\nc\nd\ne\nf\ng\nh\ni", [(8, 9)], 1) == " \n \n \nd\ne\nf\n \n \n "


def test_latin_name_read_in_cyrillic_on_a_russian_page_beside_a_latin_surname() -> None:
    assert "Магк Johnson" in persons("Звонил Магк Johnson вчера", "ru")  # "Mark": г read for r


@pytest.mark.parametrize(
    "text,name",
    [
        # small coloured toast text: л read as n, н as H, в as B or s, д as A (whole name in Latin)
        ("Платёж получен: EneHa KapaBaesa, 12 500 ₽", "EneHa KapaBaesa"),
        ("Менеджер\tAnekcaHAp Фомин\tОткрыта", "AnekcaHAp Фомин"),
        ("Новое сообщение от AnekcaHAp Kop6aeB", "AnekcaHAp Kop6aeB"),  # 6 read for б
        # Latin shape, no capital inside: a first name and a surname side by side on a Russian page
        ("Заявка от Anena Kosanesa принята", "Anena Kosanesa"),
    ],
)
def test_russian_name_read_with_non_twin_confusions(text: str, name: str) -> None:
    assert name in persons(text, "ru")


def test_non_twin_confusions_keep_offsets_in_the_copy() -> None:
    text = "Оплатил Kop6aeB AnekcaHAp"
    copy, ranges = twin_copy(text, "ru")
    assert copy == "Оплатил Корбаев Александр" and ranges == [(8, 15), (16, 25)]
    # of the readings that are names, a listed one is chosen ("Ковалева", not "Ковапева")
    assert twin_copy("Заявка от Anena Kosanesa", "ru")[0] == "Заявка от Алена Ковалева"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Скачайте AnyDesk или TeamViewer, оплата через PayPal", "ru"),  # brands of broken shape
        ("Откройте YouTube на MacBook, раздел Email и Order", "ru"),
        ("Новая заявка: Bepa", "ru"),  # Latin shape ("Вера"), no Cyrillic name beside it
        ("Статус CoBa обновлён", "ru"),  # broken shape, but "Сова" is no name
        ("Toast: EneHa KapaBaesa paid", "en"),  # no Cyrillic context at all
        ("Баланс 36 Bags3 Mo6ile", "ru"),
        ("Заявка от Anena Kosanesa принята", "en"),  # a pair needs a Russian page
        ("Kosanesa Anena", "ru"),  # a surname before a first name: no pair
        ("Скачать Adobe Reader и Total Commander", "ru"),
    ],
)
def test_latin_words_are_not_made_names_through_confusions(text: str, lang: str) -> None:
    assert twin_copy(text, lang)[1] == []

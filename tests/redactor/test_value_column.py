"""Values by column and by label when small text was read with damage (issue 11: downscaled
screens, our own corpus). A column whose other cells are found phones / codes / IBANs covers a
cell of the same shape that a checksum or pattern rejected; a log key or a label types a value
whose check digit OCR broke. Each case failed before the change. Values are made up here."""

from __future__ import annotations

from redactor.analyzer import analyze


def _found(text: str, lang: str = "auto") -> dict[str, str]:
    return {text[s.start : s.end]: s.entity_type for s in analyze(text, lang)}


GRID = (
    "ФИО\tСНИЛС\tТелефон\tГород\tИтого\n"
    "Кирилл Белов\t112-233-445 95\t+7 912 345-67-89\tМосква\t8 672,45 ₽\n"
    "Анна Серова\t374.209.389 83\t+7 913 222-11-00\tПсков\t9 722,00 ₽\n"
    "Олег Титов\t087-654-321 02\t+7 914 555-44-33\tТверь\t549,03 ₽\n"
    "Итого\t\t\t\t18 943,48 ₽\n"
)


def test_damaged_code_in_a_column_of_found_codes_is_covered() -> None:
    found = _found(GRID, "ru")
    assert found.get("374.209.389 83") is not None, found  # dots for dashes, checksum broken
    for keep in ("8 672,45 ₽", "9 722,00 ₽", "18 943,48 ₽", "Итого", "СНИЛС"):
        assert keep not in found, keep


def test_one_found_value_in_a_column_changes_nothing() -> None:
    text = GRID.replace("087-654-321 02", "нет данных")
    found = _found(text, "ru")
    # with a single found code the column proves nothing: the damaged cell stays unjudged
    assert "374.209.389 83" not in found, found


def test_log_lines_with_values_in_two_of_them_are_not_a_value_column() -> None:
    lines = [f"2026-04-0{i} 08:27:5{i} INFO GET /api/v2/orders/5187{i} 200 63{i}ms" for i in range(1, 9)]
    lines[2] = "iban=LT12 1000 0111 0100 1000"
    lines[5] = "iban=LT60 1010 0123 4567 8901"
    text = "\n".join(lines)
    found = _found(text, "en")
    assert not any("orders" in k for k in found), found


def test_log_key_types_a_personal_code_whose_check_digit_ocr_broke() -> None:
    text = "2026-01-05 05:54:00 INFO user updated personal_code=46166232241 status=ok"
    assert _found(text, "en").get("46166232241") == "LT_PERSONAL_CODE"


def test_card_label_types_a_card_number_whose_check_digit_ocr_broke() -> None:
    for text in ("2026-01-05 05:54:00 INFO payment card=5253 6368 3020 4126 amount=12.00",
                 "Kortelės numeris: 5253 6368 3020 4126"):
        assert _found(text).get("5253 6368 3020 4126") == "CREDIT_CARD", text
    # a card label over a card's type is no number
    assert "Visa Gold" not in _found("Vardas\tKortelė\nJonas\tVisa Gold", "lt")


def test_log_values_whose_quotes_or_digits_ocr_misread() -> None:
    # a log's straight quotes read as '*', and a digit read as '$' inside a phone's groups
    text = ("2026-01-05 05:54:00 INFO shipping addr=*118 Orchard Avenue, Manchester Hl 48T* ok\n"
            "2026-01-05 05:54:02 INFO contact phone=(626) $223 3291 ok\n"
            "2026-01-05 05:54:03 INFO price=$12.50 note=*bold*")
    found = _found(text, "en")
    assert found.get("118 Orchard Avenue, Manchester Hl 48T") == "ADDRESS", found
    assert found.get("(626) $223 3291") == "PHONE_NUMBER", found
    assert not any("12.50" in k or "bold" in k for k in found), found


def test_damaged_address_in_a_column_of_found_addresses() -> None:
    # a downscaled CRM table: two addresses read whole, the third with its street word and city
    # damaged ("Ma6." for "наб.", "Калиниград")
    text = ("Заказы\n"
            "11.10.2026\tЭля Петрова\tпр. Полевая, д. 139, кв. 100, Калининград, 236022\t5 719,92 ₽\n"
            "22.10.2026\tОльга Мартова\tпер. Советская, д. 95, кв. 116, Псков, 180000\t4 557,01 ₽\n"
            "12.02.2026\tДмитрий Гришин\tMa6. Октябрьская, A, 1528, xa. 177, Калиниград, 236022\t446,00 ₽\n")
    found = _found(text, "ru")
    assert found.get("Ma6. Октябрьская, A, 1528, xa. 177, Калиниград, 236022") == "ADDRESS", found
    assert not any("₽" in k for k in found), found

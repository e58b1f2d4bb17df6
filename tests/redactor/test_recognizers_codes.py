"""Personal codes, tax numbers and identity documents: valid checksums found, look-alikes left."""

from __future__ import annotations

import pytest
from stdnum.ee import ik

from redactor.analyzer import analyze


def kinds(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in analyze(text):
        out.setdefault(s.entity_type, set()).add(text[s.start : s.end])
    return out


def code(prefix10: str) -> str:
    return prefix10 + ik.calc_check_digit(prefix10 + "0")


LT = code("3850312345")  # male born 1985-03-12
EE = code("4900101234")  # female born 1990-01-01


def test_lt_personal_code_valid_and_birth_date() -> None:
    k = kinds(f"Asmens kodas: {LT}\nGimimo data 1985-03-12")
    assert LT in k["LT_PERSONAL_CODE"]
    assert "1985-03-12" in k["DATE_OF_BIRTH"]


def test_lt_code_with_bad_checksum_ignored_without_context() -> None:
    bad = LT[:-1] + str((int(LT[-1]) + 1) % 10)
    assert "LT_PERSONAL_CODE" not in kinds(f"Užsakymo numeris {bad} apmokėtas")


def test_lt_code_ocr_spaces_and_letters() -> None:
    spaced = LT[:5] + " " + LT[5:].replace("0", "O")
    assert kinds(f"Asmens kodas {spaced}")["LT_PERSONAL_CODE"] == {spaced}


def test_ee_code_in_estonian_context() -> None:
    assert EE in kinds(f"Isikukood: {EE}")["EE_PERSONAL_CODE"]


@pytest.mark.parametrize("value", ["090763-17938", "325714-20946", "320137-69553"])
def test_lv_personal_code_old_and_new(value: str) -> None:
    assert value in kinds(f"Personas kods: {value}")["LV_PERSONAL_CODE"]


def test_lv_old_code_bad_checksum_and_company_code_ignored() -> None:
    k = kinds("Rēķins 090763-17939 un Reģ. nr. 40008376548")
    assert "LV_PERSONAL_CODE" not in k


def test_ru_inn_and_snils() -> None:
    k = kinds("ИНН 391156735128, СНИЛС 386-231-383 91")
    assert "391156735128" in k["RU_INN"]
    assert "386-231-383 91" in k["RU_SNILS"]


def test_ru_inn_bad_checksum_and_company_inn_ignored() -> None:
    k = kinds("Заказ 391156735129 оплачен. ООО «Ромашка», ИНН 7734498953")
    assert "RU_INN" not in k


def test_snils_bad_control_ignored() -> None:
    assert "RU_SNILS" not in kinds("Номер заявки 386-231-383 92")


def test_ru_passport_needs_context() -> None:
    assert "70 01 416388" in kinds("Паспорт серия 70 01 № 416388, паспорт 70 01 416388")["RU_PASSPORT"]
    assert "RU_PASSPORT" not in kinds("Итого 70 01 416388")


@pytest.mark.parametrize(
    "text,value",
    [
        ("Pases nr.: PA2823983", "PA2823983"),
        ("Passport LV1784783 does not pass", "LV1784783"),
        ("ID card AB6593513", "AB6593513"),
        ("Asmens tapatybės kortelė: 25161468", "25161468"),
    ],
)
def test_id_documents(text: str, value: str) -> None:
    assert value in kinds(text).get("ID_DOCUMENT", set()) | kinds(text).get("RU_PASSPORT", set())


def test_company_codes_and_tickets_are_not_ids() -> None:
    k = kinds(
        "UAB „Baltic Logistics“, įmonės kodas 300127705. Reg. code 19748599. Užklausa HD-2026-02603, "
        "sąskaita KEL-2026/5317, suma 3 468,31 EUR, data 2026-03-24"
    )
    assert not k


def test_ru_foreign_passport_with_context() -> None:
    assert "75 1234567" in kinds("Загранпаспорт 75 1234567 выдан МВД")["RU_PASSPORT"]
    assert "RU_PASSPORT" not in kinds("Заказ 75 1234567 оплачен")


def test_ni_number_with_its_prefix_letter_read_as_a_digit_next_to_its_label() -> None:
    text = "NI number\nK728 20 12 В"  # "KZ 28 20 12 B": Z read as 7, B as Cyrillic В
    got = [(s.entity_type, text[s.start : s.end]) for s in analyze(text, "en")]
    assert got == [("ID_DOCUMENT", "K728 20 12 В")]
    assert not analyze("Order K728 20 12 B shipped", "en")


def test_a_context_label_read_without_its_spaces_still_counts() -> None:
    text = "NInumber\nK728 20 12 В"
    assert [s.entity_type for s in analyze(text, "en")] == ["ID_DOCUMENT"]


def test_iban_country_letter_read_as_digit_and_dollar_for_five() -> None:
    """Downscaled text: 'GB' read 'G8', a '5' read '$'; the checksum with the look-alike put back
    decides, so a look-alike that does not validate stays text."""
    for text, value in (("Konto G892BARC09528629466784 ok", "G892BARC09528629466784"),
                        ("IBAN LV71 RIKO 6986 436$ 1621 9 x", "LV71 RIKO 6986 436$ 1621 9")):
        spans = analyze(text, "en")
        assert any(text[s.start:s.end] == value and s.entity_type == "IBAN_CODE" for s in spans), spans
    bad = "Konto G892BARC09528629466785 ok"  # last digit changed: no valid checksum
    assert not any(s.entity_type == "IBAN_CODE" for s in analyze(bad, "en"))

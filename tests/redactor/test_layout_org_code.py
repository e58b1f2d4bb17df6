"""A company-code label (labels.yaml ORG_CODE: "Įmonės kodas", "Registrikood", "ОГРН", "VAT number")
types its value as a company's number (issue 11, customer cards): it is not the phone, passport or
personal code its digits look like, and it ends the column of the label above it. Values of
personal labels beside it are still found."""

from __future__ import annotations

import pytest
from stdnum.lt import asmens

from redactor.analyzer import analyze
from redactor.layout_labels import label_kind


def found(text: str) -> set[tuple[str, str]]:
    return {(s.entity_type, text[s.start : s.end]) for s in analyze(text)}


# invented values
CARDS = [
    ("Telefonas  Vardas\n+370 612 34567  Jonas\nĮmonės kodas  Miestas\n302849161  Kaunas", "302849161",
     "+370 612 34567"),
    ("Телефон  Имя\n8 (912) 345-67-89  Иван\nОГРН  Город\n7712345678  Москва", "7712345678",
     "8 (912) 345-67-89"),
    ("Telefon  Eesnimi\n+372 5123 4567  Mari\nRegistrikood  Linn\n12345678  Tartu", "12345678",
     "+372 5123 4567"),
]


@pytest.mark.parametrize(("text", "company", "phone"), CARDS)
def test_company_code_under_a_phone_column_is_not_a_phone(text: str, company: str, phone: str) -> None:
    spans = found(text)
    assert ("PHONE_NUMBER", phone) in spans
    assert not any(v == company for _, v in spans)


def test_company_code_inline_and_a_personal_code_beside_it() -> None:
    code = next(c for c in (f"3850315123{d}" for d in range(10)) if asmens.is_valid(c))
    text = f"Asmens kodas  Įmonės kodas\n{code}  302849161\nVAT number: 12345678901"
    spans = found(text)
    assert ("LT_PERSONAL_CODE", code) in spans
    assert not any(v in ("302849161", "12345678901") for _, v in spans)


def test_org_code_labels_fold_like_other_labels() -> None:
    assert label_kind("ĮMONĖS KODAS") == "ORG_CODE"
    assert label_kind("Imones kodas:") == "ORG_CODE"
    assert label_kind("Reģ. Nr.") == "ORG_CODE"


def test_a_stray_capital_glued_before_a_label_still_names_its_column() -> None:
    # a dark ERP header read 'WVardas' (confidence 49; its border or sort icon read as a 'W'):
    # the first-name column lost its label and every name under it leaked
    assert label_kind("WVardas") == "GIVEN_NAME"
    assert label_kind("IPavardė") == "SURNAME"
    for text in ("WVardasx", "OKnopka", "McDonald", "WVARDAS", "DBaltic"):
        assert label_kind(text) is None, text
    from redactor.analyzer import analyze

    text = "Nr\tWVardas\tStatusas\n1\tVenno\tAktyvus\n2\tKlaid\tAktyvus\n3\tTõnis\tUždarytas"
    found = {text[s.start : s.end] for s in analyze(text, "lt") if s.entity_type == "PERSON"}
    assert found == {"Venno", "Klaid", "Tõnis"}

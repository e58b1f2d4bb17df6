"""Sargas recognizers (Presidio's recognizer interface, see ``base.py``), one class per module."""

from __future__ import annotations


def all_recognizers() -> list:
    """All recognizers in run order: personal codes publish birth dates the DOB recognizer uses."""
    from redactor.recognizers.address import AddressRecognizer
    from redactor.recognizers.credit_card import CreditCardRecognizer
    from redactor.recognizers.date_of_birth import DateOfBirthRecognizer
    from redactor.recognizers.email import EmailRecognizer
    from redactor.recognizers.iban import IbanRecognizer
    from redactor.recognizers.id_document import IdDocumentRecognizer
    from redactor.recognizers.ip_address import IpAddressRecognizer
    from redactor.recognizers.layout_field import LayoutFieldRecognizer
    from redactor.recognizers.lt_personal_code import LtPersonalCodeRecognizer
    from redactor.recognizers.lv_personal_code import LvPersonalCodeRecognizer
    from redactor.recognizers.person import PersonRecognizer
    from redactor.recognizers.person_column import PersonColumnRecognizer
    from redactor.recognizers.person_contact import PersonContactRecognizer
    from redactor.recognizers.person_echo import PersonEchoRecognizer
    from redactor.recognizers.person_mail import PersonMailRecognizer
    from redactor.recognizers.person_table import PersonTableRecognizer
    from redactor.recognizers.phone import PhoneRecognizer
    from redactor.recognizers.ru_inn import RuInnRecognizer
    from redactor.recognizers.ru_passport import RuPassportRecognizer
    from redactor.recognizers.ru_snils import RuSnilsRecognizer
    from redactor.recognizers.uk_nino import UkNinoRecognizer
    from redactor.recognizers.value_column import ValueColumnRecognizer

    return [
        LtPersonalCodeRecognizer(),
        LvPersonalCodeRecognizer(),
        RuInnRecognizer(),
        RuSnilsRecognizer(),
        RuPassportRecognizer(),
        IdDocumentRecognizer(),
        UkNinoRecognizer(),
        IbanRecognizer(),
        CreditCardRecognizer(),
        EmailRecognizer(),
        IpAddressRecognizer(),
        PhoneRecognizer(),
        AddressRecognizer(),
        DateOfBirthRecognizer(),
        PersonRecognizer(),
        PersonTableRecognizer(),
        LayoutFieldRecognizer(),
        ValueColumnRecognizer(),
        PersonColumnRecognizer(),
        PersonContactRecognizer(),
        PersonMailRecognizer(),
        PersonEchoRecognizer(),
    ]

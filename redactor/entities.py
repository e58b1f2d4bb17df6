# ruff: noqa: E501  (one entity per entry reads best unwrapped)
"""The entity catalogue: every entity type code Sargas knows, its data category (the forms' GDPR
categories, for category-scoped DPAs) and its label in the four languages of the notices.

The analyzer's entity list, the notices' labels and the forms' category map are derived from this one
table; ``tests/redactor/test_entities.py`` checks that every recognizer's entities are in it with a
category and labels in every language. A code that is not ``detected`` is still labelled because old
findings and API clients may carry it; a code with no category counts as ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    code: str
    category: str | None  # a forms.fields.VOCABS["data_categories"] code; None = "other"
    detected: bool  # the analyzer asks the recognizers for it
    labels: dict[str, str] | None  # lang -> plural label for notices; None = the code, readable


CATALOGUE: tuple[Entity, ...] = (
    Entity("LT_PERSONAL_CODE", "national_id", True,
           {"en": "Lithuanian personal codes", "lt": "asmens kodai", "lv": "Lietuvas personas kodi", "ru": "литовские личные коды"}),
    Entity("LV_PERSONAL_CODE", "national_id", True,
           {"en": "Latvian personal codes", "lt": "Latvijos asmens kodai", "lv": "personas kodi", "ru": "латвийские персональные коды"}),
    Entity("EE_PERSONAL_CODE", "national_id", True,
           {"en": "Estonian personal codes", "lt": "Estijos asmens kodai", "lv": "Igaunijas personas kodi", "ru": "эстонские личные коды"}),
    Entity("RU_INN", "national_id", True,
           {"en": "Russian taxpayer numbers (INN)", "lt": "Rusijos mokesčių mokėtojo numeriai (INN)", "lv": "Krievijas nodokļu maksātāja numuri (INN)", "ru": "ИНН"}),
    Entity("RU_SNILS", "national_id", True,
           {"en": "Russian insurance numbers (SNILS)", "lt": "Rusijos draudimo numeriai (SNILS)", "lv": "Krievijas apdrošināšanas numuri (SNILS)", "ru": "СНИЛС"}),
    Entity("RU_PASSPORT", "national_id", True,
           {"en": "passport numbers", "lt": "paso numeriai", "lv": "pases numuri", "ru": "номера паспортов"}),
    Entity("ID_DOCUMENT", "national_id", True,
           {"en": "identity document numbers", "lt": "asmens dokumentų numeriai", "lv": "personu apliecinošu dokumentu numuri", "ru": "номера документов"}),
    Entity("PHONE_NUMBER", "contact", True,
           {"en": "phone numbers", "lt": "telefono numeriai", "lv": "tālruņa numuri", "ru": "номера телефонов"}),
    Entity("EMAIL_ADDRESS", "contact", True,
           {"en": "e-mail addresses", "lt": "el. pašto adresai", "lv": "e-pasta adreses", "ru": "адреса электронной почты"}),
    Entity("IBAN_CODE", "financial", True,
           {"en": "bank account numbers (IBAN)", "lt": "banko sąskaitų numeriai (IBAN)", "lv": "bankas kontu numuri (IBAN)", "ru": "номера банковских счетов (IBAN)"}),
    Entity("CREDIT_CARD", "financial", True,
           {"en": "payment card numbers", "lt": "mokėjimo kortelių numeriai", "lv": "maksājumu karšu numuri", "ru": "номера платёжных карт"}),
    Entity("IP_ADDRESS", "online", True,
           {"en": "IP addresses", "lt": "IP adresai", "lv": "IP adreses", "ru": "IP-адреса"}),
    Entity("ADDRESS", "location", True,
           {"en": "addresses", "lt": "adresai", "lv": "adreses", "ru": "адреса"}),
    Entity("DATE_OF_BIRTH", "identification", True,
           {"en": "dates of birth", "lt": "gimimo datos", "lv": "dzimšanas datumi", "ru": "даты рождения"}),
    Entity("PERSON", "identification", True,
           {"en": "names", "lt": "vardai ir pavardės", "lv": "vārdi un uzvārdi", "ru": "имена и фамилии"}),
    Entity("PERSONAL_CODE", "national_id", False,
           {"en": "personal codes", "lt": "asmens kodai", "lv": "personas kodi", "ru": "личные коды"}),
    Entity("COMPANY_CODE", None, False,
           {"en": "company codes", "lt": "įmonių kodai", "lv": "uzņēmumu kodi", "ru": "коды компаний"}),
    Entity("LOCATION", "location", False,
           {"en": "addresses and places", "lt": "adresai ir vietos", "lv": "adreses un vietas", "ru": "адреса и места"}),
    Entity("UNREADABLE_TEXT", None, False,  # value-shaped ink OCR could not read (covered, not detected)
           {"en": "unreadable values (covered)", "lt": "neįskaitomos reikšmės (uždengtos)", "lv": "nesalasāmas vērtības (aizklātas)", "ru": "нечитаемые значения (закрыты)"}),
    Entity("DATE_TIME", None, False,
           {"en": "dates", "lt": "datos", "lv": "datumi", "ru": "даты"}),
    Entity("URL", "online", False,
           None),
)

BY_CODE: dict[str, Entity] = {e.code: e for e in CATALOGUE}
DETECTED: list[str] = [e.code for e in CATALOGUE if e.detected]

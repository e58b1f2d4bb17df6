# ruff: noqa: E501  (translation tables read best one entry per line)
"""The versioned transfer-request form: its fields, vocabularies and their labels in lt/lv/ru/en.

Every request stores the ``schema_version`` it was filed under; :func:`schema` returns that version's
definition, so old requests keep rendering after fields change. To change the form, add a new
version to ``SCHEMAS`` (never edit a published one) and bump ``CURRENT_VERSION``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from redactor.entities import CATALOGUE
from sargas.i18n import LANGS


# kinds: text, email, phone, int, bool, refs (ticket references), codes (vocabulary), emails
@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    required: bool = True
    min_len: int = 0
    max_len: int = 4000
    max_items: int = 20
    vocab: str | None = None


@dataclass(frozen=True)
class FormSchema:
    version: int
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


SCHEMAS: dict[int, FormSchema] = {
    1: FormSchema(1, (
        FieldSpec("tickets", "refs", max_items=50),
        FieldSpec("contact_name", "text", required=False, min_len=2, max_len=200),
        FieldSpec("contact_email", "email", required=False, max_len=320),
        FieldSpec("contact_phone", "phone", required=False, max_len=40),
        FieldSpec("description", "text", min_len=10, max_len=4000),
        FieldSpec("why_not_anonymised", "text", min_len=10, max_len=4000),
        FieldSpec("data_subjects", "codes", vocab="data_subjects"),
        FieldSpec("data_categories", "codes", vocab="data_categories"),
        FieldSpec("purpose", "text", min_len=10, max_len=2000),
        FieldSpec("legal_basis", "code", vocab="legal_basis"),
        FieldSpec("retention_days", "int"),
        FieldSpec("consultants", "emails", required=False, max_items=20),  # none: the DPO chooses
        FieldSpec("acknowledged", "bool"),
    )),
}
CURRENT_VERSION = 1


def schema(version: int = CURRENT_VERSION) -> FormSchema:
    return SCHEMAS.get(version, SCHEMAS[CURRENT_VERSION])


# --- vocabularies -------------------------------------------------------------------------------

VOCABS: dict[str, tuple[str, ...]] = {
    "data_subjects": ("customers", "employees", "patients", "children", "students", "suppliers",
                      "public", "other"),
    "data_categories": ("identification", "national_id", "contact", "financial", "location", "online",
                        "images", "other", "health", "genetic", "biometric", "racial_ethnic_origin",
                        "political_opinions", "religious_beliefs", "trade_union", "sex_life", "criminal"),
    "legal_basis": ("consent", "contract", "legal_obligation", "vital_interests", "public_task",
                    "legitimate_interests"),
}
ART9 = frozenset({"health", "genetic", "biometric", "racial_ethnic_origin", "political_opinions",
                  "religious_beliefs", "trade_union", "sex_life"})
ART10 = frozenset({"criminal"})

# The redactor's entity types -> the data category they belong to (for category-scoped DPAs).
ENTITY_CATEGORY: dict[str, str] = {e.code: e.category for e in CATALOGUE if e.category}


def categories_of(entity_types: Iterable[str]) -> set[str]:
    """Data categories of detected entity types (unknown types count as ``other``)."""
    return {ENTITY_CATEGORY.get(e, "other") for e in entity_types}


def special(categories: Iterable[str]) -> list[str]:
    """The GDPR Art. 9 / Art. 10 categories among ``categories`` (flagged for extra attention)."""
    return [c for c in categories if c in ART9 or c in ART10]


# --- labels -------------------------------------------------------------------------------------

FIELD_LABELS: dict[str, dict[str, str]] = {
    "organisation": {"en": "Requesting organisation", "lt": "Prašymą teikianti organizacija",
                     "lv": "Pieprasītāja organizācija", "ru": "Организация-заявитель"},
    "tickets": {"en": "Tickets covered", "lt": "Apimami kreipiniai", "lv": "Aptvertie pieteikumi",
                "ru": "Охватываемые обращения"},
    "contact_name": {"en": "Contact person", "lt": "Kontaktinis asmuo", "lv": "Kontaktpersona",
                     "ru": "Контактное лицо"},
    "contact_email": {"en": "Contact e-mail", "lt": "Kontaktinis el. paštas", "lv": "Kontakta e-pasts",
                      "ru": "Контактный e-mail"},
    "contact_phone": {"en": "Contact phone", "lt": "Kontaktinis telefonas", "lv": "Kontakta tālrunis",
                      "ru": "Контактный телефон"},
    "description": {"en": "What the material is", "lt": "Kokia tai medžiaga",
                    "lv": "Kas ir šis materiāls", "ru": "Что это за материал"},
    "why_not_anonymised": {"en": "Why it cannot be anonymised", "lt": "Kodėl jos negalima anonimizuoti",
                           "lv": "Kāpēc to nevar anonimizēt", "ru": "Почему его нельзя обезличить"},
    "data_subjects": {"en": "Categories of data subjects", "lt": "Duomenų subjektų kategorijos",
                      "lv": "Datu subjektu kategorijas", "ru": "Категории субъектов данных"},
    "data_categories": {"en": "Categories of personal data", "lt": "Asmens duomenų kategorijos",
                        "lv": "Personas datu kategorijas", "ru": "Категории персональных данных"},
    "purpose": {"en": "Purpose", "lt": "Tikslas", "lv": "Mērķis", "ru": "Цель"},
    "legal_basis": {"en": "Legal basis", "lt": "Teisinis pagrindas", "lv": "Tiesiskais pamats",
                    "ru": "Правовое основание"},
    "retention_days": {"en": "Requested retention (days)", "lt": "Prašomas saugojimo terminas (dienomis)",
                       "lv": "Pieprasītais glabāšanas termiņš (dienās)",
                       "ru": "Запрашиваемый срок хранения (дней)"},
    "consultants": {"en": "Consultants who may open originals", "lt": "Konsultantai, galintys atverti originalus",
                    "lv": "Konsultanti, kas drīkst atvērt oriģinālus",
                    "ru": "Консультанты, которым разрешено открывать оригиналы"},
    "acknowledged": {"en": "Acknowledgement", "lt": "Patvirtinimas", "lv": "Apliecinājums",
                     "ru": "Подтверждение"},
}

# What the client confirms by ticking "acknowledged" (shown with the form and printed in the PDF).
ACK_STATEMENT: dict[str, str] = {
    "en": "I confirm that this information is accurate, that the material cannot be anonymised for the purpose "
          "stated, and that the originals are destroyed when this request ends.",
    "lt": "Patvirtinu, kad ši informacija teisinga, kad nurodytam tikslui medžiagos negalima anonimizuoti ir kad "
          "originalai bus sunaikinti, kai šis prašymas baigsis.",
    "lv": "Apliecinu, ka šī informācija ir patiesa, ka norādītajam mērķim materiālu nevar anonimizēt un ka "
          "oriģināli tiks iznīcināti, kad šis pieprasījums beigsies.",
    "ru": "Подтверждаю, что эти сведения достоверны, что для указанной цели материал нельзя обезличить и что "
          "оригиналы будут уничтожены по окончании действия запроса.",
}

VOCAB_LABELS: dict[str, dict[str, str]] = {
    # data subjects
    "customers": {"en": "Customers", "lt": "Klientai", "lv": "Klienti", "ru": "Клиенты"},
    "employees": {"en": "Employees", "lt": "Darbuotojai", "lv": "Darbinieki", "ru": "Сотрудники"},
    "patients": {"en": "Patients", "lt": "Pacientai", "lv": "Pacienti", "ru": "Пациенты"},
    "children": {"en": "Children", "lt": "Vaikai", "lv": "Bērni", "ru": "Дети"},
    "students": {"en": "Students", "lt": "Studentai", "lv": "Studenti", "ru": "Учащиеся"},
    "suppliers": {"en": "Suppliers", "lt": "Tiekėjai", "lv": "Piegādātāji", "ru": "Поставщики"},
    "public": {"en": "Members of the public", "lt": "Visuomenės nariai", "lv": "Sabiedrības locekļi",
               "ru": "Частные лица"},
    "other": {"en": "Other", "lt": "Kita", "lv": "Cits", "ru": "Другое"},
    # data categories
    "identification": {"en": "Identification data", "lt": "Tapatybės duomenys", "lv": "Identifikācijas dati",
                       "ru": "Идентификационные данные"},
    "national_id": {"en": "National identification numbers", "lt": "Asmens kodai ir dokumentų numeriai",
                    "lv": "Personas kodi un dokumentu numuri", "ru": "Личные коды и номера документов"},
    "contact": {"en": "Contact details", "lt": "Kontaktiniai duomenys", "lv": "Kontaktinformācija",
                "ru": "Контактные данные"},
    "financial": {"en": "Financial data", "lt": "Finansiniai duomenys", "lv": "Finanšu dati",
                  "ru": "Финансовые данные"},
    "location": {"en": "Location data", "lt": "Vietos duomenys", "lv": "Atrašanās vietas dati",
                 "ru": "Данные о местонахождении"},
    "online": {"en": "Online identifiers", "lt": "Interneto identifikatoriai", "lv": "Tiešsaistes identifikatori",
               "ru": "Сетевые идентификаторы"},
    "images": {"en": "Images of people", "lt": "Žmonių atvaizdai", "lv": "Cilvēku attēli",
               "ru": "Изображения людей"},
    "health": {"en": "Health data", "lt": "Sveikatos duomenys", "lv": "Veselības dati",
               "ru": "Данные о здоровье"},
    "genetic": {"en": "Genetic data", "lt": "Genetiniai duomenys", "lv": "Ģenētiskie dati",
                "ru": "Генетические данные"},
    "biometric": {"en": "Biometric data", "lt": "Biometriniai duomenys", "lv": "Biometriskie dati",
                  "ru": "Биометрические данные"},
    "racial_ethnic_origin": {"en": "Racial or ethnic origin", "lt": "Rasinė ar etninė kilmė",
                             "lv": "Rasu vai etniskā izcelsme", "ru": "Расовое или этническое происхождение"},
    "political_opinions": {"en": "Political opinions", "lt": "Politinės pažiūros", "lv": "Politiskie uzskati",
                           "ru": "Политические взгляды"},
    "religious_beliefs": {"en": "Religious or philosophical beliefs", "lt": "Religiniai ar filosofiniai įsitikinimai",
                          "lv": "Reliģiskā vai filozofiskā pārliecība",
                          "ru": "Религиозные или философские убеждения"},
    "trade_union": {"en": "Trade-union membership", "lt": "Narystė profesinėse sąjungose",
                    "lv": "Dalība arodbiedrībās", "ru": "Членство в профсоюзе"},
    "sex_life": {"en": "Sex life or sexual orientation", "lt": "Lytinis gyvenimas ar lytinė orientacija",
                 "lv": "Dzimumdzīve vai seksuālā orientācija", "ru": "Половая жизнь или сексуальная ориентация"},
    "criminal": {"en": "Criminal convictions and offences", "lt": "Apkaltinamieji nuosprendžiai ir nusikalstamos veikos",
                 "lv": "Sodāmība un noziedzīgi nodarījumi", "ru": "Судимости и правонарушения"},
    # legal bases (GDPR Art. 6(1))
    "consent": {"en": "Consent (Art. 6(1)(a))", "lt": "Sutikimas (6 str. 1 d. a p.)",
                "lv": "Piekrišana (6. panta 1. punkta a) apakšpunkts)", "ru": "Согласие (ст. 6(1)(a))"},
    "contract": {"en": "Contract (Art. 6(1)(b))", "lt": "Sutartis (6 str. 1 d. b p.)",
                 "lv": "Līgums (6. panta 1. punkta b) apakšpunkts)", "ru": "Договор (ст. 6(1)(b))"},
    "legal_obligation": {"en": "Legal obligation (Art. 6(1)(c))", "lt": "Teisinė prievolė (6 str. 1 d. c p.)",
                         "lv": "Juridisks pienākums (6. panta 1. punkta c) apakšpunkts)",
                         "ru": "Юридическая обязанность (ст. 6(1)(c))"},
    "vital_interests": {"en": "Vital interests (Art. 6(1)(d))", "lt": "Gyvybiniai interesai (6 str. 1 d. d p.)",
                        "lv": "Vitālas intereses (6. panta 1. punkta d) apakšpunkts)",
                        "ru": "Жизненно важные интересы (ст. 6(1)(d))"},
    "public_task": {"en": "Public task (Art. 6(1)(e))", "lt": "Viešoji užduotis (6 str. 1 d. e p.)",
                    "lv": "Sabiedrības interešu uzdevums (6. panta 1. punkta e) apakšpunkts)",
                    "ru": "Задача в общественных интересах (ст. 6(1)(e))"},
    "legitimate_interests": {"en": "Legitimate interests (Art. 6(1)(f))",
                             "lt": "Teisėti interesai (6 str. 1 d. f p.)",
                             "lv": "Leģitīmās intereses (6. panta 1. punkta f) apakšpunkts)",
                             "ru": "Законные интересы (ст. 6(1)(f))"},
}


def lang_of(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def field_label(name: str, lang: str) -> str:
    return FIELD_LABELS.get(name, {}).get(lang_of(lang), name)


def vocab_label(code: str, lang: str) -> str:
    return VOCAB_LABELS.get(code, {}).get(lang_of(lang), code)


def describe(version: int, lang: str) -> dict:
    """The form definition for clients (``GET /api/v1/transfer-requests/schema``)."""
    s = schema(version)
    fields = []
    for f in s.fields:
        d: dict = {"name": f.name, "kind": f.kind, "required": f.required, "label": field_label(f.name, lang)}
        if f.kind == "text":
            d.update(min_length=f.min_len, max_length=f.max_len)
        if f.kind == "bool":
            d["statement"] = ACK_STATEMENT[lang_of(lang)]
        if f.vocab:
            d["choices"] = [{"code": c, "label": vocab_label(c, lang),
                             "special_category": c in ART9 or c in ART10} for c in VOCABS[f.vocab]]
        fields.append(d)
    return {"version": s.version, "lang": lang_of(lang), "fields": fields}

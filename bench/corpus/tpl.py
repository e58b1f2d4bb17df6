"""Template toolkit: the per-document context (language, fonts, colours, value factory) and span helpers.

A template is a function `(Ctx) -> str` returning an HTML body; `Ctx.page` wraps it with the
document's CSS. Values go through `Ctx.pii(...)` / `Ctx.keep(...)`, which emit the labelled spans
that render.py measures, so a template cannot show a value without labelling it. Fonts are chosen
among those installed on the machine (fc-list); a missing font only falls back to another sans.
"""

from __future__ import annotations

import html
import random
import subprocess
from functools import lru_cache

from . import names, places, values

SANS = ["DejaVu Sans", "Liberation Sans", "Roboto", "Open Sans", "Lato", "Carlito", "Noto Sans"]
SERIF = ["Liberation Serif", "DejaVu Serif", "Noto Serif"]
MONO = ["DejaVu Sans Mono", "Liberation Mono", "Fira Code", "Noto Mono"]

LABELS = {
    "name": {"lt": "Vardas, pavardė", "lv": "Vārds, uzvārds", "et": "Nimi", "ru": "ФИО", "en": "Name"},
    "first": {"lt": "Vardas", "lv": "Vārds", "et": "Eesnimi", "ru": "Имя", "en": "First name"},
    "last": {"lt": "Pavardė", "lv": "Uzvārds", "et": "Perekonnanimi", "ru": "Фамилия", "en": "Surname"},
    "code": {
        "lt": "Asmens kodas",
        "lv": "Personas kods",
        "et": "Isikukood",
        "ru": "СНИЛС",
        "en": "NI number",
    },
    "phone": {"lt": "Tel.", "lv": "Tālr.", "et": "Telefon", "ru": "Телефон", "en": "Phone"},
    "email": {"lt": "El. paštas", "lv": "E-pasts", "et": "E-post", "ru": "Эл. почта", "en": "E-mail"},
    "address": {"lt": "Adresas", "lv": "Adrese", "et": "Aadress", "ru": "Адрес", "en": "Address"},
    "street": {"lt": "Gatvė", "lv": "Iela", "et": "Tänav", "ru": "Улица", "en": "Street"},
    "city": {"lt": "Miestas", "lv": "Pilsēta", "et": "Linn", "ru": "Город", "en": "Town"},
    "postcode": {
        "lt": "Pašto kodas",
        "lv": "Pasta indekss",
        "et": "Postiindeks",
        "ru": "Индекс",
        "en": "Postcode",
    },
    "iban": {"lt": "Sąskaita", "lv": "Konts", "et": "Arveldusarve", "ru": "Счёт", "en": "IBAN"},
    "card": {"lt": "Kortelė", "lv": "Karte", "et": "Kaart", "ru": "Карта", "en": "Card"},
    "dob": {
        "lt": "Gim. data",
        "lv": "Dzimšanas datums",
        "et": "Sünniaeg",
        "ru": "Дата рождения",
        "en": "DOB",
    },
    "doc": {"lt": "Asmens dokumentas", "lv": "Pase", "et": "Dokument", "ru": "Паспорт", "en": "Passport"},
    "company": {"lt": "Įmonė", "lv": "Uzņēmums", "et": "Ettevõte", "ru": "Компания", "en": "Company"},
    "ccode": {
        "lt": "Įmonės kodas",
        "lv": "Reģ. Nr.",
        "et": "Registrikood",
        "ru": "ОГРН",
        "en": "Company no.",
    },
    "invoice": {
        "lt": "Sąskaita faktūra",
        "lv": "Rēķins",
        "et": "Arve",
        "ru": "Счёт-фактура",
        "en": "Invoice",
    },
    "total": {"lt": "Iš viso", "lv": "Kopā", "et": "Kokku", "ru": "Итого", "en": "Total"},
    "date": {"lt": "Data", "lv": "Datums", "et": "Kuupäev", "ru": "Дата", "en": "Date"},
    "status": {"lt": "Būsena", "lv": "Statuss", "et": "Olek", "ru": "Статус", "en": "Status"},
    "ticket": {"lt": "Užklausa", "lv": "Pieteikums", "et": "Pöördumine", "ru": "Заявка", "en": "Ticket"},
    "customer": {"lt": "Klientas", "lv": "Klients", "et": "Klient", "ru": "Клиент", "en": "Customer"},
    "subject": {"lt": "Tema", "lv": "Temats", "et": "Teema", "ru": "Тема", "en": "Subject"},
    "hello": {"lt": "Laba diena", "lv": "Labdien", "et": "Tere", "ru": "Здравствуйте", "en": "Hello"},
    "thanks": {
        "lt": "Pagarbiai",
        "lv": "Ar cieņu",
        "et": "Lugupidamisega",
        "ru": "С уважением",
        "en": "Kind regards",
    },
    "open": {"lt": "Atvira", "lv": "Atvērts", "et": "Avatud", "ru": "Открыта", "en": "Open"},
    "vip": {"lt": "VIP klientas", "lv": "VIP klients", "et": "VIP klient", "ru": "VIP клиент", "en": "VIP"},
    "seller": {"lt": "Pardavėjas", "lv": "Pārdevējs", "et": "Müüja", "ru": "Продавец", "en": "Seller"},
    "qty": {"lt": "Kiekis", "lv": "Daudzums", "et": "Kogus", "ru": "Кол-во", "en": "Qty"},
    "notes": {"lt": "Pastabos", "lv": "Piezīmes", "et": "Märkused", "ru": "Примечания", "en": "Notes"},
}

SCHEMES = {
    "light": dict(
        bg="#ffffff",
        fg="#1f2328",
        muted="#6a737d",
        panel="#f6f8fa",
        line="#d0d7de",
        accent="#0969da",
        sel_bg="#0a64d8",
        sel_fg="#ffffff",
        chip_bg="#ddf4ff",
        chip_fg="#0550ae",
        dis="#a0a7ae",
    ),
    "warm": dict(
        bg="#fbf8f3",
        fg="#2d2a26",
        muted="#7a726a",
        panel="#f1ebe2",
        line="#ddd3c5",
        accent="#b5520a",
        sel_bg="#2f6fbf",
        sel_fg="#ffffff",
        chip_bg="#ffe7c7",
        chip_fg="#8a3b00",
        dis="#b3aaa0",
    ),
    "dark": dict(
        bg="#1e1f22",
        fg="#d4d7dc",
        muted="#8b9098",
        panel="#2b2d31",
        line="#3c3f45",
        accent="#4ea1ff",
        sel_bg="#264f78",
        sel_fg="#ffffff",
        chip_bg="#3a3f5c",
        chip_fg="#c9d1ff",
        dis="#5c6068",
    ),
    "navy": dict(
        bg="#0f1b2d",
        fg="#e3e8ef",
        muted="#93a1b5",
        panel="#182840",
        line="#2a3d5a",
        accent="#5cc8ff",
        sel_bg="#3d7eff",
        sel_fg="#ffffff",
        chip_bg="#204a6e",
        chip_fg="#bfe6ff",
        dis="#56657a",
    ),
    "green": dict(
        bg="#ffffff",
        fg="#22302a",
        muted="#66756d",
        panel="#eef6f1",
        line="#cfe2d6",
        accent="#1a7f4b",
        sel_bg="#1a7f4b",
        sel_fg="#ffffff",
        chip_bg="#d3f2e0",
        chip_fg="#11633a",
        dis="#a9b6ae",
    ),
}


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(f.strip() for line in out.splitlines() for f in line.split(","))


def _pick_font(rng: random.Random, pool: list[str]) -> str:
    have = [f for f in pool if f in installed_families()] or pool[:1]
    return rng.choice(have)


def esc(s: str) -> str:
    return html.escape(s, quote=True)


class Ctx:
    """Everything one document's template needs: language, style, value factories, span helpers."""

    def __init__(self, rng: random.Random, lang: str, scheme: str | None = None, size: int | None = None):
        self.rng, self.lang = rng, lang
        self.scheme_name = scheme or rng.choice(["light", "light", "warm", "green", "dark", "navy"])
        self.c = SCHEMES[self.scheme_name]
        self.dark = self.scheme_name in ("dark", "navy")
        self.font = _pick_font(rng, SANS if rng.random() < 0.85 else SERIF)
        self.mono = _pick_font(rng, MONO)
        self.size = size or rng.choice([9, 10, 11, 12, 12, 13, 13, 14, 14, 15, 16])
        self.base_tags: list[str] = ["dark"] if self.dark else []

    # ------------------------------------------------------------ labels and values
    def L(self, key: str) -> str:  # noqa: N802 - a label lookup reads best short
        return LABELS[key][self.lang]

    def person(self) -> names.Person:
        return names.person(self.rng, self.lang)

    def pii(self, kind: str, text: str, *tags: str, cls: str = "") -> str:
        t = " ".join(dict.fromkeys([*self.base_tags, *[x for x in tags if x]]))
        c = ' class="%s"' % cls if cls else ""
        return '<span data-pii="%s" data-tags="%s"%s>%s</span>' % (kind, t, c, esc(text))

    def keep(self, text: str, *tags: str, cls: str = "") -> str:
        t = " ".join(dict.fromkeys([*self.base_tags, *[x for x in tags if x]]))
        c = ' class="%s"' % cls if cls else ""
        return '<span data-keep data-tags="%s"%s>%s</span>' % (t, c, esc(text))

    def name(self, p: names.Person, *tags: str, which: str = "full", order: str = "fl") -> str:
        text = {
            "full": p.full if order == "fl" else "%s %s" % (p.last, p.first),
            "first": p.first,
            "last": p.last,
        }[which]
        extra = {"first": "lone_first_name", "last": "lone_surname"}.get(which, "")
        return self.pii("PERSON", text, p.tag_for(which), extra, *tags)

    def phone(self, *tags: str) -> str:
        text, t = values.phone(self.rng, self.lang)
        return self.pii("PHONE", text, *t, *tags)

    def code(self, p: names.Person, *tags: str) -> str:
        kind, text, t = values.personal_code(self.rng, self.lang, p.female, self.dob_of(p))
        return self.pii(kind, text, *t, *tags)

    def dob_of(self, p: names.Person):
        if "dob" not in p.extra:
            p.extra["dob"] = values.birth_date(self.rng)
        return p.extra["dob"]

    def dob(self, p: names.Person, *tags: str) -> str:
        return self.pii("DATE_OF_BIRTH", values.fmt_date(self.dob_of(p), self.lang, self.rng), *tags)

    def email(self, p: names.Person, *tags: str) -> str:
        return self.pii("EMAIL", names.email_for(self.rng, p), *tags)

    def iban(self, *tags: str) -> str:
        return self.pii("IBAN", values.iban(self.rng, self.lang), *tags)

    def card(self, *tags: str) -> str:
        return self.pii("CREDIT_CARD", values.card(self.rng), *tags)

    def iddoc(self, *tags: str) -> str:
        return self.pii("ID_DOCUMENT", values.id_document(self.rng, self.lang), *tags)

    def address(self, *tags: str) -> str:
        a = places.address(self.rng, self.lang)
        return self.pii("ADDRESS", a.one_line(self.rng), *tags)

    def address_parts(self) -> places.Address:
        return places.address(self.rng, self.lang)

    def date(self, *tags: str) -> str:
        import datetime as dt

        d = dt.date(2026, self.rng.randint(1, 11), self.rng.randint(1, 28))
        return self.keep(values.fmt_date(d, self.lang, self.rng), "date", *tags)

    def company(self, *tags: str) -> str:
        return self.keep(places.company(self.rng, self.lang), "company", *tags)

    def ccode(self, *tags: str) -> str:
        return self.keep(places.company_code(self.rng, self.lang), "company_code", *tags)

    def money(self, *tags: str) -> str:
        return self.keep(values.money(self.rng, self.lang), "total", *tags)

    def lookalike(self, *tags: str) -> str:
        if self.rng.random() < 0.5:
            return self.keep(values.bad_code(self.rng, self.lang), "lookalike", "bad_checksum", *tags)
        return self.keep(places.phone_like_invoice(self.rng), "lookalike", "phone_like", *tags)

    # ------------------------------------------------------------ page
    def page(self, body: str, css: str = "") -> str:
        c = self.c
        base = """
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: '%s', sans-serif; font-size: %dpx; background: %s; color: %s; line-height: 1.35;
       width: 100vw; height: 100vh; overflow: hidden; }
[data-pii], [data-keep] { white-space: nowrap; }
.mono { font-family: '%s', monospace; }
.muted { color: %s; }
@media (max-width: 480px) {
  .nav, .list, .side, .av { display: none !important; }
  .row, .f, .parties, .wrap, .app { display: block !important; }
  .grid { grid-template-columns: 1fr !important; }
  label, .k, .side { width: auto !important; min-width: 0 !important; }
  .val { min-width: 0 !important; }
  body { padding: 14px !important; }
}
""" % (self.font, self.size, c["bg"], c["fg"], self.mono, c["muted"])
        return (
            '<!doctype html><html lang="%s"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><style>%s\n%s</style></head>'
            "<body>%s</body></html>" % (self.lang, base, css, body)
        )

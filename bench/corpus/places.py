"""Addresses (whole, split into street | postcode city, city-first) and PII-free keep strings.

Street stems and company words are hand-written here for the benchmark only (the redactor never
reads this module); numbers follow the national forms: `g. 7A`, `15-37`, `k-2`, `LT-01103`,
`LV-1050`, `10141`, `190000`, UK/IE postcodes. Pure functions of the `random.Random` passed in.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

STREETS = {
    "lt": [
        "Ąžuolyno",
        "Kalvarijų",
        "Žirmūnų",
        "Savanorių",
        "Ukmergės",
        "Taikos",
        "Šilo",
        "Beržų",
        "Liepų",
        "Pramonės",
        "Vytenio",
        "Kęstučio",
        "Algirdo",
        "Jonavos",
        "Baltų",
        "Sodų",
    ],
    "lv": [
        "Brīvības",
        "Krišjāņa Barona",
        "Lāčplēša",
        "Ganību",
        "Dzirnavu",
        "Tērbatas",
        "Ozolu",
        "Skolas",
        "Meža",
        "Rūpniecības",
        "Valdemāra",
        "Kalnciema",
        "Daugavpils",
        "Lielā",
    ],
    "et": [
        "Pärnu",
        "Tartu",
        "Narva",
        "Kadaka",
        "Mustamäe",
        "Sõpruse",
        "Peterburi",
        "Endla",
        "Kalda",
        "Männi",
        "Vabaduse",
        "Lille",
        "Tööstuse",
        "Raua",
    ],
    "ru": [
        "Ленина",
        "Садовая",
        "Гороховая",
        "Мира",
        "Пушкина",
        "Лесная",
        "Заводская",
        "Советская",
        "Московский",
        "Невский",
        "Октябрьская",
        "Полевая",
    ],
    "en": [
        "Baker",
        "Church",
        "Mill",
        "Station",
        "Victoria",
        "Kings",
        "Queens",
        "Park",
        "Manor",
        "Orchard",
        "Main",
        "Castle",
        "Bridge",
        "Abbey",
    ],
}
STREET_TYPES = {
    "lt": ["g.", "pr.", "al.", "gatvė"],
    "lv": ["iela", "prospekts", "bulvāris", "gatve"],
    "et": ["tn", "mnt", "pst", ""],
    "ru": ["ул.", "пр.", "пер.", "наб."],
    "en": ["Street", "Road", "Lane", "Avenue", "Close"],
}
CITIES = {
    "lt": [
        ("Vilnius", "01103"),
        ("Kaunas", "44280"),
        ("Klaipėda", "92117"),
        ("Šiauliai", "76295"),
        ("Panevėžys", "35173"),
        ("Alytus", "62141"),
        ("Utena", "28241"),
    ],
    "lv": [
        ("Rīga", "1050"),
        ("Jelgava", "3001"),
        ("Liepāja", "3401"),
        ("Daugavpils", "5401"),
        ("Valmiera", "4201"),
        ("Ogre", "5001"),
        ("Jūrmala", "2015"),
    ],
    "et": [
        ("Tallinn", "10141"),
        ("Tartu", "51004"),
        ("Pärnu", "80010"),
        ("Narva", "20308"),
        ("Viljandi", "71020"),
        ("Rakvere", "44307"),
    ],
    "ru": [
        ("Санкт-Петербург", "190000"),
        ("Москва", "101000"),
        ("Псков", "180000"),
        ("Великий Новгород", "173001"),
        ("Калининград", "236022"),
    ],
    "en": [
        ("London", "NW1 6XE"),
        ("Manchester", "M1 4BT"),
        ("Leeds", "LS1 5AB"),
        ("Dublin", "D02 X285"),
        ("Cork", "T12 W2RD"),
        ("Bristol", "BS1 4DJ"),
    ],
}


@dataclass
class Address:
    street: str  # street + number (+ flat)
    postcode: str  # as written, with LT-/LV- prefix where used
    city: str
    lang: str

    def one_line(self, rng: random.Random) -> str:
        if self.lang == "ru":
            if rng.random() < 0.5:  # city-first
                return "%s, г. %s, %s" % (self.postcode, self.city, self.street)
            return "%s, %s, %s" % (self.street, self.city, self.postcode)
        if self.lang in ("en",):
            return "%s, %s %s" % (self.street, self.city, self.postcode)
        if self.lang == "lv":
            return "%s, %s, %s" % (self.street, self.city, self.postcode)
        if rng.random() < 0.25:  # city-first
            return "%s, %s %s" % (self.city, self.street, self.postcode)
        return "%s, %s %s" % (self.street, self.postcode, self.city)

    def city_line(self) -> str:
        if self.lang == "lv":
            return "%s, %s" % (self.city, self.postcode)
        if self.lang == "en":
            return "%s %s" % (self.city, self.postcode)
        return "%s %s" % (self.postcode, self.city)


def _number(rng: random.Random, lang: str) -> str:
    n = str(rng.randint(1, 180))
    r = rng.random()
    if r < 0.25:
        n += rng.choice("ABCD" if lang != "ru" else "АБВ")
    if lang == "ru":
        out = "д. %s" % n
        if rng.random() < 0.4:
            out += ", корп. %d" % rng.randint(1, 4)
        return out + (", кв. %d" % rng.randint(1, 200) if rng.random() < 0.8 else "")
    if lang == "lv" and rng.random() < 0.3:
        n += " k-%d" % rng.randint(1, 5)
    if lang == "lt" and rng.random() < 0.2:
        n += " k%d" % rng.randint(1, 5)
    if rng.random() < 0.6 and lang != "en":
        n += ("-%d" if rng.random() < 0.7 else " - %d") % rng.randint(1, 120)
    return n


def address(rng: random.Random, lang: str) -> Address:
    lang = lang if lang in STREETS else "en"
    stem, typ = rng.choice(STREETS[lang]), rng.choice(STREET_TYPES[lang])
    num = _number(rng, lang)
    if lang == "ru":
        street = "%s %s, %s" % (typ, stem, num)
    elif lang == "en":
        flat = "Flat %d, " % rng.randint(1, 40) if rng.random() < 0.2 else ""
        street = "%s%s %s %s" % (flat, num, stem, typ)
    else:
        street = ("%s %s %s" % (stem, typ, num)).replace("  ", " ")
    city, pc = rng.choice(CITIES[lang])
    if lang == "lt":
        pc = pc if rng.random() < 0.3 else "LT-" + pc
    elif lang == "lv":
        pc = "LV-" + pc
    return Address(street=street, postcode=pc, city=city, lang=lang)


# ---------------------------------------------------------------- keep strings
COMPANY_WORDS = [
    "Baltic Data",
    "Nordvik",
    "Saulės Technika",
    "Ritma",
    "Vētra Soft",
    "Kvadrāts",
    "Põhjala Logistika",
    "Северный Путь",
    "Greenfield",
    "Amberline",
    "Medus",
    "Tilto",
    "Skaidra",
    "Vilkas Systems",
    "Dzintars Trade",
    "Kalev Digital",
    "Orbita",
    "Ladoga",
]
COMPANY_FORMS = {
    "lt": ["UAB „%s“", "AB „%s“", "MB „%s“"],
    "lv": ['SIA "%s"', 'AS "%s"'],
    "et": ["%s OÜ", "%s AS"],
    "ru": ["ООО «%s»", "АО «%s»"],
    "en": ["%s Ltd", "%s plc"],
}


def company(rng: random.Random, lang: str) -> str:
    return rng.choice(COMPANY_FORMS[lang]) % rng.choice(COMPANY_WORDS)


def company_code(rng: random.Random, lang: str) -> str:
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    return {
        "lt": lambda: rng.choice("13") + d(8),
        "lv": lambda: "4" + d(10),
        "et": lambda: "1" + d(7),
        "ru": lambda: "77" + d(8),
        "en": lambda: "0" + d(7),
    }[lang]()


def invoice_no(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    return rng.choice(
        [
            "INV-2026-%s" % d(5),
            "SF%s" % d(6),
            "PVM-%s/%s" % (d(2), d(4)),
            "ORD-%s" % d(7),
            "No. %s" % d(6),
            "R-%s-%s" % (d(3), d(3)),
        ]
    )


def phone_like_invoice(rng: random.Random) -> str:
    """An invoice/order number shaped like a phone number (keep)."""
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    return rng.choice(
        ["SF 612 %s" % d(5), "Nr. 2026-%s-%s" % (d(3), d(4)), "ORD %s %s %s" % (d(3), d(3), d(3))]
    )


def ticket_no(rng: random.Random) -> str:
    return rng.choice(["#%d", "HD-%d", "TCK-%d", "INC%07d"]) % rng.randint(10000, 99999)


def error_code(rng: random.Random) -> str:
    return rng.choice(
        [
            "ERR_TIMEOUT_504",
            "E%d" % rng.randint(1000, 9999),
            "HTTP 503",
            "SQLSTATE 23505",
            "ORA-%05d" % rng.randint(1, 20000),
            "0x8007%04X" % rng.randint(0, 65535),
        ]
    )

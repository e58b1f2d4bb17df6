"""Structure-level evaluation: documents as positioned word boxes (what OCR / a PDF text layer
gives), through TextMap + the analyzer, scored per structure.

Structures: tables with separate first-name / surname columns (read row by row or, as Tesseract
often does, column by column), key-value cards (label left, value right), forms (label above value),
a spreadsheet formula bar, addresses split over cells and lines (city first, ``k-2``, Estonian
streets without a type word, UK / IE postcodes), national phone formats, compact LV personal codes,
names in prose (greeting, signature, pair). Hard negatives (company codes, invoice / order numbers,
checksum-failing look-alikes, product tables under "Name") must stay untouched.

Names: with ``--holdout 0.3`` (default) a deterministic 30 % of the project's own name lists is
withheld from the recognizer (``SARGAS_NAME_HOLDOUT``) and person values are drawn only from that
withheld part; ``--faker`` draws them from Faker locales the lists are not built from instead.

    python bench/structure_text.py [--docs 40] [--seed 3] [--holdout 0.3] [--faker] [--show]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CW, LH, ROW = 7.0, 16.0, 26.0  # char width, word height, row pitch (pixels)
HEADERS = {
    "lt": dict(
        first="Vardas",
        last="Pavardė",
        phone="Tel.",
        city="Miestas",
        post="Pašto kodas",
        street="Adresas",
        code="Asmens kodas",
        name="Vardas, pavardė",
        company="Įmonės kodas",
        invoice="Sąskaitos Nr.",
        hello="Sveiki,",
        bye="Pagarbiai,",
        house="Namo nr.",
    ),
    "lv": dict(
        first="Vārds",
        last="Uzvārds",
        phone="Tālr.",
        city="Pilsēta",
        post="Pasta indekss",
        street="Adrese",
        code="Personas kods",
        name="Vārds, uzvārds",
        company="Reģ. Nr.",
        invoice="Rēķina Nr.",
        hello="Labdien,",
        bye="Ar cieņu,",
        house="Mājas nr.",
    ),
    "ru": dict(
        first="Имя",
        last="Фамилия",
        phone="Телефон",
        city="Город",
        post="Индекс",
        street="Адрес",
        code="Личный код",
        name="ФИО",
        company="ОГРН",
        invoice="Счёт №",
        hello="Здравствуйте,",
        bye="С уважением,",
        house="Дом",
    ),
    "et": dict(
        first="Eesnimi",
        last="Perekonnanimi",
        phone="Telefon",
        city="Linn",
        post="Postiindeks",
        street="Aadress",
        code="Isikukood",
        name="Nimi",
        company="Registrikood",
        invoice="Arve nr",
        hello="Tere,",
        bye="Lugupidamisega,",
        house="Maja",
    ),
    "en": dict(
        first="First name",
        last="Surname",
        phone="Phone",
        city="City",
        post="Postcode",
        street="Address",
        code="Personal code",
        name="Full name",
        company="Company no.",
        invoice="Invoice no.",
        hello="Dear",
        bye="Kind regards,",
        house="House no.",
    ),
}
STREETS = {
    "lt": ["{n} g. {h}", "{n} pr. {h}", "{n} g. {h} k-2", "{n} g. {h}-{f}"],
    "lv": ["{n} iela {h}", "{n} iela {h}-{f}", "{n} gatve {h} k-2"],
    "ru": ["ул. {n}, д. {h}", "ул. {n}, д. {h}, кв. {f}", "{n} ул., {h}"],
    "et": ["{n} {h}", "{n} {h}-{f}", "{n} tn {h}"],
    "en": ["{h} {n} Road", "{h} {n} Street", "Flat {f}, {h} {n} Lane"],
}
STREET_NAMES = {
    "lt": ["Ąžuolyno", "Kalvarijų", "Ulonų", "Paupio", "Dariaus ir Girėno", "Jovarų"],
    "lv": ["Cēsu", "Ganību", "Dzirnavu", "Miera", "Krišjāņa Barona", "Avotu"],
    "ru": ["Пушкина", "Гагарина", "Садовая", "Лесная", "Школьная"],
    "et": ["Kalda", "Mustamäe", "Sõle", "Vabaduse", "Männi"],
    "en": ["Harbour", "Mill", "Orchard", "Station", "Church"],
}
CITIES = {
    "lt": ["Marijampolė", "Utena", "Kėdainiai", "Telšiai"],
    "lv": ["Ogre", "Tukums", "Cēsis", "Sigulda"],
    "ru": ["Тверь", "Вологда", "Смоленск"],
    "et": ["Rakvere", "Viljandi", "Haapsalu"],
    "en": ["Leeds", "Bristol", "Galway", "Cork"],
}


def post(rng: random.Random, lang: str) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return {
        "lt": rng.choice([f"LT-{d(5)}", d(5)]),
        "lv": f"LV-{d(4)}",
        "ru": "1" + d(5),
        "et": "1" + d(4),
        "en": rng.choice(
            [
                f"LS{rng.randint(1, 9)} {d(1)}QX",
                f"BS{rng.randint(1, 20)} {d(1)}AB",
                f"H91 {rng.choice('ACDEFHK')}{d(1)}{rng.choice('PRTVWXY')}{d(1)}",
            ]
        ),
    }[lang]


def phone(rng: random.Random, lang: str) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice(
        {
            "lt": [
                f"8 6{d(2)} {d(5)}",
                f"86{d(7)}",
                f"(8-6{d(2)}) {d(5)}",
                f"8-6{d(2)}-{d(5)}",
                f"6{d(2)} {d(5)}",
                f"0 6{d(2)} {d(5)}",
                f"(8 5) 2{d(2)} {d(4)}",
                f"8 37 {d(6)}",
            ],
            "lv": [f"2{d(7)}", f"2{d(3)} {d(4)}", f"2{d(1)} {d(3)} {d(3)}", f"67{d(6)}", f"6{d(3)} {d(4)}"],
            "ru": [
                f"8 (9{d(2)}) {d(3)}-{d(2)}-{d(2)}",
                f"89{d(9)}",
                f"8-9{d(2)}-{d(3)}-{d(2)}-{d(2)}",
                f"(495) {d(3)}-{d(2)}-{d(2)}",
                f"9{d(2)} {d(3)} {d(2)} {d(2)}",
                f"8 812 {d(3)} {d(2)} {d(2)}",
            ],
            "et": [f"5{d(3)} {d(4)}", f"5{d(6)}", f"6{d(2)} {d(4)}", f"5{d(2)} {d(4)}"],
            "en": [f"07{d(3)} {d(6)}", f"020 {d(4)} {d(4)}", f"08{d(1)} {d(3)} {d(4)}"],
        }[lang]
    )


def lv_new_code(rng: random.Random) -> str:
    from stdnum.lv import pvn

    while True:
        body = "32" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        code = body + pvn.calc_check_digit_pers(body)
        if pvn.is_valid(code):
            return code


def bad_lv_code(rng: random.Random) -> str:
    from stdnum.lv import pvn

    code = lv_new_code(rng)
    return code[:-1] + str((int(code[-1]) + 1 + rng.randint(0, 8)) % 10) if pvn.is_valid(code) else code


class Page:
    """Positioned words; ``gold`` (start, end, kind, category) and ``keep`` as word-index ranges."""

    def __init__(self) -> None:
        self.words: list = []
        self.gold: list[tuple[int, int, str]] = []  # (first word, last word + 1, category)
        self.keep: list[tuple[int, int, str]] = []
        self.block = 0

    def put(self, text: str, x: float, y: float, line: tuple, tag: tuple[str, str] | None = None) -> float:
        from redactor.ocr import Word

        i0 = len(self.words)
        for tok in text.split():
            w = len(tok) * CW
            self.words.append(Word(tok, (x, y, x + w, y + LH), line, 95.0))
            x += w + CW
        if tag:
            (self.gold if tag[0] == "pii" else self.keep).append((i0, len(self.words), tag[1]))
        return x

    def row(self, cells: list[tuple[str, tuple | None]], y: float, xs: list[float], by_column=False) -> None:
        self.block += 1
        for k, (text, tag) in enumerate(cells):
            line = (self.block, k) if by_column else (self.block, 0)
            self.put(text, xs[k], y, line, tag)


def _names(rng, pool, n=1):
    return [rng.choice(pool) for _ in range(n)]


def make(rng: random.Random, lang: str, firsts: list[str], lasts: list[str]) -> Page:
    h = HEADERS[lang]
    p = Page()
    y = 20.0
    kind = rng.choice(["table", "card", "form", "formula", "address", "prose", "negatives"])
    pii = lambda cat: ("pii", cat)  # noqa: E731
    keep = lambda cat: ("keep", cat)  # noqa: E731
    if kind in ("table", "formula"):
        by_col = rng.random() < 0.4
        xs = [40, 200, 380, 560, 720]
        rows = [(rng.choice(firsts), rng.choice(lasts)) for _ in range(rng.randint(2, 6))]
        if kind == "formula":  # the selected cell's value, shown again in the formula bar
            p.row(
                [
                    (f"C{rng.randint(2, 40)}", None),
                    ("fx", None),
                    (rng.choice(rng.choice(rows)), pii("formula_bar")),
                ],
                y,
                [10, 60, 100],
            )
            y += ROW * 1.5
            p.row([(c, None) for c in "ABCDE"], y, xs)
            y += ROW
        p.row(
            [
                (h["first"], None),
                (h["last"], None),
                (h["phone"], None),
                (h["city"], None),
                (h["code"] if lang == "lv" else h["post"], None),
            ],
            y,
            xs,
            by_col,
        )
        for f, la in rows:
            y += ROW
            last_col = (
                (lv_new_code(rng), pii("lv_compact_code"))
                if lang == "lv"
                else (post(rng, lang), pii("address_split"))
            )
            p.row(
                [
                    (f, pii("name_columns")),
                    (la, pii("name_columns")),
                    (phone(rng, lang), pii("national_phone")),
                    (rng.choice(CITIES[lang]), pii("address_split")),
                    last_col,
                ],
                y,
                xs,
                by_col,
            )
    elif kind == "card":
        gap = rng.choice([160, 220])
        for label, value, cat in [
            (h["first"], rng.choice(firsts), "lone_name_field"),
            (h["last"], rng.choice(lasts), "lone_name_field"),
            (
                h["street"],
                rng.choice(STREETS[lang]).format(
                    n=rng.choice(STREET_NAMES[lang]), h=rng.randint(1, 120), f=rng.randint(1, 80)
                ),
                "address_split",
            ),
            (h["house"], f"{rng.randint(1, 99)}{rng.choice(['', 'A', 'B'])}", "address_split"),
            (h["post"], post(rng, lang), "address_split"),
            (h["city"], rng.choice(CITIES[lang]), "address_split"),
            (h["phone"], phone(rng, lang), "national_phone"),
        ]:
            if rng.random() < 0.25:
                continue
            p.block += 1
            p.put(label + rng.choice(["", ":"]), 40, y, (p.block, 0))
            p.put(value, 40 + gap, y, (p.block + 500, 0), pii(cat))
            y += ROW
        p.block += 1
        p.put(f"{h['company']} 30{rng.randint(1000000, 9999999)}", 40, y, (p.block, 0), keep("company_code"))
    elif kind == "form":
        for label, value, cat in [
            (h["first"], rng.choice(firsts), "lone_name_field"),
            (h["last"], rng.choice(lasts), "lone_name_field"),
            (h["city"], rng.choice(CITIES[lang]), "address_split"),
            (h["post"], post(rng, lang), "address_split"),
        ]:
            p.block += 1
            p.put(label, 40, y, (p.block, 0))
            y += ROW * 0.9
            p.block += 1
            p.put(value, 40, y, (p.block, 0), pii(cat))
            y += ROW * 1.3
    elif kind == "address":
        st = rng.choice(STREETS[lang]).format(
            n=rng.choice(STREET_NAMES[lang]), h=rng.randint(1, 120), f=rng.randint(1, 80)
        )
        city, pc = rng.choice(CITIES[lang]), post(rng, lang)
        form = rng.choice(["cells", "lines", "city_first"])
        p.block += 1
        p.put(rng.choice(firsts) + " " + rng.choice(lasts), 40, y, (p.block, 0), pii("prose_name"))
        y += ROW
        if form == "cells":
            p.row([(st, pii("address_split")), (f"{pc} {city}", pii("address_split"))], y, [40, 320])
        elif form == "lines":
            p.block += 1
            p.put(st, 40, y, (p.block, 0), pii("address_split"))
            y += ROW
            p.block += 1
            p.put(f"{pc} {city}", 40, y, (p.block, 0), pii("address_split"))
        else:
            p.block += 1
            p.put(f"{city}, {st}", 40, y, (p.block, 0), pii("address_split"))
        y += ROW * 2
        p.block += 1
        p.put(f"{h['invoice']} 2025-{rng.randint(10000, 99999)}", 40, y, (p.block, 0), keep("invoice_no"))
    elif kind == "prose":
        f, la = rng.choice(firsts), rng.choice(lasts)
        p.block += 1
        x = p.put(h["hello"], 40, y, (p.block, 0))
        p.put(f"{f} {la},", x, y, (p.block, 0), pii("prose_name"))
        y += ROW * 2
        p.block += 1
        x = p.put(
            {"lt": "Skambinkite", "lv": "Zvaniet", "ru": "Позвоните", "et": "Helistage", "en": "Call me on"}[
                lang
            ],
            40,
            y,
            (p.block, 0),
        )
        p.put(phone(rng, lang), x, y, (p.block, 0), pii("national_phone"))
        y += ROW * 2
        p.block += 1
        p.put(h["bye"], 40, y, (p.block, 0))
        y += ROW
        p.block += 1
        p.put(f"{rng.choice(firsts)} {rng.choice(lasts)}", 40, y, (p.block, 0), pii("prose_name"))
    else:
        xs = [40, 120, 360, 460]
        p.row(
            [
                ("Nr.", None),
                (
                    "Name"
                    if lang == "en"
                    else {"lt": "Pavadinimas", "lv": "Nosaukums", "ru": "Наименование", "et": "Nimetus"}[
                        lang
                    ],
                    None,
                ),
                ("Qty", None),
                ("Sum", None),
            ],
            y,
            xs,
        )
        for k, item in enumerate(
            rng.sample(
                ["Laptop Stand", "Office Chair", "Paper A4", "Toner Cartridge", "Desk Lamp", "Cable Set"], 3
            )
        ):
            y += ROW
            p.row(
                [
                    (str(k + 1), keep("row_no")),
                    (item, keep("product")),
                    (str(rng.randint(1, 9)), None),
                    (f"{rng.randint(10, 999)}.{rng.randint(10, 99)}", keep("amount")),
                ],
                y,
                xs,
            )
        y += ROW * 2
        p.block += 1
        p.put(f"Order #{rng.randint(10**7, 10**8 - 1)}", 40, y, (p.block, 0), keep("order_no"))
        y += ROW
        p.block += 1
        p.put(f"Ref {bad_lv_code(rng)}", 40, y, (p.block, 0), keep("bad_checksum_code"))
        y += ROW
        p.block += 1
        p.put(f"{h['company']} 1{rng.randint(10**8, 10**9 - 1)}", 40, y, (p.block, 0), keep("company_code"))
    return p


def pools(rng: random.Random, holdout: float, faker: bool) -> dict[str, tuple[list[str], list[str]]]:
    from redactor.recognizers.name_lexicon import _lines, fold, held_out

    if faker:
        from faker import Faker

        from redactor.recognizers.name_lexicon import build_lexicon

        lex = build_lexicon()
        known = set(lex["first_full"])
        out = {}
        for lang, loc in {"lt": "cs_CZ", "lv": "hu_HU", "ru": "it_IT", "et": "hr_HR", "en": "sl_SI"}.items():
            f = Faker(loc)
            f.seed_instance(rng.randint(0, 10**6))
            fs = sorted(
                {x for x in (f.first_name() for _ in range(300)) if fold(x) not in known and " " not in x}
            )
            ls = sorted({x for x in (f.last_name() for _ in range(300)) if " " not in x})
            out[lang] = (fs, ls)
        return out
    first = [
        w for w in _lines("first.txt") + _lines("extra_first.txt") if held_out(w, holdout) and len(w) >= 4
    ]
    last = [w for w in _lines("last.txt") if held_out(w, holdout) and len(w) >= 4]
    cap = lambda w: re.sub(r"(^|['’-])(\w)", lambda m: m.group(1) + m.group(2).upper(), w)  # noqa: E731
    first, last = [cap(w) for w in first], [cap(w) for w in last]
    cyr = lambda w: any("\u0400" <= c <= "\u04ff" for c in w)  # noqa: E731
    return {
        lang: ([w for w in first if cyr(w) == (lang == "ru")], [w for w in last if cyr(w) == (lang == "ru")])
        for lang in HEADERS
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=40, help="documents per language")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--holdout", type=float, default=0.3)
    ap.add_argument("--faker", action="store_true", help="names from Faker locales the lists lack")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    if not args.faker and args.holdout:
        os.environ["SARGAS_NAME_HOLDOUT"] = str(args.holdout)
    from redactor.analyzer import analyze
    from redactor.textmap import TextMap

    rng = random.Random(args.seed)
    names = pools(rng, args.holdout, args.faker)
    found, total = defaultdict(int), defaultdict(int)
    kept, ktotal = defaultdict(int), defaultdict(int)
    for lang in HEADERS:
        firsts, lasts = names[lang]
        for _ in range(args.docs):
            p = make(rng, lang, firsts, lasts)
            tm = TextMap([p.words])
            spans = analyze(tm.text)
            covered = bytearray(len(tm.text) + 1)
            for s in spans:
                covered[s.start : s.end] = b"\x01" * (s.end - s.start)
            for a, b, cat in p.gold:
                s, e = tm.starts[a], tm.starts[b - 1] + len(p.words[b - 1].text)
                ok = all(covered[i] or tm.text[i] in " \n,;:" for i in range(s, e))
                total[cat] += 1
                total["ALL"] += 1
                found[cat] += ok
                found["ALL"] += ok
                if not ok and args.show:
                    print("MISS", cat, lang, repr(tm.text[s:e]))
            for a, b, cat in p.keep:
                s, e = tm.starts[a], tm.starts[b - 1] + len(p.words[b - 1].text)
                ok = not any(covered[s:e])
                ktotal[cat] += 1
                ktotal["ALL"] += 1
                kept[cat] += ok
                kept["ALL"] += ok
                if not ok and args.show:
                    print("LOST", cat, lang, repr(tm.text[s:e]))
    print(f"{'category':22} {'gold':>5} {'recall':>7}")
    for cat in sorted(total, key=lambda c: (c == "ALL", c)):
        print(f"{cat:22} {total[cat]:5} {found[cat] / total[cat]:7.3f}")
    print(f"{'hard negative':22} {'items':>5} {'kept':>7}")
    for cat in sorted(ktotal, key=lambda c: (c == "ALL", c)):
        print(f"{cat:22} {ktotal[cat]:5} {kept[cat] / ktotal[cat]:7.3f}")


if __name__ == "__main__":
    main()

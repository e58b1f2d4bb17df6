"""Text-level evaluation of redactor.analyzer: precision / recall / F2 per entity and language.

Labelled documents are generated deterministically from Faker's lt_LT / lv_LV / ru_RU / en_GB /
et_EE name data, valid numbers computed here (personal codes, IBANs, cards), local phone formats,
and hand-written templates (forms, chats, e-mails, inflected names), plus PII-free sentences for
false positives. Recall counts a gold value as found when predicted spans cover all of its
characters (what redaction needs); precision counts predicted spans that touch no gold value.

    python bench/eval_text.py [--docs 60] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker  # noqa: E402
from stdnum import iban as std_iban  # noqa: E402
from stdnum import luhn  # noqa: E402
from stdnum.ee import ik  # noqa: E402
from stdnum.lv import pvn  # noqa: E402

LOCALES = {"lt": "lt_LT", "lv": "lv_LV", "ru": "ru_RU", "en": "en_GB"}
STREETS = {
    "lt": (
        ["Taikos", "Liepų", "Žirmūnų", "Savanorių", "Vytauto", "Kęstučio", "Ąžuolų"],
        ["g.", "pr.", "al."],
    ),
    "lv": (["Brīvības", "Elizabetes", "Rīgas", "Tērbatas", "Maskavas", "Lāčplēša"], ["iela", "gatve"]),
    "ee": (["Pärnu", "Tähe", "Narva", "Sõpruse", "Tartu"], ["mnt", "tn", "pst"]),
    "ru": (["Ленина", "Мира", "Садовая", "Невский", "Малая"], ["ул."]),
}
CITIES = {
    "lt": ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai"],
    "lv": ["Rīga", "Jelgava", "Liepāja", "Valmiera"],
    "ee": ["Tallinn", "Tartu", "Pärnu"],
    "ru": ["Москва", "Калининград", "Псков"],
}
LABELS = {
    "lt": dict(
        name="Vardas, pavardė",
        code="Asmens kodas",
        dob="Gimimo data",
        phone="Tel.",
        email="El. paštas",
        addr="Adresas",
        iban="Sąskaitos nr.",
        card="Mokėjimo kortelė",
        doc="Paso nr.",
        hello="Sveiki",
        bye="Pagarbiai",
        text="Prašau pakeisti kliento duomenis sistemoje.",
    ),
    "lv": dict(
        name="Vārds, uzvārds",
        code="Personas kods",
        dob="Dzimšanas datums",
        phone="Tālrunis",
        email="E-pasts",
        addr="Adrese",
        iban="Konta nr.",
        card="Maksājumu karte",
        doc="Pases nr.",
        hello="Labdien",
        bye="Ar cieņu",
        text="Lūdzu mainīt klienta datus sistēmā.",
    ),
    "ru": dict(
        name="ФИО",
        code="Личный код",
        dob="Дата рождения",
        phone="Телефон",
        email="Эл. почта",
        addr="Адрес",
        iban="Счёт",
        card="Карта",
        doc="Паспорт",
        hello="Здравствуйте",
        bye="С уважением",
        text="Прошу исправить данные клиента в программе.",
    ),
    "en": dict(
        name="Name",
        code="Personal code",
        dob="Date of birth",
        phone="Phone",
        email="E-mail",
        addr="Address",
        iban="IBAN",
        card="Card",
        doc="Passport no.",
        hello="Dear",
        bye="Kind regards",
        text="Please update the customer record in the system.",
    ),
}
NEGATIVE = [
    "UAB „Žalias kelias“ sąskaita KEL-2026/5317 už 3 468,31 EUR apmokėta 2026-03-24.",
    "Užklausa HD-2026-02603 užregistruota. Prašome atnaujinti Apskaita360 ir bandyti dar kartą.",
    'SIA "Zaļā josta", Reģ. nr. 40008376548, rēķins JOS-2025/8849 par 3 513,57 EUR.',
    "ООО «Балтснаб», Рег. номер 12830088, счёт BAL-2025/8377 от 01.04.2025 на 3 860,70 EUR.",
    "Модуль «Склад» не сохраняет документ, ошибка ERR_PRINT_SPOOLER в программе МойСклад.",
    "Amber Trade UAB paid invoice UAB-2026/4199 (EUR 9,967.29) on 28/03/2026. Training (2 h).",
    "Ink cartridge HP 305A, Software licence (1 yr). Northwind OÜ, reg. code 13046537.",
    "Failas Redaguoti Klientai Sąskaitos Ataskaitos Pagalba | Spausdinti Atšaukti Išsaugoti",
    "Version 2.4.1.7 was installed in March; Windows Update error 0x80070005 on Monday.",
    "Kopijavimo popierius A4, 2 vnt. po 12,50 EUR; viso 25,00 EUR; PVM 21 %.",
]


def lt_code(rng: random.Random, born: date) -> str:
    g = (3 if born.year < 2000 else 5) + rng.randint(0, 1)
    body = f"{g}{born:%y%m%d}{rng.randint(0, 999):03d}"
    return body + ik.calc_check_digit(body + "0")


def lv_code(rng: random.Random, born: date) -> str:
    if rng.random() < 0.3:
        return f"32{rng.randint(0, 9999):04d}-{rng.randint(0, 99999):05d}"
    while True:
        body = f"{born:%d%m%y}{1 if born.year < 2000 else 2}{rng.randint(0, 999):03d}"
        check = pvn.calc_check_digit_pers(body)
        if check.isdigit():
            return f"{body[:6]}-{body[6:]}{check}"


def make_iban(rng: random.Random, country: str) -> str:
    bban = {
        "LT": lambda: f"{rng.randint(10000, 99999)}{rng.randint(0, 10**11 - 1):011d}",
        "LV": lambda: "HABA" + f"{rng.randint(0, 10**13 - 1):013d}",
        "EE": lambda: f"{rng.randint(10, 99)}{rng.randint(0, 10**14 - 1):014d}",
    }[country]()
    for cd in range(100):
        cand = f"{country}{cd:02d}{bban}"
        if std_iban.is_valid(cand):
            return " ".join(cand[i : i + 4] for i in range(0, len(cand), 4)) if rng.random() < 0.7 else cand
    raise RuntimeError("no check digits")


def card(rng: random.Random) -> str:
    body = rng.choice("45") + "".join(str(rng.randint(0, 9)) for _ in range(14))
    num = body + luhn.calc_check_digit(body)
    return " ".join(num[i : i + 4] for i in range(0, 16, 4))


def phone(rng: random.Random, lang: str) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice(
        {
            "lt": [f"+370 6{d(2)} {d(5)}", f"8 6{d(2)} {d(5)}", f"+3706{d(7)}"],
            "lv": [f"+371 2{d(7)}", f"2{d(3)} {d(4)}", f"+371 2{d(1)} {d(3)} {d(3)}"],
            "ru": [
                f"+7 (9{d(2)}) {d(3)} {d(2)} {d(2)}",
                f"8 (9{d(2)}) {d(3)}-{d(2)}-{d(2)}",
                f"+7 9{d(2)} {d(3)} {d(4)}",
            ],
            "en": [f"+372 5{d(3)} {d(4)}", f"+370 6{d(2)} {d(5)}", f"+371 2{d(7)}"],
        }[lang]
    )


class Doc:
    def __init__(self, lang: str) -> None:
        self.lang, self.text, self.gold = lang, "", []

    def add(self, s: str, kind: str | None = None) -> None:
        if kind:
            self.gold.append((len(self.text), len(self.text) + len(s), kind))
        self.text += s


def inflect(lang: str, first: str, last: str) -> str:
    """A dative / genitive form as clients write it (simple rules; unknown endings stay)."""
    if lang == "lt":
        f = (
            first[:-2] + "ui"
            if first.endswith("as")
            else first[:-1] + "ei"
            if first.endswith("ė")
            else first + "i"
            if first.endswith("a")
            else first
        )
        la = last[:-2] + "ui" if last.endswith("as") else last[:-1] + "ei" if last.endswith("ė") else last
        return f"{f} {la}"
    if lang == "ru":
        f = first[:-1] + "е" if first.endswith("а") else first + "у"
        la = last[:-1] + "ой" if last.endswith("а") else last + "у"
        return f"{f} {la}"
    if lang == "lv":
        gen = lambda w: w[:-2] + "a" if w.endswith("is") else w[:-1] + "a" if w.endswith("s") else w  # noqa: E731
        return f"{gen(first)} {gen(last)}"
    return f"{first} {last}"


UNSEEN_LOCALES = ["hr_HR", "cs_CZ", "sl_SI", "sk_SK", "hu_HU", "nl_NL", "sv_SE", "da_DK", "it_IT", "pt_PT"]


def unseen_names(rng: random.Random) -> tuple[list[str], list[str]]:
    """First / last names from Faker locales the gazetteers are NOT built from, minus any listed name:
    a stress test of context + morphology for names the lexicon has never seen."""
    from redactor.recognizers.name_lexicon import fold, lexicon

    known = lexicon()["first_full"]
    firsts: set[str] = set()
    lasts: set[str] = set()
    for loc in UNSEEN_LOCALES:
        f = Faker(loc)
        f.seed_instance(rng.randint(0, 10**6))
        for _ in range(60):
            a, b = f.first_name(), f.last_name()
            if fold(a) not in known and " " not in a:
                firsts.add(a)
            if " " not in b:
                lasts.add(b)
    return sorted(firsts), sorted(lasts)


UNSEEN: tuple[list[str], list[str]] | None = None


def make_doc(rng: random.Random, fakers: dict[str, Faker], lang: str) -> Doc:
    fk, lab, doc = fakers[lang], LABELS[lang], Doc(lang)
    first, last = fk.first_name(), fk.last_name()
    if UNSEEN:
        first, last = rng.choice(UNSEEN[0]), rng.choice(UNSEEN[1])
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
    country = {"lt": "LT", "lv": "LV", "ru": "EE", "en": rng.choice(["LT", "LV", "EE"])}[lang]
    code_kind, code = {
        "LT": ("LT_PERSONAL_CODE", lt_code(rng, born)),
        "LV": ("LV_PERSONAL_CODE", lv_code(rng, born)),
        "EE": ("EE_PERSONAL_CODE", lt_code(rng, born)),
    }[country]
    sk = {"LT": "lt", "LV": "lv", "EE": "ee"}[country] if lang != "ru" or rng.random() < 0.5 else "ru"
    streets, words = STREETS[sk]
    num = f"{rng.randint(1, 150)}-{rng.randint(1, 90)}"
    if sk == "ru":
        addr = (
            f"{rng.choice(words)} {rng.choice(streets)}, д. {rng.randint(1, 150)}, кв. {rng.randint(1, 90)}, "
            f"{rng.randint(100000, 999999)} {rng.choice(CITIES['ru'])}"
        )
    else:
        street = f"{rng.choice(streets)} {rng.choice(words)} {num}"
        city = rng.choice(CITIES[sk])
        addr = {
            "lv": f"{street}, {city}, LV-{rng.randint(1000, 5999)}",
            "ee": f"{street}, {rng.randint(10000, 99999)} {city}",
            "lt": f"{street}, LT-{rng.randint(10000, 99999)} {city}",
        }[sk]
    domain = rng.choice(["gmail.com", "inbox.lv", "takas.lt", "mail.ru", "outlook.com"])
    email = f"{Faker('en_GB').user_name()}@{domain}"
    dob = born.strftime(rng.choice(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]))
    name = f"{last} {first}" if rng.random() < 0.3 else f"{first} {last}"
    if rng.random() < 0.2:
        name = name.upper()
    rows = [
        ("name", name, "PERSON"),
        ("code", code, code_kind),
        ("dob", dob, "DATE_OF_BIRTH"),
        ("phone", phone(rng, lang), "PHONE_NUMBER"),
        ("email", email, "EMAIL_ADDRESS"),
        ("addr", addr, "ADDRESS"),
        ("iban", make_iban(rng, country), "IBAN_CODE"),
        ("card", card(rng), "CREDIT_CARD"),
    ]
    rng.shuffle(rows)
    for key, value, kind in rows[: rng.randint(5, 8)]:
        doc.add(f"{lab[key]}: ")
        doc.add(value, kind)
        doc.add("\n")
    doc.add(f"\n{lab['hello']}, ")
    doc.add(first, "PERSON")
    doc.add(f"! {lab['text']} {rng.choice(NEGATIVE)} ")
    doc.add(inflect(lang, first, last), "PERSON")
    doc.add(" IP ")
    doc.add(fk.ipv4_public(), "IP_ADDRESS")
    doc.add(f".\n{lab['bye']},\n")
    f2, l2 = (rng.choice(UNSEEN[0]), rng.choice(UNSEEN[1])) if UNSEEN else (fk.first_name(), fk.last_name())
    doc.add(f"{f2} {l2}", "PERSON")
    doc.add("\n")
    return doc


def evaluate(docs: list[Doc], show_misses: bool = False, by_lang: bool = False) -> None:
    from redactor.analyzer import analyze

    tp: dict[tuple[str, str], int] = defaultdict(int)
    fn: dict[tuple[str, str], int] = defaultdict(int)
    fp: dict[tuple[str, str], int] = defaultdict(int)
    for d in docs:
        spans = analyze(d.text)
        cov = bytearray(len(d.text))
        for s in spans:
            cov[s.start : s.end] = b"\x01" * (s.end - s.start)
        for s, e, kind in d.gold:
            ok = all(cov[i] or d.text[i].isspace() for i in range(s, e))
            for key in ((kind, d.lang), (kind, "all"), ("ALL", d.lang), ("ALL", "all")):
                (tp if ok else fn)[key] += 1
            if show_misses and not ok:
                print(f"  miss {kind:15s} {d.lang} {d.text[max(0, s - 30) : e + 10]!r}")
        for sp in spans:
            if not any(sp.start < e and s < sp.end for s, e, _ in d.gold):
                for key in (
                    (sp.entity_type, d.lang),
                    (sp.entity_type, "all"),
                    ("ALL", d.lang),
                    ("ALL", "all"),
                ):
                    fp[key] += 1
                if show_misses:
                    print(f"  fp   {sp.entity_type:15s} {d.lang} {d.text[sp.start : sp.end]!r}")
    keys = sorted(
        {k for k in list(tp) + list(fn) + list(fp)}, key=lambda k: (k[0] == "ALL", k[0], k[1] != "all", k[1])
    )
    print(f"{'entity':18s} {'lang':4s} {'gold':>5s} {'prec':>6s} {'recall':>7s} {'F2':>6s}")
    for k in keys:
        t, n, p = tp[k], fn[k], fp[k]
        prec = t / (t + p) if t + p else 1.0
        rec = t / (t + n) if t + n else 1.0
        f2 = 5 * prec * rec / (4 * prec + rec) if prec + rec else 0.0
        if by_lang or k[1] == "all" or k[0] == "ALL":
            print(f"{k[0]:18s} {k[1]:4s} {t + n:5d} {prec:6.3f} {rec:7.3f} {f2:6.3f}")


def throughput(docs: list[Doc]) -> None:
    from redactor.analyzer import analyze

    text = "\n\f\n".join(d.text for d in docs)
    while len(text.encode()) < 500_000:
        text += "\n\f\n" + text
    runs = []
    for _ in range(3):
        t = time.process_time()  # CPU time of this process: the figure per core, whatever the machine load
        analyze(text)
        runs.append(time.process_time() - t)
    kb = len(text.encode()) / 1024
    print(
        f"throughput: {kb / statistics.median(runs):.0f} KB/s on {kb:.0f} KB "
        "(CPU time, median of 3, one core)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=60, help="documents per language")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--show", action="store_true", help="print misses and false positives (synthetic data only)"
    )
    ap.add_argument("--unseen", action="store_true", help="person names the gazetteers do not contain")
    ap.add_argument("--by-lang", action="store_true", help="one row per entity and language")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.unseen:
        global UNSEEN
        UNSEEN = unseen_names(rng)
    fakers = {lang: Faker(loc) for lang, loc in LOCALES.items()}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(args.seed + i)
    Faker.seed(args.seed)
    docs = [make_doc(rng, fakers, lang) for lang in LOCALES for _ in range(args.docs)]
    neg = Doc("neg")
    for s in NEGATIVE:
        neg.add(s + "\n")
    t = time.perf_counter()
    c0 = time.process_time()
    from redactor.analyzer import analyze

    analyze("Jonas Petraitis")  # first call loads the lexicon
    print(f"first call (import + lexicon): {time.process_time() - c0:.2f}s CPU")
    evaluate(docs + [neg], args.show, args.by_lang)
    print(f"evaluated {len(docs)} documents + negatives in {time.perf_counter() - t:.1f}s")
    throughput(docs)


if __name__ == "__main__":
    main()

"""Synthetic personal values (codes, phones, IBANs, cards, addresses, ...) and PII-free keep strings.

Every checksummed value is produced by computing its check digit and then validated with
python-stdnum, so a value that the generator calls valid really is valid; the look-alikes are made
invalid on purpose and checked to fail. A failed self-check raises AssertionError (the generator
stops rather than writing a wrong label). All randomness comes from the `random.Random` passed in.
"""

from __future__ import annotations

import datetime as dt
import random
import string

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ee import ik as ee_ik
from stdnum.lt import asmens as lt_asmens
from stdnum.lv import pvn as lv_pvn

COUNTRY = {"lt": "LT", "lv": "LV", "ru": "RU", "en": "GB", "et": "EE"}


def birth_date(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1941, 2006), rng.randint(1, 12), rng.randint(1, 28))


def fmt_date(d: dt.date, lang: str, rng: random.Random) -> str:
    forms = {
        "lt": ["%Y-%m-%d", "%Y.%m.%d"],
        "lv": ["%d.%m.%Y", "%d.%m.%Y."],
        "et": ["%d.%m.%Y"],
        "ru": ["%d.%m.%Y"],
        "en": ["%d/%m/%Y", "%d %b %Y"],
    }[lang]
    return d.strftime(rng.choice(forms))


# ---------------------------------------------------------------- personal codes
def lt_code(rng: random.Random, female: bool, d: dt.date | None = None) -> str:
    d = d or birth_date(rng)
    century = 3 if d.year < 2000 else 5
    head = "%d%s%03d" % (century + int(female), d.strftime("%y%m%d"), rng.randint(0, 999))
    code = head + ee_ik.calc_check_digit(head + "0")
    assert lt_asmens.is_valid(code), code
    return code


def ee_code(rng: random.Random, female: bool, d: dt.date | None = None) -> str:
    d = d or birth_date(rng)
    century = 3 if d.year < 2000 else 5
    head = "%d%s%03d" % (century + int(female), d.strftime("%y%m%d"), rng.randint(0, 999))
    code = head + ee_ik.calc_check_digit(head + "0")
    assert ee_ik.is_valid(code), code
    return code


def lv_code(
    rng: random.Random, new: bool | None = None, hyphen: bool = True, d: dt.date | None = None
) -> str:
    """Old format DDMMYY-CNNNN(check) or new 32NNNN-NNNN(check); `hyphen=False` -> 11 digits."""
    if new is None:
        new = rng.random() < 0.5
    if new:
        head = "32" + "".join(rng.choice(string.digits) for _ in range(8))
    else:
        d = d or birth_date(rng)
        century = {18: 0, 19: 1, 20: 2}[d.year // 100]
        head = d.strftime("%d%m%y") + str(century) + "%03d" % rng.randint(0, 999)
    code = head + lv_pvn.calc_check_digit_pers(head)
    assert lv_pvn.is_valid(code), code
    return code if not hyphen else code[:6] + "-" + code[6:]


def personal_code(rng: random.Random, lang: str, female: bool, d: dt.date) -> tuple[str, str, list[str]]:
    """-> (kind, text, tags) of the national personal code of `lang`'s country."""
    if lang == "lt":
        return "LT_PERSONAL_CODE", lt_code(rng, female, d), []
    if lang == "lv":
        new = rng.random() < 0.5
        hyphen = rng.random() < 0.5
        tags = ["lv_new_code" if new else "lv_old_code"] + ([] if hyphen else ["lv_compact_code"])
        return "LV_PERSONAL_CODE", lv_code(rng, new, hyphen, d), tags
    if lang == "et":
        return "EE_PERSONAL_CODE", ee_code(rng, female, d), []
    if lang == "ru":  # SNILS: 123-456-789 01 with its check number
        digits = [rng.randint(0, 9) for _ in range(9)]
        s = sum(v * (9 - i) for i, v in enumerate(digits)) % 101 % 100
        t = "".join(map(str, digits))
        return "RU_SNILS", "%s-%s-%s %02d" % (t[:3], t[3:6], t[6:], s), []
    # en: UK National Insurance number
    letters = "ABCEGHJKLMNPRSTWXYZ"
    ni = "%s%s %02d %02d %02d %s" % (
        rng.choice(letters),
        rng.choice(letters),
        rng.randint(10, 99),
        rng.randint(10, 99),
        rng.randint(10, 99),
        rng.choice("ABCD"),
    )
    return "ID_DOCUMENT", ni, []


def bad_code(rng: random.Random, lang: str) -> str:
    """A personal-code look-alike whose checksum fails (a keep string)."""
    make = {
        "lt": lambda: lt_code(rng, False),
        "et": lambda: ee_code(rng, False),
        "lv": lambda: lv_code(rng, False, False),
    }.get(lang, lambda: lt_code(rng, True))
    for _ in range(100):  # also invalid as any other 11-digit code stdnum knows here (LV VAT, ...)
        good = make()
        bad = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)
        if not (lt_asmens.is_valid(bad) or ee_ik.is_valid(bad) or lv_pvn.is_valid(bad)):
            return bad
    raise AssertionError("no checksum-failing look-alike found")


# ---------------------------------------------------------------- documents, phones
def id_document(rng: random.Random, lang: str) -> str:
    dig = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    up = lambda n: "".join(rng.choice("ABCEHKMPTX") for _ in range(n))  # noqa: E731
    return {
        "lt": lambda: rng.choice([dig(8), "LT" + dig(7)]),
        "lv": lambda: rng.choice(["PA" + dig(7), "LV" + dig(7)]),
        "et": lambda: rng.choice(["AB" + dig(7), "K" + dig(7)]),
        "ru": lambda: "%s %s %s" % (dig(2), dig(2), dig(6)),
        "en": lambda: rng.choice([dig(9), up(2) + dig(7)]),
    }[lang]()


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def phone(rng: random.Random, lang: str) -> tuple[str, list[str]]:
    """-> (phone text, tags); tag `national_phone` when written without the country code."""
    r = rng.random()
    if lang == "lt":
        sub = "6" + _d(rng, 7)
        forms = [
            "+370 %s %s" % (sub[:3], sub[3:]),
            "+370%s" % sub,
            "8 %s %s" % (sub[:3], sub[3:]),
            "8%s" % sub,
            "8-%s-%s" % (sub[:3], sub[3:]),
            "(8 5) %s %s" % (_d(rng, 3), _d(rng, 4)),
            "8 (%s) %s" % (sub[:3], sub[3:]),
        ]
    elif lang == "lv":
        sub = "2" + _d(rng, 7)
        fixed = "67" + _d(rng, 6)
        forms = [
            "+371 %s" % sub,
            "+371 %s %s %s" % (sub[:2], sub[2:5], sub[5:]),
            "%s %s %s" % (sub[:2], sub[2:5], sub[5:]),
            sub,
            "%s %s" % (fixed[:4], fixed[4:]),
            "(+371) %s" % sub,
            "%s-%s" % (sub[:4], sub[4:]),
        ]
    elif lang == "et":
        sub = "5" + _d(rng, 6 + rng.randint(0, 1))
        forms = [
            "+372 %s %s" % (sub[:4], sub[4:]),
            "%s %s" % (sub[:4], sub[4:]),
            sub,
            "+372%s" % sub,
            "6%s %s" % (_d(rng, 2), _d(rng, 4)),
        ]
    elif lang == "ru":
        a, b, c, e = "9" + _d(rng, 2), _d(rng, 3), _d(rng, 2), _d(rng, 2)
        forms = [
            "+7 (%s) %s-%s-%s" % (a, b, c, e),
            "8 (%s) %s-%s-%s" % (a, b, c, e),
            "8 %s %s %s %s" % (a, b, c, e),
            "+7%s%s%s%s" % (a, b, c, e),
            "8%s%s%s%s" % (a, b, c, e),
            "(812) %s-%s-%s" % (b, c, e),
        ]
    else:
        sub = "7" + _d(rng, 9)
        forms = [
            "+44 %s %s" % (sub[:4], sub[4:]),
            "0%s %s" % (sub[:4], sub[4:]),
            "0%s" % sub,
            "(020) %s %s" % (_d(rng, 4), _d(rng, 4)),
            "+353 8%s %s %s" % (_d(rng, 1), _d(rng, 3), _d(rng, 4)),
        ]
    text = forms[int(r * len(forms))]
    national = not text.lstrip("(").startswith("+")
    return text, (["national_phone"] if national else [])


# ---------------------------------------------------------------- money
def iban(rng: random.Random, lang: str) -> str:
    cc = {"lt": "LT", "lv": "LV", "et": "EE", "ru": rng.choice(["LT", "LV"]), "en": "GB"}[lang]
    bban = {
        "LT": lambda: rng.choice(["73000", "70440", "40100", "21400"]) + _d(rng, 11),
        "LV": lambda: rng.choice(["HABA", "UNLA", "PARX", "RIKO"]) + _d(rng, 13),
        "EE": lambda: rng.choice(["22", "10", "77"]) + _d(rng, 14),
        "GB": lambda: rng.choice(["NWBK", "BARC", "MIDL"]) + _d(rng, 14),
    }[cc]()
    check = std_iban.calc_check_digits(cc + "00" + bban)
    compact = cc + check + bban
    assert std_iban.is_valid(compact), compact
    return std_iban.format(compact) if rng.random() < 0.7 else compact


def card(rng: random.Random) -> str:
    head = rng.choice(["4", "51", "52", "55", "2221"]) + ""
    body = head + _d(rng, 15 - len(head))
    num = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(num)
    return " ".join(num[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.8 else num


def money(rng: random.Random, lang: str) -> str:
    v = rng.randint(100, 2_500_000) / 100
    whole, cents = divmod(round(v * 100), 100)
    if lang == "en":
        return "£%s.%02d" % (f"{whole:,}", cents)
    sep = "\u00a0" if lang in ("lt", "lv", "et", "ru") else ","
    w = f"{whole:,}".replace(",", sep)
    return "%s,%02d %s" % (w, cents, "₽" if lang == "ru" else "€")


def ip(rng: random.Random) -> str:
    return "%d.%d.%d.%d" % (
        rng.choice([10, 172, 192, 84, 213]),
        rng.randint(0, 255),
        rng.randint(0, 255),
        rng.randint(1, 254),
    )

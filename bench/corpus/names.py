"""Person names for the corpus, from sources the recognizers do not read, each tagged in/out of list.

Sources: Faker's person providers (lt_LT, lv_LV, et_EE, ru_RU, en_GB) and, when the optional
`names-dataset` package is installed, its per-country first/last names (see names_ext.py). The
project's gazetteers (redactor/data/names) are built from Faker, so Faker names are mostly in list;
names-dataset supplies the out-of-list ones. A name token is `in_list` when the project's lexicon
(redactor.recognizers.name_lexicon.is_first / is_last, i.e. its folded and stemmed lists) knows it;
a whole name is `in_list` only when every token is. Lithuanian feminine surnames are derived from
the masculine ones (-as -> -ienė / -aitė, ...), Latvian/Russian ones come gendered from the source.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from faker import Faker

from . import names_ext

FAKER_LOCALE = {"lt": "lt_LT", "lv": "lv_LV", "et": "et_EE", "ru": "ru_RU", "en": "en_GB"}


@dataclass
class Person:
    first: str
    last: str
    female: bool
    lang: str
    source: str
    first_in: bool = True
    last_in: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def full(self) -> str:
        return "%s %s" % (self.first, self.last)

    def tag_for(self, which: str = "full") -> str:
        ok = {"first": self.first_in, "last": self.last_in, "full": self.first_in and self.last_in}[which]
        return "in_list" if ok else "out_of_list"


def _lt_female_surname(male: str, married: bool) -> str:
    for end, wife, girl in (
        ("as", "ienė", "aitė"),
        ("ys", "ienė", "ytė"),
        ("is", "ienė", "ytė"),
        ("us", "ienė", "utė"),
        ("ius", "ienė", "iūtė"),
    ):
        if male.endswith(end):
            stem = male[: -len(end)]
            if end == "is" and male.endswith("ius"):
                continue
            return stem + (wife if married else girl)
    return male


@lru_cache(maxsize=8)
def _faker_lists(lang: str) -> dict[str, list[str]]:
    f = Faker(FAKER_LOCALE[lang])
    p = f.provider("faker.providers.person")

    def lst(name: str) -> list[str]:
        v = getattr(p, name, None)
        return list(v.keys() if isinstance(v, dict) else v) if v else []

    out = {
        "first_m": lst("first_names_male"),
        "first_f": lst("first_names_female"),
        "last_m": lst("last_names_male"),
        "last_f": lst("last_names_female"),
    }
    both = lst("first_names")
    if not out["first_m"] or not out["first_f"]:
        out["first_f"] = [n for n in both if n[-1] in "aėe"]
        out["first_m"] = [n for n in both if n[-1] not in "aėe"]
    if not out["last_m"]:
        out["last_m"] = lst("last_names")
    return out


_HAS_LEXICON: bool | None = None


def _known(word: str, first: bool) -> bool:
    global _HAS_LEXICON
    try:
        from redactor.recognizers import name_lexicon as lx

        _HAS_LEXICON = True
    except ImportError:  # measuring without the project: everything counts as out of list
        _HAS_LEXICON = False
        return False
    return any((lx.is_first(t) if first else lx.is_last(t)) for t in word.replace("-", " ").split())


def faker_person(rng: random.Random, lang: str) -> Person:
    lists = _faker_lists(lang)
    female = rng.random() < 0.5
    first = rng.choice(lists["first_f" if female else "first_m"])
    if lang == "lt":
        last = rng.choice(lists["last_m"])
        if female:
            last = _lt_female_surname(last, rng.random() < 0.6)
    else:
        pool = lists["last_f"] if female and lists["last_f"] else lists["last_m"]
        last = rng.choice(pool)
    return Person(first, last, female, lang, "faker")


def person(rng: random.Random, lang: str, out_of_list_share: float = 0.6) -> Person:
    """A person of `lang`; with names-dataset installed ~`out_of_list_share` come from it."""
    p = None
    if rng.random() < out_of_list_share:
        got = names_ext.pick(rng, lang)
        if got:
            first, last, female = got
            p = Person(first, last, female, lang, "names_dataset")
        elif lang == "lv":
            f = faker_person(rng, lang)
            p = Person(f.first, names_ext.lv_surname(rng, f.female), f.female, lang, "lv_synth")
    if p is None:
        p = faker_person(rng, lang)
    p.first_in = _known(p.first, True)
    p.last_in = _known(p.last, False)
    return p


def ascii_fold(s: str) -> str:
    tr = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss"})
    s = unicodedata.normalize("NFKD", s.translate(tr))
    s = "".join(c for c in s if not unicodedata.combining(c))
    cyr = dict(
        zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            [
                "a",
                "b",
                "v",
                "g",
                "d",
                "e",
                "e",
                "zh",
                "z",
                "i",
                "y",
                "k",
                "l",
                "m",
                "n",
                "o",
                "p",
                "r",
                "s",
                "t",
                "u",
                "f",
                "kh",
                "ts",
                "ch",
                "sh",
                "shch",
                "",
                "y",
                "",
                "e",
                "yu",
                "ya",
            ],
            strict=True,
        )
    )
    return "".join(cyr.get(c, cyr.get(c.lower(), c)) for c in s.lower())


def email_for(rng: random.Random, p: Person) -> str:
    f, s = ascii_fold(p.first), ascii_fold(p.last)
    local = rng.choice(
        [
            "%s.%s" % (f, s),
            "%s%s" % (f[0], s),
            "%s_%s%d" % (f, s[:3], rng.randint(1, 99)),
            "%s.%s" % (s, f[0]),
        ]
    )
    dom = rng.choice(
        {
            "lt": ["gmail.com", "inbox.lt", "one.lt", "takas.lt"],
            "lv": ["inbox.lv", "gmail.com", "apollo.lv"],
            "et": ["mail.ee", "gmail.com", "hot.ee"],
            "ru": ["mail.ru", "yandex.ru", "gmail.com"],
            "en": ["gmail.com", "outlook.com", "btinternet.com"],
        }[p.lang]
    )
    return "".join(c for c in local if c.isalnum() or c in "._") + "@" + dom


# Lithuanian vocative endings for greetings ("Sveiki, Jonai,")
def lt_vocative(first: str) -> str:
    for end, voc in (("ius", "iau"), ("as", "ai"), ("is", "i"), ("us", "au"), ("ys", "y"), ("ė", "e")):
        if first.endswith(end):
            return first[: -len(end)] + voc
    return first


def faker_overlap(sample: int = 400, seed: int = 7) -> dict[str, float]:
    """Share of Faker name tokens that the project's lexicon does NOT know, per language."""
    rng = random.Random(seed)
    out = {}
    for lang in FAKER_LOCALE:
        miss = 0
        for _ in range(sample):
            p = faker_person(rng, lang)
            miss += (not _known(p.first, True)) + (not _known(p.last, False))
        out[lang] = miss / (2 * sample)
    return out

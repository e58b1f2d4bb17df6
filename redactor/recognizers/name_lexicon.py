"""Name lexicon shared by the person recognizer: gazetteers, folding, stemming, morphology.

Words are compared *folded* (lower-case, diacritics removed, so "Jāņa" ~ "jana") and *stemmed*
(inflection endings of lt / lv / ru stripped), so "Svetlanai" matches "Svetlana" and "Bērziņa"
matches "Bērziņš".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources

_SUFFIXES = sorted(
    """
    ienei ienės ienę ienė iene ienes aitei aitės aitę aitė aite aites ytei ytės ytę ytė yte ytes
    utei utės utę utė ute utes ūtei ūtės ūtė ūtę iaus iams ius iui iuj iu ių io ais ams
    ui uj ą ę į ų as is ys us os es ės ei
    ai au am em im om um a e ė o u i y s š ijai ijos iją ija ijų
    ovičiem ovičam ovich evich ovna evna
    овичем овичу овича ович евичем евичу евича евич ичем ичу ича ич овной овне овну овны овна
    евной евне евну евны евна ичной ичне ичну ичны ична овой евой иной ыной овым евым иным ыным
    ову еву ину ыну ова ева ина ына
    ией ия ий ии ию ого ому ым ом ем ой ей ая ую ый ов ев ин ын а я у ю е ы и о ь
    """.split(),
    key=len,
    reverse=True,
)
_SUFFIX_RX = re.compile("(?:" + "|".join(dict.fromkeys(_SUFFIXES)) + ")$")
_FOLDED_SUFFIX_RX = None

PATRONYMIC = re.compile(
    r"(?:ович|евич|ьич|ич)(?:а|у|ем|е)?$|(?:овн|евн|ичн)(?:а|ы|е|у|ой)$|(?:ovich|evich|ovna|evna)$"
)
SURNAME = re.compile(
    r"(?:(?:ов|ев|ёв|ин|ын|ск|цк)(?:а|у|ым|ом|е|ой|ую|ого|ому|ий|ая|их|ыми)?|енко|ко|ук|юк|чук|ян|дзе|швили|ых|их)$"
    r"|(?:ienė|ienės|ienei|ienę|aitė|aitės|aitei|ytė|ytės|ytei|utė|ūtė|utės|ūtės|auskas|auskui|auskio|inskas|"
    r"iūnas|ūnas|evičius|avičius|ičius|aitis|aičio|ėnas|onis|elis|kis|iņš|iņa|iņam|iņu|ovs|ova|evs|eva|sons|"
    r"ičiui|ičiaus|iaus|auskui|auskiui|ūnui|aičiui|ienės|"
    r"sone|manis|ovas|ovienė|aitytė|ovich|enko|chuk|sky|ska|ski|son|sen|berg|mann|"
    # Latvian, Lithuanian, Estonian, Polish and other surname-forming endings (morphology, no list)
    r"nieks|niece|nieka|ējs|ēja|āns|āne|ovskis|ovska|skis|ckis|ītis|īte|ulis|ule|ēns|ēna|"
    r"avičienė|evičienė|inis|ūnienė|čius|kus|kienė|"
    r"mets|mägi|saar|pere|oja|soo|maa|vere|lepp|kivi|puu|pärn|tamm|nen|"
    r"wicz|czyk|czak|wski|wska|cki|cka|dzki|dzka|czuk|szyn|"
    r"[a-zšž]{2}(?:ov|ev|jov|jev|ova|eva|jeva)|salu|mets|vee)$"
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in w if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Folded stem: strip the longest inflection ending, keep at least 3 letters."""
    w = word.lower()
    m = _SUFFIX_RX.search(w)
    if m and m.start() >= 3:
        w = w[: m.start()]
    return fold(w)


def stems_of(word: str) -> tuple[str, ...]:
    """The stem, and for a word carrying a second ending ("Azraу", "Rūtai") the stem without it."""
    s = stem(word)
    m = _SUFFIX_RX.search(word.lower())
    if m and m.start() >= 4 and m.end() - m.start() <= 2:
        s2 = stem(word[: m.start()])
        if s2 != s and len(s2) >= 3:
            return s, s2
    return (s,)


def _lines(name: str) -> list[str]:
    text = resources.files("redactor.data").joinpath("names", name).read_text(encoding="utf-8")
    return [w for line in text.split("\n") if not line.startswith("#") for w in line.split()]


HOLDOUT_ENV = "SARGAS_NAME_HOLDOUT"


def held_out(word: str, share: float) -> bool:
    """Deterministic split of the name lists for evaluation: ``share`` of the names (by a hash of
    the folded name) are withheld from the recognizer when ``SARGAS_NAME_HOLDOUT`` is set."""
    h = int(hashlib.sha256(fold(word).encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return h < share


def _holdout_share() -> float:
    try:
        return min(max(float(os.environ.get(HOLDOUT_ENV, "0") or 0), 0.0), 1.0)
    except ValueError:
        return 0.0


def build_lexicon(holdout: float = 0.0) -> dict[str, list[str]]:
    """Fold and stem the raw gazetteers (slow: the build script stores the result as JSON).

    ``holdout`` > 0 leaves out that share of the names (evaluation of unseen names only)."""
    first = [w for w in _lines("first.txt") if not (holdout and held_out(w, holdout))]
    curated = [w for w in _lines("extra_first.txt") if not (holdout and held_out(w, holdout))]
    # very short generic-list names ("Ink", "Bo") collide with ordinary words: curated ones only
    first = [w for w in first if len(w) >= 4 or any("\u0400" <= c <= "\u04ff" for c in w)] + curated
    first += [w for w in _lines("first.txt") if len(w) == 2 and "\u0400" <= w[0] <= "\u04ff"
              and not (holdout and held_out(w, holdout))]
    last = [w for w in _lines("last.txt") if not (holdout and held_out(w, holdout))]
    return {
        "first_full": sorted({fold(w) for w in first}),
        "first_stems": sorted({stem(w) for w in first if len(stem(w)) >= 3}),
        "last_stems": sorted({stem(w) for w in last if len(stem(w)) >= 4}),
    }


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    share = _holdout_share()
    try:
        if share:
            raise FileNotFoundError  # an evaluation run without part of the lists
        raw = json.loads(
            resources.files("redactor.data").joinpath("names", "lexicon.json").read_text(encoding="utf-8")
        )
    except FileNotFoundError:
        raw = build_lexicon(share)
    blocked = frozenset(fold(w) for w in _lines("not_names.txt"))
    out = {k: frozenset(v) - blocked if k == "first_full" else frozenset(v) for k, v in raw.items()}
    out["blocked"] = blocked
    return out


def is_blocked(word: str, exact: bool = False) -> bool:
    """A known non-name; ``exact`` only matches the listed form, otherwise also its inflections."""
    lex = lexicon()
    return fold(word) in lex["blocked"] or (not exact and stem(word) in lex["blocked"])


# inflected -> nominative endings tried for short names whose stem is too short ("Яне" -> "Яна")
_CASE_PAIRS = (
    ("е", "а"),
    ("ы", "а"),
    ("у", "а"),
    ("ои", "а"),
    ("еи", "я"),
    ("е", "я"),
    ("и", "я"),
    ("ю", "я"),
    ("а", ""),
    ("у", ""),
    ("ом", ""),
    ("е", ""),
    ("ai", "a"),
    ("os", "a"),
    ("ą", "a"),
    ("o", "as"),
    ("ui", "as"),
    ("a", "s"),
    ("am", "s"),
    ("u", "s"),
    ("as", "a"),
    ("es", "e"),
    ("ei", "e"),
)
STRONG_SURNAME = re.compile(
    r"(?:ienė|ienės|ienei|ienę|aitė|aitės|aitei|ytė|ytės|ytei|iūtė|iūtės|utė|ūtė|"
    r"auskas|auskienė|inskas|evičius|avičius|iņš|енко|ович|евич)$"
)


def blocked_case_form(word: str) -> bool:
    """An inflected form of a listed non-name that is not a form of a listed first name ("Rīgas" ~
    "Rīga", but "Martu" stays a name: it is a form of "Marta" as well as of the month "marts")."""
    lex = lexicon()
    f = fold(word)
    if f in lex["first_full"]:
        return False
    bases = [f[: len(f) - len(a)] + b for a, b in _CASE_PAIRS + (("u", "a"), ("i", "e")) if f.endswith(a)]
    return any(x in lex["blocked"] for x in bases) and not any(x in lex["first_full"] for x in bases)


_OCR_E = str.maketrans("ēéèë", "ėėėė")
_LT_E = re.compile(r"(?:ien|ait|yt|ūt)ė[sj]?$")


def _forms(word: str) -> tuple[str, ...]:
    """The word in lower case, and with a Lithuanian 'ė' of its ending that OCR read as one of its
    look-alikes ('ē', 'é', 'è', 'ë': "Šimonytē", "Ambrasaité") restored."""
    w = word.lower()
    fixed = w[:-4] + w[-4:].translate(_OCR_E)
    # only a Lithuanian feminine ending ("-ienė", "-aitė", "-ytė", "-ūtė"), never a French "-uté"
    return (w, fixed) if fixed != w and _LT_E.search(fixed) else (w,)


def strong_surname(word: str) -> bool:
    return any(STRONG_SURNAME.search(w) for w in _forms(word))


def is_first(word: str) -> bool:
    lex = lexicon()
    f = fold(word)
    if f in lex["first_full"]:
        return True
    for a, b in _CASE_PAIRS:
        if len(f) <= 7 and f.endswith(a) and f[: len(f) - len(a)] + b in lex["first_full"]:
            return True
    s = stem(word)
    # a stem match needs an inflection ending: a bare stem ("Ink") is not a name
    # short stems of plain-ASCII words collide with English plurals ("Sales" ~ "Salė"): need 4 letters
    min_len = 4 if word.isascii() else 3
    return len(s) >= min_len and s != f and s in lex["first_stems"] and len(f) - len(s) <= 4


def is_last(word: str) -> bool:
    return stem(word) in lexicon()["last_stems"]


RU_SURNAME = re.compile(
    r"[а-яё]{2,}(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|е|ою)?$|[а-яё]{2,}(?:ск|цк)(?:ий|ая|ого|ой|ому|ую)$"
)


def ru_surname(word: str) -> bool:
    return bool(RU_SURNAME.search(word.lower()))


def surname_like(word: str) -> bool:
    return any(SURNAME.search(w) for w in _forms(word))


def patronymic(word: str) -> bool:
    return bool(PATRONYMIC.search(word.lower()))

"""Optional second name source: the `names-dataset` package (first/last names ranked per country).

The redactor never reads this package, so most of its names are outside the project's gazetteers.
Its pickles are big (~900 MB in memory), so the first call extracts, in a child process, the
well-ranked, single-word, alphabet-clean names of LT/LV/EE/RU/GB into a small JSON cache
(bench/out/cache/names_dataset.json, git-ignored) and later calls read only that. Without the
package `pick` returns None and the caller falls back to Faker (the manifest then says so through
the `in_list`/`out_of_list` tags).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

CACHE = Path(__file__).resolve().parents[1] / "out" / "cache" / "names_dataset.json"
COUNTRY = {"lt": "LT", "lv": "LV", "et": "EE", "ru": "RU", "en": "GB"}
ALPHABET = {
    "lt": "aąbcčdeęėfghiįyjklmnoprsštuųūvzž",
    "lv": "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž",
    "et": "abdefghijklmnoprsšzžtuvõäöü",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
MAX_RANK = 2500


def _female_surname(lang: str, s: str) -> bool | None:
    """Grammatical gender of a surname from its ending (None: not marked / unknown)."""
    if lang == "lt":
        return True if s.endswith("ė") else (False if s.endswith("s") else None)
    if lang == "lv":
        return True if s[-1] in "ae" else (False if s[-1] in "sš" else None)
    if lang == "ru":
        return True if s[-1] in "ая" else (False if s[-1] in "вннйх" else None)
    return None


def _extract() -> dict:
    import gzip
    import pickle

    import names_dataset

    base = Path(names_dataset.__file__).parent / "v3"
    out: dict = {
        lang: {"first_m": [], "first_f": [], "last_m": [], "last_f": [], "last_x": []} for lang in COUNTRY
    }
    for kind in ("first", "last"):
        with gzip.open(base / ("%s_names.pkl.gz" % kind)) as f:
            data = pickle.load(f)  # noqa: S301 - a package's own data file
        for name, info in data.items():
            ranks = info.get("rank") or {}
            for lang, cc in COUNTRY.items():
                r = ranks.get(cc)
                if r is None or r > MAX_RANK:
                    continue
                low = name.lower()
                if (
                    not (2 < len(name) < 16)
                    or not name[0].isupper()
                    or any(c not in ALPHABET[lang] for c in low)
                ):
                    continue
                if kind == "first":
                    g = info.get("gender") or {}
                    m, fe = g.get("M") or 0.0, g.get("F") or 0.0
                    if max(m, fe) < 0.85:
                        continue
                    out[lang]["first_f" if fe > m else "first_m"].append((r, name))
                else:
                    fem = _female_surname(lang, low)
                    out[lang]["last_x" if fem is None else ("last_f" if fem else "last_m")].append((r, name))
        del data
    return {lang: {k: [n for _, n in sorted(v)] for k, v in d.items()} for lang, d in out.items()}


def build_cache() -> bool:
    """Build the JSON cache in a child process; False when names-dataset is not installed."""
    if os.environ.get("CORPUS_NAMES_DATASET", "1") == "0":  # tests: Faker only, no 900 MB load
        return False
    if CACHE.exists():
        return True
    code = (
        "import json,sys; sys.path.insert(0, %r); from corpus import names_ext as n; "
        "d=n._extract(); n.CACHE.parent.mkdir(parents=True, exist_ok=True); "
        'n.CACHE.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")'
        % str(Path(__file__).resolve().parents[1])
    )
    try:
        import names_dataset  # noqa: F401
    except ImportError:
        return False
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ))
    return CACHE.exists()


@lru_cache(maxsize=1)
def _lists() -> dict | None:
    if not build_cache():
        return None
    return json.loads(CACHE.read_text(encoding="utf-8"))


def pick(rng: random.Random, lang: str) -> tuple[str, str, bool] | None:
    """-> (first, last, female) from names-dataset, gender-agreeing, or None without the package."""
    d = _lists()
    if not d or lang not in d:
        return None
    ls = d[lang]
    female = rng.random() < 0.5
    firsts = ls["first_f" if female else "first_m"]
    lasts = (ls["last_f" if female else "last_m"] or []) + ls["last_x"]
    if lang in ("lt", "lv", "ru"):  # gendered surnames: only the agreeing ones
        lasts = ls["last_f" if female else "last_m"]
    if not firsts or not lasts:
        return None
    first = firsts[
        min(int(rng.paretovariate(1.2)) - 1, len(firsts) - 1)
        if rng.random() < 0.5
        else rng.randrange(len(firsts))
    ]
    last = lasts[rng.randrange(len(lasts))]
    return first, last, female


def is_clean(word: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?", word))


# Latvian: names-dataset has no Latvia, so surnames are composed from noun stems and the usual
# surname suffixes (hand-written for this benchmark; the redactor never reads them). Given names
# then come from Faker. Gender agreement: -iņš/-iņa, -ulis/-ule, -ītis/-īte, -nieks/-niece, -s/-e.
LV_STEMS = [
    "Akmen",
    "Strauj",
    "Smilg",
    "Kārkl",
    "Pūpol",
    "Sniedz",
    "Rudz",
    "Miež",
    "Ābel",
    "Vītol",
    "Egl",
    "Kaln",
    "Purv",
    "Lejn",
    "Krast",
    "Grav",
    "Zvaigzn",
    "Dzērv",
    "Mākon",
    "Ziedon",
    "Sērmauk",
    "Dadz",
    "Lazd",
    "Pīlād",
    "Vanag",
    "Stārķ",
    "Žagat",
    "Kamen",
    "Medn",
    "Ozolkaln",
    "Zīl",
    "Siln",
]
LV_SUFFIX = [
    ("iņš", "iņa"),
    ("ulis", "ule"),
    ("ītis", "īte"),
    ("nieks", "niece"),
    ("enieks", "eniece"),
    ("ājs", "āja"),
]


def lv_surname(rng: random.Random, female: bool) -> str:
    m, f = rng.choice(LV_SUFFIX)
    return rng.choice(LV_STEMS) + (f if female else m)

"""Field labels and column headers (``redactor/data/labels.yaml``) for :mod:`redactor.layout`:
loading, folding (case, trailing punctuation, and for OCR'd labels lost diacritics and spaces) and
"is this cell a label, of which kind" (a label in capitals also as small capitals OCR misread
them: :func:`_near_kind`). Fails loudly (at first use) on a malformed labels file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LABEL_TAIL = re.compile(r"[\s:*.#№\-–]+$")


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Folded label text -> field kind, from ``redactor/data/labels.yaml`` (all languages)."""
    from importlib import resources

    import yaml

    with resources.files("redactor.data").joinpath("labels.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out: dict[str, str] = {}
    for kind, per_lang in raw.items():
        if kind in ("LOOSE", "PLACEHOLDER"):
            continue
        for words in per_lang.values():
            for w in words:
                out[norm_label(w)] = kind
    for key, kind in list(out.items()):  # as OCR reads labels: diacritics lost, words run together
        out.setdefault(_loose_key(key), kind)
    return out


def _loose_key(label: str) -> str:
    """A folded label with diacritics, spaces, dots and hyphens dropped ("Pavardē", "Saskaita",
    "Įmonėskodas", "EL paštas" for "El. paštas")."""
    base = unicodedata.normalize("NFKD", label.replace("ł", "l").replace("ı", "i"))
    return "~" + "".join(ch for ch in base if not unicodedata.combining(ch) and not ch.isspace()
                         and ch not in ".-")


@lru_cache(maxsize=1)
def label_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(loose labels, placeholder values), folded like :func:`norm_label`."""
    from importlib import resources

    import yaml

    with resources.files("redactor.data").joinpath("labels.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return (
        frozenset(norm_label(w) for w in raw["LOOSE"]["all"]),
        frozenset(w.lower() for w in raw["PLACEHOLDER"]["all"]),
    )


def norm_label(s: str) -> str:
    s = s.lower().replace("ё", "е").strip()
    s = LABEL_TAIL.sub("", s)
    return re.sub(r"\s+", " ", re.sub(r"\s*([.,/])\s*", r"\1 ", s)).strip()


def label_kind(cell_text: str) -> str | None:
    """Kind of a cell that is exactly a label ("Pavardė", "Tel.:", "E-mail *"), also with one
    stray capital OCR glued before it ("WVardas")."""
    t = cell_text.strip()
    if not t or len(t) > 40 or any(c.isdigit() for c in t):
        return None
    key = norm_label(t)
    kind = labels().get(key) or labels().get(_loose_key(key)) or _near_kind(key, t)
    if kind is None and len(t) >= 5 and t[0].isupper() and t[1].isupper() and t[2:].islower():
        # a capital glued before a capitalised label: a dark header's border or sort icon read as a
        # letter ("WVardas", confidence 49); only when the rest is exactly a label
        rest = norm_label(t[1:])
        kind = labels().get(rest) or labels().get(_loose_key(rest))
    return kind


NEAR_MIN = 7  # a label in capitals this long may have one letter misread; two when both have 10-11


@lru_cache(maxsize=1)
def _long_keys() -> dict[int, list[tuple[str, str]]]:
    """Loose label keys (no '~') of :data:`NEAR_MIN` letters or more, by length, with their kind."""
    out: dict[int, list[tuple[str, str]]] = {}
    for key, kind in labels().items():
        if key.startswith("~") and len(key) - 1 >= NEAR_MIN:
            out.setdefault(len(key) - 1, []).append((key[1:], kind))
    return out


@lru_cache(maxsize=4096)
def _near_kind(key: str, text: str) -> str | None:
    """Kind of a label in capitals that OCR read with one letter wrong (two from 9 letters) or in
    Cyrillic look-alikes: small capitals of a downscaled card or form ("TULĒFON", "POSTINOEKS",
    "PEGISTRINOOD" under which the values stand). Only a cell wholly in capitals, one or two
    words, and only when every label that near is of one kind; ordinary words and names are
    mixed case or farther from every label, and a word the name lists hold ("VAIDAS", one
    letter from "vardas") is a name."""
    if not text.isupper() or len(text.split()) > 2:
        return None
    from redactor.confusables import TABLE
    from redactor.recognizers.name_lexicon import is_first, is_last

    loose = _loose_key(key.translate(TABLE))[1:]
    n = len(loose)
    if n < NEAR_MIN:
        return None
    if any(is_first(w.capitalize()) or is_last(w.capitalize()) for w in text.split()):
        return None
    most = 1 if n < 10 else 2
    kinds = {kind for m in range(n - most, n + most + 1) for lab, kind in _long_keys().get(m, ())
             if _within(loose, lab, 1 if len(lab) < 11 else most)}
    return kinds.pop() if len(kinds) == 1 else None


def _within(a: str, b: str, most: int) -> bool:
    """Whether the edit distance of ``a`` and ``b`` is at most ``most`` (banded, early exit)."""
    if abs(len(a) - len(b)) > most:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > most:
            return False
        prev = cur
    return prev[-1] <= most


def split_inline(cell_text: str) -> tuple[str, int] | None:
    """``"Vardas: Jonas"`` -> ("GIVEN_NAME", offset of "Jonas"); a colon is required."""
    i = cell_text.find(":")
    if i <= 0 or i > 40:
        return None
    kind = label_kind(cell_text[:i])
    if kind is None:
        return None
    j = i + 1
    while j < len(cell_text) and cell_text[j] in " \t":
        j += 1
    return (kind, j) if j < len(cell_text) else None

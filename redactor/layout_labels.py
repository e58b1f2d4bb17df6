"""Field labels and column headers (``redactor/data/labels.yaml``) for :mod:`redactor.layout`:
loading, folding (case, trailing punctuation, and for OCR'd labels lost diacritics and spaces) and
"is this cell a label, of which kind". Fails loudly (at first use) on a malformed labels file.
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
    """Kind of a cell that is exactly a label ("Pavardė", "Tel.:", "E-mail *")."""
    t = cell_text.strip()
    if not t or len(t) > 40 or any(c.isdigit() for c in t):
        return None
    key = norm_label(t)
    return labels().get(key) or labels().get(_loose_key(key))


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

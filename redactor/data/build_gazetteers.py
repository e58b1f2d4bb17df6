"""Build the name gazetteers in ``redactor/data/names/`` from Faker (MIT) and natasha (MIT).

Run once at build time: ``python -m redactor.data.build_gazetteers``. Output is plain UTF-8, one
lower-case name per line, sorted. Russian names are also transliterated to Latin because
Russian-speaking clients often write their names in Latin script.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

LOCALES = ["lt_LT", "lv_LV", "et_EE", "ru_RU", "uk_UA", "en_GB", "en_US", "en_IE", "pl_PL", "fi_FI", "de_DE"]
TRANSLIT = dict(
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
            "i",
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
OUT = Path(__file__).parent / "names"


def _collect(attr_part: str) -> set[str]:
    names: set[str] = set()
    for loc in LOCALES:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in dir(prov):
            if attr_part in attr and not attr.startswith("_"):
                val = getattr(prov, attr)
                if isinstance(val, dict):
                    val = list(val)
                if isinstance(val, list | tuple | set):
                    names.update(str(v).strip().lower() for v in val if str(v).strip())
    return names


def translit(name: str) -> str:
    return "".join(TRANSLIT.get(c, c) for c in name)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    first = _collect("first_name") | _collect("middle_name")
    try:
        import natasha

        dict_dir = Path(natasha.__file__).parent / "data" / "dict"
        first |= {
            w.strip() for w in (dict_dir / "first.txt").read_text(encoding="utf-8").split("\n") if w.strip()
        }
    except ImportError:
        pass
    last = _collect("last_name")
    for s in (first, last):
        s |= {translit(n) for n in s if any("а" <= c <= "я" for c in n)}
    first = {n for n in first if (len(n) >= 3 or "а" <= n[0] <= "я") and " " not in n}
    last = {n for n in last if len(n) >= 3 and " " not in n}
    (OUT / "first.txt").write_text("\n".join(sorted(first)) + "\n", encoding="utf-8")
    (OUT / "last.txt").write_text("\n".join(sorted(last)) + "\n", encoding="utf-8")
    print(f"first={len(first)} last={len(last)}")
    from redactor.recognizers.name_lexicon import build_lexicon

    (OUT / "lexicon.json").write_text(
        json.dumps(build_lexicon(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


if __name__ == "__main__":
    main()

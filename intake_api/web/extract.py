"""Finds the UI's message ids in the templates and the web modules (``_("…")``, ``N_("…")`` and
``n_("singular", "plural", n)``), so a test can check that every catalog translates all of them."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
_STR = r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\''
SINGLE = re.compile(r"(?<![\w.])(?:page\.)?N?_\(\s*(?:" + _STR + r")")
PLURAL = re.compile(r"(?<![\w.])n_\(\s*(?:" + _STR + r")\s*,\s*(?:" + _STR + r")")


def _pick(groups: tuple[str | None, ...]) -> str:
    return next(g for g in groups if g is not None)


def message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    """(singular msgids, (singular, plural) pairs) used by the web UI."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    files = list((HERE / "templates").glob("*.html")) + [
        p for p in HERE.glob("*.py") if p.name != "extract.py"
    ]
    for f in files:
        text = f.read_text(encoding="utf-8")
        text = re.sub(r"page\._\(", "_(", text)
        for m in PLURAL.finditer(text):
            plurals.add((_pick(m.groups()[:2]), _pick(m.groups()[2:])))
        for m in SINGLE.finditer(text):
            singles.add(_pick(m.groups()))
    return singles, plurals

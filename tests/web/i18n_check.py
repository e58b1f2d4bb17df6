"""Looks for English UI text left on a page shown in another language: every English catalog entry
whose translation differs from the English text must not appear in the page's visible text."""

from __future__ import annotations

import re
from functools import lru_cache

from intake_api.web.i18n import catalog_msgids


@lru_cache(maxsize=8)
def _english_strings(lang: str) -> tuple[str, ...]:
    target = catalog_msgids(lang)
    out = []
    for msgid, translated in target.items():
        if not translated or translated == msgid:
            continue
        # compare the fixed text around placeholders (e.g. "Page %(n)s" -> "Page ")
        for piece in re.split(r"%\(\w+\)s|%s", msgid):
            piece = piece.strip(" .,:;·—-()")
            if len(piece) >= 4 and piece not in translated:
                out.append(piece)
    return tuple(sorted(set(out), key=len, reverse=True))


def leftover_english(text: str, lang: str) -> list[str]:
    found = []
    for s in _english_strings(lang):
        if re.search(r"(?<![\w])" + re.escape(s) + r"(?![\w])", text):
            found.append(s)
    return found


def assert_no_english(page, lang: str) -> None:  # noqa: ANN001 - playwright Page
    text = page.inner_text("body")
    left = leftover_english(text, lang)
    assert not left, f"English UI text on a {lang} page: {left[:10]}"

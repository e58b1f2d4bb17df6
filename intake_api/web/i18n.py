"""Languages of the web UI: message catalogs (Babel .po, compiled in memory at load time so no build
step is needed), language negotiation and locale-aware formatting of dates and numbers.

Precedence: ``?lang=`` (then remembered in a cookie) > the cookie > the user's profile language >
the browser's ``Accept-Language`` > English.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit
from fastapi import Request

from sargas import timefmt
from sargas.i18n import DEFAULT_LANG, LANGS

LANG_COOKIE = "sargas_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
# Times are shown in the viewer's organisation's zone (staff: SARGAS_DEFAULT_TIMEZONE), see sargas.timefmt
LANG_NAMES = {"lt": "Lietuvių", "lv": "Latviešu", "ru": "Русский", "en": "English"}


@lru_cache(maxsize=8)
def translations(lang: str) -> Translations:
    """The compiled catalog for ``lang`` (read from the .po, compiled to .mo bytes in memory)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return Translations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


def gettext_for(lang: str) -> Callable[..., str]:
    t = translations(lang)

    def _(message: str, **kw: object) -> str:
        text = t.ugettext(message)
        return text % kw if kw else text

    return _


def ngettext_for(lang: str) -> Callable[..., str]:
    t = translations(lang)

    def n_(singular: str, plural: str, n: int, **kw: object) -> str:
        text = t.ungettext(singular, plural, n)
        return text % {"num": format_number(n, lang), **kw}

    return n_


def catalog_msgids(lang: str = "en") -> dict[str, str]:
    """msgid -> translation of one catalog (tests use it to look for untranslated English)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out: dict[str, str] = {}
    for m in catalog:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            out[m.id[0]] = m.string[0] if isinstance(m.string, tuple | list) else str(m.string)
            out[m.id[1]] = m.string[-1] if isinstance(m.string, tuple | list) else str(m.string)
        else:
            out[m.id] = str(m.string)
    return out


def valid(lang: str | None) -> str | None:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGS else None


def from_accept_language(header: str | None) -> str | None:
    best: tuple[float, str] | None = None
    for part in (header or "").split(","):
        bits = part.strip().split(";")
        code = valid(bits[0].split("-")[0])
        if code is None:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.strip().startswith("q="):
                try:
                    q = float(b.strip()[2:])
                except ValueError:
                    q = 0.0
        if best is None or q > best[0]:
            best = (q, code)
    return best[1] if best else None


def negotiate(request: Request, profile_lang: str | None = None) -> tuple[str, bool]:
    """(language, remember): ``remember`` is True when ``?lang=`` asked for it (set the cookie)."""
    asked = valid(request.query_params.get("lang"))
    if asked:
        return asked, True
    cookie = valid(request.cookies.get(LANG_COOKIE))
    if cookie:
        return cookie, False
    return (
        valid(profile_lang) or from_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG
    ), False


def format_dt(value: datetime | None, lang: str, fmt: str = "medium", zone: str | None = None) -> str:
    """A UTC time in ``zone`` (None: the deployment's default zone), English in en-GB style."""
    return timefmt.format_time(value, lang, zone, fmt)


def format_d(value: date | datetime | None, lang: str, fmt: str = "medium") -> str:
    if value is None:
        return "—"
    return format_date(value, fmt, locale=timefmt.babel_locale(lang))


def format_number(value: float | int | None, lang: str) -> str:
    if value is None:
        return "—"
    return format_decimal(value, locale=lang)


def format_size(n: int | None, lang: str) -> str:
    """Bytes as a short size with the locale's number format and unit symbols (CLDR via Babel:
    "1,5 кБ" in Russian, "1,5 kB" in Lithuanian)."""
    if n is None:
        return "—"
    if n < 1024:
        return format_unit(n, "digital-byte", length="short", locale=lang)
    if n < 1024 * 1024:
        return format_unit(round(n / 1024, 1), "digital-kilobyte", length="short", locale=lang)
    return format_unit(round(n / (1024 * 1024), 1), "digital-megabyte", length="short", locale=lang)


def language_name(lang: str) -> str:
    return LANG_NAMES.get(lang) or Locale.parse(lang).display_name or lang

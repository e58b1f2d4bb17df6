"""Times as people read them: the organisation's time zone (or the deployment's), Babel's formats in
the reader's language (English in en-GB style: day month year, 24-hour clock) and a zone label.

Everything people read (web pages, notices, request PDFs) formats through here, so one organisation
sees one zone everywhere and every time says which zone it is in. Times are stored in UTC; a zone
name that is not a valid IANA zone falls back to the deployment default, then to UTC (never raises).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime, get_timezone_name

from sargas.clock import as_utc
from sargas.i18n import DEFAULT_LANG, LANGS
from sargas.settings import get_settings

BABEL_LOCALE = {"en": "en_GB", "lt": "lt", "lv": "lv", "ru": "ru"}


def babel_locale(lang: str | None) -> str:
    """The Babel locale for a UI language (English is British English: 2 Jul 2026, 07:17)."""
    return BABEL_LOCALE.get(lang if lang in LANGS else DEFAULT_LANG, "en_GB")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def valid_zone(name: str | None) -> bool:
    return bool(name) and _zone(str(name)) is not None


def zone_name(org_zone: str | None = None) -> str:
    """The zone to show: the organisation's, else the deployment's ``SARGAS_DEFAULT_TIMEZONE``, else UTC."""
    for name in (org_zone, get_settings().default_timezone):
        if name and _zone(name) is not None:
            return name
    return "UTC"


def zone(org_zone: str | None = None) -> tzinfo:
    return _zone(zone_name(org_zone)) or UTC


def zone_label(lang: str | None, org_zone: str | None = None) -> str:
    """The zone's name in ``lang`` with its IANA id, e.g. ``Eastern European Time (Europe/Vilnius)``."""
    name = zone_name(org_zone)
    if name == "UTC":
        return "UTC"
    try:
        where = get_timezone_name(zone(org_zone), width="long", locale=babel_locale(lang))
    except (LookupError, ValueError):
        where = ""
    return f"{where} ({name})" if where else name


def format_time(value: datetime | None, lang: str | None, org_zone: str | None = None,
                fmt: str = "medium", label: bool = False) -> str:
    """``value`` (UTC) in the organisation's zone, Babel-formatted for ``lang``; ``label`` adds the zone."""
    if value is None:
        return "—"
    utc = as_utc(value)
    text = format_datetime(utc, fmt, tzinfo=zone(org_zone), locale=babel_locale(lang))
    return f"{text} {zone_label(lang, org_zone)}" if label else text


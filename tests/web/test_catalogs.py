"""The message catalogs: every string the UI uses is translated in lt, lv and ru (and present in en),
placeholders survive translation, plurals follow each language's rules, dates/numbers are localised."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from intake_api.web import i18n
from intake_api.web.extract import message_ids


@pytest.mark.parametrize("lang", ["lt", "lv", "ru", "en"])
def test_every_ui_string_is_translated(lang):
    singles, plurals = message_ids()
    catalog = i18n.catalog_msgids(lang)
    missing = [m for m in singles | {p[0] for p in plurals} if not catalog.get(m)]
    assert not missing, missing[:20]
    for m in singles:
        assert set(re.findall(r"%\(\w+\)s", m)) == set(re.findall(r"%\(\w+\)s", catalog[m])), m


def test_plurals_and_formats():
    n_lt, n_ru, n_en = (i18n.ngettext_for(x) for x in ("lt", "ru", "en"))
    one, many = "%(num)s item hidden", "%(num)s items hidden"
    assert n_en(one, many, 1) == "1 item hidden" and n_en(one, many, 3) == "3 items hidden"
    assert n_lt(one, many, 1) == "paslėptas 1 elementas" and n_lt(one, many, 12) == "paslėpta 12 elementų"
    assert n_ru(one, many, 3) == "скрыто 3 элемента" and n_ru(one, many, 5) == "скрыто 5 элементов"
    assert i18n.format_number(1234.5, "lt") == "1\xa0234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    t = datetime(2026, 11, 22, 18, 5, tzinfo=UTC)
    assert "нояб." in i18n.format_dt(t, "ru") and "20:05" in i18n.format_dt(t, "ru")
    assert i18n.format_dt(t, "lt").startswith("2026-11-22")


def test_language_negotiation():
    class R:
        def __init__(self, q=None, cookie=None, accept=None):
            self.query_params = {"lang": q} if q else {}
            self.cookies = {i18n.LANG_COOKIE: cookie} if cookie else {}
            self.headers = {"accept-language": accept} if accept else {}

    assert i18n.negotiate(R(q="ru"), "lt") == ("ru", True)
    assert i18n.negotiate(R(cookie="lv"), "lt") == ("lv", False)
    assert i18n.negotiate(R(accept="de,lt;q=0.8,ru;q=0.5"), None) == ("lt", False)
    assert i18n.negotiate(R(accept="ru-RU"), "lt") == ("lt", False)  # the profile wins over the browser
    assert i18n.negotiate(R(q="xx", accept="fr"), None) == ("en", False)

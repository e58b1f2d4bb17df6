"""One word for "ticket" per language (issue 19.8): the web UI's catalogue and every notice and
mail text use the same term (lt "kreipinys", ru "обращение", lv "pieteikums"), sizes use CLDR unit
symbols via Babel ("кБ" in Russian), and every audit action the code records has a translated label.
No browser; the texts themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake_api import notices
from intake_api.mail import texts as mail_texts
from intake_api.web import i18n
from intake_api.web.records import ACTION_LABELS
from retention import notices as retention_notices

ROOT = Path(__file__).resolve().parents[2]
TERMS = {"lt": ("kreipin", "užklaus"), "ru": ("обращени", "заявк"), "lv": ("pieteikum", "biļet")}


def _strings(obj) -> list[str]:  # noqa: ANN001 - nested dicts/tuples of texts
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in _strings(v)]
    return []


def _notice_texts(lang: str) -> list[str]:
    out = _strings(notices.T.get(lang, {})) + _strings(mail_texts.ACK.get(lang, {}))
    for name in dir(retention_notices):
        value = getattr(retention_notices, name)
        if isinstance(value, dict) and lang in value:
            out += _strings(value[lang])
    return out


@pytest.mark.parametrize("lang", sorted(TERMS))
def test_one_term_for_ticket(lang):
    term, other = TERMS[lang]
    ui = i18n.catalog_msgids(lang)
    assert term in ui["Tickets"].lower() and term in ui["Ticket"].lower()
    ticket_ui = [t for m, t in ui.items() if re.search(r"\btickets?\b", m, re.I)]
    assert not [t for t in ticket_ui if other in t.lower()], lang
    texts = _notice_texts(lang)
    assert len(texts) >= 10 and any(term in t.lower() for t in texts)
    assert not [t for t in texts if other in t.lower()], [t for t in texts if other in t.lower()][:3]


def test_sizes_use_babel_units():
    assert i18n.format_size(1536, "ru") == "1,5 кБ"
    assert i18n.format_size(1536, "lt") == "1,5 kB"
    assert i18n.format_size(3 * 1024 * 1024, "ru") == "3 МБ"
    assert "KB" not in i18n.format_size(2048, "en")


def test_every_recorded_audit_action_has_a_label():
    recorded: set[str] = set()
    for pkg in ("intake_api", "forms", "retention", "sargas"):
        for f in (ROOT / pkg).rglob("*.py"):
            for m in re.finditer(r"audit\.record\(\s*\w+,\s*[^,]+,\s*\"([a-z_]+\.[a-z_]+)\"", f.read_text()):
                recorded.add(m.group(1))
    assert len(recorded) >= 20
    missing = sorted(recorded - set(ACTION_LABELS))
    assert not missing, missing
    for lang in ("lt", "lv", "ru"):
        catalog = i18n.catalog_msgids(lang)
        assert all(catalog.get(v) and catalog[v] != v for v in ACTION_LABELS.values()), lang

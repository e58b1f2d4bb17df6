"""Paged, searchable lists and readable records in the browser (issues 19.4 and 19.8), in
Lithuanian and Russian: the ticket list shows "n of total" and pages by cursor, search and the
status / organisation / date filters narrow it; the DPO's audit log shows actions in words with
key/value details and linked objects, and certificates show translated reasons and Babel units."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.web.conftest import api, api_ticket, api_upload, login, shot
from tests.web.docs import screenshot_png
from tests.web.i18n_check import assert_no_english


def _total(site, who: str, **params) -> int:
    r = api(site, who).get("/api/v1/tickets", params={"limit": 1, **params})
    assert r.status_code == 200
    return int(r.headers["x-total-count"])


def test_ticket_list_pages_searches_and_filters_in_lithuanian(site, new_page):
    tag = "psl" + uuid.uuid4().hex[:6]
    refs = [api_ticket(site, "client_lt", f"Spausdintuvas {tag} {i:02d}") for i in range(53)]
    r = api(site, "client_lt").patch(f"/api/v1/tickets/{refs[3]}", json={"status": "closed"})
    assert r.status_code == 200
    total = _total(site, "client_lt")
    assert total >= 53
    page = new_page(locale="lt-LT")
    login(page, site, "client_lt", lang="lt")
    page.goto(f"{site.url}/tickets")
    pager = page.locator("nav.pager").first
    assert f"Rodoma 50 iš {total}" in pager.inner_text().replace("\xa0", " ")
    assert page.locator("table.list tbody tr").count() == 50
    first_page = set(page.locator("table.list tbody td:first-child").all_inner_texts())
    assert_no_english(page, "lt")
    shot(page, "tickets-paged-lt")
    page.click("nav.pager >> a[rel=next]")
    page.wait_for_load_state("domcontentloaded")
    second = set(page.locator("table.list tbody td:first-child").all_inner_texts())
    assert second and not second & first_page  # no row twice
    assert page.locator("nav.pager a", has_text="Pirmasis puslapis").count() >= 1

    page.goto(f"{site.url}/tickets")
    page.fill("#t-q", f"{tag} 07")
    page.click("form[role=search] button")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("table.list tbody td:first-child").all_inner_texts() == [refs[7]]
    assert "Rodoma 1 iš 1" in page.inner_text("nav.pager")
    page.fill("#t-q", tag)
    page.select_option("#t-status", "closed")
    page.click("form[role=search] button")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("table.list tbody td:first-child").all_inner_texts() == [refs[3]]
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    page.goto(f"{site.url}/tickets?q={tag}&to={yesterday}")
    assert page.locator("table.list").count() == 0
    assert "Filtrus atitinkančių kreipinių nėra." in page.inner_text("main")
    assert_no_english(page, "lt")
    shot(page, "tickets-filtered-lt")


def test_records_are_readable_in_russian(site, new_page):
    ref = api_ticket(site, "client_ru", "Сканер не печатает")
    doc = api_upload(site, "client_ru", ref, screenshot_png())
    assert doc["state"] == "published" and doc["original"] == "destroyed"  # no coverage: destroyed
    page = new_page(locale="ru-RU")
    login(page, site, "dpo", lang="ru")

    page.goto(f"{site.url}/tickets")
    page.select_option("#t-org", label=site.orgs["ru"])
    page.click("form[role=search] button")
    page.wait_for_load_state("domcontentloaded")
    orgs = set(page.locator("table.list tbody td:nth-child(3)").all_inner_texts())
    assert orgs == {site.orgs["ru"]}
    assert ref in page.locator("table.list tbody td:first-child").all_inner_texts()

    page.goto(f"{site.url}/dpo/audit?action=ticket.created")
    row = page.locator("table.list tbody tr", has=page.locator(f"a[href='/tickets/{ref}']")).first
    assert "Создано обращение" in row.inner_text()
    assert row.locator("td[data-action='ticket.created']").count() == 1
    details = row.locator("dl.kv")
    assert details.count() == 1 and ref in details.inner_text() and "{" not in row.inner_text()
    assert details.locator(f"a[href='/tickets/{ref}']").count() == 1  # the reference is a link too
    row.locator(f"a[href='/tickets/{ref}']").first.click()
    page.wait_for_url(f"**/tickets/{ref}")
    page.goto(f"{site.url}/dpo/audit?action=original.")
    assert "Оригинал уничтожен" in page.inner_text("table.list")
    assert page.locator(f"dl.kv a[href='/attachments/{doc['id']}']").count() >= 1
    assert "кБ" in page.inner_text("table.list")  # the size detail in Babel units
    assert_no_english(page, "ru")
    shot(page, "dpo-audit-readable-ru")

    page.goto(f"{site.url}/dpo/certificates")
    text = page.inner_text("table.list")
    assert "кБ" in text or "Б" in text
    assert "KB" not in text and "no_coverage" not in text
    assert "Не покрыто" in text
    assert_no_english(page, "ru")
    shot(page, "dpo-certificates-ru")

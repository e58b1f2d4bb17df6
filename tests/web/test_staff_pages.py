"""DPO and admin pages in the browser, in Latvian: DPAs, legal holds, audit log + export,
certificates; organisations, users, roles and one-time API tokens. Screenshots of each."""

from __future__ import annotations

import re

from tests.web.conftest import SPARE_ORG, login, shot
from tests.web.i18n_check import assert_no_english


def test_dpo_records_in_latvian(site, new_page):
    page = new_page(locale="lv-LV")
    login(page, site, "dpo", lang="lv")

    page.goto(f"{site.url}/dpo/dpas")
    page.select_option("#n-org", label=SPARE_ORG)  # a DPA covers uploads: keep it off the clients' orgs
    page.fill("#n-ref", "DPA-2026-7")
    page.fill("#n-signed", "2026-01-15")
    page.fill("#n-days", "400")  # above the maximum: a per-field error in Latvian
    page.click("form[action='/dpo/dpas'] button.primary")
    assert page.locator(".field-error").count() >= 1
    assert_no_english(page, "lv")
    page.fill("#n-days", "20")
    page.click("form[action='/dpo/dpas'] button.primary")
    page.wait_for_url(re.compile(r"done="))
    assert "DPA-2026-7" in page.inner_text("table.list")
    shot(page, "dpo-dpas-lv")

    page.goto(f"{site.url}/dpo/holds")
    page.select_option("#h-org", label=SPARE_ORG)
    page.fill("#h-reason", "Tiesvedība 2026/17")
    page.click("form[action='/dpo/holds'] button.primary")
    page.wait_for_url(re.compile(r"done="))
    assert "Tiesvedība 2026/17" in page.inner_text("table.list")
    assert_no_english(page, "lv")
    shot(page, "dpo-holds-lv")
    page.fill("table.list input[name=reason]", "Tiesvedība izbeigta")  # lift it again
    page.click("table.list form button")
    page.wait_for_url(re.compile(r"done="))
    assert page.locator("table.list").count() == 0

    page.goto(f"{site.url}/dpo/audit?action=legal_hold.")
    assert "Noteikta juridiskā aizturēšana" in page.inner_text("table.list")  # words, not the code
    assert page.locator("td[data-action='legal_hold.placed']").count() >= 1
    assert_no_english(page, "lv")
    shot(page, "dpo-audit-lv")
    with page.expect_download() as dl:
        page.click("a[href^='/dpo/audit/export?format=csv']")
    path = dl.value.path()
    assert open(path, encoding="utf-8").readline().startswith("seq,at,actor")

    page.goto(f"{site.url}/dpo/certificates")
    assert_no_english(page, "lv")
    shot(page, "dpo-certificates-lv")


def test_admin_creates_organisation_and_user_with_token(site, new_page):
    page = new_page(locale="lv-LV")
    login(page, site, "admin", lang="lv")
    assert page.url.endswith("/admin/users")
    page.goto(f"{site.url}/admin/organisations")
    page.fill("#o-name", "Daugavas Loģistika SIA")
    page.select_option("#o-lang", "lv")
    page.click("form[action='/admin/organisations'] button.primary")
    page.wait_for_url(re.compile(r"done="))
    assert "Daugavas Loģistika SIA" in page.inner_text("table.list")
    shot(page, "admin-organisations-lv")

    page.goto(f"{site.url}/admin/users")
    page.fill("#u-email", "liga.ozola@example.test")
    page.fill("#u-name", "Līga Ozola")
    page.select_option("#u-role", "client")
    page.select_option("#u-org", label="Daugavas Loģistika SIA")
    page.fill("#u-pass", "a long enough password")
    page.click("form[action='/admin/users'] button.primary")
    token = page.inner_text("#new-token")
    assert token.startswith("sgs_")
    assert "liga.ozola@example.test" in page.inner_text("table.list")
    assert_no_english(page, "lv")
    shot(page, "admin-users-lv")
    page.goto(f"{site.url}/admin/users")
    assert page.locator("#new-token").count() == 0  # shown once

"""A consultant sees the redacted copy of an assigned ticket and has no way to the original; only a
consultant named in an approved request gets the explicit, audited "open original" action."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import api, api_ticket, api_upload, login, shot
from tests.web.docs import screenshot_png
from tests.web.i18n_check import assert_no_english

LOCALE = {"en": "en-GB", "lt": "lt-LT", "ru": "ru-RU"}


def assign(site, new_page, ref: str, consultant: str) -> None:
    dpo = new_page()
    login(dpo, site, "dpo")
    dpo.goto(f"{site.url}/tickets/{ref}")
    value = dpo.locator("#assign option", has_text=site.users[consultant]).get_attribute("value")
    dpo.select_option("#assign", value=value)
    dpo.click("form[action$='/assign'] button[type=submit]")
    dpo.wait_for_url(re.compile(r"\?done="))


@pytest.fixture(scope="module")
def assigned_upload(site, browser):
    """One uncovered upload on a ticket assigned (by the DPO, in the UI) to the consultant."""
    ref = api_ticket(site, "client_lt", "Login problem")
    doc = api_upload(site, "client_lt", ref, screenshot_png())
    assert doc["state"] == "published" and doc["original"] == "destroyed"
    ctx = browser.new_context()
    assign(site, lambda: ctx.new_page(), ref, "consultant")
    ctx.close()
    return ref, doc


@pytest.mark.parametrize("lang", ["en", "lt", "ru"])
def test_consultant_sees_redacted_copy_and_no_way_to_original(site, new_page, assigned_upload, lang):
    ref, doc = assigned_upload

    page = new_page(locale=LOCALE[lang])
    login(page, site, "consultant", lang=lang)
    assert page.url.endswith("/consultant/tickets")
    page.click(f"a[href='/tickets/{ref}']")
    page.click(f"a[href='/attachments/{doc['id']}']")
    page.wait_for_selector(".preview img")
    # a function, not an expression: polling an expression evals it in the page, which the CSP forbids
    page.wait_for_function("() => document.querySelector('.preview img').naturalWidth > 0")
    assert page.locator("#destroyed-notice").is_visible()
    # no way to the original: no button, no link, no form
    assert page.locator("[href*='original'], form[action*='original']").count() == 0
    html = page.content()
    assert "/original" not in html
    shot(page, f"consultant-redacted-{lang}")
    if lang != "en":
        assert_no_english(page, lang)

    # and asking anyway is refused: the UI action (with a valid CSRF token) and the API (cookie only)
    csrf = page.locator("form[action='/logout'] input[name=csrf]").get_attribute("value")
    r = page.request.post(f"{site.url}/attachments/{doc['id']}/original", form={"csrf": csrf})
    assert r.status == 403
    assert page.request.get(f"{site.url}/api/v1/attachments/{doc['id']}/original").status == 401


def test_only_the_named_consultant_may_open_a_retained_original(site, new_page):
    ref = api_ticket(site, "client_en", "Contract scan")
    client = api(site, "client_en")
    body = {
        "tickets": [ref],
        "description": "A signed contract scan with the customer's codes.",
        "why_not_anonymised": "The consultant must check the codes against the contract.",
        "data_subjects": ["customers"],
        "data_categories": ["national_id"],
        "purpose": "Verify the customer's identity for the contract change.",
        "legal_basis": "contract",
        "retention_days": 5,
        "acknowledged": True,
    }  # no consultant named by the client: the DPO names one on approval
    r = client.post("/api/v1/transfer-requests", json=body)
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert client.post(f"/api/v1/transfer-requests/{rid}/submit").status_code == 200
    r = api(site, "dpo").post(f"/api/v1/transfer-requests/{rid}/approve",
                              json={"consultants": [site.users["consultant"]]})
    assert r.status_code == 200, r.text
    doc = api_upload(site, "client_en", ref, screenshot_png())
    assert doc["original"] == "retained"
    assign(site, new_page, ref, "consultant2")

    other = new_page()
    login(other, site, "consultant2")
    other.goto(f"{site.url}/attachments/{doc['id']}")
    other.wait_for_selector(".preview img")
    assert other.locator("form[action*='original']").count() == 0

    named = new_page()
    login(named, site, "consultant")
    assert r.json()["reference"] in named.inner_text("main")  # "transfer requests that name you"
    named.goto(f"{site.url}/attachments/{doc['id']}")
    button = named.locator("form[action$='/original'] button")
    assert button.inner_text() == "Open original (audited)"
    shot(named, "consultant-named-open-original-en")
    with named.expect_download() as dl:
        button.click()
    assert dl.value.suggested_filename.endswith(".png")

    dpo = new_page()
    login(dpo, site, "dpo")
    dpo.goto(f"{site.url}/dpo/audit?action=original.read&actor={site.users['consultant']}")
    assert "Original opened" in dpo.inner_text("table.list")  # the action in words (issue 19.8)
    assert dpo.locator("td[data-action='original.read']").count() >= 1
    shot(dpo, "dpo-audit-original-read-en")

"""A client files a transfer request (per-field validation first), a DPO finds it in the queue,
looks at the redacted evidence and approves it; the client sees it in force. In en, lt and ru."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import api_assign as assign
from tests.web.conftest import api_ticket, api_upload, login, shot, user_id
from tests.web.docs import screenshot_png
from tests.web.i18n_check import assert_no_english

LOCALE = {"en": "en-GB", "lt": "lt-LT", "ru": "ru-RU"}
ACTIVE = {"en": "Active", "lt": "Galioja", "ru": "Действует"}
SUBMITTED = {"en": "Submitted", "lt": "Pateiktas", "ru": "Подан"}


@pytest.mark.parametrize("lang", ["en", "lt", "ru"])
def test_client_files_request_and_dpo_approves(site, new_page, lang):
    who = f"client_{lang}"
    ref = api_ticket(site, who, f"Payroll export {lang}")
    assign(site, ref, "consultant")
    api_upload(site, who, ref, screenshot_png(), wait=False)

    client = new_page(locale=LOCALE[lang])
    login(client, site, who)
    client.goto(f"{site.url}/requests/new?ticket={ref}")
    # nothing filled in: every required field says what is wrong, in the page's language
    client.click("button[value=submit]")
    assert client.locator(".field-error").count() >= 5
    assert client.locator("#err-description").is_visible()
    shot(client, f"request-form-errors-{lang}")
    if lang != "en":
        assert_no_english(client, lang)

    assert client.locator(f"input[name=tickets][value='{ref}']").is_checked()
    client.fill("#description", "Screenshots of the payroll export with employee codes.")
    client.fill("#why_not_anonymised", "The consultant must match personal codes against the register.")
    client.check("input[name=data_subjects][value=employees]")
    client.check("input[name=data_categories][value=national_id]")
    client.fill("#purpose", "Find why the payroll export rejects some employees.")
    client.select_option("#legal_basis", "contract")
    client.fill("#retention_days", "7")
    # the consultant is picked from those assigned to the ticket, by name; no address is shown
    assert site.users["consultant"] not in client.content()
    client.check(f"input[name=consultant_ids][value='{user_id(site, 'consultant')}']")
    client.check("input[name=acknowledged]")
    client.click("button[value=submit]")
    client.wait_for_url(re.compile(r"/requests/[0-9a-f]{32}"))
    assert client.inner_text("#req-state") == SUBMITTED[lang]
    request_url = client.url
    request_id = request_url.rsplit("/", 1)[1].split("?")[0]
    shot(client, f"request-submitted-{lang}")

    dpo = new_page(locale=LOCALE[lang])
    login(dpo, site, "dpo", lang=lang)
    assert "/dpo/requests" in dpo.url
    dpo.click(f"a[href='/dpo/requests/{request_id}']")
    dpo.wait_for_url(re.compile(rf"/dpo/requests/{request_id}$"))
    assert ref in dpo.inner_text("main")
    if lang != "en":
        assert_no_english(dpo, lang)
    shot(dpo, f"dpo-request-detail-{lang}")
    dpo.fill("#a-days", "5")
    dpo.click("#approve-form button[type=submit]")
    dpo.wait_for_url(re.compile(rf"/dpo/requests/{request_id}\?done="))
    assert dpo.inner_text("#req-state") == ACTIVE[lang]
    shot(dpo, f"dpo-request-approved-{lang}")

    client.goto(f"{site.url}/requests")
    assert ACTIVE[lang] in client.inner_text("main")
    if lang != "en":
        assert_no_english(client, lang)


def test_dpo_rejects_only_with_reason(site, new_page):
    who = "client_en"
    ref = api_ticket(site, who, "Bank statement")
    page = new_page()
    login(page, site, who)
    page.goto(f"{site.url}/requests/new?ticket={ref}")
    page.fill("#description", "Bank statement with account holders.")
    page.fill("#why_not_anonymised", "Account holders must be identified by the consultant.")
    page.check("input[name=data_subjects][value=customers]")
    page.check("input[name=data_categories][value=financial]")
    page.fill("#purpose", "Reconcile the failed payments batch.")
    page.select_option("#legal_basis", "legitimate_interests")
    page.fill("#retention_days", "3")
    page.check("input[name=acknowledged]")
    page.click("button[value=submit]")  # no consultant picked: left to the DPO
    page.wait_for_url(re.compile(r"/requests/[0-9a-f]{32}"))
    request_id = page.url.rsplit("/", 1)[1].split("?")[0]

    dpo = new_page()
    login(dpo, site, "dpo")
    dpo.goto(f"{site.url}/dpo/requests/{request_id}")
    dpo.click("#reject-form button[type=submit]")
    assert dpo.locator("#reject-form .field-error").is_visible()
    dpo.fill("#r-reason", "Anonymised copies are sufficient for reconciliation.")
    dpo.click("#reject-form button[type=submit]")
    dpo.wait_for_url(re.compile(r"\?done="))
    assert dpo.inner_text("#req-state") == "Rejected"
    shot(dpo, "dpo-request-rejected-en")

"""Issue 19, items 6, 7 and 9 in the browser (lt and ru): an upload's precise reason for refusal or
rejection, its row and the attachment list updated without a reload; the organisation's time zone,
labelled on every page; the transfer-request form's consultant picker that reveals no addresses."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pymupdf
import pytest
from PIL import Image

from tests.web.conftest import api_assign, api_ticket, login, shot, user_id
from tests.web.docs import screenshot_png
from tests.web.i18n_check import assert_no_english

LOCALE = {"lt": "lt-LT", "ru": "ru-RU"}
TEXT = {
    "lt": {"encrypted": "apsaugotas slaptažodžiu", "corrupt": "sugadintas", "rejected": "Atmesta",
           "zone": "Rytų Europos laikas (Europe/Vilnius)", "submitted": "Pateiktas"},
    "ru": {"encrypted": "защищён паролем", "corrupt": "повреждён", "rejected": "Отклонено",
           "zone": "(Europe/Moscow)", "submitted": "Подан"},
}
ONLY_REDACTED = {"lt": "pagalbos tarnybą pasiekia tik", "ru": "в службу поддержки попадает только"}


def encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Invoice 2026-11")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    doc.close()
    return data


def damaged_png() -> bytes:
    png = screenshot_png()
    return png[: len(png) // 2]  # the header says PNG; the image data ends half-way


def damaged_bmp() -> bytes:
    """A BMP cut in half: its header passes the upload's probe, the redactor cannot read the pixels."""
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "BMP")
    return buf.getvalue()[: len(buf.getvalue()) // 2]


def _set_zone(site, lang: str, zone: str | None) -> None:
    from sargas.models import Organisation

    with site.db() as s:
        org = s.query(Organisation).filter(Organisation.name == site.orgs[lang]).one()
        org.timezone = zone
        s.commit()


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_upload_reasons_final_state_and_list_without_reload(site, new_page, tmp_path, lang):
    page = new_page(locale=LOCALE[lang])
    login(page, site, f"client_{lang}")
    ref = api_ticket(site, f"client_{lang}", f"Broken files {lang}")
    page.goto(f"{site.url}/tickets/{ref}")
    assert page.locator("#attachments .list").count() == 0  # "no files yet"
    page.evaluate("window.__sameDocument = 1")  # gone if the page reloads

    pdf, png, bundle = tmp_path / "locked.pdf", tmp_path / "broken.png", tmp_path / "scan.bmp"
    pdf.write_bytes(encrypted_pdf())
    png.write_bytes(damaged_png())
    bundle.write_bytes(damaged_bmp())
    page.set_input_files("#files", [str(pdf), str(png)])  # refused at once, each with its precise reason
    page.wait_for_selector("#uploads li.err >> nth=1")
    errs = page.inner_text("#uploads")
    assert TEXT[lang]["encrypted"] in errs and TEXT[lang]["corrupt"] in errs

    page.set_input_files("#files", [str(bundle)])
    page.wait_for_selector("#uploads li.ok.rejected .reason", timeout=90000)
    row = page.locator("#uploads li.ok.rejected")
    assert TEXT[lang]["rejected"] in row.inner_text()  # the row's final state ...
    assert TEXT[lang]["corrupt"] in row.locator(".reason").inner_text()  # ... and why
    # the list below shows the file in its final state, without a reload
    page.wait_for_selector("#attachments tbody tr .reason")
    assert "scan.bmp" in page.inner_text("#attachments")
    assert TEXT[lang]["corrupt"] in page.inner_text("#attachments tbody tr .reason")
    assert page.evaluate("window.__sameDocument") == 1
    assert_no_english(page, lang)
    shot(page, f"upload-rejected-reason-{lang}")

    # the attachment page says why and never that "only the redacted copy reaches the helpdesk"
    row.locator("a").click()
    page.wait_for_url(re.compile(r"/attachments/[0-9a-f]{32}$"))
    assert TEXT[lang]["corrupt"] in page.inner_text("#rejected-reason")
    assert ONLY_REDACTED[lang] not in page.inner_text("main").lower()
    assert page.locator("#destroyed-notice a[href^='/requests/new']").count() == 0
    assert_no_english(page, lang)
    shot(page, f"attachment-rejected-{lang}")


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_times_are_in_the_organisations_zone_and_labelled(site, new_page, lang):
    zone = "Europe/Moscow" if lang == "ru" else None  # ru: its own zone; lt: the deployment default
    _set_zone(site, lang, zone)
    try:
        ref = api_ticket(site, f"client_{lang}", f"Clock {lang}")
        page = new_page(locale=LOCALE[lang])
        login(page, site, f"client_{lang}")
        page.goto(f"{site.url}/tickets/{ref}")
        assert TEXT[lang]["zone"] in page.inner_text("#tz-label")
        from sargas.models import Ticket

        with site.db() as s:
            created = s.query(Ticket).filter(Ticket.ref == ref).one().created_at
        local = created.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(zone or "Europe/Vilnius"))
        shown = page.inner_text(".inline-facts")
        assert local.strftime("%H:%M") in shown
        if lang == "lt":
            assert local.strftime("%Y-%m-%d") in shown
        assert_no_english(page, lang)
        shot(page, f"ticket-time-zone-{lang}")
    finally:
        _set_zone(site, lang, None)


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_request_form_offers_only_assigned_consultants_and_reveals_no_addresses(site, new_page, lang):
    who = f"client_{lang}"
    ref = api_ticket(site, who, f"Needs originals {lang}")
    api_assign(site, ref, "consultant")
    page = new_page(locale=LOCALE[lang])
    login(page, site, who)
    page.goto(f"{site.url}/requests/new?ticket={ref}")
    box = page.locator(f"input[name=consultant_ids][value='{user_id(site, 'consultant')}']")
    assert box.count() == 1 and "Ona Kazlauskienė" in page.inner_text("#consultants")
    assert page.locator("input[name=consultant_ids]").count() == 1  # consultant2 is not on the tickets
    html = page.content()
    assert site.users["consultant"] not in html and site.users["consultant2"] not in html
    assert page.locator("textarea#consultants").count() == 0  # nothing to type
    assert_no_english(page, lang)
    shot(page, f"request-consultant-picker-{lang}")

    page.fill("#description", "Screenshots of the payroll export with employee codes.")
    page.fill("#why_not_anonymised", "The consultant must match personal codes against the register.")
    page.check("input[name=data_subjects][value=employees]")
    page.check("input[name=data_categories][value=national_id]")
    page.fill("#purpose", "Find why the payroll export rejects some employees.")
    page.select_option("#legal_basis", "contract")
    page.fill("#retention_days", "3")
    page.check("input[name=acknowledged]")

    # a forged choice: a real consultant not on the ticket, then an id that is nobody's: one answer
    answers = []
    for forged in (user_id(site, "consultant2"), "0" * 32):
        page.evaluate("""(v) => { const i = document.querySelector('input[name=consultant_ids]');
                                 i.value = v; i.checked = true; }""", forged)
        page.click("button[value=submit]")
        page.wait_for_selector("#err-consultants")
        answers.append(page.inner_text("#err-consultants"))
        assert site.users["consultant2"] not in page.content()
    assert answers[0] == answers[1] and answers[0]
    shot(page, f"request-consultant-forged-{lang}")

    # the assigned consultant (or nobody: the DPO chooses) is accepted
    page.check(f"input[name=consultant_ids][value='{user_id(site, 'consultant')}']")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/requests/[0-9a-f]{32}"))
    assert page.inner_text("#req-state") == TEXT[lang]["submitted"]
    assert "Ona Kazlauskienė" in page.inner_text("main")


def test_english_dates_are_british_and_zone_labels_follow_the_language():
    from intake_api.web import i18n
    from sargas.timefmt import zone_label

    t = datetime(2026, 7, 2, 4, 17, tzinfo=ZoneInfo("UTC"))
    assert i18n.format_dt(t, "en") == "2 Jul 2026, 07:17:00"  # en-GB: day month year, 24-hour
    assert i18n.format_dt(t, "en", zone="America/New_York") == "2 Jul 2026, 00:17:00"
    assert i18n.format_dt(t, "lt", zone="Europe/Riga").startswith("2026-07-02 07:17")
    assert zone_label("ru", "Europe/Moscow").endswith("(Europe/Moscow)")
    assert zone_label("lt", "Not/AZone") == zone_label("lt", None)  # invalid: the deployment's default


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_consultants_left_to_the_dpo_who_names_them_on_approval(site, new_page, lang):
    from tests.web.conftest import api

    who = f"client_{lang}"
    ref = api_ticket(site, who, f"Left to the DPO {lang}")
    api_assign(site, ref, "consultant2")
    body = {"tickets": [ref], "description": "Screenshots of the payroll export with codes.",
            "why_not_anonymised": "The consultant must compare the codes.", "data_subjects": ["employees"],
            "data_categories": ["national_id"], "purpose": "Find the defect in the payroll export.",
            "legal_basis": "contract", "retention_days": 4, "acknowledged": True}  # nobody named
    c = api(site, who)
    rid = c.post("/api/v1/transfer-requests", json=body).json()["id"]
    assert c.post(f"/api/v1/transfer-requests/{rid}/submit").status_code == 200

    dpo = new_page(locale=LOCALE[lang])
    login(dpo, site, "dpo", lang=lang)
    dpo.goto(f"{site.url}/dpo/requests/{rid}")
    picked = dpo.locator(f"#a-consultants input[value='{site.users['consultant2']}']")
    assert picked.is_checked()  # pre-ticked: the consultant assigned to the ticket
    assert not dpo.locator(f"#a-consultants input[value='{site.users['consultant']}']").is_checked()
    assert_no_english(dpo, lang)
    shot(dpo, f"dpo-approve-consultants-{lang}")
    dpo.click("#approve-form button[type=submit]")
    dpo.wait_for_url(re.compile(rf"/dpo/requests/{rid}\?done="))
    assert c.get(f"/api/v1/transfer-requests/{rid}").json()["consultants"] == [site.users["consultant2"]]

"""A client uploads a screenshot with a Lithuanian personal code and sees the redacted preview with
the count of what was hidden and the destruction notice (English, Lithuanian, Russian)."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login, shot
from tests.web.docs import screenshot_png
from tests.web.i18n_check import assert_no_english

TEXT = {
    "en": {
        "hidden": "was hidden",
        "destroyed": "The original was destroyed",
        "published": "Published",
        "code": "Lithuanian personal codes",
    },
    "lt": {
        "hidden": "Paslėptas",
        "destroyed": "Originalas sunaikintas",
        "published": "Paskelbta",
        "code": "asmens kodai",
    },
    "ru": {
        "hidden": "Скрыт",
        "destroyed": "Оригинал уничтожен",
        "published": "Опубликовано",
        "code": "литовские личные коды",
    },
}


@pytest.mark.parametrize("lang", ["en", "lt", "ru"])
def test_client_uploads_screenshot_and_sees_redacted_preview(site, new_page, tmp_path, lang):
    page = new_page(locale={"en": "en-GB", "lt": "lt-LT", "ru": "ru-RU"}[lang])
    page.goto(site.url + "/login")  # language from the browser (Accept-Language)
    assert page.locator("html").get_attribute("lang") == lang
    shot(page, f"login-{lang}")
    login(page, site, f"client_{lang}")
    assert page.url.endswith("/tickets")
    page.fill("#subject", f"Invoice question {lang}")
    page.click("form.row-form button[type=submit]")
    page.wait_for_url(re.compile(r"/tickets/HD-\d{4}-\d+$"))
    ref = page.url.rsplit("/", 1)[1]
    if lang != "en":
        assert_no_english(page, lang)

    png = tmp_path / "client-card.png"
    png.write_bytes(screenshot_png())
    if lang == "lt":  # drag-and-drop onto the upload zone
        drop = page.evaluate_handle(
            """(bytes) => { const dt = new DataTransfer();
                 dt.items.add(new File([new Uint8Array(bytes)], 'client-card.png', {type: 'image/png'}));
                 return dt; }""",
            list(png.read_bytes()),
        )
        page.dispatch_event("#dropzone", "drop", {"dataTransfer": drop})
    elif lang == "en":  # several files through the picker
        other = tmp_path / "clean.png"
        other.write_bytes(screenshot_png(["Error 0x80070005", "Access denied"]))
        page.set_input_files("#files", [str(png), str(other)])
        page.wait_for_selector("#uploads li.ok >> nth=1", timeout=60000)
    else:
        page.set_input_files("#files", [str(png)])
    page.wait_for_selector("#uploads li.ok a", timeout=60000)
    for bar in page.locator("#uploads li progress").all():
        assert bar.get_attribute("value") == "100"
    if lang == "lt":  # a refused file says why, in the page's language (text files are accepted now)
        junk = tmp_path / "setup.exe"
        junk.write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 4)
        page.set_input_files("#files", [str(junk)])
        page.wait_for_selector("#uploads li.err")
        assert "nepalaikomas" in page.inner_text("#uploads li.err")
    shot(page, f"client-ticket-uploads-{lang}")
    page.click("#uploads li.ok a >> nth=0")
    page.wait_for_url(re.compile(r"/attachments/[0-9a-f]{32}$"))
    # live state: the page reloads itself once the redactor is done
    page.wait_for_selector("#destroyed-notice", timeout=90000)
    page.wait_for_selector(".preview img")
    # a function, not an expression: polling an expression evals it in the page, which the CSP forbids
    page.wait_for_function("() => document.querySelector('.preview img').naturalWidth > 0")
    text = page.inner_text("main")
    assert TEXT[lang]["destroyed"] in text
    hidden = page.inner_text(".hidden-count")
    assert "1" in hidden and TEXT[lang]["hidden"] in hidden
    assert TEXT[lang]["code"] in page.inner_text("ul.counts")
    assert TEXT[lang]["published"] in text
    shot(page, f"client-upload-preview-{lang}")
    if lang != "en":
        assert_no_english(page, lang)
    # the in-app notice about this upload, in the organisation's language
    page.click("a[href='/notices']")
    assert ref in page.inner_text("main")
    # phone width still shows the preview and notice
    page.go_back()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"client-upload-preview-{lang}-phone")


def test_keyboard_only_sign_in_and_reach_the_upload(site, new_page):
    page = new_page()
    page.goto(site.url + "/login")
    assert page.evaluate("document.activeElement.id") == "email"  # autofocus
    page.keyboard.type(site.users["client_en"])
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tickets")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    for _ in range(40):  # Tab through the page until the subject field, create a ticket with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "subject":
            break
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tickets/HD-"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "files":
            break
    assert page.evaluate("document.activeElement.id") == "files"  # the file picker is reachable
    shot(page, "keyboard-upload-focus-en")

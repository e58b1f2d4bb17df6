"""Account pages in the browser (issue 19.2), in Lithuanian and Russian: changing the password on the
profile (wrong current password, a common password, success; the other browser's session ends), API
tokens with label and expiry created and revoked there, the "forgot password" flow from the sign-in
page to a one-time link (taken from the real outbox row) that works once, and an administrator's
reset. Each test uses its own users, so the shared site's accounts keep their passwords."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.web.conftest import PASSWORD, login, shot
from tests.web.i18n_check import assert_no_english

NEW_PASSWORD = "Žalia giria ošia per naktį 12"  # noqa: S105 - test passwords
RU_PASSWORD = "Медленно едущий трамвай 48"  # noqa: S105
LINK = re.compile(r"http://\S+(/password/set\?token=[\w-]+)")


def _user(site, key: str, email: str, lang: str) -> None:
    from intake_api.admin import create_user

    with site.db() as s:
        create_user(s, email, role="client", org_name=site.orgs[lang], password=PASSWORD, lang=lang)
        s.commit()
    site.users[key] = email


def _link_for(site, email: str) -> str:
    from sargas import outbox
    from sargas.models import User

    with site.db() as s:
        uid = s.scalar(select(User.id).where(User.email == email))
        N = outbox.Notification  # noqa: N806
        q = select(N).where(N.user_id == uid, N.kind == "account.password_link").order_by(N.created_at.desc())
        rows = s.scalars(q).all()
    assert rows, "no password mail in the outbox"
    return LINK.search(rows[0].body).group(1)


def test_profile_password_and_tokens_in_lithuanian(site, new_page):
    _user(site, "acct_lt", "acct.lt@example.test", "lt")
    other = new_page(locale="lt-LT")
    login(other, site, "acct_lt")  # a second browser, signed in before the change
    page = new_page(locale="lt-LT")
    login(page, site, "acct_lt")
    page.goto(site.url + "/profile")
    assert_no_english(page, "lt")

    page.fill("#pw-current", "ne tas slaptažodis visai")
    page.fill("#pw-new", NEW_PASSWORD)
    page.fill("#pw-new2", NEW_PASSWORD)
    page.click("form[action='/profile/password'] button.primary")
    assert "Dabartinis slaptažodis neteisingas." in page.inner_text("#pw-error")
    page.fill("#pw-current", PASSWORD)
    page.fill("#pw-new", "Qwertyuiop2026")
    page.fill("#pw-new2", "Qwertyuiop2026")
    page.click("form[action='/profile/password'] button.primary")
    assert "per dažnas" in page.inner_text("#pw-error")
    assert_no_english(page, "lt")
    page.fill("#pw-current", PASSWORD)
    page.fill("#pw-new", NEW_PASSWORD)
    page.fill("#pw-new2", NEW_PASSWORD)
    page.click("form[action='/profile/password'] button.primary")
    page.wait_for_url(re.compile(r"/profile\?done="))
    page.goto(site.url + "/profile")  # this browser stays signed in ...
    assert page.url.endswith("/profile")
    other.goto(site.url + "/profile")  # ... the other one was signed out
    assert "/login" in other.url

    page.fill("#t-label", "Atsarginė kopija")
    page.select_option("#t-days", "30")
    page.click("form[action='/profile/tokens'] button.primary")
    token = page.inner_text("#new-token")
    assert token.startswith("sgs_")
    assert "Atsarginė kopija" in page.inner_text("#token-list")
    assert_no_english(page, "lt")
    shot(page, "profile-password-tokens-lt")
    import httpx

    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(site.url + "/api/v1/tickets", headers=bearer).status_code == 200
    row = page.locator("#token-list tr", has_text="Atsarginė kopija")
    row.locator("button").click()
    page.wait_for_url(re.compile(r"done="))
    assert "Atsarginė kopija" not in page.inner_text("body")
    assert httpx.get(site.url + "/api/v1/tickets", headers=bearer).status_code == 401


def test_forgotten_password_by_one_time_link_in_russian(site, new_page):
    _user(site, "acct_ru", "acct.ru@example.test", "ru")
    page = new_page(locale="ru-RU")
    page.goto(site.url + "/login?lang=ru")
    page.click("#forgot-link")
    assert_no_english(page, "ru")
    page.fill("#f-email", site.users["acct_ru"])
    page.click("form[action='/password/forgot'] button.primary")
    assert "Если этот адрес принадлежит учётной записи" in page.inner_text("#reset-sent")
    shot(page, "password-forgot-ru")

    path = _link_for(site, site.users["acct_ru"])
    page.goto(site.url + path)
    assert_no_english(page, "ru")
    page.fill("#s-new", RU_PASSWORD)
    page.fill("#s-new2", RU_PASSWORD + "x")
    page.click("form[action='/password/set'] button.primary")
    assert "не совпадают" in page.inner_text("#set-error")
    page.fill("#s-new", "Password2026!")  # long enough for the browser, on the bundled list for the server
    page.fill("#s-new2", "Password2026!")
    page.click("form[action='/password/set'] button.primary")
    assert "слишком распространён" in page.inner_text("#set-error")
    page.fill("#s-new", RU_PASSWORD)
    page.fill("#s-new2", RU_PASSWORD)
    page.click("form[action='/password/set'] button.primary")
    page.wait_for_url(re.compile(r"/tickets"))  # signed in with the new password
    assert_no_english(page, "ru")

    again = new_page(locale="ru-RU")
    r = again.goto(site.url + path + "&lang=ru")
    assert r is not None and r.status == 410
    assert "больше не действует" in again.inner_text("#set-error")
    shot(again, "password-link-spent-ru")
    fresh = new_page(locale="ru-RU")
    fresh.goto(site.url + "/login?lang=ru")
    fresh.fill("#email", site.users["acct_ru"])
    fresh.fill("#password", RU_PASSWORD)
    fresh.click("button[type=submit].primary")
    fresh.wait_for_url(re.compile(r"/tickets"))


def test_admin_resets_a_password_in_lithuanian(site, new_page):
    _user(site, "acct_lt2", "acct.lt2@example.test", "lt")
    victim = new_page(locale="lt-LT")
    login(victim, site, "acct_lt2")
    page = new_page(locale="lt-LT")
    login(page, site, "admin", lang="lt")
    page.goto(site.url + "/admin/users?lang=lt")
    row = page.locator("table.list tr", has_text=site.users["acct_lt2"])
    row.locator("button.reset-password").click()
    link = page.inner_text("#new-link")
    assert "/password/set?token=" in link
    assert_no_english(page, "lt")
    shot(page, "admin-reset-password-lt")
    victim.goto(site.url + "/tickets")
    assert "/login" in victim.url  # the old password's sessions ended
    victim.goto(link)
    victim.fill("#s-new", NEW_PASSWORD)
    victim.fill("#s-new2", NEW_PASSWORD)
    victim.click("form[action='/password/set'] button.primary")
    victim.wait_for_url(re.compile(r"/tickets"))

    page.goto(site.url + "/admin/users?lang=lt")  # a new user without a password gets a way in
    page.fill("#u-email", "be.slaptazodzio@example.test")
    page.select_option("#u-role", "client")
    page.select_option("#u-org", label=site.orgs["lt"])
    page.fill("#u-pass", "Password2026")  # refused: on the bundled list
    page.click("form[action='/admin/users'] button.primary")
    assert "per dažnas" in page.inner_text("p.flash.err")
    page.fill("#u-email", "be.slaptazodzio@example.test")
    page.select_option("#u-role", "client")
    page.select_option("#u-org", label=site.orgs["lt"])
    page.click("form[action='/admin/users'] button.primary")
    setup = page.inner_text("#new-link")
    assert "/password/set?token=" in setup and page.inner_text("#new-token").startswith("sgs_")
    newcomer = new_page(locale="lt-LT")
    newcomer.goto(setup)
    assert "Nustatykite naują slaptažodį" in newcomer.inner_text("h1")

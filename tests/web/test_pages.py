"""Every page answers for the roles that may see it (and only them), in every language; the session
cookie has the right flags; POSTs without the CSRF token are refused. Plain HTTP, no browser."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from tests.web.conftest import PASSWORD
from tests.web.i18n_check import leftover_english


def signed_in(site, who: str, lang: str = "en") -> httpx.Client:
    c = httpx.Client(base_url=site.url, follow_redirects=False, timeout=20)
    r = c.get("/login", params={"lang": lang})
    token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"email": site.users[who], "password": PASSWORD, "csrf": token})
    assert r.status_code == 303, r.text[:300]
    return c


PAGES = {
    "client_en": ["/tickets", "/requests", "/requests/new", "/notices", "/profile"],
    "consultant": ["/consultant/tickets", "/tickets", "/profile"],
    "dpo": [
        "/dpo/requests",
        "/dpo/requests?state=",
        "/dpo/dpas",
        "/dpo/holds",
        "/dpo/holds?all=1",
        "/dpo/audit",
        "/dpo/audit?action=web.&from=2020-01-01",
        "/dpo/certificates",
        "/tickets",
    ],
    "admin": ["/admin/organisations", "/admin/users", "/dpo/holds", "/dpo/dpas"],
}
FORBIDDEN = {
    "client_en": ["/dpo/requests", "/admin/users", "/dpo/audit", "/consultant/tickets"],
    "consultant": ["/dpo/requests", "/admin/users", "/requests/new", "/dpo/audit/export"],
    "dpo": ["/admin/users", "/requests/new"],
}


@pytest.mark.parametrize("who", sorted(PAGES))
@pytest.mark.parametrize("lang", ["en", "lv"])
def test_pages_answer_for_their_roles(site, who, lang):
    c = signed_in(site, who, lang)
    for path in PAGES[who]:
        r = c.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        assert f'<html lang="{lang}">' in r.text
        if lang != "en" and path != "/notices":  # notices are in the organisation's language (data)
            text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", r.text))
            assert not leftover_english(html.unescape(text), lang), (path, leftover_english(text, lang))
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
    for path in FORBIDDEN.get(who, []):
        assert c.get(path).status_code == 403, path


def test_signed_out_pages_redirect_to_login(site):
    r = httpx.get(site.url + "/tickets", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert httpx.get(site.url + "/login").status_code == 200


def test_session_cookie_flags_and_logout(site):
    c = httpx.Client(base_url=site.url, follow_redirects=False)
    r = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"email": site.users["dpo"], "password": PASSWORD, "csrf": token})
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("sargas_session=")][0].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http on loopback; https sets Secure
    page = c.get("/dpo/requests")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert c.post("/logout", data={}).status_code == 403  # no CSRF token
    old = c.cookies["sargas_session"]
    assert c.post("/logout", data={"csrf": csrf}).status_code == 303
    c.cookies.clear()
    assert c.get("/dpo/requests").status_code == 303
    # the signed-out cookie, replayed, is dead too
    replay = httpx.Client(base_url=site.url, follow_redirects=False, cookies={"sargas_session": old})
    assert replay.get("/dpo/requests").status_code == 303


def test_wrong_password_and_missing_csrf_are_refused(site):
    c = httpx.Client(base_url=site.url, follow_redirects=False)
    r = c.get("/login?lang=lt")
    token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"email": site.users["dpo"], "password": "wrong", "csrf": token})
    assert r.status_code == 401 and "sargas_session" not in r.headers.get("set-cookie", "")
    r = c.post("/login", data={"email": site.users["dpo"], "password": PASSWORD})
    assert r.status_code == 400 and "sargas_session=" not in r.headers.get("set-cookie", "")
    r = c.post(
        "/login",
        data={"email": site.users["dpo"], "password": PASSWORD, "csrf": token},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 400


def test_repeated_wrong_passwords_are_throttled(site):
    c = httpx.Client(base_url=site.url, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    rs = [c.post("/login", data={"email": "nobody@example.test", "password": "x", "csrf": token})
          for _ in range(8)]
    codes = [r.status_code for r in rs]  # intake_api.throttle.ACCOUNT: 5 free, the 6th locks
    assert codes[:6] == [401] * 6 and codes[6:] == [429, 429] and int(rs[6].headers["Retry-After"]) > 0


def test_tampered_session_cookie_is_ignored(site):
    c = signed_in(site, "dpo")
    value = c.cookies["sargas_session"]
    c.cookies.set("sargas_session", value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    assert c.get("/dpo/requests").status_code == 303


def test_language_switch_is_remembered(site):
    c = signed_in(site, "client_en")
    r = c.get("/tickets?lang=ru")
    assert '<html lang="ru">' in r.text and "sargas_lang=ru" in r.headers.get("set-cookie", "")
    assert '<html lang="ru">' in c.get("/requests").text


def test_secure_cookie_behind_https_proxy(site):
    c = httpx.Client(base_url=site.url, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post(
        "/login",
        data={"email": site.users["admin"], "password": PASSWORD, "csrf": token},
        headers={"X-Forwarded-Proto": "https"},
    )
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("sargas_session=")][0].lower()
    assert "; secure" in cookie and "httponly" in cookie


def test_pdf_pages_are_rendered_as_images(site):
    import pymupdf

    from tests.web.conftest import api_ticket, api_upload
    from tests.web.docs import PERSONAL_CODE

    doc = pymupdf.open()
    for i in range(2):
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 80), f"Page {i + 1}: asmens kodas {PERSONAL_CODE}", fontsize=12)
    ref = api_ticket(site, "client_lv", "PDF evidence")
    att = api_upload(site, "client_lv", ref, doc.tobytes(), name="statement.pdf", mime="application/pdf")
    assert att["state"] == "published", att
    c = signed_in(site, "client_lv", "lv")
    page_html = c.get(f"/attachments/{att['id']}").text
    assert page_html.count(f"/ui/attachments/{att['id']}/page/") == 2
    for n in (1, 2):
        r = c.get(f"/ui/attachments/{att['id']}/page/{n}.png")
        assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get(f"/ui/attachments/{att['id']}/page/3.png").status_code == 404
    # another organisation's client sees nothing of it
    other = signed_in(site, "client_en")
    assert other.get(f"/attachments/{att['id']}").status_code == 404
    assert other.get(f"/ui/attachments/{att['id']}/page/1.png").status_code == 404


def test_client_withdraws_a_request_and_consultant_cannot_act_on_it(site):
    from tests.web.conftest import api, api_assign, api_ticket

    ref = api_ticket(site, "client_ru", "Withdraw me")
    api_assign(site, ref, "consultant")  # a client may name only a consultant assigned to the ticket
    body = {
        "tickets": [ref],
        "description": "Scan of a passport page for the visa ticket.",
        "why_not_anonymised": "The number must be compared by the consultant.",
        "data_subjects": ["employees"],
        "data_categories": ["national_id"],
        "purpose": "Check the visa application data.",
        "legal_basis": "contract",
        "retention_days": 2,
        "consultants": [site.users["consultant"]],
        "acknowledged": True,
    }
    rid = api(site, "client_ru").post("/api/v1/transfer-requests", json=body).json()["id"]
    c = signed_in(site, "client_ru", "ru")
    page = c.get(f"/requests/{rid}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert c.post(f"/requests/{rid}/submit", data={"csrf": csrf}).status_code == 303
    assert c.post(f"/requests/{rid}/withdraw", data={"csrf": "forged"}).status_code == 403
    assert c.post(f"/requests/{rid}/withdraw", data={"csrf": csrf, "reason": "не нужно"}).status_code == 303
    assert "Отозван" in c.get(f"/requests/{rid}").text
    cons = signed_in(site, "consultant")
    assert cons.get(f"/requests/{rid}").status_code == 200  # named: may read it
    cons_csrf = re.search(r'name="csrf" value="([^"]+)"', cons.get("/profile").text).group(1)
    assert cons.post(f"/requests/{rid}/withdraw", data={"csrf": cons_csrf}).status_code == 403
    assert cons.post(f"/dpo/requests/{rid}/revoke", data={"csrf": cons_csrf}).status_code == 403


def test_profile_language_is_used_without_a_cookie(site):
    c = signed_in(site, "consultant2")
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/profile").text).group(1)
    assert c.post("/profile", data={"csrf": csrf, "lang": "lt"}).status_code == 303
    fresh = signed_in(site, "consultant2")  # new browser: no language cookie, Accept-Language absent
    fresh.cookies.delete("sargas_lang")
    assert '<html lang="lt">' in fresh.get("/consultant/tickets").text
    # the profile wins over the browser's preference
    assert '<html lang="lt">' in fresh.get("/consultant/tickets", headers={"Accept-Language": "ru"}).text


def test_client_closes_and_reopens_a_ticket(site):
    from tests.web.conftest import api_ticket

    ref = api_ticket(site, "client_en", "Close me")
    c = signed_in(site, "client_en")
    page = c.get(f"/tickets/{ref}").text
    assert 'id="dropzone"' in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert c.post(f"/tickets/{ref}/status", data={"csrf": csrf, "status": "closed"}).status_code == 303
    page = c.get(f"/tickets/{ref}").text
    assert 'id="dropzone"' not in page and "Re-open ticket" in page
    assert c.post(f"/tickets/{ref}/status", data={"csrf": csrf, "status": "open"}).status_code == 303
    assert 'id="dropzone"' in c.get(f"/tickets/{ref}").text
    other = signed_in(site, "client_lt")
    other_csrf = re.search(r'name="csrf" value="([^"]+)"', other.get("/profile").text).group(1)
    assert (
        other.post(f"/tickets/{ref}/status", data={"csrf": other_csrf, "status": "closed"}).status_code == 404
    )


def test_office_file_is_shown_as_redacted_text(site):
    import io

    import docx

    from tests.web.conftest import api_ticket, api_upload
    from tests.web.docs import PERSONAL_CODE

    d = docx.Document()
    d.add_paragraph(f"Klientas Jonas Petraitis, asmens kodas {PERSONAL_CODE}, el. paštas jonas.p@example.com")
    d.add_paragraph("Spausdintuvas rodo klaidą 0x1F.")
    buf = io.BytesIO()
    d.save(buf)
    ref = api_ticket(site, "client_lv", "Word letter")
    att = api_upload(site, "client_lv", ref, buf.getvalue(), name="letter.docx",
                     mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert att["state"] == "published", att
    c = signed_in(site, "client_lv", "lv")
    page_html = html.unescape(c.get(f"/attachments/{att['id']}").text)
    assert "text-preview" in page_html and "Spausdintuvas rodo klaidą 0x1F." in page_html
    assert "[LT PERSONAL CODE]" in page_html and "[EMAIL]" in page_html
    assert PERSONAL_CODE not in page_html and "jonas.p@example.com" not in page_html
    assert "Petraitis" not in page_html

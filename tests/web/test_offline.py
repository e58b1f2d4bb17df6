"""Nothing loads from outside (issue 19.3): every web page of every role, and the API
documentation at /docs, opened in Chromium with every request that is not to
127.0.0.1 blocked and recorded. Asserts no such request was even attempted, and that /docs
really renders the operations (not a blank page) from the packaged Swagger UI."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.web.conftest import api_ticket, api_upload, login
from tests.web.docs import screenshot_png
from tests.web.test_pages import PAGES

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _guard(page) -> list[str]:
    """Abort and record every request that would leave the machine (data: and blob: stay local)."""
    outside: list[str] = []

    def route(r) -> None:
        u = urlsplit(r.request.url)
        if u.scheme in ("data", "blob") or (u.hostname or "") in LOOPBACK:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.on("websocket", lambda ws: outside.append(ws.url))
    return outside


def test_no_page_requests_an_outside_url(site, new_page):
    ref = api_ticket(site, "client_en", "Offline check")
    att = api_upload(site, "client_en", ref, screenshot_png())
    extra = {"client_en": [f"/tickets/{ref}", f"/attachments/{att['id']}"],
             "dpo": [f"/tickets/{ref}", f"/attachments/{att['id']}"]}
    visited = 0
    for who, paths in PAGES.items():
        page = new_page()
        outside = _guard(page)
        login(page, site, who)
        for path in [*paths, *extra.get(who, [])]:
            page.goto(site.url + path)
            page.wait_for_load_state("networkidle")
            visited += 1
        assert outside == [], (who, outside)
    page = new_page()
    outside = _guard(page)
    page.goto(site.url + "/login")
    page.wait_for_load_state("networkidle")
    assert outside == [] and visited >= 20


def test_docs_render_operations_offline(site, new_page):
    page = new_page()
    outside = _guard(page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site.url + "/docs")
    page.wait_for_selector(".opblock-summary", timeout=30000)
    page.wait_for_load_state("networkidle")
    ops = page.locator(".opblock-summary").count()
    spec = page.request.get(site.url + "/openapi.json").json()
    declared = sum(len(v) for v in spec["paths"].values())
    assert ops >= declared >= 30  # an operation with two tags shows twice
    assert page.locator("button.authorize").count() == 1  # the bearer securityScheme
    assert "Open a ticket" in page.inner_text("#swagger-ui")
    assert page.locator("script[src^='http']").count() == 0
    assert "swagger" not in page.url and not [e for e in errors if "Content Security Policy" in e]

    assert outside == [], outside
    assert page.request.get(site.url + "/redoc").status == 404  # FastAPI's default loads a CDN

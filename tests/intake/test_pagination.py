"""Cursor pagination of the API lists (issue 19.4): ``X-Total-Count`` counts every matching row,
``X-Next-Cursor``/``Link: rel="next"`` lead through the pages, rows added while paging never
shift or repeat a page, filters (status, organisation, search, days) combine with the cursor,
and a forged cursor is refused with the product's error body. Real app, real SQLite."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from tests.intake.conftest import new_ticket


def _all_pages(client, world, who: str, url: str) -> tuple[list[str], list[int]]:
    refs, totals = [], []
    while url:
        r = client.get(url, headers=world.h(who))
        assert r.status_code == 200, r.text
        refs += [t["ref"] for t in r.json()]
        totals.append(int(r.headers["x-total-count"]))
        link = r.headers.get("link")
        if link:
            assert r.headers["x-next-cursor"] in link and link.endswith('>; rel="next"')
            url = re.match(r"<([^>]+)>", link).group(1)
        else:
            assert "x-next-cursor" not in r.headers
            url = ""
    return refs, totals


def test_ticket_pages_are_stable_and_totalled(client, world):
    tag = "pg" + uuid.uuid4().hex[:8]
    made = [new_ticket(client, world, subject=f"Printer {tag} {i}") for i in range(7)]
    first = client.get("/api/v1/tickets", params={"q": tag, "limit": 3}, headers=world.h("client_a"))
    assert first.status_code == 200
    assert int(first.headers["x-total-count"]) == 7 and len(first.json()) == 3
    page1 = [t["ref"] for t in first.json()]
    assert page1 == made[::-1][:3]  # newest first
    newer = [new_ticket(client, world, subject=f"Printer {tag} late {i}") for i in range(2)]
    link = re.match(r"<([^>]+)>", first.headers["link"]).group(1)
    rest, totals = _all_pages(client, world, "client_a", link)
    assert page1 + rest == made[::-1]  # the two tickets added meanwhile did not shift the pages
    assert totals == [9, 9]  # the total is live: it counts them
    everything, _ = _all_pages(client, world, "client_a", f"/api/v1/tickets?q={tag}&limit=4")
    assert everything == (made + newer)[::-1] and len(set(everything)) == 9


def test_ticket_filters_and_visibility(client, world):
    tag = "pf" + uuid.uuid4().hex[:8]
    a = [new_ticket(client, world, subject=f"Scanner {tag} {i}") for i in range(3)]
    b = new_ticket(client, world, who="client_b", subject=f"Scanner {tag} B")
    r = client.patch(f"/api/v1/tickets/{a[0]}", json={"status": "closed"}, headers=world.h("client_a"))
    assert r.status_code == 200

    def refs(who: str, **params) -> tuple[list[str], int]:
        r = client.get("/api/v1/tickets", params={"q": tag, **params}, headers=world.h(who))
        assert r.status_code == 200, r.text
        return [t["ref"] for t in r.json()], int(r.headers["x-total-count"])

    assert refs("dpo") == ([b, *a[::-1]], 4)
    assert refs("dpo", organisation_id=world.orgs["B"]) == ([b], 1)
    assert refs("client_a") == (a[::-1], 3)  # the client never sees org B's ticket
    assert refs("client_a", organisation_id=world.orgs["B"]) == ([], 0)
    assert refs("client_a", status="closed") == ([a[0]], 1)
    assert refs("client_a", status="open") == (a[:0:-1], 2)
    assert refs("dpo", q=a[1]) == ([a[1]], 1)  # search by reference
    today = datetime.now(UTC).date()
    assert refs("dpo", since=str(today), until=str(today))[1] == 4
    assert refs("dpo", until=str(today - timedelta(days=1))) == ([], 0)
    assert refs("dpo", since=str(today + timedelta(days=1))) == ([], 0)
    assert refs("dpo", q="%")[1] == 0 and refs("dpo", q="_")[1] == 0  # LIKE wildcards are literal


def test_forged_cursor_is_refused_with_error_body(client, world):
    for cursor in ("not-a-cursor", "AAAA", "MjAyNnw", "x" * 150):
        r = client.get("/api/v1/tickets", params={"cursor": cursor}, headers=world.h("client_a"))
        assert r.status_code == 422, (cursor, r.text)
        assert r.json()["error"] == "invalid_cursor" and r.json()["message"]
    r = client.get("/api/v1/notifications", params={"cursor": "zz"}, headers=world.h("client_a"))
    assert r.status_code == 422 and r.json()["error"] == "invalid_cursor"


def test_notifications_are_paged(client, world):
    from sargas import outbox
    from sargas.db import session_scope

    def total() -> int:
        r = client.get("/api/v1/notifications", params={"limit": 1}, headers=world.h("consultant2"))
        assert r.status_code == 200
        return int(r.headers["x-total-count"])

    before = total()
    with session_scope() as s:
        for i in range(5):
            outbox.enqueue(s, organisation=None, kind="test.page", lang="en", subject=f"Page notice {i}",
                           body="b", user_id=world.users["consultant2"], channels=(outbox.INAPP,))
    assert total() == before + 5
    ids, url = [], "/api/v1/notifications?limit=2"
    while url:
        r = client.get(url, headers=world.h("consultant2"))
        assert len(r.json()) <= 2
        ids += [n["id"] for n in r.json()]
        url = re.match(r"<([^>]+)>", r.headers["link"]).group(1) if "link" in r.headers else ""
    assert len(ids) == len(set(ids)) == before + 5


def test_legal_holds_are_paged(client, world):
    before = client.get("/api/v1/legal-holds", params={"limit": 1}, headers=world.h("dpo"))
    assert before.status_code == 200
    n = int(before.headers["x-total-count"])
    refs = [new_ticket(client, world, subject=f"Held {i}") for i in range(3)]
    for ref in refs:
        r = client.post("/api/v1/legal-holds", json={"ticket": ref, "reason": "Litigation 7/2026"},
                        headers=world.h("dpo"))
        assert r.status_code == 201, r.text
    ids, url = [], "/api/v1/legal-holds?limit=2"
    while url:
        r = client.get(url, headers=world.h("dpo"))
        assert r.status_code == 200 and int(r.headers["x-total-count"]) == n + 3
        ids += [h["id"] for h in r.json()]
        url = re.match(r"<([^>]+)>", r.headers["link"]).group(1) if "link" in r.headers else ""
    assert len(ids) == len(set(ids)) == n + 3
    r = client.get("/api/v1/legal-holds", params={"cursor": "bogus"}, headers=world.h("dpo"))
    assert r.status_code == 422 and set(r.json()) >= {"error", "message"}


def test_transfer_requests_are_paged(client, world):
    def page_through(url: str) -> tuple[list[str], int]:
        ids, total = [], -1
        while url:
            r = client.get(url, headers=world.h("client_a"))
            assert r.status_code == 200, r.text
            total = int(r.headers["x-total-count"])
            ids += [x["id"] for x in r.json()]
            url = re.match(r"<([^>]+)>", r.headers["link"]).group(1) if "link" in r.headers else ""
        return ids, total

    _, before = page_through("/api/v1/transfer-requests?limit=500")
    ref = new_ticket(client, world, subject="Needs originals")
    for _ in range(3):
        r = client.post("/api/v1/transfer-requests", json={"tickets": [ref]}, headers=world.h("client_a"))
        assert r.status_code == 201, r.text
    ids, total = page_through("/api/v1/transfer-requests?limit=2")
    assert total == before + 3 and len(ids) == len(set(ids)) == total
    r = client.get("/api/v1/transfer-requests", params={"cursor": "@@"}, headers=world.h("client_a"))
    assert r.status_code == 422 and r.json()["error"] == "invalid_cursor"

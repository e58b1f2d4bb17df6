"""Authorisation matrix, table-driven: who may see what (org A's ticket, attachment, redacted copy,
original). Organisation B is told "not found" about A's objects; originals are for the DPO only.
Need-to-know (issue 18.2): the ticket is assigned (by the DPO) to ``consultant``; ``consultant2`` is
not assigned and is told "not found" about it everywhere; only the DPO or an admin (re)assigns."""

from __future__ import annotations

import pytest

from tests.intake.conftest import new_ticket, render_png, upload, wait_final


@pytest.fixture(scope="module")
def published(_app_client, world):
    client = _app_client
    ref = new_ticket(client, world, subject="Invoice screen")
    r = upload(client, world, ref, render_png(["Printer offline", "Call the helpdesk"]))
    assert r.status_code == 202
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "published"
    r = client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users["consultant"]},
                     headers=world.h("dpo"))
    assert r.status_code == 200, r.text
    return ref, st["id"]


# (caller, method, path template, expected status); caller None = no token, "bogus" = unknown token
MATRIX = [
    (None, "GET", "/api/v1/attachments/{id}", 401),
    ("bogus", "GET", "/api/v1/attachments/{id}", 401),
    (None, "POST", "/api/v1/tickets", 401),
    (None, "GET", "/api/v1/notifications", 401),
    (None, "GET", "/api/v1/attachments/{id}/original", 401),
    ("client_a", "GET", "/api/v1/tickets/{ref}", 200),
    ("client_b", "GET", "/api/v1/tickets/{ref}", 404),
    ("consultant", "GET", "/api/v1/tickets/{ref}", 200),
    ("client_a", "GET", "/api/v1/attachments/{id}", 200),
    ("client_b", "GET", "/api/v1/attachments/{id}", 404),
    ("consultant", "GET", "/api/v1/attachments/{id}", 200),
    ("dpo", "GET", "/api/v1/attachments/{id}", 200),
    ("client_a", "GET", "/api/v1/attachments/{id}/redacted", 200),
    ("client_b", "GET", "/api/v1/attachments/{id}/redacted", 404),
    ("consultant", "GET", "/api/v1/attachments/{id}/redacted", 200),
    ("dpo", "GET", "/api/v1/attachments/{id}/redacted", 200),
    ("client_a", "GET", "/api/v1/attachments/{id}/original", 403),
    ("client_b", "GET", "/api/v1/attachments/{id}/original", 404),
    ("consultant", "GET", "/api/v1/attachments/{id}/original", 403),
    ("admin", "GET", "/api/v1/attachments/{id}/original", 403),
    ("dpo", "GET", "/api/v1/attachments/{id}/original", 410),  # allowed, but destroyed
    ("client_b", "GET", "/api/v1/tickets/{ref}/attachments", 404),
    ("client_b", "POST", "/api/v1/tickets/{ref}/attachments", 404),
    # need-to-know: the unassigned consultant sees nothing of the ticket
    ("consultant2", "GET", "/api/v1/tickets/{ref}", 404),
    ("consultant2", "GET", "/api/v1/tickets/{ref}/attachments", 404),
    ("consultant2", "GET", "/api/v1/attachments/{id}", 404),
    ("consultant2", "GET", "/api/v1/attachments/{id}/redacted", 404),
    ("consultant2", "GET", "/api/v1/attachments/{id}/original", 404),
    ("consultant2", "PATCH", "/api/v1/tickets/{ref}", 404),  # cannot close it either
    ("consultant", "GET", "/api/v1/tickets/{ref}/attachments", 200),
    ("dpo", "GET", "/api/v1/tickets/{ref}", 200),
    ("admin", "GET", "/api/v1/tickets/{ref}", 200),
]


@pytest.mark.parametrize(("who", "method", "path", "expected"), MATRIX,
                         ids=[f"{w}-{m}-{p}" for w, m, p, _ in MATRIX])
def test_authorisation_matrix(client, world, published, who, method, path, expected):
    ref, att_id = published
    headers = {} if who is None else (
        {"Authorization": "Bearer sgs_not-a-real-token"} if who == "bogus" else world.h(who))
    url = path.format(ref=ref, id=att_id)
    kwargs = {}
    if method == "POST" and url.endswith("/attachments"):
        kwargs["files"] = {"file": ("a.png", render_png(["x"]), "image/png")}
    elif method == "POST":
        kwargs["json"] = {"subject": "x"}
    elif method == "PATCH":
        kwargs["json"] = {"status": "open"}
    r = client.request(method, url, headers=headers, **kwargs)
    assert r.status_code == expected, r.text
    if expected >= 400:
        body = r.json()
        assert set(body) >= {"error", "message"}


def test_original_access_is_audited(client, world, published):
    from sqlalchemy import select

    from retention.audit import AuditEvent
    from sargas.db import session_scope

    _, att_id = published
    client.get(f"/api/v1/attachments/{att_id}/original", headers=world.h("consultant"))
    with session_scope() as s:
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == att_id)))
    assert "original.access_denied" in actions


def test_clients_see_only_their_own_notifications(client, world, published):
    ref, att_id = published
    mine = client.get("/api/v1/notifications", headers=world.h("client_a")).json()
    theirs = client.get("/api/v1/notifications", headers=world.h("client_b")).json()
    assert any(n["data"].get("attachment_id") == att_id for n in mine)
    assert not any(n["data"].get("ticket") == ref for n in theirs)


def test_staff_open_tickets_for_an_organisation(client, world):
    r = client.post("/api/v1/tickets", json={"subject": "Call back"}, headers=world.h("consultant"))
    assert r.status_code == 422 and r.json()["error"] == "organisation_required"
    r = client.post("/api/v1/tickets", json={"subject": "Call back", "organisation_id": world.orgs["B"]},
                    headers=world.h("consultant"))
    assert r.status_code == 201
    assert client.get(f"/api/v1/tickets/{r.json()['ref']}", headers=world.h("client_b")).status_code == 200
    assert client.get(f"/api/v1/tickets/{r.json()['ref']}", headers=world.h("client_a")).status_code == 404
    r = client.post("/api/v1/tickets", json={"subject": "x", "organisation_id": world.orgs["B"]},
                    headers=world.h("client_a"))
    assert r.status_code == 403


# (caller, consultant the caller tries to assign, expected status): assignment is for the DPO/admin
ASSIGN = [
    ("consultant2", "consultant2", 404),  # an outsider cannot take the ticket (nor learn it exists)
    ("consultant", "consultant2", 403),  # the assigned consultant cannot hand it on
    ("consultant", "consultant", 403),
    ("client_a", "consultant2", 403),
    ("client_b", "consultant2", 404),
    ("dpo", "consultant2", 200),
    ("admin", "consultant", 200),
]


def test_consultant_assignment_matrix(client, world):
    ref = new_ticket(client, world, subject="Assignment rules")
    assert client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users["consultant"]},
                        headers=world.h("dpo")).status_code == 200
    def holder() -> str:
        return client.get(f"/api/v1/tickets/{ref}", headers=world.h("dpo")).json()["assigned_consultant_id"]

    for who, target, expected in ASSIGN:
        before = holder()
        r = client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users[target]},
                         headers=world.h(who))
        assert r.status_code == expected, (who, target, r.text)
        assert set(r.json()) >= ({"ref"} if expected == 200 else {"error", "message"})
        assert holder() == (world.users[target] if expected == 200 else before)
    # reassignment moves the need-to-know: the previous consultant loses the ticket
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("consultant")).status_code == 200
    assert client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users["consultant2"]},
                        headers=world.h("admin")).status_code == 200
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("consultant")).status_code == 404
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("consultant2")).status_code == 200


def test_consultant_lists_only_assigned_tickets_api_and_web(client, world, published):
    from intake_api.web.security import SESSION_COOKIE, encode_session
    from sargas.db import session_scope
    from sargas.models import User

    ref, att_id = published
    listed = {who: [t["ref"] for t in client.get("/api/v1/tickets", headers=world.h(who)).json()]
              for who in ("consultant", "consultant2", "dpo")}
    assert ref in listed["consultant"] and ref in listed["dpo"] and ref not in listed["consultant2"]

    def web(who: str, path: str):
        with session_scope() as s:
            cookie = encode_session(s.get(User, world.users[who]))  # a signed-in browser session
        client.cookies.clear()
        try:
            return client.get(path, cookies={SESSION_COOKIE: cookie}, follow_redirects=False)
        finally:
            client.cookies.clear()

    assert ref in web("consultant", "/tickets").text and ref not in web("consultant2", "/tickets").text
    for path in (f"/tickets/{ref}", f"/attachments/{att_id}", f"/ui/attachments/{att_id}/download",
                 f"/ui/attachments/{att_id}/page/1.png", f"/ui/attachments/{att_id}/state"):
        assert web("consultant", path).status_code == 200, path
        assert web("consultant2", path).status_code == 404, path

"""The whole transfer-request life cycle through the HTTP API, with real uploads through the real
pipeline: coverage keeps originals, every ending destroys them and tells the client."""

from __future__ import annotations

from datetime import timedelta

from forms.service import expire_due
from sargas.clock import now
from sargas.db import session_scope
from sargas.models import Attachment
from tests.forms.conftest import file_request, new_ticket, notices, pii_png, upload, wait_final


def _original(client, world, att_id: str, who: str):
    return client.get(f"/api/v1/attachments/{att_id}/original", headers=world.h(who))


def test_approved_request_keeps_original_for_dpo_and_named_consultant_then_revocation_destroys(
    client, world, smtp
):
    _, box = smtp
    covered, uncovered = new_ticket(client, world), new_ticket(client, world, subject="Other problem")
    req = file_request(client, world, [covered], approve=True)
    assert req["state"] == "active" and req["decided_by"] == "Dalia Pareigūnė"
    assert req["granted_retention_days"] == 14 and req["valid_until"]
    assert req["special_categories"] == ["health"]

    png = pii_png()
    kept, gone = upload(client, world, covered, png), upload(client, world, uncovered, png)
    st = wait_final(client, world, kept)
    assert st["state"] == "published" and st["counts"].get("LT_PERSONAL_CODE") == 1
    assert st["original"] == "retained"
    assert st["coverage"] == {"kind": "transfer_request", "id": req["id"]}
    st2 = wait_final(client, world, gone)
    assert st2["state"] == "published" and st2["original"] == "destroyed" and st2["coverage"] is None

    # the redacted copy still reaches the ticket; the original only for the DPO and the named consultant
    assert client.get(f"/api/v1/attachments/{kept}/redacted", headers=world.h("client_a")).status_code == 200
    for who in ("dpo", "cons1"):
        r = _original(client, world, kept, who)
        assert r.status_code == 200, (who, r.text)
        assert r.content == png
    # need-to-know (issue 18.2): an unassigned consultant the request does not name sees nothing
    for who, status in (("cons2", 404), ("client_a", 403)):
        assert _original(client, world, kept, who).status_code == status, who
    assert _original(client, world, gone, "dpo").status_code == 410

    # only the DPO revokes; then the original is gone and everybody is told
    r = client.post(
        f"/api/v1/transfer-requests/{req['id']}/revoke",
        json={"reason": "Defect fixed"},
        headers=world.h("client_a"),
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/v1/transfer-requests/{req['id']}/revoke",
        json={"reason": "Defect fixed"},
        headers=world.h("dpo"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "revoked" and r.json()["originals_destroyed"] == 1
    assert (
        client.get(f"/api/v1/attachments/{kept}", headers=world.h("client_a")).json()["original"]
        == "destroyed"
    )
    assert _original(client, world, kept, "dpo").status_code == 410
    # no longer named (still assigned to the ticket, so it is "forbidden" rather than "not found")
    assert _original(client, world, kept, "cons1").status_code in (403, 404, 410)

    note = notices(client, world, "client_a", "transfer_request.revoked", req["id"])
    assert note and note[0]["lang"] == "lt"
    assert "atšaukė" in note[0]["body"] and "Sunaikinta originalų: 1" in note[0]["body"]
    assert "Defect fixed" in note[0]["body"]
    assert notices(client, world, "cons1", "transfer_request.revoked", req["id"])
    msg = box.wait_for(
        lambda rcpts, m: (
            "it@a.forms.example" in rcpts and req["reference"] in m["Subject"] and "atšauktas" in m["Subject"]
        )
    )
    assert msg is not None, "no e-mail to the client organisation"
    assert "Petraitis" not in msg.get_body(("plain",)).get_content()


def test_expiry_destroys_originals_and_notifies(client, world):
    ref = new_ticket(client, world)
    req = file_request(client, world, [ref], approve=True, retention_days=3)
    att = upload(client, world, ref, pii_png())
    assert wait_final(client, world, att)["original"] == "retained"

    with session_scope() as s:  # not due yet: nothing happens
        assert expire_due(s, now() + timedelta(days=2))["expired"] == 0
    with session_scope() as s:
        out = expire_due(s, now() + timedelta(days=3, minutes=1))
    assert out["expired"] >= 1 and out["originals_destroyed"] >= 1
    got = client.get(f"/api/v1/transfer-requests/{req['id']}", headers=world.h("client_a")).json()
    assert got["state"] == "expired" and got["originals_destroyed"] == 1
    assert (
        client.get(f"/api/v1/attachments/{att}", headers=world.h("client_a")).json()["original"]
        == "destroyed"
    )
    assert _original(client, world, att, "dpo").status_code == 410
    note = notices(client, world, "client_a", "transfer_request.expired", req["id"])
    assert note and "galiojimas baigėsi" in note[0]["body"]
    with session_scope() as s:  # idempotent
        assert expire_due(s, now() + timedelta(days=4))["expired"] == 0


def test_rejection_destroys_originals_held_for_the_decision(client, world):
    ref = new_ticket(client, world)
    req = file_request(client, world, [ref])  # submitted, not decided
    assert req["state"] == "submitted" and req["provisional_hold"] is True
    att = upload(client, world, ref, pii_png())
    st = wait_final(client, world, att)
    assert st["original"] == "retained" and st["coverage"]["id"] == req["id"]
    # held for the DPO's decision only: the named consultant may not open it yet
    assert _original(client, world, att, "cons1").status_code == 404  # unassigned, not (yet) named
    assert notices(client, world, "dpo", "transfer_request.submitted", req["id"])

    r = client.post(f"/api/v1/transfer-requests/{req['id']}/reject", json={}, headers=world.h("dpo"))
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "reason"
    r = client.post(
        f"/api/v1/transfer-requests/{req['id']}/reject",
        json={"reason": "Anonymised test data will do."},
        headers=world.h("dpo"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "rejected" and r.json()["originals_destroyed"] == 1
    assert (
        client.get(f"/api/v1/attachments/{att}", headers=world.h("client_a")).json()["original"]
        == "destroyed"
    )
    note = notices(client, world, "client_a", "transfer_request.rejected", req["id"])
    assert note and "atmetė" in note[0]["body"] and "Anonymised test data will do." in note[0]["body"]


def test_withdrawal_destroys_originals_and_notifies(client, world):
    ref = new_ticket(client, world)
    req = file_request(client, world, [ref], approve=True)
    att = upload(client, world, ref, pii_png())
    assert wait_final(client, world, att)["original"] == "retained"
    r = client.post(f"/api/v1/transfer-requests/{req['id']}/withdraw", headers=world.h("dpo"))
    assert r.status_code == 403  # only the client withdraws
    r = client.post(f"/api/v1/transfer-requests/{req['id']}/withdraw", headers=world.h("client_a"))
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "withdrawn" and r.json()["originals_destroyed"] == 1
    assert (
        client.get(f"/api/v1/attachments/{att}", headers=world.h("client_a")).json()["original"]
        == "destroyed"
    )
    assert notices(client, world, "client_a", "transfer_request.withdrawn", req["id"])
    assert notices(client, world, "cons1", "transfer_request.withdrawn", req["id"])
    # a new upload to the same ticket is no longer covered
    att2 = upload(client, world, ref, pii_png())
    assert wait_final(client, world, att2)["original"] == "destroyed"


def test_approval_after_a_provisional_hold_keeps_the_original_and_an_undecided_hold_lapses(client, world):
    from retention.vault import VaultEntry

    ref = new_ticket(client, world)
    req = file_request(client, world, [ref], retention_days=20)
    held = upload(client, world, ref, pii_png())
    assert wait_final(client, world, held)["original"] == "retained"
    assert _original(client, world, held, "cons1").status_code == 404  # unassigned, not (yet) named
    r = client.post(
        f"/api/v1/transfer-requests/{req['id']}/approve",
        json={"retention_days": 10, "consultants": ["cons1@vendor.forms.example"]}, headers=world.h("dpo"),
    )
    assert r.status_code == 200 and r.json()["granted_retention_days"] == 10
    approved = r.json()
    assert _original(client, world, held, "cons1").status_code == 200  # now a named consultant may open it
    with session_scope() as s:
        att = s.get(Attachment, held)
        entry = s.get(VaultEntry, att.vault_entry_id)
        assert entry.retain_until.isoformat() == approved["valid_until"]  # re-bound to the granted window

    # a request the DPO never decides: its hold lapses after transfer_pending_hold_days (7)
    ref2 = new_ticket(client, world)
    req2 = file_request(client, world, [ref2])
    lapsing = upload(client, world, ref2, pii_png())
    assert wait_final(client, world, lapsing)["original"] == "retained"
    with session_scope() as s:
        out = expire_due(s, now() + timedelta(days=7, minutes=1))
    assert out["originals_destroyed"] >= 1
    assert (
        client.get(f"/api/v1/attachments/{lapsing}", headers=world.h("client_a")).json()["original"]
        == "destroyed"
    )
    assert (
        client.get(f"/api/v1/attachments/{held}", headers=world.h("client_a")).json()["original"]
        == "retained"
    )
    got = client.get(f"/api/v1/transfer-requests/{req2['id']}", headers=world.h("client_a")).json()
    assert got["state"] == "submitted"  # undecided; only the lapsed original is gone

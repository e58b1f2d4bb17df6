"""The filed request as PDF (text extracted back), DPAs through the API, and coverage rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pymupdf

from forms.coverage import find_coverage
from forms.models import Dpa
from forms.service import expire_due
from sargas.clock import now
from sargas.db import session_scope
from sargas.models import Ticket
from tests.forms.conftest import file_request, new_ticket, pii_png, upload, wait_final

LT_TEXT = "Ekrano nuotraukos su darbuotojų duomenimis: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"


def _pdf_text(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_pdf_in_the_clients_language_contains_every_field_decision_and_dpo(client, world):
    ref = new_ticket(client, world)
    req = file_request(client, world, [ref], description=LT_TEXT, approve=True)
    r = client.get(f"/api/v1/transfer-requests/{req['id']}/pdf", headers=world.h("client_a"))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = _norm(_pdf_text(r.content))
    for expected in (
        req["reference"],
        ref,
        LT_TEXT,
        "Forms Alpha UAB",
        "Ona Kazlauskienė",
        "ona@a.forms.example",
        "The defect depends on the exact personal code digits in the export.",
        "Reproduce and fix the checksum defect in the payroll export.",
        "cons1@vendor.forms.example",
        "14",
        # Lithuanian labels and vocabulary
        "Duomenų perdavimo prašymas",
        "Tikslas",
        "Teisinis pagrindas",
        "Sutartis (6 str. 1 d. b p.)",
        "Darbuotojai",
        "Tapatybės duomenys",
        "Asmens kodai ir dokumentų numeriai",
        "Sveikatos duomenys",
        "Specialiosios kategorijos",
        "Taip: Patvirtinu, kad ši informacija teisinga",
        # the decision, the DPO and timestamps
        "Sprendimas",
        "galiojantis",
        "Dalia Pareigūnė",
        # in the organisation's zone (the deployment default here), labelled
        datetime.fromisoformat(req["decided_at"]).astimezone(ZoneInfo("Europe/Vilnius")).strftime("%Y-%m-%d"),
        "Rytų Europos laikas (Europe/Vilnius)",
    ):
        assert _norm(expected) in text, expected

    r = client.get(f"/api/v1/transfer-requests/{req['id']}/pdf?lang=ru", headers=world.h("dpo"))
    text = _norm(_pdf_text(r.content))
    assert "Запрос на передачу данных" in text and "Цель" in text and "Данные о здоровье" in text
    assert LT_TEXT in text
    r = client.get(f"/api/v1/transfer-requests/{req['id']}/pdf?lang=lv", headers=world.h("dpo"))
    text = _norm(_pdf_text(r.content))
    assert "Datu nodošanas pieprasījums" in text and "Tiesiskais pamats" in text and "Veselības dati" in text
    # other organisations cannot fetch it
    assert (
        client.get(f"/api/v1/transfer-requests/{req['id']}/pdf", headers=world.h("client_b")).status_code
        == 404
    )


def test_pdf_of_a_long_rejected_request_spans_pages(client, world):
    ref = new_ticket(client, world, who="client_c")
    long_text = " ".join(["Длинное описание материала с кириллицей и деталями."] * 120)
    req = file_request(client, world, [ref], who="client_c", description=long_text[:3990])
    client.post(
        f"/api/v1/transfer-requests/{req['id']}/reject",
        json={"reason": "Недостаточно оснований"},
        headers=world.h("dpo"),
    )
    data = client.get(f"/api/v1/transfer-requests/{req['id']}/pdf", headers=world.h("client_c")).content
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count >= 2
    text = _norm(_pdf_text(data))
    assert "отклонён" in text and "Недостаточно оснований" in text and "Dalia Pareigūnė" in text


def test_dpa_crud_coverage_and_termination(client, world):
    org = world.orgs["D"]
    base = f"/api/v1/organisations/{org}/dpas"
    good = {
        "reference": "DPA-2026-07",
        "signed_at": "2026-01-15",
        "scope": "all",
        "retention_days": 10,
        "consultants": ["cons2@vendor.forms.example"],
    }
    assert client.post(base, json=good, headers=world.h("client_d")).status_code == 403
    assert client.post(base, json=good, headers=world.h("cons1")).status_code == 403
    r = client.post(
        base, json={"signed_at": "yesterday", "scope": "some", "retention_days": 99}, headers=world.h("dpo")
    )
    assert r.status_code == 422
    assert {f["field"] for f in r.json()["fields"]} == {"reference", "signed_at", "scope", "retention_days"}
    r = client.post(base, json={**good, "expires_at": "2026-01-01"}, headers=world.h("dpo"))
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "expires_at"

    r = client.post(base, json=good, headers=world.h("admin"))
    assert r.status_code == 201, r.text
    dpa = r.json()
    assert dpa["valid"] is True and dpa["consultants"] == ["cons2@vendor.forms.example"]
    assert [d["id"] for d in client.get(base, headers=world.h("client_d")).json()] == [dpa["id"]]
    r = client.patch(
        f"{base}/{dpa['id']}", json={"notes": "Annex 2 lists the systems."}, headers=world.h("dpo")
    )
    assert r.status_code == 200 and r.json()["notes"] == "Annex 2 lists the systems."
    assert (
        client.get(
            f"/api/v1/organisations/{world.orgs['A']}/dpas/{dpa['id']}", headers=world.h("dpo")
        ).status_code
        == 404
    )

    # a valid DPA covers the organisation's uploads: original kept, DPA consultant may open it
    ref = new_ticket(client, world, who="client_d")
    att = upload(client, world, ref, pii_png(), who="client_d")
    st = wait_final(client, world, att, who="client_d")
    assert st["original"] == "retained" and st["coverage"] == {"kind": "dpa", "id": dpa["id"]}
    assert client.get(f"/api/v1/attachments/{att}/original", headers=world.h("cons2")).status_code == 200
    # need-to-know (issue 18.2): a consultant neither assigned nor named does not see the ticket
    assert client.get(f"/api/v1/attachments/{att}/original", headers=world.h("cons1")).status_code == 404

    r = client.delete(f"{base}/{dpa['id']}", headers=world.h("dpo"))
    assert r.status_code == 200 and r.json()["originals_destroyed"] == 1 and r.json()["valid"] is False
    assert (
        client.get(f"/api/v1/attachments/{att}", headers=world.h("client_d")).json()["original"]
        == "destroyed"
    )
    assert client.delete(f"{base}/{dpa['id']}", headers=world.h("dpo")).status_code == 409
    notes = client.get("/api/v1/notifications", headers=world.h("client_d")).json()
    assert any(n["kind"] == "dpa.ended" and n["data"]["originals_destroyed"] == 1 for n in notes)


def test_coverage_rules_windows_dpa_scope_and_expiry(client, world):
    """find_coverage directly: request window bounds, DPA validity and category scope, DPA expiry."""
    ref = new_ticket(client, world, who="client_b")
    req = file_request(client, world, [ref], who="client_b", approve=True, retention_days=5)
    with session_scope() as s:
        ticket = s.query(Ticket).filter_by(ref=ref).one()
        org, tid = ticket.organisation_id, ticket.id
        t0 = now()
        cov = find_coverage(s, organisation_id=org, ticket_id=tid, at=t0)
        assert cov is not None and cov.kind == "transfer_request" and cov.id == req["id"]
        assert world.users["cons1"] in cov.consultant_ids and not cov.provisional
        assert find_coverage(s, organisation_id=org, ticket_id=tid, at=t0 + timedelta(days=6)) is None
        assert find_coverage(s, organisation_id=org, ticket_id=tid, at=t0 - timedelta(hours=1)) is None
        # a category-scoped DPA of the same organisation: only for uploads whose data is in scope
        dpa = Dpa(
            organisation_id=org,
            reference="DPA-LV-1",
            signed_at=t0 - timedelta(days=1),
            expires_at=t0 + timedelta(days=20),
            scope="categories",
            categories=["contact", "identification"],
            retention_days=30,
            consultant_ids=[],
            created_at=t0,
            updated_at=t0,
        )
        s.add(dpa)
        s.flush()
        later = t0 + timedelta(days=6)
        assert find_coverage(s, organisation_id=org, ticket_id=tid, at=later) is None
        c = find_coverage(
            s, organisation_id=org, ticket_id=tid, at=later, entity_types=["EMAIL_ADDRESS", "PERSON"]
        )
        assert c is not None and c.kind == "dpa" and c.until == dpa.expires_at
        assert (
            find_coverage(
                s,
                organisation_id=org,
                ticket_id=tid,
                at=later,
                entity_types=["EMAIL_ADDRESS", "LV_PERSONAL_CODE"],
            )
            is None
        )
        assert (
            find_coverage(
                s, organisation_id=org, ticket_id=tid, at=t0 + timedelta(days=21), entity_types=["PERSON"]
            )
            is None
        )
        dpa_id = dpa.id
    with session_scope() as s:
        out = expire_due(s, now() + timedelta(days=21))
        assert out["dpas_ended"] >= 1 and out["expired"] >= 1
        assert s.get(Dpa, dpa_id).end_reason == "expired"

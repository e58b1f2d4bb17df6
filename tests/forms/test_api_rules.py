"""Field validation (422, per field, in the client's language), invalid transitions (409 with a clear
message), roles (403), visibility (404), drafts and the versioned form schema, through the API."""

from __future__ import annotations

import pytest

from tests.forms.conftest import file_request, form, new_ticket

BAD = {
    "tickets": ["HD-0000-99999"],
    "description": "short",
    "why_not_anonymised": 12,
    "data_subjects": [],
    "data_categories": ["identification", "astrology"],
    "purpose": "x" * 2001,
    "legal_basis": "because",
    "retention_days": 90,
    "consultants": ["not-an-email", "cons2@vendor.forms.example", "ona@a.forms.example"],
    "acknowledged": "yes",
    "colour": "blue",
}


@pytest.mark.parametrize(
    ("who", "lang", "required", "retention", "ticket"),
    [
        (
            "client_a",
            "lt",
            "Šis laukas privalomas.",
            "Saugojimo terminas turi būti nuo 1 iki 30 dienų.",
            "Tokio kreipinio jūsų organizacijoje nėra.",
        ),
        (
            "client_b",
            "lv",
            "Šis lauks ir obligāts.",
            "Glabāšanas termiņam jābūt no 1 līdz 30 dienām.",
            "Jūsu organizācijā šāda pieteikuma nav.",
        ),
        (
            "client_c",
            "ru",
            "Это поле обязательно.",
            "Срок хранения должен быть от 1 до 30 дней.",
            "В вашей организации нет такого обращения.",
        ),
        (
            "client_d",
            "en",
            "This field is required.",
            "Retention must be between 1 and 30 days.",
            "No such ticket in your organisation.",
        ),
    ],
)
def test_field_errors_are_422_per_field_in_the_clients_language(
    client, world, who, lang, required, retention, ticket
):
    r = client.post("/api/v1/transfer-requests", json=BAD, headers=world.h(who))
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_request"
    by_field = {f["field"]: f for f in body["fields"]}
    assert set(by_field) == {
        "tickets[0]",
        "description",
        "why_not_anonymised",
        "data_subjects",
        "data_categories[1]",
        "purpose",
        "legal_basis",
        "retention_days",
        "consultants[0]",
        "consultants[1]",
        "consultants[2]",
        "acknowledged",
        "colour",
    }
    assert by_field["retention_days"]["problem"] == retention
    assert by_field["tickets[0]"]["problem"] == ticket
    assert by_field["description"]["code"] == "too_short"
    # a consultant not assigned to the tickets, a client's address and a malformed one get one and the
    # same answer: the form does not tell a client which addresses belong to consultants
    answers = {(by_field[f"consultants[{i}]"]["code"], by_field[f"consultants[{i}]"]["problem"])
               for i in range(3)}
    assert len(answers) == 1 and answers.pop()[0] == "not_assigned_consultant"
    # the values typed are never echoed back
    assert "ona@a.forms.example" not in r.text and "astrology" not in r.text

    # an incomplete draft is accepted, but cannot be submitted: every missing field is listed
    r = client.post(
        "/api/v1/transfer-requests", json={"description": "A long enough description."}, headers=world.h(who)
    )
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/transfer-requests/{r.json()['id']}/submit", headers=world.h(who))
    assert r.status_code == 422
    fields = {f["field"]: f["problem"] for f in r.json()["fields"]}
    assert fields["purpose"] == required and "tickets" in fields and "acknowledged" in fields
    assert "description" not in fields


def test_body_must_be_an_object_and_acknowledgement_must_be_given(client, world):
    r = client.post("/api/v1/transfer-requests", json=["x"], headers=world.h("client_b"))
    assert r.status_code == 422 and r.json()["message"] == "Pieprasījuma saturam jābūt JSON objektam."
    ref = new_ticket(client, world, who="client_b")
    r = client.post(
        "/api/v1/transfer-requests", json=form([ref], acknowledged=False), headers=world.h("client_b")
    )
    assert r.status_code == 201
    r = client.post(f"/api/v1/transfer-requests/{r.json()['id']}/submit", headers=world.h("client_b"))
    assert r.status_code == 422
    assert r.json()["fields"] == [
        {"field": "acknowledged", "code": "must_acknowledge", "problem": "Jāapstiprina apliecinājums."}
    ]


def test_invalid_transitions_are_409_with_a_clear_message(client, world):
    ref = new_ticket(client, world, who="client_d", assign="cons1")
    req = file_request(client, world, [ref], who="client_d", submit=False,
                       consultants=["cons1@vendor.forms.example"])
    rid = req["id"]

    def post(action: str, who: str, body: dict | None = None):
        return client.post(
            f"/api/v1/transfer-requests/{rid}/{action}", json=body or {"reason": "r"}, headers=world.h(who)
        )

    r = post("approve", "dpo")
    assert r.status_code == 409
    assert r.json() == {
        "error": "invalid_transition",
        "message": f"Request {req['reference']} cannot be approved because it is draft. "
        "This is possible only when it is: submitted.",
    }
    assert post("revoke", "dpo").status_code == 409
    assert post("fulfil", "client_d").status_code == 409
    assert post("submit", "client_d").status_code == 200
    r = post("submit", "client_d")
    assert r.status_code == 409 and "cannot be submitted because it is submitted" in r.json()["message"]
    r = client.patch(
        f"/api/v1/transfer-requests/{rid}",
        json={"purpose": "Another purpose, long enough."},
        headers=world.h("client_d"),
    )
    assert r.status_code == 409 and "cannot be edited" in r.json()["message"]
    assert post("revoke", "dpo").status_code == 409  # not active yet
    # roles come first: a consultant or the client cannot decide, the DPO cannot withdraw for the client
    assert post("approve", "cons1").status_code == 403
    assert post("approve", "client_d").status_code == 403
    assert post("approve", "admin").status_code == 403
    assert post("withdraw", "dpo").status_code == 403
    assert post("reject", "dpo", {"reason": "Not needed"}).status_code == 200
    for action, who in (
        ("approve", "dpo"),
        ("withdraw", "client_d"),
        ("revoke", "dpo"),
        ("submit", "client_d"),
    ):
        r = post(action, who)
        assert r.status_code == 409, action
        assert "rejected" in r.json()["message"]


def test_conflict_message_in_the_clients_language(client, world):
    ref = new_ticket(client, world, who="client_c")
    req = file_request(client, world, [ref], who="client_c")
    r = client.patch(
        f"/api/v1/transfer-requests/{req['id']}", json={"retention_days": 5}, headers=world.h("client_c")
    )
    assert r.status_code == 409
    assert r.json()["message"].startswith(f"Запрос {req['reference']} нельзя изменить: его статус — подан.")


def test_drafts_can_be_edited_and_others_cannot_see_them(client, world):
    ref = new_ticket(client, world, assign="cons1")
    ref2 = new_ticket(client, world, assign="cons2")
    req = file_request(client, world, [ref], submit=False)
    rid = req["id"]
    assert req["contact_email"] == "ona@a.forms.example" and req["contact_name"] == "Ona Kazlauskienė"
    assert req["schema_version"] == 1
    r = client.patch(  # cons2 only once the ticket cons2 works on is part of the request
        f"/api/v1/transfer-requests/{rid}", json={"consultants": ["cons2@vendor.forms.example"]},
        headers=world.h("client_a"),
    )
    assert r.status_code == 422 and r.json()["fields"][0]["code"] == "not_assigned_consultant"
    r = client.patch(
        f"/api/v1/transfer-requests/{rid}",
        json={
            "tickets": [ref, ref2],
            "retention_days": 7,
            "consultants": ["cons1@vendor.forms.example", "cons2@vendor.forms.example"],
        },
        headers=world.h("client_a"),
    )
    assert r.status_code == 200 and r.json()["retention_days"] == 7 and len(r.json()["consultants"]) == 2
    r = client.patch(
        f"/api/v1/transfer-requests/{rid}", json={"retention_days": 0}, headers=world.h("client_a")
    )
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "retention_days"
    # other organisations do not see it (404), nor may they change it
    assert client.get(f"/api/v1/transfer-requests/{rid}", headers=world.h("client_b")).status_code == 404
    assert (
        client.patch(f"/api/v1/transfer-requests/{rid}", json={}, headers=world.h("client_b")).status_code
        == 404
    )
    assert rid not in [
        x["id"] for x in client.get("/api/v1/transfer-requests", headers=world.h("client_b")).json()
    ]
    # the ticket list can be changed on a draft (same ticket kept, another added, order kept)
    ref2 = new_ticket(client, world)
    r = client.patch(
        f"/api/v1/transfer-requests/{rid}", json={"tickets": [ref2, ref]}, headers=world.h("client_a")
    )
    assert r.status_code == 200, r.text
    assert r.json()["tickets"] == [ref2, ref]
    # a ticket of another organisation cannot be named
    other = new_ticket(client, world, who="client_b")
    r = client.patch(
        f"/api/v1/transfer-requests/{rid}", json={"tickets": [other]}, headers=world.h("client_a")
    )
    assert r.status_code == 422
    # the DPO sees everything; list filters by state; named consultants see their requests
    drafts = client.get("/api/v1/transfer-requests?state=draft", headers=world.h("dpo")).json()
    assert rid in [x["id"] for x in drafts] and all(x["state"] == "draft" for x in drafts)
    assert rid in [x["id"] for x in client.get("/api/v1/transfer-requests", headers=world.h("cons2")).json()]
    # consultants cannot file requests
    assert (
        client.post("/api/v1/transfer-requests", json=form([ref]), headers=world.h("cons1")).status_code
        == 403
    )


def test_form_schema_is_versioned_and_localised(client, world):
    r = client.get("/api/v1/transfer-requests/schema", headers=world.h("client_b"))
    assert r.status_code == 200
    s = r.json()
    assert s["version"] == 1 and s["lang"] == "lv"
    fields = {f["name"]: f for f in s["fields"]}
    assert fields["purpose"]["label"] == "Mērķis"
    health = next(c for c in fields["data_categories"]["choices"] if c["code"] == "health")
    assert health["special_category"] is True and health["label"] == "Veselības dati"

"""The OpenAPI contract holds (issue 18.9): schemathesis generates requests for every operation of
the published schema and runs them against the ASGI app in-process (a second app instance on the
same database, without a worker), signed in as the DPO and as a client. Bounded: a few examples per
operation and a deadline for the whole run. Asserts no server error, no undocumented status code,
declared content types and response schemas — and the product's ``{error, message}`` body for
unknown routes and methods."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.intake.conftest import new_ticket, render_png, upload, wait_final

MAX_EXAMPLES = 12
RUN_SECONDS = 240.0  # the whole schemathesis run; each test then stops generating
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(_app_client, settings):
    from intake_api.app import create_app

    app = create_app(settings, start_worker=False)  # same database; its own lifespan, no worker
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def known_ids(_app_client, world) -> dict[str, str]:
    """Real path parameters (a published attachment on org A's ticket), so that cases also reach
    the operations' inner code paths instead of only their 404."""
    client = _app_client
    ref = new_ticket(client, world, subject="Contract run")
    r = upload(client, world, ref, render_png(["Printer offline"]))
    st = wait_final(client, world, r.json()["id"])
    return {"ref": ref, "att_id": st["id"], "attachment_id": st["id"], "org_id": world.orgs["A"]}


def test_schemathesis_finds_no_server_error_and_no_undocumented_status(api_schema, world, known_ids):
    """Every operation: MAX_EXAMPLES cases each of valid data, of invalid data (negative mode) and of
    valid data on real ids, each called as the DPO and as a client."""
    started, seen, failures, ops = time.monotonic(), Counter(), [], 0
    for result in api_schema.get_all_operations():
        op = result.ok()
        ops += 1
        if time.monotonic() - started > RUN_SECONDS:
            failures.append(f"{op.label}: not reached within the {RUN_SECONDS:.0f} s bound")
            continue
        names = set(re.findall(r"{(\w+)}", op.path))
        strategy = op.as_strategy(GenerationMode.POSITIVE) | op.as_strategy(GenerationMode.NEGATIVE)
        if names and names <= set(known_ids):
            strategy |= op.as_strategy(path_parameters={n: known_ids[n] for n in names})

        @given(case=strategy)
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case) -> None:
            for caller in ("dpo", "client_a"):
                response = case.call_and_validate(headers=world.h(caller), checks=CHECKS)
                seen[response.status_code] += 1

        try:
            run()
        except BaseException as exc:  # FailureGroup is a BaseExceptionGroup: collect, report all
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            failures.append(f"{op.label}: {type(exc).__name__}: {str(exc)[:600]}")
    calls = sum(seen.values())
    print(f"schemathesis: {ops} operations, {calls} calls, statuses {dict(sorted(seen.items()))}")
    assert ops >= 30 and sum(seen.values()) >= ops
    assert not [c for c in seen if c >= 500]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/v1/no-such-route", 404),
    ("GET", "/no/such/page", 404),
    ("DELETE", "/api/v1/tickets", 405),
    ("PUT", "/api/v1/notifications", 405),
])
def test_unknown_routes_and_methods_answer_error_message(client, world, method, path, status):
    r = client.request(method, path, headers=world.h("dpo"))
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "message"} and "detail" not in body
    assert body["error"] == {404: "not_found", 405: "method_not_allowed"}[status]


def test_validation_errors_match_the_declared_422_schema(client, world):
    spec = client.get("/openapi.json").json()
    declared = spec["paths"]["/api/v1/tickets"]["post"]["responses"]["422"]["content"]["application/json"]
    assert declared["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    r = client.post("/api/v1/tickets", json={"subject": 7, "organisation_id": []},
                    headers=world.h("client_a"))
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid_request" and body["message"] and {f["field"] for f in body["fields"]}

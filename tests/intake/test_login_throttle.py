"""Sign-in throttling survives a flood and is shared by replicas (issue 18.3).

An account locked after failed sign-ins (through the real /login form) stays locked while 10 050
failures with random e-mails from another address are recorded (the old in-memory table was
cleared at 10 000 keys, unlocking the account); a second app instance on the same database (a
replica) sees the same lock; invalid API tokens lock their address too (429 before the token is
even looked up). The flood is recorded with direct service calls, for speed."""

from __future__ import annotations

import re
import secrets
import time

import pytest
from sqlalchemy import delete, func, select

from intake_api import throttle
from intake_api.models import LoginThrottle
from sargas.db import session_scope

PASSWORD = "correct horse battery staple 7"  # noqa: S105 - a test account's password


@pytest.fixture(scope="module")
def victim(_app_client, world, settings):
    from intake_api import admin as service
    from sargas.settings import configure

    configure(settings)
    with session_scope() as s:
        service.create_user(s, "victim@alpha.example", role="client", org_name="Alpha UAB", password=PASSWORD)
    yield "victim@alpha.example"
    with session_scope() as s:  # leave no lock behind for the other tests of the package
        s.execute(delete(LoginThrottle))


def _login(client, email: str, password: str):
    client.cookies.clear()
    form = client.get("/login?lang=en")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    r = client.post("/login", data={"email": email, "password": password, "csrf": csrf},
                    follow_redirects=False)
    client.cookies.clear()
    return r


def test_random_email_flood_does_not_unlock_an_account(client, victim, settings):
    assert _login(client, victim, PASSWORD).status_code == 303  # the password works
    for _ in range(throttle.ACCOUNT.free + 1):
        assert _login(client, victim, "wrong").status_code == 401
    r = _login(client, victim, PASSWORD)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0  # locked, right password or not
    with session_scope() as s:  # a few more failures: back-off doubles each time (30 s -> 480 s)
        for _ in range(4):
            throttle.note_failure(s, throttle.key("account", victim))
        assert throttle.retry_after(s, throttle.key("account", victim)) > 400

    t0 = time.monotonic()
    flood_address = throttle.key("address", "203.0.113.77")
    for batch in range(201):  # 201 x 50 = 10 050 failures, each with a fresh random e-mail
        with session_scope() as s:
            for _ in range(50):
                throttle.note_failure(s, throttle.key("account", f"{secrets.token_hex(6)}@x.example"),
                                      flood_address)
    flood_seconds = time.monotonic() - t0
    with session_scope() as s:
        rows = s.scalar(select(func.count()).select_from(LoginThrottle))
        assert throttle.retry_after(s, flood_address) > 0  # the flooding address is locked itself
    assert rows >= 10_050 + 2  # nothing was cleared
    r = _login(client, victim, PASSWORD)
    assert r.status_code == 429, f"account unlocked by the flood ({flood_seconds:.1f} s)"

    # a replica (another app instance on the same database) refuses too
    from fastapi.testclient import TestClient

    from intake_api.app import create_app

    with TestClient(create_app(settings, start_worker=False)) as replica:
        assert _login(replica, victim, PASSWORD).status_code == 429
    print(f"flood of 10 050 failures recorded in {flood_seconds:.1f} s; {rows} throttle rows")


def test_back_off_grows_exponentially():
    p = throttle.ACCOUNT
    waits = [throttle.lock_seconds(p, p.free + 1 + n) for n in range(10)]
    assert waits[0] == p.base_seconds and waits[1] == 2 * waits[0] and waits[3] == 8 * waits[0]
    assert waits[-1] == p.max_seconds and throttle.lock_seconds(p, p.free) == 0


def test_invalid_api_tokens_lock_the_address(client, world, victim):
    bad = {"Authorization": "Bearer sgs_" + "x" * 40}
    with session_scope() as s:  # earlier tests of the package used bad tokens too: start from zero
        s.execute(delete(LoginThrottle).where(LoginThrottle.key == throttle.key("token", "testclient")))
    for _ in range(throttle.TOKEN_ADDRESS.free + 1):  # the last one locks
        assert client.get("/api/v1/tickets", headers=bad).status_code == 401
    r = client.get("/api/v1/tickets", headers=bad)
    assert r.status_code == 429 and r.json()["error"] == "too_many_requests" and r.headers["Retry-After"]
    # while locked, the address cannot use tokens at all (no oracle for guessed tokens)
    assert client.get("/api/v1/tickets", headers=world.h("client_a")).status_code == 429
    with session_scope() as s:
        s.execute(delete(LoginThrottle).where(LoginThrottle.key == throttle.key("token", "testclient")))
    assert client.get("/api/v1/tickets", headers=world.h("client_a")).status_code == 200

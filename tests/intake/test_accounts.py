"""Accounts through the real API and the real mail path (issue 19.2): a reset link mailed through the
outbox to the loopback SMTP server in the user's language, used once, stored only as a hash; the
one password policy; changing a password ends browser sessions; API tokens with label, expiry and
revoke; an administrator's reset and deactivation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from intake_api.models import PasswordLink
from sargas import outbox
from sargas.clock import now
from sargas.db import session_scope
from sargas.models import ApiToken, User

STRONG = "Lentelė su šešiomis kojomis 42"  # noqa: S105 - test passwords
STRONGER = "Второй пароль совсем другой 7"  # noqa: S105
LINK = re.compile(r"http://\S+/password/set\?token=([\w-]+)")


@pytest.fixture(scope="module")
def people(_app_client, world, settings):
    """Users of this module only (deactivating or resetting them touches no other test)."""
    from intake_api import admin as service
    from sargas.settings import configure

    configure(settings)
    out = {}
    with session_scope() as s:
        for key, email, org, lang in (("lt", "rasa@alpha.example", "Alpha UAB", None),
                                      ("ru", "oleg@alpha.example", "Alpha UAB", "ru")):
            user, token = service.create_user(s, email, role="client", org_name=org, lang=lang)
            out[key] = {"email": email, "id": user.id, "token": token}
    return out


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _mail_link(smtp, to: str, after: int) -> tuple[object, str]:
    _, box = smtp
    msg = box.wait_for(lambda rcpts, m: to in rcpts and box.messages.index((rcpts, m)) >= after
                       and "/password/set?token=" in m.get_body(("plain",)).get_content())
    assert msg is not None, "no password mail arrived"
    return msg, LINK.search(msg.get_body(("plain",)).get_content()).group(1)


def _web_login(app, email: str, password: str) -> TestClient:
    web = TestClient(app)
    form = web.get("/login?lang=en")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    r = web.post("/login", data={"email": email, "password": password, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return web


def test_reset_link_is_mailed_in_the_users_language_used_once_and_stored_hashed(client, people, smtp):
    _, box = smtp
    before = len(box.messages)
    assert client.post("/api/v1/password-reset", json={"email": "nobody@alpha.example"}).status_code == 202
    r = client.post("/api/v1/password-reset", json={"email": people["lt"]["email"].upper()})
    assert r.status_code == 202
    msg, token = _mail_link(smtp, people["lt"]["email"], before)
    assert "Atkurkite savo Sargas slaptažodį" == msg["Subject"]  # the organisation's language: lt
    assert "Nuoroda veikia vieną kartą" in msg.get_body(("plain",)).get_content()
    assert not [m for rc, m in box.messages[before:] if "nobody@alpha.example" in rc]
    with session_scope() as s:
        links = s.scalars(select(PasswordLink).where(PasswordLink.user_id == people["lt"]["id"])).all()
        assert links and all(token not in (ln.token_hash or "") for ln in links)  # only a hash is kept
        N = outbox.Notification  # noqa: N806
        q = select(N).where(N.kind == "account.password_link", N.user_id == people["lt"]["id"])
        rows = s.scalars(q).all()
        assert {n.channel for n in rows} == {outbox.EMAIL}  # never in-app, never the organisation's webhook

    weak = client.post("/api/v1/password-reset/confirm", json={"token": token, "new_password": "password123"})
    assert weak.status_code == 422 and weak.json()["error"] == "weak_password"
    short = client.post("/api/v1/password-reset/confirm", json={"token": token, "new_password": "Kx9!q"})
    assert short.status_code == 422
    ok = client.post("/api/v1/password-reset/confirm", json={"token": token, "new_password": STRONG})
    assert ok.status_code == 204, ok.text
    again = client.post("/api/v1/password-reset/confirm", json={"token": token, "new_password": STRONGER})
    assert again.status_code == 410 and again.json()["error"] == "link_invalid"
    _web_login(client.app, people["lt"]["email"], STRONG)  # the new password signs in
    with session_scope() as s:  # the spent link's text no longer sits in the outbox
        bodies = [n.body for n in s.scalars(select(outbox.Notification).where(
            outbox.Notification.user_id == people["lt"]["id"], outbox.Notification.state == outbox.SENT))]
        assert bodies and not any(token in b for b in bodies)


def test_expired_link_is_refused(client, people, smtp):
    _, box = smtp
    before = len(box.messages)
    assert client.post("/api/v1/password-reset", json={"email": people["ru"]["email"]}).status_code == 202
    msg, token = _mail_link(smtp, people["ru"]["email"], before)
    assert msg["Subject"] == "Сброс пароля Sargas"  # the user's own language: ru
    with session_scope() as s:
        s.execute(update(PasswordLink).where(PasswordLink.user_id == people["ru"]["id"])
                  .values(expires_at=now() - timedelta(seconds=1)))
    r = client.post("/api/v1/password-reset/confirm", json={"token": token, "new_password": STRONG})
    assert r.status_code == 410


def test_change_password_ends_browser_sessions(client, people):
    email, token = people["lt"]["email"], people["lt"]["token"]
    web = _web_login(client.app, email, STRONG)
    assert web.get("/profile", follow_redirects=False).status_code == 200
    wrong = client.post("/api/v1/me/password", headers=_h(token),
                        json={"current_password": "not my password at all", "new_password": STRONGER})
    assert wrong.status_code == 403 and wrong.json()["error"] == "wrong_password"
    common = client.post("/api/v1/me/password", headers=_h(token),
                         json={"current_password": STRONG, "new_password": "Qwertyuiop123"})
    assert common.status_code == 422  # "qwertyuiop" is on the bundled list; trailing digits do not help
    r = client.post("/api/v1/me/password", headers=_h(token),
                    json={"current_password": STRONG, "new_password": STRONGER})
    assert r.status_code == 204
    assert web.get("/profile", follow_redirects=False).status_code in (302, 303)  # the session ended
    assert client.get("/api/v1/tickets", headers=_h(token)).status_code == 200  # API tokens stay
    _web_login(client.app, email, STRONGER)


def test_tokens_have_label_expiry_and_revoke(client, people):
    h = _h(people["ru"]["token"])
    r = client.post("/api/v1/me/tokens", headers=h, json={"label": "Backup script", "expires_in_days": 30})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["token"].startswith("sgs_") and made["label"] == "Backup script"
    assert made["expires_at"] is not None
    assert client.get("/api/v1/tickets", headers=_h(made["token"])).status_code == 200
    listed = client.get("/api/v1/me/tokens", headers=h).json()
    assert {"Backup script"} <= {t["label"] for t in listed} and all("token" not in t for t in listed)
    bad = client.post("/api/v1/me/tokens", headers=h, json={"label": "x", "expires_in_days": 0})
    assert bad.status_code == 422

    other = client.get("/api/v1/me/tokens", headers=_h(people["lt"]["token"])).json()
    theirs = other[0]["id"]
    assert client.delete(f"/api/v1/me/tokens/{theirs}", headers=h).status_code == 404  # not the caller's
    assert client.delete(f"/api/v1/me/tokens/{made['id']}", headers=h).status_code == 204
    assert client.get("/api/v1/tickets", headers=_h(made["token"])).status_code == 401

    r = client.post("/api/v1/me/tokens", headers=h, json={"label": "Short-lived", "expires_in_days": 1})
    short = r.json()
    with session_scope() as s:
        past = now() - timedelta(minutes=1)
        s.execute(update(ApiToken).where(ApiToken.id == short["id"]).values(expires_at=past))
    assert client.get("/api/v1/tickets", headers=_h(short["token"])).status_code == 401
    assert short["id"] not in {t["id"] for t in client.get("/api/v1/me/tokens", headers=h).json()}


def test_admin_resets_and_deactivates(client, world, people, smtp):
    _, box = smtp
    target = people["lt"]
    assert client.get("/api/v1/admin/users", headers=world.h("client_a")).status_code == 403
    users = client.get("/api/v1/admin/users", headers=world.h("admin")).json()
    assert target["email"] in {u["email"] for u in users}

    web = _web_login(client.app, target["email"], STRONGER)
    before = len(box.messages)
    r = client.post(f"/api/v1/admin/users/{target['id']}/reset-password", headers=world.h("admin"))
    assert r.status_code == 202 and r.json()["mailed"] is True
    assert web.get("/profile", follow_redirects=False).status_code in (302, 303)  # old password gone
    with session_scope() as s:
        assert s.get(User, target["id"]).password_hash is None
    _, token = _mail_link(smtp, target["email"], before)
    assert client.post("/api/v1/password-reset/confirm",
                       json={"token": token, "new_password": STRONG}).status_code == 204

    r = client.post(f"/api/v1/admin/users/{target['id']}/deactivate", headers=world.h("admin"))
    assert r.status_code == 200 and r.json()["active"] is False
    assert client.get("/api/v1/tickets", headers=_h(target["token"])).status_code == 401
    before = len(box.messages)
    client.post("/api/v1/password-reset", json={"email": target["email"]})  # no link for an inactive user
    me = client.post(f"/api/v1/admin/users/{world.users['admin']}/deactivate", headers=world.h("admin"))
    assert me.status_code == 409
    r = client.post(f"/api/v1/admin/users/{target['id']}/activate", headers=world.h("admin"))
    assert r.status_code == 200 and r.json()["active"] is True
    assert client.get("/api/v1/tickets", headers=_h(target["token"])).status_code == 200
    assert not [m for rc, m in box.messages[before:] if target["email"] in rc]


def test_wrong_current_passwords_are_throttled(client, people):
    from intake_api import throttle
    from intake_api.models import LoginThrottle

    h = _h(people["ru"]["token"])
    guesses = [{"current_password": f"guess number {i:02d}", "new_password": STRONGER} for i in range(8)]
    codes = [client.post("/api/v1/me/password", headers=h, json=g).status_code for g in guesses]
    assert codes[0] == 403 and codes[-1] == 429, codes
    with session_scope() as s:  # leave no lock behind
        s.execute(LoginThrottle.__table__.delete().where(
            LoginThrottle.key == throttle.key("account", people["ru"]["email"])))


def test_control_characters_are_a_422_not_a_database_error(client, people):
    """NUL in an address or a token label reached PostgreSQL (which refuses it) as a 500."""
    h = _h(people["ru"]["token"])
    assert client.post("/api/v1/password-reset", json={"email": "jonas\x00@alpha.example"}).status_code == 422
    assert client.post("/api/v1/me/tokens", headers=h, json={"label": "nul\x00label"}).status_code == 422
    assert client.post("/api/v1/password-reset/confirm",
                       json={"token": "t\x00", "new_password": "a long enough password"}).status_code == 422

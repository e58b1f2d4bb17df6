"""Destruction certificates: signed, verifiable offline with `sargas retention verify`, tamper-evident,
served to the DPO at GET /api/v1/attachments/{id}/certificate."""

from __future__ import annotations

import base64
import json
import stat

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from retention import keys, vault
from sargas.principal import Principal, current_principal


@pytest.fixture()
def cli():
    from retention.cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture()
def destroyed(world, sf):
    org = world.org()
    att, eid, plain = world.upload(org, world.ticket(org))
    world.retain(eid, until=None)
    with sf() as s, s.begin():
        vault.destroy(s, s.get(vault.VaultEntry, eid), reason="coverage_ended", actor="dpo-7")
    return att, eid, plain


def _export(cli, env, att, path):
    r = cli("retention", "certificate", att, "-o", str(path), "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    return json.loads(path.read_text())


def test_certificate_contents_and_offline_verification(cli, env, destroyed, tmp_path):
    att, eid, plain = destroyed
    doc = _export(cli, env, att, tmp_path / "cert.json")
    c = doc["certificate"]
    assert c["object_id"] == att and c["vault_entry_id"] == eid and c["size"] == len(plain)
    import hashlib

    assert c["sha256"] == hashlib.sha256(plain).hexdigest()
    assert c["policy"] == "coverage_ended" and c["actor"] == "dpo-7" and c["request_id"] == "tr-1"
    assert c["created_at"] and c["destroyed_at"] and c["key_fingerprint"] == doc["key_fingerprint"]
    assert plain.decode(errors="ignore")[:20] not in json.dumps(doc)  # no content in the certificate
    key_file = keys.signing_key_path(env)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    r = cli("retention", "verify", str(tmp_path / "cert.json"))
    assert r.exit_code == 0 and "OK" in r.output, r.output
    pub = cli("retention", "public-key", "--data-dir", str(env.data_dir)).stdout.strip().splitlines()[0]
    (tmp_path / "pub.txt").write_text(pub)
    r = cli("retention", "verify", str(tmp_path / "cert.json"), "--public-key", str(tmp_path / "pub.txt"))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("field,value", [("object_id", "someone-else"), ("size", 1), ("destroyed_at",
                         "2020-01-01T00:00:00.000000Z"), ("policy", "manual"), ("sha256", "0" * 64)])
def test_tampered_certificate_rejected(cli, env, destroyed, tmp_path, field, value):
    doc = _export(cli, env, destroyed[0], tmp_path / "cert.json")
    doc["certificate"][field] = value
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    r = cli("retention", "verify", str(tmp_path / "bad.json"))
    assert r.exit_code == 1 and "INVALID" in r.output


def test_forged_certificate_with_another_key_rejected_when_pinned(cli, env, destroyed, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from retention.certificates import canonical

    doc = _export(cli, env, destroyed[0], tmp_path / "cert.json")
    real_pub = doc["public_key"]
    forger = Ed25519PrivateKey.generate()
    fpub = keys.public_bytes(forger.public_key())
    doc["certificate"]["key_fingerprint"] = doc["key_fingerprint"] = keys.fingerprint(fpub)
    doc["certificate"]["policy"] = "manual"
    doc["public_key"] = base64.b64encode(fpub).decode()
    doc["signature"] = base64.b64encode(forger.sign(canonical(doc["certificate"]))).decode()
    (tmp_path / "forged.json").write_text(json.dumps(doc))
    r = cli("retention", "verify", str(tmp_path / "forged.json"), "--public-key", real_pub)
    assert r.exit_code == 1 and "INVALID" in r.output
    doc["public_key"] = real_pub  # embedded key swapped back: the fingerprint no longer matches
    (tmp_path / "forged2.json").write_text(json.dumps(doc))
    assert cli("retention", "verify", str(tmp_path / "forged2.json")).exit_code == 1
    (tmp_path / "junk.json").write_text("{not json")
    assert cli("retention", "verify", str(tmp_path / "junk.json")).exit_code == 1


def _client(role: str) -> TestClient:
    from retention.api import router

    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[current_principal] = lambda: Principal(
        user_id=f"{role}-1", role=role, organisation_id=None, email=f"{role}@example.test")
    return TestClient(app)


def test_certificate_endpoint(world, sf, destroyed, env):
    att = destroyed[0]
    r = _client("dpo").get(f"/api/v1/attachments/{att}/certificate")
    assert r.status_code == 200
    from retention.certificates import verify

    ok, _msg = verify(r.json())
    assert ok
    assert _client("consultant").get(f"/api/v1/attachments/{att}/certificate").status_code == 403
    assert _client("dpo").get("/api/v1/attachments/nope/certificate").status_code == 404
    org = world.org()
    live, _eid, _ = world.upload(org, world.ticket(org))
    assert _client("dpo").get(f"/api/v1/attachments/{live}/certificate").status_code == 404


def test_legal_hold_endpoints(world, sf, env):
    from sargas.models import Ticket

    org = world.org()
    t = world.ticket(org)
    with sf() as s:
        ref = s.get(Ticket, t).ref
    dpo, consultant = _client("dpo"), _client("consultant")
    assert consultant.post("/api/v1/legal-holds", json={"ticket": ref, "reason": "x"}).status_code == 403
    assert dpo.post("/api/v1/legal-holds", json={"ticket": ref}).status_code == 422
    assert dpo.post("/api/v1/legal-holds", json={"ticket": "HD-0", "reason": "r"}).status_code == 404
    r = dpo.post("/api/v1/legal-holds", json={"ticket": ref, "reason": "litigation"})
    assert r.status_code == 201 and r.json()["scope"] == "ticket" and r.json()["active"]
    hid = r.json()["id"]
    assert [h["id"] for h in dpo.get("/api/v1/legal-holds").json()] == [hid]
    r = _client("admin").post(f"/api/v1/legal-holds/{hid}/lift", json={"reason": "settled"})
    assert r.status_code == 200 and not r.json()["active"]
    assert dpo.post(f"/api/v1/legal-holds/{hid}/lift", json={"reason": "again"}).status_code == 409
    assert dpo.get("/api/v1/legal-holds").json() == []
    r = dpo.post("/api/v1/legal-holds", json={"organisation_id": org, "reason": "regulator"})
    assert r.status_code == 201 and r.json()["scope"] == "organisation"


def test_audit_export_and_policy_endpoints(world, sf, env):
    org = world.org()
    dpo = _client("dpo")
    r = dpo.put(f"/api/v1/organisations/{org}/retention-policy", json={"pending_deadline_minutes": 15})
    assert r.status_code == 200 and r.json()["effective"]["pending_deadline_minutes"] == 15
    # a period no date can hold is a 422 with a reason, not a 500 (found by the OpenAPI contract test)
    r = dpo.put(f"/api/v1/organisations/{org}/retention-policy", json={"covered_days_after_close": 10**12})
    assert r.status_code == 422 and "covered_days_after_close" in r.text
    r = dpo.get("/api/v1/audit/export", params={"format": "csv"})
    assert r.status_code == 200 and r.text.startswith("seq,at,actor")
    assert "retention.policy_set" in r.text
    assert dpo.get("/api/v1/audit/export", params={"format": "xml"}).status_code == 422
    assert dpo.get("/api/v1/audit/verify").json()["ok"] is True
    assert _client("client").get("/api/v1/audit/export").status_code == 403
    assert _client("admin").get("/api/v1/retention/public-key").json()["algorithm"] == "Ed25519"

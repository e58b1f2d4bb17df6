"""Notice e-mail as it arrives at real SMTP servers on loopback (aiosmtpd): RFC 5322-complete headers,
an escaped HTML alternative whose only links are this deployment's pages, the organisation's address
and the uploader both told, the DPO's mail linking to the request, and SMTPS (implicit TLS, port 465
style) and STARTTLS with the relay's certificate checked."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import ssl
import threading
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sargas import mailmsg
from sargas.settings import Settings
from tests.intake.conftest import VALID_LT_CODE, free_port, new_ticket, render_png, upload, wait_final

BASE = "http://127.0.0.1:8000"  # the intake suite's public_base_url (the settings' default)


def _parts(msg) -> tuple[str, str]:
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    return plain, html


def _complete_headers(msg, domain: str) -> None:
    sent = parsedate_to_datetime(msg["Date"])
    assert sent.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - sent) < dt.timedelta(minutes=10)
    assert re.fullmatch(r"<[^<>@\s]+@" + re.escape(domain) + ">", msg["Message-ID"])
    assert msg["MIME-Version"] == "1.0"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["From"].addresses[0].display_name == "Sargas"


def test_upload_notice_reaches_organisation_and_uploader_with_page_links_and_html(client, world, smtp):
    _, box = smtp
    ref = new_ticket(client, world, subject="Payroll export")
    att = upload(client, world, ref, render_png([f"Asmens kodas: {VALID_LT_CODE}"])).json()["id"]
    assert wait_final(client, world, att)["state"] == "published"
    got = {}
    for rcpt in ("it@alpha.example", "ona@alpha.example"):  # the organisation's address and the uploader
        got[rcpt] = box.wait_for(lambda r, m, rcpt=rcpt: rcpt in r and ref in str(m["Subject"]))
        assert got[rcpt] is not None, rcpt
    for rcpt, msg in got.items():
        _complete_headers(msg, "test.local")
        assert msg["To"].addresses[0].addr_spec == rcpt
        assert str(msg["Subject"]).startswith(f"Kreipinys {ref}")  # the organisation's language (lt)
        plain, html = _parts(msg)
        link = f"{BASE}/requests/new?ticket={ref}"  # the web form, not the raw API
        assert link in plain and "/api/v1/" not in plain
        assert f'<a href="{link}">' in html and "/api/v1/" not in html
        assert "(Europe/Vilnius)" in plain  # when it was checked, in the organisation's zone, labelled
        assert "<li>" in html and "<script" not in html


def test_dpo_mail_links_to_the_request_and_the_client_may_leave_consultants_to_the_dpo(
        client, world, smtp):
    _, box = smtp
    ref = new_ticket(client, world, subject="Needs the original")
    body = {"tickets": [ref], "description": "Screenshots of the payroll export with personal codes.",
            "why_not_anonymised": "The defect depends on the exact personal code digits.",
            "data_subjects": ["employees"], "data_categories": ["national_id"],
            "purpose": "Reproduce and fix the checksum defect.", "legal_basis": "contract",
            "retention_days": 7, "acknowledged": True}  # no consultants: the DPO chooses
    r = client.post("/api/v1/transfer-requests", json=body, headers=world.h("client_a"))
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    r = client.post(f"/api/v1/transfer-requests/{rid}/submit", headers=world.h("client_a"))
    assert r.status_code == 200, r.text
    tr = r.json()["reference"]
    dpo = box.wait_for(lambda rc, m: "dpo@vendor.example" in rc and tr in str(m["Subject"]))
    assert dpo is not None
    _complete_headers(dpo, "test.local")
    plain, html = _parts(dpo)
    assert f"{BASE}/dpo/requests/{rid}" in plain and f'<a href="{BASE}/dpo/requests/{rid}">' in html
    org = box.wait_for(lambda rc, m: "it@alpha.example" in rc and tr in str(m["Subject"]))
    assert org is not None and f"{BASE}/requests/{rid}" in _parts(org)[0]
    # the DPO names the consultant on approval
    r = client.post(f"/api/v1/transfer-requests/{rid}/approve", json={"consultants": ["cons@vendor.example"]},
                    headers=world.h("dpo"))
    assert r.status_code == 200, r.text
    assert r.json()["consultants"] == ["cons@vendor.example"]


# --- SMTPS and STARTTLS against a loopback relay with its own certificate -------------------------

def _cert(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    crt, pem = tmp_path / "relay.crt", tmp_path / "relay.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(crt), str(pem))
    return crt, ctx


class _Raw:
    def __init__(self) -> None:
        self.got: list[tuple[bytes, bool]] = []
        self.event = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        tls = server.transport.get_extra_info("ssl_object") is not None  # the connection is encrypted
        self.got.append((envelope.original_content or envelope.content, tls))
        self.event.set()
        return "250 OK"


def _settings(tmp_path, port, crt, **kw) -> Settings:
    return Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_ca_file=crt,
                    smtp_from="notices@gw.example", public_base_url="https://sargas.example", smtp_timeout=20,
                    **kw)


BODY = ("Sveiki,\n\nFailas <script>alert(1)</script> patikrintas & pridėtas.\n  - Asmens kodai: 1\n\n"
        "Prašymas: https://sargas.example/requests/new?ticket=HD-1. Kita: https://evil.example/x\n")


def _check_raw(raw: bytes) -> None:
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert re.search(rb"^Subject: =\?utf-8\?", head, re.M)  # non-ASCII headers RFC 2047-encoded
    assert re.search(rb"^To: .*=\?utf-8\?.*<jonas@client\.example>", head, re.M)
    assert re.search(rb"^From: Sargas <notices@gw\.example>", head, re.M)
    assert re.search(rb"^Date: ", head, re.M) and re.search(rb"^Message-ID: <[^>]+@gw\.example>", head, re.M)
    assert re.search(rb"^MIME-Version: 1\.0", head, re.M) and re.search(rb"^Content-Language: lt", head, re.M)
    msg = message_from_bytes(raw, policy=policy.default)
    assert str(msg["Subject"]) == "Užklausa HD-1: jūsų failas patikrintas"
    assert msg["To"].addresses[0].display_name == "Jonas Žukauskas"
    plain, html = _parts(msg)
    assert "<script>" in plain  # the plain text is as written ...
    assert "<script" not in html and "&lt;script&gt;" in html and "&amp;" in html  # ... the HTML escaped
    assert '<a href="https://sargas.example/requests/new?ticket=HD-1">' in html  # own page: a link
    assert "https://evil.example/x" in html and 'href="https://evil.example' not in html  # elsewhere: text
    assert "<li>Asmens kodai: 1</li>" in html and '<html lang="lt">' in html


def test_smtps_implicit_tls_delivers_a_complete_message_and_checks_the_certificate(tmp_path):
    crt, ctx = _cert(tmp_path)
    box, port = _Raw(), free_port()
    ctl = Controller(box, hostname="127.0.0.1", port=port, ssl_context=ctx)
    ctl.start()
    try:
        s = _settings(tmp_path, port, crt, smtp_ssl=True)
        mailmsg.send(s, "Jonas Žukauskas <jonas@client.example>", "Užklausa HD-1: jūsų failas patikrintas",
                     BODY, lang="lt")
        assert box.event.wait(20)
        raw, over_tls = box.got[0]
        assert over_tls
        _check_raw(raw)
        # a relay whose certificate the settings do not trust is refused (nothing sent in clear)
        with pytest.raises(ssl.SSLCertVerificationError):
            mailmsg.send(_settings(tmp_path, port, None, smtp_ssl=True), "a@b.example", "x", "y")
        assert len(box.got) == 1
    finally:
        ctl.stop()


def test_starttls_is_upgraded_with_the_certificate_checked(tmp_path):
    crt, ctx = _cert(tmp_path)
    box, port = _Raw(), free_port()
    ctl = Controller(box, hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=True)
    ctl.start()
    try:
        mailmsg.send(_settings(tmp_path, port, crt, smtp_starttls=True),
                     "Jonas Žukauskas <jonas@client.example>", "Užklausa HD-1: jūsų failas patikrintas", BODY,
                     lang="lt")
        assert box.event.wait(20)
        raw, over_tls = box.got[0]
        assert over_tls
        _check_raw(raw)
    finally:
        ctl.stop()

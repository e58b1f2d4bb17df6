"""The gateway's edges, on real sockets: STARTTLS offered when a certificate is configured, the size
limit enforced (552), unknown senders land in the "unassigned" queue (DPO sees it, client does not),
and a message refused by nothing still leaves no unredacted value in the ticket subject."""

from __future__ import annotations

import datetime
import smtplib
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.mail.conftest import HELPDESK, SUPPORT
from tests.mail.mailkit import LT_CODE, pii_mail, send
from tests.support import free_port


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return tmp_path / "c.pem", tmp_path / "k.pem"


def test_starttls_and_size_limit(client, world, settings, tmp_path):
    from intake_api.mail.smtp import start_gateway

    cert, key = _self_signed(tmp_path)
    s = settings.model_copy(update={"inbound_smtp_port": free_port(), "inbound_smtp_tls_cert": cert,
                                    "inbound_smtp_tls_key": key, "mail_max_bytes": 20_000})
    ctl = start_gateway(s)
    try:
        with smtplib.SMTP("127.0.0.1", s.inbound_smtp_port, timeout=30) as c:
            c.ehlo()
            assert c.has_extn("starttls") and c.has_extn("size")
            ctx = ssl.create_default_context()
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
            c.starttls(context=ctx)
            c.ehlo()
            big = b"From: a@alpha.example\r\nSubject: big\r\n\r\n" + (b"x" * 70 + b"\r\n") * 1000
            with pytest.raises(smtplib.SMTPException) as e:
                c.sendmail("a@alpha.example", [SUPPORT], big)
            assert "552" in str(e.value) or getattr(e.value, "smtp_code", 0) == 552
    finally:
        ctl.stop()


def test_unknown_sender_goes_to_unassigned(client, world, settings, smtp):
    from sqlalchemy import select

    from intake_api.mail.message import UNASSIGNED
    from intake_api.mail.models import MailMessage
    from sargas.db import session_scope
    from sargas.models import Organisation, Ticket

    _, box = smtp
    send(settings.inbound_smtp_port, pii_mail(sender="stranger@nowhere.example", to=SUPPORT, files=False,
                                               subject=f"Kodas {LT_CODE}", msg_id="<unk-1@nowhere.example>"),
         mail_from="stranger@nowhere.example", rcpts=[SUPPORT])
    assert box.wait_for(lambda r, m: HELPDESK in r and "unk-1@" in str(m.get("References")), timeout=60)
    with session_scope() as s:
        m = s.scalar(select(MailMessage).where(MailMessage.sender == "stranger@nowhere.example"))
        org = s.get(Organisation, m.organisation_id)
        t = s.get(Ticket, m.ticket_id)
        assert org.name == UNASSIGNED and LT_CODE not in t.subject
        ref = t.ref
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("dpo")).status_code == 200
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("client_a")).status_code == 404


def test_reply_reopens_a_closed_ticket(client, world, settings, smtp):
    _, box = smtp
    send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT, files=False,
                                               subject="Pirmas", msg_id="<reopen-1@alpha.example>"),
         mail_from="ona@alpha.example", rcpts=[SUPPORT])
    fwd = box.wait_for(lambda r, m: HELPDESK in r and "reopen-1@" in str(m.get("References")), timeout=60)
    ref = fwd["X-Sargas-Ticket"]
    r = client.patch(f"/api/v1/tickets/{ref}", json={"status": "closed"}, headers=world.h("client_a"))
    assert r.status_code == 200 and r.json()["status"] == "closed"
    send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT, files=False,
                                               subject=f"Re: [{ref}] Pirmas",
                                               msg_id="<reopen-2@alpha.example>"),
         mail_from="ona@alpha.example", rcpts=[SUPPORT])
    again = box.wait_for(lambda r, m: HELPDESK in r and "reopen-2@" in str(m.get("References")), timeout=60)
    assert again["X-Sargas-Ticket"] == ref
    assert client.get(f"/api/v1/tickets/{ref}", headers=world.h("client_a")).json()["status"] == "open"


def test_deeply_nested_and_many_parts_still_acknowledged(client, world, settings, smtp):
    from email.message import EmailMessage

    from tests.mail.mailkit import screenshot

    _, box = smtp
    inner = EmailMessage()
    inner.set_content(f"giliai: {LT_CODE}")
    for _ in range(settings.mail_max_depth + 3):  # multipart inside multipart inside ...
        outer = EmailMessage()
        outer.make_mixed()
        outer.attach(inner)
        inner = outer
    inner["From"] = "ona@alpha.example"
    inner["To"] = SUPPORT
    inner["Subject"] = "Gilus"
    inner["Message-ID"] = "<deep-1@alpha.example>"
    shot = screenshot(["nothing personal here"])
    for i in range(4):
        inner.attach(_png_part(shot, i))
    from intake_api.mail.smtp import start_gateway

    s = settings.model_copy(update={"inbound_smtp_port": free_port(), "mail_max_parts": 2})
    ctl = start_gateway(s, client.app.state.worker.notify)
    try:
        send(s.inbound_smtp_port, inner, mail_from="ona@alpha.example", rcpts=[SUPPORT])
    finally:
        ctl.stop()
    fwd = box.wait_for(lambda r, m: HELPDESK in r and "deep-1@" in str(m.get("References")), timeout=400)
    assert fwd is not None
    from tests.mail.mailkit import squash

    assert squash(LT_CODE) not in squash(str(fwd))
    note = fwd.get_body(("plain",)).get_content()
    assert "nesting_too_deep" in note and "too_many_parts" in note
    ack = box.wait_for(lambda r, m: "ona@alpha.example" in r and "deep-1" in str(m.get("In-Reply-To")),
                       timeout=60)
    assert ack is not None and "nesting_too_deep" in ack.get_content()


def _png_part(data: bytes, i: int):
    from email.message import EmailMessage

    p = EmailMessage()
    p.set_content(data, maintype="image", subtype="png", filename=f"p{i}.png")
    return p

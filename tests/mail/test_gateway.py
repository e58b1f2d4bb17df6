"""End to end over real SMTP on loopback: the gateway (aiosmtpd inside the app) takes a mail with a
PII screenshot, a PII PDF and PII in the body; a second aiosmtpd captures the forward and the
acknowledgement. Nothing is a double: real redactor, real worker, real vault."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from tests.mail.conftest import HELPDESK, SUPPORT
from tests.mail.mailkit import VALUES, everything, pii_mail, send, squash, wait


def _rows(mail_filter=None):
    from intake_api.mail.models import MailMessage
    from sargas.db import session_scope

    with session_scope() as s:
        q = select(MailMessage).order_by(MailMessage.created_at)
        return [(m.id, m.ticket_id, m.state, m.no_ack_reason, m.vault_entry_id, m.problems)
                for m in s.scalars(q)]


def _forward_for(box, msg_id_marker: str):
    return box.wait_for(lambda r, m: HELPDESK in r and msg_id_marker in str(m.get("References", "")),
                        timeout=180)


def test_relay_refused(client, world, settings):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as e:
        send(settings.inbound_smtp_port, b"Subject: x\r\n\r\nhi\r\n", mail_from="a@b.example",
             rcpts=["someone@elsewhere.example"])
    assert all(code == 550 for code, _ in e.value.recipients.values())
    # a mixed envelope: only the support address is accepted
    refused = send(settings.inbound_smtp_port, b"From: a@b.example\r\nSubject: x\r\n\r\nhi\r\n",
                   mail_from="a@b.example", rcpts=[SUPPORT, "other@elsewhere.example"])
    assert set(refused) == {"other@elsewhere.example"}


def test_mail_end_to_end(client, world, settings, smtp):
    _, box = smtp
    mid = "<e2e-1@alpha.example>"
    send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT,
                                               subject="Spausdintuvas neveikia", msg_id=mid),
         mail_from="ona@alpha.example", rcpts=[SUPPORT])
    fwd = _forward_for(box, "e2e-1@alpha.example")
    assert fwd is not None, "no forward"
    ref = fwd["X-Sargas-Ticket"]
    assert ref.startswith("HD-") and f"[{ref}]" in fwd["Subject"]
    assert "ona@alpha.example" in fwd["Reply-To"]
    text = everything(fwd)
    for v in VALUES:
        assert squash(v) not in squash(text), "a value reached the helpdesk"
    assert "tracker.example" not in text and "<script" not in text.lower()
    kinds = [p.get_content_type() for p in fwd.walk()]
    assert kinds.count("image/png") == 2 and "application/pdf" in kinds
    assert "destroyed" in fwd.get_body(("plain",)).get_content()
    ack = box.wait_for(lambda r, m: "ona@alpha.example" in r and ref in str(m["Subject"]), timeout=60)
    assert ack is not None
    assert ack["Auto-Submitted"] == "auto-replied" and ack["In-Reply-To"] == mid
    body = ack.get_content()
    assert "Gavome" in body and "/requests/new" in body and ref in body
    for v in VALUES:
        assert v not in body
    # the raw original is destroyed with a certificate
    from retention.certificates import DestructionCertificate
    from retention.vault import VaultEntry
    from sargas.db import session_scope

    mail_id, ticket_id, state, _, entry_id, _ = _rows()[-1]
    assert state == "done"
    with session_scope() as s:
        assert s.get(VaultEntry, entry_id).status == "destroyed"
        cert = s.scalar(select(DestructionCertificate).where(DestructionCertificate.object_id == mail_id))
        assert cert is not None and cert.object_type == "mail"

    # a reply with [HD-…] in the subject lands on the same ticket, and so does one threaded by id only
    send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT, files=False,
                                               subject=f"Re: [{ref}] Spausdintuvas",
                                               msg_id="<e2e-2@alpha.example>"),
         mail_from="ona@alpha.example", rcpts=[SUPPORT])
    send(settings.inbound_smtp_port, pii_mail(sender="petras@alpha.example", to=SUPPORT, files=False,
                                               subject="Re: dar vienas", msg_id="<e2e-3@alpha.example>",
                                               extra={"In-Reply-To": ack["Message-ID"]}),
         mail_from="petras@alpha.example", rcpts=[SUPPORT])
    assert wait(lambda: len(_rows()) >= 3 and all(r[2] == "done" for r in _rows()))
    assert [r[1] for r in _rows()[-3:]] == [ticket_id] * 3


def test_auto_reply_gets_no_ack(client, world, settings, smtp):
    _, box = smtp
    send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT, files=False,
                                               subject="Out of office", msg_id="<ooo-1@alpha.example>",
                                               extra={"Auto-Submitted": "auto-replied"}),
         mail_from="ona@alpha.example", rcpts=[SUPPORT])
    assert _forward_for(box, "ooo-1@alpha.example") is not None
    assert _rows()[-1][3] == "auto_submitted"
    assert box.wait_for(lambda r, m: "ona@alpha.example" in r and "ooo-1" in str(m.get("In-Reply-To")),
                        timeout=3) is None


def test_bad_input_still_acknowledged(client, world, settings, smtp):
    _, box = smtp
    raw = (b"From: Ona \xc5\xa0\xff <ona@alpha.example>\r\nTo: " + SUPPORT.encode() +
           b"\r\nSubject: bad \xff\xfe " + b"\r\nMessage-ID: <bad-1@alpha.example>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\n"
           b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nkodas 38703181745 \xe9\r\n"
           b"--zz\r\nContent-Type: application/x-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"AAECAwQFBgcICQ==\r\n--zz\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"!!!not base64!!!\r\n")  # unterminated multipart
    send(settings.inbound_smtp_port, raw, mail_from="ona@alpha.example", rcpts=[SUPPORT])
    fwd = _forward_for(box, "bad-1@alpha.example")
    assert fwd is not None and "38703181745" not in everything(fwd)
    ack = box.wait_for(lambda r, m: "ona@alpha.example" in r and "bad-1" in str(m.get("In-Reply-To")),
                       timeout=60)
    assert ack is not None and "(" in ack.get_content()  # the reason codes are listed
    assert _rows()[-1][5], "the problems were recorded"


def test_a_legal_hold_is_told_not_reported_as_destruction(client, world, settings, smtp):
    """An organisation under a legal hold: the raw message stays in the vault (encrypted) until the
    hold is lifted, so neither the acknowledgement nor the forward may say it was destroyed."""
    from retention import holds
    from retention.vault import VaultEntry
    from sargas.db import session_scope

    _, box = smtp
    with session_scope() as s:
        hold_id = holds.place(s, actor="dpo-1", actor_role="dpo", reason="regulator inquiry",
                              organisation_id=world.orgs["A"]).id
    try:
        send(settings.inbound_smtp_port, pii_mail(sender="ona@alpha.example", to=SUPPORT, files=False,
                                                   subject="Sąskaita", msg_id="<hold-1@alpha.example>"),
             mail_from="ona@alpha.example", rcpts=[SUPPORT])
        fwd = _forward_for(box, "hold-1@alpha.example")
        assert fwd is not None
        note = fwd.get_body(("plain",)).get_content()
        assert "legal hold" in note and "was destroyed" not in note
        ack = box.wait_for(lambda r, m: "ona@alpha.example" in r and "hold-1" in str(m.get("In-Reply-To")),
                           timeout=60)
        assert ack is not None
        body = ack.get_content()
        assert "teisinis sulaikymas" in body and "sunaikintas;" not in body
        with session_scope() as s:
            assert s.get(VaultEntry, _rows()[-1][4]).status != "destroyed"
    finally:
        with session_scope() as s:
            holds.lift(s, s.get(holds.LegalHold, hold_id), actor="dpo-1", actor_role="dpo", reason="closed")

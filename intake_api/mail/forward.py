"""The clean message for the helpdesk: redacted subject and bodies, redacted attachments only.

Threaded to the client's message (``In-Reply-To``/``References``), ``Reply-To`` the client,
``X-Sargas-Ticket``, and a note first in the body saying what was hidden, what was destroyed and
which parts were left out. Only bytes of published redacted copies and of bodies that went through
:mod:`intake_api.mail.body` are put in; a part without a redacted copy is named in the note, never
attached. Raises on a missing redacted blob (the caller retries later; nothing is sent meanwhile).
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from intake_api.mail import texts
from sargas.settings import Settings


def note(ref: str, counts: dict[str, int], left_out: list[str], rejected: int, original: str) -> str:
    lines = [f"Sargas: ticket {ref}. Personal data hidden: "
             + (texts.counts_text(counts) if counts else "none found") + "."]
    lines.append({"destroyed": "The unredacted original was destroyed.",
                  "held": "The unredacted original is retained encrypted under a legal hold (ask the DPO)."}
                 .get(original, "The unredacted original is retained under coverage (ask the DPO)."))
    if rejected:
        lines.append(f"{rejected} attachment(s) could not be made safe and were left out.")
    if left_out:
        lines.append("Left out: " + texts.describe(left_out) + ".")
    return "\n".join(lines)


def build(settings: Settings, *, ref: str, subject: str, sender: str | None, sender_name: str | None,
          client_msg_id: str | None, plain: list[str], html: list[str],
          files: list[tuple[bytes, str, str, str | None]],
          note_text: str) -> EmailMessage:
    """``files``: (redacted bytes, mime, filename, content-id or None)."""
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = settings.forward_to or ""
    msg["Subject"] = f"[{ref}] {subject}".strip()
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_from.rsplit("@", 1)[-1])
    if sender:
        msg["Reply-To"] = Address(display_name=sender_name or "", addr_spec=sender)
    if client_msg_id:
        msg["In-Reply-To"] = client_msg_id
        msg["References"] = client_msg_id
    msg["X-Sargas-Ticket"] = ref
    text = note_text + "\n\n" + "\n\n".join(plain) if plain else note_text
    msg.set_content(text, charset="utf-8")
    for h in html:
        msg.add_alternative(h, subtype="html", charset="utf-8")
    for data, mime, filename, cid in files:
        maintype, subtype = mime.split("/", 1)
        if maintype == "message":
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename,
                           disposition="inline" if cid else "attachment", cid=cid)
    return msg

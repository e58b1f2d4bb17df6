"""One received message -> ticket, uploads and redacted bodies (the channel's front door).

:func:`take_in` stores the raw message encrypted in the vault first, maps the sender to an
organisation (a user's address, else one of the organisation's mail domains, else the "unassigned"
queue the DPO/admin sees), finds the ticket (``[HD-…]`` in the subject or a known
In-Reply-To/References id, same organisation only; a closed ticket is reopened) or opens one, and
registers every attachment and inline image with :func:`intake_api.attachments.register_upload`
(one part = one upload = one pipeline job). Subject and bodies are redacted here
(:mod:`intake_api.mail.body`); the rest happens in :mod:`intake_api.mail.finish`.

How it fails: bad input (malformed MIME, undecodable headers or bodies, unsupported or too many or
too deeply nested parts) never raises — the part is left out and its reason code recorded, so the
acknowledgement can say so. Infrastructure errors (database, vault) raise and roll everything back;
the SMTP gateway then answers 451 and the IMAP poller leaves the message in the inbox, so nothing is
lost (the vault blobs sealed before the write transaction are deleted then). Nothing is logged except
reason codes. The raw message and the parts are encrypted, sniffed and their public names redacted
before that transaction, which holds the SQLite write lock uploads queue on (issue 20).
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from dataclasses import dataclass
from email.message import Message
from email.utils import getaddresses

from sqlalchemy import select

from intake_api.attachments import register_upload
from intake_api.errors import ApiError
from intake_api.mail import ack
from intake_api.mail.body import Bodies, redact_bodies
from intake_api.mail.headers import header
from intake_api.mail.models import MailDomain, MailMessage, MailThreadId, id_digest
from intake_api.tickets import open_ticket
from intake_api.uploads import public_filename, sniff_head
from retention import audit, vault
from sargas.db import new_id, read_scope, session_scope
from sargas.models import Organisation, Ticket, User
from sargas.principal import Principal
from sargas.settings import Settings, get_settings
from sargas.storage.factory import get_blob_store

UNASSIGNED = "Unassigned mail"
_REF = re.compile(r"\[(HD-\d{4}-\d{5,})\]")
_MSG_ID = re.compile(r"<[^<>\s]{1,500}>")
_ADDR = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,253}$")


@dataclass
class Taken:
    mail_id: str
    ticket_ref: str
    uploads: int


def sender_of(msg: Message, envelope_from: str | None) -> tuple[str | None, str]:
    pairs = getaddresses([header(msg, "From")]) if header(msg, "From") else []
    name, addr = pairs[0] if pairs else ("", "")
    addr = addr.strip().lower()
    if not _ADDR.match(addr):
        addr = (envelope_from or "").strip().lower()
    return (addr if _ADDR.match(addr) else None), name.strip()[:200]


def _parts(msg: Message, settings: Settings, problems: list[str]):
    """(texts, files): texts [(plain|html, part)], files [(bytes, filename, cid, inline)]."""
    texts: list[tuple[str, Message]] = []
    files: list[tuple[bytes, str | None, str | None, bool]] = []

    def walk(part: Message, depth: int) -> None:
        if depth > settings.mail_max_depth:
            problems.append("nesting_too_deep")
            return
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            try:
                data = inner.as_bytes(policy=email.policy.SMTP) if isinstance(inner, Message) else b""
            except Exception:  # noqa: BLE001 - an attached message that cannot be re-serialised
                problems.append("part_unreadable")
                return
            files.append((data, "message.eml", None, False))
            return
        if part.is_multipart():
            payload = part.get_payload()
            for sub in payload if isinstance(payload, list) else []:
                walk(sub, depth + 1)
            return
        disposition = part.get_content_disposition()
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            texts.append(("plain" if ctype == "text/plain" else "html", part))
            return
        try:
            data = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001
            data = None
        if not isinstance(data, bytes):
            problems.append("part_unreadable")
            return
        if data:
            try:
                filename = part.get_filename()
            except Exception:  # noqa: BLE001
                filename = None
            files.append((data, filename, header(part, "Content-ID") or None, disposition == "inline"))

    walk(msg, 0)
    if len(files) > settings.mail_max_parts:
        problems.append("too_many_parts")
        files = files[: settings.mail_max_parts]
    return texts, files


def _organisation(s, sender: str | None, create: bool = True) -> tuple[Organisation | None, User | None]:
    """The sender's organisation (the "unassigned" queue, created here if ``create``; else None if it
    does not exist yet) and the user the address belongs to."""
    user = s.scalar(select(User).where(User.email == sender)) if sender else None
    if user is not None and user.organisation_id and user.active:
        return s.get(Organisation, user.organisation_id), user
    if sender:
        dom = s.scalar(select(MailDomain).where(MailDomain.domain == sender.rsplit("@", 1)[1]))
        if dom is not None:
            return s.get(Organisation, dom.organisation_id), None
    org = s.scalar(select(Organisation).where(Organisation.name == UNASSIGNED))
    if org is None and create:
        with s.begin_nested():
            org = Organisation(name=UNASSIGNED, lang="en")
            s.add(org)
    return org, None


def _ticket(s, msg: Message, org: Organisation, subject: str, p: Principal) -> Ticket | None:
    for ref in _REF.findall(header(msg, "Subject")):
        t = s.scalar(select(Ticket).where(Ticket.ref == ref))
        if t is not None and t.organisation_id == org.id:
            return _reopen(s, t, p)
    ids = _MSG_ID.findall(header(msg, "In-Reply-To") + " " + header(msg, "References"))
    for i in reversed(ids):
        row = s.get(MailThreadId, id_digest(i))
        t = s.get(Ticket, row.ticket_id) if row is not None else None
        if t is not None and t.organisation_id == org.id:
            return _reopen(s, t, p)
    return open_ticket(s, org.id, subject or "(no subject)", created_by=p.user_id, ip=None, role=p.role)


def _reopen(s, t: Ticket, p: Principal) -> Ticket:
    if t.status != "open":
        t.status, t.closed_at = "open", None
        audit.record(s, p.user_id, "ticket.reopened", "ticket", t.id, None, {"ref": t.ref, "by": "mail"},
                     actor_role=p.role)
    return t


def take_in(raw: bytes, *, envelope_from: str | None, channel: str = "smtp",
            settings: Settings | None = None) -> Taken:
    settings = settings or get_settings()
    problems: list[str] = []
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:  # noqa: BLE001 - the parser is lenient; anything else is an unreadable message
        msg, problems = email.message_from_bytes(b"\r\n"), ["message_unreadable"]
    if getattr(msg, "defects", None):
        problems.append("malformed_mime")
    sender, display = sender_of(msg, envelope_from)
    texts, files = _parts(msg, settings, problems)
    with read_scope() as s:  # language first: the analyzer runs in the organisation's language
        org0, _ = _organisation(s, sender, create=False)
        lang = org0.lang if org0 is not None else "en"  # (the unassigned queue is created in "en")
    try:
        bodies = redact_bodies(header(msg, "Subject"), texts, [sender or "", display], lang)
    except Exception:  # noqa: BLE001 - fail closed: no body forwarded at all
        bodies = Bodies(subject="", problems=["body_not_redacted"])
    problems.extend(bodies.problems)
    no_ack = ack.refusal(msg, sender, envelope_from, settings)
    mail_id = new_id()
    store = get_blob_store(settings)
    body_key = f"mail/body/{mail_id[:2]}/{mail_id}.json"
    store.put(body_key, json.dumps({"subject": bodies.subject, "plain": bodies.plain,
                                    "html": bodies.html}).encode())
    sealed: list = []  # the vault writers, finished before the write transaction (issue 20: lock)
    try:
        raw_sealed = _seal(raw, sealed)
        ready = []
        for number, (data, filename, cid, inline) in enumerate(files, start=1):
            try:
                ftype = sniff_head(data[:8192])
            except ApiError as exc:
                problems.append(exc.code)
                continue
            ready.append((number, _seal(data, sealed), public_filename(filename, ftype, index=number),
                          ftype, cid, inline))
        with session_scope() as s:
            org, user = _organisation(s, sender)
            p = Principal(user_id=user.id if user else None, role="mail", organisation_id=org.id,  # type: ignore[arg-type,union-attr]
                          email=sender or "", lang=org.lang)  # type: ignore[union-attr]
            t = _ticket(s, msg, org, bodies.subject, p)
            if t is None:
                raise RuntimeError("no ticket reference could be allocated")
            entry = vault.register(s, *raw_sealed, object_type="mail", object_id=mail_id,
                                   organisation_id=org.id, ticket_id=t.id)  # type: ignore[union-attr]
            s.flush()
            parts = []
            for number, (w, wrapped, sha, size), public, ftype, cid, inline in ready:
                att_id = new_id()
                register_upload(s, w, wrapped, sha, size, attachment_id=att_id, ticket_id=t.id,
                                organisation_id=org.id, ticket_ref=t.ref,  # type: ignore[union-attr]
                                filename=public, file_type=ftype, p=p)
                parts.append({"attachment_id": att_id, "cid": cid, "inline": inline, "number": number})
            client_id = (_MSG_ID.findall(header(msg, "Message-ID")) or [None])[0]
            m = MailMessage(id=mail_id, ticket_id=t.id, organisation_id=org.id, channel=channel,
                            sender=sender,
                            sender_name=display or None, message_id=client_id,
                            lang=org.lang, vault_entry_id=entry.id, body_key=body_key, parts=parts,
                            problems=sorted(set(problems)), hidden=bodies.counts, want_ack=no_ack is None,
                            no_ack_reason=no_ack)
            s.add(m)
            if m.message_id and s.get(MailThreadId, id_digest(m.message_id)) is None:
                s.add(MailThreadId(digest=id_digest(m.message_id), ticket_id=t.id))
            audit.record(s, p.user_id, "mail.received", "mail", mail_id, None,
                         {"ticket": t.ref, "parts": len(parts), "problems": sorted(set(problems)),
                          "channel": channel}, actor_role="mail")
            ref = t.ref
    except BaseException:
        store.delete(body_key)
        for w in sealed:  # nothing refers to them: the transaction did not commit
            vault.delete_blob(get_blob_store(), w.blob_key)  # (the store open_writer used)
        raise
    return Taken(mail_id, ref, len(parts))


def _seal(data: bytes, sealed: list) -> tuple:
    """Encrypt ``data`` into the vault (no database work); (writer, wrapped key, sha256, size)."""
    w = vault.open_writer()
    try:
        w.write(data)
        out = (w, *w.finish())
    except BaseException:
        w.abort()
        raise
    sealed.append(w)
    return out

"""Message-level redaction of one e-mail (shared by ``.eml``/``.msg`` files and the mail gateway).

:func:`redact_message` builds a NEW message from a parsed one, so nothing of the original that is
not copied on purpose survives:

* headers: only an allow-list (From, To, Cc, Reply-To, Sender, Subject, Date, Message-ID,
  In-Reply-To, References) is kept; every address becomes ``redacted@redacted.invalid`` and every
  display name ``[NAME]`` (the structure — who of how many — stays); the subject is redacted as
  text; message ids become stable digests (``<hex@redacted.invalid>``, threads still match).
  Received, Return-Path, DKIM, X-* and the rest are dropped;
* ``text/plain`` and ``text/html`` bodies are redacted as text, analysed together with the subject
  (a name found in one is found in all). HTML is sanitised first: scripts, styles with remote
  resources, frames, objects, forms, event handlers, ``javascript:`` links and remote images are
  removed (``cid:`` and ``data:`` images stay);
* attachments (and inline parts) go through :func:`redactor.engine.redact` one level deeper
  (``Limits.max_depth``); a forwarded ``message/rfc822`` is redacted recursively. An attachment
  that is refused is left out and listed in the warnings by number and reason, never by name.

Fails closed: any error other than a refused attachment propagates as a typed RedactorError.
"""

from __future__ import annotations

import email.policy
import hashlib
import re
from collections.abc import Callable
from email.message import EmailMessage, Message
from email.utils import getaddresses

import lxml.html
from lxml import etree

from redactor.errors import NestingTooDeep, RedactorError
from redactor.formats import DocContext
from redactor.formats.package import TextRules, collect_text, local
from redactor.limits import Limits
from redactor.textredact import PieceSet, redact_text
from redactor.types import Finding

REDACTED_ADDRESS = "redacted@redacted.invalid"
_ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")
_ID_HEADERS = ("Message-ID", "In-Reply-To", "References")
_MSG_ID = re.compile(r"<[^<>\s]{1,500}>")
_DANGEROUS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "link",
              "meta", "base", "input", "button", "textarea", "select"}
_HTML_RULES = TextRules(
    blocks=frozenset({"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "pre",
                      "blockquote", "dt", "dd", "caption"}),
    virtual={"br": "\n"},
    skip=frozenset({"style", "script"}),
    attrs=frozenset({"alt", "title", "href"}),
)
_REMOTE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)


def redact_email(msg: Message, *, lang: str = "auto", limits: Limits | None = None
                 ) -> tuple[EmailMessage, list[Finding], list[str]]:
    """Entry point for callers holding a parsed message (the mail gateway): the redacted copy, its
    value-free findings and warnings."""
    ctx = DocContext(lang, limits or Limits.from_env())
    out = redact_message(msg, ctx)
    return out, ctx.findings, list(dict.fromkeys(ctx.warnings))


def redact_message(msg: Message, ctx: DocContext) -> EmailMessage:
    """A redacted copy of ``msg`` (see the module docstring)."""
    ps = PieceSet()
    finish: list[Callable[[], None]] = []
    out = EmailMessage(policy=email.policy.SMTP)
    for name in _ADDRESS_HEADERS:
        values = msg.get_all(name) or []
        pairs = getaddresses([str(v) for v in values])
        if pairs:
            out[name] = ", ".join(('"[NAME]" ' if display.strip() else "") + f"<{REDACTED_ADDRESS}>"
                                  for display, _ in pairs)
    subject = msg.get("Subject")
    if subject is not None:
        holder = [" ".join(str(subject).split())]
        ps.add(holder[0], lambda v: holder.__setitem__(0, v), 0)
        finish.append(lambda: _set_header(out, "Subject", holder[0]))
    for name in _ID_HEADERS:
        ids = _MSG_ID.findall(str(msg.get(name) or ""))
        if ids:
            out[name] = " ".join(pseudonymous_id(i) for i in ids)
    if msg.get("Date"):
        out["Date"] = str(msg["Date"])
    out["MIME-Version"] = "1.0"
    counter = [0]
    body = _part(msg, ctx, ps, finish, counter)
    ctx.add_spans(ps.redact(ctx.lang))
    for f in finish:
        f()
    _adopt(out, body())
    return out


def pseudonymous_id(msg_id: str) -> str:
    """A message id (often ``name@host``) replaced by a stable digest: threads still match, no
    address or host name is left."""
    digest = hashlib.sha256(msg_id.strip().encode("utf-8", "replace")).hexdigest()[:32]
    return f"<{digest}@redacted.invalid>"


def _set_header(out: EmailMessage, name: str, value: str) -> None:
    out[name] = value.replace("\r", " ").replace("\n", " ")


def _adopt(out: EmailMessage, body: EmailMessage) -> None:
    for k, v in body.items():
        if k.lower() != "mime-version":
            out[k] = v
    out.set_payload(body.get_payload())


def _part(part: Message, ctx: DocContext, ps: PieceSet, finish: list, counter: list[int]
          ) -> Callable[[], EmailMessage]:
    """Register the part's text; return a builder for its redacted copy (called after analysis)."""
    ctype = part.get_content_type()
    if part.is_multipart() and ctype != "message/rfc822":
        children = [_part(p, ctx, ps, finish, counter) for p in part.get_payload()]

        def multipart() -> EmailMessage:
            new = EmailMessage(policy=email.policy.SMTP)
            new["Content-Type"] = f"multipart/{part.get_content_subtype()}"
            new.set_payload([c() for c in children])
            return new

        return multipart
    counter[0] += 1
    number = counter[0]
    disposition = part.get_content_disposition()
    if ctype in ("text/plain", "text/html") and disposition != "attachment":
        raw = part.get_payload(decode=True) or b""
        text = raw.decode(part.get_content_charset() or "utf-8", "replace")
        if ctype == "text/html":
            return _html(text, ps, number)
        holder = [text]
        ps.add(text, lambda v: holder.__setitem__(0, v), number)

        def plain() -> EmailMessage:
            new = EmailMessage(policy=email.policy.SMTP)
            new.set_content(holder[0], subtype="plain", charset="utf-8", cte="quoted-printable")
            return new

        return plain
    return _attachment(part, ctx, number)


def _html(text: str, ps: PieceSet, number: int) -> Callable[[], EmailMessage]:
    doc = lxml.html.document_fromstring(text if text.strip() else "<p></p>")
    sanitise_html(doc)
    collect_text(doc, _HTML_RULES, ps, number)

    def html() -> EmailMessage:
        new = EmailMessage(policy=email.policy.SMTP)
        new.set_content(lxml.html.tostring(doc, encoding="unicode"), subtype="html", charset="utf-8",
                        cte="quoted-printable")
        return new

    return html


def sanitise_html(doc: etree._Element) -> None:
    """Remove active and remote content in place (scripts, frames, handlers, remote images)."""
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            _drop(el)
            continue
        tag = local(el).lower()
        if tag in _DANGEROUS or (tag == "style" and _REMOTE.search(el.text or "")):
            _drop(el)
            continue
        for k in list(el.attrib):
            v = el.attrib[k]
            kl = k.lower()
            if kl.startswith("on") or (kl == "style" and _REMOTE.search(v)) or kl in ("srcset", "background"):
                del el.attrib[k]
            elif kl in ("href", "src", "action", "formaction", "xlink:href") and \
                    v.strip().lower().startswith(("javascript:", "vbscript:", "data:text")):
                del el.attrib[k]
            elif tag == "img" and kl == "src" and not v.strip().lower().startswith(("cid:", "data:image/")):
                del el.attrib[k]


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:  # keep the text that followed the removed element
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _attachment(part: Message, ctx: DocContext, number: int) -> Callable[[], EmailMessage]:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if ctx.depth + 1 > ctx.limits.max_depth:
            raise NestingTooDeep()
        sub = DocContext(ctx.lang, ctx.limits, ctx.depth + 1, ctx.budget)
        redacted = redact_message(inner, sub)
        ctx.findings.extend(sub.findings)
        ctx.warnings.extend(sub.warnings)

        def forwarded() -> EmailMessage:
            new = EmailMessage(policy=email.policy.SMTP)
            new.set_content(redacted)
            return new

        return forwarded
    data = part.get_payload(decode=True) or b""
    cid = part.get("Content-ID")
    disposition = part.get_content_disposition() or "attachment"
    filename = part.get_filename()
    try:
        result = ctx.redact_embedded(data, number) if data else None
    except RedactorError as exc:
        ctx.warnings.append(f"Attachment {number} was refused ({exc.code}) and left out of the message.")
        return lambda: _note(number)
    if result is None:
        return lambda: _note(number)
    stem = filename or f"attachment-{number}"
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    safe_stem, spans = redact_text(stem, ctx.lang)
    ctx.add_spans([(s, number) for s in spans])
    name = f"{safe_stem}.{result.file_type.extension}"
    maintype, subtype = result.mime.split("/", 1)

    def attachment() -> EmailMessage:
        new = EmailMessage(policy=email.policy.SMTP)
        if maintype == "message":  # an attached mail file, already redacted: attach it as a message
            new.set_content(email.message_from_bytes(result.data, policy=email.policy.SMTP))
            return new
        new.set_content(result.data, maintype=maintype, subtype=subtype, disposition=disposition,
                        filename=name, cid=cid)
        return new

    return attachment


def _note(number: int) -> EmailMessage:
    new = EmailMessage(policy=email.policy.SMTP)
    new.set_content(f"[Attachment {number} was removed: it could not be redacted.]", subtype="plain",
                    cte="7bit")
    return new

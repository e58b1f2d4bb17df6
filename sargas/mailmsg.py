"""Outgoing notice e-mail: an RFC 5322-complete message and the connection to the relay.

:func:`build_message` turns a notice (subject + plain text) into a ``multipart/alternative`` message
with ``Date``, ``Message-ID``, ``MIME-Version``, RFC 2047-encoded ``From``/``To``/``Subject`` (the
``SMTP`` policy: CRLF, folded lines) and an HTML part made from the same text: every character
escaped, paragraphs and lists only, links only to this deployment's own pages (``public_base_url``)
so a notice can never carry a link elsewhere. :func:`connect` opens the relay the settings name:
implicit TLS (SMTPS, ``SARGAS_SMTP_SSL``), STARTTLS (``SARGAS_SMTP_STARTTLS``) or plain, with the
certificate checked against ``SARGAS_SMTP_CA_FILE`` or the system's CAs. Failures raise (the outbox
retries); nothing here logs or keeps message content.
"""

from __future__ import annotations

import html
import re
import smtplib
import ssl
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from sargas.clock import now
from sargas.settings import Settings

_URL = re.compile(r"https?://[^\s<>\"')]+")
_ITEM = re.compile(r"^\s*[-*]\s+(.*)$")


def _domain(settings: Settings) -> str:
    addr = parseaddr(settings.smtp_from)[1]
    if "@" in addr:
        return addr.rsplit("@", 1)[1]
    return urlsplit(settings.public_base_url).hostname or "localhost"


def _from(settings: Settings) -> Address:
    name, addr = parseaddr(settings.smtp_from)
    return Address(display_name=name or settings.smtp_from_name, addr_spec=addr or settings.smtp_from)


def _linkify(text: str, base: str) -> str:
    """Escape ``text``; URLs of this deployment become links, any other stays plain text."""
    out, pos = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        out.append(html.escape(text[pos:m.start()]))
        if base and (url == base or url.startswith(base + "/") or url.startswith(base + "?")):
            out.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
        else:
            out.append(html.escape(url))
        pos = m.start() + len(url)
    out.append(html.escape(text[pos:]))
    return "".join(out)


def html_body(text: str, base_url: str, lang: str) -> str:
    """The plain text as simple, safe HTML: paragraphs, ``- item`` lists, own links; nothing else."""
    base = base_url.rstrip("/")
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = para.split("\n")
        items = [_ITEM.match(line) for line in lines]
        head = [line for line, m in zip(lines, items, strict=True) if m is None]
        lis = [m.group(1) for m in items if m is not None]
        if head:
            blocks.append("<p>" + "<br>\n".join(_linkify(line, base) for line in head) + "</p>")
        if lis:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_linkify(x, base)}</li>" for x in lis) + "\n</ul>")
    body = "\n".join(blocks)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang, quote=True)}"><head><meta charset="utf-8">'
            f"<title></title></head>\n<body>\n{body}\n</body></html>\n")


def build_message(settings: Settings, to: str, subject: str, body: str, *, lang: str = "en",
                  when: datetime | None = None) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["Date"] = format_datetime(when or now())
    msg["Message-ID"] = make_msgid(domain=_domain(settings))
    msg["From"] = _from(settings)
    msg["To"] = to
    msg["Subject"] = " ".join(subject.split())  # a header is one line
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to notices
    msg.set_content(body, charset="utf-8")
    msg.add_alternative(html_body(body, settings.public_base_url, lang), subtype="html", charset="utf-8")
    msg["Content-Language"] = lang  # after the parts: set_content moves Content-* headers into them
    return msg


def tls_context(settings: Settings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)


def connect(settings: Settings) -> smtplib.SMTP:
    """An open, authenticated connection to the relay (the caller closes it: ``with connect(...)``)."""
    if settings.smtp_ssl:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                              timeout=settings.smtp_timeout, context=tls_context(settings))
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    try:
        if settings.smtp_starttls and not settings.smtp_ssl:
            smtp.starttls(context=tls_context(settings))
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def send(settings: Settings, to: str, subject: str, body: str, *, lang: str = "en") -> None:
    msg = build_message(settings, to, subject, body, lang=lang)
    with connect(settings) as smtp:
        smtp.send_message(msg)

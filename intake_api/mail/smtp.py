"""The inbound SMTP gateway (aiosmtpd) in front of the helpdesk mailbox.

Accepts mail only for ``SARGAS_SUPPORT_ADDRESSES`` (``550`` for any other recipient: never an open
relay), up to ``SARGAS_MAIL_MAX_BYTES`` (SIZE advertised, ``552`` beyond), STARTTLS when
``SARGAS_INBOUND_SMTP_TLS_CERT``/``_KEY`` are set. Each message is taken in
(:func:`intake_api.mail.message.take_in`) before ``250`` is answered, so a ``250`` means the message
is in the vault and its uploads are queued. Any failure to take it in answers ``451`` (the sending
server retries; nothing is lost). Logs carry reason types only.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable

from aiosmtpd.controller import Controller

from intake_api.mail.finish import finish_ready
from intake_api.mail.message import take_in
from sargas.settings import Settings, get_settings

log = logging.getLogger("sargas.mail.smtp")


class GatewayHandler:
    def __init__(self, settings: Settings, wake: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.allowed = set(settings.support_address_list)
        self.wake = wake

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options):  # noqa: N802
        if address.strip().lower() not in self.allowed:
            return "550 5.7.1 Relaying denied: this server accepts mail for the support address only"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            taken = await asyncio.get_running_loop().run_in_executor(
                None, lambda: take_in(raw, envelope_from=envelope.mail_from, channel="smtp",
                                      settings=self.settings))
        except Exception as exc:  # noqa: BLE001 - the sender retries; nothing was kept
            log.error("mail not taken in: %s", type(exc).__name__)
            return "451 4.3.0 Temporary failure, please retry"
        if self.wake is not None:
            self.wake()
        if taken.uploads == 0:
            await asyncio.get_running_loop().run_in_executor(None, finish_ready, self.settings)
        return f"250 OK {taken.ticket_ref}"


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if not (settings.inbound_smtp_tls_cert and settings.inbound_smtp_tls_key):
        return None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(settings.inbound_smtp_tls_cert), str(settings.inbound_smtp_tls_key))
    return ctx


def start_gateway(settings: Settings | None = None, wake: Callable[[], None] | None = None) -> Controller:
    """Start the gateway in its own thread; returns the controller (``.stop()`` to end it)."""
    settings = settings or get_settings()
    if not settings.support_address_list:
        raise ValueError("SARGAS_SUPPORT_ADDRESSES is empty: the gateway would accept no mail")
    ctl = Controller(GatewayHandler(settings, wake), hostname=settings.inbound_smtp_host,
                     port=settings.inbound_smtp_port, data_size_limit=settings.mail_max_bytes,
                     tls_context=tls_context(settings), require_starttls=False,
                     server_hostname="sargas", ident="Sargas mail gateway")
    ctl.start()
    return ctl

"""IMAP intake for mailboxes that stay at the provider (imap-tools).

:func:`fetch` logs in, takes every message of ``SARGAS_IMAP_FOLDER`` in (same path as SMTP:
:func:`intake_api.mail.message.take_in`) and moves it to ``SARGAS_IMAP_DONE_FOLDER`` (created if
missing), so the inbox no longer holds it. A message larger than ``SARGAS_MAIL_MAX_BYTES`` is moved
without being taken in (its reason is audited by type only). How it fails: a message that cannot be
taken in (database, vault) stays in the inbox and is tried again next poll; a connection or login
error raises to the scheduler, which logs its type and runs again next period.
"""

from __future__ import annotations

import logging

from imap_tools import MailBox, MailBoxUnencrypted

from intake_api.mail.finish import finish_ready
from intake_api.mail.message import take_in
from sargas.settings import Settings, get_settings

log = logging.getLogger("sargas.mail.imap")


def fetch(settings: Settings | None = None, wake=None) -> int:
    """Take in and move every message of the inbox; returns how many were taken in."""
    settings = settings or get_settings()
    cls = MailBox if settings.imap_ssl else MailBoxUnencrypted
    taken = 0
    with cls(settings.imap_host, settings.imap_port).login(settings.imap_user, settings.imap_password or "",
                                                           initial_folder=settings.imap_folder) as box:
        if not box.folder.exists(settings.imap_done_folder):
            box.folder.create(settings.imap_done_folder)
        for msg in box.fetch(mark_seen=False, bulk=False):
            raw = msg.obj.as_bytes()  # imap-tools parsed the RFC822 literal with compat32: lossless
            if len(raw) <= settings.mail_max_bytes:
                try:
                    take_in(raw, envelope_from=None, channel="imap", settings=settings)
                except Exception as exc:  # noqa: BLE001 - stays in the inbox, tried next poll
                    log.error("imap message not taken in: %s", type(exc).__name__)
                    continue
                taken += 1
            else:
                log.warning("imap message over the size limit moved without intake")
            box.move(msg.uid, settings.imap_done_folder)
    if taken:
        if wake is not None:
            wake()
        finish_ready(settings)
    return taken


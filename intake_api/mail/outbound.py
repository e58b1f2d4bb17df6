"""The outbox channel that sends a prepared message (forward, acknowledgement) as it is.

The message bytes are in the blob store (key in the notice's payload); :class:`RawMailChannel`
sends them through the ``SARGAS_SMTP_*`` relay with the payload's envelope sender (``""`` = null
sender for acknowledgements) and deletes the blob once sent. A failure raises and the outbox retries
with backoff; a blob that is gone raises too (the notice ends ``dead``, never half-sent).
"""

from __future__ import annotations

import smtplib

from sargas import outbox
from sargas.settings import Settings
from sargas.storage.factory import get_blob_store

MAILRAW = "mailraw"


class RawMailChannel:
    def send(self, settings: Settings, msg: outbox.Outgoing) -> None:
        data = msg.document.get("data") or {}
        store = get_blob_store(settings)
        raw = store.get(data["blob_key"])
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.sendmail(data.get("envelope_from", settings.smtp_from), [msg.recipient], raw)
        store.delete(data["blob_key"])


outbox.CHANNELS[MAILRAW] = RawMailChannel()

"""The outbox channel that sends a prepared message (forward, acknowledgement) as it is.

The message bytes are in the blob store (key in the notice's payload); :class:`RawMailChannel`
sends them through the ``SARGAS_SMTP_*`` relay (:func:`sargas.mailmsg.connect`: SMTPS, STARTTLS
or plain) with the payload's envelope sender (``""`` = null sender for acknowledgements)
and deletes the blob once sent. A failure raises and the outbox retries with backoff;
a blob that is gone raises too (the notice ends ``dead``, never half-sent).
"""

from __future__ import annotations

from sargas import mailmsg, outbox
from sargas.settings import Settings
from sargas.storage.factory import get_blob_store

MAILRAW = "mailraw"


class RawMailChannel:
    def send(self, settings: Settings, msg: outbox.Outgoing) -> None:
        data = msg.document.get("data") or {}
        store = get_blob_store(settings)
        raw = store.get(data["blob_key"])
        with mailmsg.connect(settings) as smtp:  # SMTPS, STARTTLS or plain, as configured
            smtp.sendmail(data.get("envelope_from", settings.smtp_from), [msg.recipient], raw)
        store.delete(data["blob_key"])


outbox.CHANNELS[MAILRAW] = RawMailChannel()

"""The e-mail intake channel: a mail gateway in front of the helpdesk mailbox.

* :mod:`.smtp` — the inbound SMTP gateway (aiosmtpd): only the support addresses, size limit,
  STARTTLS when a certificate is configured;
* :mod:`.imap` — the IMAP poller for mailboxes that stay at the provider (imap-tools);
* :mod:`.message` — one received message: raw original into the vault, sender -> organisation,
  subject/thread -> ticket, every attachment and inline image registered as an upload (same
  pipeline), bodies redacted;
* :mod:`.finish` — once every part is processed: the clean forward, the acknowledgement, the raw
  original destroyed unless covered;
* :mod:`.forward`, :mod:`.ack` — building those two messages; :mod:`.texts` their wording;
* :mod:`.models` — the tables (organisation mail domains, received messages, thread ids).
"""

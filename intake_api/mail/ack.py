"""Whether to acknowledge a message, and the acknowledgement itself.

:func:`refusal` returns a reason code when no acknowledgement may be sent: auto-replies and bounces
(RFC 3834 ``Auto-Submitted``, ``Precedence: bulk|junk|list``, a null or MAILER-DAEMON sender,
delivery reports), mailing lists (``List-Id``), our own mail coming back (``X-Sargas-Ticket``, our own
addresses: loop protection) or no usable sender address. The per-sender rate limit is checked at
send time (:mod:`intake_api.mail.finish`). The acknowledgement is sent with a null envelope sender
and ``Auto-Submitted: auto-replied`` so that it cannot start a loop either.
"""

from __future__ import annotations

from email.message import EmailMessage, Message
from email.utils import formatdate, make_msgid

from intake_api.mail import texts
from intake_api.mail.headers import header
from sargas.settings import Settings


def refusal(msg: Message, sender: str | None, envelope_from: str | None, settings: Settings) -> str | None:
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        return "bounce"
    if sender is None:
        return "no_sender"
    if sender.split("@", 1)[0] in ("mailer-daemon", "postmaster"):
        return "bounce"
    if msg.get_content_type() == "multipart/report":
        return "bounce"
    if header(msg, "Auto-Submitted").lower() not in ("", "no"):
        return "auto_submitted"
    if header(msg, "Precedence").lower() in ("bulk", "junk", "list", "auto_reply"):
        return "precedence"
    if header(msg, "List-Id") or header(msg, "List-Unsubscribe"):
        return "list"
    if header(msg, "X-Sargas-Ticket"):
        return "loop"
    own = set(settings.support_address_list) | {settings.smtp_from.lower(),
                                                (settings.forward_to or "").lower()}
    if sender in own:
        return "loop"
    return None


def build(settings: Settings, *, lang: str, ref: str, to: str, in_reply_to: str | None, n_files: int,
          counts: dict[str, int], original: str, left_out: list[str]) -> EmailMessage:
    """The acknowledgement; ``original`` is "destroyed", "kept" (coverage) or "held" (a legal hold)."""
    t = lambda key, **kw: texts.ack_text(lang, key, **kw)  # noqa: E731
    lines = [t("hello", ref=ref), "", t("received", n=n_files),
             t("hidden", what=texts.counts_text(counts)) if counts else t("nothing"),
             t(original)]
    if left_out:
        lines.append(t("left_out", what=texts.describe(left_out)))
    url = settings.public_base_url.rstrip("/") + "/requests/new"
    lines += ["", t("request", url=url), t("reply", ref=ref)]
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = f"[{ref}] {t('subject')}"
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_from.rsplit("@", 1)[-1])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Sargas-Ticket"] = ref
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content("\n".join(lines), charset="utf-8")
    return msg

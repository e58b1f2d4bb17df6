"""Client notices the sweeper sends when it destroys an original (in the organisation's language).
Texts name the ticket reference and attachment id only — never file names or content."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sargas import outbox
from sargas.models import Attachment, Organisation, Ticket

_FAILED = {
    "en": ("Attachment {att} on ticket {ticket}: original destroyed",
           "We could not finish processing your attachment {att} on ticket {ticket} in time. Nothing was "
           "published to the ticket, and the unredacted original has been destroyed as a safety measure. "
           "Please upload the file again."),
    "lt": ("Priedas {att} (kreipinys {ticket}): originalas sunaikintas",
           "Nepavyko laiku apdoroti jūsų priedo {att} (kreipinys {ticket}). Į kreipinį nieko nepaskelbta, o "
           "neredaguotas originalas saugumo sumetimais sunaikintas. Įkelkite failą dar kartą."),
    "lv": ("Pielikums {att} (pieteikums {ticket}): oriģināls iznīcināts",
           "Mēs nevarējām laikus apstrādāt jūsu pielikumu {att} (pieteikums {ticket}). Pieteikumā nekas "
           "netika publicēts, un nerediģētais oriģināls drošības nolūkos ir iznīcināts. Lūdzu, "
           "augšupielādējiet failu vēlreiz."),
    "ru": ("Вложение {att} (обращение {ticket}): оригинал уничтожен",
           "Нам не удалось вовремя обработать ваше вложение {att} (обращение {ticket}). "
           "В обращении ничего не опубликовано, а неотредактированный оригинал уничтожен в целях "
           "безопасности. Пожалуйста, загрузите файл ещё раз."),
}
_EXPIRED = {
    "en": ("Attachment {att} on ticket {ticket}: original destroyed",
           "The retention period for the unredacted original of attachment {att} on ticket {ticket} has "
           "ended, so the original has been destroyed. The redacted copy remains on the ticket."),
    "lt": ("Priedas {att} (kreipinys {ticket}): originalas sunaikintas",
           "Pasibaigė neredaguoto priedo {att} originalo (kreipinys {ticket}) saugojimo laikotarpis, todėl "
           "originalas sunaikintas. Redaguota kopija lieka kreipinyje."),
    "lv": ("Pielikums {att} (pieteikums {ticket}): oriģināls iznīcināts",
           "Pielikuma {att} nerediģētā oriģināla (pieteikums {ticket}) glabāšanas termiņš ir beidzies, tāpēc "
           "oriģināls ir iznīcināts. Rediģētā kopija paliek pieteikumā."),
    "ru": ("Вложение {att} (обращение {ticket}): оригинал уничтожен",
           "Срок хранения неотредактированного оригинала вложения {att} (обращение {ticket}) истёк, поэтому "
           "оригинал уничтожен. Отредактированная копия остаётся в обращении."),
}


def original_destroyed(session: Session, attachment: Attachment, policy: str, *,
                       processing_failed: bool = False) -> int:
    """Queue the notice for one original the sweeper destroyed; returns the number of rows queued.
    ``processing_failed``: the attachment never got through processing (fail-closed wording)."""
    org = session.get(Organisation, attachment.organisation_id)
    ticket = session.get(Ticket, attachment.ticket_id)
    lang = org.lang if org is not None and org.lang in _FAILED else "en"
    table = _FAILED if processing_failed else _EXPIRED
    subject, body = table[lang]
    fields = {"att": attachment.id, "ticket": ticket.ref if ticket is not None else attachment.ticket_id}
    rows = outbox.enqueue(session, organisation=org, kind="original.destroyed", lang=lang,
                          subject=subject.format(**fields), body=body.format(**fields),
                          payload={"attachment_id": attachment.id, "ticket": fields["ticket"],
                                   "policy": policy, "original": "destroyed"},
                          user_id=attachment.uploader_id, object_type="attachment", object_id=attachment.id)
    return len(rows)

"""Wording of the acknowledgement (lt/lv/ru/en) and of the note in the forwarded message (en).

Texts name entity types and reason codes, never values. Unknown languages fall back to English.
"""

from __future__ import annotations

ACK: dict[str, dict[str, str]] = {
    "en": {"subject": "Received", "hello": "We received your message and registered it as ticket {ref}.",
           "received": "Received: the message text and {n} attachment(s).",
           "hidden": "Hidden before the helpdesk saw it: {what}.", "nothing": "No personal data was found.",
           "destroyed": "The unredacted original (the message and its attachments) has been destroyed; "
                        "only the redacted copy reaches the helpdesk.",
           "kept": "The unredacted original is kept under your transfer request or DPA.",
           "held": "The unredacted original is kept encrypted under a legal hold on this ticket (a legal "
                   "duty to preserve records) and will be destroyed when the hold is lifted.",
           "left_out": "Left out (could not be made safe): {what}.",
           "request": "If the helpdesk needs the unredacted data, file a transfer request: {url}",
           "reply": "Reply to this message keeping {ref} in the subject to add to the same ticket."},
    "lt": {"subject": "Gauta", "hello": "Gavome jūsų laišką ir užregistravome jį kaip kreipinį {ref}.",
           "received": "Gauta: laiško tekstas ir priedų: {n}.",
           "hidden": "Prieš pagalbos tarnybai matant paslėpta: {what}.", "nothing": "Asmens duomenų nerasta.",
           "destroyed": "Neredaguotas originalas (laiškas ir jo priedai) sunaikintas; pagalbos tarnyba "
                        "gauna tik redaguotą kopiją.",
           "kept": "Neredaguotas originalas saugomas pagal jūsų perdavimo prašymą arba DTS.",
           "held": "Neredaguotas originalas saugomas užšifruotas, nes šiam kreipiniui taikomas teisinis "
                   "sulaikymas (teisinė pareiga išsaugoti įrašus); jis bus sunaikintas, kai sulaikymas bus "
                   "panaikintas.",
           "left_out": "Praleista (nepavyko saugiai apdoroti): {what}.",
           "request": "Jei pagalbos tarnybai reikia neredaguotų duomenų, pateikite perdavimo prašymą: {url}",
           "reply": "Atsakydami palikite {ref} laiško temoje – laiškas bus pridėtas prie tos pačios "
                    "kreipinio."},
    "lv": {"subject": "Saņemts", "hello": "Mēs saņēmām jūsu vēstuli un reģistrējām to kā pieteikumu {ref}.",
           "received": "Saņemts: vēstules teksts un pielikumi: {n}.",
           "hidden": "Paslēpts, pirms palīdzības dienests to redzēja: {what}.",
           "nothing": "Personas dati netika atrasti.",
           "destroyed": "Nerediģētais oriģināls (vēstule un tās pielikumi) ir iznīcināts; palīdzības "
                        "dienests saņem tikai rediģētu kopiju.",
           "kept": "Nerediģētais oriģināls tiek glabāts saskaņā ar jūsu nodošanas pieprasījumu vai DAL.",
           "held": "Nerediģētais oriģināls tiek glabāts šifrēts, jo šim pieteikumam ir noteikta juridiska "
                   "aizturēšana (juridisks pienākums saglabāt ierakstus); tas tiks iznīcināts, kad "
                   "aizturēšanu atcels.",
           "left_out": "Izlaists (nevarēja padarīt drošu): {what}.",
           "request": "Ja palīdzības dienestam vajag nerediģētos datus, iesniedziet nodošanas "
                      "pieprasījumu: {url}",
           "reply": "Atbildot saglabājiet {ref} tēmā, lai papildinātu to pašu pieteikumu."},
    "ru": {"subject": "Получено",
           "hello": "Мы получили ваше письмо и зарегистрировали его как обращение {ref}.",
           "received": "Получено: текст письма и вложений: {n}.",
           "hidden": "Скрыто до того, как служба поддержки его увидела: {what}.",
           "nothing": "Персональные данные не найдены.",
           "destroyed": "Неотредактированный оригинал (письмо и вложения) уничтожен; служба поддержки "
                        "получает только отредактированную копию.",
           "kept": "Неотредактированный оригинал хранится по вашему запросу на передачу или DPA.",
           "held": "Неотредактированный оригинал хранится в зашифрованном виде, так как на это обращение "
                   "наложено юридическое удержание (обязанность сохранять документы по закону); он будет "
                   "уничтожен после снятия удержания.",
           "left_out": "Не передано (не удалось обезопасить): {what}.",
           "request": "Если службе поддержки нужны неотредактированные данные, подайте запрос на "
                      "передачу: {url}",
           "reply": "Отвечая, сохраните {ref} в теме письма, чтобы дополнить то же обращение."},
}

REASONS = {  # reason codes -> plain English (the ack lists codes with these words)
    "malformed_mime": "the message structure was damaged",
    "message_unreadable": "the message could not be read",
    "nesting_too_deep": "parts nested too deeply",
    "too_many_parts": "too many attachments",
    "part_unreadable": "an attachment could not be decoded",
    "body_unreadable": "a message text could not be decoded",
    "body_too_large": "a message text was too large",
    "body_not_redacted": "the message text could not be redacted",
    "unsupported_type": "an attachment of an unsupported type",
}


def ack_text(lang: str, key: str, **kw: object) -> str:
    return ACK.get(lang, ACK["en"])[key].format(**kw)


def describe(codes: list[str]) -> str:
    return "; ".join(f"{REASONS.get(c, c)} ({c})" for c in codes)


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items()))

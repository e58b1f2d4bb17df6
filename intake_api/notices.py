# ruff: noqa: E501  (translation tables read better unwrapped)
"""Client notices in the organisation's language (lt / lv / ru / en): plain, kind, no content.

A notice says when the file was checked (in the organisation's time zone, labelled), what was found
(counts by kind, never the values), what happened to the original and why, and how to file a
data-transfer request (a link to the web form for the ticket) if the consultant needs the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from redactor.entities import CATALOGUE
from sargas.clock import now
from sargas.i18n import LANGS
from sargas.timefmt import format_time

ENTITY_LABELS: dict[str, dict[str, str]] = {e.code: e.labels for e in CATALOGUE if e.labels}

ERROR_TEXT: dict[str, dict[str, str]] = {
    "unsupported_type": {"en": "this kind of file is not supported (send PNG, JPEG or PDF)",
                         "lt": "toks failo tipas nepalaikomas (siųskite PNG, JPEG arba PDF)",
                         "lv": "šāds faila veids netiek atbalstīts (sūtiet PNG, JPEG vai PDF)",
                         "ru": "такой тип файла не поддерживается (отправьте PNG, JPEG или PDF)"},
    "corrupt_file": {"en": "the file is damaged and cannot be read", "lt": "failas sugadintas ir neperskaitomas",
                     "lv": "fails ir bojāts un nav nolasāms", "ru": "файл повреждён и не читается"},
    "encrypted_file": {"en": "the file is password-protected; please upload it without a password",
                       "lt": "failas apsaugotas slaptažodžiu; įkelkite jį be slaptažodžio",
                       "lv": "fails ir aizsargāts ar paroli; lūdzu, augšupielādējiet to bez paroles",
                       "ru": "файл защищён паролем; загрузите его без пароля"},
    "too_large": {"en": "the file is too large", "lt": "failas per didelis", "lv": "fails ir pārāk liels",
                  "ru": "файл слишком большой"},
    "too_many_pages": {"en": "the document has too many pages", "lt": "dokumente per daug puslapių",
                       "lv": "dokumentā ir pārāk daudz lapu", "ru": "в документе слишком много страниц"},
    "decompression_bomb": {"en": "the image is far larger than its file size suggests",
                           "lt": "paveikslėlis daug didesnis, nei rodo failo dydis",
                           "lv": "attēls ir daudz lielāks, nekā liecina faila izmērs",
                           "ru": "изображение намного больше, чем следует из размера файла"},
    "file_name_too_long": {"en": "the file name is too long; rename the file to at most 255 characters",
                           "lt": "failo pavadinimas per ilgas; pervadinkite failą (ne daugiau kaip 255 simboliai)",
                           "lv": "faila nosaukums ir pārāk garš; pārdēvējiet failu (ne vairāk kā 255 rakstzīmes)",
                           "ru": "имя файла слишком длинное; переименуйте файл (не более 255 символов)"},
    "timeout": {"en": "processing was stopped because it did not finish in the time allowed (the server may have been overloaded)",
                "lt": "apdorojimas buvo nutrauktas, nes nebaigtas per leistiną laiką (serveris galėjo būti perkrautas)",
                "lv": "apstrāde tika pārtraukta, jo tā netika pabeigta atvēlētajā laikā (serveris, iespējams, bija pārslogots)",
                "ru": "обработка была остановлена, так как не завершилась за отведённое время (сервер мог быть перегружен)"},
    "cpu_budget": {"en": "the document is too long to be processed in one piece (it used up the processing time allowed for its number of pages)",
                   "lt": "dokumentas per ilgas apdoroti vienu kartu (jis išnaudojo apdorojimo laiką, skirtą tokiam puslapių skaičiui)",
                   "lv": "dokuments ir pārāk garš, lai to apstrādātu vienā reizē (tas izlietoja apstrādes laiku, kas atvēlēts šādam lapu skaitam)",
                   "ru": "документ слишком длинный, чтобы обработать его целиком (он израсходовал время обработки, отведённое на такое число страниц)"},
}
# What the client can do instead of simply uploading the same file again (which would fail the same way).
ADVICE: dict[str, dict[str, str]] = {
    "cpu_budget": {"en": "Please split it into smaller files (for example, 50 pages each) and upload them one by one. If the document cannot be split, file a data-transfer request (see below) so that our consultant can receive it in another way.",
                   "lt": "Padalykite jį į mažesnius failus (pavyzdžiui, po 50 puslapių) ir įkelkite juos po vieną. Jei dokumento padalyti negalima, pateikite duomenų perdavimo prašymą (žr. toliau), kad konsultantas jį gautų kitu būdu.",
                   "lv": "Lūdzu, sadaliet to mazākos failos (piemēram, pa 50 lapām) un augšupielādējiet tos pa vienam. Ja dokumentu nevar sadalīt, iesniedziet datu nodošanas pieprasījumu (skatīt zemāk), lai konsultants to saņemtu citā veidā.",
                   "ru": "Пожалуйста, разделите его на файлы поменьше (например, по 50 страниц) и загрузите их по одному. Если документ нельзя разделить, подайте запрос на передачу данных (см. ниже), чтобы консультант получил его другим способом."},
    "timeout": {"en": "Please upload the file again later. If it fails again, split it into smaller files or file a data-transfer request (see below).",
                "lt": "Įkelkite failą dar kartą vėliau. Jei vėl nepavyks, padalykite jį į mažesnius failus arba pateikite duomenų perdavimo prašymą (žr. toliau).",
                "lv": "Lūdzu, augšupielādējiet failu vēlreiz vēlāk. Ja tas atkal neizdodas, sadaliet to mazākos failos vai iesniedziet datu nodošanas pieprasījumu (skatīt zemāk).",
                "ru": "Пожалуйста, загрузите файл ещё раз позже. Если снова не получится, разделите его на файлы поменьше или подайте запрос на передачу данных (см. ниже)."},
}
GENERIC_ERROR = {"en": "the file could not be processed safely", "lt": "failo nepavyko saugiai apdoroti",
                 "lv": "failu neizdevās droši apstrādāt", "ru": "файл не удалось безопасно обработать"}

T: dict[str, dict[str, str]] = {
    "en": {
        "subj_ok": "Ticket {ref}: your file was checked and added",
        "subj_rej": "Ticket {ref}: your file could not be added",
        "hello": "Hello,",
        "found": "We checked the file you added to ticket {ref} for personal data and covered it before "
                 "passing the file to our consultant. We found:",
        "none": "We checked the file you added to ticket {ref} for personal data and found none. The file was "
                "passed to our consultant with its hidden metadata removed.",
        "destroyed": "The original, unredacted file has been permanently destroyed, because no data-transfer "
                     "request or data-processing agreement covers this ticket. We do not keep personal data "
                     "we do not need.",
        "retained": "The original file is kept encrypted, as allowed by {coverage}, and will be destroyed when "
                    "that permission ends.",
        "rejected": "We could not add the file you uploaded to ticket {ref}: {reason}. Nothing from it was "
                    "passed to our consultant.",
        "how": "If our consultant needs the unredacted file, you can file a data-transfer request for ticket "
               "{ref} ({url}). Only an approved request allows us to keep the original.",
        "retry": "You are welcome to upload the file again.",
        "bye": "Thank you,\nSargas privacy gateway",
        "held": "The original file is kept encrypted because a legal hold (a legal duty to preserve records) "
                "applies to this ticket; it will be destroyed when the hold is lifted.",
        "cov_transfer_request": "an approved data-transfer request", "cov_dpa": "your data-processing agreement",
    },
    "lt": {
        "subj_ok": "Kreipinys {ref}: jūsų failas patikrintas ir pridėtas",
        "subj_rej": "Kreipinys {ref}: jūsų failo pridėti nepavyko",
        "hello": "Sveiki,",
        "found": "Patikrinome failą, kurį pridėjote prie kreipinio {ref}, ir prieš perduodami jį mūsų "
                 "konsultantui uždengėme asmens duomenis. Radome:",
        "none": "Patikrinome failą, kurį pridėjote prie kreipinio {ref}, ir asmens duomenų neradome. Failas "
                "perduotas konsultantui be paslėptų metaduomenų.",
        "destroyed": "Originalus, neuždengtas failas visam laikui sunaikintas, nes šio kreipinio neapima nei "
                     "duomenų perdavimo prašymas, nei duomenų tvarkymo sutartis. Nesaugome asmens duomenų, "
                     "kurių mums nereikia.",
        "retained": "Originalus failas saugomas užšifruotas, kaip leidžia {coverage}, ir bus sunaikintas, kai "
                    "šis leidimas baigsis.",
        "rejected": "Nepavyko pridėti failo, kurį įkėlėte prie kreipinio {ref}: {reason}. Konsultantui nieko "
                    "iš jo neperduota.",
        "how": "Jei konsultantui reikia neuždengto failo, galite pateikti duomenų perdavimo prašymą kreipiniui "
               "{ref} ({url}). Tik patvirtintas prašymas leidžia mums saugoti originalą.",
        "retry": "Failą galite įkelti dar kartą.",
        "bye": "Ačiū,\nSargas privatumo šliuzas",
        "held": "Originalus failas saugomas užšifruotas, nes šiam kreipiniui taikomas teisinis sulaikymas "
                "(teisinė pareiga išsaugoti įrašus); jis bus sunaikintas, kai sulaikymas bus panaikintas.",
        "cov_transfer_request": "patvirtintas duomenų perdavimo prašymas",
        "cov_dpa": "jūsų duomenų tvarkymo sutartis",
    },
    "lv": {
        "subj_ok": "Pieteikums {ref}: jūsu fails ir pārbaudīts un pievienots",
        "subj_rej": "Pieteikums {ref}: jūsu failu neizdevās pievienot",
        "hello": "Labdien!",
        "found": "Mēs pārbaudījām failu, ko pievienojāt pieteikumam {ref}, un pirms nodošanas mūsu "
                 "konsultantam aizklājām personas datus. Atradām:",
        "none": "Mēs pārbaudījām failu, ko pievienojāt pieteikumam {ref}, un personas datus neatradām. Fails "
                "nodots konsultantam bez slēptajiem metadatiem.",
        "destroyed": "Oriģinālais, neaizklātais fails ir neatgriezeniski iznīcināts, jo šo pieteikumu neaptver "
                     "ne datu nodošanas pieprasījums, ne datu apstrādes līgums. Mēs neglabājam personas datus, "
                     "kas mums nav vajadzīgi.",
        "retained": "Oriģinālais fails tiek glabāts šifrēts, kā atļauj {coverage}, un tiks iznīcināts, kad šī "
                    "atļauja beigsies.",
        "rejected": "Mēs nevarējām pievienot failu, ko augšupielādējāt pieteikumam {ref}: {reason}. "
                    "Konsultantam no tā nekas netika nodots.",
        "how": "Ja konsultantam vajadzīgs neaizklātais fails, varat iesniegt datu nodošanas pieprasījumu "
               "pieteikumam {ref} ({url}). Tikai apstiprināts pieprasījums ļauj mums glabāt oriģinālu.",
        "retry": "Failu varat augšupielādēt vēlreiz.",
        "bye": "Paldies!\nSargas privātuma vārteja",
        "held": "Oriģinālais fails tiek glabāts šifrēts, jo šim pieteikumam ir noteikta juridiska aizturēšana "
                "(juridisks pienākums saglabāt ierakstus); tas tiks iznīcināts, kad aizturēšanu atcels.",
        "cov_transfer_request": "apstiprināts datu nodošanas pieprasījums",
        "cov_dpa": "jūsu datu apstrādes līgums",
    },
    "ru": {
        "subj_ok": "Обращение {ref}: ваш файл проверен и добавлен",
        "subj_rej": "Обращение {ref}: не удалось добавить ваш файл",
        "hello": "Здравствуйте!",
        "found": "Мы проверили файл, добавленный вами к обращению {ref}, и перед передачей консультанту скрыли "
                 "персональные данные. Найдено:",
        "none": "Мы проверили файл, добавленный вами к обращению {ref}, и персональных данных не нашли. Файл "
                "передан консультанту без скрытых метаданных.",
        "destroyed": "Исходный, нескрытый файл безвозвратно уничтожен, так как это обращение не покрывает ни "
                     "запрос на передачу данных, ни договор об обработке данных. Мы не храним персональные "
                     "данные, которые нам не нужны.",
        "retained": "Исходный файл хранится в зашифрованном виде, как разрешает {coverage}, и будет уничтожен, "
                    "когда это разрешение закончится.",
        "rejected": "Не удалось добавить файл, загруженный вами к обращению {ref}: {reason}. Консультанту из него "
                    "ничего не передано.",
        "how": "Если консультанту нужен файл без скрытия, вы можете подать запрос на передачу данных по обращению "
               "{ref} ({url}). Только одобренный запрос позволяет нам хранить оригинал.",
        "retry": "Вы можете загрузить файл ещё раз.",
        "bye": "Спасибо!\nШлюз конфиденциальности Sargas",
        "held": "Исходный файл хранится в зашифрованном виде, так как на это обращение наложено юридическое "
                "удержание (обязанность сохранять документы по закону); он будет уничтожен после снятия удержания.",
        "cov_transfer_request": "одобренный запрос на передачу данных",
        "cov_dpa": "ваш договор об обработке данных",
    },
}


@dataclass(frozen=True)
class Notice:
    lang: str
    subject: str
    body: str


def entity_label(entity_type: str, lang: str) -> str:
    return ENTITY_LABELS.get(entity_type, {}).get(lang) or entity_type.replace("_", " ").lower()


def error_text(code: str | None, lang: str) -> str:
    return ERROR_TEXT.get(code or "", GENERIC_ERROR).get(lang, GENERIC_ERROR["en"])


def _when(lang: str, zone: str | None, at: datetime | None) -> str:
    """"Checked on <time in the organisation's zone, labelled>" (Babel catalogue of the web UI)."""
    from intake_api.web.i18n import gettext_for

    return gettext_for(lang)("Checked on %(time)s.", time=format_time(at or now(), lang, zone, label=True))


def _retained(t: dict[str, str], coverage_kind: str | None) -> str:
    """Why the original is kept: a legal hold (kept until it is lifted) or a coverage."""
    if coverage_kind == "legal_hold":
        return t["held"]
    return t["retained"].format(coverage=t.get(f"cov_{coverage_kind}", t["cov_transfer_request"]))


def processed(lang: str, *, ref: str, counts: dict[str, int], original: str, coverage_kind: str | None,
              request_url: str, zone: str | None = None, at: datetime | None = None) -> Notice:
    lang = lang if lang in LANGS else "en"
    t = T[lang]
    parts = [t["hello"], "", _when(lang, zone, at), ""]
    if counts:
        parts.append(t["found"].format(ref=ref))
        parts += [f"  - {entity_label(k, lang)}: {v}" for k, v in sorted(counts.items())]
    else:
        parts.append(t["none"].format(ref=ref))
    parts.append("")
    if original == "retained":
        parts.append(_retained(t, coverage_kind))
    else:
        parts += [t["destroyed"], "", t["how"].format(ref=ref, url=request_url)]
    parts += ["", t["bye"]]
    return Notice(lang, t["subj_ok"].format(ref=ref), "\n".join(parts))


def rejected(lang: str, *, ref: str, code: str | None, original: str, coverage_kind: str | None,
             request_url: str, zone: str | None = None, at: datetime | None = None) -> Notice:
    lang = lang if lang in LANGS else "en"
    t = T[lang]
    parts = [t["hello"], "", _when(lang, zone, at), "",
             t["rejected"].format(ref=ref, reason=error_text(code, lang)), ""]
    if original == "retained":
        parts.append(_retained(t, coverage_kind))
    else:
        parts.append(t["destroyed"])
    advice = ADVICE.get(code or "", {}).get(lang) or t["retry"]
    parts += ["", advice, t["how"].format(ref=ref, url=request_url), "", t["bye"]]
    return Notice(lang, t["subj_rej"].format(ref=ref), "\n".join(parts))

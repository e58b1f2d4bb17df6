# ruff: noqa: E501  (translation tables read best one entry per line)
"""Texts of the forms package in lt/lv/ru/en: validation messages, conflicts, notices, PDF headings.

Messages never contain personal data: they name fields, request references and ticket references,
never values the client typed (except the DPO's own decision reason in notices to the client).
"""

from __future__ import annotations

from forms.fields import lang_of

T: dict[str, dict[str, str]] = {
    # --- validation (per field) ---
    "required": {"en": "This field is required.", "lt": "Šis laukas privalomas.",
                 "lv": "Šis lauks ir obligāts.", "ru": "Это поле обязательно."},
    "not_text": {"en": "Must be text.", "lt": "Turi būti tekstas.", "lv": "Jābūt tekstam.",
                 "ru": "Должно быть текстом."},
    "too_short": {"en": "Too short: at least {min} characters.", "lt": "Per trumpa: mažiausiai {min} simbolių.",
                  "lv": "Pārāk īss: vismaz {min} rakstzīmes.", "ru": "Слишком коротко: не менее {min} символов."},
    "too_long": {"en": "Too long: at most {max} characters.", "lt": "Per ilga: daugiausiai {max} simbolių.",
                 "lv": "Pārāk garš: ne vairāk kā {max} rakstzīmes.",
                 "ru": "Слишком длинно: не более {max} символов."},
    "not_list": {"en": "Must be a list.", "lt": "Turi būti sąrašas.", "lv": "Jābūt sarakstam.",
                 "ru": "Должно быть списком."},
    "empty_list": {"en": "Give at least one value.", "lt": "Nurodykite bent vieną reikšmę.",
                   "lv": "Norādiet vismaz vienu vērtību.", "ru": "Укажите хотя бы одно значение."},
    "too_many": {"en": "Too many values: at most {max}.", "lt": "Per daug reikšmių: daugiausiai {max}.",
                 "lv": "Pārāk daudz vērtību: ne vairāk kā {max}.", "ru": "Слишком много значений: не более {max}."},
    "duplicate": {"en": "Listed twice.", "lt": "Nurodyta du kartus.", "lv": "Norādīts divreiz.",
                  "ru": "Указано дважды."},
    "unknown_code": {"en": "Not an allowed value. Allowed: {allowed}.",
                     "lt": "Neleistina reikšmė. Leidžiamos: {allowed}.",
                     "lv": "Neatļauta vērtība. Atļautās: {allowed}.",
                     "ru": "Недопустимое значение. Допустимые: {allowed}."},
    "unknown_ticket": {"en": "No such ticket in your organisation.",
                       "lt": "Tokio kreipinio jūsų organizacijoje nėra.",
                       "lv": "Jūsu organizācijā šāda pieteikuma nav.",
                       "ru": "В вашей организации нет такого обращения."},
    "not_email": {"en": "Not a valid e-mail address.", "lt": "Netinkamas el. pašto adresas.",
                  "lv": "Nederīga e-pasta adrese.", "ru": "Некорректный адрес электронной почты."},
    "not_phone": {"en": "Not a valid phone number.", "lt": "Netinkamas telefono numeris.",
                  "lv": "Nederīgs tālruņa numurs.", "ru": "Некорректный номер телефона."},
    "unknown_consultant": {"en": "This address does not belong to a Sargas consultant.",
                           "lt": "Šis adresas nepriklauso Sargas konsultantui.",
                           "lv": "Šī adrese nepieder Sargas konsultantam.",
                           "ru": "Этот адрес не принадлежит консультанту Sargas."},
    # the client's form: one answer for every address that is not an assigned consultant (nothing
    # tells a client which addresses belong to consultants)
    "not_assigned_consultant": {"en": "Choose a consultant assigned to one of the selected tickets, or leave "
                                      "the choice to the data protection officer.",
                                "lt": "Pasirinkite konsultantą, paskirtą vienam iš pažymėtų kreipinių, arba "
                                      "palikite pasirinkimą duomenų apsaugos pareigūnui.",
                                "lv": "Izvēlieties konsultantu, kas norīkots kādam no atzīmētajiem "
                                      "pieteikumiem, vai atstājiet izvēli datu aizsardzības speciālistam.",
                                "ru": "Выберите консультанта, назначенного на одно из выбранных обращений, "
                                      "или оставьте выбор специалисту по защите данных."},
    "not_int": {"en": "Must be a whole number.", "lt": "Turi būti sveikasis skaičius.",
                "lv": "Jābūt veselam skaitlim.", "ru": "Должно быть целым числом."},
    "retention_range": {"en": "Retention must be between 1 and {max} days.",
                        "lt": "Saugojimo terminas turi būti nuo 1 iki {max} dienų.",
                        "lv": "Glabāšanas termiņam jābūt no 1 līdz {max} dienām.",
                        "ru": "Срок хранения должен быть от 1 до {max} дней."},
    "not_bool": {"en": "Must be true or false.", "lt": "Turi būti true arba false.",
                 "lv": "Jābūt true vai false.", "ru": "Должно быть true или false."},
    "must_acknowledge": {"en": "You must confirm the acknowledgement.", "lt": "Būtina patvirtinti pareiškimą.",
                         "lv": "Jāapstiprina apliecinājums.", "ru": "Необходимо подтвердить заявление."},
    "unknown_field": {"en": "Unknown field.", "lt": "Nežinomas laukas.", "lv": "Nezināms lauks.",
                      "ru": "Неизвестное поле."},
    "not_date": {"en": "Must be a date (YYYY-MM-DD).", "lt": "Turi būti data (MMMM-MM-DD).",
                 "lv": "Jābūt datumam (GGGG-MM-DD).", "ru": "Должно быть датой (ГГГГ-ММ-ДД)."},
    "date_order": {"en": "Must be after the signing date.", "lt": "Turi būti vėliau nei pasirašymo data.",
                   "lv": "Jābūt vēlākam par parakstīšanas datumu.", "ru": "Должна быть позже даты подписания."},
    "not_object": {"en": "The request body must be a JSON object.",
                   "lt": "Užklausos turinys turi būti JSON objektas.",
                   "lv": "Pieprasījuma saturam jābūt JSON objektam.",
                   "ru": "Тело запроса должно быть объектом JSON."},
    "invalid": {"en": "Some fields need attention.", "lt": "Kai kuriuos laukus reikia pataisyti.",
                "lv": "Dažus laukus nepieciešams labot.", "ru": "Некоторые поля требуют исправления."},
    # --- access / state ---
    "not_found": {"en": "No such transfer request.", "lt": "Tokio prašymo nėra.",
                  "lv": "Šāda pieprasījuma nav.", "ru": "Такого запроса нет."},
    "dpa_not_found": {"en": "No such data-processing agreement.", "lt": "Tokios duomenų tvarkymo sutarties nėra.",
                      "lv": "Šāda datu apstrādes līguma nav.", "ru": "Такого договора об обработке данных нет."},
    "dpa_ended": {"en": "This agreement has already ended.", "lt": "Ši sutartis jau baigėsi.",
                  "lv": "Šis līgums jau ir beidzies.", "ru": "Этот договор уже завершён."},
    "org_not_found": {"en": "No such organisation.", "lt": "Tokios organizacijos nėra.",
                      "lv": "Šādas organizācijas nav.", "ru": "Такой организации нет."},
    "dpo_only": {"en": "Only the data protection officer may do this.",
                 "lt": "Tai gali atlikti tik duomenų apsaugos pareigūnas.",
                 "lv": "To drīkst darīt tikai datu aizsardzības speciālists.",
                 "ru": "Это может сделать только специалист по защите данных."},
    "client_only": {"en": "Only the client organisation that filed the request may do this.",
                    "lt": "Tai gali atlikti tik prašymą pateikusi kliento organizacija.",
                    "lv": "To drīkst darīt tikai klienta organizācija, kas iesniedza pieprasījumu.",
                    "ru": "Это может сделать только организация-клиент, подавшая запрос."},
    "reason_required": {"en": "A reason is required.", "lt": "Būtina nurodyti priežastį.",
                        "lv": "Jānorāda iemesls.", "ru": "Необходимо указать причину."},
    "conflict": {"en": "Request {ref} cannot be {action} because it is {state}. "
                       "This is possible only when it is: {allowed}.",
                 "lt": "Prašymo {ref} negalima {action}, nes jo būsena – {state}. "
                       "Tai galima tik kai būsena: {allowed}.",
                 "lv": "Pieprasījumu {ref} nevar {action}, jo tā statuss ir {state}. "
                       "Tas iespējams tikai statusā: {allowed}.",
                 "ru": "Запрос {ref} нельзя {action}: его статус — {state}. "
                       "Это возможно только в статусе: {allowed}."},
}

STATE_LABELS: dict[str, dict[str, str]] = {
    "draft": {"en": "draft", "lt": "juodraštis", "lv": "melnraksts", "ru": "черновик"},
    "submitted": {"en": "submitted", "lt": "pateiktas", "lv": "iesniegts", "ru": "подан"},
    "approved": {"en": "approved", "lt": "patvirtintas", "lv": "apstiprināts", "ru": "одобрен"},
    "rejected": {"en": "rejected", "lt": "atmestas", "lv": "noraidīts", "ru": "отклонён"},
    "active": {"en": "active", "lt": "galiojantis", "lv": "aktīvs", "ru": "действует"},
    "expired": {"en": "expired", "lt": "pasibaigęs", "lv": "beidzies", "ru": "истёк"},
    "revoked": {"en": "revoked", "lt": "atšauktas", "lv": "anulēts", "ru": "аннулирован"},
    "fulfilled": {"en": "fulfilled", "lt": "įvykdytas", "lv": "izpildīts", "ru": "выполнен"},
    "withdrawn": {"en": "withdrawn", "lt": "atsiimtas", "lv": "atsaukts", "ru": "отозван"},
}

ACTION_LABELS: dict[str, dict[str, str]] = {
    "edit": {"en": "edited", "lt": "redaguoti", "lv": "labot", "ru": "изменить"},
    "submit": {"en": "submitted", "lt": "pateikti", "lv": "iesniegt", "ru": "подать"},
    "withdraw": {"en": "withdrawn", "lt": "atsiimti", "lv": "atsaukt", "ru": "отозвать"},
    "approve": {"en": "approved", "lt": "patvirtinti", "lv": "apstiprināt", "ru": "одобрить"},
    "reject": {"en": "rejected", "lt": "atmesti", "lv": "noraidīt", "ru": "отклонить"},
    "revoke": {"en": "revoked", "lt": "atšaukti", "lv": "anulēt", "ru": "аннулировать"},
    "fulfil": {"en": "marked fulfilled", "lt": "pažymėti įvykdytu", "lv": "atzīmēt kā izpildītu",
               "ru": "отметить выполненным"},
}

# --- notices: subject prefix + body per event; {destroyed} is a count -----------------------------
SUBJECT = {"en": "Data-transfer request {ref}: {state}", "lt": "Duomenų perdavimo prašymas {ref}: {state}",
           "lv": "Datu nodošanas pieprasījums {ref}: {state}", "ru": "Запрос на передачу данных {ref}: {state}"}
DPA_SUBJECT = {"en": "Data-processing agreement {ref}: ended", "lt": "Duomenų tvarkymo sutartis {ref}: baigėsi",
               "lv": "Datu apstrādes līgums {ref}: beidzies", "ru": "Договор об обработке данных {ref}: завершён"}
DESTROYED = {"en": " Originals destroyed: {destroyed}.", "lt": " Sunaikinta originalų: {destroyed}.",
             "lv": " Iznīcināti oriģināli: {destroyed}.", "ru": " Уничтожено оригиналов: {destroyed}."}
REASON = {"en": " Reason: {reason}", "lt": " Priežastis: {reason}", "lv": " Iemesls: {reason}",
          "ru": " Причина: {reason}"}
LINK = {"en": "Open the request: {url}", "lt": "Atverti prašymą: {url}", "lv": "Atvērt pieprasījumu: {url}",
        "ru": "Открыть запрос: {url}"}

NOTICE: dict[str, dict[str, str]] = {
    "submitted": {
        "en": "Data-transfer request {ref} for tickets {tickets} has been submitted to the data protection "
              "officer. Until the decision, originals uploaded to these tickets are held encrypted (at most "
              "until {until}) and are destroyed if the request is not approved.",
        "lt": "Duomenų perdavimo prašymas {ref} dėl kreipinių {tickets} pateiktas duomenų apsaugos pareigūnui. "
              "Kol bus priimtas sprendimas, į šiuos kreipinius įkelti originalai saugomi užšifruoti (ne ilgiau "
              "kaip iki {until}) ir bus sunaikinti, jei prašymas nebus patvirtintas.",
        "lv": "Datu nodošanas pieprasījums {ref} par pieteikumiem {tickets} ir iesniegts datu aizsardzības "
              "speciālistam. Līdz lēmumam šajos pieteikumos augšupielādētie oriģināli tiek glabāti šifrēti "
              "(ne ilgāk kā līdz {until}) un tiks iznīcināti, ja pieprasījums netiks apstiprināts.",
        "ru": "Запрос на передачу данных {ref} по обращениям {tickets} направлен специалисту по защите данных. "
              "До решения оригиналы, загруженные в эти обращения, хранятся в зашифрованном виде (не дольше "
              "чем до {until}) и будут уничтожены, если запрос не будет одобрен."},
    "approved": {
        "en": "Data-transfer request {ref} has been approved by {dpo}. Originals uploaded to tickets {tickets} "
              "are kept encrypted until {until}; only the named consultants and the data protection officer "
              "may open them. The redacted copies still go to the tickets.",
        "lt": "Duomenų perdavimo prašymą {ref} patvirtino {dpo}. Į kreipinius {tickets} įkelti originalai "
              "saugomi užšifruoti iki {until}; juos gali atverti tik nurodyti konsultantai ir duomenų apsaugos "
              "pareigūnas. Į kreipinius ir toliau patenka tik redaguotos kopijos.",
        "lv": "Datu nodošanas pieprasījumu {ref} apstiprināja {dpo}. Pieteikumos {tickets} augšupielādētie "
              "oriģināli tiek glabāti šifrēti līdz {until}; tos drīkst atvērt tikai norādītie konsultanti un "
              "datu aizsardzības speciālists. Pieteikumos joprojām nonāk tikai rediģētās kopijas.",
        "ru": "Запрос на передачу данных {ref} одобрен: {dpo}. Оригиналы, загруженные в обращения {tickets}, "
              "хранятся в зашифрованном виде до {until}; открыть их могут только названные консультанты и "
              "специалист по защите данных. В обращения по-прежнему попадают только обезличенные копии."},
    "active": {
        "en": "Data-transfer request {ref} is now in force until {until}.",
        "lt": "Duomenų perdavimo prašymas {ref} dabar galioja iki {until}.",
        "lv": "Datu nodošanas pieprasījums {ref} tagad ir spēkā līdz {until}.",
        "ru": "Запрос на передачу данных {ref} вступил в силу и действует до {until}."},
    "rejected": {
        "en": "Data-transfer request {ref} has been rejected by the data protection officer.",
        "lt": "Duomenų apsaugos pareigūnas atmetė duomenų perdavimo prašymą {ref}.",
        "lv": "Datu aizsardzības speciālists noraidīja datu nodošanas pieprasījumu {ref}.",
        "ru": "Специалист по защите данных отклонил запрос на передачу данных {ref}."},
    "withdrawn": {
        "en": "Data-transfer request {ref} has been withdrawn by the client.",
        "lt": "Klientas atsiėmė duomenų perdavimo prašymą {ref}.",
        "lv": "Klients atsauca datu nodošanas pieprasījumu {ref}.",
        "ru": "Клиент отозвал запрос на передачу данных {ref}."},
    "revoked": {
        "en": "Data-transfer request {ref} has been revoked by the data protection officer.",
        "lt": "Duomenų apsaugos pareigūnas atšaukė duomenų perdavimo prašymą {ref}.",
        "lv": "Datu aizsardzības speciālists anulēja datu nodošanas pieprasījumu {ref}.",
        "ru": "Специалист по защите данных аннулировал запрос на передачу данных {ref}."},
    "expired": {
        "en": "Data-transfer request {ref} has expired.",
        "lt": "Duomenų perdavimo prašymo {ref} galiojimas baigėsi.",
        "lv": "Datu nodošanas pieprasījuma {ref} termiņš ir beidzies.",
        "ru": "Срок действия запроса на передачу данных {ref} истёк."},
    "fulfilled": {
        "en": "Data-transfer request {ref} has been marked fulfilled.",
        "lt": "Duomenų perdavimo prašymas {ref} pažymėtas kaip įvykdytas.",
        "lv": "Datu nodošanas pieprasījums {ref} atzīmēts kā izpildīts.",
        "ru": "Запрос на передачу данных {ref} отмечен как выполненный."},
    "dpa_ended": {
        "en": "Data-processing agreement {ref} has ended ({why}); originals kept under it are destroyed.",
        "lt": "Duomenų tvarkymo sutartis {ref} baigėsi ({why}); pagal ją saugoti originalai sunaikinti.",
        "lv": "Datu apstrādes līgums {ref} ir beidzies ({why}); saskaņā ar to glabātie oriģināli iznīcināti.",
        "ru": "Договор об обработке данных {ref} завершён ({why}); хранившиеся по нему оригиналы уничтожены."},
}


def t(key: str, lang: str | None, **kw: object) -> str:
    texts = T.get(key) or NOTICE.get(key) or {}
    text = texts.get(lang_of(lang)) or texts.get("en") or key
    return text.format(**kw) if kw else text


def state_label(state: str, lang: str | None) -> str:
    return STATE_LABELS.get(state, {}).get(lang_of(lang), state)


def action_label(action: str, lang: str | None) -> str:
    return ACTION_LABELS.get(action, {}).get(lang_of(lang), action)


def pick(table: dict[str, str], lang: str | None, **kw: object) -> str:
    return (table.get(lang_of(lang)) or table["en"]).format(**kw)

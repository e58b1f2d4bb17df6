"""Hand-written labelled text with invented names that are NOT in the gazetteers: chats, e-mails,
forms, tables, running text in lt / lv / ru / et / en, plus PII-free look-alikes (companies,
products, menus, months, cities, streets, sentence starts). Gold values are marked ``[[KIND:value]]``.

    python bench/handmade_text.py [--show]

Recall: a gold value counts as found when predicted spans of the same kind cover all its letters.
False positives: predicted spans touching no gold value (PII-free lines count here too).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

P = "PERSON"
DOCS = [
    # --- chats
    "[10:42] Klientas: sveiki, čia [[P:Gintaras Vėžys]] iš Panevėžio, neveikia spausdinimas\n"
    "[10:43] Operatorius: Laba diena, [[P:Gintarai]], patikrinsiu.\n"
    "[10:45] @[[P:Žydrūnas Kavaliauskas]] gal gali pažiūrėti?",
    "Labdien! Mani sauc [[P:Ingus Apsītis]], zvanu par rēķinu. Lūdzu pārsūtīt to [[P:Ingum Apsītim]].",
    "Здравствуйте, меня зовут [[P:Ефросинья Кондратьевна Белоусова]]. Вопрос от "
    "[[P:Белоусовой Ефросиньи]] по счёту 123. Мы говорили с [[P:Прохоровым]] и [[P:Шевчуком]] о заказе.",
    "Tere! Olen [[P:Tiiu Kõrvits]], mul on küsimus arve kohta. Tervitades,\n[[P:Tiiu Kõrvits]]",
    "Hi, this is [[P:Peregrine Thistlewood]] from accounts. "
    "Please ask Ms [[P:Ottoline Fairweather]] to sign.",
    # --- e-mails
    "Gerb. ponia [[P:Rūta Žvirblytė]],\nJūsų užsakymą pateikė [[P:Vaidotas Kriaučiūnas]]. "
    "Dokumentus perduokite [[P:Aurimui Kriaučiūnui]].\nPagarbiai,\n[[P:Dalia Sakalauskienė]]",
    "Cien. [[P:Valdis Krūmiņš]],\nRēķinu parakstīja [[P:Jānis Ozoliņš]] un [[P:Ilze Kalniņa]]. "
    "Sazinieties ar [[P:Kristapu Liepiņu]].\nAr cieņu,\n[[P:Edit Kovács]]",
    "Уважаемая [[P:Евдокия Игнатьевна]]!\nДоговор подписан [[P:Прохоровой Евдокией Игнатьевной]]. "
    "[[P:А. В. Смирнов]] подтвердил оплату, Г-н [[P:Курочкин]] не ответил.\nС уважением,\n"
    "[[P:Аркадий Прохоров]]",
    "Dear Mr [[P:Thaddeus Pembroke]],\nThe invoice was approved by [[P:Gwendolyn Ashworth]].\n"
    "Kind regards,\n[[P:Barnaby Quigley]]\nAmber Trade UAB",
    # --- forms
    "PIRKĖJAS: [[P:VAIDOTAS BUDREVIČIUS]]\nAsmens kodas: [[LT_PERSONAL_CODE:38703181745]]\n"
    "Adresas: [[ADDRESS:Ąžuolų g. 5, Kaunas]]\nTel.: [[PHONE_NUMBER:+370 (5) 212 3456]]",
    "ПОКУПАТЕЛЬ: [[P:БЕЛОУСОВА Е. К.]]\nДата рождения: [[DATE_OF_BIRTH:3 марта 1985 г.]]\n"
    "Тел.: [[PHONE_NUMBER:+7 495 123-45-67]], [[PHONE_NUMBER:8-800-555-35-35]]\n"
    "Адрес: [[ADDRESS:ул. Садовая, д. 5, кв. 3]]",
    "Vārds, uzvārds: [[P:Krišjānis Zvejnieks]]\nDzimis [[DATE_OF_BIRTH:1985. gada 3. martā]]\n"
    "E-pasts: [[EMAIL_ADDRESS:k.zvejnieks@mail.company.co.uk]]\n"
    "Konts: [[IBAN_CODE:DE89 3704 0044 0532 0130 00]]",
    "Nimi: [[P:Kaie Ilves]]\nSünniaeg: [[DATE_OF_BIRTH:3. märts 1985]]\nTel: [[PHONE_NUMBER:+372 5123 4567]]",
    "Name: [[P:Karl May]]\nDate of birth: [[DATE_OF_BIRTH:3 March 1985]]\n"
    "IBAN: [[IBAN_CODE:GB29 NWBK 6016 1331 9268 19]], [[IBAN_CODE:PL61 1090 1014 0000 0712 1981 2874]]",
    # --- tables
    "Vardas | Pavardė | Telefonas\n[[P:Rokas]] | [[P:Žvirblys]] | [[PHONE_NUMBER:+370 612 34567]]\n"
    "[[P:Austėja]] | [[P:Kairytė]] | [[PHONE_NUMBER:+370 698 76543]]",
    "Nr. | ФИО | Сумма\n1 | [[P:Прохоров А. В.]] | 120,00\n2 | [[P:Курочкина Е. И.]] | 80,00",
    "Name,Email,Amount\n[[P:Thaddeus Pembroke]],[[EMAIL_ADDRESS:tp@x.co.uk]],10\n"
    "[[P:Ottoline Fairweather]],[[EMAIL_ADDRESS:of@y.com]],20",
    "Eesnimi | Perekonnanimi | Isikukood\n[[P:Tõnis]] | [[P:Põldmäe]] | [[EE_PERSONAL_CODE:38501030215]]",
    "Фамилия;Имя;Отчество\n[[P:Заболоцкий]];[[P:Евстафий]];[[P:Гаврилович]]\n"
    "[[P:ЧЕРНЫШЁВА]];[[P:ЕВДОКИЯ]];[[P:ПАВЛОВНА]]",
    # --- running text, addresses without postal code
    "Vakar skambino [[P:Kęstutis Rimkevičius]] dėl sąskaitos. Susitikime dalyvavo [[P:Žvirblys Rokas]] "
    "ir [[P:Kairytė Austėja]]. Gyvenu [[ADDRESS:Ąžuolų gatvėje 5]].",
    "Живу на [[ADDRESS:проспекте Мира, дом 7]], офис на [[ADDRESS:улице Ленина 12]].",
    "Pan [[P:Jan Kowalczyk]] zadzwonił. Kundze [[P:Apsīte]] zvanīja. Ponia [[P:Budrevičienė]] paskambino.",
]
NEGATIVE = [
    "Sveiki. Nuo kovo 3 d. Apskaita360 versija 5.2 palaiko el. sąskaitas. Meniu Failas > Eksportas > Excel.",
    "Mūsų biuras Vilniuje, Gedimino prospekte, dirba pirmadieniais. Klaipėdos skyrius uždarytas.",
    "Ataskaitos Pardavimai ir Pirkimai rodo neteisingas sumas. Spauskite Išsaugoti ir Uždaryti.",
    "Labdien! Programmā Grāmatvedība Pro nestrādā Eksports uz Excel. Rīgas birojs strādā līdz piektdienai.",
    "Atvērt sadaļu Klienti, tad Rēķini un Maksājumi. Jūnijā atjaunināsim Datubāzi.",
    "Здравствуйте! В программе Бухгалтерия Предприятия не работает Выгрузка. Откройте Справочники.",
    "Офис в Калининграде переезжает. Вчера был в Ростове и Саратове. Склад в Пскове.",
    "Сбербанк Онлайн и Тинькофф Банк не принимают платёж. Служба Поддержки работает круглосуточно.",
    "Компания ООО «Белоусов и партнёры» сменила адрес. "
    "UAB Rimkevičius ir partneriai, SIA Ozoliņš Consulting.",
    "Tere! Programmis Raamatupidamine ei tööta Eksport. Avage Seaded ja siis Arved. Tartu Ülikool.",
    "Hello, the Invoice Manager module fails after the March update. Open Settings, then Tax Rates.",
    "Grace Period ends in April. Victoria Station, Charlotte Street, Florence Road.",
    "Apple Pay, Visa Electron, Master Card. Amber Trade, Baltic Logistics, Nordic Paper.",
    "Valsts ieņēmumu dienests, Latvijas Banka, Rīgas dome, Uzņēmumu reģistrs.",
    "Name;Qty;Price\nInk Cartridge;2;5,00\nPaper A4;1;3,50\nMouse Logitech;1;9,90",
    "Kind regards,\nSupport Team\nRiverside Analytics SIA",
    "Kovo 5 d. gatvė uždaryta. Līgums noslēgts 2024. gada 3. martā. Invoice 2026-03-24, total 1 234,50 EUR.",
]
MARK = re.compile(r"\[\[([A-Z_]+):(.*?)\]\]", re.S)


def parse(src: str) -> tuple[str, list[tuple[int, int, str]]]:
    out, gold, pos = "", [], 0
    for m in MARK.finditer(src):
        out += src[pos : m.start()]
        kind = P if m.group(1) == "P" else m.group(1)
        gold.append((len(out), len(out) + len(m.group(2)), kind))
        out += m.group(2)
        pos = m.end()
    return out + src[pos:], gold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    from redactor.analyzer import analyze

    tp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    for src in DOCS + NEGATIVE:
        text, gold = parse(src)
        spans = analyze(text)
        for s, e, kind in gold:
            ok = all(
                text[i].isspace() or any(p.start <= i < p.end and p.entity_type == kind for p in spans)
                for i in range(s, e)
            )
            (tp if ok else fn)[kind] += 1
            if args.show and not ok:
                print(f"  miss {kind:15s} {text[s:e]!r}")
        for p in spans:
            if not any(p.start < e and s < p.end for s, e, _ in gold):
                fp[p.entity_type] += 1
                if args.show:
                    print(f"  fp   {p.entity_type:15s} {text[p.start : p.end]!r}")
    print(f"{'entity':18s} {'gold':>5s} {'found':>6s} {'recall':>7s} {'fp':>4s}")
    for k in sorted(set(tp) | set(fn) | set(fp)):
        g = tp[k] + fn[k]
        print(f"{k:18s} {g:5d} {tp[k]:6d} {tp[k] / g if g else 1.0:7.3f} {fp[k]:4d}")
    g = sum(tp.values()) + sum(fn.values())
    print(f"{'ALL':18s} {g:5d} {sum(tp.values()):6d} {sum(tp.values()) / g:7.3f} {sum(fp.values()):4d}")


if __name__ == "__main__":
    main()

"""OCR confusions the recognizers repair by structure (issue 11): '@' read as '«' or as the digit
0 / 6 before a provider name, the '_' of a local part read as a space, IBAN letters and digits
swapped in positions the country's BBAN layout fixes (accepted only when mod-97 then holds), '{' for
'(' in a phone. Each positive has a look-alike negative that must stay untouched."""

from __future__ import annotations

from stdnum import iban

from redactor.analyzer import analyze


def found(text: str, entity: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == entity}


def make_iban(cc: str, bban: str) -> str:
    return cc + iban.calc_check_digits(cc + "00" + bban) + bban


LT = make_iban("LT", "7300010155555555")  # an invented Lithuanian IBAN (5!n11!n)
LV = make_iban("LV", "HABA0551015555555")  # an invented Latvian IBAN (4!a13!c)


def test_invented_ibans_are_valid() -> None:
    assert iban.is_valid(LT) and iban.is_valid(LV)
    assert "5" in LT[4:] and "5" in LV[8:]


def test_iban_letter_read_in_digit_positions() -> None:
    damaged = LT[:4] + LT[4:].replace("5", "S")
    assert damaged in found(f"Klientas\t{damaged}\tKaunas", "IBAN_CODE")
    damaged_lv = LV[:8] + LV[8:].replace("5", "S")  # bank code letters stay, 'c' part read as digits
    assert damaged_lv in found(f"Klients\t{damaged_lv}\tRīga", "IBAN_CODE")


def test_iban_repair_needs_the_checksum() -> None:
    wrong = LT[:-1] + ("1" if LT[-1] != "1" else "2")
    damaged = wrong[:4] + wrong[4:].replace("5", "S")
    assert not found(f"Klientas\t{damaged}\tKaunas", "IBAN_CODE")


def test_email_at_read_as_guillemet() -> None:
    assert "mart.kask«inbox.lv" in found("user=mart.kask«inbox.lv action=login", "EMAIL_ADDRESS")


def test_email_at_read_as_digit_before_provider() -> None:
    assert "liisuke0gmail.com" in found("Tervitades\nliisuke0gmail.com", "EMAIL_ADDRESS")
    assert "rein_tamm776inbox.lv" in found("3\trein_tamm776inbox.lv\tTallinn", "EMAIL_ADDRESS")


def test_digit_inside_a_web_domain_is_not_an_email() -> None:
    for host in ("studio6design.lt", "tele2one.lt", "ab0one.lt", "www.phone.lt"):
        assert not found(f"Apsilankykite {host} šiandien", "EMAIL_ADDRESS"), host


def test_email_local_part_underscore_read_as_space_in_a_cell() -> None:
    assert "rein tamm77@inbox.lv" in found("3\trein tamm77@inbox.lv\tTallinn", "EMAIL_ADDRESS")


def test_word_before_an_email_in_prose_is_not_joined() -> None:
    text = "Please write to tamm77@inbox.lv\nthanks"
    assert found(text, "EMAIL_ADDRESS") == {"tamm77@inbox.lv"}
    assert found("email tamm77@inbox.lv", "EMAIL_ADDRESS") == {"tamm77@inbox.lv"}


def test_phone_brace_read_for_parenthesis() -> None:
    assert "{8 5) 275 1234" in found("Tel. {8 5) 275 1234", "PHONE_NUMBER")  # the brace is covered too
    assert not found("Kodas {8 5) 27", "PHONE_NUMBER")


def test_eircode_with_o_for_zero_after_a_street() -> None:
    value = found("Address: 12 Harbour Road, Dublin DO4 K7W2", "ADDRESS")
    assert any(v.endswith("DO4 K7W2") for v in value)
    assert not found("Part DO4 K7W2 is in stock", "ADDRESS")


def test_log_key_read_with_cyrillic_look_alikes() -> None:
    assert "Мария Иванова" in found('12:01 INFO пате="Мария Иванова" id=7', "PERSON")
    assert not found('12:01 INFO пате="Кофемолка Бош" id=7', "PERSON")  # a product under the same key


def test_quoted_provider_subdomain_is_not_an_email() -> None:
    assert not found("Portalas «naujienos.delfi.lt» šiandien", "EMAIL_ADDRESS")


def test_address_read_in_cyrillic_look_alikes() -> None:
    # what Tesseract's rus model (in an lt/lv/auto language set) made of "mark.5@example.com"
    read = "тагК.5@ехатре.сот"
    assert read in found(f"Reply to {read} please", "EMAIL_ADDRESS")
    assert "аппа.6@ехатре.сот" in found("Atsakykite аппа.6@ехатре.сот", "EMAIL_ADDRESS")
    assert "почта@пример.рф" in found("Пишите: почта@пример.рф", "EMAIL_ADDRESS")  # a real Cyrillic one


def test_russian_words_are_not_read_as_addresses() -> None:
    text = "Пчёлы строят много сот. Версия 1.2 готова, сот.1 в разделе 3.4."
    assert not found(text, "EMAIL_ADDRESS")


def test_email_at_read_as_a_letter_after_the_local_part_digits() -> None:
    # '@' read as 'e', the '_' as a space and the provider's 'o' as '0': "jolanta_rak45@one.lt"
    assert "jolanta rak45e0ne.lt" in found("Pagarbiai,\nJolanta Rakauskienė\njolanta rak45e0ne.lt\n#3221",
                                           "EMAIL_ADDRESS")
    # no digit before the letter; two misreadings stacked ('@' as 6 and 'o' as 0)
    for host in ("studio6design.lt", "tele2one.lt", "rakeone.lt", "phone.lt", "studio60ne.lt"):
        assert not found(f"Apsilankykite {host} šiandien", "EMAIL_ADDRESS"), host


def test_email_in_a_display_forms_angle_brackets() -> None:
    text = "Jolanta Rakauskienė <jolanta rak1 Ginbox.lt>\nSent"
    assert "jolanta rak1 Ginbox.lt" in found(text, "EMAIL_ADDRESS")
    assert not found("Svetainė <www.delfi.lt>", "EMAIL_ADDRESS")
    assert not found("Rašykite <info.lt>", "EMAIL_ADDRESS")  # a bare link: no misreading inside


def test_email_last_dot_followed_by_a_space_near_an_email_word() -> None:
    text = "WARN user login ok email=daniella bar27Ģoutlook. com ip=192.159.101.182"
    assert "daniella bar27Ģoutlook. com" in found(text, "EMAIL_ADDRESS")
    assert not found("I prefer Outlook. Com is a domain.", "EMAIL_ADDRESS")


def test_email_label_glued_to_the_local_part() -> None:
    text = "INFO user login ok emailevladimir mars56@mail.ru ip=10.65.216.15"
    assert "vladimir mars56@mail.ru" in found(text, "EMAIL_ADDRESS")
    assert found("mailbox user12@mail.ru", "EMAIL_ADDRESS") == {"user12@mail.ru"}  # a word, no label


def test_email_in_an_email_column_whatever_ocr_made_of_the_at() -> None:
    text = ("Vārds\tE-pasts\tTālrunis\nArija\tarija kru96egmail.com\t+371 28982588\n"
            "Rihards\trihards rie708inbox.lv\t+371 25954522\n")
    assert {"arija kru96egmail.com", "rihards rie708inbox.lv"} <= found(text, "EMAIL_ADDRESS")
    # no e-mail label, but the column's other cells are clean addresses
    rows = ("Domas\tdbutkus@inbox.lt\tAlytus\nVytė\twyte_gag?7@inboxk\tAlytus\n"
            "Mindaugas\tkriviekas.metakas.lt\tUtena\nArijus\takalvaitis@gmail.com\tKaunas\n")
    assert {"wyte_gag?7@inboxk", "kriviekas.metakas.lt"} <= found(rows, "EMAIL_ADDRESS")


def test_web_domains_outside_an_email_column_stay() -> None:
    rows = "Įmonė\tSvetainė\tMiestas\nUAB Rūta\truta.lt\tKaunas\nUAB Medus\tmedus.takas.lt\tVilnius\n"
    assert not found(rows, "EMAIL_ADDRESS")
    assert not found("El. paštas: rašykite per delfi.lt šiandien", "EMAIL_ADDRESS")  # a sentence
    assert not found("Domas\tdbutkus@inbox.lt\tAlytus\nVytė\tgag?7@inboxk\tAlytus", "EMAIL_ADDRESS") - {
        "dbutkus@inbox.lt"}  # one clean address is no column


def test_email_field_with_the_dot_read_as_a_dash_and_a_quote() -> None:
    text = "El. paštas\tryte_urb40Ggmail —\t„com\nAdresas\tSodų g. 40C"
    assert "ryte_urb40Ggmail —\t„com" in found(text, "EMAIL_ADDRESS")
    assert not found("Pastaba\tryte_urb40Ggmail — „com", "EMAIL_ADDRESS")  # no e-mail field


def test_surname_with_a_digit_for_a_letter_after_a_first_name() -> None:
    # a scan's sidebar: OCR read the surname's 'õ' as '6', and the name occurs nowhere else
    for text in ("Klient: Natalia L6hmus\nE-post: klient@example.com\n", "Tere, Natalia L6hmus!\n"):
        names = found(text, "PERSON")
        assert "Natalia L6hmus" in names or {"Natalia", "L6hmus"} <= names, text


def test_code_after_a_first_name_is_not_a_surname() -> None:
    # a product code or a version after a name: its digits read as letters make no name word
    text = "Klient: Natalia X500\nTere, Tiit Sarapik M42!\n"
    assert not any("X500" in f or "M42" in f for f in found(text, "PERSON"))

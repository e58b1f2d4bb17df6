"""Detection read from structure: names echoed across recognizers, signatures in a cell, columns
that cut a cell the gap alone does not, and the shapes OCR leaves of phones, IBANs and dates.

Each case failed before the change it tests (issue 11: values read but not detected on our own
corpus). The names and numbers are made up here, not taken from any corpus or list.
"""

from __future__ import annotations

from redactor.analyzer import analyze
from redactor.ocr import Word
from redactor.textmap import TextMap


def _found(text: str, lang: str = "auto") -> dict[str, str]:
    return {text[s.start : s.end]: s.entity_type for s in analyze(text, lang)}


def test_name_of_form_cells_is_found_again_in_the_signature() -> None:
    # the form's labelled cells find "Lisanne" and "Kuldsepp"; the signature line repeats them
    text = ("Avaldus TCK-20411\nEesnimi\nLisanne\nPerekonnanimi\nKuldsepp\nIsikukood\n49001010006\n"
            "Märkused\nPalun helistada.\nLisanne Kuldsepp ____________ 12.05.2026")
    persons = [s for s in analyze(text, "et") if s.entity_type == "PERSON"]
    for word in ("Lisanne", "Kuldsepp"):
        assert any(s.start <= text.index(word) < s.end for s in persons), word  # the form cell
        k = text.rindex(word)
        assert any(s.start <= k < s.end for s in persons), f"{word} in the signature"


def test_signature_in_a_cell_beside_a_side_panel() -> None:
    # a reading pane and a side panel on the same text lines: the signature fills its cell only
    text = ("Tere!\nPalun muutke minu telefon.\tTelefon\nLugupidamisega,\tEttevõte\n"
            "Urmo Kaasik\tMedus OÜ\nOlek\nAvatud")
    found = _found(text, "et")
    assert found.get("Urmo Kaasik") == "PERSON", found
    assert "Ettevõte" not in found and "Olek" not in found and "Avatud" not in found


def test_one_word_status_cell_after_a_closing_is_no_signature() -> None:
    text = "Ar cieņu,\tStatuss\nInguna Kalēja\tAtvērts\nPaldies."
    found = _found(text, "lv")
    assert "Atvērts" not in found


def _row(cells: list[tuple[str, float]], line: int) -> list[Word]:
    """Words of one printed table row with exact glyph geometry (7 pt wide, 10 pt tall)."""
    out = []
    for text, x in cells:
        for tok in text.split(" "):
            y = line * 16.0
            chars = [(x + 7 * i, y, x + 7 * (i + 1), y + 10) for i in range(len(tok))]
            out.append(Word(tok, (x, y, x + 7 * len(tok), y + 10), (0, 0, line), 95.0, chars))
            x += 7 * len(tok) + 3  # a word space of 0.3 line heights
    return out


def test_column_start_cuts_a_cell_the_gap_alone_does_not() -> None:
    # the IBAN column is just wide enough for a spaced IBAN: 5 pt (half a line) before the city
    iban_x, city_x = 100.0, 100.0 + 5 * 28 + 4 * 3 + 5  # 5 groups of 4 glyphs, 4 spaces, 5 pt
    rows = [[("Vardas", 0), ("IBAN", iban_x), ("Miestas", city_x)]]
    rows += [[("Rūta Kairė", 0), ("LT601010012345678901", iban_x), ("Alytus", city_x)],
             [("Jonas Butkus", 0), ("LT347044064359428097", iban_x), ("Kaunas", city_x)],
             [("Ona Kazlaitė", 0), ("LT807300060047449801", iban_x), ("Utena", city_x)],
             [("Eglė Žukaitė", 0), ("LT57 7044 0109 0576 2910", iban_x), ("Marijampolė", city_x)]]
    words = [w for i, cells in enumerate(rows) for w in _row(cells, i)]
    tm = TextMap([words])
    assert "2910\tMarijampolė" in tm.text, tm.text
    found = {tm.text[s.start : s.end]: s.entity_type for s in analyze(tm.text, "lt")}
    assert found.get("Marijampolė") == "ADDRESS", found
    assert found.get("LT57 7044 0109 0576 2910") == "IBAN_CODE"


def test_prose_words_that_happen_to_align_are_not_cut() -> None:
    lines = ["Sveiki, mano sąskaitos numeris pasikeitė nuo pirmadienio", "ir prašau atnaujinti duomenis",
             "sistemoje kuo greičiau, nes mokėjimai", "vėluoja jau antrą savaitę iš eilės"]
    words = []
    for i, line in enumerate(lines):
        x = 0.0
        for tok in line.split():
            words.append(Word(tok, (x, i * 16.0, x + 7 * len(tok), i * 16.0 + 10), (0, 0, i), 90.0))
            x += 7 * len(tok) + 3.5  # OCR boxes: no glyph geometry
    assert "\t" not in TextMap([words]).text


def test_phone_with_bracketed_country_code_is_covered_from_the_bracket() -> None:
    text = "Tālrunis\t(+371) 2355 0568\nE-pasts"
    found = _found(text, "lv")
    assert found.get("(+371) 2355 0568") == "PHONE_NUMBER", found


def test_bracketed_area_code_read_with_a_brace_is_a_phone() -> None:
    # an unallocated block (phonenumbers: possible, not valid) in a table row, no context word
    text = "Rūta Kairė\t{8 5) 475 1188\tLT12"
    found = _found(text, "lt")
    assert found.get("{8 5) 475 1188") == "PHONE_NUMBER", found
    assert "2026" not in str(_found("Sąskaita (2026) 475 1188", "lt"))


def test_iban_with_one_misread_digit() -> None:
    good = "LT49 4010 0492 0492 0036"
    misread = "LT49 4010 0192 0492 0036"  # '4' read as '1': the checksum fails
    assert _found(f"Pervedė iš {misread} vakar", "lt").get(misread) == "IBAN_CODE"
    assert _found(f"Pervedė iš {good} vakar", "lt").get(good) == "IBAN_CODE"
    assert "IBAN_CODE" not in _found("Užsakymas LT49 4010", "lt").values()


def test_birth_alone_introduces_a_date_of_birth() -> None:
    text = "my order has not arrived, date of\nJohn Smith\tbirth 07 Apr 1994.\nKind regards"
    assert _found(text, "en").get("07 Apr 1994") == "DATE_OF_BIRTH"


def test_mail_address_whose_underscore_ocr_read_as_a_space() -> None:
    # a log's key=value and a table cell: the word before the space belongs to the address
    log = "2026-01-09 INFO user login ok email=dainius rim41@one.lt ip=10.2.3.4"
    assert _found(log, "lt").get("dainius rim41@one.lt") == "EMAIL_ADDRESS"
    # '@' read as '6' before a mail provider's name, in a cell of its own
    cell = "Rūta Kairė\tdaiva kai776takas.lt\tLT12"
    assert _found(cell, "lt").get("daiva kai776takas.lt") == "EMAIL_ADDRESS"
    prose = "rašykite man dainius@one.lt rytoj"  # a word of the sentence is not part of it
    assert _found(prose, "lt").get("dainius@one.lt") == "EMAIL_ADDRESS"


def test_writer_of_a_chat_message_heads_it_with_a_time() -> None:
    text = "Airat Kask - 12:34\nIsikukood: 35701035230\nMirtel Pukk · 09:33\nE-post m@hot.ee"
    found = _found(text, "et")
    assert found.get("Mirtel Pukk") == "PERSON", found
    assert not [k for k, v in _found("Open Tickets 12:30\nSales Team - 09:00", "en").items()
                if v == "PERSON"]


def test_mail_address_whose_last_dot_ocr_lost() -> None:
    text = "Rūta Kairė\tadams_bal36@gmailcom\tLT12"
    assert _found(text, "lv").get("adams_bal36@gmailcom") == "EMAIL_ADDRESS"
    assert not _found("see @gmailcom and user@online", "en")


def test_iban_whose_country_code_ocr_read_as_digits() -> None:
    # "LT" read as "11": the checksum with the code put back holds
    text = "Sąskaita\t1189 2140 0755 1044 7278\nPastabos"
    assert _found(text, "lt").get("1189 2140 0755 1044 7278") == "IBAN_CODE"
    assert "IBAN_CODE" not in _found("Nr 1100 0000 0000 0000 0000", "lt").values()


def test_ni_number_whose_suffix_ocr_read_in_cyrillic() -> None:
    assert _found("NI number\tRW 77 51 12 В\n", "en").get("RW 77 51 12 В") == "ID_DOCUMENT"


def test_birth_date_in_a_card_whose_label_ocr_could_not_read() -> None:
    text = "SURNAME\nJenkins\nPASSPORT\nKP6513359\nров\n26/01/1959\nNOTES\nCall back 14/10/2026"
    found = _found(text, "en")
    assert found.get("26/01/1959") == "DATE_OF_BIRTH", found
    assert "14/10/2026" not in found  # the document's own (recent) date stays


def test_context_word_with_an_accent_ocr_swapped() -> None:
    text = "Telefon 5511970, sūnniaeg 10.03.1988. Aitäh"
    assert _found(text, "et").get("10.03.1988") == "DATE_OF_BIRTH"
    # every accent lost ('dzimšanas' read 'dzimSanas', a phone screenshot of seed 19): the words
    # are folded too, even when the text holds no accent at all
    text = "Talrunis 6796 3036, dzimSanas datums 02.02.1967 as"
    assert _found(text, "lv").get("02.02.1967") == "DATE_OF_BIRTH"


def test_quoted_log_fields_are_typed_by_their_key() -> None:
    """addr="…" in a log: the key (a field label, or its machine abbreviation) says what the value is."""
    line = 'WARN crm.sync id=4471 addr="Riešės k., Vilniaus r. sav." status="Open Case"'
    assert _found(line, "lt") == {"Riešės k., Vilniaus r. sav.": "ADDRESS"}


def test_a_bare_name_key_is_a_person_in_a_record_with_personal_fields() -> None:
    assert _found('INFO name="Woody Cowling" email=w.c@example.com', "en").get("Woody Cowling") == "PERSON"
    assert "PERSON" not in _found('INFO product name="Blue Widget" sku=AB-12', "en").values()


def test_russian_house_number_with_a_latin_look_alike_letter() -> None:
    v = "236022, г. Калининград, наб. Октябрьская, д. 4B, кв. 135"
    assert _found(f'addr="{v}"', "ru").get(v) == "ADDRESS"


def test_a_labelled_iban_with_a_misread_digit_is_still_an_iban() -> None:
    """Under an IBAN key or label the country's structure decides, not the check digits (two
    digits of a downscaled log misread); an unlabelled one still needs its checksum."""
    bad = "LT622140036124132646"  # LT62 2140 0361 2413 2040 with two zeros read as sixes
    assert _found(f"INFO pay iban={bad} amount=12.50", "lt").get(bad) == "IBAN_CODE"
    assert _found(f"IBAN\t{bad}", "lt").get(bad) == "IBAN_CODE"
    assert bad not in _found(f"Order {bad} shipped", "lt")


def test_a_name_whose_last_word_ocr_split_is_joined_again() -> None:
    got = _found("Beth Jenki ns\nCustomer since 2021\nJenkins", "en")
    assert got.get("Beth Jenki ns") == "PERSON"
    assert "Customer since" not in " ".join(got)


def test_a_split_last_word_that_lost_a_glyph_at_the_split_is_joined_again() -> None:
    """A header "Paulīna Zvaigznniece" read "Paulina Zvai znniece" (the 'g' whose descender touched
    the chip below lost): the pieces are the card's "Zvaigznniece" but for one letter."""
    got = _found("Paulina Zvai znniece\nVIP klients\nUzvārds\tZvaigznniece", "lv")
    assert got.get("Paulina Zvai znniece") == "PERSON"
    assert "VIP klients" not in " ".join(got)
    assert "Paulina Zvai kolekcija" not in _found("Paulina Zvai kolekcija\nUzvārds\tZvaigznniece", "lv")


def test_an_iban_whose_country_l_ocr_read_as_a_bracket_is_found_by_its_checksum() -> None:
    assert _found("Sąskaita [127 4010 0878 5030 3305", "lt").get("[127 4010 0878 5030 3305") == "IBAN_CODE"
    assert "[127 4010 0878 5030 3306" not in _found("Sąskaita [127 4010 0878 5030 3306", "lt")


def test_a_log_phone_in_groups_is_typed_by_its_key() -> None:
    """phone=(620) 1081 2003: a digit OCR misread makes the area code unknown; the key says phone."""
    line = "INFO crm.sync user=4471 phone=(620) 1081 2003 status=ok"
    assert _found(line, "en") == {"(620) 1081 2003": "PHONE_NUMBER"}
    assert not _found("WARN id=1234 5678 total=12 50", "en")


def test_a_code_after_a_name_is_not_its_surname() -> None:
    """A found first name carried through the document does not take the letters of a code after
    it ("Lidija INV-2026-88437": 'INV' is no surname)."""
    text = "Lidija Sniedzule : 08:44\nLidija INV-2026-88437\n"
    assert "Lidija INV" not in _found(text, "lv")


def test_a_totals_row_under_a_first_name_column_is_no_name() -> None:
    """"Išviso 24 802,70 €" (OCR glued 'Iš viso', the grid's totals row) under the 'Vardas' column:
    a number is no rule glyph, so the cell is not cut down to a lone 'name'."""
    from redactor.recognizers.layout_field import name_pieces

    assert name_pieces("Išviso 24 802,70 €") == []
    assert name_pieces("Kundziņa _ [070188-11998") == [(0, 8)]  # a rule glyph still cuts


def test_a_name_whose_capital_i_ocr_read_as_a_lower_case_l() -> None:
    # the greeting names "Inese"; the comment header under it reads her "lnese" (I and l alike)
    text = ("Labdien, Inese.\nLūdzu nomainīt tālruni.\nAr cieņu,\nSIA Birojs\n"
            "lnese Ozoliņa 18.01.2026.\nStatuss\nAtvērts")
    persons = [text[s.start : s.end] for s in analyze(text, "lv") if s.entity_type == "PERSON"]
    assert any("lnese" in p for p in persons), persons


def test_a_name_key_whose_m_ocr_read_as_cyrillic_pe() -> None:
    # a log line of a Russian page: "name=" read with the Russian model as "папе="
    text = '8 2026-02-26 01:45:07 DEBUG update customer id=866958 папе="Зорбек Хайдаров" phone=89808113539'
    found = _found(text, "ru")
    assert found.get("Зорбек Хайдаров") == "PERSON", found


def test_display_form_address_whose_at_ocr_read_as_a_letter() -> None:
    text = "#60857\tRūta Kairytė <ruta.kairyteeinbox.lt>\nSent\t2026.02.06"
    assert _found(text, "lt").get("ruta.kairyteeinbox.lt") == "EMAIL_ADDRESS"
    # a bare site in brackets after a word is a link, not an address
    assert "delfi.lt" not in _found("Daugiau žinių <delfi.lt>", "lt")


def test_first_name_and_surname_ocr_read_as_one_word() -> None:
    text = "#44166\tIlzeKalniņa\t13.04.2026.\tAtvērts\nTCK-12757\tPayPal\t17.09.2026\tAtvērts"
    found = _found(text, "lv")
    assert found.get("IlzeKalniņa") == "PERSON", found
    assert "PayPal" not in found


def test_row_number_gutter_of_a_level_sheet_is_a_cell_of_its_own() -> None:
    # OCR of a level photo or scan of a spreadsheet reads each row whole, its row number first,
    # one line height before the first-name cell: the first names must still be a column
    def ocr_row(cells: list[tuple[str, float]], i: int) -> list[Word]:
        out = []
        for text, x in cells:
            for tok in text.split(" "):
                out.append(Word(tok, (x, i * 20.0, x + 7 * len(tok), i * 20.0 + 11), (0, 0, i), 92.0))
                x += 7 * len(tok) + 3.5
        return out

    rows = [("1", "Vārds", "Uzvārds", "Pilsēta"), ("2", "Dace", "Kalniņa", "Cēsis"),
            ("3", "Māris", "Ozoliņš", "Tukums"), ("4", "Ilze", "Liepiņa", "Talsi"),
            ("5", "Gatis", "Bērziņš", "Bauska")]
    words = [w for i, r in enumerate(rows) for w in ocr_row(list(zip(r, [4.0, 22.0, 90.0, 170.0],
                                                                          strict=True)), i)]
    tm = TextMap([words])
    assert "2\tDace" in tm.text, tm.text
    found = {tm.text[s.start : s.end]: s.entity_type for s in analyze(tm.text, "lv")}
    for first in ("Dace", "Māris", "Ilze", "Gatis"):
        assert found.get(first) == "PERSON", (first, found)

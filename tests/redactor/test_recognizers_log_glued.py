"""Log records whose key=value separator or digits OCR damaged (issue 11, monospace log viewers):
the '=' read as a letter glues the value to its key ("ibanaLT…", "codes…"), read as '-' it looks
like a hyphenated number ("code-4…"); in a SNILS an 8 read as 'B' and a 5 as 'S'; a stray comma
in a card's 4-4-4-4 grouping; an IP's dot read as a comma, an IBAN's last 0 as '@', a digit of a
code's date read as its look-alike under a snake-case key ("personal_code="). Each is taken only
when the value's checksum (or the IP's shape) holds; the look-alike negatives stay untouched."""

from __future__ import annotations

from stdnum import iban, luhn
from stdnum.lt import asmens

from redactor.analyzer import analyze
from redactor.recognizers.ru_snils import snils_valid


def found(text: str, entity: str) -> set[str]:
    return {text[s.start : s.end] for s in analyze(text) if s.entity_type == entity}


def make_iban(cc: str, bban: str) -> str:
    return cc + iban.calc_check_digits(cc + "00" + bban) + bban


def make_snils(body: str) -> str:
    total = sum(int(c) * (9 - i) for i, c in enumerate(body)) % 101
    return body + f"{0 if total == 100 else total:02d}"


LT_IBAN = make_iban("LT", "7300010123456789")  # invented
LV_IBAN = make_iban("LV", "HABA0551012345678")  # invented
# an invented LT personal code (born 1985-03-15)
CODE = next(c for c in (f"3850315123{d}" for d in range(10)) if asmens.is_valid(c))
SNILS = make_snils("385185558")  # invented, with 8s and 5s for OCR to misread


def spaced(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def test_invented_values_are_valid() -> None:
    assert iban.is_valid(LT_IBAN) and iban.is_valid(LV_IBAN) and asmens.is_valid(CODE)
    assert snils_valid(SNILS)


def test_iban_glued_to_its_key_by_a_misread_equals_sign() -> None:
    assert found(f"ts=12:01:07 level=INFO ibana{LT_IBAN} ok", "IBAN_CODE") == {LT_IBAN}
    assert found(f"ibans{spaced(LV_IBAN)} amount=12.50", "IBAN_CODE") == {spaced(LV_IBAN)}
    # a wrong checksum glued to a word is not an IBAN (no one-digit repair there)
    bad = LT_IBAN[:-1] + str((int(LT_IBAN[-1]) + 1) % 10)
    assert found(f"ibana{bad}", "IBAN_CODE") == set()
    assert found(f"x{LT_IBAN}y", "IBAN_CODE") == set()


def test_lt_code_after_a_key_and_a_hyphen() -> None:
    assert found(f"user=42 code-{CODE} status=ok", "LT_PERSONAL_CODE") == {CODE}
    # after a digit and a hyphen it is part of a longer number
    assert found(f"ref 2026-{CODE}", "LT_PERSONAL_CODE") == set()


def test_snils_with_lookalike_letters_or_glued_to_its_key() -> None:
    s = f"{SNILS[:3]}-{SNILS[3:6]}-{SNILS[6:9]} {SNILS[9:]}"
    damaged = s.replace("8", "B", 1).replace("5", "S", 1)
    assert found(f"level=WARN code={damaged} done", "RU_SNILS") == {damaged}
    assert found(f"level=WARN codes{s} done", "RU_SNILS") == {s}
    wrong = s[:-1] + str((int(s[-1]) + 1) % 10)
    assert found(f"code={wrong.replace('8', 'B')}", "RU_SNILS") == set()
    assert found(f"codes{wrong}", "RU_SNILS") == set()


def test_card_with_a_stray_comma_in_its_grouping() -> None:
    body = "453201511283036"  # invented
    card = body + next(d for d in "0123456789" if luhn.is_valid(body + d))
    g = [card[i : i + 4] for i in range(0, 16, 4)]
    text = f"{g[0]}, {g[1]} {g[2]} {g[3]}"
    assert found(f"level=INFO card={text} ok", "CREDIT_CARD") == {text}
    assert found(f"card={g[0]}. {g[1]} {g[2]} {g[3]}", "CREDIT_CARD") == {f"{g[0]}. {g[1]} {g[2]} {g[3]}"}
    # two marks, or a wrong Luhn digit: a list of numbers, not a card
    assert found(f"card={g[0]}, {g[1]}, {g[2]} {g[3]}", "CREDIT_CARD") == set()
    wrong = f"{g[0]}, {g[1]} {g[2]} {g[3][:3]}{(int(g[3][3]) + 1) % 10}"
    assert found(wrong, "CREDIT_CARD") == set()


def test_ip_with_one_dot_read_as_a_comma() -> None:
    assert found("user login ok 1p=172.132,38.56 status=ok", "IP_ADDRESS") == {"172.132,38.56"}
    assert found("hosts 10.1.2.3,10.1.2.4 up", "IP_ADDRESS") == {"10.1.2.3", "10.1.2.4"}
    # the last separator a comma is money ("12.100.200,50"); two commas, a list of numbers
    assert found("total 12.100.200,50 EUR", "IP_ADDRESS") == set()
    assert found("values 1,2,3.4 ok", "IP_ADDRESS") == set()


def test_iban_whose_last_zero_was_read_as_an_at_sign() -> None:
    zero_end = make_iban("LT", "7300010123456780")  # invented, ends in a 0 after the check
    assert zero_end.endswith("0") and iban.is_valid(zero_end)
    damaged = spaced(zero_end)[:-1] + "@"
    assert found(f"sepa export iban={damaged} amount=12.50", "IBAN_CODE") == {damaged}
    wrong = spaced(zero_end)[:-2] + "1@"  # one more digit wrong: the checksum says no
    assert found(f"sepa export iban={wrong} amount=12.50", "IBAN_CODE") == set()


def test_code_with_a_misread_date_digit_under_a_snake_case_key() -> None:
    # "3 85 03 15 …" with the 0 of its month read as a 6: no date, no checksum; one look-alike
    # swap repairs it, which the key "personal_code" (a label in snake case) makes enough
    damaged = CODE[:3] + "6" + CODE[4:]
    assert not asmens.is_valid(damaged)
    assert found(f"kyc check personal_code={damaged} result=OK", "LT_PERSONAL_CODE") == {damaged}
    assert found(f"kyc check personal code={damaged} result=OK", "LT_PERSONAL_CODE") == {damaged}
    # without a code label it is just a number
    assert found(f"order {damaged} shipped", "LT_PERSONAL_CODE") == set()

"""Issue 13, case 7 at the library level: ``redact_filename`` replaces personal data in a file name."""

from __future__ import annotations

from redactor import redact_filename


def test_all_personal_name_becomes_neutral() -> None:
    assert redact_filename("Jonas Petraitis 38703181745 jonas.petraitis@gmail.com.png", "lt",
                           index=3) == "attachment-3.png"


def test_placeholders_keep_ordinary_words() -> None:
    assert redact_filename("ekrano-kopija-38703181745.png", "lt") == "ekrano-kopija-[asmens kodas].png"
    out = redact_filename("skenas_jonas.petraitis@gmail.com_sutartis.pdf", "lt")
    assert out == "skenas_[el pastas]_sutartis.pdf"


def test_ordinary_names_unchanged() -> None:
    for name in ("invoice_HD-2026-0042.pdf", "report.pdf", "Screenshot 2026-01-12 at 10.22.31.png"):
        assert redact_filename(name, "en") == name


def test_long_numbers_and_paths() -> None:
    name = "C:\\Users\\x\\scan 123456789012 of contract.pdf"
    assert redact_filename(name, "en") == "scan [nr] of contract.pdf"
    assert redact_filename("", "en", index=2) == "attachment-2.bin"

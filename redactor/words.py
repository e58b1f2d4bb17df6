"""One OCR word and the structural repairs of its text.

:class:`Word` is what every OCR pass and every PDF text layer hands to the analyzer: text, box in
the source raster's (or page's) coordinates, the line it belongs to, Tesseract's confidence.
:func:`fix_word` undoes OCR confusions by the *shape* of the token, not by lists of look-alikes:
'@' read as a capital or a symbol between a local part and a domain, 'l' read as 'I' in a top-level
domain, letters that look like digits inside digit runs, IBAN check digits read as 'O'. Pure
functions; a word that matches no rule is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redactor.types import Box


@dataclass(slots=True)
class Word:
    """One recognised word; ``line`` groups words of one text line (reading order)."""

    text: str
    box: Box
    line: tuple[int, ...] = ()
    conf: float = 0.0
    chars: list[Box] | None = field(default=None)  # per-character boxes when known (PDF text)
    unreadable: bool = False  # text-like ink read below the confidence floor, shaped like a value


# '@' misread is one or two glyphs that no e-mail address has there: a capital or a symbol ("G",
# "E", "Ģ", "©", "(d") right after a lower-case local part and before a domain with a top-level
# domain; the shape of the token, not a list of look-alikes, decides.
_AT_RE = re.compile(r"^([a-z0-9._%+-]*[a-z0-9])(?:\([A-Za-z]?|[A-ZĀČĒĢĪĶĻŅŠŪŽĄĘĖĮŲģ©®&%$#€][A-Z0-9]?)"
                    r"(?=[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-zA-Z]{2,}\b)")
# ... and a lower-case "l" in a top-level domain as "I" (".It", ".Iv").
_TLD_RE = re.compile(r"(?<=\.)I(?=[tvu]\b)")
# In a run of digits, letters that look like digits are digits ("38805I21OO8", IBAN "LTO7...").
_RUN_RE = re.compile(r"[0-9OoОоIl|]{3,}")
# IBAN check digits are digits: "LTO7" -> "LT07".
_IBAN_HEAD_RE = re.compile(r"^([A-Z]{2})(O\d|\dO|OO)(?=[0-9A-Z]*$)")
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "О": "0", "о": "0", "I": "1", "l": "1", "|": "1"})


def _digit_run(m: re.Match[str]) -> str:
    run = m.group()
    digits = sum(c.isdigit() for c in run)
    return run.translate(_AS_DIGIT) if digits >= 2 and digits >= 0.6 * len(run) else run


def fix_word(text: str) -> str:
    """Undo OCR confusions that break e-mail addresses, IBANs and digit runs; other words stay."""
    if text[:2].isupper() and "O" in text[2:4]:
        text = _IBAN_HEAD_RE.sub(lambda m: m.group(1) + m.group(2).replace("O", "0"), text)
    head = text[:2] if text[:2].isalpha() and text[:2].isupper() else ""  # IBAN country code
    text = head + _RUN_RE.sub(_digit_run, text[len(head):])
    if "@" not in text and "." in text:
        lead = len(text) - len(text.lstrip("\"'“”„«(<[*|`"))  # punctuation OCR read before the value
        text = text[:lead] + _AT_RE.sub(r"\1@", text[lead:], count=1)
    if "@" in text:
        local, _, tail = text.partition("@")
        text = local + "@" + _TLD_RE.sub("l", tail)
    return text

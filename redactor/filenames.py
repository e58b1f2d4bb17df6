"""File names are data: personal data in an uploaded file's name is replaced by placeholders.

``redact_filename("Jonas Petraitis 38703181745.png")`` runs the same analyzer as the documents on
the name, read as is, with ``_``/``+`` as spaces (``jonas_petraitis`` is two words) and, for identity
codes only, with ``-`` as spaces too; it returns a name where every detected value is a ``[label]``
placeholder in the name's language
(``ekrano-kopija-[asmens kodas].png``); any run of 8 or more digits is a ``[nr]`` too (a code whose
checksum fails is still nobody's business in a file name). When little but placeholders is left
the result is a neutral ``attachment-N.ext``.

It fails closed: if detection raises, the neutral name is returned, never the original.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from redactor import analyzer, langid

log = logging.getLogger(__name__)

_LABELS: dict[str, dict[str, str]] = {
    "lt": {"PERSON": "vardas", "EMAIL_ADDRESS": "el pastas", "PHONE_NUMBER": "telefonas",
           "ADDRESS": "adresas", "IBAN_CODE": "saskaita", "DATE_OF_BIRTH": "gimimo data",
           "CODE": "asmens kodas", "OTHER": "duomenys"},
    "lv": {"PERSON": "vards", "EMAIL_ADDRESS": "e-pasts", "PHONE_NUMBER": "talrunis",
           "ADDRESS": "adrese", "IBAN_CODE": "konts", "DATE_OF_BIRTH": "dzimsanas datums",
           "CODE": "personas kods", "OTHER": "dati"},
    "ru": {"PERSON": "imya", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "telefon", "ADDRESS": "adres",
           "IBAN_CODE": "schet", "DATE_OF_BIRTH": "data rozhdeniya", "CODE": "nomer", "OTHER": "dannye"},
    "en": {"PERSON": "name", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "ADDRESS": "address",
           "IBAN_CODE": "account", "DATE_OF_BIRTH": "date of birth", "CODE": "personal code",
           "OTHER": "data"},
}
_CODES = {"LT_PERSONAL_CODE", "LV_PERSONAL_CODE", "EE_PERSONAL_CODE", "RU_INN", "RU_SNILS",
          "RU_PASSPORT", "ID_DOCUMENT", "CREDIT_CARD"}
_LONG_NUMBER = re.compile(r"\d{8,}")
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_EXT = re.compile(r"\.([A-Za-z0-9]{1,5})$")
MIN_LEFT = 3  # fewer letters/digits than this outside placeholders: the neutral name


def _label(entity: str, lang: str) -> str:
    labels = _LABELS.get(lang, _LABELS["en"])
    if entity in _CODES:
        return labels["CODE"]
    return labels.get(entity, labels["OTHER"])


def redact_filename(name: str, lang: str = "auto", *, index: int = 1) -> str:
    """``name`` with personal data replaced by placeholders (extension kept), or ``attachment-N.ext``."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    m = _EXT.search(name)
    ext = m.group(1).lower() if m else "bin"
    stem = name[: m.start()] if m else name
    neutral = f"attachment-{max(1, index)}.{ext}"
    if not stem.strip():
        return neutral
    try:
        spaced = re.sub(r"[_+]", " ", stem)  # same length: offsets agree between the two readings
        if lang not in _LABELS:
            lang = langid.detect(spaced, default="en")
        dashed = re.sub(r"[_+\-]", " ", stem)  # "kopija-38703181745": the code as a word of its own
        spans = [s for text in {stem, spaced} for s in analyzer.analyze(text, lang)]
        spans += [s for s in analyzer.analyze(dashed, lang) if s.entity_type in _CODES]
    except Exception as exc:  # noqa: BLE001 - fail closed: the neutral name, never the original
        log.warning("file name detection failed: %s", type(exc).__name__)
        return neutral
    marks = [(s.start, s.end, _label(s.entity_type, lang)) for s in spans]
    marks += [(x.start(), x.end(), "nr") for x in _LONG_NUMBER.finditer(stem)]
    out, pos = [], 0
    for start, end, label in sorted(marks, key=lambda t: (t[0], -t[1], t[2] == "nr")):
        if end <= pos:
            continue
        if start >= pos:
            out.append(stem[pos:start])
            out.append(f"[{label}]")
        pos = max(pos, end)
    out.append(stem[pos:])
    result = "".join(out)
    left = _PLACEHOLDER.sub("", result)
    if sum(ch.isalnum() for ch in left) < MIN_LEFT:
        return neutral
    return f"{result}.{ext}"

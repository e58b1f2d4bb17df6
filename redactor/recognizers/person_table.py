"""Person names in table columns: a header cell "Vardas" / "Pavardė" / "ФИО" / "Vārds" / "Name"
makes the cells below it names, whatever the names are (no gazetteer needed).

Tables come as text with cells separated by ``|``, tabs, ``;``, ``,`` (CSV) or runs of 2+ spaces
(OCR of a grid). The column ends at a blank line or a row that is not split the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.layout import label_kind
from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import is_blocked, ru_surname, strong_surname

# header cells that only ever head person names
STRICT = frozenset(
    """
    vardas|pavardė|vardas, pavardė|vardas pavardė|pavardė, vardas|pavardė vardas|vardas ir pavardė|
    klientas|klientė|pirkėjas|gavėjas|darbuotojas|atsakingas|kontaktinis asmuo|vadovas|
    vārds|uzvārds|vārds, uzvārds|vārds uzvārds|uzvārds, vārds|klients|darbinieks|saņēmējs|
    atbildīgais|kontaktpersona|
    eesnimi|perekonnanimi|ees- ja perekonnanimi|klient|töötaja|kontaktisik|vastutaja|
    full name|first name|last name|surname|given name|first names|family name|customer name|
    client name|contact person|employee|cardholder|account holder|holder|
    фио|ф.и.о.|ф. и. о.|имя|фамилия|отчество|фамилия, имя|фамилия имя отчество|клиент|сотрудник|
    получатель|покупатель|ответственный|контактное лицо|владелец
    """.replace("\n", "").split("|")
) - {""}
STRICT = frozenset(h.strip() for h in STRICT)
# header cells that may also head products or companies: cells must look like a person
LOOSE = frozenset(["name", "nimi", "customer", "client", "contact", "user", "names", "пользователь"])
HEADER = re.compile(
    r"(?:^|[|\t;,]|\s{2})\s*(?:"
    + "|".join(re.escape(h) for h in sorted(STRICT | LOOSE, key=len, reverse=True))
    + r")\s*:?\s*(?:$|[|\t;,]|\s{2})",
    re.MULTILINE,
)
SEPARATORS = ("|", "\t", ";", ",")
# a contact column next to a "Name" column: the table lists people
CONTACT = re.compile(
    r"e-?mail|e-?pasts|el\. ?pa|e-post|почта|phone|tel|тел|mob|address|adres|адрес|"
    r"personal code|asmens kod|personas kod|isikukood|dob|birth|gimimo|dzimšanas|рождения"
)
CELL_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
COMPANY = re.compile(r"\b(?:UAB|SIA|AS|OÜ|ООО|ОАО|ЗАО|АО|ИП|MB|IĮ|VšĮ|AB|Ltd|LLC|GmbH|Inc|Plc|Oy)\b|[„\"«“]")


def _cells(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each stripped cell of ``line`` split at ``sep`` ('  ' = runs of spaces)."""
    out = []
    parts = re.split(r"\s{2,}", line) if sep == "  " else None
    if parts is None:
        pos = 0
        for part in line.split(sep):
            out.append((pos, pos + len(part)))
            pos += len(part) + len(sep)
    else:
        for m in re.finditer(r"\S(?:.*?\S)?(?=\s{2,}|$)", line):
            out.append((m.start(), m.end()))
    res = []
    for s, e in out:
        seg = line[s:e]
        s2 = s + len(seg) - len(seg.lstrip())
        e2 = e - (len(seg) - len(seg.rstrip()))
        res.append((s2, max(s2, e2)))
    return res


def _separator(line: str) -> str | None:
    for sep in SEPARATORS:
        if line.count(sep) >= 1 and (sep != "," or line.count(",") >= 2):
            return sep
    return "  " if re.search(r"\S\s{2,}\S", line) else None


def _person_like(cell: str, loose: bool) -> bool:
    words = CELL_WORD.findall(cell)
    if not words or len(words) > 4 or re.search(r"\d|@", cell) or COMPANY.search(cell):
        return False
    if " ".join(words).replace(".", "") != re.sub(r"[\s.,]+", " ", cell).strip().replace(".", ""):
        return False  # other symbols in the cell: not a plain name
    if not all(w[0].isupper() for w in words):
        return False
    if all(is_blocked(w.rstrip("."), exact=True) for w in words):
        return False
    if loose:
        from redactor.recognizers.person_parts import word_features

        full = [w for w in words if not (len(w) == 2 and w.endswith("."))]
        feats = "".join(word_features(w) for w in full)
        morph = any(strong_surname(w) or ru_surname(w) for w in full)
        # "Toner Cartridge" under "Name": a first name with a surname, a patronymic or name morphology
        named = "P" in feats or morph or ("F" in feats and "L" in feats)
        return len(words) >= 2 and "S" not in feats and named
    return True


def _full_name(cell: str) -> bool:
    """Two or more words, one of them a listed first name or surname."""
    from redactor.recognizers.person_parts import word_features

    words = CELL_WORD.findall(cell)
    return len(words) >= 2 and any(word_features(w) in ("F", "L") for w in words)


def _lone_unknown_word(cell: str) -> bool:
    """One word that no name list or name morphology knows."""
    from redactor.recognizers.person_parts import word_features

    words = CELL_WORD.findall(cell)
    return len(words) == 1 and word_features(words[0]) == "C" and not (
        strong_surname(words[0]) or ru_surname(words[0]))


class PersonTableRecognizer(SargasRecognizer):
    ENTITIES = ["PERSON"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        if not HEADER.search(doc.lower):
            return
        starts = doc.line_starts
        n = len(starts)
        for i in range(n):
            ls = starts[i]
            le = starts[i + 1] - 1 if i + 1 < n else len(doc.text)
            line = doc.lower[ls:le]
            if not HEADER.search(line):
                continue
            sep = _separator(line)
            if sep is None:
                continue
            head = _cells(line, sep)
            cols = []
            for k, (s, e) in enumerate(head):
                cell = line[s:e].rstrip(":").strip()
                if cell in STRICT or cell in LOOSE:
                    cols.append((k, cell in LOOSE))
            if not cols:
                continue
            if CONTACT.search(line):
                cols = [(k, False) for k, _ in cols]
            yield from self._column_cells(doc, i, sep, len(head), cols)

    @staticmethod
    def _column_cells(
        doc: DocInfo, i: int, sep: str, width: int, cols
    ) -> Iterable[tuple[int, int, str, float]]:
        found: list[tuple[int, int, int]] = []  # (column, start, end)
        for k, s, e in PersonTableRecognizer._cells_below(doc, i, sep, width, cols):
            found.append((k, s, e))
        full = {k for k, s, e in found if _full_name(doc.text[s:e])}
        for k, s, e in found:
            if k in full and _lone_unknown_word(doc.text[s:e]):
                continue  # "Archive" in a column of full names: a status or placeholder
            if label_kind(doc.text[s:e]) is not None:
                continue  # "Miestas" under "Vardas" in a key-value card: the next label, not a name
            yield s, e, "PERSON", 0.7

    @staticmethod
    def _cells_below(doc: DocInfo, i: int, sep: str, width: int, cols) -> Iterable[tuple[int, int, int]]:
        starts = doc.line_starts
        n = len(starts)
        for j in range(i + 1, min(n, i + 500)):
            ls = starts[j]
            le = starts[j + 1] - 1 if j + 1 < n else len(doc.text)
            row = doc.text[ls:le]
            if not row.strip() or row.strip("-=|+ \t") == "":
                if row.strip():
                    continue  # a ruling line under the header
                break
            if _separator(row) != sep and not (sep == "  " and "\t" not in row):
                break
            cells = _cells(row, sep)
            if abs(len(cells) - width) > 1:
                break
            for k, loose in cols:
                if k < len(cells):
                    s, e = cells[k]
                    if e > s and _person_like(row[s:e], loose):
                        yield k, ls + s, ls + e

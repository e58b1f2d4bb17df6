"""Postal addresses in lt / lv / et / ru / en: street name + street word + house number (+ flat),
followed by postal code and city in any order; also "LT-01103 Vilnius" style postcode + city."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.confusables import LATIN_OF
from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer

UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
NAME = rf"(?:[{UP}]\.\s?)?[{UP}][{LO}{UP}'’-]*"
STREET_WORD = (
    r"(?:g\.|gatvėje|gatvės|gatvę|gatvė|gatve|prospekte|prospekto|alėjoje|pr\.|prospektas|al\.|alėja|pl\.|plentas|skg\.|skersgatvis|kel\.|aikštė|"
    r"iela|ielā|ielas|gatvē|gatve|bulvāris|bulvaris|bulv\.|prospekts|dambis|šoseja|laukums|ceļš|krastmala|"
    r"tn|tänav|mnt|maantee|pst|puiestee|tee|põik|"
    r"street|st\.|road|rd\.|avenue|ave\.|lane|ln\.|drive|dr\.|square)"
)
# (a flat number's first digit OCR may read as '$': "6 - $1" for "6 - 51")
HOUSE = (r"\d{1,4}[A-Za-zА-Яа-я]?(?:\s?[-/–—](?:\s?[-–—])?\s?(?:\d|\$(?=\d))\d{0,3}[A-Za-z]?)?"
         r"(?:,?\s?(?:k\.?|korp\.|–|-)\s?[-–]?\s?\d{1,4}(?![\d.,]\d)(?:[ ]?[-/–][ ]?\d{1,4}(?![\d.,]\d))?)?")
POST = r"(?:(?:LT|LV|EE)\s?[-–]\s?\d{4,5}|\d{5,6})(?!\d)"  # never the head of a longer number
CITY = rf"[{UP}][{LO}]+(?:[- ][{UP}][{LO}]+)?"
# after a street only: a postcode whose LT / EE OCR read as digit look-alikes ("11-44280")
POST_OCR = r"(?:[1lI|][1lI|7T]|[3E][3E])[ \t]?[-–][ \t]?\d{4,5}(?!\d)"
TAIL = rf"(?:,?[ \t]*(?:{POST}|{POST_OCR}|{CITY}))"
ANY = r"[^\s,:;]{2,}"  # the word right before the street word may be OCR-damaged ("5бргизе pst")
BALTIC = re.compile(rf"(?:{NAME}[ \t]){{0,2}}{ANY}[ \t]{STREET_WORD}[ \t]?{HOUSE}(?![\w]){TAIL}{{0,3}}")
# Estonian style without a street word: "Liivalaia 95-32, 56938 Tartu"
NAME_LC = rf"(?:[{UP}]\.\s?)?[{UP}][{LO}][{LO}{UP}'’-]*"  # "Tööstuse", never a series code "SF"
# ... and city first, the address alone on its line or cell (or after a label), postcode last:
# "Narva, Tartu 99 20308"
NO_WORD = re.compile(
    rf"(?:{NAME_LC}[ \t]){{1,3}}\d{{1,4}}[A-Za-z]?(?:[ ]?[-/–][ ]?\d{{1,4}})?"
    rf"(?:,[ \t]?|[ \t]*\n[ \t]*|[ \t]+){POST}[ \t,]+{CITY}"
    rf"|(?:(?<![^\t\n])|(?<=:[ \t])){CITY},[ \t]?(?:{NAME_LC}[ \t]){{1,3}}"
    rf"\d{{1,4}}[A-Za-z]?(?:[ ]?[-/–][ ]?\d{{1,4}})?,?[ \t]+{POST}(?=[ \t]*(?:[\t\n]|$))"
)
STREET_END = re.compile(rf"[ \t]{STREET_WORD}[ \t]*$")
# city first and a street with no street word below it: "10141 Tallinn" / "Narva 88"
POST_ABOVE = re.compile(
    rf"^[ \t]*(?:{POST}[ \t,]+{CITY}|{CITY},?[ \t]+{POST})[ \t]*\n"
    rf"[ \t]*(?:{NAME_LC}[ \t]){{1,3}}\d{{1,4}}[A-Za-z]?(?:[ ]?[-/–][ ]?\d{{1,4}})?"
    rf"(?:,?[ \t]?(?:k\.|kv\.|korp\.)[ \t]?\d{{1,4}})?"
    rf"(?=[ \t]*(?:\t|$))",
    re.MULTILINE,
)
def _ocr(word: str) -> str:
    """A Russian house-part abbreviation ("корп", "кв") as OCR returns it: each letter or its Latin
    shape twin (a Latin model beside the Russian one reads "кв." as "KB."), and п / и for each
    other (one stroke's slant apart at small sizes: "кори.")."""
    twins = {c: {c} | {lat for cyr, lat in LATIN_OF.items() if cyr in (c, c.upper())} for c in word}
    twins.get("п", set()).add("и")
    return "".join("[" + "".join(sorted(t)) + "]" for t in (twins[c] for c in word))


RU_STREET = (
    r"(?:ул\.|улица|улице|улицы|проспекте|проспекта|переулке|бульваре|"
    r"пр\.|пр-т|просп\.|проспект|пер\.|переулок|б-р|бульвар|ш\.|шоссе|наб\.|пл\.)"
)
RU_STREET_AFTER = r"(?:пр\.|np\.|ул\.|пер\.|ш\.|б-р|наб\.|проспект|улица|переулок|шоссе|бульвар)"
RU = re.compile(
    rf"(?:(?:\d{{6}},?\s)?(?:г\.\s?{CITY},?\s)?)?(?:{RU_STREET}\s?(?:{NAME}\s?){{1,3}}|"
    rf"(?:{NAME}\s){{1,2}}{RU_STREET_AFTER}|"
    # the street word OCR-damaged ("Ha6." for "наб."): a name followed by ", д. 74" is a street
    # (the house marker's dot read as a comma at small sizes: "д, 139")
    rf"(?:[^\s,.\"'=]{{1,4}}\.\s?)?(?:{NAME}\s?){{1,3}}(?=,\s?(?:д[.,]|дом)\s?\d)),?\s?(?:(?:д[.,]|дом)\s?)?\d{{1,4}}[а-яА-ЯA-Za-z]?(?:[-/]\d{{1,4}})?(?!\d)"
    rf"(?:,?\s?(?:{_ocr('корп')}\.|к\.|{_ocr('стр')}\.)\s?\d+)?(?:,?\s?(?:{_ocr('кв')}\.|квартира)\s?\d{{1,4}})?"
    rf"(?:,?[ \t]?(?:\d{{6}}(?![\d-])|г\.\s?{CITY}|{CITY}))*"
)
POSTCITY = re.compile(
    rf"(?<![\w-])(?:LT|LV)[ \t]?[-–][ \t]?\d{{4,5}},?[ \t]{CITY}"
    rf"|{CITY},?[ \t](?:LT|LV)[ \t]?[-–][ \t]?\d{{4,5}}(?!\d)"
)
STOP_CITY = {
    "Nr",
    "No",
    "Ref",
    "Tel",
    "Tālr",
    "Telefonas",
    "Phone",
    "Email",
    "El",
    "Mob",
    "Lūdzu",
    "Please",
    "Prašau",
    "Dėkojame",
    "Paldies",
    "Thanks",
    "Spasibo",
}


UK_WORDS = (
    r"\b(?:Street|Road|Avenue|Lane|Drive|Close|Way|Court|Place|Square|Gardens|Crescent|Terrace|Row|Walk)\b"
)
# UK postcode / Irish Eircode
UK_POST = r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d[\dW][ \t]?[0-9AC-FHKNPRTV-Y]{4})"
# a postcode whose inward letters OCR damaged ("BS1 4D)", "M1 48T", "BS1 40j"), or an Eircode
# whose routing-key digit was read as the letter O ("DO2 X285"): only right after a UK / Irish
# street address
UK_POST_OCR = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z80][A-Z)\]|}1lIj0]"
    r"|[AC-FHKNPRTV-Y][\dO][\dOW][ \t][0-9AC-FHKNPRTV-Y]{4})"
)
UK = re.compile(
    rf"(?<![\w,.])\d{{1,4}}[A-Za-z]?,?[ \t](?:{NAME}[ \t]){{1,3}}{UK_WORDS}"
    rf"(?:,?[ \t]{CITY}|\.[ \t]{CITY}(?=,?[ \t](?:{UK_POST}|{UK_POST_OCR})))?"  # a comma read as a dot
    rf"(?:,?[ \t](?:{UK_POST}|{UK_POST_OCR}))?(?:,?[ \t]{CITY}(?![ \t]*[\w]))?"
)
PREFILTER = {
    "BALTIC": re.compile(rf"(?<!\w){STREET_WORD}[ \t]?\d", re.IGNORECASE),
    "NO_WORD": re.compile(rf"\d(?:,[ \t]?|[ \t]*\n[ \t]*|[ \t]+){POST}(?:[ \t,]+[{UP}]|[ \t]*(?:[\t\n]|$))"),
    "RU": re.compile(
        r"(?:д[.,]|дом)\s?\d|(?:ул\.|улиц|пр\.|просп|проспект|пер\.|переул|б-р|бульвар|шоссе|наб\.)"
    ),
    "UK": re.compile(UK_WORDS),
    "POSTCITY": re.compile(r"(?:LT|LV)\s?[-–]\s?\d{4}"),
    "POST_ABOVE": re.compile(rf"{POST}[ \t,]+[{UP}][{LO}]+[ \t]*\n|[{LO}],?[ \t]+{POST}[ \t]*\n"),
}


# the postcode / city line under a street line, and a city (or "Flat 3,") written before the street
NEXT_LINE = re.compile(
    rf"[ \t]*(?:{POST}|{UK_POST})(?:[ \t,]+{CITY})?[ \t]*$|[ \t]*{CITY},?[ \t]+(?:{POST}|{UK_POST})[ \t]*$"
)
NEXT_CITY = re.compile(rf"[ \t]*{CITY}[ \t]*$")
BEFORE = re.compile(
    rf"(?:(?:(?<![\w-]){POST}[ \t])?{CITY},[ \t]?)?"
    rf"(?:(?:Flat|Apt\.?|Apartment|Unit|кв\.)[ \t]\d{{1,4}}[A-Za-z]?,[ \t]?)?$"
)


class AddressRecognizer(SargasRecognizer):
    ENTITIES = ["ADDRESS"]

    @staticmethod
    def _matches(doc: DocInfo, rx: re.Pattern) -> Iterable[re.Match]:
        """Run the (slow) full pattern only on lines where its cheap anchor occurs."""
        name = next(
            k
            for k, v in (
                ("BALTIC", BALTIC),
                ("NO_WORD", NO_WORD),
                ("RU", RU),
                ("POSTCITY", POSTCITY),
                ("UK", UK),
            )
            if v is rx
        )
        done = -1
        for a in PREFILTER[name].finditer(doc.text):
            ls, le = doc.line_span(a.start())
            le = max(le, doc.line_span(max(a.start(), a.end() - 1))[1])  # an anchor over a line break
            if ls <= done:
                continue
            done = ls
            # one line of slack before (street name broken over a line) and the rest of this line
            ps = doc.line_span(max(0, ls - 1))[0] if ls > 0 else ls
            yield from rx.finditer(doc.text, ps, le)

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        text = doc.text
        yield from self._post_above(doc)
        for rx, score in ((BALTIC, 0.8), (NO_WORD, 0.7), (RU, 0.8), (POSTCITY, 0.6), (UK, 0.75)):
            for m in self._matches(doc, rx):
                end = m.end()
                # do not swallow a following label / sentence word as a city
                tail = text[m.start() : end]
                last = re.findall(rf"[{UP}][{LO}]+$", tail)
                if last and last[0] in STOP_CITY:
                    end -= len(last[0])
                    end = m.start() + len(text[m.start() : end].rstrip(", \t"))
                start, end = self._clip_cells(doc, m.start(), end)
                if end <= start:
                    continue
                start = self._city_first(doc, start)
                above = self._line_above(doc, start, end)
                # the person recognizer reads a name line right above an address as a name
                doc.shared.setdefault("address_lines", set()).add(doc.line_no(above[0] if above else start))
                yield start, end, "ADDRESS", score
                if above is not None:
                    yield above[0], above[1], "ADDRESS", score - 0.1
                yield from self._next_line(doc, start, end, score)

    @staticmethod
    def _post_above(doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        """A postcode-and-city line, then a street with no street word on the next line."""
        text, done = doc.text, -1
        for a in PREFILTER["POST_ABOVE"].finditer(text):
            ls, le = doc.line_span(a.start())
            if ls <= done or le >= len(text):
                continue
            done = ls
            m = POST_ABOVE.match(text, ls, doc.line_span(le + 1)[1])
            if m is None:
                continue
            for a0, b0 in ((ls, le), (le + 1, m.end())):
                part = text[a0:b0]
                yield a0 + len(part) - len(part.lstrip()), a0 + len(part.rstrip()), "ADDRESS", 0.6

    @staticmethod
    def _clip_cells(doc: DocInfo, start: int, end: int) -> tuple[int, int]:
        """An address crosses a cell boundary (a tab) only into its own postcode / city cell:
        a cell before the street's cell ("Urbonas<tab>Gatvė<tab>Jonavos g. 12") and a cell after it
        that is a label or a bare number ("… 20308 Narva<tab>19578") belong to other fields."""
        from redactor.layout import label_kind, layout_of

        text = doc.text
        if "\t" not in text[start:end]:
            return start, end
        cuts = [start] + [i + 1 for i in range(start, end) if text[i] == "\t"]
        segs = [(a, (cuts[k + 1] - 1) if k + 1 < len(cuts) else end) for k, a in enumerate(cuts)]
        core = next((k for k, (a, b) in enumerate(segs) if re.search(r"\d", text[a:b])), 0)
        if core and re.match(r"\s*\d", text[segs[core][0]:segs[core][1]]) \
                and STREET_END.search(text, segs[core - 1][0], segs[core - 1][1]):
            core -= 1  # "Pramonės al.<tab>19 k5-49": the street word's cell, its number cut off by a gap
            segs[core] = (segs[core][0], segs.pop(core + 1)[1])
        lo, hi = segs[core]
        if layout_of(doc).kind_at(lo, hi) is not None:
            return lo, hi  # the structure types this cell ("Pašto kodas | LT-28241"): its neighbours too
        for a, b in segs[core + 1:]:
            cell = text[a:b].strip(" ,")
            if label_kind(cell) is not None or not re.search(rf"[{UP}]", cell):
                break
            hi = b
        return lo, hi

    @staticmethod
    def _cell_below(doc: DocInfo, start: int, end: int, step: int = 1) -> tuple[int, int] | None:
        """(start, end) of the cell right under (``step`` -1: right above) the cell that ends at
        ``end``, when the street is one cell of a line that has others ("SF518936<tab>Manchester
        M1 4BT" under "… 61 Station Road"; "Reg. nr<tab>10141 Tallinn" over "…<tab>Narva mnt 5")."""
        from redactor.layout import layout_of

        lay = layout_of(doc)
        cell = lay.cell_of(max(0, end - 1))
        if cell is None or not 0 <= cell.row + step < len(lay.rows) or cell is not lay.cell_of(start):
            return None  # only an address that is one cell continues into the cell below
        if len(lay.rows[cell.row]) < 2 or doc.text[end:cell.end].strip(" \t,"):
            return None
        if step < 0 and doc.text[cell.start:start].strip(" \t,"):
            return None
        near = [c for c in lay.rows[cell.row + step] if c.hoverlap(cell) > 0]
        if len(near) != 1:
            return None
        gap = near[0].y0 - cell.y1 if step > 0 else cell.y0 - near[0].y1
        if gap > 1.5 * max(cell.y1 - cell.y0, 1e-6):
            return None
        if lay.kind_at(cell.start, cell.end) is not None or lay.kind_at(near[0].start, near[0].end):
            return None  # typed fields of a card or grid: their labels decide, not adjacency
        return near[0].start, near[0].end

    @staticmethod
    def _city_first(doc: DocInfo, start: int) -> int:
        """"Vilnius, Gedimino pr. 9" / "Galway, Flat 2, 7 Mill Road": include what precedes."""
        ls = doc.line_span(start)[0]
        head = doc.text[max(ls, start - 60) : start]
        m = BEFORE.search(head)
        if m and m.start() < len(head):
            word = re.match(rf"[{UP}][{LO}]+", head[m.start() :])
            if word is None or word.group() not in STOP_CITY:
                return start - (len(head) - m.start())
        return start

    @staticmethod
    def _line_above(doc: DocInfo, start: int, end: int) -> tuple[int, int] | None:
        """City first, street below ("LT-01103 Vilnius" / "Gedimino pr. 9"): the line above a street
        that begins its line (or the cell above a street that is a cell of its line), when that is a
        postcode with its city and nothing else. A bare
        city is not taken there: the line above an address is as often the person's name."""
        ls = doc.line_span(start)[0]
        if doc.text[ls:start].strip():  # a cell of a two-column block: the cell above it
            above = AddressRecognizer._cell_below(doc, start, end, step=-1)
            return None if above is None else AddressRecognizer._city_line(doc, *above, bare_city=False)
        if ls == 0:
            return None
        return AddressRecognizer._city_line(doc, *doc.line_span(ls - 1), bare_city=False)

    @staticmethod
    def _city_line(doc: DocInfo, ns: int, ne: int, bare_city: bool) -> tuple[int, int] | None:
        """The span of ``text[ns:ne]`` without its blanks when it is a postcode with its city (or,
        ``bare_city``, a city alone) and nothing else, and does not open with a label word."""
        line = doc.text[ns:ne]
        if NEXT_LINE.match(line) is None and not (bare_city and NEXT_CITY.match(line)):
            return None
        word = re.match(rf"\s*([{UP}][{LO}]+)", line)
        if word and word.group(1) in STOP_CITY:
            return None
        lead = len(line) - len(line.lstrip())
        return ns + lead, ns + len(line.rstrip())

    @staticmethod
    def _next_line(doc: DocInfo, start: int, end: int, score: float) -> Iterable[tuple[int, int, str, float]]:
        """The street line ends the line and the next line is "LT-01103 Vilnius" / "10141 Tallinn"."""
        ls, le = doc.line_span(end)
        below = AddressRecognizer._cell_below(doc, start, end)
        if below is not None:  # a table / two-column block: the cell under the street's cell
            ns, ne = below
        elif doc.text[end:le].strip(" \t,") or le >= len(doc.text):
            return
        else:
            ns, ne = doc.line_span(le + 1)
        city = AddressRecognizer._city_line(doc, ns, ne, bare_city=True)
        if city is not None:
            yield city[0], city[1], "ADDRESS", score - 0.1

"""E-mail addresses, offline (no tldextract), tolerant to OCR damage of '@' and the last dot.

Clean addresses need an '@' and a plausible TLD. OCR variants ("name©gmail.com", "nameēinbox.lv",
"name(Ginbox.lv", "nameGtakas.lt", "name@outlook com") are accepted when the domain is a known
mail provider or an e-mail context word is near. '@' read as a guillemet ("name«inbox.lt") counts
as a damaged '@'; '@' read as the digit 0 or 6 ("name0one.lt", "name776inbox.lt") only directly
before a known provider name (longer local part, nothing else in the host), since a digit there is
otherwise a normal host character. A local part whose '_' OCR read as a space ("panfil nek43@...")
is joined back when the two words alone fill their table cell or line. An address OCR read in
Cyrillic look-alikes ("тагК.5@ехатре.сот", a Latin page read with the Russian model in the set) is
matched on a copy with those letters made Latin (:mod:`redactor.confusables`, same offsets).

Where the *structure* says e-mail (a field or column the layout types EMAIL, or a column whose other
cells are clean addresses), a token with a top-level domain is an address whatever OCR made of its
'@' ("kru96egmail.com", "rie708inbox.lv", "kriviekas.metakas.lt"), and so is a token with an '@'
whose domain lost its dot ("gag?7@inboxk"). Without structure: an '@' read as a round letter right
after the digits that end a local part, before a provider whose 'o' OCR read as '0'
("rak45e0ne.lt"); an address in a display form's angle brackets ("Name <jolanta rak1 Ginbox.lt>",
or its '@' read as a plain letter when the display name's words spell the local part);
a last dot followed by a space ("bar27Ģoutlook. com") when an e-mail word is near; an e-mail label
glued to the local part by a misread '=' ("emailevladimir marsé6@mail.ru": the address starts
after the label). A clean '@' between a local part and a dotted domain is an address whatever OCR
made of its top-level letters ("kuusalu.h@mail.ce").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.confusables import fold_tokens
from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer
from redactor.recognizers.name_lexicon import fold

TLDS = (
    "lt|lv|ee|ru|com|net|org|eu|info|io|de|uk|pl|fi|se|no|dk|by|ua|kz|me|co|biz|us|fr|it|es|nl|be|"
    "ch|at|cz|sk|lu|ie|pro|app|dev|online|site|email|mail|рф|[Il1]v|[Il1]t|c0m|corn"
)
CLEAN = re.compile(rf"[\w.+'-]+ ?@ ?[\w-]+(?:\.[\w-]+)*[. ,](?:{TLDS})\b", re.IGNORECASE)
# Any whitespace-free token ending in ".tld" (candidate for a damaged address)
TOKEN = re.compile(rf"(?<![\w.@-])[\w.+'()©®@«»-]{{3,}}\.(?:{TLDS})\b(?!\.\w)", re.IGNORECASE)
# an '@' read clean between a local part and a dotted domain whose top-level letters OCR misread
# ("kuusalu.h@mail.ce" for ".ee"): the '@' is the evidence, whatever the TLD
ANY_TLD = re.compile(r"(?<![\w.@-])[a-z0-9][\w.+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?![\w@])")
PARTIAL = re.compile(r"(?<![\w.@-])[\w.+-]{2,}@[\w-]*(?:\.[\w-]*)?(?![\w@])")
PROVIDERS = (
    "gmail",
    "outlook",
    "hotmail",
    "yahoo",
    "inbox",
    "mail",
    "yandex",
    "icloud",
    "takas",
    "one",
    "zebra",
    "delfi",
    "tvnet",
    "apollo",
    "online",
    "live",
    "protonmail",
    "proton",
    "gmx",
    "web",
    "rambler",
    "bk",
    "list",
    "ya",
    "msn",
    "aol",
    "me",
    "zala",
    "baltic",
    "posteo",
)
NO_DOT = re.compile(rf"(?<![\w.@-])[\w.+'-]{{2,}}@(?:{'|'.join(PROVIDERS)})[a-z]{{2,3}}\b")
AT_LIKE = "©®ēĒ@(«»"
AT_DIGITS = "06"
AT_LETTERS = "aegqd"  # round lower-case letters OCR reads for an '@'
AS_LETTER = str.maketrans("01", "ol")  # a provider name's 'o' / 'l' read as a digit ("0ne")
# the last dot followed by a space ("bar27Ģoutlook. com"): judged as the token without the space
SPACED = re.compile(rf"(?<![\w.@-])([\w.+'()©®@«»ĢĒ-]{{3,}})\. ((?:{TLDS}))\b(?!\.\w)", re.IGNORECASE)
# an address in a display form's angle brackets, '@' and '_' misread: "<jolanta rak1 Ginbox.lt>"
# (after a display name, the misreading visible inside: a bare "<delfi.lt>" is a link)
BRACKET = re.compile(rf"<[ ]?([a-z0-9][\w.+'-]*(?: [\w.+'-]+){{0,2}}\.(?:{TLDS}))[ ]?>")
AT_TOKEN = re.compile(r"(?<!\S)[^\s@]{2,}@[^\s@]{2,}(?!\S)")
# in an e-mail slot: a local part, an '@' look-alike, a provider, the dot and TLD damaged on the line
SLOT_PROVIDER = re.compile(
    rf"(?<![\w.@-])([\w.+'-]{{2,}}[@©®(«»A-ZĢĒ]?(?:{'|'.join(PROVIDERS)}))[ \t—–\-„“\".,]+(?:{TLDS})\b")


ODD_UPPER = re.compile(rf"[a-z0-9._+-]*[a-z0-9][A-ZĢ]{{1,2}}[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLDS})")
SPLIT = re.compile(
    rf"(?<![\w.@-])[a-z0-9][a-z0-9._+-]*[._][a-z0-9]+ [A-ZĢ©®@(]?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLDS})\b"
)


class EmailRecognizer(SargasRecognizer):
    ENTITIES = ["EMAIL_ADDRESS"]

    @staticmethod
    def _label_gap(doc: DocInfo, start: int, words: list[str]) -> int:
        """Include a lower-case word between an e-mail label and the address ("paštas arnoldas kiska@...",
        "email=aretas rau13@..."): OCR read the '_' of the local part as a space."""
        prev = re.search(r"(?<=[:=\s])([a-z0-9._-]{2,}) $", doc.text[max(0, start - 40) : start])
        if prev:
            head = doc.lower[max(0, start - len(prev.group()) - 30) : start - len(prev.group())]
            if any(re.search(re.escape(w) + r"\s*[:=]?\s*$", head) for w in words):
                return start - len(prev.group())
            # "emailevladimir marsé6@...": the label glued to the local part by a misread '='
            word = prev.group(1)
            glued = [w for w in words if len(w) >= 5 and w.replace("-", "").isalpha() and word.startswith(w)]
            if glued and len(word) >= len(max(glued, key=len)) + 3:
                return start - len(prev.group()) + len(max(glued, key=len)) + 1
        return start

    @staticmethod
    def _slot(doc: DocInfo, start: int, end: int) -> bool:
        """The structure says e-mail: the value is (nearly) all of its cell, and the layout types
        its field or column EMAIL, or its column holds clean addresses in two other rows."""
        from redactor.layout import layout_of

        lay = layout_of(doc)
        cell = lay.cell_of(start)
        if cell is None or len(doc.text[cell.start : cell.end].split()) > 3:
            return False  # a sentence in a field or cell ("rašykite per delfi.lt") is no address
        if lay.kind_at(start, end) == "EMAIL":
            return True
        clean = 0
        for other in lay.cells:
            if other.row != cell.row and other.hoverlap(cell) > 0:
                clean += bool(CLEAN.fullmatch(doc.text[other.start : other.end].strip()))
                if clean >= 2:
                    return True
        return False

    @staticmethod
    def _cell_gap(doc: DocInfo, start: int, words: list[str]) -> int:
        """Include the word before an address when the two alone fill their cell or line
        ("panfil nek43@yandex.ru" in a table cell): OCR read the '_' of the local part as a space."""
        prev = re.search(r"(?:^|[\t\n])([a-z][a-z0-9.-]{2,}) $", doc.text[max(0, start - 40) : start])
        if not prev or any(prev.group(1).startswith(w) for w in words):
            return start  # "email nek43@...": a label, not part of the address
        return start - len(prev.group(1)) - 1

    def _hit(self, doc: DocInfo, start: int, end: int, words: list[str], seen: list[tuple[int, int]],
             score: float) -> tuple[int, int, str, float]:
        """The address span, a local-part word OCR split off at a lost '_' included."""
        s = self._label_gap(doc, start, words)
        if s == start and doc.text[end : end + 1] in ("", "\t", "\n"):
            s = self._cell_gap(doc, start, words)
        seen.append((s, end))
        return s, end, "EMAIL_ADDRESS", score

    def _token_ok(self, doc: DocInfo, tok: str, start: int, end: int, words: list[str], spaced: bool) -> bool:
        """A whitespace-free ``tok`` ending in a top-level domain is an address read with its '@'
        damaged (see the module doc)."""
        low = tok.lower()
        if low.startswith("www."):
            return False
        host = low.rsplit(".", 1)[0]
        # "nameGgmail.com", "nameGBriverside.com": '@' read as one or two capital letters
        odd_upper = bool(ODD_UPPER.fullmatch(tok))
        # a look-alike at the token start opens a quote or bracket ("«mano.delfi.lt»"), never an '@'
        odd_at = any(c in tok[1:] for c in AT_LIKE) or odd_upper
        name = max((p for p in PROVIDERS if host.endswith(p)), key=len, default="")
        # a provider whose 'o' or 'l' OCR read as a digit ("rak45e0ne.lt")
        read = "" if name else max((p for p in PROVIDERS if host.translate(AS_LETTER).endswith(p)),
                                   key=len, default="")
        provider = bool(name or read) and len(host) > len(name or read) + 1  # something before it
        near = doc.near(start, end, words, chars=50, lines=2)
        if spaced:  # a dot then a space: prose unless an e-mail word or slot says otherwise
            return (odd_at or provider) and (near or self._slot(doc, start, end))
        if provider and not odd_at:
            at = host[: -len(name or read)]
            # "name0one.lt": the '@' read as a digit right before the provider name (as read)
            odd_at = bool(name) and len(at) >= 4 and at[-1] in AT_DIGITS and at[0].isalpha()
            # "rak45e0ne.lt": read as a round letter right after the digits ending a local part
            odd_at = odd_at or (len(at) >= 4 and at[-1] in AT_LETTERS and at[-2].isdigit()
                                and at[0].isalpha())
        if (odd_at and (provider or near or odd_upper)) or (provider and near):
            return True
        return self._slot(doc, start, end)

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        found = list(self._find(doc, doc.text, []))
        yield from found
        folded = fold_tokens(doc.text)
        if folded != doc.text:  # same offsets: spans found on the Latin copy cover the OCR words
            for hit in self._find(doc, folded, [(s, e) for s, e, _, _ in found]):
                if not any(s < hit[1] and hit[0] < e for s, e, _, _ in found):
                    yield hit

    def _find(self, doc: DocInfo, text: str, seen: list[tuple[int, int]]
              ) -> Iterable[tuple[int, int, str, float]]:
        words = ctx("EMAIL_ADDRESS")

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in seen)

        for m in CLEAN.finditer(text):
            start = self._label_gap(doc, m.start(), words)
            ends_cell = doc.text[m.end() : m.end() + 1] in ("", "\t", "\n")
            if start == m.start() and " " not in m.group() and ends_cell:
                start = self._cell_gap(doc, m.start(), words)
            seen.append((start, m.end()))
            yield start, m.end(), "EMAIL_ADDRESS", 0.95
        for m in TOKEN.finditer(text):
            if not any(s <= m.start() < e for s, e in seen) and self._token_ok(doc, m.group(), m.start(),
                                                                                m.end(), words, False):
                yield self._hit(doc, m.start(), m.end(), words, seen, 0.7)
        for m in SPACED.finditer(text):  # "bar27Ģoutlook. com"
            tok = m.group(1) + "." + m.group(2)
            if not any(s <= m.start() < e for s, e in seen) and self._token_ok(doc, tok, m.start(),
                                                                                m.end(), words, True):
                yield self._hit(doc, m.start(), m.end(), words, seen, 0.6)
        for m in BRACKET.finditer(text):  # "Jolanta Rakauskienė <jolanta rak1 Ginbox.lt>"
            ls = text.rfind("\n", 0, m.start()) + 1
            shown = re.search(r"[^\W\d_]{2,}[ ]?$", text[ls : m.start()])  # after a display name
            # the misreading shows: a space, a digit, a capital or an '@' look-alike inside
            damaged = re.search(rf"[ \dA-ZĀ-Ž{AT_LIKE}]", m.group(1).rsplit(".", 1)[0])
            if shown and not damaged and "@" not in m.group(1):
                # '@' read as a letter ("<jonas.petraitisegmail.lt>"): the display name's words
                # spell the local part
                named = [fold(w) for w in re.findall(r"[^\W\d_]{3,}", text[ls : m.start()])[-3:]]
                damaged = sum(w in m.group(1).lower() for w in named) >= min(2, len(named))
            if shown and damaged and free(m.start(1), m.end(1)) and not m.group(1).lower().startswith("www."):
                seen.append((m.start(1), m.end(1)))
                yield m.start(1), m.end(1), "EMAIL_ADDRESS", 0.6
        # "adams_bal36@gmailcom", "prudzitis@inboxly": an '@' and a mail provider's name, the dot
        # before the top-level domain lost (its letters misread too)
        for m in NO_DOT.finditer(text):
            if not any(s <= m.start() < e for s, e in seen):
                seen.append((m.start(), m.end()))
                yield m.start(), m.end(), "EMAIL_ADDRESS", 0.7
        for m in SPLIT.finditer(text):  # "kovalchuk.artem Alist.ru": '@' read as " A"
            if not any(s <= m.start() < e for s, e in seen) and doc.near(m.start(), m.end(), words, 50, 1):
                seen.append((m.start(), m.end()))
                yield m.start(), m.end(), "EMAIL_ADDRESS", 0.6
        for m in ANY_TLD.finditer(text):  # "kuusalu.h@mail.ce"
            if free(m.start(), m.end()):
                yield self._hit(doc, m.start(), m.end(), words, seen, 0.6)
        for m in AT_TOKEN.finditer(text):  # "wyte_gag?7@inboxk" in an e-mail column: the dot lost
            if free(m.start(), m.end()) and self._slot(doc, m.start(), m.end()):
                yield self._hit(doc, m.start(), m.end(), words, seen, 0.6)
        for m in SLOT_PROVIDER.finditer(text):  # "ryte_urb40Ggmail —\t„com" under "El. paštas"
            if free(m.start(), m.end()) and self._slot(doc, m.start(), m.end(1)):
                seen.append((m.start(), m.end()))
                yield m.start(), m.end(), "EMAIL_ADDRESS", 0.6
        for m in PARTIAL.finditer(text):  # cut at the line end: "randmaa.riina@o"
            if not any(s <= m.start() < e for s, e in seen) and doc.near(m.start(), m.end(), words, 50, 1):
                yield m.start(), m.end(), "EMAIL_ADDRESS", 0.6

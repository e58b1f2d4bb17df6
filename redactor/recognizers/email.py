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
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactor.confusables import fold_tokens
from redactor.nlp import DocInfo, ctx
from redactor.recognizers.base import SargasRecognizer

TLDS = (
    "lt|lv|ee|ru|com|net|org|eu|info|io|de|uk|pl|fi|se|no|dk|by|ua|kz|me|co|biz|us|fr|it|es|nl|be|"
    "ch|at|cz|sk|lu|ie|pro|app|dev|online|site|email|mail|рф|[Il1]v|[Il1]t|c0m|corn"
)
CLEAN = re.compile(rf"[\w.+'-]+ ?@ ?[\w-]+(?:\.[\w-]+)*[. ,](?:{TLDS})\b", re.IGNORECASE)
# Any whitespace-free token ending in ".tld" (candidate for a damaged address)
TOKEN = re.compile(rf"(?<![\w.@-])[\w.+'()©®@«»-]{{3,}}\.(?:{TLDS})\b(?!\.\w)", re.IGNORECASE)
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
        return start

    @staticmethod
    def _cell_gap(doc: DocInfo, start: int, words: list[str]) -> int:
        """Include the word before an address when the two alone fill their cell or line
        ("panfil nek43@yandex.ru" in a table cell): OCR read the '_' of the local part as a space."""
        prev = re.search(r"(?:^|[\t\n])([a-z][a-z0-9.-]{2,}) $", doc.text[max(0, start - 40) : start])
        if not prev or any(prev.group(1).startswith(w) for w in words):
            return start  # "email nek43@...": a label, not part of the address
        return start - len(prev.group(1)) - 1

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
        for m in CLEAN.finditer(text):
            start = self._label_gap(doc, m.start(), words)
            ends_cell = doc.text[m.end() : m.end() + 1] in ("", "\t", "\n")
            if start == m.start() and " " not in m.group() and ends_cell:
                start = self._cell_gap(doc, m.start(), words)
            seen.append((start, m.end()))
            yield start, m.end(), "EMAIL_ADDRESS", 0.95
        for m in TOKEN.finditer(text):
            if any(s <= m.start() < e for s, e in seen):
                continue
            tok = m.group()
            low = tok.lower()
            if low.startswith("www.") or "@" in tok and False:
                continue
            host = low.rsplit(".", 1)[0]
            # "nameGgmail.com", "nameGBriverside.com": '@' read as one or two capital letters
            odd_upper = bool(ODD_UPPER.fullmatch(tok))
            # a look-alike at the token start opens a quote or bracket ("«mano.delfi.lt»"), never an '@'
            odd_at = any(c in tok[1:] for c in AT_LIKE) or odd_upper
            name = max((p for p in PROVIDERS if host.endswith(p)), key=len, default="")
            provider = bool(name) and len(host) > len(name) + 1  # something before the provider
            near = doc.near(m.start(), m.end(), words, chars=50, lines=2)
            if provider and not odd_at:
                at = host[: -len(name)]
                # "name0one.lt": the '@' read as a digit right before the provider name
                odd_at = len(at) >= 4 and at[-1] in AT_DIGITS and at[0].isalpha()
            if (odd_at and (provider or near or odd_upper)) or (provider and near):
                start = self._label_gap(doc, m.start(), words)
                if start == m.start() and doc.text[m.end() : m.end() + 1] in ("", "\t", "\n"):
                    start = self._cell_gap(doc, m.start(), words)
                seen.append((start, m.end()))
                yield start, m.end(), "EMAIL_ADDRESS", 0.7
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
        for m in PARTIAL.finditer(text):  # cut at the line end: "randmaa.riina@o"
            if not any(s <= m.start() < e for s, e in seen) and doc.near(m.start(), m.end(), words, 50, 1):
                yield m.start(), m.end(), "EMAIL_ADDRESS", 0.6

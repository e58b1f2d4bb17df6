"""IPv4 (octets 0-255, not a version number) and IPv6 addresses.

OCR reads a dot of a small monospace font as a comma ("172.132,38.56"): one comma among the first
two separators is still an address (the last one stays a dot, so "12.100.200,50" money is not)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer

V4 = re.compile(r"(?<![\w.])(?:\d{1,3}[.,]){2}\d{1,3}\.\d{1,3}(?![\w]|\.\d)")
V6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")


class IpAddressRecognizer(SargasRecognizer):
    ENTITIES = ["IP_ADDRESS"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in V4.finditer(doc.text):
            commas = m.group().count(",")
            if commas > 1 or (commas and doc.text[m.start() - 1:m.start()] == ","):
                continue
            if all(int(o) <= 255 for o in re.split("[.,]", m.group())):
                if re.search(r"(?:\bv|version|versija|versija|версия)\s*$", doc.before(m.start(), 12)):
                    continue
                yield m.start(), m.end(), "IP_ADDRESS", 0.6 if "," in m.group() else 0.9
        for m in V6.finditer(doc.text):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            if m.group().count(":") >= 3:
                yield m.start(), m.end(), "IP_ADDRESS", 0.85

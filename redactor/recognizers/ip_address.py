"""IPv4 (octets 0-255, not a version number) and IPv6 addresses."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer

V4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
V6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")


class IpAddressRecognizer(SargasRecognizer):
    ENTITIES = ["IP_ADDRESS"]

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        for m in V4.finditer(doc.text):
            if all(int(o) <= 255 for o in m.group().split(".")):
                if re.search(r"(?:\bv|version|versija|versija|версия)\s*$", doc.before(m.start(), 12)):
                    continue
                yield m.start(), m.end(), "IP_ADDRESS", 0.9
        for m in V6.finditer(doc.text):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            if m.group().count(":") >= 3:
                yield m.start(), m.end(), "IP_ADDRESS", 0.85

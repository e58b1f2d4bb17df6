"""Redaction of a message's subject and text bodies (text/plain, text/html), keeping the sender.

The subject and every body are analysed together (one :class:`redactor.textredact.PieceSet`, the
same analyzer as uploads), so a value found in one is replaced in all. The sender's own address and
display name are kept — the helpdesk needs them to answer — by cutting them out of the editable text
as read-only pieces: the analyzer still sees the whole sentence, but only the text around them can
be rewritten. HTML is sanitised first (:func:`redactor.mailredact.sanitise_html`: no scripts, no
remote images, no handlers).

Fails closed: a body that cannot be decoded or parsed is left out (its reason code in
``Bodies.problems``); an analyzer error propagates and the caller leaves every body out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message

import lxml.html

from redactor.formats.package import TextRules, collect_text
from redactor.mailredact import sanitise_html
from redactor.textredact import Piece, PieceSet

HTML_RULES = TextRules(
    blocks=frozenset({"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "pre",
                      "blockquote", "dt", "dd", "caption"}),
    virtual={"br": "\n"},
    skip=frozenset({"style", "script"}),
    attrs=frozenset({"alt", "title", "href"}),
)
MAX_BODY_CHARS = 2_000_000


@dataclass
class Bodies:
    subject: str = ""
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # entity type -> values hidden
    problems: list[str] = field(default_factory=list)


def decode_text(part: Message) -> str | None:
    """The part's text, or None if it cannot be decoded (unknown charset -> replacement characters
    are acceptable; a payload that is not bytes at all is not)."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return raw.decode(charset, "replace")
    except LookupError:  # unknown charset name: decode as UTF-8 with replacements
        return raw.decode("utf-8", "replace")


def redact_bodies(subject: str, texts: list[tuple[str, Message]], keep: list[str], lang: str) -> Bodies:
    """``texts``: (``plain``|``html``, part). Returns the redacted subject and bodies."""
    out = Bodies()
    ps = PieceSet()
    builders: list[Callable[[], None]] = []
    holder = [" ".join(subject.split())]
    ps.add(holder[0], lambda v: holder.__setitem__(0, v), 0)
    for number, (kind, part) in enumerate(texts, start=1):
        text = decode_text(part)
        if text is None or len(text) > MAX_BODY_CHARS:
            out.problems.append("body_unreadable" if text is None else "body_too_large")
            continue
        if kind == "plain":
            box = [text]
            ps.add(text, lambda v, b=box: b.__setitem__(0, v), number)
            builders.append(lambda b=box: out.plain.append(b[0]))
        else:
            try:
                doc = lxml.html.document_fromstring(text if text.strip() else "<p></p>")
            except Exception:  # noqa: BLE001 - unparsable HTML is left out, never passed on
                out.problems.append("body_unreadable")
                continue
            sanitise_html(doc)
            collect_text(doc, HTML_RULES, ps, number)
            builders.append(lambda d=doc: out.html.append(lxml.html.tostring(d, encoding="unicode")))
    fixups = protect(ps, keep)
    for span, _part in ps.redact(lang):
        out.counts[span.entity_type] = out.counts.get(span.entity_type, 0) + 1
    for fix in fixups:
        fix()
    out.subject = holder[0]
    for b in builders:
        b()
    return out


def protect(ps: PieceSet, keep: list[str]) -> list[Callable[[], None]]:
    """Make every occurrence of the ``keep`` strings a read-only piece. Returns the fix-ups that
    write the rejoined text back to the original setters after :meth:`PieceSet.redact`."""
    values = sorted({k.strip() for k in keep if k and len(k.strip()) >= 3}, key=len, reverse=True)
    if not values:
        return []
    rx = re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)
    fixups: list[Callable[[], None]] = []
    for bi, block in enumerate(ps.blocks):
        new: list[Piece] = []
        for p in block:
            if p.setter is None or not rx.search(p.text):
                new.append(p)
                continue
            boxes: list[list[str]] = []
            pos = 0
            for m in rx.finditer(p.text):
                if m.start() > pos:
                    new.append(_editable(p.text[pos:m.start()], p.part, bi, boxes))
                boxes.append([m.group()])
                new.append(Piece(m.group(), None, p.part, block=bi))
                pos = m.end()
            if pos < len(p.text):
                new.append(_editable(p.text[pos:], p.part, bi, boxes))
            fixups.append(_rejoin(p.setter, p.text, boxes))
        ps.blocks[bi] = new
    return fixups


def _editable(text: str, part: int, block: int, boxes: list[list[str]]) -> Piece:
    box = [text]
    boxes.append(box)
    return Piece(text, lambda v: box.__setitem__(0, v), part, block=block)


def _rejoin(setter: Callable[[str], None], original: str, boxes: list[list[str]]) -> Callable[[], None]:
    def fix() -> None:
        joined = "".join(b[0] for b in boxes)
        if joined != original:
            setter(joined)
    return fix

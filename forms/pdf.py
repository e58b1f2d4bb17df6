# ruff: noqa: E501  (translation tables read best one entry per line)
"""The filed transfer request as a PDF (PyMuPDF) in the client's language, for the DPO's records:
every form field (labels from the request's own schema version), the special-category flag, the
decision, the DPO's name and every timestamp. Uses a TrueType font with Lithuanian, Latvian and
Cyrillic glyphs (DejaVu Sans; Droid Sans Fallback built into PyMuPDF if DejaVu is not installed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
from sqlalchemy.orm import Session

from forms.fields import ACK_STATEMENT, field_label, lang_of, schema, special, vocab_label
from forms.i18n import state_label
from forms.models import TransferRequest
from forms.notify import fmt_time
from sargas.clock import now
from sargas.models import Organisation

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"))
PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 50.0

L: dict[str, dict[str, str]] = {
    "title": {"en": "Data-transfer request", "lt": "Duomenų perdavimo prašymas",
              "lv": "Datu nodošanas pieprasījums", "ru": "Запрос на передачу данных"},
    "reference": {"en": "Reference", "lt": "Numeris", "lv": "Numurs", "ru": "Номер"},
    "state": {"en": "State", "lt": "Būsena", "lv": "Statuss", "ru": "Статус"},
    "version": {"en": "Form version", "lt": "Formos versija", "lv": "Veidlapas versija", "ru": "Версия формы"},
    "created": {"en": "Created", "lt": "Sukurta", "lv": "Izveidots", "ru": "Создан"},
    "submitted": {"en": "Submitted", "lt": "Pateikta", "lv": "Iesniegts", "ru": "Подан"},
    "form": {"en": "Request", "lt": "Prašymas", "lv": "Pieprasījums", "ru": "Запрос"},
    "special": {"en": "Special categories (GDPR Art. 9/10) - extra attention",
                "lt": "Specialiosios kategorijos (BDAR 9/10 str.) - ypatingas dėmesys",
                "lv": "Īpašās kategorijas (VDAR 9./10. pants) - īpaša uzmanība",
                "ru": "Особые категории (GDPR ст. 9/10) - повышенное внимание"},
    "decision": {"en": "Decision", "lt": "Sprendimas", "lv": "Lēmums", "ru": "Решение"},
    "dpo": {"en": "Data protection officer", "lt": "Duomenų apsaugos pareigūnas",
            "lv": "Datu aizsardzības speciālists", "ru": "Специалист по защите данных"},
    "decided_at": {"en": "Decided", "lt": "Sprendimo laikas", "lv": "Lēmuma laiks", "ru": "Время решения"},
    "reason": {"en": "Reason", "lt": "Priežastis", "lv": "Iemesls", "ru": "Причина"},
    "granted": {"en": "Granted retention (days)", "lt": "Leistas saugojimo terminas (dienomis)",
                "lv": "Atļautais glabāšanas termiņš (dienās)", "ru": "Разрешённый срок хранения (дней)"},
    "valid_from": {"en": "Valid from", "lt": "Galioja nuo", "lv": "Derīgs no", "ru": "Действует с"},
    "valid_until": {"en": "Valid until", "lt": "Galioja iki", "lv": "Derīgs līdz", "ru": "Действует до"},
    "ended": {"en": "Ended", "lt": "Baigėsi", "lv": "Beidzās", "ru": "Завершён"},
    "destroyed": {"en": "Originals destroyed", "lt": "Sunaikinta originalų", "lv": "Iznīcināti oriģināli",
                  "ru": "Уничтожено оригиналов"},
    "pending": {"en": "Awaiting the decision", "lt": "Laukiama sprendimo", "lv": "Gaida lēmumu",
                "ru": "Ожидает решения"},
    "generated": {"en": "Generated", "lt": "Sugeneruota", "lv": "Izveidots", "ru": "Сформирован"},
    "yes": {"en": "Yes:", "lt": "Taip:", "lv": "Jā:", "ru": "Да:"},
    "no": {"en": "No", "lt": "Ne", "lv": "Nē", "ru": "Нет"},
}


def _l(key: str, lang: str) -> str:
    return L[key].get(lang, L[key]["en"])


def _fonts() -> tuple[pymupdf.Font, pymupdf.Font]:
    for d in FONT_DIRS:
        reg, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if reg.exists():
            return pymupdf.Font(fontfile=str(reg)), pymupdf.Font(fontfile=str(bold if bold.exists() else reg))
    fallback = pymupdf.Font("cjk")  # Droid Sans Fallback: Latin Extended-A and Cyrillic included
    return fallback, fallback


class _Writer:
    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.font, self.bold = _fonts()
        self.page: Any = None
        self.tw: Any = None
        self.y = PAGE_H
        self._new_page()

    def _new_page(self) -> None:
        self._flush()
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.tw = pymupdf.TextWriter(self.page.rect)
        self.y = MARGIN

    def _flush(self) -> None:
        if self.tw is not None and self.page is not None:
            self.tw.write_text(self.page)

    def _wrap(self, text: str, font: pymupdf.Font, size: float, width: float) -> list[str]:
        lines: list[str] = []
        for para in (text or "").splitlines() or [""]:
            line = ""
            for word in para.split(" "):
                cand = f"{line} {word}" if line else word
                if font.text_length(cand, fontsize=size) <= width or not line:
                    line = cand
                    while font.text_length(line, fontsize=size) > width and len(line) > 1:  # very long word
                        cut = len(line) - 1
                        while cut > 1 and font.text_length(line[:cut], fontsize=size) > width:
                            cut -= 1
                        lines.append(line[:cut])
                        line = line[cut:]
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines

    def text(self, text: str, *, size: float = 10, bold: bool = False, indent: float = 0,
             gap: float = 2) -> None:
        font = self.bold if bold else self.font
        for line in self._wrap(text, font, size, PAGE_W - 2 * MARGIN - indent):
            if self.y + size > PAGE_H - MARGIN:
                self._new_page()
            self.y += size * 1.25
            self.tw.append((MARGIN + indent, self.y), line, font=font, fontsize=size)
        self.y += gap

    def field(self, label: str, value: str) -> None:
        self.text(label, size=9, bold=True, gap=0)
        self.text(value or "—", size=10, indent=10, gap=5)

    def finish(self) -> bytes:
        self._flush()
        data = self.doc.tobytes(garbage=3, deflate=True)
        self.doc.close()
        return data


def _value(name: str, v: Any, lang: str) -> str:
    if v is None or v == [] or v == "":
        return "—"
    if name == "acknowledged":
        return (_l("yes", lang) + " " + ACK_STATEMENT[lang]) if v is True else _l("no", lang)
    if name in ("data_subjects", "data_categories"):
        return "; ".join(vocab_label(c, lang) for c in v)
    if name == "legal_basis":
        return vocab_label(v, lang)
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def render_request(session: Session, req: TransferRequest, lang: str | None = None) -> bytes:
    """The request as PDF bytes, in ``lang`` (default: the client's language stored on the request)."""
    lang = lang_of(lang or req.lang)
    org = session.get(Organisation, req.organisation_id)
    zone = org.timezone if org else None  # times in the organisation's zone, each labelled
    w = _Writer()
    w.text(f"{_l('title', lang)} {req.reference}", size=16, bold=True, gap=8)
    w.field(_l("reference", lang), req.reference)
    w.field(_l("state", lang), state_label(req.state, lang))
    w.field(field_label("organisation", lang), org.name if org else req.organisation_id)
    w.field(_l("version", lang), str(req.schema_version))
    w.field(_l("created", lang), fmt_time(req.created_at, lang, zone))
    w.field(_l("submitted", lang), fmt_time(req.submitted_at, lang, zone))
    w.text(_l("form", lang), size=13, bold=True, gap=6)
    answers = req.answers or {}
    for f in schema(req.schema_version).fields:
        v = [x.ticket.ref for x in req.tickets] if f.name == "tickets" else answers.get(f.name)
        w.field(field_label(f.name, lang), _value(f.name, v, lang))
        if f.name == "data_categories" and (sp := special(answers.get(f.name) or [])):
            w.field("!! " + _l("special", lang), "; ".join(vocab_label(c, lang) for c in sp))
    w.text(_l("decision", lang), size=13, bold=True, gap=6)
    w.field(_l("decision", lang), state_label(req.state, lang) if req.decided_at else _l("pending", lang))
    w.field(_l("dpo", lang), req.decided_by_name or "—")
    w.field(_l("decided_at", lang), fmt_time(req.decided_at, lang, zone))
    w.field(_l("reason", lang), req.decision_reason or "—")
    if req.valid_from:
        w.field(_l("granted", lang), str(req.retention_days))
        w.field(_l("valid_from", lang), fmt_time(req.valid_from, lang, zone))
        w.field(_l("valid_until", lang), fmt_time(req.valid_until, lang, zone))
    if req.ended_at:
        w.field(_l("ended", lang), f"{fmt_time(req.ended_at, lang, zone)} ({state_label(req.state, lang)})")
        if req.end_reason and req.end_reason != req.decision_reason:
            w.field(_l("reason", lang), req.end_reason)
        w.field(_l("destroyed", lang), str(req.originals_destroyed or 0))
    w.text(f"{_l('generated', lang)}: {fmt_time(now(), lang, zone)}", size=8, gap=0)
    return w.finish()

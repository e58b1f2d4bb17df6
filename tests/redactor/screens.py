"""Helpers (for tests/redactor) that render UI screens from HTML in the machine's Chromium.

Each screen holds personal values in the contexts a single grey Tesseract pass misses: a selected
grid row (white on blue), coloured chips, a dark panel inside a light page, 9-10 px text, pale grey
on grey, a monospace log; each value sits next to a label that must survive redaction.
:func:`screenshot` returns PNG bytes; it raises ``RuntimeError`` when Chromium is missing, so the
tests can skip with a reason instead of passing vacuously.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# valid checksums: the recognizers must detect them when they are read
CODE_A, CODE_B, CODE_C = "38805121008", "49203041002", "37501011008"
IBAN_A, IBAN_B = "LT797300010112394474", "LT237044060008172613"
MAIL_A, MAIL_B, MAIL_C = "ruta.kazlauskiene@pastas.lt", "mindaugas.vilkas@imone.lt", "greta.balt@post.lv"
PHONE_A, PHONE_B = "+370 612 34567", "+370 698 76543"

_STYLE = """
body{margin:0;font-family:'DejaVu Sans',Arial,sans-serif;background:#fff;color:#222;width:980px}
h1{font-size:18px;margin:12px 16px}
table{border-collapse:collapse;margin:0 16px;width:948px;font-size:13px}
th{background:#f1f3f5;text-align:left;padding:6px 8px;border-bottom:1px solid #ccd}
td{padding:6px 8px;border-bottom:1px solid #e3e6ea}
tr.sel td{background:#0a64d8;color:#fff}
tr.off td{color:#a3a3a3;background:#f0f0f0}
.chips{margin:14px 16px;font-size:13px}
.chip{display:inline-block;border-radius:11px;padding:3px 10px;margin-right:10px}
.c1{background:#2e7d32;color:#fff}.c2{background:#e3f2fd;color:#0d47a1}.c3{background:#c62828;color:#fff}
.dark{background:#1f2329;color:#d6d9de;margin:14px 16px;padding:10px 14px;font-size:13px}
.small{font-size:9.5px;margin:10px 16px;color:#333}
.log{font-family:'DejaVu Sans Mono',monospace;font-size:12px;background:#0c0c0c;color:#9be39b;
     margin:10px 16px;padding:8px}
"""


def grid_html() -> str:
    """A customer grid with a selected row, chips, a dark panel, small print and a log."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>{_STYLE}</style></head><body>
<h1>Klientai / Customers</h1>
<table><tr><th>Vardas</th><th>Asmens kodas</th><th>Telefonas</th><th>El. paštas</th><th>Būsena</th></tr>
<tr><td>Petras Jonaitis</td><td>Nėra duomenų</td><td>Skambinti vėliau</td><td>Nenurodyta</td>
<td>Aktyvus</td></tr>
<tr class="sel"><td>Rūta Kazlauskienė</td><td>{CODE_A}</td><td>{PHONE_A}</td><td>{MAIL_A}</td>
<td>Pažymėta</td></tr>
<tr class="off"><td>Archyvas</td><td>{CODE_C}</td><td>Išjungta</td><td>Nėra</td><td>Neaktyvus</td></tr>
</table>
<div class="chips">Kontaktas: <span class="chip c1">{MAIL_B}</span>
Tel.: <span class="chip c2">{PHONE_B}</span>
<span class="chip c3">Skubu</span></div>
<div class="dark">Mokėtojas &nbsp; Sąskaita: {IBAN_A} &nbsp; Asmens kodas: {CODE_B}</div>
<div class="small">Smulkus šriftas. Gavėjo sąskaita {IBAN_B}, el. paštas {MAIL_C}. Ačiū.</div>
<div class="log">2026-11-30 12:04:11 INFO ticket 4411 opened, status Naujas</div>
</body></html>"""


GRID_VALUES = [CODE_A, PHONE_A, MAIL_A, CODE_C, MAIL_B, PHONE_B, IBAN_A, CODE_B, IBAN_B, MAIL_C]
GRID_LABELS = ["Klientai", "Vardas", "Telefonas", "Aktyvus", "Kontaktas", "Skubu", "Mokėtojas",
               "Smulkus", "Archyvas"]


def screenshot(html: str, *, scale: float = 1.0, width: int = 1012) -> bytes:
    """PNG screenshot of ``html`` (full page) at device scale factor ``scale``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - test extra not installed
        raise RuntimeError("playwright is not installed") from exc
    if not shutil.which(CHROMIUM) and not CHROMIUM.startswith("/"):
        raise RuntimeError("chromium is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 600}, device_scale_factor=scale)
            page.set_content(html)
            return page.screenshot(full_page=True, type="png")
        finally:
            browser.close()


def log_html(rows: list[str], *, background: str = "#1e1e1e", ink: str = "#d4d4d4", line: int = 14,
             width: int = 1000, bar: str = "#3c3c3c;color:#ddd", numbers: str = "#5c6370") -> str:
    """A dark journalctl-style log viewer: numbered, time-stamped 12 px DejaVu Sans Mono ``rows``."""
    lines = "".join(f"<div><span class=n>{i + 1:>2}</span> 2026-02-{i + 1:02d} 09:{i:02d}:01 {r}</div>"
                    for i, r in enumerate(rows))
    style = (f"body{{margin:0;background:{background};color:{ink};font:12px/{line}px 'DejaVu Sans Mono',"
             f"monospace;width:{width}px}}.h{{background:{bar};padding:4px 8px}}"
             f".n{{color:{numbers}}}div{{white-space:pre;padding-left:8px}}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head><body>"
            f"<div class=h>journalctl -u billing</div>{lines}</body></html>")


def shot_or_skip(html: str, *, scale: float = 1.0, width: int = 1012) -> bytes:
    """:func:`screenshot`, or the test skipped with the reason (a failure under ``CI=true``)."""
    import pytest

    try:
        return screenshot(html, scale=scale, width=width)
    except Exception as exc:  # noqa: BLE001 - no browser here: say so instead of passing
        pytest.skip(f"Chromium screenshot unavailable: {exc}")


def jpeg_screenshot(html: str, *, width: int, quality: int) -> bytes:
    """:func:`shot_or_skip` at scale 1 re-encoded as a JPEG of ``quality`` (a pasted screen)."""
    import io

    from PIL import Image

    png = shot_or_skip(html, width=width)
    buf = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


CHAT_NAMES = ["Paulīna", "Kristīne", "Darija"]  # listed first names, each mentioned at a bubble's start
CHAT_LABELS = ["lūdzu", "pārbaudi"]  # the caption's author is a name too


def chat_html(px: int = 14) -> str:
    """A chat: a grey caption (author, time) over each message bubble; each message opens with an
    '@' mention of a first name, which OCR reads as '(' or 'G' at some sizes."""
    bubbles = "".join(
        f'<div class="who">Roberts Lūsis · 11:{10 + i:02d}</div>'
        f'<div class="b">@{n} No. 2285{i}2 lūdzu pārbaudi</div>' for i, n in enumerate(CHAT_NAMES))
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:'DejaVu Sans',sans-serif;font-size:{px}px;background:#fff;color:#222;
     width:600px;padding:10px}}
.who{{color:#777;font-size:{px - 1}px;margin:8px 14px 2px}}
.b{{display:inline-block;background:#f3f5f8;border-radius:12px;padding:8px 12px;margin:0 6px}}
</style></head><body>{bubbles}</body></html>"""


CHIP_IBAN, CHIP_PHONE = "LT04 7300 0601 0304 5652", "+371 28182827"
BUBBLE_MAIL = "david_sib26@gmail.com"
COLOUR_LABELS = ["Pilsēta", "Statuss", "Aktīvs", "INV-2026-54915"]  # a city under "Pilsēta" is an address


def colour_card_html() -> str:
    """Small-caps captions right over their coloured chips (a red chip with white letters, a dim
    chip on a dark panel), and green chat bubbles with rounded ends holding white text."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:'DejaVu Sans',sans-serif;font-size:9px;background:#fff;color:#222;width:700px}}
.f{{margin:10px 16px}} .cap{{font-size:8px;color:#777;text-transform:uppercase;margin:0}}
.chip{{display:inline-block;border-radius:4px;padding:1px 6px;font-weight:bold;margin-top:1px}}
.red{{background:#d63847;color:#fff}}
.dark{{background:#1e1f22;color:#ccc;padding:10px 16px;font-size:11px}}
.dim{{background:#3a3d55;color:#dcdcf0;border-radius:10px;padding:3px 10px;display:inline-block}}
.chat{{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:10px;padding:8px 16px}}
.b{{display:inline-block;background:#2e7d32;color:#fff;border-radius:14px;padding:6px 14px;margin:4px 0}}
</style></head><body>
<div class="f"><p class="cap">Pilsēta</p>Rīga</div>
<div class="f"><p class="cap">Konts</p><span class="chip red">{CHIP_IBAN}</span></div>
<div class="f"><p class="cap">Statuss</p>Aktīvs</div>
<div class="dark"><p class="cap">Tālr.</p><span class="dim">{CHIP_PHONE}</span></div>
<div class="chat"><div class="b">Paldies! INV-2026-54915</div><br>
<div class="b">E-mail {BUBBLE_MAIL}</div></div>
</body></html>"""

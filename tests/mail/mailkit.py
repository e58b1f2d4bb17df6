"""Helpers for the mail tests: build real messages (PIL screenshot, PyMuPDF PDF), send them over
SMTP, and look at everything a captured message carries (every MIME part decoded, images OCR'd)."""

from __future__ import annotations

import io
import smtplib
import subprocess
import tempfile
import time
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont

from tests.redactor.redactor_docs import make_text_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LT_CODE = "38703181745"  # passes the Lithuanian checksum


def iban(cc: str, bban: str) -> str:
    n = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    return f"{cc}{98 - n % 97:02d}{bban}"


IBAN = iban("LT", "1000011101001000")
THIRD_EMAIL = "jonas.jonaitis@example.com"
VALUES = (LT_CODE, IBAN, THIRD_EMAIL)


def screenshot(lines: list[str]) -> bytes:
    img = Image.new("RGB", (1200, 80 + 60 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * 60), line, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def pii_mail(*, sender: str, to: str, subject: str, msg_id: str, extra: dict[str, str] | None = None,
             files: bool = True) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"Ona Onaitė <{sender}>"
    m["To"] = to
    m["Subject"] = subject
    m["Message-ID"] = msg_id
    for k, v in (extra or {}).items():
        m[k] = v
    m.set_content(f"Laba diena,\nmūsų klientas turi asmens kodą {LT_CODE}, sąskaita {IBAN},\n"
                  f"jo el. paštas {THIRD_EMAIL}.\nAčiū, Ona Onaitė\n")
    m.add_alternative(f"<p>Klientas {LT_CODE}, IBAN {IBAN}, rašykite {THIRD_EMAIL}</p>"
                      "<img src='cid:shot1'><img src='http://tracker.example/p.gif'><script>x()</script>",
                      subtype="html")
    if files:
        shot = screenshot([f"Asmens kodas: {LT_CODE}", f"IBAN: {IBAN}", f"E-mail: {THIRD_EMAIL}"])
        m.get_payload()[1].add_related(shot, maintype="image", subtype="png", cid="<shot1>")
        m.add_attachment(shot, maintype="image", subtype="png", filename="ekrano-kopija.png")
        pdf = make_text_pdf([f"Client personal code {LT_CODE}", f"Account {IBAN}", f"Mail {THIRD_EMAIL}"],
                            extras=False)
        m.add_attachment(pdf, maintype="application", subtype="pdf", filename="sutartis.pdf")
    return m


def send(port: int, msg: EmailMessage | bytes, *, mail_from: str, rcpts: list[str]) -> dict:
    with smtplib.SMTP("127.0.0.1", port, timeout=120) as s:
        data = msg if isinstance(msg, bytes) else msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        return s.sendmail(mail_from, rcpts, data)


def ocr(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        Image.open(io.BytesIO(data)).convert("RGB").save(f.name)
        return subprocess.run(["tesseract", f.name, "-", "-l", "eng"], capture_output=True, text=True,
                              check=True).stdout


def everything(msg) -> str:
    """Headers, every part's decoded bytes, the text of PDFs, OCR of every image."""
    import pymupdf

    out = [str(msg.items())]
    for part in msg.walk():
        out.append(str(part.items()))
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True) or b""
        out.append(data.decode("utf-8", "replace"))
        if part.get_content_type().startswith("image/"):
            out.append(ocr(data))
        if part.get_content_type() == "application/pdf":
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                out.extend(p.get_text() for p in doc)
    return "\n".join(out)


def squash(text: str) -> str:
    return "".join(text.split()).lower()


def wait(pred, timeout: float = 120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.3)
    return None

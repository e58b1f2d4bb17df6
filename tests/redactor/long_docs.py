"""Multi-page scanned PDFs built at test time: each page a grey raster of a few typed lines (one
person's name and e-mail address per page), inserted as the page's only content."""

from __future__ import annotations

import pymupdf

NAMES = ("Jonas Kazlauskas", "Ona Petraitienė", "Andris Bērziņš", "Ilze Ozola", "Mark Smith",
         "Anna Ivanova", "Laura Jankauskaitė", "Petras Vaitkus", "Marta Kalniņa", "Oleg Petrov")


def email(pno: int) -> str:
    first, last = NAMES[pno % len(NAMES)].split()
    return f"{first.lower()}.{pno + 1}@example.com".replace("ė", "e")


def scan_pdf(pages: int, *, dpi: int = 150) -> bytes:
    """A scanned PDF of ``pages`` A4 pages; page ``n`` shows :func:`email` ``(n)``."""
    out = pymupdf.open()
    for pno in range(pages):
        src = pymupdf.open()
        page = src.new_page(width=595, height=842)
        page.insert_text((60, 80), f"Page {pno + 1}: request from the client", fontsize=13)
        page.insert_text((60, 120), f"Reply to {email(pno)} please", fontsize=13)
        jpg = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=85)
        src.close()
        dst = out.new_page(width=595, height=842)
        dst.insert_image(dst.rect, stream=jpg)
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    return data

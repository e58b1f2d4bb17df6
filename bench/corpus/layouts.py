"""Registry of layouts: which template function, which output variants suit it, forced schemes.

A layout that is `page_like` is laid out on an A4-sized page (invoices, forms, letters); the
others are application screens. `variants` lists the output variants the layout may be rendered
as (a phone screenshot of an ERP grid would be unrealistic, a scan of a console too).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import tpl_apps, tpl_docs, tpl_screens

SCREEN = ("png", "png_down", "jpg", "photo")
ALL = SCREEN + ("pdf_text", "pdf_scan")


@dataclass(frozen=True)
class Layout:
    fn: Callable
    variants: tuple[str, ...]
    page_like: bool = False
    scheme: Callable[[random.Random], str] | None = None


def _light(rng: random.Random) -> str:
    return rng.choice(["light", "warm", "green"])


LAYOUTS: dict[str, Layout] = {
    "helpdesk": Layout(tpl_apps.helpdesk, ALL),
    "erp_grid": Layout(tpl_apps.erp_grid, SCREEN + ("pdf_text",)),
    "spreadsheet": Layout(tpl_apps.spreadsheet, SCREEN + ("pdf_text", "pdf_scan")),
    "console": Layout(tpl_screens.console, ("png", "png_down", "jpg")),
    "card": Layout(tpl_screens.card, ALL + ("phone",)),
    "mail": Layout(tpl_screens.mail, ALL + ("phone",)),
    "chat": Layout(tpl_screens.chat, ("png", "jpg", "phone", "photo")),
    "invoice": Layout(tpl_docs.invoice, ALL + ("phone",), page_like=True, scheme=_light),
    "form": Layout(tpl_docs.form, ALL + ("phone",), page_like=True),
    "toasts": Layout(tpl_docs.toasts, ("png", "png_down", "jpg")),
    "crm_mixed": Layout(tpl_docs.crm_mixed, ("png", "png_down", "jpg", "photo"), scheme=_light),
}

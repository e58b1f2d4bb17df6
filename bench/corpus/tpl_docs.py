"""Page-like documents and overlays: invoice, application form, toast notifications, mixed-theme CRM.

`invoice` and `form` are laid out on an A4 page (they become browser PDFs, scans and photos as
well as screenshots); `toasts` overlays notification cards on an app screen; `crm_mixed` puts a
dark side panel and a coloured header inside a light page (polarity differs within one image).
Each function takes a `tpl.Ctx` and returns the full HTML page; all values are labelled spans.
"""

from __future__ import annotations

from . import places, values
from .tpl import Ctx


def _addr_block(c: Ctx, *tags: str) -> str:
    """An address over two lines (street / postcode city), or city-first, or one line."""
    a = c.address_parts()
    r = c.rng.random()
    if r < 0.45:
        return "%s<br>%s" % (
            c.pii("ADDRESS", a.street, "split_address", *tags),
            c.pii("ADDRESS", a.city_line(), "split_address", *tags),
        )
    if r < 0.65:
        return "%s<br>%s" % (
            c.pii("ADDRESS", a.city_line(), "split_address", "city_first", *tags),
            c.pii("ADDRESS", a.street, "split_address", "city_first", *tags),
        )
    return c.pii("ADDRESS", a.one_line(c.rng), *tags)


def invoice(c: Ctx) -> str:
    r, s = c.rng, c.c
    c.base_tags = []  # the page is always light
    buyer = c.person()
    items = []
    prods = {
        "lt": ["Konsultacija", "Licencija", "Priežiūra", "Montavimas"],
        "lv": ["Konsultācija", "Licence", "Apkope", "Uzstādīšana"],
        "et": ["Konsultatsioon", "Litsents", "Hooldus", "Paigaldus"],
        "ru": ["Консультация", "Лицензия", "Обслуживание", "Монтаж"],
        "en": ["Consulting", "Licence", "Maintenance", "Installation"],
    }[c.lang]
    for i in range(r.randint(3, 6)):
        items.append(
            '<tr><td>%d</td><td>%s</td><td class="n">%d</td><td class="n">%s</td></tr>'
            % (i + 1, c.keep(r.choice(prods), "item"), r.randint(1, 9), c.money("table"))
        )
    layout_cols = r.random() < 0.5
    seller = "<b>%s</b><br>%s %s<br>%s" % (
        c.company(),
        c.L("ccode"),
        c.ccode(),
        c.keep(places.invoice_no(r), "invoice"),
    )
    customer = "%s<br>%s<br>%s %s<br>%s %s<br>%s %s" % (
        c.name(buyer, "invoice", order=r.choice(["fl", "lf"])),
        _addr_block(c, "invoice"),
        c.L("code"),
        c.code(buyer, "invoice"),
        c.L("phone"),
        c.phone("invoice"),
        c.L("email"),
        c.email(buyer, "invoice"),
    )
    css = """
body { padding: 48px 56px; background: #fff; color: #222; }
h1 { font-size: 1.8em; margin: 0 0 4px; color: %(accent)s; }
.parties { display: %(disp)s; gap: 40px; margin: 24px 0; } .parties > div { flex: 1; margin-bottom: 14px; }
.lab { color: #777; font-size: 0.85em; text-transform: uppercase; margin-bottom: 4px; }
table { width: 100%%; border-collapse: collapse; margin-top: 10px; }
th { text-align: left; border-bottom: 2px solid #333; padding: 5px; }
td { padding: 5px; border-bottom: 1px solid #ddd; }
.n { text-align: right; } .tot { text-align: right; margin-top: 14px; font-size: 1.2em; }
.pay { margin-top: 30px; padding: 10px; background: %(panel)s; border-left: 4px solid %(accent)s; }
""" % dict(s, disp="flex" if layout_cols else "block")
    body = (
        '<h1>%s %s</h1><div>%s: %s</div><div class="parties"><div><div class="lab">%s</div>%s</div>'
        '<div><div class="lab">%s</div>%s</div></div><table><tr><th>#</th><th>%s</th><th class="n">%s</th>'
        '<th class="n">%s</th></tr>%s</table><div class="tot">%s: %s</div>'
        '<div class="pay">IBAN %s<br>%s %s</div>'
        % (
            c.L("invoice"),
            c.keep(places.invoice_no(r), "invoice"),
            c.L("date"),
            c.date(),
            c.L("seller"),
            seller,
            c.L("customer"),
            customer,
            c.keep(prods[0], "header"),
            c.L("qty"),
            c.keep(c.L("total"), "header"),
            "".join(items),
            c.L("total"),
            c.money("total"),
            c.iban("invoice"),
            c.L("card"),
            c.card("invoice"),
        )
    )
    return c.page(body, css)


def form(c: Ctx) -> str:
    r, s = c.rng, c.c
    p = c.person()
    above = r.random() < 0.5
    rows = [
        (c.L("first"), c.name(p, "form", which="first")),
        (c.L("last"), c.name(p, "form", which="last")),
        (c.L("code"), c.code(p, "form")),
        (c.L("dob"), c.dob(p, "form")),
        (c.L("doc"), c.iddoc("form")),
        (c.L("phone"), c.phone("form")),
        (c.L("email"), c.email(p, "form")),
        (c.L("address"), _addr_block(c, "form")),
        (c.L("iban"), c.iban("form")),
        (c.L("company"), c.company()),
        (c.L("ccode"), c.ccode()),
        (c.L("date"), c.date()),
        (c.L("notes"), c.lookalike()),
    ]
    cells = "".join('<div class="row"><label>%s</label><div class="val">%s</div></div>' % kv for kv in rows)
    css = """
body { padding: 40px 50px; }
h1 { font-size: 1.5em; border-bottom: 2px solid %(accent)s; padding-bottom: 6px; }
.row { display: %(disp)s; margin: 0 0 %(gap)dpx; align-items: baseline; }
label { width: 210px; color: %(muted)s; display: block; %(lab)s }
.val { border-bottom: 1px dotted %(line)s; min-width: 280px; padding: 2px 4px; }
.sig { margin-top: 40px; }
""" % dict(
        s,
        disp="block" if above else "flex",
        gap=r.choice([8, 12, 16]),
        lab="font-size: 0.8em;" if above else "",
    )
    title = {"lt": "Prašymas", "lv": "Iesniegums", "et": "Avaldus", "ru": "Заявление", "en": "Application"}[
        c.lang
    ]
    body = '<h1>%s %s</h1>%s<div class="sig">%s ____________ %s</div>' % (
        c.keep(title, "title"),
        c.keep(places.ticket_no(r), "ticket"),
        cells,
        c.name(p, "signature"),
        c.date(),
    )
    return c.page(body, css)


def toasts(c: Ctx) -> str:
    r, s = c.rng, c.c
    rows = []
    for _ in range(r.randint(8, 12)):
        p = c.person()
        rows.append(
            "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
            % (
                c.keep(places.ticket_no(r), "ticket"),
                c.name(p, "table"),
                c.date(),
                c.keep(c.L("open"), "status"),
            )
        )
    toast = []
    kinds = [("#1f883d", "ok"), ("#cf222e", "err"), ("#9a6700", "warn"), ("#0969da", "info")]
    for _ in range(r.randint(2, 4)):
        col, k = r.choice(kinds)
        p = c.person()
        msg = r.choice(
            [
                lambda p=p: "%s %s %s" % (c.name(p, "toast", "on_color"), "→", c.phone("toast", "on_color")),
                lambda p=p: "%s: %s" % (c.L("email"), c.email(p, "toast", "on_color")),
                lambda p=p: (
                    "%s %s"
                    % (
                        c.keep(places.error_code(r), "toast", "on_color", "error_code"),
                        c.name(p, "toast", "on_color"),
                    )
                ),
                lambda p=p: "%s %s" % (c.L("iban"), c.iban("toast", "on_color")),
                lambda p=p: "%s %s" % (c.L("code"), c.code(p, "toast", "on_color")),
            ]
        )()
        toast.append(
            '<div class="toast t%s" style="background:%s"><b>%s</b><br>%s</div>'
            % (k, col, c.keep(k.upper(), "toast", "on_color"), msg)
        )
    css = """
.top { background: %(panel)s; border-bottom: 1px solid %(line)s; padding: 10px 14px; }
table { border-collapse: collapse; width: 70%%; margin: 14px; }
td { padding: 6px; border-bottom: 1px solid %(line)s; }
.stack { position: fixed; %(pos)s; width: 360px; }
.toast { color: #fff; border-radius: 8px; padding: 10px 14px; margin-bottom: 10px;
         box-shadow: 0 4px 14px rgba(0,0,0,.25); }
""" % dict(s, pos=r.choice(["right: 16px; top: 16px", "right: 16px; bottom: 16px", "left: 50%; top: 12px"]))
    body = '<div class="top">%s · %s</div><table>%s</table><div class="stack">%s</div>' % (
        c.company(),
        c.L("ticket"),
        "".join(rows),
        "".join(toast),
    )
    return c.page(body, css)


def crm_mixed(c: Ctx) -> str:
    r = c.rng
    c.base_tags = []  # light page with a dark panel: only the panel is `dark`
    p = c.person()
    dark = ["dark"]
    panel = "".join(
        '<div class="kv"><span class="k">%s</span> %s</div>' % kv
        for kv in [
            (c.L("customer"), c.name(p, "panel", *dark)),
            (c.L("phone"), c.phone("panel", *dark)),
            (c.L("email"), c.email(p, "panel", *dark)),
            (c.L("code"), c.code(p, "panel", *dark)),
            (c.L("iban"), c.iban("panel", *dark)),
            (c.L("company"), c.company(*dark)),
        ]
    )
    hist = []
    for _ in range(r.randint(5, 8)):
        q = c.person()
        grey = r.random() < 0.3
        t = ("low_contrast",) if grey else ()
        hist.append(
            '<tr class="%s"><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
            % (
                "g" if grey else "",
                c.date(*t),
                c.name(q, "table", *t),
                c.address("table", *t),
                c.keep(values.money(r, c.lang), "table", *t),
            )
        )
    hdr = r.choice(["#6f42c1", "#0b7285", "#c2255c", "#e8590c"])
    css = (
        """
body { background: #f4f5f7; color: #222; }
.hdr { background: %s; color: #fff; padding: 12px 16px; }
.wrap { display: flex; } .main { flex: 1; padding: 14px; }
.panel { width: 340px; background: #16181d; color: #dfe3ea; padding: 14px; height: calc(100vh - 44px); }
.kv { margin-bottom: 10px; } .k { display: block; color: #8a93a3; font-size: 0.8em; }
table { border-collapse: collapse; width: 100%%; background: #fff; }
td { padding: 6px; border-bottom: 1px solid #e3e5e8; } tr.g td { color: #b4b9c0; }
"""
        % hdr
    )
    body = (
        '<div class="hdr">%s · %s</div><div class="wrap"><div class="main"><table>%s</table></div>'
        '<div class="panel">%s</div></div>'
        % (c.keep("CRM", "header"), c.name(p, "on_color", "header"), "".join(hist), panel)
    )
    return c.page(body, css)

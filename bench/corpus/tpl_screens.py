"""Screen layouts: console/log viewer, key-value customer card with chips, mail client, chat, toasts.

Each function takes a `tpl.Ctx` and returns the full HTML page; all values are labelled spans.
The console is always monospace and dark; the card puts values on coloured chips/badges; the
toast layout overlays notifications on a light or dark app (spans hidden under a toast are
dropped by render.py's occlusion check).
"""

from __future__ import annotations

from . import names, places, values
from .tpl import Ctx


def console(c: Ctx) -> str:
    r = c.rng
    c.base_tags = list(dict.fromkeys([*c.base_tags, "dark", "monospace"]))
    lines = []
    for i in range(r.randint(14, 22)):
        ts = c.keep(
            "2026-%02d-%02d %02d:%02d:%02d"
            % (r.randint(1, 11), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)),
            "timestamp",
        )
        lvl = r.choice(["INFO", "INFO", "WARN", "ERROR", "DEBUG"])
        p = c.person()
        kind = r.randrange(7)
        if kind == 0:
            msg = "user login ok email=%s ip=%s" % (
                c.email(p, "log"),
                c.pii("IP_ADDRESS", values.ip(r), "log"),
            )
        elif kind == 1:
            msg = "payment failed card=%s code=%s" % (
                c.card("log"),
                c.keep(places.error_code(r), "error_code"),
            )
        elif kind == 2:
            msg = 'update customer id=%s name="%s" phone=%s' % (
                c.keep(str(r.randint(100000, 999999)), "record_id"),
                c.name(p, "log"),
                c.phone("log"),
            )
        elif kind == 3:
            msg = "kyc check personal_code=%s result=OK" % c.code(p, "log")
        elif kind == 4:
            msg = "sepa export iban=%s amount=%s order=%s" % (
                c.iban("log"),
                c.money(),
                c.keep(places.invoice_no(r), "order"),
            )
        elif kind == 5:
            msg = "GET /api/v2/orders/%s 200 %dms" % (
                c.keep(str(r.randint(10000, 99999)), "order"),
                r.randint(3, 900),
            )
        else:
            msg = 'shipping label addr="%s"' % c.address("log")
        color = {"INFO": "#8bd5a0", "WARN": "#e5c07b", "ERROR": "#ff6b6b", "DEBUG": "#7f8c98"}[lvl]
        lines.append(
            '<div class="ln"><span class="n">%3d</span> %s <span style="color:%s">%-5s</span> %s</div>'
            % (i + 1, ts, color, lvl, msg)
        )
    bg = r.choice(["#0c0c0c", "#1e1e1e", "#002b36", "#282c34"])
    fg = r.choice(["#cccccc", "#d4d4d4", "#93a1a1", "#abb2bf"])
    css = """
body { background: %s; color: %s; font-family: '%s', monospace; }
.title { background: #3c3c3c; color: #ddd; padding: 4px 10px; font-family: sans-serif; }
.ln { white-space: pre; padding: 0 8px; } .n { color: #5c6370; }
""" % (bg, fg, c.mono)
    body = '<div class="title">journalctl -u billing · %s</div>%s' % (
        c.keep("prod-app-0%d" % r.randint(1, 9), "host"),
        "".join(lines),
    )
    return c.page(body, css)


def card(c: Ctx) -> str:
    r, s = c.rng, c.c
    p = c.person()
    a = c.address_parts()
    chip = lambda x: '<span class="chip">%s</span>' % x  # noqa: E731
    badge = lambda x: '<span class="badge">%s</span>' % x  # noqa: E731
    beside = r.random() < 0.5
    fields = [
        (c.L("first"), c.name(p, "card", which="first")),
        (c.L("last"), c.name(p, "card", which="last")),
        (c.L("code"), chip(c.code(p, "chip"))),
        (c.L("dob"), c.dob(p, "card")),
        (c.L("phone"), chip(c.phone("chip"))),
        (c.L("email"), c.email(p, "card")),
        (c.L("street"), c.pii("ADDRESS", a.street, "card", "split_address")),
        (c.L("postcode"), c.pii("ADDRESS", a.postcode, "card", "split_address", "postcode")),
        (c.L("city"), c.pii("ADDRESS", a.city, "card", "split_address")),
        (c.L("iban"), badge(c.iban("chip"))),
        (c.L("doc"), c.iddoc("card")),
        (c.L("ccode"), c.ccode()),
        (c.L("notes"), c.lookalike()),
    ]
    r.shuffle(fields)
    cells = "".join('<div class="f"><div class="k">%s</div><div class="v">%s</div></div>' % f for f in fields)
    css = """
.head { display: flex; align-items: center; gap: 14px; padding: 14px 18px; background: %(panel)s;
        border-bottom: 1px solid %(line)s; }
.av { width: 48px; height: 48px; border-radius: 50%%; background: %(accent)s; }
.head .nm { font-size: 1.35em; font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(%(cols)d, 1fr); gap: 10px 24px; padding: 16px 18px; }
.f { display: %(disp)s; gap: 10px; } .k { color: %(muted)s; min-width: 110px; %(kstyle)s }
.chip { background: %(chip_bg)s; color: %(chip_fg)s; border-radius: 12px; padding: 2px 9px; }
.badge { background: %(badge)s; color: #fff; border-radius: 4px; padding: 2px 6px; font-weight: 600; }
.tags span { margin-right: 6px; }
""" % dict(
        s,
        cols=r.choice([2, 2, 3]),
        disp="flex" if beside else "block",
        kstyle="" if beside else "font-size: 0.8em; text-transform: uppercase;",
        badge=r.choice(["#d73a49", "#6f42c1", "#e36209", "#2da44e"]),
    )
    body = (
        '<div class="head"><div class="av"></div><div><div class="nm">%s</div>'
        '<div class="tags">%s %s</div></div>'
        '</div><div class="grid">%s</div>'
        % (c.name(p, "header"), chip(c.keep(c.L("vip"), "chip")), badge(c.keep("B2C", "chip")), cells)
    )
    return c.page(body, css)


def mail(c: Ctx) -> str:
    r, s = c.rng, c.c
    people = [c.person() for _ in range(r.randint(6, 9))]
    cur = people[0]
    items = []
    for i, p in enumerate(people):
        cls = ' class="cur"' if i == 0 else ""
        t = ("selected_row",) if i == 0 else ()
        items.append(
            '<div%s><div class="fr">%s</div><div class="sb">%s</div><div class="muted">%s</div></div>'
            % (cls, c.name(p, "list", *t), c.keep(places.ticket_no(r), "ticket", *t), c.date(*t))
        )
    greet = c.name(cur, "greeting", which="first")
    if c.lang == "lt" and r.random() < 0.5:
        voc = names.lt_vocative(cur.first)
        greet = c.pii("PERSON", voc, "greeting", "inflected", "lone_first_name", cur.tag_for("first"))
    body_txt = {
        "lt": "mano užsakymas %s neatkeliavo. Adresas: %s. Telefonas %s, gimimo data %s.",
        "lv": "mans pasūtījums %s nav piegādāts. Adrese: %s. Tālrunis %s, dzimšanas datums %s.",
        "et": "minu tellimus %s ei ole kohale jõudnud. Aadress: %s. Telefon %s, sünniaeg %s.",
        "ru": "мой заказ %s не доставлен. Адрес: %s. Телефон %s, дата рождения %s.",
        "en": "my order %s has not arrived. Address: %s. Phone %s, date of birth %s.",
    }[c.lang]
    text = body_txt % (
        c.keep(places.invoice_no(r), "order"),
        c.address("email_body"),
        c.phone("email_body"),
        c.dob(cur, "email_body"),
    )
    sig = "%s<br>%s<br>%s" % (c.name(cur, "signature"), c.email(cur, "signature"), c.phone("signature"))
    css = (
        """
.app { display: flex; height: 100vh; }
.nav { width: 150px; background: %(panel)s; padding: 10px; border-right: 1px solid %(line)s; }
.list { width: 32%%; border-right: 1px solid %(line)s; overflow: hidden; }
.list > div { padding: 7px 10px; border-bottom: 1px solid %(line)s; }
.list > div.cur { background: %(sel_bg)s; color: %(sel_fg)s; }
.list > div.cur .muted { color: %(sel_fg)s; }
.fr { font-weight: 600; } .read { flex: 1; padding: 14px 18px; }
.hdr { border-bottom: 1px solid %(line)s; padding-bottom: 8px; margin-bottom: 12px; }
"""
        % s
    )
    body = (
        '<div class="app"><div class="nav">%s<br><br>%s<br>%s</div><div class="list">%s</div>'
        '<div class="read"><div class="hdr"><b>%s</b><br>%s &lt;%s&gt;<br><span class="muted">%s</span></div>'
        "<p>%s,</p><p>%s</p><p>%s,<br>%s</p></div></div>"
        % (
            c.keep("Inbox", "menu"),
            c.keep("Sent", "menu"),
            c.keep("Archive", "menu"),
            "".join(items),
            c.keep(c.L("subject") + ": " + places.ticket_no(r), "subject"),
            c.name(cur, "header"),
            c.email(cur, "header"),
            c.date(),
            greet,
            text,
            c.L("thanks"),
            sig,
        )
    )
    return c.page(body, css)


def chat(c: Ctx) -> str:
    r, s = c.rng, c.c
    me, other = c.person(), c.person()
    msgs = []
    lines = [
        lambda: (
            "%s %s"
            % (
                {
                    "lt": "mano numeris",
                    "lv": "mans numurs",
                    "et": "minu number",
                    "ru": "мой номер",
                    "en": "my number is",
                }[c.lang],
                c.phone("chat"),
            )
        ),
        lambda: "%s: %s" % (c.L("code"), c.code(other, "chat")),
        lambda: "%s %s" % (c.L("iban"), c.iban("chat")),
        lambda: (
            "@%s %s" % (c.name(me, "chat", "mention", which="first"), c.keep(places.invoice_no(r), "order"))
        ),
        lambda: "%s %s" % (c.L("email"), c.email(other, "chat")),
        lambda: "%s, %s" % (c.address("chat"), c.lookalike()),
        lambda: c.keep(places.error_code(r), "error_code") + " " + c.date(),
    ]
    r.shuffle(lines)
    bubble = r.choice(["#0b93f6", "#2e7d32", "#6d28d9", "#e8e8e8"])
    fg = "#111" if bubble == "#e8e8e8" else "#fff"
    for i, f in enumerate(lines):
        mine = i % 2 == 1
        who = me if mine else other
        saved = c.base_tags
        if mine and bubble != "#e8e8e8":
            c.base_tags = [*saved, "on_color"]
        text = f()
        c.base_tags = saved
        msgs.append(
            '<div class="m %s"><div class="who">%s · %s</div><div class="bub">%s</div></div>'
            % (
                "me" if mine else "them",
                c.name(who, "chat"),
                c.keep("%02d:%02d" % (r.randint(8, 19), r.randint(0, 59)), "time"),
                text,
            )
        )
    css = (
        """
.top { background: %(accent)s; color: #fff; padding: 10px 14px; font-weight: 600; }
.m { margin: 8px 14px; max-width: 75%%; } .m.me { margin-left: auto; }
.who { font-size: 0.8em; color: %(muted)s; margin-bottom: 2px; }
.bub { background: %(panel)s; border-radius: 12px; padding: 7px 11px; display: inline-block; }
.me .bub { background: BUB; color: FG; }
""".replace("BUB", bubble).replace("FG", fg)
        % s
    )
    body = '<div class="top">%s</div>%s' % (c.name(other, "header"), "".join(msgs))
    return c.page(body, css)

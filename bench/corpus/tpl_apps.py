"""Business-application layouts: helpdesk ticket view, ERP customer grid, spreadsheet.

Each function takes a `tpl.Ctx` and returns the full HTML page; all values are labelled spans.
The grid has one SELECTED row (white on the selection colour) and disabled grey rows; the
spreadsheet has separate first-name / surname columns, addresses split over street | postcode |
city cells and a formula bar that repeats the active cell's value.
"""

from __future__ import annotations

from . import places, values
from .tpl import Ctx


def helpdesk(c: Ctx) -> str:
    r, s = c.rng, c.c
    p, agent = c.person(), c.person()
    tno = c.keep("#%d" % r.randint(10000, 99999), "ticket")
    addr = c.address_parts()
    comments = []
    for i in range(r.randint(2, 3)):
        who = p if i % 2 == 0 else agent
        body = [
            "%s, %s." % (c.L("hello"), c.name(agent if who is p else p, "comment", which="first")),
            {
                "lt": "Prašau pakeisti mano telefoną į %s ir sąskaitą %s.",
                "lv": "Lūdzu nomainīt manu tālruni uz %s un kontu %s.",
                "et": "Palun muutke minu telefon %s ja konto %s.",
                "ru": "Прошу изменить мой телефон на %s и счёт %s.",
                "en": "Please change my phone to %s and my account to %s.",
            }[c.lang]
            % (c.phone("comment"), c.iban("comment"))
            if i == 0
            else {
                "lt": "Klaida %s kartojasi nuo %s, užsakymas %s.",
                "lv": "Kļūda %s atkārtojas kopš %s, pasūtījums %s.",
                "et": "Viga %s kordub alates %s, tellimus %s.",
                "ru": "Ошибка %s повторяется с %s, заказ %s.",
                "en": "Error %s keeps coming back since %s, order %s.",
            }[c.lang]
            % (c.keep(places.error_code(r), "error_code"), c.date(), c.lookalike()),
            "%s,<br>%s" % (c.L("thanks"), c.name(who, "signature")),
        ]
        comments.append(
            '<div class="cm"><div class="cmh">%s <span class="muted">%s</span></div>%s</div>'
            % (c.name(who, "comment_header"), c.date(), "<br>".join(body))
        )
    side = "".join(
        '<div class="kv"><div class="k">%s</div><div class="v">%s</div></div>' % kv
        for kv in [
            (c.L("customer"), c.name(p, "sidebar")),
            (c.L("email"), c.email(p, "sidebar")),
            (c.L("phone"), c.phone("sidebar")),
            (c.L("code"), c.code(p, "sidebar")),
            (
                c.L("address"),
                c.pii("ADDRESS", addr.street, "sidebar", "split_address")
                + "<br>"
                + c.pii("ADDRESS", addr.city_line(), "sidebar", "split_address"),
            ),
            (c.L("company"), c.company()),
            (c.L("status"), '<span class="chip">%s</span>' % c.keep(c.L("open"), "chip")),
        ]
    )
    css = (
        """
.top { background: %(accent)s; color: #fff; padding: 8px 14px; font-weight: 600; }
.wrap { display: flex; height: calc(100vh - 36px); }
.main { flex: 1; padding: 14px; overflow: hidden; }
.side { width: 34%%; background: %(panel)s; border-left: 1px solid %(line)s; padding: 12px;
        overflow: hidden; }
.cm { border: 1px solid %(line)s; border-radius: 6px; padding: 10px; margin-bottom: 10px; }
.cmh { font-weight: 600; margin-bottom: 6px; }
.kv { margin-bottom: 9px; } .k { color: %(muted)s; font-size: 0.85em; }
.chip { background: %(chip_bg)s; color: %(chip_fg)s; border-radius: 10px; padding: 2px 8px; }
h2 { margin: 0 0 10px; font-size: 1.3em; }
"""
        % s
    )
    body = (
        '<div class="top">Helpdesk · %s %s</div><div class="wrap"><div class="main"><h2>%s</h2>%s</div>'
        '<div class="side">%s</div></div>'
    ) % (c.L("ticket"), tno, c.keep(_subject(c), "subject"), "".join(comments), side)
    return c.page(body, css)


def _subject(c: Ctx) -> str:
    return {
        "lt": "Neveikia prisijungimas",
        "lv": "Nevar pieslēgties",
        "et": "Sisselogimine ei tööta",
        "ru": "Не работает вход",
        "en": "Cannot log in",
    }[c.lang]


def erp_grid(c: Ctx) -> str:
    r, s = c.rng, c.c
    n = r.randint(6, 9)
    sel = r.randrange(n)
    disabled = set(r.sample(range(n), 2)) - {sel}
    split = r.random() < 0.5  # separate first-name / surname columns
    names = [c.L("first"), c.L("last")] if split else [c.L("name")]
    cols = [*names, c.L("code"), c.L("phone"), c.L("email"), "IBAN", c.L("city"), c.L("status"), c.L("total")]
    head = "".join("<th>%s</th>" % c.keep(h, "header") for h in cols)
    rows = []
    for i in range(n):
        p = c.person()
        t = ["selected_row"] if i == sel else (["low_contrast", "disabled_row"] if i in disabled else [])
        a = c.address_parts()
        who = (
            [c.name(p, "table", *t, which="first"), c.name(p, "table", *t, which="last")]
            if split
            else [c.name(p, "table", *t, order=r.choice(["fl", "lf"]))]
        )
        chip = '<span class="chip">%s</span>' % c.keep(r.choice([c.L("open"), c.L("vip"), "B2B"]), "chip", *t)
        cells = [
            *who,
            c.code(p, "table", *t),
            c.phone("table", *t),
            c.email(p, "table", *t),
            c.iban("table", *t),
            c.pii("ADDRESS", a.city, "table", "split_address", *t),
            chip,
            c.keep(values.money(r, c.lang), "table", *t),
        ]
        cls = ' class="sel"' if i == sel else (' class="dis"' if i in disabled else "")
        rows.append("<tr%s>%s</tr>" % (cls, "".join("<td>%s</td>" % x for x in cells)))
    css = (
        """
.bar { background: %(panel)s; border-bottom: 1px solid %(line)s; padding: 6px 10px; }
.bar b { margin-right: 16px; }
table { border-collapse: collapse; width: 100%%; }
th { text-align: left; background: %(panel)s; border-bottom: 2px solid %(line)s; padding: 5px 6px;
     font-weight: 600; }
td { padding: 4px 6px; border-bottom: 1px solid %(line)s; }
tr:nth-child(even) td { background: %(panel)s; }
tr.sel td { background: %(sel_bg)s; color: %(sel_fg)s; }
tr.dis td { color: %(dis)s; }
.chip { background: %(chip_bg)s; color: %(chip_fg)s; border-radius: 9px; padding: 1px 7px; font-size: 0.9em; }
.foot { padding: 6px 10px; color: %(muted)s; }
"""
        % s
    )
    body = (
        '<div class="bar"><b>%s</b> %s · %s</div><table><tr>%s</tr>%s</table><div class="foot">%s %s</div>'
        % (c.company(), c.L("customer"), c.ccode(), head, "".join(rows), c.L("total"), c.money())
    )
    return c.page(body, css)


def spreadsheet(c: Ctx) -> str:
    r, s = c.rng, c.c
    n = r.randint(5, 8)
    cols = [c.L("first"), c.L("last"), c.L("code"), c.L("street"), c.L("postcode"), c.L("city"), c.L("phone")]
    active = (r.randrange(n), r.choice([0, 1, 2, 6]))
    rows, formula = [], ""
    for i in range(n):
        p = c.person()
        a = c.address_parts()
        kind, code, ct = values.personal_code(r, c.lang, p.female, c.dob_of(p))
        texts = [
            ("PERSON", p.first, [p.tag_for("first"), "lone_first_name"]),
            ("PERSON", p.last, [p.tag_for("last"), "lone_surname"]),
            (kind, code, ct),
            ("ADDRESS", a.street, ["split_address"]),
            ("ADDRESS", a.postcode, ["split_address", "postcode"]),
            ("ADDRESS", a.city, ["split_address"]),
            ("PHONE",) + values.phone(r, c.lang),
        ]
        cells = []
        for j, (k, txt, tg) in enumerate(texts):
            cls = ' class="act"' if (i, j) == active else ""
            cells.append("<td%s>%s</td>" % (cls, c.pii(k, txt, "spreadsheet", *tg)))
            if (i, j) == active:
                formula = c.pii(k, txt, "formula_bar", *tg)
        rows.append('<tr><th class="rn">%d</th>%s</tr>' % (i + 2, "".join(cells)))
    letters = "".join("<th>%s</th>" % chr(65 + j) for j in range(len(cols)))
    head = "".join('<td class="h">%s</td>' % c.keep(h, "header") for h in cols)
    ref = "%s%d" % (chr(65 + active[1]), active[0] + 2)
    css = (
        """
.menu { background: %(accent)s; color: #fff; padding: 5px 10px; }
.fx { display: flex; border-bottom: 1px solid %(line)s; padding: 3px 6px; gap: 8px; background: %(bg)s; }
.fx .ref { width: 60px; border-right: 1px solid %(line)s; color: %(muted)s; }
.fx .f { font-style: italic; color: %(muted)s; }
table { border-collapse: collapse; }
th { background: %(panel)s; color: %(muted)s; font-weight: normal; border: 1px solid %(line)s;
     padding: 2px 6px; }
td { border: 1px solid %(line)s; padding: 2px 6px; }
td.h { font-weight: 600; background: %(panel)s; }
td.act { outline: 2px solid %(accent)s; outline-offset: -2px; }
.rn { width: 34px; }
.tabs { position: absolute; bottom: 0; left: 0; right: 0; background: %(panel)s; padding: 4px 10px;
        border-top: 1px solid %(line)s; }
"""
        % s
    )
    body = (
        '<div class="menu">%s — %s.xlsx</div><div class="fx"><span class="ref">%s</span>'
        '<span class="f">fx</span>'
        '%s</div><table><tr><th></th>%s</tr><tr><th class="rn">1</th>%s</tr>%s</table>'
        '<div class="tabs">%s · %s</div>'
        % (
            c.company(),
            c.keep("klientai_%d" % r.randint(2019, 2026), "file_name"),
            ref,
            formula,
            letters,
            head,
            "".join(rows),
            c.keep("Sheet1", "tab"),
            c.date(),
        )
    )
    return c.page(body, css)

"""A long document being processed shows a progress bar in its attachment row (pages done of
total, in the page's language), and the bar follows the server's progress without a reload."""

from __future__ import annotations

from tests.web.conftest import api_ticket, login

LABEL = {"lt": "Puslapis {d} iš {t}", "lv": "Lapa {d} no {t}", "ru": "Страница {d} из {t}",
         "en": "Page {d} of {t}"}


def _processing_attachment(site, ref: str, done: int, total: int) -> str:
    """An attachment row being processed (no job: the server's worker leaves it alone)."""
    from sargas.models import Attachment, Ticket

    with site.db() as s:
        t = s.query(Ticket).filter_by(ref=ref).one()
        a = Attachment(ticket_id=t.id, organisation_id=t.organisation_id, filename="long-scan.pdf",
                       file_type="pdf", size=6_000_000, sha256="0" * 64, state="processing",
                       pages_done=done, pages_total=total)
        s.add(a)
        s.commit()
        return a.id


def _set(site, att_id: str, done: int) -> None:
    from sargas.models import Attachment

    with site.db() as s:
        s.get(Attachment, att_id).pages_done = done
        s.commit()


def test_progress_bar_in_the_attachment_row_follows_the_pages(site, new_page):
    for lang in ("lt", "ru"):
        ref = api_ticket(site, f"client_{lang}", f"Long scan {lang}")
        att_id = _processing_attachment(site, ref, 2, 50)
        page = new_page()
        login(page, site, f"client_{lang}")
        page.goto(f"{site.url}/tickets/{ref}")
        bar = page.locator("tr[data-poll] [data-pages] progress")
        assert bar.get_attribute("max") == "50" and bar.get_attribute("value") == "2"
        label = page.locator("tr[data-poll] [data-pages-label]")
        assert label.inner_text() == LABEL[lang].format(d=2, t=50)
        _set(site, att_id, 37)
        page.wait_for_function(
            "() => document.querySelector('tr[data-poll] [data-pages] progress').value == 37", timeout=15_000)
        assert label.inner_text() == LABEL[lang].format(d=37, t=50)
        _set(site, att_id, 50)

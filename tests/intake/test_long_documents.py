"""Long documents in the service: pages done / total are visible in the attachment's status (API
and the web UI's state endpoint) while it is processed and after; a document past its CPU-time
budget fails closed (nothing published, original destroyed) and the client is told why and what
to do (split the file, or file a transfer request) in the organisation's language."""

from __future__ import annotations

import time

from intake_api import notices, pipeline
from intake_api.models import FAILED, Job
from intake_api.worker import RedactorProcess
from redactor.types import FileType
from retention import vault
from sargas import outbox
from sargas.db import session_scope
from sargas.models import Attachment
from tests.intake.conftest import new_ticket, registered_job, upload
from tests.redactor.long_docs import email, scan_pdf


def test_pages_done_and_total_are_visible_in_the_api_while_a_scan_is_processed(client, world):
    pages = 3
    ref = new_ticket(client, world)
    r = upload(client, world, ref, scan_pdf(pages, dpi=100), name="contract.pdf", ctype="application/pdf")
    assert r.status_code == 202, r.text
    att_id = r.json()["id"]
    seen: list[tuple[int | None, int | None]] = []
    end = time.monotonic() + 600
    while time.monotonic() < end:
        st = client.get(f"/api/v1/attachments/{att_id}", headers=world.h("client_a")).json()
        if st["state"] != "processing":
            break
        seen.append((st["pages_done"], st["pages_total"]))
        time.sleep(0.1)
    assert st["state"] == "published", st
    assert (st["pages_done"], st["pages_total"]) == (pages, pages) and st["pages"] == pages
    during = [s for s in seen if s[1] is not None]
    assert all(t == pages and 0 <= d <= pages for d, t in during), during
    assert [d for d, _ in during] == sorted(d for d, _ in during)  # never backwards
    print("progress seen while processing:", sorted(set(during)))


def _job_for(client, world, data: bytes) -> tuple[str, str]:
    """A PDF upload registered as the API registers it, its job of a kind the dispatcher ignores."""
    return registered_job(client, world, data, filename="scan.pdf", file_type=FileType.PDF)


def test_a_scan_past_its_cpu_budget_fails_closed_and_the_client_is_told_to_split_it(client, world,
                                                                                    settings):
    job_id, att_id = _job_for(client, world, scan_pdf(3, dpi=100))
    tight = settings.model_copy(update={"doc_cpu_base": 0.2, "doc_cpu_per_page": 0.1})
    rp = RedactorProcess(tight)
    try:
        assert pipeline.run_job(job_id, rp) == "rejected"
    finally:
        rp.close()
    with session_scope() as s:
        att = s.get(Attachment, att_id)
        entry = s.get(vault.VaultEntry, att.vault_entry_id)
        notes = s.query(outbox.Notification).filter_by(object_id=att_id).all()
        assert (att.state, att.error_code, att.original) == ("rejected", "cpu_budget", "destroyed")
        assert entry.status == vault.DESTROYED and s.get(Job, job_id).state == FAILED
        assert att.pages_total == 3 and att.pages_done is not None and att.pages_done < 3
        assert {n.channel for n in notes} >= {"inapp", "email"}
        assert all(n.lang == "lt" for n in notes)  # the organisation's language
        body = next(n.body for n in notes if n.channel == "email")
    assert notices.ERROR_TEXT["cpu_budget"]["lt"] in body
    assert notices.ADVICE["cpu_budget"]["lt"] in body  # split it ...
    assert "duomenų perdavimo prašymą" in body  # ... or a transfer request
    assert notices.T["lt"]["retry"] not in body  # not "upload it again": it would fail the same way
    assert not any(email(i) in body for i in range(3))
    st = client.get(f"/api/v1/attachments/{att_id}", headers=world.h("client_a")).json()
    assert st["state"] == "rejected" and st["error"] == "cpu_budget" and st["redacted_url"] is None


def test_notices_for_a_spent_budget_and_a_timeout_say_what_to_do_in_every_language():
    for lang in ("lt", "lv", "ru", "en"):
        for code in ("cpu_budget", "timeout"):
            n = notices.rejected(lang, ref="T-1", code=code, original="destroyed", coverage_kind=None,
                                 request_url="https://x.example/api/v1/transfer-requests")
            assert notices.ERROR_TEXT[code][lang] in n.body and notices.ADVICE[code][lang] in n.body
            assert notices.T[lang]["retry"] not in n.body
        assert "50" in notices.ADVICE["cpu_budget"][lang]  # a concrete size to split into

"""The worker reads a document in the language the service chose for its organisation (issue 20.1),
and its OCR processes, tesseract included, run at a lower CPU priority than the API (issue 20.2).
Real uploads on the embedded stack; what the pipeline passed is read back from the audit trail."""

from __future__ import annotations

import os
import threading
import time

from sqlalchemy import select

from intake_api.pipeline import redaction_lang
from sargas.settings import configure
from tests.intake.conftest import new_ticket, render_png, upload, wait_final


def _published_lang(att_id: str) -> str | None:
    from retention.audit import AuditEvent
    from sargas.db import session_scope

    with session_scope() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "attachment.published",
                                                AuditEvent.object_id == att_id)).one()
        return ev.details.get("lang")


def _upload_as_lv_client(client, world) -> str:
    ref = new_ticket(client, world, who="client_b")
    r = upload(client, world, ref, render_png(["Rēķins Nr. 2026/17", "Paldies par pasūtījumu"]),
               who="client_b")
    assert r.status_code == 202, r.text
    att_id = r.json()["id"]
    assert wait_final(client, world, att_id, who="client_b")["state"] == "published"
    return att_id


def test_lv_org_upload_reaches_the_redactor_in_latvian_with_the_org_policy(client, world, settings):
    configure(settings.model_copy(update={"redact_lang": "org"}))
    try:
        att_id = _upload_as_lv_client(client, world)
    finally:
        configure(settings)
    assert _published_lang(att_id) == "lv"


def test_default_policy_reads_every_script(client, world):
    assert _published_lang(_upload_as_lv_client(client, world)) == "auto"


def test_unknown_language_falls_back_to_auto():
    assert redaction_lang("lv", "org") == "lv"
    assert redaction_lang("et", "org") == "auto"  # not a language the redactor reads alone
    assert redaction_lang(None, "org") == "auto"
    assert redaction_lang("lv", "auto") == "auto"


def _nice(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[16])


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
        except OSError:
            pass
    return kids


def test_ocr_process_and_its_tesseract_run_niced_below_the_api(settings):
    from intake_api.worker import RedactorProcess

    own = os.getpriority(os.PRIO_PROCESS, 0)
    rp = RedactorProcess(settings, timeout=120)
    try:
        rp.warm()
        child = rp.pid()
        assert child is not None
        assert _nice(child) >= min(19, own + 10)
        seen: set[int] = set()
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                for k in _children(child):
                    try:
                        with open(f"/proc/{k}/comm") as fh:
                            if fh.read().strip() == "tesseract":
                                seen.add(_nice(k))
                    except OSError:
                        pass
                time.sleep(0.005)

        t = threading.Thread(target=watch, daemon=True)
        t.start()
        try:
            rp(render_png(["Invoice 2026/17 for order 4411", "Thank you for your order"]), "en")
        finally:
            done.set()
            t.join()
        assert seen, "no tesseract process was seen"
        assert min(seen) >= min(19, own + 10)
    finally:
        rp.close()

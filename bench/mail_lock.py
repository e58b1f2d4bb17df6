"""How long finishing one mailed message holds the SQLite write lock (issue 20: uploads wait for it).

Embedded stack in a temporary data directory (real SQLite, real vault, real blob store); N messages
(tests/mail/mailkit.pii_mail: text, HTML, an inline screenshot, a PNG and a PDF attachment) are
taken in with :func:`intake_api.mail.message.take_in` (the body redaction replaced by a stand-in),
their attachments published through ``pipeline.run_job`` with a stand-in redactor, then each
message is finished (:func:`intake_api.mail.finish.finish_ready`: the clean forward and the
acknowledgement queued on the outbox, the raw original destroyed). The figure is the time this
process's write lock (``sargas.db._WRITE_LOCK``, taken with ``BEGIN IMMEDIATE``) is held by the
finishing thread, summed over its acquisitions (the finish transaction; ``finish_ready``'s own
listing is a read). The first message of the process is shown apart (cold: imports).
``--take-in`` times ``take_in`` instead (its write transaction: vault, ticket, uploads).

    python bench/mail_lock.py [--n 40] [--take-in] [--verbose]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from publish_lock import Timed, ms  # noqa: E402 - the publish bench's lock stand-in and figures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--take-in", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    from intake_api import admin, migrate, pipeline
    from intake_api.mail import finish, message
    from intake_api.mail.body import Bodies
    from intake_api.mail.models import MailMessage
    from intake_api.models import Job
    from redactor.sniff import sniff
    from redactor.types import Finding, RedactionResult
    from sargas import db
    from sargas.settings import Settings, configure
    from tests.mail.mailkit import pii_mail

    logging.getLogger("sargas").setLevel(logging.CRITICAL)
    tmp = Path(tempfile.mkdtemp(prefix="sargas-bench-"))
    settings = Settings(data_dir=tmp, smtp_host="127.0.0.1", smtp_port=9, worker_threads=0,
                        smtp_from="sargas@bench.test", support_addresses="support@bench.test",
                        forward_to="agents@bench.test", mail_ack_per_hour=100_000)
    configure(settings)
    migrate.upgrade(settings)
    with db.session_scope() as s:
        admin.create_org(s, "Alpha UAB", lang="lt", email="it@alpha.example", mail_domains=["alpha.example"])

    def bodies(subject, texts, known, lang) -> Bodies:  # stand-in: the analyzer is not what is timed
        plain = [p.get_content() for kind, p in texts if kind == "plain"]
        html = [p.get_content() for kind, p in texts if kind == "html"]
        return Bodies(subject=subject, plain=plain, html=html, counts={"PERSON": 1, "IBAN": 1})

    message.redact_bodies = bodies
    raws = [pii_mail(sender=f"ona{i}@alpha.example", to="support@bench.test", subject=f"Printer {i}",
                     msg_id=f"<bench-{i}@alpha.example>").as_bytes() for i in range(args.n)]
    findings = [Finding(kind, 1, (0, 0, 10, 10), 0.9, "bench") for kind in ("PERSON", "EMAIL", "IBAN")]

    def redact(d: bytes, lang: str) -> RedactionResult:
        return RedactionResult(data=d, file_type=sniff(d), findings=findings)

    timed = Timed(db._WRITE_LOCK)
    db._WRITE_LOCK = timed
    held, wall, mail_ids = [], [], []

    def timed_call(fn):
        timed.holds.clear()
        timed.on = True
        t0 = time.perf_counter()
        out = fn()
        wall.append(time.perf_counter() - t0)
        timed.on = False
        held.append(sum(timed.holds))
        return out

    for raw in raws:
        if args.take_in:
            mail_ids.append(timed_call(lambda raw=raw: message.take_in(raw, envelope_from=None,
                                                                       settings=settings)).mail_id)
        else:
            mail_ids.append(message.take_in(raw, envelope_from=None, settings=settings).mail_id)
    with db.session_scope() as s:
        att_ids = [p["attachment_id"] for m in s.query(MailMessage).all() for p in m.parts]
        jobs = [j.id for j in s.query(Job).filter(Job.attachment_id.in_(att_ids)).all()]
    for jid in jobs:
        assert pipeline.run_job(jid, redact, worker="bench") == "published"
    if not args.take_in:
        for mail_id in mail_ids:
            assert timed_call(lambda mail_id=mail_id: finish._finish_one(mail_id, settings)) == 1
        with db.session_scope() as s:
            assert all(m.state == "done" for m in s.query(MailMessage).all())

    what = "take_in" if args.take_in else "finish"
    if args.verbose:
        print("  holds (ms):", [round(x * 1000, 1) for x in held])
    print(f"{what}: n={args.n}")
    print(f"  write lock held by {what}: {ms(held[1:])}  (first, cold: {held[0] * 1000:.1f} ms)")
    print(f"  {what} wall time: {ms(wall[1:])}")


if __name__ == "__main__":
    main()

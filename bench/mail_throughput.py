"""Mail gateway throughput: mails per second, each with one PII screenshot (rendered with PIL),
end to end on loopback — SMTP into the gateway, redaction by the embedded worker, the clean
forward and the acknowledgement captured by a second local SMTP server.

    python bench/mail_throughput.py [--mails 20] [--processes 1]

Prints the time to accept all mails (SMTP 250s), the time until every forward arrived, mails/s,
and the mean per-mail latency (sent -> forward captured).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from tests.mail.mailkit import pii_mail, send  # noqa: E402
from tests.support import free_port  # noqa: E402


class Capture:
    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.acks = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        from email import message_from_bytes, policy

        m = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            if "agents@bench.test" in envelope.rcpt_tos:
                self.seen[str(m.get("References", ""))] = time.monotonic()
            else:
                self.acks += 1
        return "250 OK"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=20)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    from intake_api import admin as service
    from intake_api.app import create_app
    from sargas.db import session_scope
    from sargas.settings import Settings

    cap = Capture()
    out = Controller(cap, hostname="127.0.0.1", port=free_port())
    out.start()
    s = Settings(data_dir=Path(tempfile.mkdtemp(prefix="sargas-mailbench-")), smtp_host="127.0.0.1",
                 smtp_port=out.port, smtp_from="sargas@bench.test", scheduler_interval_seconds=0.2,
                 inbound_smtp_port=free_port(), support_addresses="support@bench.test",
                 forward_to="agents@bench.test", redactor_processes=args.processes,
                 worker_threads=max(2, args.processes), mail_ack_per_hour=10_000)
    with TestClient(create_app(s)):
        with session_scope() as ss:
            service.create_org(ss, "Bench UAB", lang="lt", mail_domains=["bench.example"])
        time.sleep(2)  # let the redactor process warm up
        sent: dict[str, float] = {}
        t0 = time.monotonic()
        for i in range(args.mails):
            mid = f"<bench-{i}@bench.example>"
            m = pii_mail(sender=f"user{i}@bench.example", to="support@bench.test", subject=f"Bench {i}",
                         msg_id=mid, files=False)
            from tests.mail.mailkit import IBAN, LT_CODE, screenshot

            m.add_attachment(screenshot([f"Asmens kodas: {LT_CODE}", f"IBAN: {IBAN}"]), maintype="image",
                             subtype="png", filename="shot.png")
            sent[mid] = time.monotonic()
            send(s.inbound_smtp_port, m, mail_from=f"user{i}@bench.example", rcpts=["support@bench.test"])
        accepted = time.monotonic() - t0
        while len(cap.seen) < args.mails and time.monotonic() - t0 < 900:
            time.sleep(0.2)
        total = time.monotonic() - t0
    out.stop()
    lat = [cap.seen[k] - v for k, v in sent.items() if k in cap.seen]
    print(f"mails={args.mails} processes={args.processes} accepted_in={accepted:.2f}s "
          f"all_forwarded_in={total:.2f}s forwarded={len(cap.seen)} acks={cap.acks} "
          f"throughput={len(cap.seen) / total:.2f} mails/s mean_latency={sum(lat) / max(1, len(lat)):.2f}s")


if __name__ == "__main__":
    main()

"""How long publishing one redacted copy holds the SQLite write lock (issue 20: uploads wait for it).

Embedded stack in a temporary data directory (real SQLite, real vault, real notices); N uploads are
registered the way the API registers them, then each job is run through ``pipeline.run_job`` with a
stand-in redactor that returns the file with a few findings (so the notices list counts). The figure
is the time this process's write lock (``sargas.db._WRITE_LOCK``, taken with ``BEGIN IMMEDIATE``) is
held by the publishing thread: the publish transaction, then the WAL checkpoint's TRUNCATE after it.
The first publish of the process is shown apart (cold: imports, catalogues); a
max far above p95 is usually a full garbage collection that happened inside the transaction.
``--fail`` runs the fail-closed path instead (the redactor raises). ``--burn N`` keeps N processes
spinning meanwhile (the OCR of other jobs on a small machine).

    python bench/publish_lock.py [--n 40] [--fail] [--burn 2] [--verbose]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import statistics
import tempfile
import threading
import time
from pathlib import Path


class Timed:
    """Stands in for ``sargas.db._WRITE_LOCK``: records how long each acquisition is held."""

    def __init__(self, real: threading.Lock) -> None:
        self.real, self.holds, self._t = real, [], 0.0
        self.on = False

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        ok = self.real.acquire(blocking, timeout)
        if ok:
            self._t = time.perf_counter()
        return ok

    def release(self) -> None:
        held = time.perf_counter() - self._t
        if self.on and threading.current_thread() is threading.main_thread():
            self.holds.append(held)
        self.real.release()


def ms(xs: list[float]) -> str:
    """Median, p95 and max of durations in seconds, printed in milliseconds."""
    p95 = sorted(xs)[int(0.95 * (len(xs) - 1))]
    med, top = statistics.median(xs) * 1000, max(xs) * 1000
    return f"median {med:6.1f} ms  p95 {p95 * 1000:6.1f} ms  max {top:6.1f} ms"


def _spin() -> None:
    while True:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--fail", action="store_true")
    ap.add_argument("--burn", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    from intake_api import admin, migrate, pipeline
    from intake_api.attachments import register_upload
    from intake_api.models import Job
    from intake_api.tickets import open_ticket
    from redactor.types import FileType, Finding, RedactionResult
    from retention import vault
    from sargas import db
    from sargas.principal import CLIENT, Principal
    from sargas.settings import Settings, configure

    logging.getLogger("sargas.pipeline").setLevel(logging.CRITICAL)  # --fail: one "job failed" per job
    tmp = Path(tempfile.mkdtemp(prefix="sargas-bench-"))
    settings = Settings(data_dir=tmp, smtp_host="127.0.0.1", smtp_port=9, worker_threads=0)
    configure(settings)
    migrate.upgrade(settings)
    with db.session_scope() as s:
        org = admin.create_org(s, "Alpha UAB", lang="lt", email="it@alpha.example")
        user, _ = admin.create_user(s, "ona@alpha.example", role="client", org_name="Alpha UAB")
        org_id, user_id = org.id, user.id
    data = (Path(__file__).parent / "corpus").glob("**/*.png")
    png = next(iter(sorted(data)), None)
    payload = png.read_bytes() if png else b"\x89PNG" + b"\0" * 200_000
    jobs = []
    for i in range(args.n):
        w = vault.open_writer()
        w.write(payload + str(i).encode())
        wrapped, sha, size = w.finish()
        with db.session_scope() as s:
            t = open_ticket(s, org_id, f"Printer {i}", created_by=user_id, ip=None, role=CLIENT)
            p = Principal(user_id=user_id, role=CLIENT, organisation_id=org_id, email="ona@alpha.example")
            att = register_upload(s, w, wrapped, sha, size, attachment_id=db.new_id(), ticket_id=t.id,
                                  organisation_id=org_id, ticket_ref=t.ref, filename="x.png",
                                  file_type=FileType.PNG, p=p)
            job = s.query(Job).filter_by(attachment_id=att.id).one()
            job.kind = "bench"
            s.flush()
            jobs.append(job.id)
    findings = [Finding(kind, 1, (0, 0, 10, 10), 0.9, "bench")
                for kind in ("PERSON", "PERSON", "EMAIL", "PHONE", "IBAN")]

    def redact(d: bytes, lang: str) -> RedactionResult:
        if args.fail:
            raise RuntimeError("bench")
        return RedactionResult(data=d, file_type=FileType.PNG, findings=findings)

    burners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.burn)]
    for b in burners:
        b.start()
    timed = Timed(db._WRITE_LOCK)
    db._WRITE_LOCK = timed
    tx, cp, wall = [], [], []
    TX = 3  # (the fail-closed path reads the original too: the redactor raises after)
    try:
        for jid in jobs:
            timed.holds.clear()
            timed.on = True
            t0 = time.perf_counter()
            state = pipeline.run_job(jid, redact, worker="bench")
            wall.append(time.perf_counter() - t0)
            timed.on = False
            assert state == ("rejected" if args.fail else "published"), state
            # holds of this thread: claim, job read, original read (audited), then the publish or
            # fail-closed transaction, then the checkpoint(s) after it
            tx.append(timed.holds[TX])
            cp.append(sum(timed.holds[TX + 1:]))
    finally:
        for b in burners:
            b.terminate()

    what = "fail_closed" if args.fail else "publish"
    if args.verbose:
        print("  holds (ms):", [round(x * 1000, 1) for x in tx])
    print(f"{what}: n={args.n} burn={args.burn}")
    print(f"  write lock held by the {what} transaction: {ms(tx[1:])}  (first, cold: {tx[0] * 1000:.1f} ms)")
    print(f"  write lock held by the checkpoints after it: {ms(cp[1:])}")
    print(f"  run_job wall time: {ms(wall[1:])}")


if __name__ == "__main__":
    main()

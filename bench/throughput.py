"""Scale-out throughput: attachments per minute with 1 and 2 Celery worker processes on the same corpus.

    python bench/throughput.py [--corpus /work/shared/bench/dev] [--images 16] [--workers 1,2]
                               [--broker redis://127.0.0.1:6379/12] [--pg postgresql+psycopg://root@127.0.0.1:5432/postgres]
                               [--s3]

For every worker count it creates a fresh PostgreSQL database, stores the corpus images in the vault
(as an upload would), starts that many ``sargas worker -c 1`` processes, waits until they are ready,
enqueues every job at once and measures the time until the last attachment reached a final state.
Scaling efficiency = rate(N) / (N x rate(1)). Storage is local files in a shared temporary directory,
or a moto S3 server on loopback with ``--s3``. Nothing is left behind (databases dropped, queues purged).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _create_db(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"sargas_bench_{secrets.token_hex(4)}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def _drop_db(admin_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text

    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    eng.dispose()


def _seed(files: list[Path]) -> list[str]:
    """Org, ticket, and one vault-stored attachment + queued job per file (what an upload does)."""
    from intake_api import admin as service
    from intake_api.models import Job
    from redactor.sniff import sniff
    from retention import vault
    from sargas.db import new_id, session_scope
    from sargas.models import Attachment, Ticket

    jobs: list[str] = []
    with session_scope() as s:
        org = service.create_org(s, f"Bench {secrets.token_hex(3)}", lang="en")
        t = Ticket(ref=f"HD-2026-{secrets.randbelow(10**6):06d}", organisation_id=org.id, subject="bench")
        s.add(t)
        s.flush()
        for f in files:
            data = f.read_bytes()
            ftype = sniff(data[:2048])
            att_id = new_id()
            entry = vault.put_stream(s, [data], object_type="attachment", object_id=att_id,
                                     organisation_id=org.id, ticket_id=t.id)
            s.flush()
            s.add(Attachment(id=att_id, ticket_id=t.id, organisation_id=org.id, filename=f.name,
                             file_type=ftype.value, size=len(data), sha256=entry.sha256,
                             vault_entry_id=entry.id))
            s.flush()
            job = Job(attachment_id=att_id)
            s.add(job)
            s.flush()
            jobs.append(job.id)
    return jobs


def _final_count(job_ids: list[str]) -> tuple[int, dict[str, int]]:
    from sqlalchemy import func, select

    from intake_api.models import Job
    from sargas.db import session_scope
    from sargas.models import Attachment

    with session_scope() as s:
        rows = s.execute(select(Attachment.state, func.count()).join(Job, Job.attachment_id == Attachment.id)
                         .where(Job.id.in_(job_ids)).group_by(Attachment.state)).all()
    states = {k: int(v) for k, v in rows}
    return sum(v for k, v in states.items() if k != "processing"), states


def run_round(n_workers: int, files: list[Path], args: argparse.Namespace, env_base: dict[str, str]) -> dict:
    from intake_api import celery_app, tasks
    from intake_api.migrate import upgrade
    from sargas import db, storage
    from sargas.settings import Settings, configure

    url = _create_db(args.pg)
    work = Path(tempfile.mkdtemp(prefix="sargas-bench-"))
    queue = f"sargas-bench-{secrets.token_hex(4)}"
    env = dict(env_base, SARGAS_DATA_DIR=str(work), SARGAS_DATABASE_URL=url, SARGAS_CELERY_QUEUE=queue)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("SARGAS_", "AWS_"))})
    procs: list[subprocess.Popen] = []
    try:
        storage.clear_cache()
        db.dispose()
        s = configure(Settings())
        upgrade(s)
        celery_app.reconfigure(s)
        job_ids = _seed(files)
        for i in range(n_workers):
            log = (work / f"worker{i}.log").open("wb")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "intake_api.cli", "worker", "-c", "1", "--hostname",
                 f"b{i}@{queue}", "--loglevel", "WARNING"], env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=work))
        # Ready = the worker's pool process has imported the redactor; give it a moment after start.
        time.sleep(args.warmup)
        t0 = time.monotonic()
        for jid in job_ids:
            tasks.enqueue_job(jid)
        done, states = 0, {}
        while time.monotonic() - t0 < args.timeout:
            done, states = _final_count(job_ids)
            if done == len(job_ids):
                break
            time.sleep(0.25)
        elapsed = time.monotonic() - t0
        return {"workers": n_workers, "attachments": len(job_ids), "finished": done, "states": states,
                "seconds": round(elapsed, 1), "per_minute": round(done / elapsed * 60, 1)}
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
        celery_app.app.close()
        db.dispose()
        _drop_db(args.pg, url)
        _purge(args.broker, queue)


def _purge(broker: str, queue: str) -> None:
    from kombu import Connection

    try:
        with Connection(broker) as conn:
            ch = conn.channel()
            ch.queue_purge(queue)
            ch.queue_delete(queue)
    except Exception:  # noqa: BLE001,S110 - nothing to clean
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="/work/shared/bench/dev")
    ap.add_argument("--images", type=int, default=16)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    ap.add_argument("--pg", default="postgresql+psycopg://root@127.0.0.1:5432/postgres")
    ap.add_argument("--s3", action="store_true", help="store blobs in a moto S3 server on loopback")
    ap.add_argument("--warmup", type=float, default=15.0, help="seconds for workers to warm up")
    ap.add_argument("--timeout", type=float, default=900.0)
    args = ap.parse_args()

    files = sorted(p for p in Path(args.corpus).iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    files = files[: args.images]
    env = dict(os.environ, SARGAS_BROKER_URL=args.broker, OMP_THREAD_LIMIT="1",
               SARGAS_KEK=base64.b64encode(secrets.token_bytes(32)).decode(),
               SARGAS_WORKER_LEASE_SECONDS="60")
    env.pop("SARGAS_STORAGE_URL", None)
    server = None
    if args.s3:
        import boto3
        from moto.server import ThreadedMotoServer

        creds = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                 "AWS_DEFAULT_REGION": "us-east-1"}
        env.update(creds)
        os.environ.update(creds)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        bucket = f"bench-{secrets.token_hex(3)}"
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
        env.update(SARGAS_STORAGE_URL=f"s3://{bucket}/bench", SARGAS_S3_ENDPOINT_URL=endpoint)
    results = []
    try:
        for n in (int(x) for x in args.workers.split(",")):
            r = run_round(n, files, args, env)
            print(json.dumps(r), flush=True)
            results.append(r)
    finally:
        if server is not None:
            server.stop()
    base = results[0]["per_minute"] / results[0]["workers"] if results and results[0]["per_minute"] else 0
    print(f"\ncorpus: {len(files)} images from {args.corpus}; cores: {os.cpu_count()}; "
          f"storage: {'moto S3' if args.s3 else 'local files'}; broker: {args.broker.split('://')[0]}")
    for r in results:
        eff = r["per_minute"] / (r["workers"] * base) if base else 0.0
        print(f"{r['workers']} worker(s): {r['per_minute']:6.1f} attachments/min "
              f"({r['finished']}/{r['attachments']} in {r['seconds']} s)  scaling efficiency {eff:.0%}")


if __name__ == "__main__":
    main()

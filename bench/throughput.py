"""Scale-out throughput: attachments per minute with 1 and 2 Celery worker processes on the same corpus.

    python bench/throughput.py [--corpus /work/shared/bench/dev] [--images 16] [--workers 1,2]
                               [--broker redis://127.0.0.1:6379/12] [--pg postgresql+psycopg://root@127.0.0.1:5432/postgres]
                               [--s3]

For every worker count it creates a fresh PostgreSQL database, stores the corpus images in the vault
(as an upload would), starts that many ``sargas worker -c 1`` processes, waits until they are ready,
enqueues every job at once and measures the time until the last attachment reached a final state.
Scaling efficiency = rate(N) / (N x rate(1)). Storage is local files in a shared temporary directory,
or a moto S3 server on loopback with ``--s3``. Nothing is left behind (databases dropped, queues purged).

Ready = every worker's pool process logged its redactor warm-up (not a fixed sleep: two workers
warming up at once on a busy host take longer, and that time is not throughput). On a shared host
the wall-clock ratio depends on what else runs, so the CPU figures are printed too: CPU seconds of
the worker process trees (tesseract included) per attachment, the cores they actually got
(CPU / wall) and the machine's busy cores from /proc/stat (everyone's load). ``cpu-normalised``
efficiency = (rate(N) / cores got(N)) / (rate(1) / cores got(1)): below 1 when each document costs
more CPU with more workers (contention), whatever the other tenants of the host do.
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


def _tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (each thread has its own children list)."""
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for k in fh.read().split():
                    out += _tree(int(k))
    except OSError:
        pass
    return out


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process tree: live processes plus the children they waited for."""
    total = 0.0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                f = fh.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in f[11:15]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return total


def machine_busy() -> tuple[float, float]:
    """(busy jiffies, all jiffies) of the whole machine from /proc/stat."""
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def _wait_warm(logs: list[Path], timeout: float) -> float:
    """Seconds until every worker log shows its pool process's warm-up (or the timeout)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if all("redactor warm (pid" in p.read_text(errors="replace") for p in logs):
            break
        time.sleep(0.25)
    return time.monotonic() - t0


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
        logs = [work / f"worker{i}.log" for i in range(n_workers)]
        for i in range(n_workers):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "intake_api.cli", "worker", "-c", "1", "--hostname",
                 f"b{i}@{queue}", "--loglevel", "INFO"], env=env, stdout=logs[i].open("wb"),
                stderr=subprocess.STDOUT, start_new_session=True, cwd=work))
        warm = _wait_warm(logs, args.warmup)
        cpu0 = sum(tree_cpu(p.pid) for p in procs)
        busy0 = machine_busy()
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
        cpu = sum(tree_cpu(p.pid) for p in procs) - cpu0
        busy1 = machine_busy()
        machine = (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]) * (os.cpu_count() or 1)
        return {"workers": n_workers, "attachments": len(job_ids), "finished": done, "states": states,
                "warmup_seconds": round(warm, 1), "seconds": round(elapsed, 1),
                "per_minute": round(done / elapsed * 60, 1), "cpu_seconds": round(cpu, 1),
                "cpu_per_attachment": round(cpu / max(1, done), 2), "cores_got": round(cpu / elapsed, 2),
                "machine_busy_cores": round(machine, 2)}
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
    ap.add_argument("--warmup", type=float, default=180.0, help="at most this long for workers to warm up")
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
    first = results[0] if results else None
    per_core = first["per_minute"] / first["cores_got"] if first and first["cores_got"] else 0
    for r in results:
        eff = r["per_minute"] / (r["workers"] * base) if base else 0.0
        norm = r["per_minute"] / r["cores_got"] / per_core if per_core and r["cores_got"] else 0.0
        print(f"{r['workers']} worker(s): {r['per_minute']:6.1f} attachments/min "
              f"({r['finished']}/{r['attachments']} in {r['seconds']} s)  scaling efficiency {eff:.2f}; "
              f"CPU {r['cpu_per_attachment']} s/attachment, cores got {r['cores_got']}, machine busy "
              f"{r['machine_busy_cores']} of {os.cpu_count()} cores; cpu-normalised efficiency {norm:.2f}")


if __name__ == "__main__":
    main()

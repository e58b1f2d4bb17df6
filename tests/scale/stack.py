"""A scale-out Sargas for tests: the API in-process (TestClient, no embedded worker) on PostgreSQL +
moto S3 + a broker, and real ``sargas worker`` subprocesses bound to the same services."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from fastapi.testclient import TestClient

# the development corpus in ../shared beside the checkout (CI clones main with shared/ beside it)
CORPUS = Path(os.environ.get("SARGAS_BENCH_DIR")
              or Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev")
PII_IMAGES = ("doc010_card_en.png", "doc000_card_lt.png", "doc007_email_en.png", "doc018_invoice_en.png")


@dataclass
class Worker:
    proc: subprocess.Popen
    name: str
    log: Path

    def tree(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def ocr_running(self) -> bool:
        for p in self.tree():
            try:
                if p.name().startswith("tesseract"):
                    return True
            except psutil.NoSuchProcess:
                continue
        return False

    def warm_count(self) -> int:
        """How many pool processes have finished their redactor warm-up (it runs OCR too)."""
        return self.log.read_text(errors="replace").count("redactor warm (pid")

    def wait_warm(self, count: int = 1, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.warm_count() < count:
            assert time.monotonic() < deadline, "worker did not warm up"
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-2000:]
            time.sleep(0.1)

    def pool_children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=False)
        except psutil.NoSuchProcess:
            return []

    def kill9(self) -> None:
        """kill -9 the whole worker: main process, pool processes, redactor, tesseract."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill9()


@dataclass
class Stack:
    data_dir: Path
    database_url: str
    broker_url: str
    storage_url: str
    s3_endpoint: str
    queue: str = field(default_factory=lambda: f"sargas-test-{secrets.token_hex(4)}")
    kek: str = field(default_factory=lambda: base64.b64encode(secrets.token_bytes(32)).decode())
    lease_seconds: float = 4.0
    smtp_port: int | None = None
    workers: list[Worker] = field(default_factory=list)
    client: TestClient | None = None
    token: str = ""
    ref: str = ""

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "SARGAS_DATA_DIR": str(self.data_dir), "SARGAS_DATABASE_URL": self.database_url,
            "SARGAS_BROKER_URL": self.broker_url, "SARGAS_STORAGE_URL": self.storage_url,
            "SARGAS_S3_ENDPOINT_URL": self.s3_endpoint, "SARGAS_KEK": self.kek,
            "SARGAS_CELERY_QUEUE": self.queue, "SARGAS_WORKER_LEASE_SECONDS": str(self.lease_seconds),
            "SARGAS_RECOVER_INTERVAL_SECONDS": "2", "SARGAS_RECOVER_QUEUED_AFTER_SECONDS": "30",
            "SARGAS_REDACT_TIMEOUT_SECONDS": "90", "OMP_THREAD_LIMIT": "1",
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1", "SARGAS_OUTBOX_INTERVAL_SECONDS": "1",
            "SARGAS_NOTIFY_BACKOFF_SECONDS": "0.5", "SARGAS_SMTP_FROM": "sargas@test.local",
        })
        if self.smtp_port:
            env.update({"SARGAS_SMTP_HOST": "127.0.0.1", "SARGAS_SMTP_PORT": str(self.smtp_port)})
        return env

    def start_api(self) -> None:
        """Configure this process like the API container and open a TestClient (broker set, so the
        app starts no embedded worker and uploads are enqueued to Celery)."""
        os.environ.update({k: v for k, v in self.env().items() if k.startswith(("SARGAS_", "AWS_"))})
        from intake_api import celery_app
        from intake_api.app import create_app
        from sargas import db, storage
        from sargas.settings import Settings, configure

        storage.clear_cache()
        db.dispose()
        s = configure(Settings())
        assert s.broker_url == self.broker_url and s.storage_url == self.storage_url
        celery_app.reconfigure(s)
        self.client = TestClient(create_app(s))
        self.client.__enter__()
        assert self.client.app.state.worker is None  # scale-out: no local worker
        self._users()

    def _users(self) -> None:
        from intake_api import admin as service
        from sargas.db import session_scope

        org = f"Org {secrets.token_hex(3)}"
        with session_scope() as s:
            service.create_org(s, org, lang="en", email="ops@example.invalid")
            _, self.token = service.create_user(s, f"u{secrets.token_hex(3)}@example.invalid",
                                                role="client", org_name=org)
        r = self.client.post("/api/v1/tickets", json={"subject": "scale test"}, headers=self.auth)
        assert r.status_code == 201, r.text
        self.ref = r.json()["ref"]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def start_worker(self, name: str, *, concurrency: int = 1, beat: bool = False) -> Worker:
        log = self.data_dir / f"worker-{name}.log"
        cmd = [sys.executable, "-m", "intake_api.cli", "worker", "-c", str(concurrency),
               "--hostname", f"{name}@{self.queue}", "--loglevel", "INFO"]
        if beat:
            cmd.append("--beat")
        fh = log.open("ab")
        proc = subprocess.Popen(cmd, env=self.env(), stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=self.data_dir)
        fh.close()
        w = Worker(proc, name, log)
        self.workers.append(w)
        return w

    def start_beat(self) -> Worker:
        """``sargas beat`` in its own process (as in docker-compose), so killing a worker keeps it."""
        log = self.data_dir / "beat.log"
        fh = log.open("ab")
        proc = subprocess.Popen([sys.executable, "-m", "intake_api.cli", "beat", "--loglevel", "INFO"],
                                env=self.env(), stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
                                cwd=self.data_dir)
        fh.close()
        w = Worker(proc, "beat", log)
        self.workers.append(w)
        return w

    def upload(self, name: str, data: bytes | None = None) -> str:
        data = (CORPUS / name).read_bytes() if data is None else data
        mime = "image/png" if name.endswith(".png") else "image/jpeg"
        r = self.client.post(f"/api/v1/tickets/{self.ref}/attachments", headers=self.auth,
                             files={"file": (name, data, mime)})
        assert r.status_code == 202, r.text
        return r.json()["id"]

    def status(self, att_id: str) -> dict[str, Any]:
        r = self.client.get(f"/api/v1/attachments/{att_id}", headers=self.auth)
        assert r.status_code == 200, r.text
        return r.json()

    def wait_final(self, att_ids: list[str], timeout: float = 120) -> dict[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        out: dict[str, dict[str, Any]] = {}
        while time.monotonic() < deadline:
            out = {a: self.status(a) for a in att_ids}
            if all(v["state"] != "processing" for v in out.values()):
                return out
            for w in self.workers:
                assert w.proc.poll() is None or w.proc.returncode in (-9, 0, -15), self.logs()
            time.sleep(0.5)
        raise AssertionError(f"not final after {timeout}s: {out}\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(f"--- {w.name}\n" + w.log.read_text(errors="replace")[-3000:] for w in self.workers)

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        if self.client is not None:
            self.client.__exit__(None, None, None)
        from kombu import Connection

        from intake_api import celery_app

        celery_app.app.close()
        try:  # leave no per-test queue behind on the shared broker
            with Connection(self.broker_url, connect_timeout=5) as conn:
                ch = conn.channel()
                for q in (self.queue, f"{self.queue}.periodic"):
                    try:
                        ch.queue_delete(q)
                    except Exception:  # noqa: BLE001,S110
                        pass
        except Exception:  # noqa: BLE001,S110
            pass
        for k in list(os.environ):
            if k.startswith("SARGAS_") and k not in ("SARGAS_BENCH_DIR",):
                os.environ.pop(k, None)

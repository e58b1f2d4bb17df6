"""The one-command product: ``sargas admin ...`` then ``sargas serve`` as a real uvicorn process on
loopback; upload over HTTP and receive the e-mail in the organisation's language (Russian here)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.intake.conftest import free_port, render_png

CLI = [sys.executable, "-m", "intake_api.cli"]


def _run(args: list[str], env: dict, stdin: str | None = None) -> list[str]:
    p = subprocess.run(CLI + args, env=env, input=stdin, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout.strip().splitlines()


def _start(env: dict, port: int) -> subprocess.Popen:
    # its own process group, so the crash test can kill the server together with its redactor child
    return subprocess.Popen(
        CLI + ["serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_ready(server: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert server.poll() is None, server.stderr.read()[-2000:]
        assert time.monotonic() < deadline, "server did not become ready"
        time.sleep(0.3)


@pytest.mark.slow
def test_cli_admin_and_real_server(tmp_path, smtp, own_database):
    ctl, box = smtp
    port = free_port()
    env = {
        **os.environ,
        "SARGAS_DATA_DIR": str(tmp_path / "data"),
        "SARGAS_SMTP_HOST": "127.0.0.1",
        "SARGAS_SMTP_PORT": str(ctl.port),
        "SARGAS_WORKER_THREADS": "1",
        "SARGAS_SCHEDULER_INTERVAL_SECONDS": "0.5",
        **own_database,
    }
    _run(["admin", "create-org", "Gamma OOO", "--lang", "ru", "--email", "it@gamma.example"], env)
    token = _run(
        ["admin", "create-user", "ivan@gamma.example", "--role", "client", "--org", "Gamma OOO"], env
    )[-1]
    dpo = _run(
        ["admin", "create-user", "dpo@gamma.example", "--role", "dpo", "--password-stdin"],
        env,
        stdin="correct horse battery staple\n",
    )[-1]
    again = _run(["admin", "token", "dpo@gamma.example"], env)[-1]
    assert token.startswith("sgs_") and dpo.startswith("sgs_") and again.startswith("sgs_") and again != dpo
    bad = subprocess.run(
        CLI + ["admin", "create-user", "x@y.z", "--role", "client"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "organisation" in bad.stderr

    server = _start(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(server, base)
        h = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=h, timeout=30) as c:
            ref = c.post("/api/v1/tickets", json={"subject": "Не печатает"}).json()["ref"]
            r = c.post(
                f"/api/v1/tickets/{ref}/attachments",
                files={"file": ("screen.png", render_png(["Printer offline"]), "image/png")},
            )
            assert r.status_code == 202, r.text
            att = r.json()["id"]
            deadline = time.monotonic() + 90
            while (st := c.get(f"/api/v1/attachments/{att}").json())["state"] == "processing":
                assert time.monotonic() < deadline
                time.sleep(0.3)
            assert st["state"] == "published" and st["original"] == "destroyed"
            assert c.get("/docs").status_code == 200
            # crash mid-job: kill -9 right after the upload is accepted, then start again
            r = c.post(
                f"/api/v1/tickets/{ref}/attachments",
                files={"file": ("again.png", render_png(["Jonas Petraitis"]), "image/png")},
            )
            assert r.status_code == 202
            crashed = r.json()["id"]
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=20)
        server = _start(env, port)
        _wait_ready(server, base)
        with httpx.Client(base_url=base, headers=h, timeout=30) as c:
            deadline = time.monotonic() + 120
            while (st := c.get(f"/api/v1/attachments/{crashed}").json())["state"] == "processing":
                assert time.monotonic() < deadline, "interrupted job never finished"
                time.sleep(0.5)
            assert st["state"] in ("published", "rejected") and st["original"] == "destroyed"
        # the first upload's e-mail (possibly still in the outbox at the crash) arrives in Russian
        msg = box.wait_for(lambda rcpts, m: "it@gamma.example" in rcpts and ref in m["Subject"])
        assert msg is not None and msg["Subject"].startswith(f"Обращение {ref}")
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)

"""kill -9 of ``sargas serve`` leaves nothing behind (issue 18.5): its redactor children and the
multiprocessing resource tracker die within seconds, and the temporary vault file of an upload
that was streaming at the time is removed when the server starts again. Real server processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.intake.conftest import free_port, render_png
from tests.intake.test_serve import _run, _start, _wait_ready


def _group(pgid: int) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(d.name))
    return pids


def _wait(pred, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.2)
    return pred()


def _partial_upload(port: int, token: str, ref: str) -> socket.socket:
    """An upload whose body is only half sent (the client is still 'streaming')."""
    body = render_png(["Printer offline"])
    head = (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            b"Content-Type: image/png\r\n\r\n")
    total = len(head) + len(body) + len(b"\r\n--b0undary--\r\n")
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall((f"POST /api/v1/tickets/{ref}/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Authorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
               f"Content-Length: {total}\r\n\r\n").encode() + head + body[: len(body) // 2])
    return s


@pytest.mark.slow
def test_kill_9_leaves_no_children_and_no_temp_files(tmp_path):
    import httpx

    port, data = free_port(), tmp_path / "data"
    env = {**os.environ, "SARGAS_DATA_DIR": str(data), "SARGAS_WORKER_THREADS": "2",
           "SARGAS_SMTP_PORT": "9"}
    _run(["admin", "create-org", "Orph UAB", "--lang", "lt", "--email", "it@orph.example"], env)
    token = _run(["admin", "create-user", "o@orph.example", "--role", "client", "--org", "Orph UAB"], env)[-1]
    server = _start(env, port)
    try:
        _wait_ready(server, f"http://127.0.0.1:{port}")
        assert _wait(lambda: len(_group(server.pid)) >= 4, 120), _group(server.pid)  # server, 2 children,
        before = _group(server.pid)                                                   # resource tracker
        ref = httpx.post(f"http://127.0.0.1:{port}/api/v1/tickets", json={"subject": "x"},
                         headers={"Authorization": f"Bearer {token}"}).json()["ref"]
        sock = _partial_upload(port, token, ref)
        assert _wait(lambda: any((data / "blobs").rglob(".tmp-*")), 20), "upload never started"
        t0 = time.monotonic()
        os.kill(server.pid, signal.SIGKILL)  # the server only, as a crash or the OOM killer would
        server.wait(timeout=10)
        # PDEATHSIG kills the children at once; a child that holds the redactor's models takes a
        # moment to tear down on a loaded machine (CI saw 5.2 s with four CPU-bound neighbours)
        gone = _wait(lambda: not _group(server.pid), 15.0)
        print(f"{len(before)} processes before; all gone {time.monotonic() - t0:.2f} s after kill -9")
        assert gone, f"left behind: {_group(server.pid)}"
        sock.close()
        assert any((data / "blobs").rglob(".tmp-*"))  # the interrupted upload's temp file ...
        server = _start(env, port)
        _wait_ready(server, f"http://127.0.0.1:{port}")
        assert not any((data / "blobs").rglob(".tmp-*"))  # ... is removed at start-up
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        for pid in _group(server.pid):
            os.kill(pid, signal.SIGKILL)

"""Upload acceptance latency: N concurrent uploaders of 1 MB files against ``sargas serve``.

Starts a server on loopback with a temporary data directory (or uses ``--url`` + ``--token`` +
``--ticket``), then every uploader posts ``--rounds`` files back to back. Latency = from sending the
request to receiving the 202 (the file is streamed into the encrypted vault, the job is queued).
By default the embedded worker is switched off so the figure is the acceptance path alone; pass
``--with-worker`` to measure while the redactor runs too.

    python bench/upload_latency.py [--uploaders 50] [--rounds 4] [--size 1048576] [--with-worker]

Arrival-rate mode (open loop, how clients really arrive): ``--rate 20 --duration 15`` starts one
upload every 1/RATE s whatever the server does, and a latency counts from the moment the upload was
due (a slow server is not let off by clients waiting for it). ``--ocr-backlog N`` (with
``--with-worker``) first uploads N scanned pages from ``--scans`` so the embedded worker's OCR
processes (``worker_threads``, 2 by default) are busy the whole time; ``--compare`` runs the same
arrivals against a server without the worker first and prints the ratio (the floor: acceptance alone).

    python bench/upload_latency.py --rate 20 --duration 15 --with-worker --ocr-backlog 12 --compare
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_png(size: int) -> bytes:
    import numpy as np
    from PIL import Image

    side = int((size / 3) ** 0.5)
    rng = np.random.default_rng(int.from_bytes(secrets.token_bytes(4), "big"))
    img = Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8), "RGB")
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def unique_png(png: bytes, i: int) -> bytes:
    """``png`` with a text chunk carrying ``i`` before IEND: another file (another SHA-256), so an
    upload is not answered as a replay of an earlier one, at no cost to the client."""
    import struct
    import zlib

    body = b"n\x00" + str(i).encode()
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:-12] + chunk + png[-12:]


def multipart(data: bytes, name: str) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def cli(args: list[str], env: dict) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "intake_api.cli", *args], env=env, check=True, capture_output=True, text=True
    ).stdout
    return out.strip().splitlines()[-1]


async def run(
    url: str, token: str, ref: str, bodies: list[tuple[bytes, str]], uploaders: int, rounds: int, think: float
) -> tuple[list[float], float, int]:
    lat: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=uploaders + 5, max_keepalive_connections=uploaders + 5)
    async with httpx.AsyncClient(
        base_url=url, timeout=60, limits=limits, headers={"Authorization": f"Bearer {token}"}
    ) as c:

        async def one(i: int) -> None:
            nonlocal errors
            if think:
                await asyncio.sleep(think * i / uploaders)  # spread the uploaders' start times
            for r in range(rounds):
                if think and r:
                    await asyncio.sleep(think)
                body, ctype = bodies[(i * rounds + r) % len(bodies)]
                t0 = time.perf_counter()
                resp = await c.post(
                    f"/api/v1/tickets/{ref}/attachments", content=body, headers={"Content-Type": ctype}
                )
                dt = time.perf_counter() - t0
                if resp.status_code == 202:
                    lat.append(dt)
                else:
                    errors += 1

        # warm-up: one upload per connection, not measured
        await asyncio.gather(*(c.get("/healthz") for _ in range(uploaders)))
        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(uploaders)))
        wall = time.perf_counter() - t0
    return lat, wall, errors


async def arrivals(
    url: str, token: str, ref: str, bodies: list[tuple[bytes, str]], rate: float, duration: float
) -> tuple[list[float], float, int]:
    """Open-loop arrivals: upload i is due at i / rate; its latency runs from then to its 202.
    Three uploads first warm the server up (not measured)."""
    warm = [multipart(unique_png(make_png(64 * 1024), -1 - i), f"warm-{i}.png") for i in range(3)]
    lat: list[float] = []
    errors = 0
    n = max(1, int(rate * duration))
    limits = httpx.Limits(max_connections=n + 5, max_keepalive_connections=64)
    async with httpx.AsyncClient(
        base_url=url, timeout=120, limits=limits, headers={"Authorization": f"Bearer {token}"}
    ) as c:
        await asyncio.gather(*(c.get("/healthz") for _ in range(min(n, 32))))  # warm connections
        for i in range(3):  # warm the server (lazy imports on the first upload), not measured
            body, ctype = warm[i]
            await c.post(f"/api/v1/tickets/{ref}/attachments", content=body, headers={"Content-Type": ctype})

        async def one(i: int, due: float) -> None:
            nonlocal errors
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            body, ctype = bodies[i]
            try:
                resp = await c.post(f"/api/v1/tickets/{ref}/attachments", content=body,
                                    headers={"Content-Type": ctype})
            except httpx.HTTPError:
                errors += 1
                return
            if resp.status_code == 202 and resp.headers.get("Idempotent-Replayed") != "true":
                lat.append(time.perf_counter() - due)
            else:
                errors += 1

        t0 = time.perf_counter() + 0.2
        await asyncio.gather(*(one(i, t0 + i / rate) for i in range(n)))
        wall = time.perf_counter() - t0
    return lat, wall, errors


def upload_backlog(url: str, token: str, ref: str, files: list[str], count: int) -> int:
    """Queue ``count`` OCR jobs (scans, cycled) before measuring; returns how many were accepted."""
    ok = 0
    with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"}) as c:
        for i in range(count):
            path = files[i % len(files)]
            with open(path, "rb") as fh:
                body, ctype = multipart(fh.read(), f"scan-{i}{os.path.splitext(path)[1]}")
            resp = c.post(f"/api/v1/tickets/{ref}/attachments", content=body, headers={"Content-Type": ctype})
            ok += resp.status_code == 202
    return ok


def _children(pid: int) -> list[int]:
    """Child processes of ``pid``, started by any of its threads (each thread has its own list)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
    except OSError:
        pass
    return kids


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its live descendants (a tesseract still running counts)."""
    return cpu_seconds(pid) + sum(_tree_cpu(k) for k in _children(pid))


def busy_ocr_processes(server_pid: int, window: float = 2.0) -> int:
    """Children of the server (the worker's redactor processes) whose process tree used CPU over
    ``window`` seconds (>= 5 % of a core: the machine may be shared): OCR jobs at work."""
    kids = _children(server_pid)
    t0 = {k: _tree_cpu(k) for k in kids}
    time.sleep(window)
    return sum(1 for k in kids if _tree_cpu(k) - t0[k] >= 0.05 * window)


def cpu_seconds(pid: int) -> float:
    """User+system CPU time of a process and its children so far (Linux /proc)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


Server = tuple[subprocess.Popen, tempfile.TemporaryDirectory, str, str, str]


def start_server(with_worker: bool, server_workers: int) -> Server:
    """A ``sargas serve`` on loopback with a fresh data directory, an org, a client token and a ticket."""
    tmp = tempfile.TemporaryDirectory(prefix="sargas-bench-")
    port = free_port()
    env = {
        **os.environ,
        "SARGAS_DATA_DIR": tmp.name,
        "SARGAS_SMTP_PORT": str(free_port()),
        "SARGAS_EMBEDDED_WORKER": "true" if with_worker else "false",
    }
    cli(["admin", "create-org", "Bench UAB", "--lang", "lt"], env)
    user = ["admin", "create-user", "bench@bench.example", "--role", "client", "--org", "Bench UAB"]
    token = cli(user, env)
    server = subprocess.Popen(
        [sys.executable, "-m", "intake_api.cli", "serve", "--port", str(port),
         "--workers", str(server_workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    ref = httpx.post(url + "/api/v1/tickets", json={"subject": "bench"},
                     headers={"Authorization": f"Bearer {token}"}).json()["ref"]
    return server, tmp, url, token, ref


def scans(directory: str) -> list[str]:
    names = sorted(os.listdir(directory))
    return [os.path.join(directory, n) for n in names
            if n.lower().endswith((".png", ".jpg", ".jpeg")) and ("photo" in n or "scan" in n or "card" in n)]


def measure(a: argparse.Namespace, bodies: list[tuple[bytes, str]], with_worker: bool) -> dict:
    server = tmp = None
    url, token, ref = a.url, a.token, a.ticket
    busy = busy_end = -1
    try:
        if url is None:
            server, tmp, url, token, ref = start_server(with_worker, a.server_workers)
        if with_worker and a.ocr_backlog:
            upload_backlog(url, token, ref, scans(a.scans), a.ocr_backlog)
            time.sleep(5.0)  # the worker picks the jobs up (its redactor processes start)
            busy = busy_ocr_processes(server.pid) if server else -1
        cpu0 = cpu_seconds(server.pid) if server else float("nan")
        if a.rate:
            lat, wall, errors = asyncio.run(arrivals(url, token, ref, bodies, a.rate, a.duration))
        else:
            lat, wall, errors = asyncio.run(run(url, token, ref, bodies, a.uploaders, a.rounds, a.think))
        cpu = (cpu_seconds(server.pid) - cpu0) if server else float("nan")
        busy_end = busy_ocr_processes(server.pid) if server and busy >= 0 else -1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    return {"lat": lat, "wall": wall, "errors": errors, "cpu": cpu, "busy": (busy, busy_end)}


def report(r: dict, a: argparse.Namespace, size_mb: float, with_worker: bool) -> None:
    lat = r["lat"] or [float("nan")]
    mode = (f"arrivals {a.rate:g}/s for {a.duration:g} s" if a.rate
            else f"{a.uploaders} concurrent uploaders x {a.rounds} rounds, think {a.think} s")
    ocr = (f"worker on, OCR processes busy: {r['busy'][0]} before, {r['busy'][1]} after the arrivals"
           if with_worker and r["busy"][0] >= 0 else f"worker {'on' if with_worker else 'off'}")
    print(f"uploads: {len(r['lat'])} ok, {r['errors']} failed; {mode}; {size_mb:.2f} MB each; {ocr}")
    print(f"  server CPU per upload: {r['cpu'] / max(1, len(r['lat'])) * 1000:.1f} ms")
    print(f"  acceptance latency: p50 {statistics.median(lat) * 1000:.1f} ms, "
          f"p99 {pct(lat, 99) * 1000:.1f} ms, "
          f"max {max(lat) * 1000:.1f} ms; throughput {len(r['lat']) / r['wall']:.1f} uploads/s "
          f"({len(r['lat']) * size_mb / r['wall']:.1f} MB/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploaders", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--size", type=int, default=1 << 20)
    ap.add_argument("--with-worker", action="store_true")
    ap.add_argument("--server-workers", type=int, default=1, help="API processes (sargas serve --workers)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds each uploader waits between its uploads (0 = back to back)")
    ap.add_argument("--rate", type=float, default=0.0, help="arrival-rate mode: uploads per second")
    ap.add_argument("--duration", type=float, default=15.0, help="arrival-rate mode: seconds of arrivals")
    ap.add_argument("--ocr-backlog", type=int, default=0, help="scans queued for OCR before measuring")
    ap.add_argument("--scans", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                    "shared", "bench", "dev"))
    ap.add_argument("--compare", action="store_true", help="measure without the worker first (the floor)")
    ap.add_argument("--url")
    ap.add_argument("--token")
    ap.add_argument("--ticket")
    a = ap.parse_args()

    pngs = [make_png(a.size) for i in range(8)]
    count = max(a.uploaders * a.rounds, int(a.rate * a.duration) if a.rate else 0)
    bodies = [multipart(unique_png(pngs[i % len(pngs)], i), f"screen-{i}.png") for i in range(count)]
    size_mb = len(bodies[0][0]) / (1 << 20)
    floor = None
    if a.compare and a.with_worker and a.url is None:
        floor = measure(a, bodies, with_worker=False)
        report(floor, a, size_mb, with_worker=False)
    r = measure(a, bodies, with_worker=a.with_worker)
    report(r, a, size_mb, with_worker=a.with_worker)
    if floor is not None and floor["lat"] and r["lat"]:
        p50 = statistics.median(r["lat"]) / statistics.median(floor["lat"])
        print(f"ratio with OCR / without: p50 {p50:.2f}x, "
              f"p99 {pct(r['lat'], 99) / pct(floor['lat'], 99):.2f}x | goal p99 < 150 ms")


if __name__ == "__main__":
    main()

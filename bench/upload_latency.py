"""Upload acceptance latency: N concurrent uploaders of 1 MB files against ``sargas serve``.

Starts a server on loopback with a temporary data directory (or uses ``--url`` + ``--token`` +
``--ticket``), then every uploader posts ``--rounds`` files back to back. Latency = from sending the
request to receiving the 202 (the file is streamed into the encrypted vault, the job is queued).
By default the embedded worker is switched off so the figure is the acceptance path alone; pass
``--with-worker`` to measure while the redactor runs too.

    python bench/upload_latency.py [--uploaders 50] [--rounds 4] [--size 1048576] [--with-worker]
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
                body, ctype = bodies[(i + r) % len(bodies)]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploaders", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--size", type=int, default=1 << 20)
    ap.add_argument("--with-worker", action="store_true")
    ap.add_argument("--server-workers", type=int, default=1, help="API processes (sargas serve --workers)")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each uploader waits between its uploads (0 = back to back)",
    )
    ap.add_argument("--url")
    ap.add_argument("--token")
    ap.add_argument("--ticket")
    a = ap.parse_args()

    bodies = [multipart(make_png(a.size), f"screen-{i}.png") for i in range(8)]
    server = None
    tmp = None
    url, token, ref = a.url, a.token, a.ticket
    try:
        if url is None:
            tmp = tempfile.TemporaryDirectory(prefix="sargas-bench-")
            port = free_port()
            env = {
                **os.environ,
                "SARGAS_DATA_DIR": tmp.name,
                "SARGAS_SMTP_PORT": str(free_port()),
                "SARGAS_EMBEDDED_WORKER": "true" if a.with_worker else "false",
            }
            cli(["admin", "create-org", "Bench UAB", "--lang", "lt"], env)
            token = cli(
                ["admin", "create-user", "bench@bench.example", "--role", "client", "--org", "Bench UAB"], env
            )
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "intake_api.cli",
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    str(a.server_workers),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            ref = httpx.post(
                url + "/api/v1/tickets",
                json={"subject": "bench"},
                headers={"Authorization": f"Bearer {token}"},
            ).json()["ref"]
        cpu0 = cpu_seconds(server.pid) if server else float("nan")
        lat, wall, errors = asyncio.run(run(url, token, ref, bodies, a.uploaders, a.rounds, a.think))
        cpu = (cpu_seconds(server.pid) - cpu0) if server else float("nan")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    size_mb = len(bodies[0][0]) / (1 << 20)
    print(
        f"uploads: {len(lat)} ok, {errors} failed; {a.uploaders} concurrent uploaders x {a.rounds} rounds; "
        f"{size_mb:.2f} MB each; worker {'on' if a.with_worker else 'off'}"
    )
    print(f"server CPU per upload: {cpu / max(1, len(lat)) * 1000:.1f} ms; think time {a.think} s")
    print(
        f"acceptance latency: p50 {statistics.median(lat) * 1000:.1f} ms, p99 {pct(lat, 99) * 1000:.1f} ms, "
        f"max {max(lat) * 1000:.1f} ms; throughput {len(lat) / wall:.1f} uploads/s "
        f"({len(lat) * size_mb / wall:.1f} MB/s)"
    )


if __name__ == "__main__":
    main()

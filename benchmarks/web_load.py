"""Load benchmark: ``/api/facts/^RUT?date=2024-11-25`` at a fixed rate over loopback.

Starts ``marketdesk serve``'s app the way ``serve`` does (``marketdesk.web.server``: one uvicorn
process, httptools and uvloop when installed) on a free 127.0.0.1 port in a child process over a
store (``--db``, or one loaded from ../shared/data into a temporary file), then an asyncio
open-loop generator (32 keep-alive HTTP/1.1 connections over raw streams) sends requests at
``--rate`` per second for ``--seconds`` (bounded: at most rate x seconds requests, each with a
5 s timeout) and reports throughput, latency percentiles and errors. The client asks for gzip
like a browser, so the server sends its cached compressed body.

In the same run, side by side (on a shared machine the neighbours' load moves between runs):

- ``service``: the single-request service time, in process (the ASGI app called directly, no
  socket: what the app costs per cached request) and over the wire (one connection, one request
  at a time: app, server and loopback, with no queueing);
- ``floor``: the same load against a bare ASGI app that sends the same bytes from the same
  uvicorn settings, the lowest latency this machine can give at that rate right now; what the
  app adds is the difference.

The load average (1 minute, before and after each phase) and the cores are printed with it.
Exit status 1 if the targets of issue 13 (rate held, p99 < 20 ms, zero errors) are missed by
the app.

    .venv/bin/python benchmarks/web_load.py --db /tmp/md_all.duckdb --rate 200 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
URL_PATH = "/api/facts/%5ERUT?date=2024-11-25"
P99_TARGET_MS = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path) -> None:
    from marketdesk.desk import Desk

    data = Path(os.environ.get("MARKETDESK_TEST_DATA", ROOT.parent / "shared" / "data"))
    with Desk(path) as desk:
        desk.load([data])


SERVE = """
import sys
from pathlib import Path
from marketdesk.web import create_app, server
server.run(create_app(Path(sys.argv[1])), "127.0.0.1", int(sys.argv[2]))
"""

#: The floor peer: a bare ASGI app sending the app's own gzip body, under the same settings.
FLOOR = """
import sys
from pathlib import Path
from marketdesk.web import server
body = Path(sys.argv[1]).read_bytes()
head = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip"),
        (b"content-length", str(len(body)).encode())]
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": head})
    await send({"type": "http.response.body", "body": body})
server.run(app, "127.0.0.1", int(sys.argv[2]))
"""


def start(code: str, arg: Path, port: int) -> subprocess.Popen[bytes]:
    """A child Python running ``code`` with ``arg`` and ``port`` as its arguments."""
    return subprocess.Popen([sys.executable, "-c", code, str(arg), str(port)])


async def wait_up(base: str, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as c:
        while time.monotonic() < deadline:
            try:
                if (await c.get(base + "/api/openapi.json")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


class Connection:
    """One keep-alive HTTP/1.1 connection over asyncio streams: a request line and headers out,
    status, headers and a Content-Length body back. Far cheaper per request than a full client,
    so on a small machine the generator does not become the bottleneck it measures."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer = reader, writer
        self.request = (f"GET {URL_PATH} HTTP/1.1\r\nHost: {host}\r\n"
                        "Accept-Encoding: gzip\r\nAccept: application/json\r\n\r\n").encode()

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer, f"{host}:{port}")

    async def get(self) -> tuple[int, bytes]:
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(int(ln.split(":", 1)[1]) for ln in lines[1:]
                      if ln.lower().startswith("content-length:"))
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def load(base: str, rate: float, seconds: float, connections: int = 32) -> dict[str, Any]:
    """Open-loop: request i is sent at t0 + i / rate, whatever the earlier ones are doing. A
    request waits for a free connection of the pool; that wait counts in its latency."""
    import gzip

    host, port = base.split("//", 1)[1].rsplit(":", 1)
    total = int(rate * seconds)
    latencies: list[float] = []
    errors: list[str] = []
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await Connection.open(host, int(port)))
    warm = await pool.get()        # the first request computes and caches the sheet
    status, body = await warm.get()
    pool.put_nowait(warm)
    if status != 200 or not gzip.decompress(body).startswith(b'{"subject":"^RUT"'):
        raise RuntimeError(f"warm-up request failed: {status}")
    size = len(body)

    async def one() -> None:
        t = time.perf_counter()
        conn = await pool.get()
        try:
            status, body = await asyncio.wait_for(conn.get(), 5.0)
            if status != 200 or len(body) != size:
                errors.append(f"status {status}")
            pool.put_nowait(conn)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as err:
            errors.append(type(err).__name__)
            conn.close()
            pool.put_nowait(await Connection.open(host, int(port)))
        latencies.append(time.perf_counter() - t)

    tasks = []
    t0 = time.perf_counter()
    for i in range(total):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    while not pool.empty():
        pool.get_nowait().close()
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000

    return {"requests": total, "seconds": round(elapsed, 2),
            "throughput_rps": round(total / elapsed, 1), "errors": len(errors),
            "body_bytes_gzip": size,
            "p50_ms": round(pct(50), 2), "p90_ms": round(pct(90), 2), "p99_ms": round(pct(99), 2),
            "max_ms": round(lat[-1] * 1000, 2), "mean_ms": round(statistics.fmean(lat) * 1000, 2)}


def _ms(times: list[float]) -> dict[str, float]:
    lat = sorted(times)
    return {"median_ms": round(statistics.median(lat) * 1000, 3),
            "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000, 3),
            "n": len(lat)}


async def service_wire(base: str, n: int = 1000) -> dict[str, float]:
    """One connection, one request at a time (after 100 warm-up requests): no queueing."""
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    conn = await Connection.open(host, int(port))
    times = []
    try:
        for i in range(n + 100):
            t = time.perf_counter()
            status, _ = await conn.get()
            if status != 200:
                raise RuntimeError(f"status {status}")
            if i >= 100:
                times.append(time.perf_counter() - t)
    finally:
        conn.close()
    return _ms(times)


def service_in_process(db: Path, n: int = 3000) -> dict[str, float]:
    """The app called as an ASGI callable in this process (no socket, no server), cached."""
    from marketdesk.web import create_app

    app = create_app(db)
    path, _, query = URL_PATH.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path.replace("%5E", "^"),
             "raw_path": path.encode(), "root_path": "", "query_string": query.encode(),
             "headers": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip"),
                         (b"accept", b"application/json")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def run() -> list[float]:
        status = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        times = []
        for i in range(n + 200):
            t = time.perf_counter()
            await app(dict(scope), receive, send)
            if i >= 200:
                times.append(time.perf_counter() - t)
        if set(status) != {200}:
            raise RuntimeError(f"in-process statuses {sorted(set(status))}")
        return times

    return _ms(asyncio.run(run()))


async def fetch_body(base: str) -> bytes:
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    conn = await Connection.open(host, int(port))
    try:
        return (await conn.get())[1]
    finally:
        conn.close()


def phase(code: str, arg: Path, rate: float, seconds: float, wire: bool = False) -> dict[str, Any]:
    """Start a server (``code`` with ``arg``), load it, stop it; with the load average."""
    port = free_port()
    proc = start(code, arg, port)
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(wait_up(base))
        before = os.getloadavg()[0]
        result = asyncio.run(load(base, rate, seconds))
        # the machine's 1-minute load average: on a shared box the tail is the neighbours'
        result["loadavg_1m"] = [round(before, 2), round(os.getloadavg()[0], 2)]
        if wire:
            result["service_wire"] = asyncio.run(service_wire(base))
            result["body"] = asyncio.run(fetch_body(base))
    finally:
        proc.terminate()
        proc.wait(10)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: load ../shared/data)")
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second")
    ap.add_argument("--seconds", type=float, default=30.0, help="duration (at most 300)")
    ap.add_argument("--no-floor", action="store_true", help="skip the bare-ASGI floor peer")
    args = ap.parse_args()
    seconds = min(args.seconds, 300.0)
    from marketdesk.web.server import fast_parts

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "shared.duckdb"
            build_store(db)
        app = phase(SERVE, db, args.rate, seconds, wire=True)
        body_file = Path(tmp) / "body.gz"
        body_file.write_bytes(app.pop("body"))
        service = {"in_process": service_in_process(db), "wire": app.pop("service_wire")}
        floor = None if args.no_floor else phase(FLOOR, body_file, args.rate, seconds)
    ok = (app["errors"] == 0 and app["p99_ms"] < P99_TARGET_MS
          and app["throughput_rps"] >= 0.97 * args.rate)
    result = {"url": URL_PATH, "target_rps": args.rate, "p99_target_ms": P99_TARGET_MS,
              "cores": os.cpu_count() or 0, "server": fast_parts(), "app": app,
              "floor": floor, "service": service, "ok": ok}
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Load benchmark: ``/api/facts/^RUT?date=2024-11-25`` at a fixed rate over loopback.

Starts ``marketdesk serve``'s app (uvicorn, one process) on a free 127.0.0.1 port in a child
process over a store (``--db``, or one loaded from ../shared/data into a temporary file), then an
asyncio + httpx open-loop generator sends requests at ``--rate`` per second for ``--seconds``
(bounded: at most rate x seconds requests, each with a 5 s timeout) and reports throughput,
latency percentiles and errors. Exit status 1 if the targets (rate held, p99 < 100 ms, zero
errors) are missed.

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

ROOT = Path(__file__).resolve().parent.parent
URL_PATH = "/api/facts/%5ERUT?date=2024-11-25"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path) -> None:
    from marketdesk.desk import Desk

    data = Path(os.environ.get("MARKETDESK_TEST_DATA", ROOT.parent / "shared" / "data"))
    with Desk(path) as desk:
        desk.load([data])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("import uvicorn; from marketdesk.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    return subprocess.Popen([sys.executable, "-c", code])


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


async def load(base: str, rate: float, seconds: float) -> dict[str, float]:
    """Open-loop: request i is sent at t0 + i / rate, whatever the earlier ones are doing."""
    import httpx

    total = int(rate * seconds)
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=5.0) as client:
        await client.get(URL_PATH)   # warm: the first request computes and caches the sheet

        async def one() -> None:
            t = time.perf_counter()
            try:
                r = await client.get(URL_PATH)
                if r.status_code != 200 or not r.content.startswith(b'{"subject":"^RUT"'):
                    errors.append(f"status {r.status_code}")
            except httpx.HTTPError as err:
                errors.append(type(err).__name__)
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
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000

    return {"requests": total, "seconds": round(elapsed, 2),
            "throughput_rps": round(total / elapsed, 1), "errors": len(errors),
            "p50_ms": round(pct(50), 2), "p90_ms": round(pct(90), 2), "p99_ms": round(pct(99), 2),
            "max_ms": round(lat[-1] * 1000, 2), "mean_ms": round(statistics.fmean(lat) * 1000, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: load ../shared/data)")
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second")
    ap.add_argument("--seconds", type=float, default=30.0, help="duration (at most 300)")
    args = ap.parse_args()
    seconds = min(args.seconds, 300.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "shared.duckdb"
            build_store(db)
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            asyncio.run(wait_up(base))
            result = asyncio.run(load(base, args.rate, seconds))
        finally:
            server.terminate()
            server.wait(10)
    result["target_rps"] = args.rate
    ok = (result["errors"] == 0 and result["p99_ms"] < 100.0
          and result["throughput_rps"] >= 0.97 * args.rate)
    result["ok"] = ok
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

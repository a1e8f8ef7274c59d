"""marketdesk load of a large CSV: peak memory and rows/s, next to DuckDB's own read_csv.

    .venv/bin/python benchmarks/load_scale.py [--rows 50000000] [--dir PATH] [--keep]

Generates, at run time, a long bar CSV (``Ticker,Date,Open,High,Low,Close,Adj Close,Volume``):
``--rows`` rows (default 50 M, about 2.6 GB) over as many symbols as needed, each on real XNYS
sessions from 1888, cent prices from a fixed-seed random walk. Then, each in a child process of
its own (so each peak RSS -- ``VmHWM`` -- is its own):

1. ``marketdesk`` ``Desk.load`` of the file into a new store (parse, validate, stage, decide,
   write; one transaction), and
2. DuckDB ``CREATE TABLE ... AS SELECT * FROM read_csv(file)`` into a new database, under the
   same ``memory_limit`` (``MARKETDESK_MEMORY_LIMIT``, default 512MB): the floor for getting the
   file into DuckDB at all, with no validation.

Prints a Markdown table (seconds, rows/s, peak RSS) and writes benchmarks/.cache/load_scale.json.
Slow (minutes): ``benchmarks/run.py --load`` runs it; never part of the test suite. The generated
file and stores go to ``--dir`` (default a temporary folder under benchmarks/.cache) and are
deleted afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE  # noqa: E402

TARGET_PEAK_MB = 1024

_PEAK = """
def _peak_mb():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
"""

LOAD_CHILD = _PEAK + """
import json, sys, time
from marketdesk.desk import Desk
path, db = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
with Desk(db) as desk:
    reports = desk.load([path])
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(),
                  "rows": sum(r.rows_in for r in reports),
                  "inserted": sum(r.inserted for r in reports)}))
"""

DUCKDB_CHILD = _PEAK + """
import json, os, sys, time
import duckdb
path, db = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute("SET memory_limit = '" + (os.environ.get("MARKETDESK_MEMORY_LIMIT") or "512MB") + "'")
t0 = time.perf_counter()
con.execute("CREATE TABLE bars AS SELECT * FROM read_csv(?)", [path])
seconds = time.perf_counter() - t0
rows = con.execute("SELECT count(*) FROM bars").fetchall()[0][0]
con.close()
print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows}))
"""


def generate(path: Path, rows: int, seed: int = 7) -> dict[str, Any]:
    """Write the bar CSV of ``rows`` rows; its size and symbol count."""
    import numpy as np
    import polars as pl

    from marketdesk.calendar import CALENDAR_START, sessions

    days = sessions(CALENDAR_START, dt.date.today())
    n_days = len(days)
    dates = pl.Series("Date", days, dtype=pl.Date)
    rng = np.random.default_rng(seed)
    written, symbol = 0, 0
    with open(path, "wb") as fh:
        fh.write(b"Ticker,Date,Open,High,Low,Close,Adj Close,Volume\n")
        while written < rows:
            n = min(n_days, rows - written)
            walk = 100.0 * np.exp(np.cumsum(rng.normal(0.0002, 0.01, n)))
            close = np.round(walk, 2)
            high = np.round(close * (1 + rng.uniform(0, 0.01, n)), 2)
            low = np.round(close * (1 - rng.uniform(0, 0.01, n)), 2)
            opn = np.round(np.clip(close * (1 + rng.normal(0, 0.003, n)), low, high), 2)
            block = pl.DataFrame({
                "Ticker": pl.repeat(f"S{symbol:05d}", n, eager=True),
                "Date": dates[:n], "Open": opn, "High": high, "Low": low, "Close": close,
                "Adj Close": close, "Volume": rng.integers(1_000, 10_000_000, n)})
            block.write_csv(fh, include_header=False)
            written += n
            symbol += 1
    return {"rows": written, "symbols": symbol, "mb": path.stat().st_size / 2**20}


def child(script: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(rows: int, folder: Path) -> dict[str, Any]:
    """Generate the file, load it both ways, and return the results."""
    csv_path = folder / "bars.csv"
    t0 = time.perf_counter()
    made = generate(csv_path, rows)
    made["generate_s"] = time.perf_counter() - t0
    print(f"generated {made['rows']:,} rows, {made['symbols']} symbols, {made['mb']:,.0f} MiB "
          f"in {made['generate_s']:.0f} s", file=sys.stderr)
    md = child(LOAD_CHILD, str(csv_path), str(folder / "md.duckdb"))
    print(f"marketdesk load: {md}", file=sys.stderr)
    dk = child(DUCKDB_CHILD, str(csv_path), str(folder / "raw.duckdb"))
    print(f"duckdb read_csv: {dk}", file=sys.stderr)
    assert md["rows"] == made["rows"] == dk["rows"], (md, made, dk)
    return {"file": made, "marketdesk": md, "duckdb": dk}


def table(res: dict[str, Any]) -> str:
    f = res["file"]
    lines = [f"{f['rows']:,} rows, {f['symbols']} symbols, {f['mb'] / 1024:.2f} GiB CSV",
             "", "| tool | task | seconds | rows/s | peak RSS |", "|---|---|---:|---:|---:|"]
    for name, task in (("marketdesk", "load (parse, validate, stage, decide, write)"),
                       ("duckdb", "read_csv into a table (no validation)")):
        r = res[name]
        lines.append(f"| {name} | {task} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} "
                     f"| {r['peak_mb']:,.0f} MB |")
    ok = res["marketdesk"]["peak_mb"] <= TARGET_PEAK_MB
    lines.append("")
    lines.append(f"marketdesk peak RSS {res['marketdesk']['peak_mb']:,.0f} MB: "
                 f"{'within' if ok else 'above'} the {TARGET_PEAK_MB} MB target; "
                 f"{res['duckdb']['seconds'] / res['marketdesk']['seconds']:.2f}x DuckDB's speed.")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=50_000_000)
    ap.add_argument("--dir", type=Path, help="where the file and stores go (default: temporary)")
    ap.add_argument("--keep", action="store_true", help="keep the generated file and stores")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="load-scale-", dir=CACHE))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        res = run(args.rows, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    (CACHE / "load_scale.json").write_text(json.dumps(res, indent=2))
    print(table(res))
    return 0 if res["marketdesk"]["peak_mb"] <= TARGET_PEAK_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())

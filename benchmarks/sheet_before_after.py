"""The fact sheet and the universe rows of two source trees, side by side in one run.

    .venv/bin/python benchmarks/sheet_before_after.py --before ../wt-before --after . \
        [--rounds 12] [--reps 5] [--sizes M,L]

- Sheet: ``fact_sheet(compute_facts(bars, 2024-11-25, kind=...))`` of ^GSPC, ^DJI, ^RUT and
  DGS10 from the shared CSVs (as benchmarks/single.py times it), each repetition on a fresh
  clone of the frame, so nothing a previous sheet cached is reused.
- Universe: ``scale.universe_facts(path)`` + ``universe_breadth`` (what ``marketdesk facts
  --universe PATH`` computes) on benchmarks/universe.py's GBM universes (M = 500 x 7,500,
  L = 5,000 x 7,500).

Each round runs one child process per tree with ``PYTHONPATH=<tree>/src``, the order of the two
alternating from round to round (the machine is shared: interleaving keeps load drifts out of
the comparison). Prints min and median over every repetition of every round, of the wall time
and of the process's CPU time (less disturbed by other processes on a shared machine).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AS_OF = "2024-11-25"
#: symbol, CSV file of the shared data, instrument kind (as the store knows it)
SHEETS = (("^GSPC", "GSPC.csv", "index"), ("^DJI", "DJI.csv", "index"),
          ("^RUT", "RUT.csv", "index"), ("DGS10", "DGS10.csv", "yield"))
SIZES = {"M": (500, 7_500), "L": (5_000, 7_500)}
WORK = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "marketdesk-bench"


def _clock(fn: Any) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process: every thread) of ``fn()``."""
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def child_sheets(reps: int) -> dict[str, Any]:
    """Seconds per sheet of each symbol, ``reps`` times (after one warm-up each)."""
    import datetime as dt

    import marketdesk
    from marketdesk.facts.sheet import compute_facts, fact_sheet
    from marketdesk.sources.files import read_file

    sys.path.insert(0, str(HERE))
    from common import data_dir

    day = dt.date.fromisoformat(AS_OF)
    frames = {s: (read_file(data_dir() / f, symbol=s), k) for s, f, k in SHEETS}

    def sheet(symbol: str) -> Any:
        bars, kind = frames[symbol]
        fresh = bars.clone()            # a new frame object: no cached answers apply
        return lambda: fact_sheet(symbol, compute_facts(fresh, day, kind=kind), fresh, day)

    out: dict[str, Any] = {"module": marketdesk.__file__, "times": {s: [] for s in frames}}
    for s in frames:
        sheet(s)()
    for _ in range(reps):
        for s in frames:
            out["times"][s].append(_clock(sheet(s)))
    return out


def child_universe(size: str, reps: int) -> dict[str, Any]:
    """Seconds per universe_facts + universe_breadth of ``size``, ``reps`` times."""
    import marketdesk
    import marketdesk.scale as scale

    path = universe_file(size)

    def run() -> None:
        scale.universe_breadth(scale.universe_facts(path))

    run()
    return {"module": marketdesk.__file__, "times": {f"universe {size}": [
        _clock(run) for _ in range(reps)]}}


def universe_file(size: str) -> Path:
    """The universe of ``size`` (generated once, by benchmarks/universe.py, under $TMPDIR)."""
    sys.path.insert(0, str(HERE))
    import common
    import universe

    common.CACHE = universe.CACHE = WORK
    return universe.make_universe(*SIZES[size])


def _run_child(tree: Path, args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    res = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                         stdout=subprocess.PIPE, text=True)
    got: dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
    if not Path(got["module"]).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: the child imported {got['module']}")
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, help="the old tree (a checkout with src/)")
    ap.add_argument("--after", type=Path, help="the new tree")
    ap.add_argument("--rounds", type=int, default=12, help="child processes per tree")
    ap.add_argument("--reps", type=int, default=5, help="sheets per symbol per child (0: no sheets)")
    ap.add_argument("--sizes", default="M", help="universes to time (M,L; '' for none)")
    ap.add_argument("--universe-reps", type=int, default=2, help="universe runs per child")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        got = (child_sheets(int(rest[0])) if kind == "sheets"
               else child_universe(rest[0], int(rest[1])))
        print(json.dumps(got))
        return 0
    if a.before is None or a.after is None:
        ap.error("--before and --after are required")
    trees = {"before": a.before, "after": a.after}
    jobs = [["sheets", str(a.reps)]] if a.reps > 0 else []
    sizes = [s for s in a.sizes.split(",") if s]
    for s in sizes:
        universe_file(s)
        jobs.append(["universe", s, str(a.universe_reps)])
    times: dict[str, dict[str, list[list[float]]]] = {"before": {}, "after": {}}
    for r in range(a.rounds):
        order = ("before", "after") if r % 2 == 0 else ("after", "before")
        for job in jobs:
            for name in order:
                got = _run_child(trees[name], job)
                for k, v in got["times"].items():
                    times[name].setdefault(k, []).extend(v)
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr, flush=True)

    def ms(v: list[float]) -> str:
        return f"{min(v) * 1e3:.1f} / {statistics.median(v) * 1e3:.1f}"

    print(f"before: {a.before}\nafter:  {a.after}\n")
    for col, clock in ((0, "wall"), (1, "CPU (all threads of the process)")):
        print(f"{clock} time\n")
        print("| what | before min / median (ms) | after min / median (ms) |"
              " after/before (min, median) | runs each |")
        print("|---|---:|---:|---:|---:|")
        for k in times["before"]:
            b = [t[col] for t in times["before"][k]]
            f = [t[col] for t in times["after"][k]]
            print(f"| {k} | {ms(b)} | {ms(f)} | {min(f) / min(b):.2f}, "
                  f"{statistics.median(f) / statistics.median(b):.2f} | {len(b)} |")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

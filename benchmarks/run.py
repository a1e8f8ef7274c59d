"""marketdesk benchmarks, side by side with peer libraries in the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--part a|b]

a. One series of ~25,000 days (GSPC.csv of the shared data): the full fact sheet vs ffn,
   quantstats and empyrical on the same closes, and a check that all agree on shared figures.
b. A universe of 500 series x 7,500 days (GBM, fixed seed, cent-rounded closes): monthly return
   tables, record flags for every day and counts per year, "largest since" for every month;
   marketdesk (vectorized over the long frame) vs plain pandas vs ffn / quantstats per series
   (a sample of series timed and extrapolated, labelled so).

With ``--load`` (opt-in: minutes), ``load_scale.py`` also loads a generated 50 M-row CSV and
reports peak RSS and rows/s next to DuckDB's own ``read_csv`` of the same file.

Each part b contender runs in its own child process, so its peak memory (peak RSS above the
RSS with the data loaded) is its own. Results: benchmarks/.cache/results.json, and a Markdown
table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, ROOT, peak_above, reset_peak, timed  # noqa: E402

UNIVERSE = {"full": (500, 7500, 20), "quick": (100, 7500, 5)}   # series, days, peer sample


def child(name: str, n_series: int, n_days: int, sample: int, repeats: int) -> dict[str, Any]:
    """Run one part b contender in this process and return its row."""
    import warnings

    warnings.filterwarnings("ignore")
    import polars as pl

    import universe

    bars = pl.read_parquet(universe.universe_path(n_series, n_days))
    size = f"{n_series} x {n_days:,} days"
    if name == "marketdesk":
        fn, note = (lambda: universe.marketdesk_all(bars)), "one vectorized pass, no per-series loop"
    elif name == "pandas":
        df = bars.select("symbol", "date", "close").to_pandas()
        fn, note = (lambda: universe.pandas_all(df)), "groupby; largest-since: loop per series"
    else:
        symbols = bars["symbol"].unique(maintain_order=True).head(sample).to_list()
        series = [bars.filter(pl.col("symbol") == s).select("date", "close").to_pandas()
                  .set_index("date")["close"] for s in symbols]
        for s in series:
            s.index = s.index.astype("datetime64[ns]")
        per = universe.ffn_series if name == "ffn" else universe.quantstats_series
        fn = lambda: [per(s) for s in series]  # noqa: E731
        note = (f"timed on {sample} series, x{n_series / sample:g} extrapolated; "
                "no largest-since (not offered)")

    base = reset_peak()
    fn()
    peak = peak_above(base)
    row = {"part": "b", "tool": name, "task": "monthly tables + record flags/counts + largest since",
           "size": size, **timed(fn, repeats if name in ("marketdesk", "pandas") else 2,
                                 warmup=0), "peak_mb": peak / 2**20, "note": note}
    if name in ("ffn", "quantstats"):
        row["extrapolated"] = True
        for k in ("median_s", "min_s"):
            row[k] *= n_series / sample
        row["peak_mb"] = None
    return row


def parity(n_series: int, n_days: int) -> list[dict[str, Any]]:
    """Part b: marketdesk's long-frame results equal the pandas twin and the one-series facts."""
    import numpy as np
    import polars as pl

    import universe
    from marketdesk.facts import ranks, records

    bars = pl.read_parquet(universe.universe_path(n_series, n_days))
    few = bars.filter(pl.col("symbol").is_in(bars["symbol"].unique().sort().head(8).implode()))
    md = universe.marketdesk_all(few)
    pd_ = universe.pandas_all(few.select("symbol", "date", "close").to_pandas())
    out = []
    m_md = md["monthly"]["return_pct"].to_numpy()
    m_pd = pd_["monthly"]["return_pct"].to_numpy()
    out.append({"figure": "universe monthly returns", "versus": "pandas groupby",
                "compared": int(m_md.size), "max_abs_diff": float(np.max(np.abs(m_md - m_pd))),
                "ok": m_md.size == m_pd.size and bool(np.allclose(m_md, m_pd, rtol=0, atol=1e-9))})
    c_md = md["counts"]["records"].to_numpy()
    c_pd = pd_["counts"].to_numpy()
    out.append({"figure": "universe record counts per year", "versus": "pandas groupby",
                "compared": int(c_md.size), "max_abs_diff": float(np.max(np.abs(c_md - c_pd))),
                "ok": bool(np.array_equal(c_md, c_pd))})
    since = md["since"]
    local = (since.with_row_index("_r")
             .select((pl.col("since_row") - pl.col("_r").min().over("symbol")).fill_null(-1))
             .to_series().to_numpy())
    ref = np.concatenate(list(pd_["since"].values))
    out.append({"figure": "universe largest since (every month)", "versus": "pandas loop",
                "compared": int(ref.size), "max_abs_diff": float(np.sum(local != ref)),
                "ok": bool(np.array_equal(local, ref))})
    # the long versions answer what the one-series facts answer
    one = few.filter(pl.col("symbol") == few["symbol"][0])
    sym = one["symbol"][0]
    bad = 0
    rows = since.filter(pl.col("symbol") == sym).gather_every(17)
    for r in rows.iter_rows(named=True):
        f = next(x for x in ranks.rank_facts(one, r["end_date"], "month")
                 if x.metric.value == "largest_since")
        want = None if r["on_record"] else f"{r['since_year']:04d}-{r['since_month']:02d}"
        bad += f.context["since_period"] != want
    counts = md["counts"].filter(pl.col("symbol") == sym)
    for r in counts.iter_rows(named=True):
        last = one.filter(pl.col("date").dt.year() == r["year"])["date"][-1]
        f = next(x for x in records.record_facts(one, last)
                 if x.metric.value == "record_close_count")
        bad += f.value != r["records"]
    out.append({"figure": "long versions vs rank_facts / record_facts", "versus": "marketdesk",
                "compared": rows.height + counts.height, "max_abs_diff": float(bad),
                "ok": bad == 0})
    return out


def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def markdown(rows: list[dict[str, Any]], agree: list[dict[str, Any]], machine: str) -> str:
    lines = [f"Machine: {machine}", "",
             "| part | tool | task | size | median | min | peak mem | note |",
             "|---|---|---|---|---:|---:|---:|---|"]
    for r in rows:
        mem = "-" if r.get("peak_mb") is None else f"{r['peak_mb']:.0f} MB"
        med = fmt_time(r["median_s"]) + (" (extrap.)" if r.get("extrapolated") else "")
        lines.append(f"| {r['part']} | {r['tool']} | {r['task']} | {r['size']} | {med} | "
                     f"{fmt_time(r['min_s'])} | {mem} | {r.get('note', '')} |")
    lines += ["", "| figure | versus | compared | max abs diff | agrees |", "|---|---|---:|---:|---|"]
    for a in agree:
        lines.append(f"| {a['figure']} | {a['versus']} | {a['compared']} | "
                     f"{a['max_abs_diff']:.3g} | {'yes' if a['ok'] else 'NO'} |")
    return "\n".join(lines)


def machine() -> str:
    import polars as pl

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), platform.processor())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, Python "
            f"{platform.python_version()}, polars {pl.__version__}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 100-series universe")
    ap.add_argument("--part", choices=["a", "b"], help="run one part only")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, help="timed repeats (default 30 / quick 10)")
    ap.add_argument("--load", action="store_true",
                    help="also (slow, minutes): load a generated 50 M-row CSV "
                         "(benchmarks/load_scale.py; with --quick 5 M rows)")
    args = ap.parse_args()
    n_series, n_days, sample = UNIVERSE["quick" if args.quick else "full"]
    repeats = args.repeats or (10 if args.quick else 30)
    b_repeats = 3 if args.quick else 5
    if args.child:
        print(json.dumps(child(args.child, n_series, n_days, sample, b_repeats), default=str))
        return 0
    rows: list[dict[str, Any]] = []
    agree: list[dict[str, Any]] = []
    if args.part in (None, "a"):
        import single

        print("part a: GSPC.csv ...", file=sys.stderr, flush=True)
        r, a = single.run(repeats)
        rows += r
        agree += a
    if args.part in (None, "b"):
        import universe

        universe.make_universe(n_series, n_days)
        for name in ("marketdesk", "pandas", "ffn", "quantstats"):
            print(f"part b: {name} ...", file=sys.stderr, flush=True)
            cmd = [sys.executable, __file__, "--child", name] + (["--quick"] if args.quick else [])
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        agree += parity(n_series, n_days)
    info = machine()
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps(
        {"machine": info, "quick": args.quick, "rows": rows, "agreement": agree}, indent=2,
        default=str))
    print(markdown(rows, agree, info))
    load_ok = True
    if args.load:
        print("load: a generated CSV ...", file=sys.stderr, flush=True)
        cmd = [sys.executable, str(Path(__file__).with_name("load_scale.py"))]
        load_ok = subprocess.run(cmd + (["--rows", "5000000"] if args.quick else []),
                                 cwd=ROOT).returncode == 0
    return 0 if all(a["ok"] for a in agree) and load_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

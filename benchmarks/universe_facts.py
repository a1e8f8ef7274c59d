"""Issue 7: universe fact sheets, marketdesk local and Spark vs peers, on generated GBM universes.

    .venv/bin/python benchmarks/universe_facts.py [--sizes S,M,L] [--no-spark] [--no-peers]

Sizes: S = 1 series x 25,000 days, M = 500 x 7,500, L = 5,000 x 7,500 (37.5 M rows). The
universes come from benchmarks/universe.py's generator (GBM, fixed seed, cent closes), written
to $TMPDIR/marketdesk-bench (never to git). The sheet: last close, 1-day %, WTD/MTD/QTD/YTD, best
/ worst month, latest month's rank and "largest since", record close and date, % from it, record
closes this year, current and max drawdown, daily streak, 52-week high/low, 200-day mean.

Contenders, each in its own child process (peak memory = peak RSS of that process above the
interpreter with its imports loaded; Spark: the Python driver only, the JVM is not counted):

- marketdesk local (``universe_facts(path)``: reads the Parquet itself, batched for large files)
- marketdesk spark (local[2] session, ``groupBy.applyInArrow`` of the same kernel)
- floor: read the Parquet's symbol/date/close + one pass over close (a grouped sum)
- pandas groupby over the long frame (the shared figures; "largest since" not included)
- ffn ``calc_stats``, quantstats, empyrical-reloaded: per series on a sample, extrapolated
  (labelled so); they offer only part of the sheet (drawdowns, monthly tables, YTD).

Agreement: each peer's max drawdown (and ffn's YTD, pandas' change/YTD/52-week high/200-day
mean) against marketdesk's rows. Results: $TMPDIR/marketdesk-bench/universe_facts.json and a
Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

SIZES = {"S": (1, 25_000), "M": (500, 7_500), "L": (5_000, 7_500)}
REPEATS = {"S": 20, "M": 3, "L": 1}
PEER_SAMPLE = {"S": 1, "M": 10, "L": 10}
WORK = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "marketdesk-bench"


def universe_file(size: str) -> Path:
    """Generate (once) the universe of ``size`` with benchmarks/universe.py's generator."""
    import universe

    common.CACHE = WORK            # the generator writes under common.CACHE: keep it out of git
    universe.CACHE = WORK
    n, d = SIZES[size]
    return universe.make_universe(n, d)


# ---------------------------------------------------------------- contenders ---------------

def _series(path: Path, sample: int) -> list[Any]:
    import polars as pl

    scan = pl.scan_parquet(path)
    syms = scan.select(pl.col("symbol").unique().sort().head(sample)).collect()["symbol"]
    frame = scan.filter(pl.col("symbol").is_in(syms.implode())).select(
        "symbol", "date", "close").collect()
    out = []
    for s in syms:
        one = frame.filter(pl.col("symbol") == s).to_pandas().set_index("date")["close"]
        one.index = one.index.astype("datetime64[ns]")
        one.name = s
        out.append(one)
    return out


def peer_ffn(close: Any) -> dict[str, float]:
    import ffn

    st = ffn.calc_stats(close)
    return {"max_drawdown_pct": st.max_drawdown * 100.0, "ytd_pct": st.ytd * 100.0,
            "best_month_pct": st.best_month * 100.0}


def peer_quantstats(close: Any) -> dict[str, float]:
    import quantstats as qs

    r = close.pct_change().dropna()
    qs.stats.monthly_returns(r)
    # quantstats counts the partial first month (marketdesk leaves it out: no base close);
    # compare the best month over the months both define, as benchmarks/run.py does
    full = r[r.index.to_period("M") > close.index[0].to_period("M")]
    return {"max_drawdown_pct": qs.stats.max_drawdown(close) * 100.0,
            "best_month_pct": qs.stats.best(full, aggregate="ME") * 100.0}


def peer_empyrical(close: Any) -> dict[str, float]:
    import empyrical

    r = close.pct_change().dropna()
    empyrical.aggregate_returns(r, "monthly")
    return {"max_drawdown_pct": empyrical.max_drawdown(r) * 100.0}


def pandas_groupby(df: Any) -> Any:
    """The shared figures with plain pandas over the long frame (as a careful user writes it)."""
    import pandas as pd

    df = df.sort_values(["symbol", "date"])
    g = df.groupby("symbol", sort=True)["close"]
    last = g.last()
    prev = g.nth(-2).set_axis(last.index)
    last_date = df.groupby("symbol")["date"].last()
    year_start = pd.to_datetime(last_date.dt.year.astype(str) + "-01-01")
    base = (df[df["date"] < df["symbol"].map(year_start)].groupby("symbol")["close"].last())
    peak = g.cummax()
    dd = (df["close"] / peak - 1.0).groupby(df["symbol"]).min() * 100.0
    rec = df["close"] > g.shift(1).groupby(df["symbol"]).cummax()
    is_year = df["date"].dt.year == df["symbol"].map(last_date.dt.year)
    records = ((rec | g.cumcount().eq(0)) & is_year).groupby(df["symbol"]).sum()
    in52 = df["date"] >= df["symbol"].map(last_date - pd.Timedelta(days=365))
    high52 = df["close"].where(in52).groupby(df["symbol"]).max()
    mean200 = g.apply(lambda s: s.tail(200).mean())
    return pd.DataFrame({"close": last, "change_pct": (last / prev - 1.0) * 100.0,
                         "ytd_pct": (last / base - 1.0) * 100.0, "max_drawdown_pct": dd,
                         "records_ytd": records, "high_52w": high52, "mean_200": mean200})


def child(name: str, size: str) -> dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")
    import polars as pl

    path = universe_file(size)
    n_series, n_days = SIZES[size]
    repeats = REPEATS[size]
    extra: dict[str, Any] = {}
    if name == "local":
        import marketdesk.scale as scale

        fn = lambda: scale.universe_facts(path)  # noqa: E731
    elif name == "floor":
        fn = lambda: (pl.scan_parquet(path).select("symbol", "date", "close")  # noqa: E731
                      .group_by("symbol").agg(pl.col("close").sum()).collect())
    elif name == "spark":
        from marketdesk.scale.spark import local_session, run_spark

        spark = local_session(cores=2, shuffle_partitions=max(2, n_series // 250),
                              memory="4g")
        spark.sparkContext.setLogLevel("ERROR")
        fn = lambda: run_spark(str(path), spark=spark)  # noqa: E731
        repeats = min(repeats, 2)
    elif name == "compute":          # S: one series' sheet, data in memory, compute only
        from marketdesk.scale.kernel import fact_rows

        bars = pl.read_parquet(path)
        fn = lambda: fact_rows(bars)  # noqa: E731
    elif name == "pandas":
        sample = n_series if n_series <= 500 else 500
        df = (pl.scan_parquet(path).filter(pl.col("symbol").is_in(
            pl.scan_parquet(path).select(pl.col("symbol").unique().sort().head(sample))
            .collect()["symbol"].implode())).select("symbol", "date", "close").collect()
            .to_pandas())
        fn = lambda: pandas_groupby(df)  # noqa: E731
        extra = {"sample": sample}
    else:
        per = {"ffn": peer_ffn, "quantstats": peer_quantstats, "empyrical": peer_empyrical}[name]
        series = _series(path, PEER_SAMPLE[size])
        fn = lambda: [per(s) for s in series]  # noqa: E731
        extra = {"sample": len(series)}
        repeats = 2
    base = common.reset_peak()
    fn()
    peak = common.peak_above(base)
    t = common.timed(fn, repeats, warmup=0)
    row = {"tool": name, "size": size, "series": n_series, "days": n_days, **t,
           "peak_mb": peak / 2**20, "peak_total_mb": common._status("VmHWM") / 2**20, **extra}
    if "sample" in extra and extra["sample"] < n_series:
        row["extrapolated"] = n_series / extra["sample"]
        row["median_s"] *= row["extrapolated"]
        row["min_s"] *= row["extrapolated"]
    if name == "spark":
        spark.stop()
    return row


def agreement(size: str) -> list[dict[str, Any]]:
    """Peers' figures vs marketdesk's rows on the sample series."""
    import numpy as np
    import polars as pl

    import marketdesk.scale as scale

    path = universe_file(size)
    series = _series(path, PEER_SAMPLE[size])
    syms = [s.name for s in series]
    rows = scale.universe_facts(pl.scan_parquet(path).filter(
        pl.col("symbol").is_in(syms)).collect())
    md = {r["symbol"]: r for r in rows.iter_rows(named=True)}
    out = []
    for name, per in (("ffn", peer_ffn), ("quantstats", peer_quantstats),
                      ("empyrical", peer_empyrical)):
        diffs: dict[str, float] = {}
        for s in series:
            for k, v in per(s).items():
                ok_v = md[s.name][k]     # best month: peers compound daily returns (~1e-9)
                diffs[k] = max(diffs.get(k, 0.0), abs(v - ok_v))
        for k, d in diffs.items():
            out.append({"figure": k, "versus": name, "compared": len(series),
                        "max_abs_diff": d, "ok": d < 1e-6})
    df = pl.scan_parquet(path).filter(pl.col("symbol").is_in(syms)).select(
        "symbol", "date", "close").collect().to_pandas()
    pdr = pandas_groupby(df)
    for k in ("close", "change_pct", "ytd_pct", "max_drawdown_pct", "records_ytd", "high_52w",
              "mean_200"):
        a = np.array([md[s][k] for s in pdr.index], dtype=float)
        d = float(np.max(np.abs(a - pdr[k].to_numpy(dtype=float))))
        out.append({"figure": k, "versus": "pandas groupby", "compared": len(pdr),
                    "max_abs_diff": d, "ok": d < 1e-6})
    return out


def fmt(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*args.child), default=str))
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    agree: list[dict[str, Any]] = []
    for size in args.sizes.split(","):
        t0 = time.perf_counter()
        universe_file(size)
        print(f"{size}: universe ready ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        tools = ["floor", "local"] + (["compute"] if size == "S" else [])
        tools += [] if args.no_spark else ["spark"]
        tools += [] if args.no_peers else ["pandas", "ffn", "quantstats", "empyrical"]
        for tool in tools:
            print(f"{size}: {tool} ...", file=sys.stderr, flush=True)
            res = subprocess.run([sys.executable, __file__, "--child", tool, size],
                                 stdout=subprocess.PIPE, text=True, cwd=common.ROOT)
            if res.returncode:
                rows.append({"tool": tool, "size": size, "error": res.returncode})
                continue
            rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
        if not args.no_peers:
            agree += [{**a, "size": size} for a in agreement(size)]
    lines = ["| size | tool | median | peak mem (above start / total) | x floor | note |",
             "|---|---|---:|---:|---:|---|"]
    for size in args.sizes.split(","):
        floor = next((r["median_s"] for r in rows if r["size"] == size
                      and r["tool"] == "floor" and "median_s" in r), None)
        for r in (r for r in rows if r["size"] == size):
            if "error" in r:
                lines.append(f"| {size} | {r['tool']} | failed ({r['error']}) | | | |")
                continue
            note = (f"per series on {r['sample']}, x{r['extrapolated']:g} extrapolated"
                    if r.get("extrapolated") else "")
            if r["tool"] == "spark":
                note = "local[2]; JVM memory not counted"
            if r["tool"] == "compute":
                note = "fact_rows on the in-memory series (no I/O)"
            ratio = f"{r['median_s'] / floor:.1f}" if floor else "-"
            lines.append(f"| {size} ({r['series']} x {r['days']:,}) | {r['tool']} | "
                         f"{fmt(r['median_s'])} | {r['peak_mb']:.0f} / {r['peak_total_mb']:.0f}"
                         f" MB | {ratio} | {note} |")
    lines += ["", "| size | figure | versus | compared | max abs diff | agrees |",
              "|---|---|---|---:|---:|---|"]
    for a in agree:
        lines.append(f"| {a['size']} | {a['figure']} | {a['versus']} | {a['compared']} | "
                     f"{a['max_abs_diff']:.3g} | {'yes' if a['ok'] else 'NO'} |")
    text = "\n".join(lines)
    (WORK / "universe_facts.json").write_text(json.dumps({"rows": rows, "agreement": agree},
                                                         indent=2, default=str))
    print(text)
    return 0 if all(a["ok"] for a in agree) else 1


if __name__ == "__main__":
    raise SystemExit(main())

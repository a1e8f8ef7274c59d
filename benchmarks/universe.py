"""Part b: a synthetic universe (geometric Brownian motion, fixed seed, cent-rounded closes) and
the contenders that compute, for every series, its monthly return table, its record-close flags
for every day and counts per year, and "largest gain / decline since" for every month.

The universe is generated at run time and cached under benchmarks/.cache (never committed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from common import CACHE

SEED = 20241125
START = dt.date(1996, 1, 15)      # mid-month: every series has a partial first month to leave out


def universe_path(n_series: int, n_days: int) -> Path:
    return CACHE / f"gbm_{n_series}x{n_days}_seed{SEED}.parquet"


def make_universe(n_series: int, n_days: int) -> Path:
    """Write (once) a long frame in the canonical bar schema: ``n_series`` GBM close series of
    ``n_days`` weekdays each, closes rounded to cents (so ties between equal returns occur)."""
    path = universe_path(n_series, n_days)
    if path.exists():
        return path
    from marketdesk.schema import conform

    rng = np.random.default_rng(SEED)
    days = np.arange(np.datetime64(START), np.datetime64(START) + n_days * 2, dtype="datetime64[D]")
    days = days[np.is_busday(days)][:n_days]
    mu = rng.uniform(0.0, 0.12, n_series)
    sigma = rng.uniform(0.12, 0.45, n_series)
    s0 = rng.uniform(5.0, 500.0, n_series)
    dtime = 1.0 / 252.0
    shocks = rng.standard_normal((n_series, n_days))
    log_steps = (mu - 0.5 * sigma**2)[:, None] * dtime + (sigma * np.sqrt(dtime))[:, None] * shocks
    log_steps[:, 0] = 0.0
    closes = np.maximum(np.round(s0[:, None] * np.exp(np.cumsum(log_steps, axis=1)), 2), 0.01)
    frame = pl.DataFrame({
        "symbol": np.repeat([f"S{i:04d}" for i in range(n_series)], n_days),
        "date": np.tile(days, n_series),
        "close": closes.ravel(),
        "source": "synthetic:gbm",
    })
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    conform(frame).write_parquet(tmp)
    tmp.replace(path)
    return path


# ---------------------------------------------------------------- contenders ---------------

def marketdesk_all(bars: pl.DataFrame) -> dict[str, Any]:
    """marketdesk: one vectorized pass per statistic over the long frame (no per-series loop)."""
    from marketdesk.facts import ranks, records, tables

    monthly = tables.monthly_returns_long(bars)
    since = ranks.largest_since_long(monthly)
    flags = records.record_flags_long(bars)
    counts = records.record_counts_long(flags)
    return {"monthly": monthly, "since": since, "flags": flags, "counts": counts}


def pandas_all(df: Any) -> dict[str, Any]:
    """Plain pandas (groupby), written as a careful user would: the same rules (ratio of month-end
    closes, partial first month and months after a gap left out, strict records, tie tolerance).
    "Largest since" has no groupby form: a loop over each series' months (numpy inside)."""
    import pandas as pd

    from marketdesk.facts.model import TIE_RTOL

    year = df["date"].dt.year
    month = df["date"].dt.month
    last = (df.assign(year=year, month=month)
            .groupby(["symbol", "year", "month"], sort=True)
            .agg(end_date=("date", "last"), end_close=("close", "last")).reset_index())
    g = last.groupby("symbol", sort=False)
    k = last["year"] * 12 + last["month"]
    last["base_close"] = g["end_close"].shift(1)
    last["start_date"] = g["end_date"].shift(1)
    ok = (k - g["year"].shift(1) * 12 - g["month"].shift(1)) == 1
    monthly = last[ok & (last["base_close"] != 0)].copy()
    monthly["return_pct"] = (monthly["end_close"] / monthly["base_close"] - 1.0) * 100.0

    prior = df.groupby("symbol", sort=False)["close"].cummax()
    prior = prior.groupby(df["symbol"], sort=False).shift(1)
    record = (df["close"] > prior) | prior.isna()
    flags = df[["symbol", "date", "close"]].assign(record=record)
    counts = flags.groupby(["symbol", year], sort=False)["record"].sum()

    def since(v: np.ndarray) -> np.ndarray:
        out = np.full(v.size, -1)
        for i in range(1, v.size):
            x = v[i] if v[i] >= 0 else -v[i]
            w = v[:i] if v[i] >= 0 else -v[:i]
            hits = np.flatnonzero(w >= x - (TIE_RTOL * abs(x) + 1e-12))
            out[i] = hits[-1] if hits.size else -1
        return out

    since_rows = {s: since(grp["return_pct"].to_numpy())
                  for s, grp in monthly.groupby("symbol", sort=False)}
    return {"monthly": monthly, "since": pd.Series(since_rows), "flags": flags, "counts": counts}


def ffn_series(close: Any) -> Any:
    """ffn per series: ``calc_stats`` (its monthly return table and drawdowns) plus record flags
    the pandas way (ffn has no records and no "largest since")."""
    import ffn

    stats = ffn.calc_stats(close)
    table = stats.return_table
    record = close > close.cummax().shift(1)
    return table, record.groupby(close.index.year).sum()


def quantstats_series(close: Any) -> Any:
    """quantstats per series: ``stats.monthly_returns`` and ``stats.to_drawdown_series`` from daily
    returns, plus record flags the pandas way (quantstats has no records, no "largest since")."""
    import quantstats as qs

    returns = close.pct_change().dropna()
    table = qs.stats.monthly_returns(returns)
    dd = qs.stats.to_drawdown_series(returns)
    record = close > close.cummax().shift(1)
    return table, dd, record.groupby(close.index.year).sum()

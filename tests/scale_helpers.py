"""Helpers for the scale tests: the shared-data universe and a small generated one."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl

from marketdesk.facts import day, drawdowns, periods, ranks, records, streaks, tables
from marketdesk.facts.model import Metric

AS_OF = dt.date(2024, 11, 25)


def shared_universe(bars, manifest: dict[str, str]) -> pl.DataFrame:
    """Every manifest symbol once: the first file listed for it (its primary source)."""
    seen: set[str] = set()
    frames = []
    for file, symbol in manifest.items():
        if symbol not in seen:
            seen.add(symbol)
            frames.append(bars(file))
    return pl.concat(frames)


def gbm_universe(n_series: int = 12, n_days: int = 900, seed: int = 7) -> pl.DataFrame:
    """Cent-rounded GBM closes on weekdays, with holes (missing days, a missing month) and a flat
    stretch, so gaps, ties and unchanged days occur. Series start on different days."""
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n_series):
        start = np.datetime64("2019-01-01") + int(rng.integers(0, 60))
        days = np.arange(start, start + 2 * n_days, dtype="datetime64[D]")
        days = days[np.is_busday(days)][: n_days - 30 * (i % 3)]
        keep = rng.random(days.size) > 0.03
        if i % 4 == 1:   # a whole month without data
            m = days.astype("datetime64[M]")
            keep &= m != m[days.size // 2]
        days = days[keep]
        steps = rng.normal(0.0002, 0.02, days.size)
        closes = np.round(rng.uniform(0.5, 50) * np.exp(np.cumsum(steps)), 2)
        closes = np.maximum(closes, 0.01)
        if i % 5 == 2:
            closes[-8:-3] = closes[-9]            # unchanged days
        frames.append(pl.DataFrame({"symbol": f"G{i:02d}", "date": days, "close": closes,
                                    "source": "synthetic"}).with_columns(pl.col("date")
                                                                         .cast(pl.Date)))
    return pl.concat(frames)


def one_series(universe: pl.DataFrame, symbol: str) -> pl.DataFrame:
    """That symbol's bars in the canonical schema (what the per-series facts functions take)."""
    from marketdesk.schema import conform

    return conform(universe.filter(pl.col("symbol") == symbol))


def expected_row(bars: pl.DataFrame, as_of: dt.date) -> dict:
    """The universe row of one symbol, from the one-series facts functions and plain loops."""
    hist = bars.filter((pl.col("date") <= as_of) & pl.col("close").is_not_null())
    session = hist["date"][-1]
    closes = hist["close"].to_list()
    out: dict = {"date": session, "close": closes[-1]}
    facts = {f.metric: f for f in day.day_facts(hist, as_of)}
    out["change_pct"] = facts[Metric.CHANGE_PCT].value if Metric.CHANGE_PCT in facts else None
    for k in ("wtd", "mtd", "qtd", "ytd"):
        f = periods.period_return(hist, as_of, k)
        out[f"{k}_pct"] = None if f is None else f.value
    monthly = tables.monthly_returns(hist)
    if monthly.height:
        v = monthly["return_pct"].to_list()
        key = [f"{y:04d}-{m:02d}" for y, m in zip(monthly["year"], monthly["month"])]
        hi = max(v)
        lo = min(v)
        out.update(best_month=key[v.index(hi)], best_month_pct=hi,
                   worst_month=key[v.index(lo)], worst_month_pct=lo)
    rk = {f.metric: f for f in ranks.rank_facts(hist, as_of, "month")}
    if Metric.RANK in rk:
        out.update(month_rank=rk[Metric.RANK].value, months=rk[Metric.RANK].context.of,
                   month_pct=rk[Metric.LARGEST_SINCE].value,
                   largest_since=rk[Metric.LARGEST_SINCE].context.since_period,
                   month_on_record=rk[Metric.LARGEST_SINCE].context.on_record)
    else:
        out.update(month_rank=None, month_pct=None, largest_since=None, month_on_record=None)
    rec = {f.metric: f for f in records.record_facts(hist, as_of)}
    out["record_close"] = rec[Metric.RECORD_CLOSE].value
    out["record_date"] = rec[Metric.RECORD_CLOSE].context.date
    out["is_record"] = rec[Metric.RECORD_CLOSE].context.is_new
    out["pct_from_record"] = rec[Metric.PCT_FROM_RECORD_CLOSE].value
    out["records_ytd"] = rec[Metric.RECORD_CLOSE_COUNT].value
    out["high_52w"] = rec[Metric.WEEK52_HIGH].value
    out["low_52w"] = rec[Metric.WEEK52_LOW].value
    out["drawdown_pct"] = drawdowns.current_drawdown(hist, as_of).value
    out["max_drawdown_pct"] = drawdowns.max_drawdown(hist, as_of).value
    s = streaks.current_streak(hist, as_of, "days")
    out["streak"] = s.value * (-1 if s.context.direction == "down" else 1)
    last200 = closes[-200:]
    out["mean_200"] = math.fsum(last200) / len(last200)
    out["above_200"] = (closes[-1] > out["mean_200"]) if len(closes) >= 200 else None
    return out


def assert_row_matches(row: dict, want: dict, symbol: str) -> None:
    for k, w in want.items():
        got = row[k]
        if isinstance(w, float) and got is not None:
            assert math.isclose(got, w, rel_tol=1e-9, abs_tol=1e-9), (symbol, k, got, w)
        else:
            assert got == w, (symbol, k, got, w)

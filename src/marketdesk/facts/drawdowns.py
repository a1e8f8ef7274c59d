"""Drawdowns from the running peak close: the current one and the maximum over a window.

Conventions:

- Drawdown at a close = (close / running peak close - 1) * 100, in **percent**, negative or 0.
  The running peak is the highest close from the start of the window up to and including that day.
- The peak's date is the day the peak level was first reached: a *record* close, strictly above
  every earlier close of the window. A later close exactly equal to the peak has drawdown 0 but is
  not a new record and does not move the peak date (see DESIGN.md, "Traps").
- Maximum drawdown: the lowest drawdown of the window. Ties (ratios within
  :data:`~marketdesk.facts.model.TIE_RTOL`) go to the earliest trough. Recovery is the first close
  after the trough at or above the peak level (None if not recovered by the as-of date).
- "Sessions" count the bars of the series (for an index: the exchange sessions with data).
- Drawdowns are ratios of closes, so scaling prices by k > 0 leaves them unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ..errors import NoDataError
from .evidence import evidence
from .model import TIE_RTOL, Evidence, Fact, Metric, Period
from .records import record_flags


def drawdown_series(bars: pl.DataFrame) -> pl.DataFrame:
    """``date, close, peak, peak_date, is_record, drawdown_pct`` for every non-null close.

    ``peak`` is the running maximum close, ``peak_date`` the record day that set it, ``is_record``
    True where a close is strictly above every earlier close (the first close counts as one),
    ``drawdown_pct`` = (close / peak - 1) * 100.
    """
    obs = bars.filter(pl.col("close").is_not_null()).sort("date")
    obs = obs.with_columns(record_flags(obs["close"]).alias("is_record"))
    return obs.select(
        "date", "close",
        pl.col("close").cum_max().alias("peak"),
        pl.when("is_record").then(pl.col("date")).forward_fill().alias("peak_date"),
        "is_record",
        ((pl.col("close") / pl.col("close").cum_max() - 1.0) * 100.0).alias("drawdown_pct"),
    )


def _window(bars: pl.DataFrame, as_of: dt.date, start: dt.date | None) -> pl.DataFrame:
    cond = (pl.col("date") <= as_of) & pl.col("close").is_not_null()
    if start is not None:
        cond = cond & (pl.col("date") >= start)
    out = bars.filter(cond)
    if out.is_empty():
        sym = bars["symbol"][0] if bars.height else "?"
        span = f"from {start} " if start else ""
        raise NoDataError(f"{sym}: no close {span}on or before {as_of.isoformat()}.")
    return out


def _cite(bars: pl.DataFrame, *rows: dict[str, Any]) -> tuple[Evidence, ...]:
    """Evidence: the closes of ``bars`` on the dates of ``rows``, in date order."""
    dates = list({r["date"] for r in rows})
    return evidence(bars.filter(pl.col("date").is_in(dates)).sort("date"), "close")


def _period(start: dt.date | None, end: dt.date) -> Period:
    if start is None:
        return Period(kind="history", end=end, label="history")
    return Period(kind="range", end=end, start=start, label=f"since {start.isoformat()}")


def current_drawdown(bars: pl.DataFrame, as_of: dt.date, start: dt.date | None = None) -> Fact:
    """DRAWDOWN: the as-of close's distance below the highest close since ``start`` (None: all
    history), in percent (<= 0).

    Context: ``peak_date``, ``peak_level``, ``sessions_since_peak`` (bars after the peak day up to
    the as-of close), ``is_record`` (the as-of close set the peak), ``at_peak`` (drawdown is 0).
    Evidence: the peak close and the as-of close.
    """
    w = _window(bars, as_of, start)
    symbol = w["symbol"][0]
    dd = drawdown_series(w).with_row_index("_i")
    last = dd.row(-1, named=True)
    peak = dd.filter(pl.col("date") == last["peak_date"]).row(0, named=True)
    return Fact(
        subject=symbol, metric=Metric.DRAWDOWN, period=_period(start, last["date"]),
        value=float(last["drawdown_pct"]), unit="pct", as_of=as_of,
        context={"peak_date": peak["date"], "peak_level": float(peak["close"]),
                 "sessions_since_peak": int(last["_i"] - peak["_i"]),
                 "is_record": bool(last["is_record"]), "at_peak": last["drawdown_pct"] == 0.0},
        evidence=_cite(w, peak, last),
    )


def max_drawdown(bars: pl.DataFrame, as_of: dt.date, start: dt.date | None = None) -> Fact:
    """MAX_DRAWDOWN: the deepest peak-to-trough fall of closes from ``start`` (None: all history)
    to ``as_of``, in percent (<= 0).

    Context: ``peak_date, peak_level, trough_date, trough_level, recovery_date`` (first close at or
    above the peak after the trough, or None), ``sessions_peak_to_trough`` and
    ``sessions_to_recovery`` (trough to recovery, or None). A window that never falls has value 0
    and null dates. Evidence: the peak, trough and recovery closes.
    """
    w = _window(bars, as_of, start)
    symbol = w["symbol"][0]
    dd = drawdown_series(w).with_row_index("_i")
    end = dd["date"][-1]
    ratio = dd["close"] / dd["peak"]
    lowest = float(ratio.min())  # type: ignore[arg-type]
    if lowest >= 1.0:
        return Fact(
            subject=symbol, metric=Metric.MAX_DRAWDOWN, period=_period(start, end),
            value=0.0, unit="pct", as_of=as_of,
            context={"peak_date": None, "peak_level": None, "trough_date": None,
                     "trough_level": None, "recovery_date": None,
                     "sessions_peak_to_trough": None, "sessions_to_recovery": None},
            evidence=_cite(w, dd.row(0, named=True), dd.row(-1, named=True)),
        )
    # earliest trough among ratios tied with the minimum within TIE_RTOL
    trough = dd.filter(ratio <= lowest * (1.0 + TIE_RTOL)).row(0, named=True)
    peak = dd.filter(pl.col("date") == trough["peak_date"]).row(0, named=True)
    rec = dd.filter((pl.col("_i") > trough["_i"]) & (pl.col("close") >= peak["close"]))
    recovery = rec.row(0, named=True) if rec.height else None
    return Fact(
        subject=symbol, metric=Metric.MAX_DRAWDOWN, period=_period(start, end),
        value=float(trough["drawdown_pct"]), unit="pct", as_of=as_of,
        context={"peak_date": peak["date"], "peak_level": float(peak["close"]),
                 "trough_date": trough["date"], "trough_level": float(trough["close"]),
                 "recovery_date": recovery["date"] if recovery else None,
                 "sessions_peak_to_trough": int(trough["_i"] - peak["_i"]),
                 "sessions_to_recovery": int(recovery["_i"] - trough["_i"]) if recovery else None},
        evidence=_cite(w, peak, trough, *([recovery] if recovery else [])),
    )


__all__ = ["drawdown_series", "current_drawdown", "max_drawdown"]

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

import numpy as np
import polars as pl

from . import contexts
from ..errors import NoDataError
from .evidence import date_position, evidence, rows_on
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
    dates = bars.get_column("date")
    if dates.is_sorted() and not dates.has_nulls():   # canonical order: cut by binary search
        lo = 0 if start is None else date_position(dates, start, "left")
        out = bars.slice(lo, max(date_position(dates, as_of, "right") - lo, 0))
        if out.get_column("close").has_nulls():
            out = out.filter(pl.col("close").is_not_null())
    else:
        cond = (pl.col("date") <= as_of) & pl.col("close").is_not_null()
        if start is not None:
            cond = cond & (pl.col("date") >= start)
        out = bars.filter(cond).sort("date")
    if out.is_empty():
        sym = bars["symbol"][0] if bars.height else "?"
        span = f"from {start} " if start else ""
        raise NoDataError(f"{sym}: no close {span}on or before {as_of.isoformat()}.")
    return out


def _peaks(closes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Running peak close and the index of the record close that set it (numpy twin of
    :func:`drawdown_series`' ``peak`` / ``peak_date``)."""
    peak = np.maximum.accumulate(closes)
    is_record = np.empty(closes.size, dtype=bool)
    is_record[:1] = True
    is_record[1:] = closes[1:] > peak[:-1]
    peak_idx = np.maximum.accumulate(np.where(is_record, np.arange(closes.size), 0))
    return peak, peak_idx


def _cite(bars: pl.DataFrame, *rows: dict[str, Any]) -> tuple[Evidence, ...]:
    """Evidence: the closes of ``bars`` on the dates of ``rows``, in date order."""
    return evidence(rows_on(bars, [r["date"] for r in rows]), "close")


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
    c = w.get_column("close").to_numpy()
    dates = w.get_column("date")
    peak, peak_idx = _peaks(c)
    last = c.size - 1
    p = int(peak_idx[last])
    drawdown = float((c[last] / peak[last] - 1.0) * 100.0)
    return Fact(
        subject=symbol, metric=Metric.DRAWDOWN, period=_period(start, dates[last]),
        value=drawdown, unit="pct", as_of=dates[last],
        context=contexts.Drawdown(peak_date=dates[p], peak_level=float(c[p]),
                                  sessions_since_peak=last - p,
                                  is_record=p == last, at_peak=drawdown == 0.0),
        evidence=_cite(w, {"date": dates[p]}, {"date": dates[last]}),
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
    c = w.get_column("close").to_numpy()
    dates = w.get_column("date")
    peak, peak_idx = _peaks(c)
    end = dates[c.size - 1]
    ratio = c / peak
    lowest = float(ratio.min())
    if lowest >= 1.0:
        return Fact(
            subject=symbol, metric=Metric.MAX_DRAWDOWN, period=_period(start, end),
            value=0.0, unit="pct", as_of=end,
            context=contexts.MaxDrawdown(),
            evidence=_cite(w, {"date": dates[0]}, {"date": end}),
        )
    # earliest trough among ratios tied with the minimum within TIE_RTOL
    t = int(np.argmax(ratio <= lowest * (1.0 + TIE_RTOL)))
    p = int(peak_idx[t])
    after = np.flatnonzero(c[t + 1:] >= c[p])
    r = t + 1 + int(after[0]) if after.size else None
    return Fact(
        subject=symbol, metric=Metric.MAX_DRAWDOWN, period=_period(start, end),
        value=float((c[t] / peak[t] - 1.0) * 100.0), unit="pct", as_of=end,
        context=contexts.MaxDrawdown(peak_date=dates[p], peak_level=float(c[p]),
                                     trough_date=dates[t], trough_level=float(c[t]),
                                     recovery_date=dates[r] if r is not None else None,
                                     sessions_peak_to_trough=t - p,
                                     sessions_to_recovery=r - t if r is not None else None),
        evidence=_cite(w, *({"date": dates[i]} for i in (p, t, r) if i is not None)),
    )


__all__ = ["drawdown_series", "drawdowns_long", "current_drawdown", "max_drawdown"]


def drawdowns_long(long_bars: pl.DataFrame | None = None, *,
                   segments: Any = None) -> pl.DataFrame:
    """Current and maximum drawdown of many symbols at once, over each symbol's whole history
    to its last bar (what :func:`current_drawdown` and :func:`max_drawdown` give with
    ``start=None`` as of that bar).

    Columns: ``symbol, date, drawdown_pct, peak_date, peak_level`` (the record close in force),
    ``max_drawdown_pct, max_peak_date, trough_date`` (null dates when the history never falls;
    ties within TIE_RTOL go to the earliest trough). A running maximum per symbol (polars), then
    ``reduceat`` for the group minima: no loop over series. ``segments``: the input prepared
    once (:func:`~.segments.segments_long`; its running maximum and record flags are shared).
    """
    from .segments import require_long, segments_long

    seg = segments or segments_long(require_long(long_bars))
    rows, starts, ends = seg.rows, seg.starts, seg.ends
    c, peak = seg.values, seg.peak
    ratio = c / peak
    lowest = np.minimum.reduceat(ratio, starts) if starts.size else ratio[:0]
    # the first row of each symbol within TIE_RTOL of its lowest ratio: every symbol has one
    # (its minimum), so the first candidate at or after its first row is its own
    cand = np.flatnonzero(ratio <= np.repeat(lowest * (1.0 + TIE_RTOL), seg.lengths))
    t = cand[np.searchsorted(cand, starts)] if starts.size else starts
    falls = lowest < 1.0
    maxdd = np.where(falls, (c[t] / peak[t] - 1.0) * 100.0, 0.0)
    p_last = seg.record_at(ends)               # a first row is always a record
    p_t = seg.record_at(t)
    dates = rows.get_column("date")
    none_d = pl.Series([None] * starts.size, dtype=pl.Date)
    fmask = pl.Series(falls)
    return pl.DataFrame({
        "symbol": rows.get_column("symbol")[ends],
        "date": dates[ends],
        "drawdown_pct": pl.Series((c[ends] / peak[ends] - 1.0) * 100.0, dtype=pl.Float64),
        "peak_date": dates[p_last],
        "peak_level": pl.Series(c[p_last], dtype=pl.Float64),
        "max_drawdown_pct": pl.Series(maxdd, dtype=pl.Float64),
        "max_peak_date": dates[p_t]
        .zip_with(fmask, none_d),
        "trough_date": dates[t]
        .zip_with(fmask, none_d),
    })

"""One session's facts: the close, its change from the previous close, and the day's range.

Conventions: the session is the last bar dated on or before ``as_of`` (the caller says when that is
not ``as_of`` itself); ``Fact.as_of`` and ``Period.end`` are that bar's date, and a different
requested date is kept in ``context.requested_as_of``. The previous close is the previous *bar's*
close (the previous session with data). Changes are in points (``pts``) and percent (``pct``, full
precision, e.g. ``1.47`` = +1.47 %). Intraday high/low changes are measured against the previous
close, as newswires do ("up as much as 2.5% intraday").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from . import contexts
from .evidence import evidence, last_row_on_or_before
from .model import Fact, Metric, Period

__all__ = ["day_change_long", "day_facts"]


def day_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """Close, change (points and %), open/high/low and intraday high/low change vs previous close.

    ``bars``: one symbol's canonical bars, sorted by date. Returns ``[]`` when no bar is dated on or
    before ``as_of``. Without a previous bar only the levels are returned. Close-only series (null
    open/high/low) give only the close and its change.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return []
    row = bars.slice(i, 1)
    prev = bars.slice(i - 1, 1) if i > 0 else None
    r = row.row(0, named=True)
    day: dt.date = r["date"]
    symbol: str = r["symbol"]
    period = Period(kind="day", end=day, start=day, label=day.isoformat())
    requested = None if day == as_of else as_of

    def fact(metric: Metric, value: float, unit: Any, ev: tuple, **ctx: Any) -> Fact:
        return Fact(subject=symbol, metric=metric, period=period, value=value, unit=unit,
                    as_of=day, context=contexts.Day(requested_as_of=requested, **ctx),
                    evidence=ev)

    facts: list[Fact] = []
    for metric, col in ((Metric.CLOSE, "close"), (Metric.OPEN, "open"), (Metric.HIGH, "high"),
                        (Metric.LOW, "low")):
        if r[col] is not None:
            facts.append(fact(metric, float(r[col]), "level", evidence(row, col)))
    if prev is None or r["close"] is None:
        return facts
    p = prev.row(0, named=True)
    prev_close = p["close"]
    if prev_close is None or prev_close == 0:
        return facts
    prev_ctx = {"previous_date": p["date"], "previous_close": float(prev_close)}
    ev = evidence(prev, "close") + evidence(row, "close")
    close = float(r["close"])
    facts.append(fact(Metric.CHANGE_PTS, close - prev_close, "pts", ev, **prev_ctx))
    facts.append(fact(Metric.CHANGE_PCT, (close / prev_close - 1.0) * 100.0, "pct", ev,
                      change_pts=close - prev_close, **prev_ctx))
    for metric, col in ((Metric.INTRADAY_HIGH_CHANGE_PCT, "high"),
                        (Metric.INTRADAY_LOW_CHANGE_PCT, "low")):
        if r[col] is not None:
            level = float(r[col])
            facts.append(fact(metric, (level / prev_close - 1.0) * 100.0, "pct",
                              evidence(prev, "close") + evidence(row, col),
                              level=level, change_pts=level - prev_close, **prev_ctx))
    return facts


def day_change_long(long_bars: pl.DataFrame | None = None, *, column: str = "close",
                    segments: Any = None) -> pl.DataFrame:
    """The last session's change of many symbols at once: each symbol's last close against the
    close before it.

    Columns: ``symbol, date, close, previous_date, previous_close, change`` (points) and
    ``change_pct`` ((close / previous close - 1) * 100; null without a previous close or when
    it is 0), as CHANGE_PTS / CHANGE_PCT of :func:`day_facts`. Rows with a null close are not
    observations here (``day_facts`` compares with the previous *bar*, which for bars without
    null closes is the same). ``segments``: the input prepared once
    (:func:`~.segments.segments_long`) instead of ``long_bars``.
    """
    import numpy as np

    from .segments import require_long, segments_long

    seg = segments or segments_long(require_long(long_bars), column=column)
    rows, starts, ends = seg.rows, seg.starts, seg.ends
    v = seg.values
    has_prev = ends > starts
    prev = np.where(has_prev, ends - 1, ends)
    ok = has_prev & (v[prev] != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(ok, (v[ends] / v[prev] - 1.0) * 100.0, np.nan)
    none_f = pl.Series([None] * starts.size, dtype=pl.Float64)
    okm = pl.Series(ok)
    dates = rows.get_column("date")
    return pl.DataFrame({
        "symbol": rows.get_column("symbol")[ends],
        "date": dates[ends],
        "close": pl.Series(v[ends], dtype=pl.Float64),
        "previous_date": dates[prev].zip_with(
            pl.Series(has_prev), pl.Series([None] * starts.size, dtype=pl.Date)),
        "previous_close": pl.Series(v[prev], dtype=pl.Float64).zip_with(
            pl.Series(has_prev), none_f),
        "change": pl.Series(v[ends] - v[prev], dtype=pl.Float64).zip_with(okm, none_f),
        "change_pct": pl.Series(values=pct, dtype=pl.Float64, nan_to_null=True),
    })

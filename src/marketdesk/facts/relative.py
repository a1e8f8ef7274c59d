"""Relative performance of two subjects: return spreads and price-ratio series.

Conventions:

- A spread is ``return(a) - return(b)`` over the same period, in **percentage points** (``pp``).
  Each return is a ratio of closes from :mod:`marketdesk.facts.periods` (MTD: last close of the
  previous month to the as-of close, etc.), computed on each subject's own bars; the two end dates
  are each subject's last bar on or before ``as_of`` and are both in the context; ``Fact.as_of``
  is a's (the session the spread is computed at).
- ``ratio_series`` divides a's close by b's on the dates both have (inner join), so a day missing
  from either series is simply absent; nothing is forward-filled.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from . import contexts
from .model import Fact, Metric, Period
from .periods import ToDateKind, period_return, range_return


def ratio_series(a_bars: pl.DataFrame, b_bars: pl.DataFrame, field: str = "close") -> pl.DataFrame:
    """``date, ratio`` = a[field] / b[field] on the dates both series have a value, sorted."""
    a = a_bars.filter(pl.col(field).is_not_null()).select("date", pl.col(field).alias("_a"))
    b = b_bars.filter(pl.col(field).is_not_null()).select("date", pl.col(field).alias("_b"))
    return (a.join(b, on="date", how="inner").sort("date")
            .select("date", (pl.col("_a") / pl.col("_b")).alias("ratio")))


def _spread_fact(fa: Fact | None, fb: Fact | None, as_of: dt.date,
                 period: Period) -> Fact | None:
    if fa is None or fb is None or fa.value is None or fb.value is None:
        return None
    return Fact(
        subject=fa.subject, metric=Metric.SPREAD, period=period,
        value=float(fa.value) - float(fb.value), unit="pp", as_of=as_of,
        context=contexts.Spread(versus=fb.subject, of=fa.metric.value,
                                return_pct=float(fa.value), versus_return_pct=float(fb.value),
                                base_date=fa.period.start, end_date=fa.period.end,
                                versus_base_date=fb.period.start,
                                versus_end_date=fb.period.end,
                                leader=fa.subject if fa.value >= fb.value else fb.subject),
        evidence=fa.evidence + fb.evidence,
    )


def spread(a_bars: pl.DataFrame, b_bars: pl.DataFrame, as_of: dt.date,
           kind: ToDateKind = "ytd", *, total: bool = False) -> Fact | None:
    """SPREAD: a's WTD/MTD/QTD/YTD return minus b's, in percentage points.

    ``total=True`` uses adjusted closes for both. Returns None when either return is undefined
    (no base close, no bar on or before ``as_of``). The period is a's (kind, base and end dates).
    """
    fa = period_return(a_bars, as_of, kind, total=total)
    fb = period_return(b_bars, as_of, kind, total=total)
    if fa is None:
        return None
    return _spread_fact(fa, fb, fa.period.end, fa.period)


def spread_between(a_bars: pl.DataFrame, b_bars: pl.DataFrame, start: dt.date,
                   end: dt.date, *, total: bool = False) -> Fact | None:
    """SPREAD over an explicit range: from the close on ``start`` to the close on ``end`` (each the
    last bar on or before), a's return minus b's, in percentage points."""
    fa = range_return(a_bars, start, end, total=total)
    fb = range_return(b_bars, start, end, total=total)
    period = Period(kind="range", end=end, start=start,
                    label=f"{start.isoformat()} to {end.isoformat()}")
    return _spread_fact(fa, fb, end, period)


def rebased_series(bars: pl.DataFrame, start: dt.date, field: str = "close") -> pl.DataFrame:
    """``date, rebased``: ``field`` divided by its value at the last bar on or before ``start``
    (the first bar if none), times 100, from that bar on. A rebased value of 112.5 means +12.5%
    since the base, the same ratio of closes as :func:`~.periods.range_return`."""
    base = bars.filter(pl.col("date") <= start).tail(1)
    if base.height == 0:
        base = bars.head(1)
    level = float(base[field][0])
    return bars.filter(pl.col("date") >= base["date"][0]).select(
        "date", (pl.col(field) / level * 100.0).alias("rebased"))


def spread_series(a_bars: pl.DataFrame, b_bars: pl.DataFrame, start: dt.date,
                  field: str = "close") -> pl.DataFrame:
    """``date, a, b, spread_pp`` on common dates: both subjects rebased to 100 at ``start``
    (:func:`rebased_series`) and the gap between their returns since then, in percentage
    points (``a - b``). Its last row's spread equals :func:`spread_between`'s value when both
    bases fall on the same date."""
    a = rebased_series(a_bars, start, field).rename({"rebased": "a"})
    b = rebased_series(b_bars, start, field).rename({"rebased": "b"})
    return (a.join(b, on="date", how="inner").sort("date")
            .with_columns((pl.col("a") - pl.col("b")).alias("spread_pp")))


__all__ = ["ratio_series", "spread", "spread_between", "rebased_series", "spread_series"]

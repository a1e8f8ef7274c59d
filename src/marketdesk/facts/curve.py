"""The yield curve's slope between two Treasury yields: the 2s/10s spread in basis points.

"The gap between 2- and 10-year yields, a closely watched recession signal, was -108 basis
points", "the curve's first positive close since July 2022".

Conventions:

- The spread is ``long - short`` in basis points, ``100 * (y_long - y_short)`` rounded to
  :data:`~.yields.BP_DECIMALS` decimals (FRED yields have two decimals, so spreads are whole bp).
  Both inputs are yield series in percent (``close``), e.g. DGS10 and DGS2.
- It is computed on the dates both series have an observation (an inner join: FRED leaves out
  days without a value, and the two series do not always skip the same days). The as-of spread
  is the one on the last common date on or before ``as_of``; its change is against the previous
  common date.
- The curve is *inverted* when the spread is < 0. The sign *changed* at the as-of date when the
  previous common date was on the other side (< 0 vs >= 0); "first positive (inverted) spread
  since D": D is the most recent earlier common date on the same side as now.

Context keys (``dt.date`` values): ``versus`` (the short series), ``date``, ``previous_date``,
``since``, ``direction``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from . import contexts
from .evidence import evidence, rows_on
from .model import Fact, Metric, Period
from .yields import BP_DECIMALS

__all__ = ["spread_series_bp", "yield_spread_fact"]


def _obs(bars: pl.DataFrame, name: str, as_of: dt.date) -> pl.DataFrame:
    return (bars.filter((pl.col("date") <= as_of) & pl.col("close").is_not_null())
            .select("date", pl.col("close").alias(name)))


def spread_series_bp(long_bars: pl.DataFrame, short_bars: pl.DataFrame,
                     as_of: dt.date | None = None) -> pl.DataFrame:
    """``date, long, short, spread_bp`` on the common dates up to ``as_of`` (all if None),
    sorted by date."""
    end = as_of or dt.date.max
    a, b = _obs(long_bars, "long", end), _obs(short_bars, "short", end)
    return (a.join(b, on="date", how="inner").sort("date")
            .with_columns(((pl.col("long") - pl.col("short")) * 100.0)
                          .round(BP_DECIMALS).alias("spread_bp")))


def yield_spread_fact(long_bars: pl.DataFrame, short_bars: pl.DataFrame,
                      as_of: dt.date) -> Fact | None:
    """YIELD_SPREAD_BP: ``long - short`` in bp on the last common date on or before ``as_of``.

    Subject: the long series' symbol. Context: ``versus`` (the short symbol), ``date``,
    ``long_yield``, ``short_yield``, ``previous_date`` / ``previous_value`` / ``change_bp``
    (against the previous common date; None on the first), ``inverted`` (< 0), ``sign_changed``,
    ``direction`` ("gain" when it turned >= 0, "decline" when it turned negative, else None),
    ``since`` (most recent earlier common date on the same side as now; None: none in the data),
    ``data_start`` (first common date). Evidence: both yields on the date and the previous
    common date. ``Fact.as_of`` is that common date. None when the series share no date.
    """
    s = spread_series_bp(long_bars, short_bars, as_of)
    if s.height == 0:
        return None
    v = s.get_column("spread_bp").to_numpy()
    dates = s.get_column("date")
    last = v.size - 1
    day: dt.date = dates[last]
    neg = v < 0
    has_prev = last > 0
    changed = has_prev and bool(neg[last] != neg[last - 1])
    same = np.flatnonzero(neg[:last] == neg[last])
    prev_date: dt.date | None = dates[last - 1] if has_prev else None
    context = contexts.YieldSpread(
        versus=str(short_bars.item(0, "symbol")), date=day,
        long_yield=float(s.item(last, "long")), short_yield=float(s.item(last, "short")),
        previous_date=prev_date,
        previous_value=float(v[last - 1]) if has_prev else None,
        change_bp=round(float(v[last] - v[last - 1]), BP_DECIMALS) if has_prev else None,
        inverted=bool(neg[last]), sign_changed=changed,
        direction=("decline" if neg[last] else "gain") if changed else None,
        since=dates[int(same[-1])] if same.size else None,
        data_start=dates[0],
    )
    cited = [day, prev_date]
    ev = (evidence(rows_on(long_bars, cited), "close")
          + evidence(rows_on(short_bars, cited), "close"))
    period = Period(kind="day", start=prev_date, end=day, label=day.isoformat())
    return Fact(str(long_bars.item(0, "symbol")), Metric.YIELD_SPREAD_BP, period, float(v[last]),
                "bp", day, context, ev)

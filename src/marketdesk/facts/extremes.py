"""Distances from highs and lows, and calendar-year closing highs and lows.

"The Russell 2000 was 40.4 % below its record close" (and would need to rise 67.8 % to regain
it), "the S&P 500's highest close of the year", "12 % below its 52-week high".

Conventions:

- Every distance is ``(close / reference - 1) * 100`` in percent: negative (or 0) below a high,
  positive (or 0) above a low. The rise needed to get back to the record close,
  ``(record / close - 1) * 100``, is a separate metric, RISE_TO_RECORD_CLOSE. (The older
  PCT_FROM_RECORD_CLOSE of :mod:`.records` is that rise, not the distance below.)
- The record close is the highest close in the data up to the as-of session (first date on a
  tie). The 52-week high / low are those of :func:`.records.week52_facts` (closes over the 365
  calendar days back, both ends included).
- A calendar-year high (low) is the highest (lowest) close from the year's first session to the
  as-of session; ``is_new`` when the as-of close is strictly above (below) every earlier close of
  the year (the year's first session is one, vacuously).

Context keys (``dt.date`` values): ``record`` / ``record_date``, ``level`` / ``date`` (the
reference and when it was set), ``close``, ``points`` (close - reference), ``data_start``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from . import contexts
from .model import Fact, Metric, Period
from .records import week52_facts
from .series import closes_to

__all__ = ["change_from_extreme_fact", "record_distance_facts", "week52_distance_facts",
           "year_extreme_facts"]

_EPOCH = dt.date(1970, 1, 1)


def record_distance_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """PCT_BELOW_RECORD_CLOSE (``close / record - 1``, <= 0) and RISE_TO_RECORD_CLOSE
    (``record / close - 1``, >= 0), in percent, against the record close in force at as-of.

    Context (both): ``record``, ``record_date``, ``close``, ``points`` (close - record, <= 0),
    ``at_record`` (the as-of close is the record), ``data_start``. ``[]`` without a close, or when
    the close is not positive (no ratio).
    """
    c = closes_to(bars, as_of)
    if c is None:
        return []
    r = int(np.argmax(c.close))
    record, close = float(c.close[r]), float(c.close[c.last])
    if close <= 0:
        return []
    context = contexts.RecordDistance(record=record, record_date=c.date(r), close=close,
                                      points=close - record, at_record=close == record,
                                      data_start=c.data_start)
    period = Period(kind="history", start=c.data_start, end=c.session,
                    label=f"since {c.data_start.isoformat()}")
    ev = c.cite([r, c.last])
    return [Fact(c.symbol, Metric.PCT_BELOW_RECORD_CLOSE, period, (close / record - 1.0) * 100.0,
                 "pct", c.session, context, ev),
            Fact(c.symbol, Metric.RISE_TO_RECORD_CLOSE, period, (record / close - 1.0) * 100.0,
                 "pct", c.session, context, ev)]


def year_extreme_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """YEAR_HIGH_CLOSE / YEAR_LOW_CLOSE (levels) and PCT_BELOW_YEAR_HIGH / PCT_ABOVE_YEAR_LOW
    (distances in percent) for the calendar year of the as-of session, up to it.

    Level facts' context: ``year``, ``date`` (the first session at that level this year),
    ``is_new`` (the as-of close set it), ``previous`` / ``previous_date`` (the year's high / low
    before the as-of session, None on the year's first session), ``close``, ``sessions`` (the
    year's sessions so far). Distance facts' context: ``year``, ``level``, ``date``, ``close``,
    ``points``. Period: ``year`` from the year's first session to as-of.
    """
    c = closes_to(bars, as_of)
    if c is None:
        return []
    day = c.session
    first = int(np.searchsorted(c.days, (dt.date(day.year, 1, 1) - _EPOCH).days))
    year = c.close[first:]
    k = year.size - 1
    close = float(c.close[c.last])
    period = Period(kind="year", start=c.date(first), end=day, label=str(day.year))
    facts: list[Fact] = []
    for level_metric, dist_metric, pick in (
        (Metric.YEAR_HIGH_CLOSE, Metric.PCT_BELOW_YEAR_HIGH, np.argmax),
        (Metric.YEAR_LOW_CLOSE, Metric.PCT_ABOVE_YEAR_LOW, np.argmin),
    ):
        at = first + int(pick(year))
        prev = first + int(pick(year[:k])) if k > 0 else None
        level = float(c.close[at])
        beyond = (np.greater if level_metric is Metric.YEAR_HIGH_CLOSE else np.less)
        is_new = k == 0 or bool(np.all(beyond(year[k], year[:k])))
        facts.append(Fact(c.symbol, level_metric, period, level, "level", day,
                          contexts.YearExtreme(
                              year=day.year, date=c.date(at), is_new=is_new,
                              previous=float(c.close[prev]) if prev is not None else None,
                              previous_date=c.date(prev) if prev is not None else None,
                              close=close, sessions=k + 1),
                          c.cite([at, c.last, prev])))
        if level > 0:
            facts.append(Fact(c.symbol, dist_metric, period, (close / level - 1.0) * 100.0,
                              "pct", day,
                              contexts.YearDistance(year=day.year, level=level,
                                                    date=c.date(at), close=close,
                                                    points=close - level),
                              c.cite([at, c.last])))
    return facts


def week52_distance_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """PCT_BELOW_WEEK52_HIGH (<= 0) and PCT_ABOVE_WEEK52_LOW (>= 0): the as-of close against the
    52-week closing high / low of :func:`.records.week52_facts`, in percent.

    Context: ``level``, ``date`` (when the level was set), ``close``, ``points``,
    ``window_start`` (365 calendar days before as-of), ``is_new`` (the as-of close set it).
    """
    c = closes_to(bars, as_of)
    if c is None:
        return []
    day = c.session
    start = day - dt.timedelta(days=365)
    period = Period(kind="window", start=start, end=day, label="52 weeks")
    out: list[Fact] = []
    metrics = {Metric.WEEK52_HIGH: Metric.PCT_BELOW_WEEK52_HIGH,
               Metric.WEEK52_LOW: Metric.PCT_ABOVE_WEEK52_LOW}
    for f in week52_facts(c.rows, day, period):
        level = float(f.value) if f.value is not None else 0.0
        if f.metric not in metrics or level <= 0 or not isinstance(f.context, contexts.Week52):
            continue
        close = float(c.close[c.last])
        out.append(Fact(c.symbol, metrics[f.metric], period, (close / level - 1.0) * 100.0,
                        "pct", day,
                        contexts.Week52Distance(level=level, date=f.context.date, close=close,
                                                points=close - level, window_start=start,
                                                is_new=f.context.is_new),
                        f.evidence))
    return out


def change_from_extreme_fact(bars: pl.DataFrame, as_of: dt.date, start: dt.date, end: dt.date,
                             *, low: bool) -> Fact | None:
    """CHANGE_FROM_EXTREME: the change in percent from the lowest (``low``) or highest close of
    the window ``start``..``end`` (both included, cut at ``as_of``) to the as-of close -- "a 35%
    run from a low in April", "10% above the February closing low".

    Context: ``extreme`` (``low`` / ``high``), ``date`` (the first close at that level),
    ``level``, ``window_start`` / ``window_end``, ``close``. None when the window holds no
    close before the as-of session."""
    c = closes_to(bars, as_of)
    if c is None:
        return None
    lo = int(np.searchsorted(c.days, (start - _EPOCH).days))
    hi = int(np.searchsorted(c.days, (min(end, as_of) - _EPOCH).days, side="right"))
    hi = min(hi, c.last)            # the extreme is before the session it is measured to
    if hi <= lo:
        return None
    window = c.close[lo:hi]
    at = lo + int(np.argmin(window) if low else np.argmax(window))
    level, close = float(c.close[at]), float(c.close[c.last])
    if level <= 0:
        return None
    ctx = contexts.ExtremeChange(extreme="low" if low else "high", date=c.date(at), level=level,
                                 window_start=c.date(lo), window_end=c.date(hi - 1), close=close)
    period = Period(kind="range", start=c.date(at), end=c.session,
                    label=f"from the {'low' if low else 'high'} of {c.date(at).isoformat()}")
    return Fact(c.symbol, Metric.CHANGE_FROM_EXTREME, period, (close / level - 1.0) * 100.0,
                "pct", c.session, ctx, c.cite([at, c.last]))

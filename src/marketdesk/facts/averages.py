"""Moving averages of closes: "its 50-day moving average is $473.79", "below its 200-day moving
average for the first time since June 26".

Convention: the N-day moving average at a session is the arithmetic mean of the last N closes up
to and including it (N sessions with a close, not calendar days), in the series' own unit (index
points, fund dollars, yield percent). No answer while fewer than N closes exist.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .contexts import MovingAverage
from .model import Fact, Metric, Period
from .series import closes_to

__all__ = ["moving_average_fact"]


def moving_average_fact(bars: pl.DataFrame, as_of: dt.date, window: int) -> Fact | None:
    """MOVING_AVERAGE: the mean of the last ``window`` closes to the as-of session.

    ``value``: the average (unit ``level``). Context: ``window``, ``first_date`` (the oldest close
    averaged), ``close`` (the session's), ``pct_from_average`` (``(close / average - 1) * 100``).
    None when there are fewer than ``window`` closes or ``window`` < 1."""
    c = closes_to(bars, as_of)
    if c is None or window < 1 or c.n < window:
        return None
    lo = c.n - window
    avg = float(c.close[lo:].mean())
    close = float(c.close[c.last])
    context = MovingAverage(window=window, first_date=c.date(lo), close=close,
                            pct_from_average=(close / avg - 1.0) * 100.0 if avg else None)
    period = Period(kind="window", start=c.date(lo), end=c.session,
                    label=f"{window} sessions to {c.session.isoformat()}")
    return Fact(c.symbol, Metric.MOVING_AVERAGE, period, avg, "level", c.session, context,
                c.cite([lo, c.last]))

"""The day's range as newswires tell it: "up as much as 2.1 % before closing 0.4 % lower",
"swung 1,100 points", "closed at its session high".

Conventions:

- Intraday moves are measured against the previous close (the previous bar with a close), as
  newswires do and as INTRADAY_HIGH_CHANGE_PCT / INTRADAY_LOW_CHANGE_PCT of :mod:`.day` are:
  ``max_gain_pct = (high / previous close - 1) * 100``, ``max_loss_pct = (low / previous close -
  1) * 100``.
- The session range is ``high - low`` in points, and in percent of the previous close.
- "Closed at the session high (low)": the close equals the high (low) within the tie rule
  (``TIE_RTOL``); the close's place in the range is ``(close - low) / (high - low)``.
- A reversal: the index traded above the previous close and closed below it (a gain reversed,
  ``direction="gain"``), or traded below and closed above (``direction="decline"``).
- A bar without a range (no high/low, or high == low as in close-only history where
  open = high = low = close) has no intraday facts.

Context keys (``dt.date`` values): ``previous_date``, ``previous_close``, ``high``, ``low``,
``close``, ``direction``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from . import contexts
from .contexts import Direction
from .model import TIE_RTOL, Fact, Metric, Period
from .series import closes_to

__all__ = ["intraday_facts"]


def intraday_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """INTRADAY_RANGE_PCT, CLOSE_LOCATION and (when the day reversed) INTRADAY_REVERSAL for the
    as-of session.

    - INTRADAY_RANGE_PCT: ``(high - low) / previous close * 100``. Context: ``range_pts``,
      ``high``, ``low``, ``close``, ``previous_close``, ``previous_date``, ``max_gain_pct``,
      ``max_loss_pct``, ``change_pct`` (the close's change).
    - CLOSE_LOCATION (``ratio``): ``(close - low) / (high - low)``, 0 at the low, 1 at the high.
      Context: ``at_high``, ``at_low``, ``high``, ``low``, ``close``, ``from_high_pct`` ((close /
      high - 1) * 100, <= 0), ``from_low_pct`` ((close / low - 1) * 100, >= 0).
    - INTRADAY_REVERSAL (``pct``): the reversed extreme's change from the previous close (``max
      _gain_pct`` when a gain was reversed, ``max_loss_pct`` when a decline was). Context:
      ``direction`` (the move that was reversed), ``extreme`` (the high or low), ``change_pct``,
      ``swing_pts`` (|extreme - close|), ``previous_close``, ``previous_date``.

    ``[]`` without a previous close or a range (see the module conventions).
    """
    c = closes_to(bars, as_of)
    if c is None or c.n < 2:
        return []
    last = c.last
    hi, lo = c.rows.item(last, "high"), c.rows.item(last, "low")
    prev = float(c.close[last - 1])
    if hi is None or lo is None or not hi > lo or prev <= 0:
        return []
    high, low, close = float(hi), float(lo), float(c.close[last])
    day = c.session
    period = Period(kind="day", start=c.date(last - 1), end=day, label=day.isoformat())
    ev = c.cite([last - 1]) + c.cite([last], ("high", "low", "close"))
    max_gain = (high / prev - 1.0) * 100.0
    max_loss = (low / prev - 1.0) * 100.0
    change = (close / prev - 1.0) * 100.0
    base: dict[str, Any] = {"high": high, "low": low, "close": close,
                            "previous_close": prev, "previous_date": c.date(last - 1)}
    at_high, at_low = close >= high * (1.0 - TIE_RTOL), close <= low * (1.0 + TIE_RTOL)
    facts = [
        Fact(c.symbol, Metric.INTRADAY_RANGE_PCT, period, (high - low) / prev * 100.0, "pct",
             day, contexts.IntradayRange(**base, range_pts=high - low, max_gain_pct=max_gain,
                                         max_loss_pct=max_loss, change_pct=change), ev),
        Fact(c.symbol, Metric.CLOSE_LOCATION, period, (close - low) / (high - low), "ratio", day,
             contexts.CloseLocation(high=high, low=low, close=close, at_high=bool(at_high),
                                    at_low=bool(at_low),
                                    from_high_pct=(close / high - 1.0) * 100.0,
                                    from_low_pct=(close / low - 1.0) * 100.0 if low > 0
                                    else None),
             c.cite([last], ("high", "low", "close"))),
    ]
    reversal: tuple[Direction, float, float] | None = None
    if high > prev and close < prev:
        reversal = ("gain", high, max_gain)
    elif low < prev and close > prev:
        reversal = ("decline", low, max_loss)
    if reversal is not None:
        direction, extreme, pct = reversal
        facts.append(Fact(c.symbol, Metric.INTRADAY_REVERSAL, period, pct, "pct", day,
                          contexts.IntradayReversal(**base, direction=direction,
                                                    extreme=extreme, change_pct=change,
                                                    swing_pts=abs(extreme - close)), ev))
    return facts

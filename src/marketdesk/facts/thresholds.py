"""Thresholds crossed by a close: correction and bear market, erased gains for the year, round
levels, and stretches without a record close.

"The S&P 500 closed in a bear market, 21.8 % below its Jan. 3 record, its first such close since
April 2020", "the Dow erased its gains for the year", "the S&P 500's first close above 6,000",
"its first record close in 512 sessions".

Conventions:

- The record close in force at a session is the highest close up to and including it (a record
  close is strictly above every earlier one, :mod:`.records`). "X % below its record" is
  ``(close / record - 1) * 100`` (<= 0); the rise needed to regain it is another metric
  (:func:`.extremes.record_distance_facts`).
- A close is *in* a correction (bear market) when it is at least 10 % (20 %) below the record in
  force, ``close / record - 1 <= -0.10`` with the tie rule of :mod:`.ranks`, so a close exactly
  20.00 % below counts. A correction or bear market is *entered* on the first close in that state
  since the record in force was set. "Its first such close since D": D is the most recent earlier
  close in that state, measured against the record in force on D.
- "Erased its gains for the year": the YTD return (ratio of the close to the last close of the
  previous year, in percent) is <= 0 at the as-of close and was > 0 at the previous close of the
  same year.
- A close is *above* a level when strictly greater, *below* when strictly less. "First close above
  L since D": the previous close was not above L and D is the most recent earlier close above it
  (None: the first in the data).
- A stretch without a record close is the run of sessions after a record close up to the next one
  (exclusive), or up to as-of while it lasts. A record close "ends a stretch of N sessions": N
  sessions between it and the previous record. "The longest such stretch since D": D is the date
  of the record close that ended the most recent earlier stretch at least as long.

Context keys (``dt.date`` values): ``direction``, ``since``, ``threshold``, ``record``,
``record_date``, ``data_start``; each function's docstring lists its own.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl

from . import contexts
from .model import Fact, Metric, Period
from .ranks import largest_since, tie_slack
from .series import Closes, FloatArray, IntArray, closes_to

__all__ = [
    "BEAR_PCT",
    "CORRECTION_PCT",
    "bear_market_fact",
    "correction_fact",
    "drawdown_state_fact",
    "level_cross_fact",
    "milestone_count_fact",
    "milestone_gap_fact",
    "record_drought_fact",
    "round_levels_crossed",
    "running_record",
    "year_gains_erased_fact",
]

#: Thresholds below the record close, in percent.
CORRECTION_PCT: float = -10.0
BEAR_PCT: float = -20.0

_EPOCH = dt.date(1970, 1, 1)


def running_record(close: FloatArray) -> tuple[FloatArray, IntArray]:
    """The record close in force at each row and the index of the record close that set it."""
    peak: FloatArray = np.maximum.accumulate(close)
    is_record = np.empty(close.size, dtype=bool)
    is_record[:1] = True
    is_record[1:] = close[1:] > peak[:-1]
    idx: IntArray = np.maximum.accumulate(np.where(is_record, np.arange(close.size), 0))
    return peak, idx


def _history(c: Closes) -> Period:
    return Period(kind="history", start=c.data_start, end=c.session,
                  label=f"since {c.data_start.isoformat()}")


def drawdown_state_fact(bars: pl.DataFrame, as_of: dt.date, threshold_pct: float,
                        metric: Metric) -> Fact | None:
    """The as-of close against a threshold below the record close (``threshold_pct`` < 0, e.g.
    -20.0), as ``metric`` (:func:`bear_market_fact`, :func:`correction_fact`).

    ``value``: percent below the record in force, ``(close / record - 1) * 100`` (<= 0). Context:
    ``threshold`` (``threshold_pct``), ``threshold_level`` (``record * (1 + threshold / 100)``,
    the close that would be exactly at the threshold), ``record`` / ``record_date``, ``close``,
    ``in_state`` (the close is at or beyond the threshold), ``entered`` (in state, and the first
    such close since the record was set), ``previous_in_state`` (the previous close was in state
    against its own record), ``episode_start`` (the first close in state since the record; None
    when not in state), ``since`` (the most recent earlier close in state, against the record in
    force then; None when there is none in the data), ``data_start``. None without a close.
    """
    if threshold_pct >= 0:
        raise ValueError(f"threshold_pct must be < 0; got {threshold_pct}")
    c = closes_to(bars, as_of)
    if c is None:
        return None
    peak, rec = running_record(c.close)
    dd = (c.close / peak - 1.0) * 100.0
    state = dd <= threshold_pct + float(tie_slack(threshold_pct))
    last = c.last
    r = int(rec[last])
    in_state = bool(state[last])
    earlier = np.flatnonzero(state[:last])
    since = int(earlier[-1]) if earlier.size else None
    after_record = np.flatnonzero(state[r:last + 1]) + r
    episode = int(after_record[0]) if in_state else None
    record = float(peak[last])
    context = contexts.MarketState(
        threshold=threshold_pct, threshold_level=record * (1.0 + threshold_pct / 100.0),
        record=record, record_date=c.date(r), close=float(c.close[last]),
        in_state=in_state, entered=in_state and episode == last,
        previous_in_state=bool(state[last - 1]) if last > 0 else False,
        episode_start=c.date(episode) if episode is not None else None,
        since=c.date(since) if since is not None else None,
        data_start=c.data_start,
    )
    cited = [r, last, episode] + ([since, int(rec[since])] if since is not None else [])
    return Fact(c.symbol, metric, _history(c), float(dd[last]), "pct", c.session, context,
                c.cite(cited))


def bear_market_fact(bars: pl.DataFrame, as_of: dt.date) -> Fact | None:
    """BEAR_MARKET: :func:`drawdown_state_fact` at -20 % (:data:`BEAR_PCT`)."""
    return drawdown_state_fact(bars, as_of, BEAR_PCT, Metric.BEAR_MARKET)


def correction_fact(bars: pl.DataFrame, as_of: dt.date) -> Fact | None:
    """CORRECTION: :func:`drawdown_state_fact` at -10 % (:data:`CORRECTION_PCT`)."""
    return drawdown_state_fact(bars, as_of, CORRECTION_PCT, Metric.CORRECTION)


def year_gains_erased_fact(bars: pl.DataFrame, as_of: dt.date) -> Fact | None:
    """YEAR_GAINS_ERASED: the YTD return at the as-of close, and whether the close erased the
    year's gains (or erased the year's loss).

    ``value``: YTD return in percent (close / last close of the previous year - 1). Context:
    ``base_date`` / ``base_close`` (the previous year's last close), ``close``, ``previous_ytd``
    (YTD at the previous close of the year; 0.0 on the year's first session), ``erased`` (YTD <=
    0 now and > 0 at the previous close of the year), ``regained`` (YTD > 0 now and <= 0 at the
    previous close of the year, on a session after the first), ``direction`` ("decline" when
    erased, "gain" when regained, else None), ``since`` (the most recent earlier close of the year
    on the same side of the base, <= 0 or > 0 as now; None when there is none this year),
    ``year_high`` / ``year_high_date`` (the highest close of the year so far). None when the data
    have no close in the previous calendar year.
    """
    c = closes_to(bars, as_of)
    if c is None:
        return None
    day = c.session
    first = int(np.searchsorted(c.days, (dt.date(day.year, 1, 1) - _EPOCH).days))
    if first == 0 or c.date(first - 1).year != day.year - 1:
        return None
    base = first - 1
    b = float(c.close[base])
    ytd = (c.close[first:] / b - 1.0) * 100.0
    k = ytd.size - 1
    now = float(ytd[k])
    prev = float(ytd[k - 1]) if k > 0 else 0.0
    erased = now <= 0 < prev
    regained = now > 0 >= prev and k > 0
    side = ytd[:k] <= 0 if now <= 0 else ytd[:k] > 0
    same = np.flatnonzero(side)
    hi = first + int(np.argmax(c.close[first:]))
    context = contexts.YearGainsErased(
        base_date=c.date(base), base_close=b, close=float(c.close[c.last]),
        previous_ytd=prev, erased=erased, regained=regained,
        direction="decline" if erased else ("gain" if regained else None),
        since=c.date(first + int(same[-1])) if same.size else None,
        year_high=float(c.close[hi]), year_high_date=c.date(hi),
    )
    cited = [base, c.last, hi] + ([c.last - 1] if k > 0 else [])
    period = Period(kind="ytd", start=c.date(base), end=day, label="YTD")
    return Fact(c.symbol, Metric.YEAR_GAINS_ERASED, period, now, "pct", day, context,
                c.cite(cited))


def level_cross_fact(bars: pl.DataFrame, as_of: dt.date, level: float) -> Fact | None:
    """FIRST_CLOSE_ABOVE (close > ``level``) or FIRST_CLOSE_BELOW (close < ``level``) for the
    as-of close; None when it equals ``level`` or there is no close.

    ``value``: ``level``. Context: ``threshold`` (``level``), ``direction`` ("gain" above,
    "decline" below), ``close``, ``previous_close`` / ``previous_date`` (None on the first bar),
    ``crossed`` (the previous close was not on this side: the close is a first one), ``since``
    (the most recent earlier close on this side; None: none in the data), ``first_ever`` (no
    earlier close in the data on this side), ``first_date`` (the first close in the data on this
    side), ``data_start``. "First close above 6,000" = ``crossed and first_ever``; "first close
    above 40,000 since May 17" = ``crossed`` with ``since``.
    """
    c = closes_to(bars, as_of)
    if c is None:
        return None
    last = c.last
    cur = float(c.close[last])
    if cur == level:
        return None
    above = cur > level
    side = c.close > level if above else c.close < level
    earlier = np.flatnonzero(side[:last])
    crossed = last == 0 or not bool(side[last - 1])
    since = int(earlier[-1]) if earlier.size else None
    first = int(np.argmax(side))
    context = contexts.LevelCross(
        threshold=float(level), direction="gain" if above else "decline", close=cur,
        previous_close=float(c.close[last - 1]) if last > 0 else None,
        previous_date=c.date(last - 1) if last > 0 else None,
        crossed=crossed, since=c.date(since) if since is not None else None,
        first_ever=since is None, first_date=c.date(first), data_start=c.data_start,
    )
    cited = [last, last - 1 if last > 0 else None, since]
    return Fact(c.symbol, Metric.FIRST_CLOSE_ABOVE if above else Metric.FIRST_CLOSE_BELOW,
                _history(c), float(level), "level", c.session, context, c.cite(cited))


def milestone_gap_fact(bars: pl.DataFrame, as_of: dt.date, from_level: float,
                       to_level: float | None = None, intraday: bool = False) -> Fact | None:
    """MILESTONE_GAP: how long the index took from its first close above ``from_level`` to its
    first close above ``to_level`` (None: to the as-of session) -- "just eight trading days after
    it ended above 25,000 for the first time", "took 23 trading days to get from 24,000 to
    25,000". ``intraday``: first *trade* above each level instead (the high, "first hit 26,000").

    ``value``: sessions from the first day above ``from_level`` to the end day (0 if the same day).
    Context: ``from_level``, ``to_level``, ``from_date``, ``to_date``, ``sessions``,
    ``calendar_days``, ``basis`` ("close" or "intraday"), ``data_start``. None when either level
    was not yet passed by ``as_of`` (or the end comes before the start), or there is no close.
    """
    c = closes_to(bars, as_of)
    if c is None:
        return None
    col = "high" if intraday else "close"
    if intraday and c.rows.get_column("high").null_count() == c.n:
        return None
    level = c.rows.get_column(col).cast(pl.Float64).fill_null(float("nan")).to_numpy() \
        if intraday else c.close
    first_from = np.flatnonzero(level > from_level)
    if not first_from.size:
        return None
    i = int(first_from[0])
    if to_level is None:
        j = c.last
    else:
        first_to = np.flatnonzero(level > to_level)
        if not first_to.size:
            return None
        j = int(first_to[0])
    if j < i:
        return None
    context = contexts.MilestoneGap(
        from_level=float(from_level), to_level=None if to_level is None else float(to_level),
        from_date=c.date(i), to_date=c.date(j), sessions=j - i,
        calendar_days=(c.date(j) - c.date(i)).days,
        basis="intraday" if intraday else "close", data_start=c.data_start)
    period = Period(kind="range", start=c.date(i), end=c.date(j),
                    label=f"{c.date(i).isoformat()} to {c.date(j).isoformat()}")
    return Fact(c.symbol, Metric.MILESTONE_GAP, period, float(j - i), "sessions", c.session,
                context, c.cite([i, j], col))


def milestone_count_fact(bars: pl.DataFrame, as_of: dt.date, start: dt.date,
                         step: float) -> Fact | None:
    """MILESTONE_COUNT: how many multiples of ``step`` the index first closed above within the
    period from ``start`` to ``as_of`` -- "crossed five 1,000-point marks in 2017", "its seventh
    round-number milestone of the year".

    A level counts when it lies above the last close before ``start`` (the base) and a close of
    the period is above it (strictly): the levels ``step * k`` with base < level < the period's
    highest close. ``value``: their number (0 when the period never closed above the base's next
    multiple). Context: ``step``, ``levels``, ``dates`` (first close above each in the period),
    ``base``, ``base_date``, ``data_start``. None without a close before ``start`` (the base
    must be known) or without a close in the period.
    """
    if step <= 0:
        raise ValueError(f"step must be > 0; got {step}")
    c = closes_to(bars, as_of)
    if c is None:
        return None
    first = c.index_of(start - dt.timedelta(days=1)) + 1     # first row dated on/after start
    if first <= 0 or first > c.last:
        return None
    base = float(c.close[first - 1])
    window = c.close[first:]
    k0 = math.floor(base / step) + 1
    levels: list[float] = []
    dates: list[dt.date] = []
    k = k0
    while True:
        above = np.flatnonzero(window > k * step)
        if not above.size:
            break
        levels.append(float(k * step))
        dates.append(c.date(first + int(above[0])))
        k += 1
    context = contexts.MilestoneCount(step=float(step), levels=tuple(levels), dates=tuple(dates),
                                      base=base, base_date=c.date(first - 1),
                                      data_start=c.data_start)
    period = Period(kind="range", start=c.date(first), end=c.session,
                    label=f"{c.date(first).isoformat()} to {c.session.isoformat()}")
    cited = [first - 1] + [c.index_of(d) for d in dates]
    return Fact(c.symbol, Metric.MILESTONE_COUNT, period, float(len(levels)), "count", c.session,
                context, c.cite(cited))


def round_levels_crossed(previous_close: float, close: float,
                         step: float | None = None) -> list[float]:
    """The multiples of ``step`` the close moved past from the previous close, in the order
    crossed: [6000.0] for 5,983.99 -> 6,001.35 with ``step=1000``.

    A level is crossed upward when previous <= level < close, downward when close < level <=
    previous (so :func:`level_cross_fact` gives ``crossed`` for each). ``step`` None: the power
    of ten one digit below the close's leading digit (100 for 6,001; 1,000 for 44,000).
    """
    if step is None:
        step = 10.0 ** (math.floor(math.log10(abs(close))) - 1) if close else 1.0
    step = float(step)
    if step <= 0:
        raise ValueError(f"step must be > 0; got {step}")
    if close > previous_close:
        lo, hi = math.floor(previous_close / step), math.ceil(close / step) - 1
        return [k * step for k in range(lo, hi + 1) if previous_close <= k * step < close]
    lo, hi = math.floor(close / step) + 1, math.ceil(previous_close / step)
    return [k * step for k in range(hi, lo - 1, -1) if close < k * step <= previous_close]


def record_drought_fact(bars: pl.DataFrame, as_of: dt.date) -> Fact | None:
    """RECORD_DROUGHT: sessions without a record close, ended by the as-of close or still running.

    ``value``: on a record close, the sessions between it and the previous record close (the
    stretch it ended); otherwise the sessions after the record in force up to as-of, as-of
    included. Context: ``ended`` (the as-of close is a record that ended the stretch),
    ``record_date`` / ``record`` (the record close that began the stretch), ``since`` (the record
    close that ended the most recent earlier stretch at least as long; None: the longest in the
    data), ``since_start`` (the record that began that one), ``since_value`` (its length),
    ``data_start``. None when the data hold only the first record (no stretch).
    """
    c = closes_to(bars, as_of)
    if c is None:
        return None
    _, rec = running_record(c.close)
    last = c.last
    records = np.flatnonzero(rec == np.arange(c.n))
    ended = bool(records[-1] == last)
    gaps = (np.diff(records) - 1).astype(np.float64)   # gaps[k]: stretch ended by records[k+1]
    if ended:
        if gaps.size == 0:
            return None
        lengths, start = gaps, int(records[-2])
    else:
        lengths, start = np.append(gaps, float(last - records[-1])), int(records[-1])
    i = lengths.size - 1
    cur = int(lengths[i])
    j = largest_since(lengths, i, direction="gain")
    context = contexts.RecordDrought(
        ended=ended, record_date=c.date(start), record=float(c.close[start]),
        since=c.date(int(records[j + 1])) if j is not None else None,
        since_start=c.date(int(records[j])) if j is not None else None,
        since_value=int(lengths[j]) if j is not None else None,
        data_start=c.data_start,
    )
    cited = [start, last] + ([int(records[j]), int(records[j + 1])] if j is not None else [])
    period = Period(kind="range", start=c.date(start), end=c.session,
                    label=f"since {c.date(start).isoformat()}")
    return Fact(c.symbol, Metric.RECORD_DROUGHT, period, cur, "sessions", c.session, context,
                c.cite(cited))

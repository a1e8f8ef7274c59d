"""Records and "highest since": record close vs record intraday high, never confused.

Conventions:

- A **record close** is a close *strictly* above every earlier close. A close equal to the previous
  record is not a record (counting days with zero drawdown overcounts: a trap). The first bar of a
  history is a record (vacuously above every earlier close); with this convention prepending an
  older, lower close changes no flag after it.
- A **record intraday high** is a high strictly above every earlier high (Metric.RECORD_HIGH);
  it is a different fact from RECORD_CLOSE. Close-only series have no RECORD_HIGH.
- Levels are compared exactly (they are observations, not computed values).
- "Highest close since D": D is the most recent earlier date with a close at least as high (equal
  counts); "lowest since" likewise with at least as low.
- An N-year high: the close is the highest since D and D is more than N calendar years before the
  as-of date (N = the largest such whole number, at least 1).
- 52 weeks = the 365 calendar days back from the as-of date (the as-of date included, the date 365
  days earlier included), on closes.
- Percent values are in percent (``0.03`` = 0.03 %); the distance from a record is how far the
  record is above the close, relative to the close.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from . import contexts
from .evidence import date_position, days_of, evidence, history_to, last_row_on_or_before
from .model import Fact, Metric, Period
from .segments import (
    LongSegments,
    new_series,
    require_long,
    segments_long,
)
from .series import float_values

__all__ = ["record_close_flags", "record_counts_long", "record_facts", "record_flags",
           "record_flags_long", "record_run_fact", "record_summary_long", "since_facts", "week52_facts",
           "window_extremes_long"]


def record_flags(values: pl.Series) -> pl.Series:
    """True where a value is strictly above every earlier non-null value.

    The first non-null value is True (nothing earlier); null values are False.
    """
    prior = values.cum_max().forward_fill().shift(1)
    return (values > prior).fill_null(prior.is_null() & values.is_not_null()).alias("record")


def record_close_flags(bars: pl.DataFrame) -> pl.Series:
    """Vectorized record-close flags of date-sorted ``bars``: ``close > max(earlier closes)``."""
    return record_flags(bars.get_column("close"))


def record_flags_long(long_bars: pl.DataFrame, *, column: str = "close") -> pl.DataFrame:
    """:func:`record_flags` for every bar of many symbols at once (a universe, any row order).

    One vectorized pass over the long frame (a running maximum per symbol, no loop over series).
    Columns: ``symbol, date, <column>, record``, sorted by symbol and date; ``record`` is True
    where the value is strictly above every earlier non-null value of its symbol (the first value
    of each symbol is one, nulls are not).
    """
    rows = long_bars.select("symbol", "date", column)
    new = new_series(rows)
    if new is None:
        rows = rows.sort("symbol", "date", maintain_order=True)
        new = new_series(rows)
        assert new is not None
    gid = pl.Series("_g", np.cumsum(new), dtype=pl.Int64)
    running_max = pl.col(column).cum_max()
    if rows.get_column(column).has_nulls():
        running_max = running_max.forward_fill()
    running = rows.select(running_max.over(gid)).to_series()
    v = float_values(rows.get_column(column))
    prior = np.empty(v.size)
    prior[:1] = np.nan
    prior[1:] = float_values(running)[:-1]
    prior[new] = np.nan                    # nothing earlier in the series
    with np.errstate(invalid="ignore"):
        flags = np.where(np.isnan(prior), ~np.isnan(v), v > prior)
    return rows.with_columns(pl.Series("record", flags))


def record_counts_long(long_bars: pl.DataFrame, *, column: str = "close") -> pl.DataFrame:
    """Record closes per calendar year of every symbol: ``symbol, year, records, last_record``.

    ``long_bars``: bars of many symbols, or the output of :func:`record_flags_long` (its
    ``record`` column is reused). Every year with data has a row (``records`` may be 0);
    ``last_record`` is the date of the year's last record (null when none). The count for a year
    equals RECORD_CLOSE_COUNT of :func:`record_facts` as of that year's last bar.
    """
    flags = long_bars if "record" in long_bars.columns else record_flags_long(long_bars,
                                                                                column=column)
    new = new_series(flags)
    if new is None:
        flags = flags.sort("symbol", "date", maintain_order=True)
        new = new_series(flags)
        assert new is not None
    year = flags.select(pl.col("date").dt.year()).to_series().to_numpy()
    brk = new.copy()
    brk[1:] |= year[1:] != year[:-1]
    starts = np.flatnonzero(brk)
    rec = flags.get_column("record").to_numpy()
    if starts.size == 0:
        last = np.zeros(0, dtype=np.int64)
        counts = np.zeros(0, dtype=np.int64)
    else:
        last = np.maximum.reduceat(np.where(rec, np.arange(rec.size), -1), starts)
        counts = np.add.reduceat(rec.astype(np.int64), starts)
    last_date = flags.get_column("date")[np.maximum(last, 0)]
    return pl.DataFrame({
        "symbol": flags.get_column("symbol")[starts],
        "year": pl.Series(year[starts], dtype=pl.Int32),
        "records": pl.Series(counts, dtype=pl.Int64),
        "last_record": last_date.zip_with(pl.Series(last >= 0),
                                          pl.Series([None] * starts.size, dtype=pl.Date)),
    })


def _record_flags_np(arr: np.ndarray) -> np.ndarray:
    """:func:`record_flags` of values with nulls as -inf (a null is never a record)."""
    prior = np.empty_like(arr)
    prior[:1] = -np.inf
    np.maximum.accumulate(arr[:-1], out=prior[1:])
    return arr > prior


def _years_before(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year - n)
    except ValueError:  # 29 February
        return d.replace(year=d.year - n, day=28)


_EPOCH = dt.date(1970, 1, 1)


def _record_group(hist: pl.DataFrame, col: str, day: dt.date, period: Period) -> list[Fact]:
    """RECORD_<col> and PCT_FROM_RECORD_<col> (and for closes: sessions since, yearly count)."""
    vals = hist.get_column(col)
    last = hist.height - 1
    if vals[last] is None or hist.item(last, "close") is None:
        return []
    arr = vals.to_numpy() if vals.dtype == pl.Float64 and not vals.has_nulls() \
        else vals.fill_null(-np.inf).to_numpy()
    flags = _record_flags_np(arr)
    symbol = hist.item(0, "symbol")
    rec = int(np.argmax(arr))                      # first index of the maximum = when it was set
    is_new = bool(flags[last])
    prev_idx = int(np.argmax(arr[:last])) if is_new and last > 0 else (
        int(np.argmax(arr[:rec])) if rec > 0 else None)
    rec_row, cur_row = hist.slice(rec, 1), hist.slice(last, 1)
    rec_val, rec_date = float(arr[rec]), hist.item(rec, "date")
    previous: contexts.PreviousRecord | None = None
    ev = evidence(rec_row, col)
    if prev_idx is not None and np.isfinite(arr[prev_idx]):
        previous = contexts.PreviousRecord(value=float(arr[prev_idx]),
                                           date=hist.item(prev_idx, "date"))
        ev = ev + evidence(hist.slice(prev_idx, 1), col)
    is_close = col == "close"
    kind = "close" if is_close else "intraday high"
    facts = [Fact(symbol, Metric.RECORD_CLOSE if is_close else Metric.RECORD_HIGH, period,
                  rec_val, "level", day,
                  contexts.RecordLevel(date=rec_date, is_new=is_new, previous=previous,
                                       field=col, kind=f"record {kind}"), ev)]
    close = float(hist.item(last, "close"))
    ev_from = evidence(rec_row, col) + (evidence(cur_row, "close") if rec != last or not is_close
                                        else ())
    facts.append(Fact(symbol, Metric.PCT_FROM_RECORD_CLOSE if is_close
                      else Metric.PCT_FROM_RECORD_HIGH, period,
                      (rec_val / close - 1.0) * 100.0, "pct", day,
                      contexts.FromRecord(points=rec_val - close, record=rec_val,
                                          record_date=rec_date, close=close,
                                          kind=f"record {kind}"), ev_from))
    if not is_close:
        return facts
    facts.append(Fact(symbol, Metric.SESSIONS_SINCE_RECORD, period, last - rec, "sessions", day,
                      contexts.SessionsSinceRecord(record_date=rec_date,
                                                   calendar_days=(day - rec_date).days,
                                                   record=rec_val, kind="record close"),
                      evidence(rec_row, "close") + (evidence(cur_row, "close") if rec != last
                                                    else ())))
    days = days_of(hist.get_column("date"))
    in_year = days >= (dt.date(day.year, 1, 1) - _EPOCH).days
    in_year &= days < (dt.date(day.year + 1, 1, 1) - _EPOCH).days
    year_recs = np.flatnonzero(in_year & flags)
    count = int(year_recs.size)
    first_in_year = int(np.argmax(in_year))
    ev_count = evidence(hist[year_recs], "close")
    if first_in_year > 0:   # the record in force when the year began, which the first must beat
        ev_count = evidence(hist.slice(int(np.argmax(arr[:first_in_year])), 1), "close") + ev_count
    if not ev_count:
        ev_count = evidence(rec_row, "close") + evidence(cur_row, "close")
    facts.append(Fact(symbol, Metric.RECORD_CLOSE_COUNT, period, count, "count", day,
                      contexts.RecordCount(year=day.year, ordinal=count if is_new else None,
                                           dates=tuple(hist.get_column("date")[year_recs])),
                      ev_count))
    return facts


def since_facts(hist: pl.DataFrame, day: dt.date, period: Period) -> list[Fact]:
    """HIGHEST_CLOSE_SINCE / LOWEST_CLOSE_SINCE and N_YEAR_HIGH / N_YEAR_LOW for the last bar."""
    closes = hist.get_column("close").to_numpy()
    last = hist.height - 1
    cur = float(closes[last])
    symbol = hist.item(0, "symbol")
    cur_row = hist.slice(last, 1)
    facts: list[Fact] = []
    for metric, nmetric, hits in (
        (Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, closes[:last] >= cur),
        (Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_LOW, closes[:last] <= cur),
    ):
        idx = np.flatnonzero(hits)
        first: dt.date = hist.item(0, "date")
        if idx.size == 0:
            facts.append(Fact(symbol, metric, period, cur, "level", day,
                              contexts.CloseSince(close=cur, first_date=first, on_record=True,
                                                  since_date=None, since_close=None,
                                                  sessions=last, calendar_days=None),
                              evidence(cur_row, "close")))
            continue
        j = int(idx[-1])
        since: dt.date = hist.item(j, "date")
        ev = evidence(hist.slice(j, 1), "close") + evidence(cur_row, "close")
        facts.append(Fact(symbol, metric, period, cur, "level", day,
                          contexts.CloseSince(close=cur, first_date=first, on_record=False,
                                              since_date=since, since_close=float(closes[j]),
                                              sessions=last - j,
                                              calendar_days=(day - since).days), ev))
        n = day.year - since.year
        while n >= 1 and _years_before(day, n) <= since:
            n -= 1
        if n >= 1:
            facts.append(Fact(symbol, nmetric, period, n, "count", day,
                              contexts.NYear(years=n, since_date=since, close=cur,
                                             basis="close"), ev))
    return facts


def week52_facts(hist: pl.DataFrame, day: dt.date, period: Period) -> list[Fact]:
    """WEEK52_HIGH / WEEK52_LOW: the highest / lowest close in the 365 calendar days to ``day``.

    ``context.is_new``: the as-of close is strictly beyond every earlier close in the window.
    """
    start = day - dt.timedelta(days=365)
    win = hist.slice(date_position(hist.get_column("date"), start, "left"))
    closes = win.get_column("close").to_numpy()
    last = win.height - 1
    cur = float(closes[last])
    cur_row = win.slice(last, 1)
    facts: list[Fact] = []
    for metric, pick, beyond in ((Metric.WEEK52_HIGH, np.argmax, np.greater),
                                 (Metric.WEEK52_LOW, np.argmin, np.less)):
        k = int(pick(closes))
        level = float(closes[k])
        is_new = bool(last == 0 or np.all(beyond(cur, closes[:last])))
        ev = evidence(win.slice(k, 1), "close") + (evidence(cur_row, "close") if k != last else ())
        facts.append(Fact(hist.item(0, "symbol"), metric, period, level, "level", day,
                          contexts.Week52(date=win.item(k, "date"), is_new=is_new,
                                          window_start=start, close=cur,
                                          pct_from=(level / cur - 1.0) * 100.0,
                                          basis="closes; 52 weeks = 365 calendar days back"),
                          ev))
    return facts


def record_facts(bars: pl.DataFrame, as_of: dt.date) -> list[Fact]:
    """All record-family facts for the last bar on or before ``as_of`` (history up to it only).

    RECORD_CLOSE (value: the record close in force; context date, is_new, previous), RECORD_HIGH
    (intraday, from highs; absent for close-only series), PCT_FROM_RECORD_CLOSE/HIGH (percent the
    record is above the close; points in context), SESSIONS_SINCE_RECORD (bars after the record
    close; calendar days in context), RECORD_CLOSE_COUNT (record closes in the as-of calendar year
    up to as-of; ``ordinal`` when as-of set one), HIGHEST/LOWEST_CLOSE_SINCE, N_YEAR_HIGH/LOW and
    WEEK52_HIGH/LOW.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return []
    day: dt.date = bars.item(i, "date")
    hist = history_to(bars, day)
    if hist.get_column("close").has_nulls():
        hist = hist.filter(pl.col("close").is_not_null())
    if hist.height == 0 or hist.item(hist.height - 1, "date") != day:
        return []
    first = hist.item(0, "date")
    period = Period(kind="history", start=first, end=day, label=f"since {first.isoformat()}")
    facts = _record_group(hist, "close", day, period)
    if hist.get_column("high").null_count() < hist.height:
        facts += _record_group(hist, "high", day, period)
    facts += since_facts(hist, day, period)
    facts += week52_facts(hist, day, Period(kind="window", start=day - dt.timedelta(days=365),
                                            end=day, label="52 weeks"))
    return facts


def record_run_fact(bars: pl.DataFrame, as_of: dt.date, intraday: bool = False) -> Fact | None:
    """RECORD_STREAK: how many sessions in a row, ending at the as-of session, set a record close
    ("six straight record highs", "a record high for a second straight day"); ``intraday``: a
    record intraday high (a high strictly above every earlier high).

    ``value``: the run's length (0 when the as-of session set no record). Context: ``basis``
    ("close" or "intraday"), ``first_date`` (the run's first session; None for 0),
    ``data_start``. None when there is no bar at or before ``as_of`` with that column."""
    col = "high" if intraday else "close"
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return None
    day: dt.date = bars.item(i, "date")
    hist = history_to(bars, day).filter(pl.col(col).is_not_null())
    if hist.height == 0 or hist.item(hist.height - 1, "date") != day:
        return None
    flags = _record_flags_np(hist.get_column(col).cast(pl.Float64).to_numpy())
    not_rec = np.flatnonzero(~flags)
    run = hist.height - 1 - int(not_rec[-1]) if not_rec.size else hist.height
    first = hist.height - run
    first_date = hist.item(first, "date") if run else None
    start = hist.item(0, "date")
    rows = list(range(max(first - 1, 0), hist.height))
    return Fact(str(hist.item(0, "symbol")), Metric.RECORD_STREAK,
                Period(kind="history", start=start, end=day, label=f"since {start.isoformat()}"),
                float(run), "sessions", day,
                contexts.RecordRun(basis="intraday" if intraday else "close", first_date=first_date,
                                   data_start=start), evidence(hist[rows[-12:]], col))


# ------------------------------------------------------------- universe (long-frame) figures --

def window_extremes_long(long_bars: pl.DataFrame | None = None, *, days: int = 365,
                         column: str = "close",
                         segments: LongSegments | None = None) -> pl.DataFrame:
    """Highest and lowest ``column`` of each symbol over the ``days`` calendar days back from its
    last bar, both ends included (:func:`week52_facts`' window for ``days=365``).

    Columns: ``symbol, date`` (the last bar), ``high, high_date, low, low_date`` (the first date
    each level was seen in the window), ``window_start``. One searchsorted and two ``reduceat``
    over the long frame, no loop over series. ``segments``: the input prepared once
    (:func:`segments_long`) instead of ``long_bars``.
    """
    seg = segments or segments_long(require_long(long_bars), column=column)
    if seg.size == 0:
        return pl.DataFrame(schema={"symbol": pl.Utf8, "date": pl.Date, "high": pl.Float64,
                                    "high_date": pl.Date, "low": pl.Float64,
                                    "low_date": pl.Date, "window_start": pl.Date})
    starts, ends = seg.starts, seg.ends
    d, v = seg.days, seg.values
    g = np.arange(starts.size)
    wday = d[ends] - days
    lo = seg.search_days(wday)
    n = v.size
    bounds = np.empty(2 * g.size, dtype=np.int64)
    bounds[0::2], bounds[1::2] = lo, ends + 1
    ext = np.append(v, 0.0)
    hi = np.maximum.reduceat(ext, bounds)[0::2]
    low = np.minimum.reduceat(ext, bounds)[0::2]
    # first row of each window reaching the extreme (a window is the tail of its series)
    first_hi = _first_at(v, hi, lo, ends)
    first_lo = _first_at(v, low, lo, ends)
    dates = seg.rows.get_column("date")
    return pl.DataFrame({
        "symbol": seg.last("symbol"),
        "date": seg.last("date"),
        "high": pl.Series(hi, dtype=pl.Float64),
        "high_date": dates[np.minimum(first_hi, n - 1)],
        "low": pl.Series(low, dtype=pl.Float64),
        "low_date": dates[np.minimum(first_lo, n - 1)],
        "window_start": pl.Series(wday.astype("datetime64[D]")).cast(pl.Date),
    })


def _first_at(v: np.ndarray, level: np.ndarray, lo: np.ndarray,
              ends: np.ndarray) -> np.ndarray:
    """Per segment, the first row in ``[lo, end]`` whose value equals ``level`` (only the
    windows' rows are read)."""
    out = np.empty(lo.size, dtype=np.int64)
    if lo.size == 0:
        return out
    span = ends + 1 - lo
    rows = np.repeat(lo - np.cumsum(np.append(0, span[:-1])), span) + np.arange(span.sum())
    wg = np.repeat(np.arange(lo.size), span)
    hit = v[rows] == level[wg]
    idx = np.where(hit, rows, v.size)
    starts = np.append(0, np.cumsum(span)[:-1])
    return np.minimum.reduceat(idx, starts)


def record_summary_long(long_bars: pl.DataFrame | None = None, *, column: str = "close",
                        segments: LongSegments | None = None) -> pl.DataFrame:
    """The record close in force at each symbol's last bar, as :func:`record_facts` reports it.

    ``long_bars``: bars of many symbols (or ``segments=``, prepared once). Columns:
    ``symbol, date, close`` (the last bar), ``record_close`` and ``record_date`` (the record close
    in force and the day it was set: the symbol's last strict record), ``is_record`` (the last
    bar set it), ``pct_from_record`` ((record / close - 1) * 100: how far the record is above
    the close, relative to the close, like PCT_FROM_RECORD_CLOSE) and ``records_in_year``
    (record closes in the last bar's calendar year up to it: RECORD_CLOSE_COUNT).
    """
    seg = segments or segments_long(require_long(long_bars), column=column)
    return _record_summary_segments(seg)


_SUMMARY_SCHEMA = {"symbol": pl.Utf8, "date": pl.Date, "close": pl.Float64,
                   "record_close": pl.Float64, "record_date": pl.Date, "is_record": pl.Boolean,
                   "pct_from_record": pl.Float64, "records_in_year": pl.Int64}


def _record_summary_segments(seg: LongSegments) -> pl.DataFrame:
    """:func:`record_summary_long` from prepared segments (records from the running maximum;
    the count of the last year by a window sum from its first day)."""
    starts, ends = seg.starts, seg.ends
    if starts.size == 0:
        return pl.DataFrame(schema=_SUMMARY_SCHEMA)
    last_rec = seg.record_at(ends)
    d = seg.days
    ystart = (d[ends].astype("datetime64[D]").astype("datetime64[Y]")
              .astype("datetime64[D]").astype(np.int64))
    lo = seg.search_days(ystart)
    count = seg.records_between(lo, ends)
    v = seg.values
    close, record = v[ends], v[last_rec]
    dates = seg.rows.get_column("date")
    return pl.DataFrame({
        "symbol": seg.last("symbol"),
        "date": seg.last("date"),
        "close": pl.Series(close, dtype=pl.Float64),
        "record_close": pl.Series(record, dtype=pl.Float64),
        "record_date": dates[last_rec],
        "is_record": pl.Series(last_rec == ends),
        "pct_from_record": pl.Series((record / close - 1.0) * 100.0, dtype=pl.Float64),
        "records_in_year": pl.Series(count, dtype=pl.Int64),
    })



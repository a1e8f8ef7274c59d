"""Winning and losing streaks of closes: days, weeks, months, quarters.

Conventions:

- A day is *up* when its close is strictly above the previous close, *down* when strictly below,
  *unchanged* when exactly equal. An unchanged day breaks a streak (the next move starts a new
  one of length 1) and is itself a streak of length 0.
- Weekly streaks compare the last close of each calendar week (Monday to Sunday, which for
  weekday sessions is the same grouping as pandas' ``W-FRI``); monthly streaks the last close of
  each calendar month. The latest week / month may be partial: its close is the as-of close.
- A streak's ``start`` is its first up (down) period, its ``base`` the close just before it;
  ``cum_return_pct`` = (last close / base close - 1) * 100, a ratio of closes in percent.
- "Longest since D": D is the end date of the most recent *earlier* streak in the same direction
  that was at least as long as the current one (ended before the current one started).
- Streaks depend only on the order of closes, so scaling prices by k > 0 leaves them unchanged.

Runs are found without a loop over rows: a run id is the cumulative sum of direction changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import polars as pl

from . import contexts
from ..errors import NoDataError
from .evidence import days_of, evidence, history_to, rows_on
from .model import Evidence, Fact, Metric, Period, Unit

StreakUnit = Literal["days", "weeks", "months", "quarters", "years"]
StreakDirection = Literal["up", "down"]

_TRUNCATE: dict[str, str] = {"weeks": "1w", "months": "1mo", "quarters": "1q", "years": "1y"}
_DIR_CODE: dict[str, int] = {"up": 1, "down": -1}
_DIR_NAME: dict[int, contexts.UpDown] = {1: "up", -1: "down", 0: "unchanged"}


def period_closes(bars: pl.DataFrame, unit: StreakUnit = "days") -> pl.DataFrame:
    """``date, close, source``: every non-null close (``days``) or the last close of each calendar
    week / month / quarter, sorted by date."""
    obs = bars[["date", "close", "source"]]
    if obs.get_column("close").has_nulls():
        obs = obs.filter(pl.col("close").is_not_null())
    dates = obs.get_column("date")
    if dates.has_nulls() or not dates.is_sorted():
        obs = obs.sort("date")
        dates = obs.get_column("date")
    if unit == "days" or obs.height == 0:
        return obs
    if dates.has_nulls():   # (never for bars) keep the group-by for null dates
        return (obs.group_by(pl.col("date").dt.truncate(_TRUNCATE[unit]).alias("_p"),
                             maintain_order=True)
                .agg(pl.col("date").last(), pl.col("close").last(), pl.col("source").last())
                .drop("_p"))
    # the last row of each calendar week (ISO, Monday first) / month: where the period key changes
    days = days_of(dates).astype(np.int64)
    if unit == "weeks":
        key = (days + 3) // 7           # 1970-01-01 was a Thursday: weeks counted from Mondays
    else:
        key = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        if unit == "quarters":
            key = key // 3              # months since 1970-01: quarters begin Jan, Apr, Jul, Oct
        elif unit == "years":
            key = key // 12             # calendar years
    last = np.flatnonzero(np.append(key[1:] != key[:-1], True))
    return obs[last]


def streak_table(bars: pl.DataFrame, unit: StreakUnit = "days") -> pl.DataFrame:
    """One row per period close with its running streak.

    Columns: ``date, close, source, direction`` (1 up, -1 down, 0 unchanged, null on the first
    row), ``run_id``, ``streak`` (length of the run so far, 0 when unchanged or first),
    ``start`` (first date of the run), ``base_date, base_close, base_source`` (the close before
    the run's start) and ``cum_return_pct`` (close / base_close - 1, in percent).
    """
    pc = period_closes(bars, unit)
    t = pc.with_columns(
        (pl.col("close") - pl.col("close").shift(1)).sign().cast(pl.Int8).alias("direction"),
        pl.col("date").shift(1).alias("_prev_date"),
        pl.col("close").shift(1).alias("_prev_close"),
        pl.col("source").shift(1).alias("_prev_source"),
    )
    t = t.with_columns(
        # a new run starts on every change of direction and on every unchanged / first row
        ((pl.col("direction") != pl.col("direction").shift(1)).fill_null(True)
         | (pl.col("direction") == 0).fill_null(True)).cum_sum().alias("run_id")
    )
    t = t.with_columns(
        pl.when(pl.col("direction").fill_null(0) == 0).then(0)
        .otherwise(pl.int_range(1, pl.len() + 1).over("run_id")).cast(pl.Int64).alias("streak"),
        pl.col("date").first().over("run_id").alias("start"),
        pl.col("_prev_date").first().over("run_id").alias("base_date"),
        pl.col("_prev_close").first().over("run_id").alias("base_close"),
        pl.col("_prev_source").first().over("run_id").alias("base_source"),
    )
    return t.with_columns(
        ((pl.col("close") / pl.col("base_close") - 1.0) * 100.0).alias("cum_return_pct")
    ).drop("_prev_date", "_prev_close", "_prev_source")


def streak_runs(bars: pl.DataFrame, unit: StreakUnit = "days") -> pl.DataFrame:
    """One row per up or down streak: ``direction`` ("up"/"down"), ``length, start, end,
    base_date, base_close, end_close, cum_return_pct``, in date order. The last run may be ongoing.
    """
    t = streak_table(bars, unit).filter(pl.col("streak") > 0)
    return (t.group_by("run_id", maintain_order=True)
            .agg(pl.col("direction").first(), pl.col("streak").max().alias("length"),
                 pl.col("start").first(), pl.col("date").last().alias("end"),
                 pl.col("base_date").first(), pl.col("base_close").first(),
                 pl.col("close").last().alias("end_close"),
                 pl.col("cum_return_pct").last())
            .with_columns(pl.col("direction").replace_strict(_DIR_NAME, return_dtype=pl.Utf8))
            .drop("run_id"))


def _unit_of(unit: StreakUnit) -> Unit:
    return "sessions" if unit == "days" else "count"


def _cite(bars: pl.DataFrame, dates: Iterable[dt.date]) -> tuple[Evidence, ...]:
    """Evidence: the closes of ``bars`` on ``dates``, in date order."""
    return evidence(rows_on(bars, dates), "close")


def _upto(bars: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    out = history_to(bars, as_of)
    if out.get_column("close").has_nulls():
        out = out.filter(pl.col("close").is_not_null())
    if out.height < 2:
        sym = bars["symbol"][0] if bars.height else "?"
        raise NoDataError(f"{sym}: fewer than two closes on or before {as_of.isoformat()}; "
                          "a streak needs a previous close.")
    return out


def current_streak(bars: pl.DataFrame, as_of: dt.date, unit: StreakUnit = "days") -> Fact:
    """STREAK: the streak that includes the as-of close (the last close on or before ``as_of``).

    ``value`` = length in ``unit`` (0 when the last close was unchanged). Context: ``direction``
    ("up"/"down"/"unchanged"), ``unit``, ``start``, ``base_date``, ``cum_return_pct``, and
    ``since`` / ``since_length`` / ``since_start`` for "longest winning streak since" (``since``
    None: longest in the data). Evidence: the base close and every close of the streak, and the
    base and last close of the earlier streak ``since`` refers to.

    The same runs as :func:`streak_table` / :func:`streak_runs`, found with numpy on the period
    closes (one pass, no per-run frames).
    """
    sub = _upto(bars, as_of)
    symbol = sub["symbol"][0]
    pc = period_closes(sub, unit)
    if pc.height < 2:
        raise NoDataError(f"{symbol}: fewer than two {unit} of closes on or before {as_of}.")
    c = pc.get_column("close").to_numpy()
    dates = pc.get_column("date")
    n = c.size
    d = np.sign(c[1:] - c[:-1]).astype(np.int8)          # direction of rows 1..n-1
    # a run starts at row 0, row 1, on every change of direction and on every unchanged row
    new = np.ones(n, dtype=bool)
    new[2:] = (d[1:] != d[:-1]) | (d[1:] == 0)
    starts = np.flatnonzero(new)
    s = int(starts[-1])                                   # first row of the current run
    last_dir = int(d[-1])
    length = 0 if last_dir == 0 else n - s
    direction = _DIR_NAME[last_dir]
    start_date: dt.date = dates[s]
    base_date: dt.date | None = dates[s - 1] if s > 0 else None
    context = contexts.Streak(direction=direction, unit=unit, start=start_date,
                              base_date=base_date, since=None, since_length=None,
                              since_start=None, cum_return_pct=0.0)
    if length == 0:
        cited: list[dt.date] = dates.slice(n - 2, 2).to_list()
    else:
        cited = dates.slice(s - 1, n - s + 1).to_list()
        context = dataclasses.replace(context,
                                      cum_return_pct=float((c[-1] / c[s - 1] - 1.0) * 100.0))
        # earlier runs in the same direction: start row k >= 1, end row = next start - 1
        ends = np.append(starts[1:] - 1, n - 1)
        rdir = np.where(starts >= 1, d[np.maximum(starts - 1, 0)], 0)
        rlen = ends - starts + 1
        dnum = days_of(dates)
        ok = ((rdir == last_dir) & (rlen >= length) & (dnum[ends] < dnum[s]))
        hits = np.flatnonzero(ok)
        if hits.size:
            h = int(hits[-1])
            context = dataclasses.replace(context, since=dates[int(ends[h])],
                                          since_length=int(rlen[h]),
                                          since_start=dates[int(starts[h])])
            # cite the earlier streak too: its base close and its last close
            cited = [dates[int(starts[h]) - 1], dates[int(ends[h])]] + cited
    return Fact(
        subject=symbol, metric=Metric.STREAK,
        period=Period(kind="range", end=dates[n - 1], start=base_date,
                      label=f"{direction} {unit}"),
        value=length, unit=_unit_of(unit), as_of=sub.item(sub.height - 1, "date"),
        context=context,
        evidence=_cite(sub, cited),
    )


def longest_streak(bars: pl.DataFrame, as_of: dt.date, direction: StreakDirection = "up",
                   unit: StreakUnit = "days", start: dt.date | None = None) -> Fact:
    """LONGEST_STREAK: the longest up (down) streak among closes on or before ``as_of``, counting
    only streaks that start on or after ``start`` (None: the whole history).

    Ties: the most recent of the equally long streaks is reported; ``occurrences`` says how many
    there were. Context: ``direction, unit, start, end, base_date, cum_return_pct, occurrences,
    ongoing`` (True if it includes the as-of close).
    """
    sub = _upto(bars, as_of)
    symbol = sub["symbol"][0]
    runs = streak_runs(sub, unit).filter(pl.col("direction") == direction)
    if start is not None:
        runs = runs.filter(pl.col("start") >= start)
    if runs.is_empty():
        raise NoDataError(f"{symbol}: no {direction} streak in {unit} on or before {as_of}"
                          + (f" starting on or after {start}" if start else "") + ".")
    best_len = int(runs["length"].max())  # type: ignore[arg-type]
    best = runs.filter(pl.col("length") == best_len)
    hit = best.row(-1, named=True)
    t = streak_table(sub, unit)
    cited = (t.filter(pl.col("date").is_between(hit["base_date"], hit["end"]))
             .get_column("date").to_list())
    return Fact(
        subject=symbol, metric=Metric.LONGEST_STREAK,
        period=Period(kind="history" if start is None else "since", end=t["date"][-1],
                      start=start, label=f"longest {direction} {unit}"),
        value=best_len, unit=_unit_of(unit), as_of=sub.item(sub.height - 1, "date"),
        context=contexts.LongestStreak(direction=direction, unit=unit, start=hit["start"],
                                       end=hit["end"], base_date=hit["base_date"],
                                       cum_return_pct=float(hit["cum_return_pct"]),
                                       occurrences=best.height,
                                       ongoing=bool(hit["end"] == t["date"][-1])),
        evidence=_cite(sub, cited),
    )


__all__ = [
    "StreakUnit", "StreakDirection", "period_closes", "streak_table", "streak_runs",
    "current_streak", "current_streak_long", "longest_streak",
]


def _trailing_break(c: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                    last_dir: np.ndarray) -> np.ndarray:
    """Per series, the last row that cannot belong to the trailing run of moves ``last_dir``
    (its first row, or a row whose move from the previous close differs). Only each series'
    tail is read: 64 rows back, doubling for the series whose run is longer still."""
    out = np.array(starts, dtype=np.int64)          # a series' first row always breaks
    todo = np.flatnonzero(ends > starts)
    width = 64
    while todo.size:
        s, e, want = starts[todo], ends[todo], last_dir[todo]
        rows = e[:, None] - np.arange(width)[None, :]     # newest first
        inside = rows > s[:, None]                         # rows with a previous close
        r = np.where(inside, rows, s[:, None] + 1)
        move = np.sign(c[r] - c[r - 1]).astype(np.int8)
        brk = ~inside | (move != want[:, None])
        hit = brk.any(axis=1)
        first = brk.argmax(axis=1)                         # newest break within the window
        done = todo[hit]
        out[done] = (e - first)[hit]
        out[done] = np.where(inside[hit, first[hit]], out[done], starts[done])
        todo = todo[~hit]
        width *= 2
    return out


def current_streak_long(long_bars: pl.DataFrame | None = None, *,
                        segments: Any = None) -> pl.DataFrame:
    """The daily streak of many symbols at once, as :func:`current_streak` (``unit="days"``)
    reports it as of each symbol's last close.

    Columns: ``symbol, date, streak`` (signed: +n for n up days in a row, -n for n down days, 0
    when the last close was unchanged; null with fewer than two closes) and ``start`` (first day
    of the streak; null when ``streak`` is 0 or null). The run containing the last close is the
    trailing block of rows moving the same way: one ``reduceat`` finds where it begins.
    ``segments``: the input prepared once (:func:`~.segments.segments_long`).
    """
    from .segments import require_long, segments_long

    seg = segments or segments_long(require_long(long_bars))
    rows, starts, ends = seg.rows, seg.starts, seg.ends
    n = rows.height
    c = seg.values
    last_dir = np.zeros(starts.size, dtype=np.int8)
    has_prev = ends > starts
    last_dir[has_prev] = np.sign(c[ends[has_prev]] - c[ends[has_prev] - 1])
    last_break = _trailing_break(c, starts, ends, last_dir)
    length = np.where(last_dir == 0, 0, ends - last_break)
    enough = ends > starts
    signed = length.astype(np.int64) * last_dir.astype(np.int64)
    has_run = enough & (length > 0)
    dates = rows.get_column("date")
    return pl.DataFrame({
        "symbol": rows.get_column("symbol")[ends],
        "date": dates[ends],
        "streak": pl.Series(signed, dtype=pl.Int64).zip_with(
            pl.Series(enough), pl.Series([None] * starts.size, dtype=pl.Int64)),
        "start": dates[np.minimum(last_break + 1, n - 1)]
        .zip_with(pl.Series(has_run), pl.Series([None] * starts.size, dtype=pl.Date)),
    })

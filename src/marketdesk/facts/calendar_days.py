"""One session of the calendar compared across years: "the worst Black Friday since 1950", "its
best Dec. 26 on record", "the worst trading session on the eve of Christmas in history", "its
worst-ever four-day start to a year".

A *calendar day* (:data:`CalendarDay`) picks at most one window per year:

- ``MM-DD`` (``"12-26"``): the session on that date, when it is one;
- ``christmas_eve``: the last session before Dec. 25;
- ``black_friday``: the session after Thanksgiving (the fourth Thursday of November);
- ``new_years_eve``: the year's last session; ``first_session``: its first;
- ``start:N``: the year's first N sessions.

The move of a window is in percent, from the close before its first session to its last close
(a one-session window: that day's change). Years compared are those of the data up to the
session asked; the session must be the calendar day of its own year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .contexts import CalendarDayRank
from .evidence import evidence, rows_on
from .model import Fact, Metric, Period

__all__ = ["CalendarDay", "calendar_day_fact", "calendar_day_windows", "thanksgiving"]

#: ``MM-DD``, ``christmas_eve``, ``black_friday``, ``new_years_eve``, ``first_session`` or
#: ``start:N``.
CalendarDay = str


def thanksgiving(year: int) -> dt.date:
    """The fourth Thursday of November of ``year``."""
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _label(day: CalendarDay) -> str:
    if day.startswith("start:"):
        return f"first {day[6:]} sessions of the year"
    named = {"christmas_eve": "last session before Christmas", "black_friday":
             "session after Thanksgiving", "new_years_eve": "last session of the year",
             "first_session": "first session of the year"}
    if day in named:
        return named[day]
    return dt.date(2000, int(day[:2]), int(day[3:5])).strftime("%b. %-d")


def calendar_day_windows(dates: list[dt.date], day: CalendarDay) -> dict[int, tuple[int, int]]:
    """Per year, the window of ``day`` as (index of the base close, index of the last close) into
    the ascending session ``dates``; years whose window is not in ``dates`` (or has no base close
    before it) are left out."""
    by_year: dict[int, list[int]] = {}
    for i, d in enumerate(dates):
        by_year.setdefault(d.year, []).append(i)
    out: dict[int, tuple[int, int]] = {}
    for year, idx in by_year.items():
        pick: int | None = None
        n = 1
        if day.startswith("start:"):
            n = int(day[6:])
            pick = idx[n - 1] if len(idx) >= n and dates[idx[0]] <= dt.date(year, 1, 7) else None
        elif day == "first_session":
            pick = idx[0] if dates[idx[0]] <= dt.date(year, 1, 7) else None
        elif day == "new_years_eve":
            pick = idx[-1] if dates[idx[-1]] >= dt.date(year, 12, 24) else None
        elif day == "christmas_eve":
            before = [i for i in idx if dt.date(year, 12, 18) <= dates[i] < dt.date(year, 12, 25)]
            pick = before[-1] if before else None
        elif day == "black_friday":
            t = thanksgiving(year)
            after = [i for i in idx if t < dates[i] <= t + dt.timedelta(days=4)]
            pick = after[0] if after else None
        else:
            want = dt.date(year, int(day[:2]), int(day[3:5]))
            pick = next((i for i in idx if dates[i] == want), None)
        if pick is not None and pick - n >= 0:
            out[year] = (pick - n, pick)
    return out


def calendar_day_fact(bars: pl.DataFrame, as_of: dt.date, day: CalendarDay) -> Fact | None:
    """CALENDAR_DAY_RANK: the move of ``day``'s window ending at the session ``as_of`` against
    the same window of every earlier year in the data.

    ``value``: the move in percent. Context: ``label``, ``years_compared`` (this year included),
    ``first_year``, ``rank_best`` / ``rank_worst`` (1: the best / worst of all the years), the
    most recent earlier year at least as strong (``since_up_year``, ``since_up_value``) and at
    least as weak (``since_down_year``, ``since_down_value``; None: none in the data), and
    ``data_start``. None when ``as_of`` is not the end of ``day``'s window of its year (in the
    data: a year whose window the data do not reach yet has none)."""
    # windows are picked on the whole series (a year's last session before Christmas is not the
    # last one the data hold up to ``as_of``), then cut at ``as_of``'s year
    rows = bars.filter(pl.col("date").dt.year() <= as_of.year).select("date", "close")
    dates: list[dt.date] = rows.get_column("date").to_list()
    close = rows.get_column("close").cast(pl.Float64).to_numpy()
    windows = calendar_day_windows(dates, day)
    if as_of.year not in windows or dates[windows[as_of.year][1]] != as_of:
        return None
    years = sorted(windows)
    moves = np.array([(close[windows[y][1]] / close[windows[y][0]] - 1.0) * 100.0 for y in years])
    cur = float(moves[-1])
    earlier = moves[:-1]
    up = [i for i in range(len(earlier)) if earlier[i] >= cur]
    down = [i for i in range(len(earlier)) if earlier[i] <= cur]
    ctx = CalendarDayRank(
        label=_label(day), years_compared=len(years), first_year=years[0],
        rank_best=int((earlier > cur).sum()) + 1, rank_worst=int((earlier < cur).sum()) + 1,
        since_up_year=years[up[-1]] if up else None,
        since_up_value=float(earlier[up[-1]]) if up else None,
        since_down_year=years[down[-1]] if down else None,
        since_down_value=float(earlier[down[-1]]) if down else None,
        data_start=dates[0])
    b, e = windows[as_of.year]
    period = Period(kind="range", start=dates[b], end=dates[e], label=_label(day))
    return Fact(str(bars.item(0, "symbol")), Metric.CALENDAR_DAY_RANK, period, cur, "pct", as_of,
                ctx, evidence(rows_on(bars, [dates[b], dates[e]]), "close"))

"""One session of the calendar compared across years: "the worst Black Friday since 1950", "its
best Dec. 26 on record", "the worst trading session on the eve of Christmas in history", "its
worst-ever four-day start to a year".

A *calendar day* (:data:`CalendarDay`) picks at most one window per year:

- ``MM-DD`` (``"12-26"``): the session on that date, when it is one;
- ``christmas_eve``: the last session before Dec. 25;
- ``black_friday``: the session after Thanksgiving (the fourth Thursday of November);
- ``new_years_eve``: the year's last session; ``first_session``: its first;
- ``start:N``: the year's first N sessions;
- ``santa_claus``: the "Santa Claus rally" (the Stock Trader's Almanac's): the last five
  sessions of December and the first two of January, keyed by December's year.

The move of a window is in percent, from the close before its first session to its last close
(a one-session window: that day's change). Years compared are those of the data up to the
session asked; the session must be the calendar day of its own year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .contexts import CalendarDayRank, CalendarWindowStats
from .evidence import evidence, rows_on
from .model import Fact, Metric, Period

__all__ = ["CalendarDay", "calendar_day_fact", "calendar_day_windows", "calendar_window_stats",
           "thanksgiving"]

#: ``MM-DD``, ``christmas_eve``, ``black_friday``, ``new_years_eve``, ``first_session``,
#: ``start:N`` or ``santa_claus``.
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
             "first_session": "first session of the year",
             "santa_claus": "Santa Claus rally (last 5 sessions of December, first 2 of January)"}
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
    if day == "santa_claus":
        for year, idx in by_year.items():
            dec = [i for i in idx if dates[i].month == 12]
            jan = [i for i in by_year.get(year + 1, []) if dates[i].month == 1]
            # the close before December's last five sessions to January's second close
            if len(dec) >= 6 and dates[dec[-1]] >= dt.date(year, 12, 24) and len(jan) >= 2 \
                    and dates[jan[0]] <= dt.date(year + 1, 1, 7):
                out[year] = (dec[-6], jan[1])
        return out
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
    key = next((y for y, (_, e) in windows.items() if dates[e] == as_of), None)
    if key is None:
        return None
    years = sorted(y for y in windows if y <= key)
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
    b, e = windows[key]
    period = Period(kind="range", start=dates[b], end=dates[e], label=_label(day))
    return Fact(str(bars.item(0, "symbol")), Metric.CALENDAR_DAY_RANK, period, cur, "pct", as_of,
                ctx, evidence(rows_on(bars, [dates[b], dates[e]]), "close"))


def calendar_window_stats(bars: pl.DataFrame, as_of: dt.date, day: CalendarDay, *,
                          years: tuple[int, int] | None = None,
                          last: int | None = None) -> Fact | None:
    """CALENDAR_WINDOW_STATS: ``day``'s window across years, each year's move in percent (from
    the close before the window to its last close), over the windows complete by ``as_of`` (the
    last close on or before it): "the S&P 500 has risen in 79% of Santa Claus rallies since
    1928, by 1.7% on average".

    ``years``: the windows' years (the keys of :func:`calendar_day_windows`), both inclusive;
    ``last``: then only the last N of them. ``value``: the mean move. Context:
    :class:`~.contexts.CalendarWindowStats`. Evidence: each window's two closes. None when no
    window is left."""
    rows = bars.filter(pl.col("date") <= as_of).select("date", "close")
    dates: list[dt.date] = rows.get_column("date").to_list()
    if not dates:
        return None
    close = rows.get_column("close").cast(pl.Float64).to_numpy()
    windows = calendar_day_windows(dates, day)
    keep = sorted(y for y in windows if years is None or years[0] <= y <= years[1])
    if last is not None:
        keep = keep[-last:] if last > 0 else []
    if not keep:
        return None
    moves = np.array([(close[windows[y][1]] / close[windows[y][0]] - 1.0) * 100.0 for y in keep])
    up, down = moves[moves > 0], moves[moves < 0]
    ctx = CalendarWindowStats(
        label=_label(day), first_year=keep[0], last_year=keep[-1], n=len(keep),
        up=int(up.size), down=int(down.size), pct_up=float(up.size / moves.size * 100.0),
        mean=float(moves.mean()), median=float(np.median(moves)),
        mean_up=float(up.mean()) if up.size else None,
        mean_down=float(down.mean()) if down.size else None,
        moves=tuple((y, float(v)) for y, v in zip(keep, moves)), data_start=dates[0])
    first, end = windows[keep[0]][0], windows[keep[-1]][1]
    period = Period(kind="range", start=dates[first], end=dates[end],
                    label=f"{_label(day)}, {keep[0]}-{keep[-1]}")
    cited = sorted({dates[i] for y in keep for i in windows[y]})
    return Fact(str(bars.item(0, "symbol")), Metric.CALENDAR_WINDOW_STATS, period,
                float(moves.mean()), "pct", dates[-1], ctx,
                evidence(rows_on(bars, cited), "close"))

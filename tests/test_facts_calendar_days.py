"""A calendar day compared across years, and one-day "largest since" in points: on the real
data, against plain loops over the CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.facts import engine
from marketdesk.facts.calendar_days import calendar_day_fact
from marketdesk.facts.model import Metric
from marketdesk.facts.query import FactQuery, NoAnswer, Params, PeriodSpec


def naive_windows(rows, pick):
    """{year: (base close, last close)} with ``pick(year, [(date, close), ...]) -> index``."""
    by_year: dict[int, list[int]] = {}
    for i, r in enumerate(rows):
        by_year.setdefault(r["date"].year, []).append(i)
    out = {}
    for year, idx in by_year.items():
        k = pick(year, [rows[i]["date"] for i in idx])
        if k is not None and idx[k] > 0:
            out[year] = (rows[idx[k] - 1]["close"], rows[idx[k]]["close"])
    return out


def before_christmas(year, dates):
    ks = [k for k, d in enumerate(dates) if d < dt.date(year, 12, 25) and d.month == 12]
    return ks[-1] if ks else None


def after_thanksgiving(year, dates):
    nov = [d for d in (dt.date(year, 11, day) for day in range(1, 31)) if d.weekday() == 3]
    t = nov[3]
    ks = [k for k, d in enumerate(dates) if t < d <= t + dt.timedelta(days=4)]
    return ks[0] if ks else None


@pytest.mark.parametrize("file, day, kind, pick", [
    ("GSPC.csv", dt.date(2018, 12, 24), "christmas_eve", before_christmas),
    ("NASDAQCOM.csv", dt.date(2018, 12, 24), "christmas_eve", before_christmas),
    ("GSPC.csv", dt.date(2021, 11, 26), "black_friday", after_thanksgiving),
    ("DJI.csv", dt.date(2021, 11, 26), "black_friday", after_thanksgiving),
    ("GSPC.csv", dt.date(2018, 12, 26), "12-26",
     lambda y, ds: next((k for k, d in enumerate(ds) if d == dt.date(y, 12, 26)), None)),
])
def test_calendar_day_rank_equals_naive(bars, file, day, kind, pick):
    rows = upto(file, day)
    moves = {y: (b / a - 1) * 100 for y, (a, b) in naive_windows(rows, pick).items()}
    cur = moves[day.year]
    earlier = {y: v for y, v in moves.items() if y < day.year}
    f = calendar_day_fact(bars(file), day, kind)
    assert f is not None and f.metric is Metric.CALENDAR_DAY_RANK
    assert f.value == pytest.approx(cur, abs=1e-9)
    ctx = f.context
    assert ctx.years_compared == len(moves)
    assert ctx.rank_worst == 1 + sum(v < cur for v in earlier.values())
    assert ctx.rank_best == 1 + sum(v > cur for v in earlier.values())
    weak = [y for y, v in earlier.items() if v <= cur]
    assert ctx.since_down_year == (max(weak) if weak else None)


def test_calendar_day_fact_only_on_its_day(bars):
    assert calendar_day_fact(bars("GSPC.csv"), dt.date(2018, 12, 21), "christmas_eve") is None


def test_first_four_sessions_of_2016_are_the_worst_start(bars):
    """The article-001 claim ("its worst-ever four-day start to a year"), by a plain loop: the
    change from each year's base close to its fourth session."""
    rows = upto("GSPC.csv", dt.date(2016, 1, 7))
    moves = {}
    for y in range(1929, 2017):
        idx = [i for i, r in enumerate(rows) if r["date"].year == y]
        if len(idx) >= 4:
            moves[y] = (rows[idx[3]]["close"] / rows[idx[0] - 1]["close"] - 1) * 100
    f = calendar_day_fact(bars("GSPC.csv"), dt.date(2016, 1, 7), "start:4")
    assert f is not None and f.value == pytest.approx(moves[2016], abs=1e-9)
    assert f.context.rank_worst == 1 + sum(v < moves[2016] for v in moves.values())


@pytest.mark.parametrize("file, symbol, day", [
    ("NASDAQCOM.csv", "^IXIC", dt.date(2022, 12, 29)), ("DJI.csv", "^DJI", dt.date(2018, 1, 17))])
def test_point_largest_since_equals_naive(bars, file, symbol, day):
    """LARGEST_SINCE with params.measure='pts': the last earlier day whose point move (same
    direction) was at least as large."""
    rows = upto(file, day)
    pts = [b["close"] - a["close"] for a, b in zip(rows, rows[1:], strict=False)]
    cur = pts[-1]
    same = [k for k in range(len(pts) - 1) if (pts[k] >= cur if cur > 0 else pts[k] <= cur)]
    want = rows[same[-1] + 1]["date"]
    f = engine.answer(FactQuery(symbol, Metric.LARGEST_SINCE, PeriodSpec.day(day),
                                params=Params(granularity="day", measure="pts")), bars(file))
    assert not isinstance(f, NoAnswer)
    assert f.value == pytest.approx(cur, abs=1e-6)
    assert f.context.since == want


@pytest.mark.parametrize("file, day, first, last, low", [
    ("DJI.csv", dt.date(2020, 11, 24), dt.date(2020, 3, 1), dt.date(2020, 3, 31), True),
    ("GSPC.csv", dt.date(2025, 10, 9), dt.date(2025, 4, 1), dt.date(2025, 4, 30), True),
    ("GSPC.csv", dt.date(2022, 10, 20), dt.date(2022, 8, 1), dt.date(2022, 8, 31), False)])
def test_change_from_a_windows_extreme_equals_naive(bars, file, day, first, last, low):
    """CHANGE_FROM_EXTREME: from the window's lowest (highest) close to the session's close."""
    from marketdesk.facts.extremes import change_from_extreme_fact

    rows = upto(file, day)
    window = [r for r in rows if first <= r["date"] <= last]
    pick = (min if low else max)(window, key=lambda r: r["close"])
    f = change_from_extreme_fact(bars(file), day, first, last, low=low)
    assert f is not None and f.context.date == pick["date"]
    assert f.value == pytest.approx((rows[-1]["close"] / pick["close"] - 1) * 100, abs=1e-9)


def naive_santa_moves(rows):
    """{December's year: move in percent} of the Santa Claus rally window by a plain loop: the
    close before December's last five sessions to January's second close."""
    out = {}
    years = sorted({r["date"].year for r in rows})
    for y in years:
        dec = [i for i, r in enumerate(rows) if r["date"].year == y and r["date"].month == 12]
        jan = [i for i, r in enumerate(rows) if r["date"].year == y + 1 and r["date"].month == 1]
        if len(dec) >= 6 and len(jan) >= 2:
            out[y] = (rows[jan[1]]["close"] / rows[dec[-6]]["close"] - 1) * 100
    return out


@pytest.mark.parametrize("day, years, last", [
    (dt.date(2021, 12, 27), (1928, 2021), None), (dt.date(2021, 12, 27), None, 10),
    (dt.date(2019, 6, 3), (1950, 2018), None)])
def test_santa_claus_window_stats_equal_naive(bars, day, years, last):
    """CALENDAR_WINDOW_STATS of the santa_claus window (keyed by December's year): the share of
    years up, the counts, the mean and the mean of the up years over complete windows."""
    moves = naive_santa_moves(upto("GSPC.csv", day))
    keep = sorted(y for y in moves if years is None or years[0] <= y <= years[1])
    keep = keep[-last:] if last else keep
    vals = [moves[y] for y in keep]
    ups = [v for v in vals if v > 0]
    f = engine.answer(FactQuery("^GSPC", Metric.CALENDAR_WINDOW_STATS, PeriodSpec.day(day),
                                params=Params(calendar_day="santa_claus", years=years,
                                              last=last)), bars("GSPC.csv"))
    assert not isinstance(f, NoAnswer)
    ctx = f.context
    assert (ctx.first_year, ctx.last_year, ctx.n) == (keep[0], keep[-1], len(keep))
    assert ctx.up == len(ups) and ctx.down == sum(v < 0 for v in vals)
    assert ctx.pct_up == pytest.approx(100 * len(ups) / len(vals), abs=1e-9)
    assert f.value == pytest.approx(sum(vals) / len(vals), abs=1e-9)
    assert ctx.mean_up == pytest.approx(sum(ups) / len(ups), abs=1e-9)


def test_santa_claus_window_ranked_on_its_last_session(bars):
    """CALENDAR_DAY_RANK of santa_claus ends on January's second session, under December's
    year; another session is not its end."""
    moves = naive_santa_moves(upto("GSPC.csv", dt.date(2022, 1, 4)))
    f = calendar_day_fact(bars("GSPC.csv"), dt.date(2022, 1, 4), "santa_claus")
    assert f is not None and f.value == pytest.approx(moves[2021], abs=1e-9)
    assert f.context.rank_best == 1 + sum(v > moves[2021] for y, v in moves.items() if y < 2021)
    assert calendar_day_fact(bars("GSPC.csv"), dt.date(2022, 1, 3), "santa_claus") is None

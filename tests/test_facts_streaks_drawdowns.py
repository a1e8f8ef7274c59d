"""Streaks and drawdowns: against plain-Python loops written here, the seed story, and laws.

Seed facts used: ^RUT closed at 2442.03 on 2024-11-25, just shy of its record close of 2442.74 set
on 2021-11-08; ^GSPC's record close on 2024-11-11 (6001.35); ^RUT up 11.17% MTD in November 2024
(data/SOURCES.md).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
from frames import daily_closes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketdesk.errors import NoDataError
from marketdesk.facts.drawdowns import current_drawdown, drawdown_series, max_drawdown
from marketdesk.facts.model import TIE_RTOL, Metric
from marketdesk.facts.streaks import current_streak, longest_streak, streak_runs

D = dt.date
AS_OFS = [D(2024, 11, 25), D(2024, 8, 2), D(2020, 3, 23), D(2008, 10, 10), D(2001, 9, 21)]


def _frame(closes: list[float], symbol: str = "TEST") -> pl.DataFrame:
    return daily_closes(closes, symbol)


def _upto(b: pl.DataFrame, as_of: dt.date) -> tuple[list[dt.date], list[float]]:
    s = b.filter(pl.col("date") <= as_of)
    return s["date"].to_list(), s["close"].to_list()


# -- naive twins ---------------------------------------------------------------------------------

def naive_current_streak(dates, closes):
    """(length, direction, start date) of the streak ending at the last close."""
    def sign(i):
        return (closes[i] > closes[i - 1]) - (closes[i] < closes[i - 1])

    last = sign(len(closes) - 1)
    if last == 0:
        return 0, "unchanged", dates[-1]
    n, i = 0, len(closes) - 1
    while i >= 1 and sign(i) == last:
        n += 1
        i -= 1
    return n, "up" if last > 0 else "down", dates[i + 1]


def naive_longest_up(closes):
    best = run = 0
    for i in range(1, len(closes)):
        run = run + 1 if closes[i] > closes[i - 1] else 0
        best = max(best, run)
    return best


def naive_max_drawdown(dates, closes):
    """(pct, peak date, trough date, recovery date): earliest trough; peak = first day at peak."""
    peak, peak_d = closes[0], dates[0]
    best, best_peak, best_trough, best_peak_d = 1.0, None, None, None
    for d, c in zip(dates, closes):
        if c > peak:
            peak, peak_d = c, d
        r = c / peak
        if r < best * (1 - TIE_RTOL):
            best, best_peak, best_trough, best_peak_d = r, peak, d, peak_d
    if best_trough is None:
        return 0.0, None, None, None
    recovery = None
    for d, c in zip(dates, closes):
        if d > best_trough and c >= best_peak:
            recovery = d
            break
    return (best - 1) * 100, best_peak_d, best_trough, recovery


# -- streaks -------------------------------------------------------------------------------------

@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv"])
def test_current_streak_matches_naive_loop(bars, file):
    b = bars(file)
    for as_of in AS_OFS:
        dates, closes = _upto(b, as_of)
        n, direction, start = naive_current_streak(dates, closes)
        f = current_streak(b, as_of)
        assert f.metric is Metric.STREAK
        assert (f.value, f.context.direction) == (n, direction), as_of
        if n:
            assert f.context.start == start
            # the base close and every close of the streak, plus (for "longest since") the
            # base and last close of the earlier streak
            cited = [e.date for e in f.evidence]
            assert cited[-(n + 1):] == dates[-(n + 1):]
            extra = 2 if f.context.since is not None else 0
            assert len(cited) == n + 1 + extra
            if extra:
                assert f.context.since == cited[1]
            assert f.context.cum_return_pct == pytest.approx(
                (closes[-1] / closes[-1 - n] - 1) * 100, rel=1e-12)


@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv"])
def test_longest_up_streak_matches_naive_loop(bars, file):
    b = bars(file)
    f = longest_streak(b, D(2024, 11, 25), "up")
    assert f.value == naive_longest_up(_upto(b, D(2024, 11, 25))[1])


def test_weekly_streak_matches_pandas_w_fri_resample(bars):
    b = bars("GSPC.csv").filter(pl.col("date") <= D(2024, 11, 25))
    weekly = (pd.Series(b["close"].to_list(), index=pd.DatetimeIndex(b["date"].to_list()))
              .resample("W-FRI").last().dropna())
    dates = [ts.date() for ts in weekly.index]
    n, direction, _ = naive_current_streak(dates, weekly.to_list())
    f = current_streak(b, D(2024, 11, 25), "weeks")
    assert (f.value, f.context.direction) == (n, direction)
    assert f.unit == "count"


def test_monthly_streak_november_2024_rut(bars):
    b = bars("RUT.csv").filter(pl.col("date") <= D(2024, 11, 25))
    monthly = (pd.Series(b["close"].to_list(), index=pd.DatetimeIndex(b["date"].to_list()))
               .resample("ME").last().dropna())
    n, direction, _ = naive_current_streak([ts.date() for ts in monthly.index], monthly.to_list())
    f = current_streak(b, D(2024, 11, 25), "months")
    assert (f.value, f.context.direction) == (n, direction)
    assert direction == "up"
    if n == 1:
        assert f.context.base_date == D(2024, 10, 31)
        assert round(f.context.cum_return_pct, 2) == 11.17  # Nov MTD, data/SOURCES.md


def test_unchanged_close_breaks_a_streak():
    f = current_streak(_frame([1, 2, 3, 3]), D(2000, 1, 6))
    assert (f.value, f.context.direction) == (0, "unchanged")
    g = current_streak(_frame([1, 2, 3, 3, 4]), D(2000, 1, 7))
    assert (g.value, g.context.direction, g.context.start) == (1, "up", D(2000, 1, 7))
    runs = streak_runs(_frame([1, 2, 3, 3, 4]))
    assert runs["length"].to_list() == [2, 1]


def test_longest_since_points_to_earlier_streak():
    # up 3 (Jan 4-6), down 1, up 2, down 1, up 3 (current): longest since the Jan 4-6 run
    f = current_streak(_frame([1, 2, 3, 4, 3, 4, 5, 4, 5, 6, 7]), D(2000, 1, 13))
    assert f.value == 3
    assert (f.context.since, f.context.since_length) == (D(2000, 1, 6), 3)
    g = current_streak(_frame([1, 2, 3, 2, 3, 4, 5]), D(2000, 1, 9))
    assert g.value == 3 and g.context.since is None


def test_streak_needs_two_closes():
    with pytest.raises(NoDataError):
        current_streak(_frame([1.0]), D(2000, 1, 3))


# -- drawdowns -----------------------------------------------------------------------------------

@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv"])
@pytest.mark.parametrize("start", [None, D(2024, 1, 1), D(2000, 1, 1)])
def test_max_drawdown_matches_naive_loop(bars, file, start):
    b = bars(file)
    as_of = D(2024, 11, 25)
    s = b if start is None else b.filter(pl.col("date") >= start)
    value, peak_d, trough_d, rec_d = naive_max_drawdown(*_upto(s, as_of))
    f = max_drawdown(b, as_of, start)
    assert f.metric is Metric.MAX_DRAWDOWN and f.unit == "pct"
    assert f.value == pytest.approx(value, rel=1e-12)
    assert (f.context.peak_date, f.context.trough_date, f.context.recovery_date) == (
        peak_d, trough_d, rec_d)


def test_rut_just_shy_of_record_close_2024_11_25(bars):
    f = current_drawdown(bars("RUT.csv"), D(2024, 11, 25))
    assert f.context.peak_date == D(2021, 11, 8)
    assert f.context.peak_level == pytest.approx(2442.74, abs=0.005)
    assert f.value == pytest.approx((2442.03 / 2442.74 - 1) * 100, abs=1e-3)
    assert f.context.is_record is False


def test_gspc_record_close_2024_11_11_has_zero_drawdown(bars):
    f = current_drawdown(bars("GSPC.csv"), D(2024, 11, 11))
    assert f.value == 0.0 and f.context.is_record is True
    assert f.context.peak_level == pytest.approx(6001.35, abs=0.005)
    assert f.context.sessions_since_peak == 0


def test_close_equal_to_peak_is_not_a_record():
    dd = drawdown_series(_frame([100, 110, 105, 110, 111]))
    assert dd["drawdown_pct"].to_list()[3] == 0.0
    assert dd["is_record"].to_list() == [True, True, False, False, True]
    assert dd["peak_date"].to_list()[3] == D(2000, 1, 4)
    f = current_drawdown(_frame([100, 110, 105, 110]), D(2000, 1, 6))
    assert f.value == 0.0 and f.context.is_record is False
    assert f.context.peak_date == D(2000, 1, 4) and f.context.sessions_since_peak == 2


def test_max_drawdown_recovery_and_monotone_series():
    f = max_drawdown(_frame([100, 120, 90, 100, 120, 130]), D(2000, 1, 8))
    assert f.value == pytest.approx(-25.0)
    assert (f.context.peak_date, f.context.trough_date, f.context.recovery_date) == (
        D(2000, 1, 4), D(2000, 1, 5), D(2000, 1, 7))
    g = max_drawdown(_frame([1, 2, 3]), D(2000, 1, 5))
    assert g.value == 0.0 and g.context.trough_date is None


# -- scaling law ---------------------------------------------------------------------------------

cents = st.lists(st.integers(min_value=1, max_value=100_000), min_size=2, max_size=80)
factors = st.sampled_from([0.001, 0.37, 1.0, 3.0, 7.25, 1234.5])


@settings(max_examples=60, deadline=None)
@given(cents, factors)
def test_scaling_prices_leaves_streaks_and_drawdowns_unchanged(path, k):
    a, b = _frame([c / 100 for c in path]), _frame([c / 100 * k for c in path])
    end = a["date"][-1]
    fa, fb = current_streak(a, end), current_streak(b, end)
    assert (fa.value, fa.context.direction, fa.context.start) == (
        fb.value, fb.context.direction, fb.context.start)
    ma, mb = max_drawdown(a, end), max_drawdown(b, end)
    assert ma.value == pytest.approx(mb.value, rel=1e-9, abs=1e-12)
    ca, cb = ma.context, mb.context
    assert (ca.peak_date, ca.trough_date, ca.recovery_date) == (
        cb.peak_date, cb.trough_date, cb.recovery_date)
    assert current_drawdown(a, end).value == pytest.approx(current_drawdown(b, end).value,
                                                           rel=1e-9, abs=1e-12)
    if fa.value:
        d = fa.context.direction
        assert longest_streak(a, end, d).value == longest_streak(b, end, d).value


@pytest.mark.parametrize("file, day", [("GSPC.csv", D(2022, 12, 29)), ("GSPC.csv", D(2022, 9, 30)),
                                       ("DJI.csv", D(2017, 8, 2)), ("RUT.csv", D(2020, 3, 23))])
def test_quarter_streak_equals_a_plain_loop(bars, file, day):
    """STREAK in quarters: the last close of each calendar quarter (the running one to date),
    counted back by a plain loop over the CSV rows. ../shared/articles 052: the S&P 500 fell in
    each of the first three quarters of 2022."""
    from naive_rows import naive_rows

    last: dict[tuple[int, int], float] = {}
    for r in naive_rows(file):
        if r["date"] <= day:
            last[(r["date"].year, (r["date"].month - 1) // 3)] = r["close"]
    closes = [last[k] for k in sorted(last)]
    sign = (closes[-1] > closes[-2]) - (closes[-1] < closes[-2])
    n = 0
    for a, b in zip(closes[-2::-1], closes[::-1]):
        if (b > a) - (b < a) != sign or sign == 0:
            break
        n += 1
    f = current_streak(bars(file), day, "quarters")
    assert f.value == n
    assert f.context.direction == {1: "up", -1: "down", 0: "unchanged"}[sign]
    if (file, day) == ("GSPC.csv", D(2022, 9, 30)):
        assert (n, sign) == (3, -1)

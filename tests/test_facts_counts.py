"""Counts of periods meeting a condition (facts PERIOD_COUNT): on the real data, against plain
loops over the CSV rows (tests/naive_rows.py shares no code with marketdesk)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from naive_rows import upto

from marketdesk.facts import engine
from marketdesk.facts.counts import period_count_fact, period_is_over
from marketdesk.facts.model import Metric
from marketdesk.facts.query import CountSpec, FactQuery, NoAnswer, Params, PeriodSpec


def day_changes(file: str, day: dt.date) -> list[tuple[dt.date, float, float]]:
    """(date, % change, point change) of every session after the first, to ``day``."""
    rows = upto(file, day)
    return [(b["date"], (b["close"] / a["close"] - 1) * 100, b["close"] - a["close"])
            for a, b in zip(rows, rows[1:], strict=False)]


def period_changes(file: str, day: dt.date, key) -> list[tuple[dt.date, float]]:
    """(last session, % change) of each period (``key(date)``) after the first, to ``day``."""
    last: dict = {}
    for r in upto(file, day):
        last[key(r["date"])] = (r["date"], r["close"])
    ends = list(last.values())
    return [(b[0], (b[1] / a[1] - 1) * 100) for a, b in zip(ends, ends[1:], strict=False)]


def month(d: dt.date) -> tuple[int, int]:
    return d.year, d.month


def iso_week(d: dt.date) -> tuple[int, int]:
    return d.isocalendar()[:2]


def rounded(x: float, places: int = 2) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_sessions_of_a_year_with_a_move_of_at_least_one_percent(bars):
    day = dt.date(2020, 12, 31)
    year = [(d, p) for d, p, _ in day_changes("GSPC.csv", day) if d.year == 2020]
    f = period_count_fact(bars("GSPC.csv"), day, CountSpec("days", "either", 1.0),
                          start=dt.date(2020, 1, 1), end=day)
    assert f is not None and f.metric is Metric.PERIOD_COUNT
    assert f.context.total == len(year) == 253          # the sessions of 2020
    assert f.value == sum(abs(p) >= 1.0 for _, p in year)
    on_rounded = period_count_fact(bars("GSPC.csv"), day,
                                   CountSpec("days", "either", 1.0, round_to=2),
                                   start=dt.date(2020, 1, 1), end=day)
    assert on_rounded.value == sum(abs(rounded(p)) >= 1.0 for _, p in year)
    assert on_rounded.value == f.value + 1              # 2020-11-12's -0.9979% prints as -1.00%
    gains = period_count_fact(bars("GSPC.csv"), day, CountSpec("days", "up", 9.0, strict=True),
                              start=dt.date(2020, 1, 1), end=day)
    assert list(gains.context.hits) == [d for d, p in year if p > 9.0]
    assert gains.value == 2


def test_months_down_since_a_month(bars):
    day = dt.date(2024, 7, 31)
    months = [(d, p) for d, p in period_changes("GSPC.csv", day, month) if d >= dt.date(2020, 4, 1)]
    f = period_count_fact(bars("GSPC.csv"), day, CountSpec("months", "down"),
                          start=dt.date(2020, 4, 1), end=day)
    assert f.context.total == len(months) == 52
    assert f.value == sum(p < 0 for _, p in months) == 17
    assert f.context.share_pct == pytest.approx(100 * 17 / 52)


def test_the_last_n_septembers_are_complete_ones(bars):
    day = dt.date(2024, 9, 9)                           # September 2024 is still running
    septs = [(d, p) for d, p in period_changes("GSPC.csv", day, month) if d.month == 9]
    septs = [(d, p) for d, p in septs if period_is_over(d, "months", day)][-50:]
    f = period_count_fact(bars("GSPC.csv"), day, CountSpec("months", "down", month=9, last=50))
    assert (f.context.first.year, f.context.last.year) == (1974, 2023)
    assert f.value == sum(p < 0 for _, p in septs) == 28
    other = period_count_fact(bars("GSPC.csv"), day, CountSpec("months", "down", month=9,
                                                               other_months=True),
                              start=dt.date(1974, 1, 1), end=dt.date(2023, 12, 31))
    rest = [p for d, p in period_changes("GSPC.csv", day, month)
            if 1974 <= d.year <= 2023 and d.month != 9]
    assert other.context.total == len(rest) == 550
    assert other.value == sum(p < 0 for p in rest)


def test_weeks_complete_and_running(bars):
    day = dt.date(2019, 12, 19)                         # a Thursday: its week is running
    weeks = period_changes("GSPC.csv", day, iso_week)
    assert not period_is_over(weeks[-1][0], "weeks", day)
    done = period_count_fact(bars("GSPC.csv"), day, CountSpec("weeks", "down", last=11))
    assert not done.context.running and done.context.last == weeks[-2][0]
    assert done.value == sum(p < 0 for _, p in weeks[-12:-1])
    live = period_count_fact(bars("GSPC.csv"), day, CountSpec("weeks", "down", last=11,
                                                              running=True))
    assert live.context.running and live.value == sum(p < 0 for _, p in weeks[-11:])


def test_point_drops_in_the_last_sessions(bars):
    day = dt.date(2018, 2, 8)
    last4 = day_changes("DJI.csv", day)[-4:]
    f = engine.answer(FactQuery("^DJI", Metric.PERIOD_COUNT, PeriodSpec.sessions(4, day),
                                params=Params(count=CountSpec("days", "down", 1000.0, "pts",
                                                              strict=True))), bars("DJI.csv"))
    assert f.value == sum(pts < -1000 for _, _, pts in last4) == 2
    assert f.context.hits[-1] == day


def test_the_months_of_the_worst_months(bars):
    day = dt.date(2025, 9, 3)
    months = [(d, p) for d, p in period_changes("GSPC.csv", day, month)
              if period_is_over(d, "months", day)]
    worst = sorted(months, key=lambda x: x[1])[:40]
    for m in (9, 10):
        f = period_count_fact(bars("GSPC.csv"), day, CountSpec("months", month=m, among=40))
        assert f.context.total == 40
        assert f.value == sum(d.month == m for d, _ in worst)


def test_sessions_so_far_and_a_window_before_the_data(bars):
    day = dt.date(2018, 1, 17)
    f = engine.answer(FactQuery("^DJI", Metric.PERIOD_COUNT, PeriodSpec.ytd(day),
                                params=Params(count=CountSpec())), bars("DJI.csv"))
    assert f.value == sum(d.year == 2018 for d, _, _ in day_changes("DJI.csv", day)) == 11
    early = engine.answer(FactQuery("^DJI", Metric.PERIOD_COUNT,
                                    PeriodSpec.calendar_year(1990, as_of=day),
                                    params=Params(count=CountSpec())), bars("DJI.csv"))
    assert isinstance(early, NoAnswer) and early.reason == "history_too_short"


def test_the_month_ending_on_the_session_is_complete():
    assert period_is_over(dt.date(2024, 8, 30), "months", dt.date(2024, 8, 30))
    assert not period_is_over(dt.date(2024, 8, 29), "months", dt.date(2024, 8, 29))
    assert period_is_over(dt.date(2019, 12, 13), "weeks", dt.date(2019, 12, 19))

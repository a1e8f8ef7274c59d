"""Yield facts: level, bp changes, "largest one-day decline since".

Expected values come from the seed stories and data/SOURCES.md (DGS10 4.41 on 2024-11-22, 4.27 on
2024-11-25, 4.58 on 2024-12-31; Veterans Day absent), from the article's "largest single-day
decline since August 2" (FRED's change that day: 3.99 -> 3.80, -19 bp), and from naive loops over
integer hundredths written here.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from frames import daily_closes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketdesk.errors import NoDataError
from marketdesk.facts.model import Metric
from marketdesk.facts.yields import (
    largest_change_since,
    period_changes_bp,
    yield_change,
    yield_changes,
    yield_level,
)

D = dt.date


def _frame(hundredths: list[int], symbol: str = "TEST") -> pl.DataFrame:
    """A close-only yield series on consecutive days from integer hundredths of a percent."""
    return daily_closes([k / 100 for k in hundredths], symbol)


def _naive_largest_since(hundredths: list[int], dates: list[dt.date]):
    """(direction, since date, since change in bp) for the last change, by a plain backward loop."""
    ch = [hundredths[i] - hundredths[i - 1] for i in range(1, len(hundredths))]
    cur = ch[-1]
    if cur == 0:
        return None
    for j in range(len(ch) - 2, -1, -1):
        if (cur < 0 and ch[j] <= cur) or (cur > 0 and ch[j] >= cur):
            return ("decline" if cur < 0 else "rise", dates[j + 1], float(ch[j]))
    return ("decline" if cur < 0 else "rise", None, None)


# -- the seed story: DGS10 on 2024-11-25 ---------------------------------------------------------

def test_dgs10_level_2024_11_25(bars):
    f = yield_level(bars("DGS10.csv"), D(2024, 11, 25))
    assert f.metric is Metric.YIELD_LEVEL and f.unit == "yield_pct"
    assert f.value == 4.27
    assert [(e.date, e.value) for e in f.evidence] == [(D(2024, 11, 25), 4.27)]


def test_dgs10_fell_14bp_from_4_41(bars):
    f = yield_change(bars("DGS10.csv"), D(2024, 11, 25))
    assert f.metric is Metric.YIELD_CHANGE_BP and f.unit == "bp"
    assert f.value == -14.0  # exact: bp rounded to 6 decimals, no float noise
    assert f.context.previous_date == D(2024, 11, 22)
    assert f.context.previous_value == 4.41
    assert [e.date for e in f.evidence] == [D(2024, 11, 22), D(2024, 11, 25)]


def test_dgs10_largest_one_day_decline_since_aug_2(bars):
    f = largest_change_since(bars("DGS10.csv"), D(2024, 11, 25))
    assert f is not None and f.metric is Metric.LARGEST_SINCE
    assert f.value == -14.0
    assert f.context.direction == "decline"
    assert f.context.since == D(2024, 8, 2)
    assert f.context.since_value == -19.0
    assert {e.date for e in f.evidence} >= {D(2024, 8, 2), D(2024, 11, 22), D(2024, 11, 25)}


def test_previous_observation_skips_veterans_day(bars):
    b = bars("DGS10.csv")
    assert D(2024, 11, 11) not in set(b["date"].to_list())  # FRED has no value on Veterans Day
    f = yield_change(b, D(2024, 11, 12))
    assert f.context.previous_date == D(2024, 11, 8)
    by_date = dict(zip(b["date"].to_list(), b["close"].to_list()))
    expected = round(by_date[D(2024, 11, 12)] * 100) - round(by_date[D(2024, 11, 8)] * 100)
    assert f.value == float(expected)


def test_as_of_weekend_uses_last_observation(bars):
    f = yield_level(bars("DGS10.csv"), D(2024, 11, 24))  # a Sunday
    assert f.value == 4.41 and f.period.end == D(2024, 11, 22)


def test_ytd_base_is_last_observation_of_previous_year(bars):
    f = yield_change(bars("DGS10.csv"), D(2025, 1, 2), "ytd")
    assert f.context.previous_date == D(2024, 12, 31)
    assert f.context.previous_value == 4.58
    assert f.period.kind == "ytd" and f.period.start == D(2024, 12, 31)


def test_mtd_and_ytd_match_naive_lookup(bars):
    b = bars("DGS10.csv")
    dates, closes = b["date"].to_list(), b["close"].to_list()
    as_of = D(2024, 11, 25)
    for kind, first_day in (("mtd", D(2024, 11, 1)), ("ytd", D(2024, 1, 1))):
        base_i = max(i for i, d in enumerate(dates) if d < first_day)
        end_i = max(i for i, d in enumerate(dates) if d <= as_of)
        f = yield_change(b, as_of, kind)
        assert f.context.previous_date == dates[base_i]
        assert f.value == float(round(closes[end_i] * 100) - round(closes[base_i] * 100))


def test_largest_since_matches_naive_loop_on_real_history(bars):
    b = bars("DGS10.csv")
    dates = b["date"].to_list()
    hundredths = [round(v * 100) for v in b["close"].to_list()]
    for as_of in (D(2024, 11, 25), D(2020, 3, 9), D(2008, 11, 25), D(2013, 6, 20), D(1987, 10, 20)):
        n = max(i for i, d in enumerate(dates) if d <= as_of) + 1
        expected = _naive_largest_since(hundredths[:n], dates[:n])
        f = largest_change_since(b, as_of)
        if expected is None:
            assert f is None
            continue
        assert f is not None
        assert (f.context.direction, f.context.since, f.context.since_value) == expected


def test_monthly_changes_use_previous_month_end(bars):
    m = period_changes_bp(bars("DGS10.csv"), "month")
    nov = m.filter(pl.col("period") == D(2024, 11, 1)).row(0, named=True)
    assert nov["base_date"] == D(2024, 10, 31)
    assert nov["date"] == D(2024, 11, 29)
    assert m["change_bp"][0] is None  # first month of the data has no base


def test_unchanged_yield_has_no_largest_since():
    assert largest_change_since(_frame([400, 410, 410]), D(2000, 1, 5)) is None


def test_no_observation_before_as_of_raises():
    with pytest.raises(NoDataError, match="TEST"):
        yield_level(_frame([400, 410]), D(1999, 12, 31))


# -- properties --------------------------------------------------------------------------------

yield_paths = st.lists(st.integers(min_value=-100, max_value=2000), min_size=3, max_size=60)


@settings(max_examples=60, deadline=None)
@given(yield_paths)
def test_bp_change_is_100_times_pp_change(hundredths):
    ch = yield_changes(_frame(hundredths))["change_bp"].to_list()
    assert ch[0] is None
    assert ch[1:] == [float(b - a) for a, b in zip(hundredths, hundredths[1:])]


@settings(max_examples=60, deadline=None)
@given(yield_paths)
def test_mirrored_changes_swap_largest_rise_and_decline(hundredths):
    frame, mirrored = _frame(hundredths), _frame([3000 - k for k in hundredths])
    end = frame["date"][-1]
    f, g = largest_change_since(frame, end), largest_change_since(mirrored, end)
    if f is None:
        assert g is None
        return
    assert g is not None
    assert g.value == -f.value
    assert {f.context.direction, g.context.direction} == {"rise", "decline"}
    assert g.context.since == f.context.since
    if f.context.since is not None:
        assert g.context.since_value == -f.context.since_value
    expected = _naive_largest_since(hundredths, frame["date"].to_list())
    assert (f.context.direction, f.context.since, f.context.since_value) == expected

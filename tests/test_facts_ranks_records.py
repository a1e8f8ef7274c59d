"""Ranks, "largest since" and records: seed numbers, and agreement with naive pure-Python loops.

The naive twins below are deliberately simple (O(n^2) or one pass with a running max) and share no
code with marketdesk.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from marketdesk.facts.model import Metric
from marketdesk.facts.ranks import largest_since, previous_at_least, rank_facts, rank_of
from marketdesk.facts.records import (
    record_close_flags,
    record_facts,
    record_flags,
    record_run_fact,
)
from marketdesk.facts.tables import monthly_returns

NOV25 = dt.date(2024, 11, 25)


def by_metric(facts):
    return {f.metric: f for f in facts}


def naive_previous_at_least(values, decline=False, rtol=1e-9, atol=1e-12):
    out = []
    for i, x in enumerate(values):
        found = -1
        for j in range(i - 1, -1, -1):
            a, b = (-x, -values[j]) if decline else (x, values[j])
            if b >= a - (rtol * abs(a) + atol):
                found = j
                break
        out.append(found)
    return out


def naive_record_flags(closes):
    flags, best = [], None
    for c in closes:
        flags.append(best is None or c > best)
        best = c if best is None else max(best, c)
    return flags


# --- ranks -----------------------------------------------------------------------------------

def test_rut_november_2024_largest_since_december_2023(bars):
    f = by_metric(rank_facts(bars("RUT.csv"), NOV25))
    ls = f[Metric.LARGEST_SINCE]
    assert round(ls.value, 2) == 11.17
    assert ls.context.since_period == "2023-12"
    assert ls.context.since_label == "December 2023"
    assert round(ls.context.since_value, 2) == 12.05
    assert ls.context.direction == "gain" and ls.context.on_record is False
    # evidence: this month's base/end closes and December 2023's
    assert {e.date for e in ls.evidence} == {dt.date(2024, 10, 31), NOV25,
                                             dt.date(2023, 11, 30), dt.date(2023, 12, 29)}
    y = f[Metric.LARGEST_OF_YEAR]
    assert y.context.is_largest is True and y.context.year == 2024
    best = y.context.previous_best
    assert best is not None and (best.period, best.label) == ("2024-07", "July 2024")
    assert round(best.value, 2) == 10.10
    r = f[Metric.RANK]
    assert r.context.direction == "gain" and r.context.of > 400
    assert r.period.label == "November 2024"


def test_rank_matches_naive_count(bars):
    t = monthly_returns(bars("RUT.csv").filter(pl.col("date") <= NOV25))
    v = t["return_pct"].to_list()
    cur = v[-1]
    naive_rank = 1 + sum(1 for x in v if x > cur)
    assert by_metric(rank_facts(bars("RUT.csv"), NOV25))[Metric.RANK].value == naive_rank
    assert rank_of(np.array(v), len(v) - 1) == naive_rank


@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv", "DJI.csv", "IWM.csv"])
def test_largest_since_equals_naive_on_monthly_returns(bars, file):
    v = monthly_returns(bars(file))["return_pct"].to_list()
    for decline in (False, True):
        got = previous_at_least(np.array(v), direction="decline" if decline else "gain")
        assert got.tolist() == naive_previous_at_least(v, decline)


def test_largest_since_on_daily_yield_changes(bars):
    # ~16k daily changes in bp: compare a sample of positions against a backward scan
    y = bars("DGS10.csv")["close"].to_numpy()
    ch = np.round(np.diff(y) * 100, 6)
    assert np.isfinite(ch).sum() > 15000
    got = previous_at_least(ch, direction="decline")
    for i in [*np.linspace(0, ch.size - 1, 400).astype(int).tolist(), ch.size - 1]:
        j = i - 1
        while j >= 0 and not (-ch[j] >= -ch[i] - (1e-9 * abs(ch[i]) + 1e-12)):
            j -= 1
        assert got[i] == j


def test_random_with_ties_equals_naive():
    rng = np.random.default_rng(7)
    for n in (0, 1, 2, 3, 10, 257):
        v = rng.integers(-5, 6, size=n).astype(float)   # many exact ties
        for decline in (False, True):
            assert previous_at_least(v, direction="decline" if decline else "gain").tolist() == \
                naive_previous_at_least(v.tolist(), decline)


def test_largest_since_none_when_on_record_and_nan_never_qualifies():
    assert largest_since(np.array([1.0, 2.0, 3.0]), 2) is None
    assert largest_since(np.array([5.0, np.nan, 3.0]), 2) == 0
    assert previous_at_least(np.array([5.0, np.nan]))[1] == -1


def test_decline_month(bars):
    # October 2008 (public record): the Russell 2000 fell about 20.9 %, its worst month since
    # October 1987 (-30.8 %, the first month in RUT.csv with a base)
    f = by_metric(rank_facts(bars("RUT.csv"), dt.date(2008, 10, 31)))
    ls = f[Metric.LARGEST_SINCE]
    assert ls.context.direction == "decline" and ls.value < -20
    assert ls.context.since_period == "1987-10"
    assert f[Metric.RANK].context.order == "worst"


# --- records ---------------------------------------------------------------------------------

def test_rut_records_seed(bars):
    f = by_metric(record_facts(bars("RUT.csv"), NOV25))
    rc = f[Metric.RECORD_CLOSE]
    assert round(rc.value, 2) == 2442.74
    assert rc.context.date == dt.date(2021, 11, 8) and rc.context.is_new is False
    assert rc.evidence[0].field == "close" and rc.evidence[0].date == dt.date(2021, 11, 8)
    rh = f[Metric.RECORD_HIGH]
    assert round(rh.value, 2) == 2466.49
    assert rh.context.is_new is True and rh.context.date == NOV25
    assert round(rh.context.previous.value, 2) == 2458.86
    assert rh.context.previous.date == dt.date(2021, 11, 8)
    assert all(e.field == "high" for e in rh.evidence)
    pct = f[Metric.PCT_FROM_RECORD_CLOSE]
    assert round(pct.value, 2) == 0.03
    assert round(pct.context.points, 2) == 0.71
    hs = f[Metric.HIGHEST_CLOSE_SINCE]
    assert hs.context.since_date == dt.date(2021, 11, 8) and hs.context.on_record is False
    assert f[Metric.N_YEAR_HIGH].value == 3
    assert f[Metric.RECORD_CLOSE_COUNT].value == 0
    assert f[Metric.SESSIONS_SINCE_RECORD].context.record_date == dt.date(2021, 11, 8)


def test_gspc_51st_and_57_record_closes(bars):
    g = bars("GSPC.csv")
    c = by_metric(record_facts(g, dt.date(2024, 11, 11)))[Metric.RECORD_CLOSE_COUNT]
    assert c.value == 51 and (c.context.year, c.context.ordinal) == (2024, 51)
    assert len([e for e in c.evidence if e.date.year == 2024]) == 51
    full = by_metric(record_facts(g, dt.date(2024, 12, 31)))[Metric.RECORD_CLOSE_COUNT]
    assert full.value == 57 and full.context.ordinal is None
    rc = by_metric(record_facts(g, dt.date(2024, 11, 11)))[Metric.RECORD_CLOSE]
    assert round(rc.value, 2) == 6001.35 and rc.context.is_new is True


def test_dji_record_close_seed(bars):
    f = by_metric(record_facts(bars("DJI.csv"), NOV25))
    assert round(f[Metric.RECORD_CLOSE].value, 2) == 44736.57
    assert f[Metric.RECORD_CLOSE].context.is_new is True
    assert f[Metric.PCT_FROM_RECORD_CLOSE].value == 0.0
    assert f[Metric.SESSIONS_SINCE_RECORD].value == 0
    assert f[Metric.HIGHEST_CLOSE_SINCE].context.on_record is True


@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv", "DJI.csv", "IWM.csv"])
def test_record_flags_and_yearly_counts_equal_naive(bars, file):
    b = bars(file)
    closes = b["close"].to_list()
    flags = naive_record_flags(closes)
    assert record_close_flags(b).to_list() == flags
    years = [d.year for d in b["date"].to_list()]
    for year in (2007, 2013, 2021, 2024):
        end = max(d for d in b["date"].to_list() if d.year == year)
        c = by_metric(record_facts(b, end))[Metric.RECORD_CLOSE_COUNT]
        assert c.value == sum(f for f, y in zip(flags, years, strict=False) if y == year)


@pytest.mark.parametrize("file, day, intraday", [
    ("DJI.csv", dt.date(2017, 8, 2), False), ("DJI.csv", dt.date(2017, 8, 7), False),
    ("DJI.csv", dt.date(2017, 2, 27), False), ("RUT.csv", dt.date(2018, 5, 22), True),
    ("GSPC.csv", dt.date(2016, 11, 22), True), ("GSPC.csv", dt.date(2022, 6, 13), False)])
def test_record_run_equals_naive(bars, file, day, intraday):
    """Records in a row to a session ("six straight record highs" of 2017-08-02 in the seed-era
    Reuters story), against a plain loop over the rows."""
    b = bars(file).filter(pl.col("date") <= day)
    col = "high" if intraday else "close"
    vals = [v for v in b[col].to_list() if v is not None]
    flags = naive_record_flags(vals)
    run = 0
    for f in reversed(flags):
        if not f:
            break
        run += 1
    fact = record_run_fact(bars(file), day, intraday)
    assert fact.metric is Metric.RECORD_STREAK and fact.value == run
    assert fact.context.basis == ("intraday" if intraday else "close")
    assert (fact.context.first_date is None) == (run == 0)


def test_equal_close_is_not_a_record():
    s = pl.Series([10.0, 11.0, 11.0, 10.5, 11.0, 11.01])
    assert record_flags(s).to_list() == [True, True, False, False, False, True]
    b = pl.DataFrame({"symbol": "X", "date": [dt.date(2024, 1, d) for d in range(2, 8)],
                      "open": None, "high": None, "low": None, "close": s, "adj_close": None,
                      "volume": None, "source": "t"},
                     schema_overrides={"open": pl.Float64, "high": pl.Float64,
                                       "low": pl.Float64, "adj_close": pl.Float64,
                                       "volume": pl.Float64})
    f = by_metric(record_facts(b, dt.date(2024, 1, 6)))   # close 11.0 == record 11.0
    rc = f[Metric.RECORD_CLOSE].context
    assert (rc.date, rc.is_new) == (dt.date(2024, 1, 3), False)
    assert f[Metric.HIGHEST_CLOSE_SINCE].context.since_date == dt.date(2024, 1, 4)
    assert Metric.RECORD_HIGH not in f                     # close-only: no intraday record
    assert f[Metric.RECORD_CLOSE_COUNT].value == 2         # 01-02 (first) and 01-03


def test_week52_window_is_365_days(bars):
    f = by_metric(record_facts(bars("RUT.csv"), NOV25))
    w = f[Metric.WEEK52_LOW]
    assert w.context.window_start == dt.date(2023, 11, 26)
    lo = bars("RUT.csv").filter(pl.col("date").is_between(dt.date(2023, 11, 26), NOV25))["close"]
    assert w.value == lo.min()
    assert f[Metric.WEEK52_HIGH].context.is_new is True

"""Laws the facts engine must obey, on generated positive price series rounded to cents.

- scaling every price by k > 0 changes no return (within tolerance), no record flag and no rank;
- prepending an older close below every close changes no record after it;
- the months of a year compound to its YTD;
- equal returns from different cent prices tie (0.30→0.33 and 0.80→0.88 are both +10 %).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketdesk.facts.model import Metric
from marketdesk.facts.periods import period_return
from marketdesk.facts.ranks import largest_since, previous_at_least, rank_facts
from marketdesk.facts.records import record_close_flags, record_facts
from marketdesk.facts.tables import monthly_returns

SETTINGS = settings(max_examples=40, deadline=None)


def make_bars(dates: list[dt.date], cents: np.ndarray, symbol: str = "X") -> pl.DataFrame:
    close = cents / 100.0
    return pl.DataFrame({
        "symbol": symbol, "date": dates, "open": close, "high": close, "low": close,
        "close": close, "adj_close": None, "volume": None, "source": "gen",
    }, schema_overrides={"adj_close": pl.Float64, "volume": pl.Float64})


@st.composite
def series(draw, min_n: int = 30, max_n: int = 700):
    """A business-day series of cent prices: a random walk with small steps (many equal closes)."""
    start = draw(st.dates(dt.date(1995, 1, 1), dt.date(2020, 12, 31)))
    n = draw(st.integers(min_n, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    first = draw(st.integers(100, 5000))
    steps = rng.integers(-draw(st.integers(1, 60)), draw(st.integers(1, 60)) + 1, size=n)
    cents = np.clip(first + np.cumsum(steps), 1, 10_000).astype(float)
    dates = [d.date() for d in pd.bdate_range(start, periods=n)]
    return dates, cents


def summary(b: pl.DataFrame) -> tuple:
    last = b["date"][-1]
    ranks = {f.metric: f for f in rank_facts(b, last)}
    ls = ranks.get(Metric.LARGEST_SINCE)
    return (record_close_flags(b).to_list(),
            ranks[Metric.RANK].value if ranks else None,
            ls.context.since_period if ls else None,
            previous_at_least(monthly_returns(b)["return_pct"]).tolist())


@SETTINGS
@given(series(), st.sampled_from([0.01, 0.37, 3.0, 7.3, 1234.5]))
def test_scaling_prices_changes_no_return_record_or_rank(s, k):
    dates, cents = s
    a, b = make_bars(dates, cents), make_bars(dates, cents * k)
    ra, rb = monthly_returns(a)["return_pct"], monthly_returns(b)["return_pct"]
    np.testing.assert_allclose(rb.to_numpy(), ra.to_numpy(), rtol=1e-9, atol=1e-9)
    assert summary(a) == summary(b)
    last = dates[-1]
    pa, pb = period_return(a, last, "mtd"), period_return(b, last, "mtd")
    assert (pa is None) == (pb is None)
    if pa is not None:
        assert pb.value == pytest.approx(pa.value, rel=1e-9, abs=1e-9)


@SETTINGS
@given(series(), st.integers(1, 400), st.integers(1, 99))
def test_older_lower_close_changes_no_record_after_it(s, days_back, below):
    dates, cents = s
    b = make_bars(dates, cents)
    older_cents = max(cents.min() * below / 100.0, 0.01)
    older = make_bars([dates[0] - dt.timedelta(days=days_back)], np.array([older_cents]))
    b2 = pl.concat([older, b])
    assert record_close_flags(b2).to_list()[1:] == record_close_flags(b).to_list()
    last = dates[-1]
    f1 = {f.metric: f for f in record_facts(b, last)}
    f2 = {f.metric: f for f in record_facts(b2, last)}
    for m in (Metric.RECORD_CLOSE, Metric.RECORD_HIGH):
        assert f1[m].value == f2[m].value
        assert f1[m].context.date == f2[m].context.date
        assert f1[m].context.is_new == f2[m].context.is_new
    assert (f1[Metric.HIGHEST_CLOSE_SINCE].context.since_date
            == f2[Metric.HIGHEST_CLOSE_SINCE].context.since_date)


@SETTINGS
@given(series(min_n=280, max_n=700), st.integers(0, 200))
def test_months_compound_to_ytd(s, cut):
    dates, cents = s
    b = make_bars(dates, cents)
    as_of = dates[-1 - cut]
    ytd = period_return(b, as_of, "ytd")
    months = monthly_returns(b.filter(pl.col("date") <= as_of)).filter(
        pl.col("year") == as_of.year)
    if ytd is None:
        assert as_of.year == dates[0].year      # only a first partial year has no YTD
        return
    assert months["month"].to_list() == list(range(1, as_of.month + 1))
    compounded = float(np.prod(1 + months["return_pct"].to_numpy() / 100))
    assert compounded == pytest.approx(1 + ytd.value / 100, rel=1e-9)
    mtd = period_return(b, as_of, "mtd")
    assert mtd.value == pytest.approx(months["return_pct"][-1], rel=1e-12, abs=1e-12)


def month_end_bars(cents: list[int]) -> pl.DataFrame:
    """One bar per month end from December 2019 on."""
    dates = [(pd.Timestamp("2019-12-31") + pd.offsets.BMonthEnd(i)).date()
             for i in range(len(cents))]
    return make_bars(dates, np.array(cents, dtype=float))


def test_cent_ties_are_equal_months():
    # January 0.80 -> 0.88 and March 0.30 -> 0.33: both exactly +10 %, but not equal as floats
    b = month_end_bars([80, 88, 30, 33])
    r = monthly_returns(b)["return_pct"].to_numpy()
    assert r[2] > r[0]                 # the float trap is really there: 10.00...009 > 9.99...986
    assert largest_since(r, 2) == 0    # yet March ties January: "largest since January"
    assert previous_at_least(-r, direction="decline")[2] == 0
    f = {x.metric: x for x in rank_facts(b, b["date"][-1])}
    assert f[Metric.LARGEST_SINCE].context.since_period == "2020-01"
    assert f[Metric.LARGEST_SINCE].context.on_record is False
    assert f[Metric.RANK].value == 1                      # tied first with January


@SETTINGS
@given(st.integers(1, 999), st.integers(1, 999))
def test_equal_ten_percent_months_tie(u, w):
    # January 10u -> 11u cents and March 10w -> 11w cents are both exactly +10 %
    b = month_end_bars([10 * u, 11 * u, 10 * w, 11 * w])
    r = monthly_returns(b)["return_pct"].to_numpy()
    feb_at_least = Fraction(10 * w, 11 * u) >= Fraction(11, 10)   # exact decimal arithmetic
    assert largest_since(r, 2) == (1 if feb_at_least else 0)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(2, 600))
def test_largest_since_equals_the_table_at_every_index(seed, n):
    # the one-index scan and the all-index table agree, on ties (one decimal), NaNs and zeros
    rng = np.random.default_rng(seed)
    v = np.round(rng.normal(size=n), 1)
    v[rng.integers(0, n, size=n // 20 + 1)] = np.nan
    for direction in ("gain", "decline"):
        table = previous_at_least(v, direction=direction)
        for i in range(n):
            want = None if table[i] < 0 else int(table[i])
            assert largest_since(v, i, direction=direction) == want

"""Seasonality by calendar month: the seed's "December ... averaging 2.8%, its best month", checked
against an independent pandas computation of month-end returns."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest

from marketdesk.facts.model import Metric
from marketdesk.facts.seasonality import seasonal_facts, seasonal_table, year_span_label
from marketdesk.facts.tables import monthly_returns

NOV25 = dt.date(2024, 11, 25)


def pandas_month_end_returns(b: pl.DataFrame) -> pd.Series:
    """Independent twin: pandas month-end resample, ratio of month-end closes; the first
    (partial) month has no previous month-end and drops out as NaN."""
    s = pd.Series(b["close"].to_numpy(), index=pd.DatetimeIndex(b["date"].to_list()))
    me = s.resample("ME").last()
    return (me / me.shift(1) - 1).dropna() * 100


def by_metric(facts):
    return {f.metric: f for f in facts}


def test_rut_december_average_seed(bars):
    f = by_metric(seasonal_facts(bars("RUT.csv"), NOV25, 12, years=(1987, 2023)))
    avg = f[Metric.SEASONAL_AVERAGE]
    assert round(avg.value, 2) == 2.75                     # seed: "averaging 2.8%"
    assert avg.context.rank == 1 and avg.context.best_month is True
    assert avg.context.years == "1987\u20132023" and avg.context.n == 37
    assert avg.period.kind == "seasonal_month" and avg.period.month == 12
    assert avg.as_of == NOV25
    assert len(avg.evidence) == 2 * 37
    assert avg.evidence[0].date == dt.date(1987, 11, 30)  # base of December 1987
    best = f[Metric.SEASONAL_BEST_MONTH]
    assert best.period.month == 12 and best.value == avg.value
    assert f[Metric.SEASONAL_WORST_MONTH].context.rank == 12


def test_rut_seasonal_table_equals_pandas(bars):
    rut = bars("RUT.csv")
    r = pandas_month_end_returns(rut)
    r = r[(r.index.year >= 1987) & (r.index.year <= 2023)]
    table = seasonal_table(monthly_returns(rut), years=(1987, 2023))
    for row in table.iter_rows(named=True):
        x = r[r.index.month == row["month"]]
        assert row["n"] == len(x)
        assert row["average"] == pytest.approx(x.mean(), rel=1e-9)
        assert row["median"] == pytest.approx(x.median(), rel=1e-9)
        assert row["pct_up"] == pytest.approx((x > 0).mean() * 100, rel=1e-12)
        assert row["best"] == pytest.approx(x.max(), rel=1e-9)
        assert row["worst_year"] == x.idxmin().year
    ranks = table.sort("average", descending=True)["month"].to_list()
    assert ranks[0] == 12 and table["rank"].to_list() == [ranks.index(m) + 1 for m in range(1, 13)]


def test_running_month_and_years_filter(bars):
    rut = bars("RUT.csv")
    nov = by_metric(seasonal_facts(rut, NOV25, 11))[Metric.SEASONAL_AVERAGE]
    assert nov.context.last_year == 2023               # November 2024 is still running
    assert nov.context.n == 2023 - 1987 + 1
    short = by_metric(seasonal_facts(rut, NOV25, 11, years=(2000, 2009)))[Metric.SEASONAL_PCT_UP]
    assert short.context.n == 10 and short.context.years == "2000\u20132009"


def test_missing_month_is_missing_not_zero():
    days = [d.date() for d in pd.bdate_range("2020-01-15", "2022-12-31")
            if not (d.year == 2021 and d.month == 6)]        # no data in June 2021
    closes = 100 * np.exp(np.linspace(0, 0.5, len(days)))   # always rising: every month up
    b = pl.DataFrame({"symbol": "X", "date": days, "close": closes, "source": "t"})
    m = monthly_returns(b)
    assert (2021, 6) not in m.select("year", "month").rows()   # no data: no row
    assert (2021, 7) not in m.select("year", "month").rows()   # no previous month-end: no row
    t = seasonal_table(m)
    n = dict(t.select("month", "n").iter_rows())
    assert (n[5], n[6], n[7], n[8]) == (3, 2, 2, 3)          # June, July: 2020 and 2022 only
    assert (t["pct_up"] == 100.0).all()                      # a 0 % fill would show a flat month
    assert t.filter(pl.col("month") == 1)["n"].item() == 2  # January 2020 is partial: left out


def test_year_span_label():
    assert year_span_label(1987, 2023) == "1987\u20132023"
    assert year_span_label(2023, 2023) == "2023"


def _naive_same_month(file: str, year: int, month: int) -> tuple[float, int | None]:
    """Plain loop over the CSV rows: the return of ``month`` of ``year`` (last close of the
    previous month to the last close of the month) and the latest earlier year whose same month
    was at least as large (a gain) or as negative (a decline); None: none in the data."""
    from naive_rows import naive_rows

    last: dict[tuple[int, int], float] = {}
    for r in naive_rows(file):
        last[(r["date"].year, r["date"].month)] = r["close"]     # rows in date order
    keys = sorted(last)

    def ret(y: int) -> float | None:
        k = keys.index((y, month)) if (y, month) in last else -1
        if k <= 0 or keys[k - 1] != ((y, month - 1) if month > 1 else (y - 1, 12)):
            return None
        return (last[(y, month)] / last[keys[k - 1]] - 1) * 100

    cur = ret(year)
    assert cur is not None
    for y in range(year - 1, keys[0][0] - 1, -1):
        v = ret(y)
        if v is not None and (v >= cur if cur >= 0 else v <= cur):
            return cur, y
    return cur, None


@pytest.mark.parametrize("day, month", [(dt.date(2019, 1, 31), 1),     # the corpus: best since 1987
                                        (dt.date(2019, 2, 4), 1),      # asked days after it ended
                                        (dt.date(2022, 9, 30), 9),     # a decline
                                        (dt.date(2008, 10, 31), 10)])
def test_same_month_largest_since_equals_a_plain_loop(bars, day, month):
    from marketdesk.facts.engine import answer
    from marketdesk.facts.query import FactQuery, PeriodSpec

    f = answer(FactQuery("^GSPC", Metric.LARGEST_SINCE, PeriodSpec.seasonal_month(month, as_of=day)),
               bars("GSPC.csv"))
    year = day.year if day.month >= month else day.year - 1
    cur, since = _naive_same_month("GSPC.csv", year, month)
    assert f.metric is Metric.LARGEST_SINCE and f.value == pytest.approx(cur, abs=1e-9)
    assert f.context.direction == ("gain" if cur >= 0 else "decline")
    assert f.context.since_period == (None if since is None else f"{since:04d}-{month:02d}")
    assert f.context.on_record is (since is None)
    if (day, month) == (dt.date(2019, 1, 31), 1):
        assert since == 1987        # ../shared/articles 023: "its best January performance since 1987"


def test_same_month_largest_since_needs_the_month_near():
    from marketdesk.facts.seasonality import same_month_largest_since

    days = [d.date() for d in pd.bdate_range("2020-01-02", "2021-06-30")]
    b = pl.DataFrame({"symbol": "X", "date": days, "close": np.linspace(100, 120, len(days)),
                      "source": "t"})
    assert same_month_largest_since(b, dt.date(2021, 6, 30), 9) is None   # September is far
    assert same_month_largest_since(b, dt.date(2021, 6, 30), 6) is not None


def test_pct_down_leaves_unchanged_months_out(bars):
    """SEASONAL_PCT_UP's pct_down: a month that ended where it began (S&P 500 September 1979,
    109.32 both ends) is neither up nor down; checked against a plain loop over GSPC.csv."""
    from naive_rows import naive_rows

    last: dict[tuple[int, int], float] = {}
    for r in naive_rows("GSPC.csv"):
        last[(r["date"].year, r["date"].month)] = r["close"]
    years = range(1974, 2024)
    down = sum(last[(y, 9)] < last[(y, 8)] for y in years)
    up = sum(last[(y, 9)] > last[(y, 8)] for y in years)
    f = by_metric(seasonal_facts(bars("GSPC.csv"), dt.date(2024, 9, 9), 9,
                                 years=(1974, 2023)))[Metric.SEASONAL_PCT_UP]
    assert f.context.n == 50
    assert f.context.pct_down == pytest.approx(down / 50 * 100)
    assert f.value == pytest.approx(up / 50 * 100)
    assert down == 28        # ../shared/articles 069: "the S&P 500 has fallen 28 times (56%)"

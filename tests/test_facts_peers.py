"""Monthly and yearly return tables against independent libraries (ffn, quantstats) on real closes.

Known, deliberate differences (compared only on the months both define):

- ffn and quantstats put the *partial first month* in their tables (ffn: first daily close to the
  month-end; quantstats: compounded daily returns of that month); marketdesk leaves it out.
- Both fill months without data with 0 in their year x month tables (ffn: every month of the first
  year before the data starts; quantstats: likewise); marketdesk has no row there.
- quantstats compounds daily returns; marketdesk takes the ratio of month-end closes. They agree to
  float noise (~1e-13), well inside 1e-9.
"""

from __future__ import annotations

import warnings

import pandas as pd
import polars as pl
import pytest

from marketdesk.facts.tables import monthly_returns, yearly_returns

ffn = pytest.importorskip("ffn")
qs = pytest.importorskip("quantstats")

FILES = ["RUT.csv", "GSPC.csv", "DJI.csv", "IWM.csv"]
TOL = 1e-9   # absolute, on returns as fractions


def closes(b: pl.DataFrame) -> pd.Series:
    return pd.Series(b["close"].to_numpy(), index=pd.DatetimeIndex(b["date"].to_list()),
                     name=b["symbol"][0])


def ours_by_month(b: pl.DataFrame) -> dict[tuple[int, int], float]:
    t = monthly_returns(b)
    return {(y, m): r / 100 for y, m, r in t.select("year", "month", "return_pct").iter_rows()}


@pytest.fixture(scope="module")
def ffn_stats(bars):
    cache = {}

    def get(file):
        if file not in cache:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cache[file] = ffn.core.PerformanceStats(closes(bars(file)))
        return cache[file]

    return get


@pytest.mark.parametrize("file", FILES)
def test_monthly_returns_equal_ffn(bars, ffn_stats, file):
    b = bars(file)
    ours = ours_by_month(b)
    theirs = {(d.year, d.month): v for d, v in ffn_stats(file).monthly_returns.dropna().items()}
    common = ours.keys() & theirs.keys()
    assert len(common) == len(ours) > 100        # ffn defines every month we define
    for k in common:
        assert ours[k] == pytest.approx(theirs[k], abs=TOL), k
    # ffn's table also shows the partial first month; we leave it out
    first = b["date"][0]
    assert (first.year, first.month) not in ours
    in_first = b.filter((pl.col("date").dt.year() == first.year)
                        & (pl.col("date").dt.month() == first.month))["close"]
    partial = in_first[-1] / in_first[0] - 1          # first close to first month-end
    table = ffn_stats(file).return_table
    assert float(table.loc[first.year].iloc[first.month - 1]) == pytest.approx(partial, abs=TOL)


@pytest.mark.parametrize("file", FILES)
def test_yearly_returns_equal_ffn_ytd(bars, ffn_stats, file):
    b = bars(file)
    t = yearly_returns(b).filter(pl.col("complete"))
    table = ffn_stats(file).return_table
    for year, r in t.select("year", "return_pct").iter_rows():
        # ffn compounds its monthly returns into YTD: equal to the ratio of year-end closes
        assert r / 100 == pytest.approx(float(table.loc[year, "YTD"]), abs=TOL), year


@pytest.mark.parametrize("file", FILES)
def test_monthly_returns_equal_quantstats(bars, file):
    b = bars(file)
    ours = ours_by_month(b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pivot = qs.stats.monthly_returns(closes(b).pct_change(), eoy=False)
    theirs = {(int(y), m + 1): float(pivot.loc[y].iloc[m])
              for y in pivot.index for m in range(12)}
    for k, v in ours.items():
        assert v == pytest.approx(theirs[k], abs=TOL), k
    # quantstats fills 0 where there is no data (months before the first bar); we have no row
    first = b["date"][0]
    if first.month > 1:
        assert theirs[(first.year, 1)] == 0.0 and (first.year, 1) not in ours

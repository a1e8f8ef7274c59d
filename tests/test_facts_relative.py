"""Relative performance (spreads, ratio series) and rate sensitivity (rolling corr / beta).

Expected values: ^RUT YTD +20.47% and ^GSPC YTD +25.53% to 2024-11-25, Nov MTD +11.17% and +4.94%
(data/SOURCES.md, consistent with the seeds' "21%", "25.5%", "over 11%", "4.9%"); correlations and
betas from numpy.corrcoef / numpy.polyfit on windows built here with plain Python.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from marketdesk.errors import NoDataError
from marketdesk.facts.model import Metric
from marketdesk.facts.relative import ratio_series, spread, spread_between
from marketdesk.facts.sensitivity import (
    aligned_changes,
    rolling_beta,
    rolling_correlation,
    rolling_sensitivity,
)

D = dt.date
AS_OF = D(2024, 11, 25)


def _naive_return(b: pl.DataFrame, first_day: dt.date, as_of: dt.date) -> float:
    dates, closes = b["date"].to_list(), b["close"].to_list()
    base = max(i for i, d in enumerate(dates) if d < first_day)
    end = max(i for i, d in enumerate(dates) if d <= as_of)
    return (closes[end] / closes[base] - 1) * 100


# -- spreads ---------------------------------------------------------------------------------------

def test_rut_lags_gspc_ytd_2024_11_25(bars):
    rut, spx = bars("RUT.csv"), bars("GSPC.csv")
    f = spread(rut, spx, AS_OF, "ytd")
    assert f is not None and f.metric is Metric.SPREAD and f.unit == "pp"
    assert f.subject == "^RUT" and f.context.versus == "^GSPC"
    assert round(f.context.return_pct, 2) == 20.47
    assert round(f.context.versus_return_pct, 2) == 25.53
    assert f.context.base_date == D(2023, 12, 29)
    # -5.06 pp is the difference of the two rounded returns; the exact spread is -5.055
    assert f.value == pytest.approx(-5.06, abs=0.01)
    assert f.value == pytest.approx(
        _naive_return(rut, D(2024, 1, 1), AS_OF) - _naive_return(spx, D(2024, 1, 1), AS_OF),
        rel=1e-12)
    assert {e.symbol for e in f.evidence} == {"^RUT", "^GSPC"} and len(f.evidence) == 4


def test_rut_beats_gspc_mtd_november_2024(bars):
    f = spread(bars("RUT.csv"), bars("GSPC.csv"), AS_OF, "mtd")
    assert f is not None
    assert f.value == pytest.approx(11.17 - 4.94, abs=0.01)
    assert f.context.leader == "^RUT"
    assert f.context.base_date == D(2024, 10, 31)


def test_spread_is_antisymmetric_and_range_spread(bars):
    rut, spx = bars("RUT.csv"), bars("GSPC.csv")
    f, g = spread(rut, spx, AS_OF, "qtd"), spread(spx, rut, AS_OF, "qtd")
    assert f is not None and g is not None and f.value == pytest.approx(-g.value, abs=1e-12)
    r = spread_between(rut, spx, D(2024, 11, 5), AS_OF)  # since election day's close
    assert r is not None
    by_rut = dict(zip(rut["date"].to_list(), rut["close"].to_list()))
    by_spx = dict(zip(spx["date"].to_list(), spx["close"].to_list()))
    expected = ((by_rut[AS_OF] / by_rut[D(2024, 11, 5)]) - (by_spx[AS_OF] / by_spx[D(2024, 11, 5)])
                ) * 100
    assert r.value == pytest.approx(expected, rel=1e-12)


def test_spread_without_base_is_none(bars):
    assert spread(bars("RUT.csv"), bars("GSPC.csv"), D(1987, 9, 20), "ytd") is None


def test_ratio_series_on_common_dates_only(bars):
    rut, spx, dgs = bars("RUT.csv"), bars("GSPC.csv"), bars("DGS10.csv")
    r = ratio_series(rut, spx)
    assert r.columns == ["date", "ratio"]
    day = r.filter(pl.col("date") == AS_OF)["ratio"].item()
    assert day == pytest.approx(2442.03 / 5987.37, rel=1e-6)
    common = set(rut["date"].to_list()) & set(spx["date"].to_list())
    assert r.height == len(common) and r["date"].is_sorted()
    rd = ratio_series(rut, dgs)
    assert D(2024, 11, 11) not in set(rd["date"].to_list())  # no FRED value on Veterans Day


# -- rate sensitivity ------------------------------------------------------------------------------

def _naive_window(index_bars: pl.DataFrame, yield_bars: pl.DataFrame, as_of: dt.date,
                  window: int) -> tuple[np.ndarray, np.ndarray, list[dt.date]]:
    """(yield bp changes, index % returns, dates) of the last ``window`` common changes."""
    px = dict(zip(index_bars["date"].to_list(), index_bars["close"].to_list()))
    yl = dict(zip(yield_bars["date"].to_list(), yield_bars["close"].to_list()))
    common = sorted(d for d in px.keys() & yl.keys() if d <= as_of)[-(window + 1):]
    dy = [(yl[b] - yl[a]) * 100 for a, b in zip(common, common[1:])]
    ret = [(px[b] / px[a] - 1) * 100 for a, b in zip(common, common[1:])]
    return np.array(dy), np.array(ret), common


@pytest.mark.parametrize("window", [63, 21])
@pytest.mark.parametrize("as_of", [AS_OF, D(2022, 6, 30), D(2008, 10, 10)])
def test_rolling_corr_and_beta_match_numpy(bars, window, as_of):
    rut, dgs = bars("RUT.csv"), bars("DGS10.csv")
    dy, ret, common = _naive_window(rut, dgs, as_of, window)
    c = rolling_correlation(rut, dgs, as_of, window)
    b = rolling_beta(rut, dgs, as_of, window)
    assert c.metric is Metric.ROLLING_CORRELATION and c.unit == "corr"
    assert b.metric is Metric.ROLLING_BETA and b.unit == "beta"
    assert c.value == pytest.approx(np.corrcoef(dy, ret)[0, 1], abs=1e-9)
    assert b.value == pytest.approx(np.polyfit(dy, ret, 1)[0], abs=1e-9)
    assert (c.period.start, c.period.end) == (common[0], common[-1])
    assert len(c.evidence) == 2 * (window + 1)


def test_rolling_series_matches_facts_and_skips_fred_gaps(bars):
    gspc, dgs = bars("GSPC.csv"), bars("DGS10.csv")
    s = rolling_sensitivity(gspc, dgs, 63)
    assert s.columns == ["date", "index_close", "yield_pct", "ret_pct", "dy_bp", "correlation",
                         "beta"]
    assert s["correlation"].null_count() == 62  # null until the first window is full
    row = s.filter(pl.col("date") == AS_OF).row(0, named=True)
    dy, ret, _ = _naive_window(gspc, dgs, AS_OF, 63)
    assert row["correlation"] == pytest.approx(np.corrcoef(dy, ret)[0, 1], abs=1e-9)
    assert row["beta"] == pytest.approx(np.polyfit(dy, ret, 1)[0], abs=1e-9)
    # Veterans Day 2024: the index traded, FRED has no yield, so the 11-12 change spans 11-08..11-12
    a = aligned_changes(gspc, dgs).filter(
        pl.col("date").is_between(D(2024, 11, 7), D(2024, 11, 13)))
    assert D(2024, 11, 11) not in set(a["date"].to_list())
    px = dict(zip(gspc["date"].to_list(), gspc["close"].to_list()))
    r12 = a.filter(pl.col("date") == D(2024, 11, 12))["ret_pct"].item()
    assert r12 == pytest.approx((px[D(2024, 11, 12)] / px[D(2024, 11, 8)] - 1) * 100, rel=1e-12)


def test_sensitivity_needs_a_full_window(bars):
    with pytest.raises(NoDataError, match="common observations"):
        rolling_correlation(bars("RUT.csv"), bars("DGS10.csv"), D(1987, 10, 1), 63)


def test_spread_series_ends_at_the_spread_fact(bars):
    import datetime as dt

    from marketdesk.facts.relative import spread_between, spread_series

    rut, gspc = bars("RUT.csv"), bars("GSPC.csv")
    start, end = dt.date(2023, 12, 29), dt.date(2024, 11, 25)
    s = spread_series(rut.filter(rut["date"] <= end), gspc.filter(gspc["date"] <= end), start)
    assert s.item(0, "a") == 100.0 and s.item(0, "b") == 100.0
    # from the seed figures: RUT +20.47% and GSPC +25.53% YTD, a gap of about 5.06 pp
    assert round(s.item(s.height - 1, "a") - 100, 2) == 20.47
    assert round(s.item(s.height - 1, "b") - 100, 2) == 25.53
    fact = spread_between(rut, gspc, start, end)
    assert abs(s.item(s.height - 1, "spread_pp") - fact.value) < 1e-9

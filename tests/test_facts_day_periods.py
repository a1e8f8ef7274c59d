"""Day facts, calendar-true period returns and month/year tables.

Expected numbers come from the seed stories (shared/seeds) and the reference checks in
shared/data/SOURCES.md, or from small hand-made frames whose answers are worked out in comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from marketdesk.facts.day import day_facts
from marketdesk.facts.model import Metric
from marketdesk.facts.periods import (
    month_return,
    period_return,
    quarter_return,
    range_return,
    since_return,
    year_return,
)
from marketdesk.facts.tables import monthly_returns, monthly_returns_long, yearly_returns

NOV25 = dt.date(2024, 11, 25)


def frame(rows: list[tuple[str, float]], *, symbol: str = "X", adj: list[float] | None = None,
          ohlc: bool = False) -> pl.DataFrame:
    """Hand-made canonical bars from (iso date, close) pairs."""
    dates = [dt.date.fromisoformat(d) for d, _ in rows]
    closes = [c for _, c in rows]
    n = len(rows)
    return pl.DataFrame({
        "symbol": [symbol] * n, "date": dates,
        "open": closes if ohlc else [None] * n, "high": closes if ohlc else [None] * n,
        "low": closes if ohlc else [None] * n, "close": closes,
        "adj_close": adj if adj is not None else [None] * n, "volume": [None] * n,
        "source": ["test"] * n,
    }, schema={"symbol": pl.Utf8, "date": pl.Date, "open": pl.Float64, "high": pl.Float64,
               "low": pl.Float64, "close": pl.Float64, "adj_close": pl.Float64,
               "volume": pl.Float64, "source": pl.Utf8})


def by_metric(facts):
    return {f.metric: f for f in facts}


# --- day -------------------------------------------------------------------------------------

def test_rut_day_seed(bars):
    f = by_metric(day_facts(bars("RUT.csv"), NOV25))
    assert round(f[Metric.CLOSE].value, 2) == 2442.03
    assert round(f[Metric.CHANGE_PTS].value, 2) == 35.36
    assert round(f[Metric.CHANGE_PCT].value, 2) == 1.47
    assert round(f[Metric.HIGH].value, 2) == 2466.49
    assert round(f[Metric.INTRADAY_HIGH_CHANGE_PCT].value, 2) == 2.49
    # evidence: previous close (2024-11-22, 2406.67 per SOURCES.md) and the day's close
    ev = f[Metric.CHANGE_PCT].evidence
    assert [(e.date, e.field) for e in ev] == [(dt.date(2024, 11, 22), "close"), (NOV25, "close")]
    assert round(ev[0].value, 2) == 2406.67
    assert f[Metric.INTRADAY_HIGH_CHANGE_PCT].evidence[1].field == "high"
    assert all(fa.as_of == NOV25 and fa.unit in ("level", "pts", "pct") for fa in f.values())


def test_gspc_and_dji_day_seed(bars):
    g = by_metric(day_facts(bars("GSPC.csv"), NOV25))
    assert round(g[Metric.CHANGE_PCT].value, 2) == 0.30
    assert round(g[Metric.CLOSE].value, 2) == 5987.37
    d = by_metric(day_facts(bars("DJI.csv"), NOV25))
    assert round(d[Metric.CLOSE].value, 2) == 44736.57
    assert round(d[Metric.CHANGE_PTS].value, 2) == 440.06
    assert round(d[Metric.CHANGE_PCT].value, 2) == 0.99


def test_day_on_a_weekend_uses_last_bar_and_says_so(bars):
    f = by_metric(day_facts(bars("RUT.csv"), dt.date(2024, 11, 24)))
    assert f[Metric.CLOSE].as_of == dt.date(2024, 11, 22)
    assert round(f[Metric.CLOSE].value, 2) == 2406.67
    assert f[Metric.CLOSE].context.requested_as_of == dt.date(2024, 11, 24)


def test_day_close_only_series_and_first_bar():
    b = frame([("2024-01-02", 4.0), ("2024-01-03", 4.1)])
    f = by_metric(day_facts(b, dt.date(2024, 1, 3)))
    assert set(f) == {Metric.CLOSE, Metric.CHANGE_PTS, Metric.CHANGE_PCT}
    assert f[Metric.CHANGE_PCT].value == pytest.approx(2.5)
    assert set(by_metric(day_facts(b, dt.date(2024, 1, 2)))) == {Metric.CLOSE}
    assert day_facts(b, dt.date(2023, 12, 31)) == []


# --- periods ---------------------------------------------------------------------------------

def test_rut_mtd_ytd_seed(bars):
    rut = bars("RUT.csv")
    mtd = period_return(rut, NOV25, "mtd")
    assert round(mtd.value, 2) == 11.17
    assert mtd.period.label == "November 2024 MTD"
    # base = last close of October (2196.65 per SOURCES.md), end = the as-of close
    assert [e.date for e in mtd.evidence] == [dt.date(2024, 10, 31), NOV25]
    assert round(mtd.evidence[0].value, 2) == 2196.65
    assert mtd.metric is Metric.PERIOD_RETURN and mtd.context.basis.startswith("price")
    ytd = period_return(rut, NOV25, "ytd")
    assert round(ytd.value, 2) == 20.47 and ytd.period.label == "2024 YTD"
    assert ytd.period.start == dt.date(2023, 12, 29)


def test_gspc_mtd_ytd_seed(bars):
    g = bars("GSPC.csv")
    assert round(period_return(g, NOV25, "ytd").value, 2) == 25.53
    assert round(period_return(g, NOV25, "mtd").value, 2) == 4.94


def test_wtd_and_qtd_bases(bars):
    rut = bars("RUT.csv")
    wtd = period_return(rut, NOV25, "wtd")   # Monday: WTD == the day's change, base Friday 11-22
    assert wtd.period.start == dt.date(2024, 11, 22)
    assert round(wtd.value, 2) == 1.47
    assert period_return(rut, NOV25, "qtd").period.start == dt.date(2024, 9, 30)


@pytest.mark.parametrize("file,price", [("IWO.csv", 24.7), ("VBK.csv", 24.8)])
def test_etf_ytd_price_and_total(bars, file, price):
    b = bars(file)
    p = period_return(b, NOV25, "ytd")
    t = period_return(b, NOV25, "ytd", total=True)
    assert round(p.value, 1) == price                       # seed: price return on closes
    assert p.context.basis == "price return (closes)"
    assert t.metric is Metric.PERIOD_TOTAL_RETURN
    assert t.context.basis == "total return (adjusted closes)"
    assert all(e.field == "adj_close" for e in t.evidence)
    assert t.value > p.value                                # dividends paid in 2024


def test_vbk_ytd_exact_ratio(bars):
    # SOURCES.md: 301.65 / 241.77 - 1 = +24.77 %
    p = period_return(bars("VBK.csv"), NOV25, "ytd")
    assert p.value == pytest.approx((301.65 / 241.77 - 1) * 100, abs=0.01)


def test_total_without_adjusted_closes_is_none():
    b = frame([("2023-12-29", 100.0), ("2024-01-02", 101.0)])
    assert period_return(b, dt.date(2024, 1, 2), "ytd") is not None
    assert period_return(b, dt.date(2024, 1, 2), "ytd", total=True) is None


def test_first_partial_period_has_no_fact(bars):
    rut = bars("RUT.csv")   # starts 1987-09-10
    assert period_return(rut, dt.date(1987, 9, 30), "mtd") is None
    assert period_return(rut, dt.date(1987, 12, 31), "ytd") is None
    assert month_return(rut, 1987, 9) is None
    assert month_return(rut, 1987, 10) is not None
    assert year_return(rut, 1987) is None
    assert period_return(rut, dt.date(1987, 10, 5), "mtd") is not None


def test_months_quarters_years_from_bars(bars):
    rut = bars("RUT.csv")
    dec = month_return(rut, 2023, 12)
    assert round(dec.value, 2) == 12.05 and dec.period.label == "December 2023"   # seed
    assert dec.context.complete is True
    assert round(month_return(rut, 2024, 7).value, 2) == 10.10                    # seed
    nov = month_return(rut.filter(pl.col("date") <= NOV25), 2024, 11)
    assert nov.context.complete is False
    assert nov.value == pytest.approx(period_return(rut, NOV25, "mtd").value, rel=1e-12)
    q = quarter_return(rut, 2024, 3)
    assert [e.date for e in q.evidence] == [dt.date(2024, 6, 28), dt.date(2024, 9, 30)]
    with pytest.raises(ValueError):
        quarter_return(rut, 2024, 5)


def test_anchor_to_as_of_not_wall_clock():
    b = frame([("2023-11-30", 90.0), ("2023-12-29", 100.0), ("2024-01-02", 110.0),
               ("2024-01-31", 121.0)])
    # as of New Year's Day (no bar) the last bar is 2023-12-29: the MTD is December 2023's
    assert period_return(b, dt.date(2024, 1, 1), "mtd").value == pytest.approx(100 / 90 * 100 - 100)
    assert period_return(b, dt.date(2024, 1, 2), "ytd").value == pytest.approx(10.0)
    assert period_return(b, dt.date(2024, 1, 31), "mtd").value == pytest.approx(21.0)


def test_gap_month_has_no_return():
    # no bar at all in February: March has no previous month-end close
    b = frame([("2024-01-02", 1.0), ("2024-01-31", 2.0), ("2024-03-01", 3.0),
               ("2024-03-28", 4.0), ("2024-04-30", 5.0)])
    assert month_return(b, 2024, 2) is None
    assert month_return(b, 2024, 3) is None
    assert month_return(b, 2024, 4).value == pytest.approx(25.0)
    t = monthly_returns(b)
    assert t.select("year", "month").rows() == [(2024, 4)]   # Jan partial, Feb empty, Mar no base
    assert (t["return_pct"] != 0).all()


def test_range_and_since(bars):
    rut = bars("RUT.csv")
    s = since_return(rut, dt.date(2024, 11, 5), NOV25)   # since election day: base = that close
    closes = dict(rut.select("date", "close").iter_rows())
    assert s.value == pytest.approx((closes[NOV25] / closes[dt.date(2024, 11, 5)] - 1) * 100)
    assert s.evidence[0].date == dt.date(2024, 11, 5)
    r = range_return(rut, dt.date(2023, 12, 29), NOV25)
    assert round(r.value, 2) == 20.47
    # an event on a Sunday: the base is the Friday before, shown in context
    s2 = since_return(rut, dt.date(2024, 11, 3), NOV25)
    assert s2.context.base_date == dt.date(2024, 11, 1)


# --- tables ----------------------------------------------------------------------------------

def test_monthly_table_rut(bars):
    rut = bars("RUT.csv")
    t = monthly_returns(rut)
    first = t.row(0, named=True)
    assert (first["year"], first["month"]) == (1987, 10)     # Sept 1987 is partial: left out
    assert first["start_date"] == dt.date(1987, 9, 30)
    assert t["return_pct"].null_count() == 0
    # consecutive months, no gaps, no duplicates
    k = (t["year"] * 12 + t["month"]).to_numpy()
    assert (k[1:] - k[:-1] == 1).all()
    row = t.filter((pl.col("year") == 2023) & (pl.col("month") == 12)).row(0, named=True)
    assert round(row["return_pct"], 2) == 12.05
    y = yearly_returns(rut.filter(pl.col("date") <= NOV25))
    assert y.row(0, named=True)["year"] == 1988
    assert round(y.row(-1, named=True)["return_pct"], 2) == 20.47
    assert y.row(-1, named=True)["complete"] is False


def test_monthly_long_equals_per_symbol(bars):
    rut, gspc = bars("RUT.csv"), bars("GSPC.csv")
    long = monthly_returns_long(pl.concat([gspc, rut]).sample(fraction=1.0, shuffle=True, seed=1))
    for b in (rut, gspc):
        sym = b["symbol"][0]
        got = long.filter(pl.col("symbol") == sym).drop("symbol")
        assert got.equals(monthly_returns(b))

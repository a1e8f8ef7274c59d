"""The whole-universe (long-frame) statistics agree with the one-series ones and naive loops.

The long functions exist for speed (one vectorized pass over many symbols); these tests pin them
to the single-series definitions on real series, in shuffled row order too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from marketdesk.facts import ranks, records, tables

FILES = ["RUT.csv", "DJI.csv", "IWM.csv", "VBK.csv", "QQQ.csv"]


@pytest.fixture(scope="module")
def universe(bars) -> pl.DataFrame:
    return pl.concat([bars(f) for f in FILES])


def test_monthly_tables_long_equal_one_series(universe, bars):
    long = tables.monthly_returns_long(universe.sample(fraction=1.0, shuffle=True, seed=7))
    for f in FILES:
        one = tables.monthly_returns(bars(f))
        sym = bars(f).item(0, "symbol")
        got = long.filter(pl.col("symbol") == sym).drop("symbol")
        assert got.select(one.columns).equals(one), f


def _naive_records_per_year(closes: list[float], dates: list[dt.date]) -> dict[int, int]:
    counts: dict[int, int] = {}
    best = None
    for c, d in zip(closes, dates):
        counts.setdefault(d.year, 0)
        if best is None or c > best:
            counts[d.year] += 1
            best = c
    return counts


def test_record_counts_long_equal_a_naive_loop(universe, bars):
    got = records.record_counts_long(universe.sample(fraction=1.0, shuffle=True, seed=3))
    for f in FILES:
        b = bars(f)
        want = _naive_records_per_year(b["close"].to_list(), b["date"].to_list())
        sym = b.item(0, "symbol")
        mine = dict(got.filter(pl.col("symbol") == sym).select("year", "records").iter_rows())
        assert mine == want, f


def _naive_largest_since(v: list[float], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if (v[i] >= 0 and v[j] >= v[i] - 1e-9 * abs(v[i])) or \
           (v[i] < 0 and v[j] <= v[i] + 1e-9 * abs(v[i])):
            return j
    return None


def test_largest_since_long_equals_a_naive_loop(universe):
    table = tables.monthly_returns_long(universe)
    out = ranks.largest_since_long(table)
    for sym in out["symbol"].unique().to_list():
        part = out.filter(pl.col("symbol") == sym)
        v = part["return_pct"].to_list()
        rows = np.arange(part.height)
        for i in rows[:: max(1, part.height // 60)]:   # ~60 months of each series
            j = _naive_largest_since(v, int(i))
            assert part.item(int(i), "on_record") == (j is None), (sym, i)
            if j is not None:
                assert part.item(int(i), "periods_between") == int(i) - j - 1, (sym, i)


def test_numpy_and_polars_paths_of_the_monthly_table_agree(bars):
    # date-sorted bars take a numpy path; unsorted ones the polars group_by path
    b = bars("GSPC.csv")
    fast = tables.monthly_returns(b)
    slow = tables.monthly_returns(b.sample(fraction=1.0, shuffle=True, seed=11))
    assert fast.equals(slow.sort("year", "month"))
    yearly = tables.yearly_returns(b)
    assert yearly.equals(tables.yearly_returns(b.reverse()).sort("year"))

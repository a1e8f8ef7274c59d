"""A calendar month's losing years against the other months, and a month's rank among the
months of its year: on the real data, against plain loops over the CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.facts import engine
from marketdesk.facts.model import Metric
from marketdesk.facts.query import FactQuery, NoAnswer, PeriodSpec


def naive_monthly(rows):
    """{(year, month): return in percent} from each month's last close over the previous
    month's, complete months only (the first month of the rows has no base; the last may run)."""
    last = {}
    for r in rows:
        last[(r["date"].year, r["date"].month)] = r["close"]
    keys = sorted(last)
    return {k: (last[k] / last[p] - 1) * 100 for p, k in zip(keys, keys[1:]) if k != keys[-1]}


@pytest.mark.parametrize("y0, y1, month", [(1950, 2021, 9), (1928, 2021, 9), (1990, 2020, 2)])
def test_seasonal_tally_equals_naive(bars, y0, y1, month):
    rets = naive_monthly(upto("GSPC.csv", dt.date(2022, 9, 1)))
    down = {m: sum(v < 0 for (y, mm), v in rets.items() if mm == m and y0 <= y <= y1)
            for m in range(1, 13)}
    up = {m: sum(v > 0 for (y, mm), v in rets.items() if mm == m and y0 <= y <= y1)
          for m in range(1, 13)}
    f = engine.answer(FactQuery("^GSPC", Metric.SEASONAL_TALLY, PeriodSpec.seasonal_month(
        month, years=(y0, y1), as_of=dt.date(2022, 9, 1))), bars("GSPC.csv"))
    assert not isinstance(f, NoAnswer)
    ctx = f.context
    assert f.value == down[month] and ctx.up == up[month]
    assert ctx.most_down_months == tuple(m for m in down if down[m] == max(down.values()))
    assert ctx.losing_months == tuple(m for m in down if down[m] > up[m])
    assert ctx.down_rank == 1 + sum(v > down[month] for v in down.values())


@pytest.mark.parametrize("year, month", [(2010, 9), (2008, 10), (2019, 5)])
def test_year_month_rank_equals_naive(bars, year, month):
    rets = naive_monthly(upto("GSPC.csv", dt.date(2022, 9, 1)))
    mine = rets[(year, month)]
    of_year = [v for (y, _), v in rets.items() if y == year]
    f = engine.answer(FactQuery("^GSPC", Metric.YEAR_MONTH_RANK, PeriodSpec.month(
        year, month, as_of=dt.date(2022, 9, 1))), bars("GSPC.csv"))
    assert not isinstance(f, NoAnswer)
    assert f.value == pytest.approx(mine, abs=1e-9)
    assert f.context.rank_best == 1 + sum(v > mine for v in of_year)
    assert f.context.rank_worst == 1 + sum(v < mine for v in of_year)
    assert f.context.of == len(of_year) == 12

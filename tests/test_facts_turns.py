"""First moves of their kind since: on the real data, against a plain loop over the CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.facts.model import Metric
from marketdesk.facts.turns import first_move_since_fact


def month_closes(rows):
    out = {}
    for r in rows:
        if r["close"] is not None:
            out[(r["date"].year, r["date"].month)] = (r["date"], r["close"])
    return list(out.values())


@pytest.mark.parametrize("file, day, move", [
    ("GSPC.csv", dt.date(2021, 9, 30), "down"), ("DJI.csv", dt.date(2020, 11, 30), "up"),
    ("RUT.csv", dt.date(2024, 11, 29), "up"), ("IXIC.csv", dt.date(2022, 6, 30), "down")])
def test_monthly_first_move_since_equals_naive(bars, file, day, move):
    closes = month_closes(upto(file, day))
    signs = [1 if b[1] > a[1] else -1 if b[1] < a[1] else 0
             for a, b in zip(closes, closes[1:], strict=False)]
    want = 1 if move == "up" else -1
    f = first_move_since_fact(bars(file), day, "months", move)
    assert f is not None and f.metric is Metric.FIRST_MOVE_SINCE
    assert f.context.moved == (signs[-1] == want)
    earlier = [k for k in range(len(signs) - 1) if signs[k] == want]
    assert f.context.previous_date == closes[earlier[-1] + 1][0]
    if f.context.moved:
        assert f.value == len(signs) - 1 - earlier[-1]
    else:
        assert f.value is None


def test_daily_first_drop_since(bars):
    rows = [r for r in upto("RUT.csv", dt.date(2016, 11, 28)) if r["close"] is not None]
    k = max(i for i in range(1, len(rows) - 1) if rows[i]["close"] < rows[i - 1]["close"])
    f = first_move_since_fact(bars("RUT.csv"), dt.date(2016, 11, 28), "days", "down")
    assert f.context.moved and f.context.previous_date == rows[k]["date"]
    assert f.value == len(rows) - 1 - k


@pytest.mark.parametrize("file", ["GSPC.csv", "NASDAQCOM.csv", "DJI.csv"])
def test_year_rank_within_a_decade_equals_naive(bars, file):
    from marketdesk.facts.ranks import window_rank_fact

    day = dt.date(2019, 12, 31)
    ends = {}
    for r in upto(file, day):
        if r["close"] is not None:
            ends[r["date"].year] = r["close"]
    ret = {y: (ends[y] / ends[y - 1] - 1) * 100 for y in range(2010, 2020)}
    best = sorted(ret, key=ret.get, reverse=True)
    f = window_rank_fact(bars(file), day, 2010)
    assert f.metric is Metric.RANK and f.context.of == 10
    assert f.value == best.index(2019) + 1
    worst = window_rank_fact(bars(file), day, 2010, order="worst")
    assert worst.value == 10 - best.index(2019)


def test_yearly_streak_equals_naive(bars):
    from marketdesk.facts.streaks import current_streak

    day = dt.date(2021, 12, 31)
    ends = {}
    for r in upto("GSPC.csv", day):
        if r["close"] is not None:
            ends[r["date"].year] = r["close"]
    ys = sorted(ends)
    run = 0
    for a, b in zip(reversed(ys[:-1]), reversed(ys[1:]), strict=False):
        if ends[b] > ends[a]:
            run += 1
        else:
            break
    f = current_streak(bars("GSPC.csv"), day, "years")
    assert f.value == run and f.context.direction == "up"

"""Round levels first closed above within a period (MILESTONE_COUNT): on the real data, against
a plain loop over the CSV rows; the two figures of the annotated corpus that count them."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.facts import engine
from marketdesk.facts.model import Metric
from marketdesk.facts.query import FactQuery, NoAnswer, Params, PeriodSpec
from marketdesk.facts.thresholds import milestone_count_fact


def naive_levels(rows, start, step):
    """The multiples of ``step`` above the last close before ``start`` that a close on or after
    ``start`` is above, each with its first such date."""
    before = [r for r in rows if r["date"] < start]
    inside = [r for r in rows if r["date"] >= start]
    base = before[-1]["close"]
    out = []
    level = (int(base // step) + 1) * step
    while True:
        first = next((r["date"] for r in inside if r["close"] > level), None)
        if first is None:
            return out
        out.append((level, first))
        level += step


@pytest.mark.parametrize("file, start, day, step", [
    ("DJI.csv", dt.date(2017, 1, 1), dt.date(2017, 12, 29), 1000),
    ("GSPC.csv", dt.date(2019, 1, 1), dt.date(2019, 12, 19), 100),
    ("GSPC.csv", dt.date(2020, 1, 1), dt.date(2020, 6, 30), 100),    # a fall and a recovery
    ("RUT.csv", dt.date(2021, 1, 1), dt.date(2021, 3, 31), 100),
])
def test_milestone_count_equals_naive(bars, file, start, day, step):
    want = naive_levels(upto(file, day), start, step)
    f = milestone_count_fact(bars(file), day, start, step)
    assert f is not None and f.metric is Metric.MILESTONE_COUNT
    assert f.value == len(want)
    assert list(zip(f.context.levels, f.context.dates)) == [(float(a), b) for a, b in want]


def test_corpus_counts(bars):
    """011: the Dow "crossed five 1,000-point marks ... in 2017"; 027: the S&P 500's 3,200 on
    2019-12-19 was "its seventh round-number milestone of the year" (100-point levels)."""
    dow = engine.answer(FactQuery("^DJI", Metric.MILESTONE_COUNT, PeriodSpec.calendar_year(2017),
                                  params=Params(threshold=1000)), bars("DJI.csv"))
    assert not isinstance(dow, NoAnswer) and dow.value == 5
    spx = engine.answer(FactQuery("^GSPC", Metric.MILESTONE_COUNT,
                                  PeriodSpec.ytd(dt.date(2019, 12, 19)),
                                  params=Params(threshold=100)), bars("GSPC.csv"))
    assert not isinstance(spx, NoAnswer) and spx.value == 7


def test_no_base_close_no_answer(bars):
    first = upto("DJI.csv", dt.date(1992, 1, 10))[0]["date"]
    assert milestone_count_fact(bars("DJI.csv"), dt.date(1992, 3, 1), first, 1000) is None
    with pytest.raises(ValueError):
        milestone_count_fact(bars("DJI.csv"), dt.date(2017, 3, 1), dt.date(2017, 1, 1), 0)

"""Moving averages of closes on the real data, against a plain loop over the CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.facts.averages import moving_average_fact
from marketdesk.facts.model import Metric


@pytest.mark.parametrize("file, day, window", [
    ("QQQ.csv", dt.date(2024, 8, 9), 50), ("QQQ.csv", dt.date(2024, 8, 9), 200),
    ("DJI.csv", dt.date(2021, 11, 26), 50), ("DGS10.csv", dt.date(2023, 12, 13), 200)])
def test_moving_average_equals_naive(bars, file, day, window):
    closes = [r["close"] for r in upto(file, day) if r["close"] is not None]
    want = sum(closes[-window:]) / window
    f = moving_average_fact(bars(file), day, window)
    assert f is not None and f.metric is Metric.MOVING_AVERAGE
    assert f.value == pytest.approx(want, rel=1e-12)
    assert f.context.window == window and f.context.close == closes[-1]


def test_moving_average_needs_the_whole_window(bars):
    rows = upto("QQQ.csv", dt.date(2024, 8, 9))
    early = rows[10]["date"]
    assert moving_average_fact(bars("QQQ.csv"), early, 50) is None
    assert moving_average_fact(bars("QQQ.csv"), early, 0) is None

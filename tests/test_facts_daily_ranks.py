"""One-day "largest gain / decline since" for price series (ranks.rank_facts(period="day")).

Expected values come from the CSV files read with the csv module and plain loops (a daily change
is close / previous close - 1), never from the code under test:

- ^GSPC 2020-03-16 fell 11.98% (2711.02 -> 2386.13), its largest one-day decline since the crash
  of 1987-10-19 (-20.47%, 282.70 -> 224.84);
- ^RUT 2024-11-06 rose 5.84% (2260.84 -> 2392.92), its largest one-day gain since 2022-11-10
  (+6.11%, 1760.40 -> 1867.93).
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from marketdesk.facts import ranks, sheet
from marketdesk.facts.model import Metric

from conftest import data_dir

TOL = 1e-9   # the relative tie tolerance the module documents


def _closes(file: str) -> list[tuple[dt.date, float]]:
    """(date, close) rows of a Yahoo CSV (one or three header lines), in date order."""
    out = []
    with open(data_dir() / file, newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    col = header.index("Close")
    for row in rows[1:]:
        try:
            d = dt.date.fromisoformat(row[0][:10])
        except ValueError:
            continue                      # the ticker / "Date" header lines of GSPC.csv
        if row[col]:
            out.append((d, float(row[col])))
    return sorted(out)


def _naive_since(rows: list[tuple[dt.date, float]], day: dt.date):
    """(change %, since date or None, since change %) by a backwards loop over the days."""
    i = next(k for k, (d, _) in enumerate(rows) if d == day)
    cur = (rows[i][1] / rows[i - 1][1] - 1) * 100
    for k in range(i - 1, 0, -1):
        ch = (rows[k][1] / rows[k - 1][1] - 1) * 100
        if (cur >= 0 and ch >= cur - TOL * abs(cur)) or (cur < 0 and ch <= cur + TOL * abs(cur)):
            return cur, rows[k][0], ch
    return cur, None, None


def _facts(bars, file: str, day: dt.date):
    return {f.metric: f for f in ranks.rank_facts(bars(file), day, "day")}


def test_gspc_2020_03_16_largest_decline_since_1987(bars, shared_data):
    rows = _closes("GSPC.csv")
    cur, since, since_ch = _naive_since(rows, dt.date(2020, 3, 16))
    assert round(cur, 2) == -11.98 and since == dt.date(1987, 10, 19) and round(since_ch, 2) == -20.47
    f = _facts(bars, "GSPC.csv", dt.date(2020, 3, 16))[Metric.LARGEST_SINCE]
    assert f.period.kind == "day" and f.value == pytest.approx(cur, rel=1e-9)
    assert f.context.direction == "decline" and f.context.since_period == "1987-10-19"
    assert f.context.since_value == pytest.approx(since_ch, rel=1e-9)
    assert not f.context.on_record
    ev = {(e.date.isoformat(), round(e.value, 2)) for e in f.evidence}
    assert ev == {("2020-03-13", 2711.02), ("2020-03-16", 2386.13), ("1987-10-16", 282.70),
                  ("1987-10-19", 224.84)}


def test_rut_2024_11_06_largest_gain_since_2022(bars, shared_data):
    rows = _closes("RUT.csv")
    cur, since, since_ch = _naive_since(rows, dt.date(2024, 11, 6))
    assert round(cur, 2) == 5.84 and since == dt.date(2022, 11, 10) and round(since_ch, 2) == 6.11
    facts = _facts(bars, "RUT.csv", dt.date(2024, 11, 6))
    f = facts[Metric.LARGEST_SINCE]
    assert f.value == pytest.approx(cur) and f.context.since_period == "2022-11-10"
    assert f.context.direction == "gain"
    # rank among all daily changes: 1 + the number of strictly larger ones (naive count)
    changes = [(rows[k][1] / rows[k - 1][1] - 1) * 100 for k in range(1, len(rows))
               if rows[k][0] <= dt.date(2024, 11, 6)]
    assert facts[Metric.RANK].value == 1 + sum(c > cur + TOL * cur for c in changes)
    assert facts[Metric.RANK].context.of == len(changes)


@pytest.mark.parametrize("file", ["RUT.csv", "GSPC.csv"])
def test_agrees_with_naive_loop_on_many_days(bars, shared_data, file):
    rows = _closes(file)
    frame = bars(file)
    step = max(1, len(rows) // 150)
    for k in range(2, len(rows), step):
        day = rows[k][0]
        cur, since, since_ch = _naive_since(rows, day)
        f = _facts(bars, file, day)[Metric.LARGEST_SINCE]
        assert f.value == pytest.approx(cur, rel=1e-9), day
        assert f.context.since_period == (since.isoformat() if since else None), day
        assert f.context.on_record == (since is None), day
    assert frame.height == len(rows)


def test_sheet_scores_only_distant_days(bars, shared_data):
    f_far = _facts(bars, "GSPC.csv", dt.date(2020, 3, 16))[Metric.LARGEST_SINCE]
    f_near = _facts(bars, "GSPC.csv", dt.date(2024, 11, 25))[Metric.LARGEST_SINCE]
    # 2024-11-25's +0.30% was beaten on 2024-11-22 (+0.35%), the session before
    assert f_near.context.since_period == "2024-11-22"
    assert sheet.score(f_far) > 90 and sheet.score(f_near) < 20
    facts = sheet.compute_facts(bars("GSPC.csv"), dt.date(2020, 3, 16))
    assert any(f.metric is Metric.LARGEST_SINCE and f.period.kind == "day" for f in facts)

"""The wrap's charts as a newsroom publishes them (issue 12): by session, 20-60 sessions, the
lead against its record close with the -10 % / -20 % lines when they matter, a source line.
Expected dates and levels come from plain loops over the CSV rows (``wire_truth.series``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wire_truth import series


@pytest.fixture(scope="module")
def charts(loaded_db: Path):
    from marketdesk.desk import Desk
    from marketdesk.wrap import wrap

    with Desk(loaded_db, read_only=True) as desk:
        def get(day: str):
            return {c.name: c for c in wrap(desk, day, fmt="md").charts}
        yield get


def _closes(subject: str, day: str) -> list[dict]:
    return [r for r in series(subject) if r["date"] <= dt.date.fromisoformat(day)]


@pytest.mark.parametrize(("day", "lead"), [
    ("2022-06-13", "^GSPC"),     # bear market: the record close is months back
    ("2020-03-16", "^GSPC"),     # crash from a record 18 sessions earlier
    ("2024-11-04", "^DJI"),      # a month's first days still show 20 sessions
])
def test_lead_chart_by_session_against_its_record(charts, day, lead):
    spec = charts(day)["lead"]
    rows = _closes(lead, day)
    (label, dates, values), = spec.series
    assert 20 <= len(dates) <= 60
    assert list(dates) == [r["date"] for r in rows[-len(dates):]]   # every session, in order
    assert all(d.weekday() < 5 for d in dates)
    assert values[-1] == pytest.approx(rows[-1]["close"])
    record = max(r["close"] for r in rows)
    assert spec.hline is not None and spec.hline[1] == pytest.approx(record)
    since = len(rows) - 1 - max(i for i, r in enumerate(rows) if r["close"] == record)
    assert len(dates) == max(20, min(60, since + 5))
    assert spec.source.startswith("Source:") and f"{lead[1:]}.csv" in spec.source
    assert label == {"^GSPC": "S&P 500", "^DJI": "Dow"}[lead]


def test_threshold_lines_when_they_matter(charts):
    bear = charts("2022-06-13")["lead"]                # 21.8% below the record
    record = max(r["close"] for r in _closes("^GSPC", "2022-06-13"))
    assert [(label[:4], level) for label, level in bear.guides] == [
        ("corr", pytest.approx(record * 0.9)), ("bear", pytest.approx(record * 0.8))]
    assert charts("2024-11-25")["lead"].guides == ()   # at a record: no threshold line


def test_versus_and_yield_charts_share_the_window(charts):
    got = charts("2022-06-13")
    n = len(got["lead"].series[0][1])
    versus = got["versus"]
    assert [s[0] for s in versus.series] == ["S&P 500", "Dow"]
    assert all(s[2][0] == pytest.approx(100.0) for s in versus.series)
    assert len(got["yield"].series[0][1]) == n
    assert got["yield"].digits == 2


def test_vix_and_two_year_panels_when_in_the_story(charts):
    got = charts("2016-06-24")                         # Brexit: the VIX jumped 49%
    vix = got["vix"].series[0]
    assert vix[2][-1] == pytest.approx(_closes("^VIX", "2016-06-24")[-1]["close"])
    assert list(vix[1]) == [r["date"] for r in _closes("^VIX", "2016-06-24")[-len(vix[1]):]]
    yields = {label: values[-1] for label, _, values in got["yield"].series}
    assert yields == {"10-year yield": pytest.approx(_closes("DGS10", "2016-06-24")[-1]["close"]),
                      "2-year yield": pytest.approx(_closes("DGS2", "2016-06-24")[-1]["close"])}
    assert "vix" not in charts("2024-11-25")           # a quiet VIX is not in the story

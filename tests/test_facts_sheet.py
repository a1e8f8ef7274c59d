"""The fact sheet over a real store: every family present, ranked, with evidence; the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

import marketdesk as md
from marketdesk.cli.app import app
from marketdesk.errors import NoDataError
from marketdesk.facts.model import Metric

D = dt.date


def test_rut_sheet_leads_with_the_record_intraday_high_not_a_record_close(loaded_db):
    sheet = md.fact_sheet("^RUT", "2024-11-25", vs=["^GSPC"], db=loaded_db)
    lead = sheet.facts[0]
    # the seed error: 2442.74 is the record *close*; the day's high of 2466.49 is the new
    # record *intraday high*; the close did not set a record
    assert lead.metric == Metric.RECORD_HIGH and lead.context.is_new
    assert lead.value == pytest.approx(2466.49, abs=0.005)
    rc = sheet.find(Metric.RECORD_CLOSE)
    assert not rc.context.is_new and rc.value == pytest.approx(2442.74, abs=0.005)
    assert rc.context.date == D(2021, 11, 8)
    monthly = sheet.find(Metric.LARGEST_SINCE, period="month")
    assert monthly.context.since_label == "December 2023"
    assert round(monthly.value, 2) == 11.17
    spread = sheet.find(Metric.SPREAD, period="ytd")
    assert spread.context.versus == "^GSPC"
    assert round(spread.context.return_pct, 2) == 20.47
    assert round(spread.context.versus_return_pct, 2) == 25.53
    # ranking is by score, highest first, and every fact carries evidence
    assert list(sheet.scores) == sorted(sheet.scores, reverse=True)
    assert all(f.evidence for f in sheet.facts)


def test_every_family_is_in_the_sheet(loaded_db):
    sheet = md.fact_sheet("^RUT", "2024-11-25", vs=["^GSPC", "DGS10"], db=loaded_db)
    metrics = {f.metric for f in sheet.facts}
    for m in (Metric.CLOSE, Metric.CHANGE_PCT, Metric.PERIOD_RETURN, Metric.RANK,
              Metric.LARGEST_SINCE, Metric.RECORD_CLOSE, Metric.RECORD_HIGH, Metric.STREAK,
              Metric.DRAWDOWN, Metric.MAX_DRAWDOWN, Metric.SEASONAL_AVERAGE, Metric.SPREAD,
              Metric.ROLLING_CORRELATION, Metric.ROLLING_BETA, Metric.WEEK52_HIGH):
        assert m in metrics, m


def test_yield_sheet_in_basis_points(loaded_db):
    sheet = md.fact_sheet("10-year Treasury yield", "2024-11-25", db=loaded_db)
    assert sheet.subject == "DGS10"
    day = sheet.find(Metric.YIELD_CHANGE_BP, period="day")
    assert day.value == pytest.approx(-14.0) and day.unit == "bp"
    since = sheet.find(Metric.LARGEST_SINCE, period="day")
    assert since.context.direction == "decline" and str(since.context.since) == "2024-08-02"


def test_a_weekend_answers_for_the_previous_session_and_says_so(loaded_db):
    sheet = md.fact_sheet("^GSPC", "2024-11-24", db=loaded_db)
    assert sheet.as_of == D(2024, 11, 22) and sheet.requested == D(2024, 11, 24)
    assert "weekend" in sheet.note
    facts = md.facts("^GSPC", "2024-11-22", db=loaded_db)
    assert {(f.metric, f.value) for f in facts} == {(f.metric, f.value) for f in sheet.facts}


def test_a_date_after_the_data_says_how_to_get_it(loaded_db):
    from marketdesk.cli.hints import hint_for

    with pytest.raises(NoDataError, match="ends on 2026-02-23") as err:
        md.fact_sheet("^DJI", "2026-06-01", db=loaded_db)
    assert err.value.symbols == ("^DJI",) and err.value.last_date == D(2026, 2, 23)
    assert "marketdesk fetch ^DJI --start 2026-02-23" in hint_for(err.value)   # the CLI adds it


def test_record_count_of_the_seed(loaded_db):
    sheet = md.fact_sheet("^GSPC", "2024-11-11", db=loaded_db)
    count = sheet.find(Metric.RECORD_CLOSE_COUNT)
    assert count.value == 51 and count.context.ordinal == 51
    assert sheet.facts[0].metric == Metric.RECORD_CLOSE      # a new record close leads


def test_cli_facts_json_carries_evidence(loaded_db):
    res = CliRunner().invoke(app, ["facts", "^DJI", "2024-11-25", "--db", str(loaded_db),
                                   "--json", "--top", "3"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["as_of"] == "2024-11-25" and len(payload["facts"]) == 3
    rec = next(f for f in payload["facts"] if f["metric"] == "record_close")
    assert rec["value"] == pytest.approx(44736.57, abs=0.005)
    assert any(e["symbol"] == "^DJI" and e["date"] == "2024-11-25" and e["field"] == "close"
               and e["source"] == "file:DJI.csv" for e in rec["evidence"])


def test_sheet_to_polars(loaded_db):
    frame = md.fact_sheet("^RUT", "2024-11-25", db=loaded_db).to_polars()
    assert frame.columns[:4] == ["score", "subject", "metric", "value"]
    assert frame.height > 20 and frame["subject"].unique().to_list() == ["^RUT"]


def test_highest_close_since_scores_by_how_far_back(bars):
    """^RUT's 2,442.03 on 2024-11-25 was its highest close since 2021-11-08 (issue 10; the date
    from a plain loop over the CSV rows): three years back, it outranks the month's return. A
    highest close since a date under four weeks back, or on record (the record close says it),
    scores below it, and a nearer date below a farther one."""
    import dataclasses

    from marketdesk.facts.sheet import compute_facts, score
    from naive_rows import naive_rows

    rows = [r for r in naive_rows("RUT.csv") if r["date"] <= D(2024, 11, 25)]
    since = max(r["date"] for r in rows[:-1] if r["close"] >= rows[-1]["close"])
    assert since == D(2021, 11, 8)
    facts = compute_facts(bars("RUT.csv"), D(2024, 11, 25), kind="index")
    hcs = next(f for f in facts if f.metric is Metric.HIGHEST_CLOSE_SINCE)
    mtd = next(f for f in facts if f.metric is Metric.PERIOD_RETURN and f.period.kind == "mtd")
    assert hcs.context.since_date == since and score(hcs) > score(mtd)

    def at(**kw):
        return dataclasses.replace(hcs, context=dataclasses.replace(hcs.context, **kw))

    near, year = at(since_date=D(2024, 11, 11)), at(since_date=D(2023, 11, 24))
    on_record = at(since_date=None, since_close=None, on_record=True)
    assert max(score(near), score(on_record)) < score(mtd)
    assert score(near) < score(year) < score(hcs)

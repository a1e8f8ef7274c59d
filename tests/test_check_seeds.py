"""The checker on the two seed stories, against the real store.

Expected figures come from the seed stories themselves and from the data checked by hand
(shared/data/SOURCES.md "Reference checks": RUT Nov MTD +11.17 %, YTD +20.47 %; S&P 500 Nov MTD
+4.94 %, YTD +25.53 %; VBK YTD +24.77 %; IWO YTD +24.72 %; DGS10 4.41 → 4.27). The record intraday
high before 2024-11-25 (2458.86 on 2021-11-08) and that day's high (2466.49) were read off RUT.csv.
"""

from __future__ import annotations

import datetime as dt

import pytest

from marketdesk.check import check

NOV25 = dt.date(2024, 11, 25)


def _by_text(result):
    out: dict[str, list] = {}
    for v in result.verdicts:
        out.setdefault(v.claim.text.strip(), []).append(v)
    return out


def test_seed_000_all_claims_supported(seed_text, desk):
    result = check(seed_text(0), as_of=NOV25, desk=desk)
    assert result.article_date.session == NOV25
    assert len(result.verdicts) >= 15
    bad = [(v.claim.text, v.status, v.reason) for v in result.verdicts if v.status != "supported"]
    assert bad == []
    found = _by_text(result)
    for text in ("11.2%", "4.9%", "1.5%", "2442.03 points", "0.3%", "2442.74 points", "51st",
                 "14.7 basis points", "4.262%", "2.8%", "about 5 percentage points", "25.5%",
                 "24.8%", "24.7%", "double-digit percentage",
                 "largest single-month increase since December of last year",
                 "largest single-day decline since August 2", "best-performing month"):
        assert text in found, text


def test_seed_000_details(seed_text, desk):
    found = _by_text(check(seed_text(0), as_of=NOV25, desk=desk))
    since = found["largest single-month increase since December of last year"][0]
    assert since.facts[0].context.since_period == "2023-12"
    assert "^RUT" in since.reason                      # e-mini Russell 2000 checked against ^RUT
    record = found["2442.74 points"][0]
    assert record.claim.metric.value == "record_close"
    assert record.claim.extra["date"] == "2021-11-08"
    count = found["51st"][0]
    assert count.claim.extra["date"] == "2024-11-11" and count.claim.subject == "^GSPC"
    bp = found["14.7 basis points"][0]
    assert bp.within_source_precision and bp.computed == pytest.approx(-14.0)
    assert "FRED DGS10 end-of-day" in bp.reason
    level = found["4.262%"][0]
    assert level.within_source_precision and level.computed == pytest.approx(4.27)
    yday = found["largest single-day decline since August 2"][0]
    assert str(yday.facts[0].context.since) == "2024-08-02"
    assert found["24.7%"][0].claim.subject == "IWO"
    assert found["24.8%"][0].claim.subject == "VBK"
    assert found["about 5 percentage points"][0].claim.extra["versus"] == "^GSPC"


def test_seed_001_verdicts(seed_text, desk):
    result = check(seed_text(1), desk=desk)          # date from "2024.11.26 02:37" (Asia)
    assert result.article_date.session == NOV25
    found = _by_text(result)
    assert found["1.47%"][0].status == "supported"
    assert found["2442.03"][0].status == "supported"
    assert found["2.5%"][0].status == "supported"
    assert found["over 11%"][0].status == "supported"
    assert found["4.9%"][0].status == "supported"
    assert [v.status for v in found["24.8%"]] == ["supported"]
    assert [v.status for v in found["24.7%"]] == ["supported"]
    assert found["24.8%"][0].claim.subject == "VBK" and found["24.7%"][0].claim.subject == "IWO"
    ytd = found["21%"][0]
    assert ytd.status == "contradicted" and "20.47%" in ytd.reason
    intraday = found["2442.74"][0]
    assert intraday.status == "contradicted"
    for figure in ("2,442.74", "record close", "2021-11-08", "2,458.86", "2,466.49"):
        assert figure in intraday.reason, figure


def test_summary_points_carry_verdicts(seed_text, desk):
    result = check(seed_text(1), desk=desk)
    assert 3 <= len(result.summary) <= 5
    assert any(p.verdicts for p in result.summary)
    spans = [p.span for p in result.summary]
    assert spans == sorted(spans)
    d = result.to_dict()
    assert d["counts"]["contradicted"] == 2

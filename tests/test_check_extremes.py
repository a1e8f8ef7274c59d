"""Extraction of 'highest close since X', 'a three-year high', '52-week low' claims (no data)."""

from __future__ import annotations

import datetime as dt

from marketdesk.check.claims import extract_claims
from marketdesk.check.model import ArticleDate
from marketdesk.facts.model import Metric

DATE = ArticleDate(dt.date(2023, 7, 31), None, "test")


def _claims(text: str):
    return [c for c in extract_claims(text, DATE) if c.metric in (
        Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_HIGH,
        Metric.N_YEAR_LOW, Metric.WEEK52_HIGH, Metric.WEEK52_LOW)]


def test_since_precision_and_subject():
    cs = _claims("The Dow rose, and the S&P 500 closed at its highest level since January 2022. "
                 "The Russell 2000 ended at its lowest close since Nov. 8, 2021. "
                 "The Dow posted its highest finish since 2021.")
    assert [(c.metric, c.subject, c.extra["since"]) for c in cs] == [
        (Metric.HIGHEST_CLOSE_SINCE, "^GSPC", "2022-01"),
        (Metric.LOWEST_CLOSE_SINCE, "^RUT", "2021-11-08"),
        (Metric.HIGHEST_CLOSE_SINCE, "^DJI", "2021")]
    assert all(c.extra["basis"] == "close" for c in cs)


def test_n_year_and_52_week():
    cs = _claims("The S&P 500 hit a three-year high. The Dow fell to a 52-week low. "
                 "The Russell 2000 closed at its highest level in 2 years.")
    assert [(c.metric, c.extra.get("years")) for c in cs] == [
        (Metric.N_YEAR_HIGH, 3), (Metric.WEEK52_LOW, None), (Metric.N_YEAR_HIGH, 2)]


def test_intraday_wording():
    cs = _claims("The Nasdaq touched a 52-week high during the session. "
                 "The Dow hit an intraday three-year low.")
    assert [c.extra["basis"] for c in cs] == ["intraday", "intraday"]

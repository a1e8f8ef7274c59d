"""Turning Facts into what a page shows: a label, the value in house style, a short qualifier.

No statistic is computed here: values come from the Fact, digits from ``marketdesk.wrap.numbers``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..facts.model import Fact, Metric
from ..wrap.numbers import by_unit, number

__all__ = ["LABELS", "label", "fact_row", "qualifier"]

LABELS: dict[Metric, str] = {
    Metric.CLOSE: "Close", Metric.OPEN: "Open", Metric.HIGH: "High", Metric.LOW: "Low",
    Metric.CHANGE_PTS: "Change (points)", Metric.CHANGE_PCT: "Change",
    Metric.INTRADAY_HIGH_CHANGE_PCT: "Intraday high vs previous close",
    Metric.INTRADAY_LOW_CHANGE_PCT: "Intraday low vs previous close",
    Metric.PERIOD_RETURN: "Return", Metric.PERIOD_TOTAL_RETURN: "Total return",
    Metric.PERIOD_CHANGE_PTS: "Change (points)", Metric.RANK: "Rank",
    Metric.LARGEST_SINCE: "Largest since", Metric.LARGEST_OF_YEAR: "Largest of the year",
    Metric.RECORD_CLOSE: "Record close", Metric.RECORD_HIGH: "Record intraday high",
    Metric.PCT_FROM_RECORD_CLOSE: "Below record close",
    Metric.PCT_FROM_RECORD_HIGH: "Below record intraday high",
    Metric.SESSIONS_SINCE_RECORD: "Sessions since record close",
    Metric.RECORD_CLOSE_COUNT: "Record closes this year",
    Metric.HIGHEST_CLOSE_SINCE: "Highest close since", Metric.LOWEST_CLOSE_SINCE: "Lowest close since",
    Metric.N_YEAR_HIGH: "Multi-year high (years)", Metric.N_YEAR_LOW: "Multi-year low (years)",
    Metric.WEEK52_HIGH: "52-week high", Metric.WEEK52_LOW: "52-week low",
    Metric.STREAK: "Streak", Metric.LONGEST_STREAK: "Longest streak",
    Metric.DRAWDOWN: "Drawdown from record", Metric.MAX_DRAWDOWN: "Maximum drawdown",
    Metric.SEASONAL_AVERAGE: "Seasonal average", Metric.SEASONAL_MEDIAN: "Seasonal median",
    Metric.SEASONAL_PCT_UP: "Years up", Metric.SEASONAL_BEST_MONTH: "Best month on average",
    Metric.SEASONAL_WORST_MONTH: "Worst month on average", Metric.SPREAD: "Spread",
    Metric.YIELD_LEVEL: "Yield", Metric.YIELD_CHANGE_BP: "Yield change",
    Metric.ROLLING_CORRELATION: "Rolling correlation", Metric.ROLLING_BETA: "Rolling beta",
}


def label(fact: Fact) -> str:
    """A reader's name for the fact's metric."""
    return LABELS.get(fact.metric, fact.metric.value.replace("_", " "))


def _iso(v: Any) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def qualifier(fact: Fact) -> str:
    """The few words of context a value needs ("since December 2023", "set 2021-11-08")."""
    c = fact.context
    m = fact.metric
    if m == Metric.LARGEST_SINCE:
        since = c.get("since_label") or c.get("since_period") or c.get("since")
        return "largest on record" if c.get("on_record") else f"{c.get('direction', '')} since {_iso(since)}"
    if m in (Metric.RECORD_CLOSE, Metric.RECORD_HIGH):
        return ("new record today" if c.get("is_new") else f"set {_iso(c.get('date'))}")
    if m in (Metric.PCT_FROM_RECORD_CLOSE, Metric.PCT_FROM_RECORD_HIGH):
        return f"record {number(float(c['record']))} on {_iso(c.get('record_date'))}" if c.get("record") else ""
    if m in (Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE):
        return f"since {_iso(c.get('since_date'))}" if c.get("since_date") else "on record"
    if m == Metric.STREAK:
        return f"{c.get('direction', '')} {c.get('unit', '')} in a row"
    if m == Metric.SPREAD:
        return f"vs {c.get('versus', '')}"
    if m in (Metric.DRAWDOWN, Metric.MAX_DRAWDOWN) and c.get("peak_date"):
        return f"from peak of {_iso(c['peak_date'])}"
    if m in (Metric.ROLLING_CORRELATION, Metric.ROLLING_BETA):
        return f"vs {c.get('versus', '')}"
    if m == Metric.CHANGE_PCT and c.get("previous_date"):
        return f"from {_iso(c['previous_date'])}"
    if m == Metric.RECORD_CLOSE_COUNT and c.get("year"):
        return f"in {c['year']}"
    return ""


def fact_row(fact: Fact, score: float | None = None) -> dict[str, Any]:
    """Everything a template needs to show one fact, evidence included."""
    value = by_unit(fact.value, fact.unit)
    if fact.metric in (Metric.CHANGE_PCT, Metric.PERIOD_RETURN) and fact.value is not None:
        value = number(float(fact.value), signed=True) + "%"
    elif fact.unit == "bp" and fact.value is not None:      # changes in bp, always signed
        value = ("+" if float(value.split()[0].replace(",", "")) > 0 else "") + value
    return {
        "metric": fact.metric.value, "label": label(fact), "value": value, "unit": fact.unit,
        "period": fact.period.label or fact.period.kind, "qualifier": qualifier(fact),
        "score": score,
        "evidence": [{"symbol": e.symbol, "date": e.date.isoformat(), "field": e.field,
                      "value": number(e.value, 4 if abs(e.value) < 100 else 2),
                      "source": e.source} for e in fact.evidence],
    }

"""All the facts for a subject on a date, and the fact sheet: the notable ones, ranked.

``compute_facts`` asks the facts engine (:func:`.engine.answer`) the sheet's default queries
(:func:`default_queries`: the day, periods, ranks, records, streaks, drawdowns, seasonality,
yields, relative performance, rate sensitivity) for one subject; ``fact_sheet`` scores the
answers by newsworthiness:

- a new record close or record intraday high beats anything else, and an Nth record close of the
  year comes with it;
- "largest since" scores by how long ago the comparable period was (log of the years), and most
  when it is the largest on record; a price's one-day "largest move since" only when the earlier
  day is at least four weeks back (and "on record" only over a year of daily changes);
- a day's move scores by its size against the series' own volatility (|z| over the last 252 daily
  moves), so a 1% day is news for the S&P 500 and noise for the VIX;
- being within 1% of a record, the highest close in years (by the years since the last close at
  least as high; under four weeks back, not news), long streaks and deep drawdowns score by how
  far they reach back;
- the seasonality of the coming month scores when the month is ending (last 7 calendar days).

Scores are relative (higher is more notable); they order facts and pick the lead, nothing more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl

from . import contexts, engine
from .evidence import history_to, last_row_on_or_before
from .model import Fact, Metric
from .query import FactQuery, NoAnswer, Params, PeriodSpec
from .series import is_yield


#: A price's "largest one-day move since D" is news only when D is at least this many days back.
DAY_SINCE_MIN_DAYS = 28
#: ... and "largest one-day move on record" only over at least this many daily changes.
DAY_RECORD_MIN = 252


def _years_between(a: str | dt.date | None, b: dt.date) -> float:
    if a is None:
        return 0.0
    if isinstance(a, dt.date):
        d = a
    else:  # "2019", "2023-12" or "2021-11-08"
        text = str(a)[:10]
        d = dt.date.fromisoformat(text + "-01-01"[: 10 - len(text)] if len(text) < 10 else text)
    return max((b - d).days / 365.25, 0.0)


_DAY_METRICS = (Metric.CLOSE, Metric.OPEN, Metric.HIGH, Metric.LOW, Metric.CHANGE_PTS,
                Metric.CHANGE_PCT, Metric.INTRADAY_HIGH_CHANGE_PCT, Metric.INTRADAY_LOW_CHANGE_PCT)
_RECORD_METRICS = (Metric.RECORD_CLOSE, Metric.PCT_FROM_RECORD_CLOSE,
                   Metric.SESSIONS_SINCE_RECORD, Metric.RECORD_CLOSE_COUNT, Metric.RECORD_HIGH,
                   Metric.PCT_FROM_RECORD_HIGH, Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH,
                   Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_LOW, Metric.WEEK52_HIGH,
                   Metric.WEEK52_LOW)
_YIELD_RECORD_METRICS = (Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE,
                         Metric.WEEK52_HIGH, Metric.WEEK52_LOW)
_SEASONAL_METRICS = (Metric.SEASONAL_AVERAGE, Metric.SEASONAL_MEDIAN, Metric.SEASONAL_PCT_UP,
                     Metric.SEASONAL_BEST_MONTH, Metric.SEASONAL_WORST_MONTH)
_STREAK_UNITS: tuple[Literal["days", "weeks", "months"], ...] = ("days", "weeks", "months")
_TO_DATE: tuple[Literal["wtd", "mtd", "qtd", "ytd"], ...] = ("wtd", "mtd", "qtd", "ytd")


def default_queries(subject: str, session: dt.date, *, yield_series: bool, total: bool,
                    season_month: int,
                    versus: Sequence[tuple[str, bool]] = ()) -> list[FactQuery]:
    """The fact sheet's questions about ``subject`` at ``session`` (its last bar), in the order
    the sheet lists its facts (ties in :func:`score` keep it).

    A yield (``yield_series``): the level; the change in bp over the day, MTD and YTD and the
    largest such change since; the highest / lowest close since and the 52-week range. A price:
    the day's levels and changes; WTD / MTD / QTD / YTD returns (and total returns when
    ``total``: the bars carry adjusted closes); the running month's and year's rank, "largest
    since" and (months) largest of the year; the day's rank and "largest since"; the record
    family; current and deepest drawdown; the seasonality of calendar month ``season_month``.
    Both: streaks of days, weeks and months. ``versus`` (symbol, is a yield): for a price, a
    yield gives the rolling correlation and beta (63 sessions), a price the MTD and YTD return
    spreads (pp); nothing for a yield. A query an answer cannot be given to is left out by
    :func:`compute_facts`.
    """
    day = PeriodSpec.day(session)

    def ask(metric: Metric, period: PeriodSpec = day, **params: Any) -> FactQuery:
        return FactQuery(subject, metric, period, params=Params(**params))

    qs: list[FactQuery] = []
    if yield_series:
        qs.append(ask(Metric.YIELD_LEVEL))
        qs.append(ask(Metric.YIELD_CHANGE_BP))
        qs += [ask(Metric.YIELD_CHANGE_BP, PeriodSpec(k, as_of=session)) for k in ("mtd", "ytd")]
        qs += [ask(Metric.LARGEST_SINCE, granularity=g) for g in ("day", "month", "year")]
        qs += [ask(m) for m in _YIELD_RECORD_METRICS]
    else:
        qs += [ask(m) for m in _DAY_METRICS]
        for k in _TO_DATE:
            spec = PeriodSpec(k, as_of=session)
            qs.append(ask(Metric.PERIOD_RETURN, spec))
            if total:
                qs.append(ask(Metric.PERIOD_TOTAL_RETURN, spec))
        qs += [ask(m, granularity="month")
               for m in (Metric.RANK, Metric.LARGEST_SINCE, Metric.LARGEST_OF_YEAR)]
        qs += [ask(m, granularity=g) for g in ("year", "day")
               for m in (Metric.RANK, Metric.LARGEST_SINCE)]
        qs += [ask(m) for m in _RECORD_METRICS]
        qs += [ask(Metric.DRAWDOWN), ask(Metric.MAX_DRAWDOWN)]
        season = PeriodSpec.seasonal_month(season_month, as_of=session)
        qs += [ask(m, season) for m in _SEASONAL_METRICS]
    qs += [ask(Metric.STREAK, unit=u) for u in _STREAK_UNITS]
    for other, other_yield in versus:
        if yield_series:
            continue
        if other_yield:
            qs += [ask(m, versus=other)
                   for m in (Metric.ROLLING_CORRELATION, Metric.ROLLING_BETA)]
        else:
            qs += [ask(Metric.SPREAD, PeriodSpec(k, as_of=session), versus=other)
                   for k in ("mtd", "ytd")]
    return qs


def compute_facts(bars: pl.DataFrame, as_of: dt.date, *, kind: str | None = None,
                  vs: Mapping[str, pl.DataFrame] | None = None,
                  vs_kinds: Mapping[str, str | None] | None = None) -> list[Fact]:
    """Every fact for the subject of ``bars`` as of ``as_of`` (its last bar on or before): the
    engine's answers (:func:`.engine.answer`) to the sheet's :func:`default_queries`.

    ``vs`` maps other subjects to their bars: price subjects give return spreads (MTD, YTD, in
    pp); a yield against a price subject gives rolling correlation and beta (63 sessions).
    When ``as_of`` is not the session answered (a weekend), the day's and the to-date facts
    keep it in ``context.requested_as_of``.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return []
    session: dt.date = bars.item(i, "date")
    subject: str = bars.item(i, "symbol")
    yield_series = is_yield(bars, kind)
    others = dict(vs or {})
    versus = [(o, is_yield(ob, (vs_kinds or {}).get(o))) for o, ob in others.items()]
    total = not yield_series and bars.get_column("adj_close").null_count() < bars.height
    month = as_of.month % 12 + 1 if _month_ending(as_of) else as_of.month
    queries = default_queries(subject, session, yield_series=yield_series, total=total,
                              season_month=month, versus=versus)
    engine_kind = "yield" if yield_series else "price"
    out: list[Fact] = []
    for q in queries:
        other = others.get(q.params.versus) if q.params.versus is not None else None
        got = engine.answer(q, bars, other=other, kind=engine_kind)
        if isinstance(got, NoAnswer):
            continue
        if session != as_of:
            got = _as_requested(got, as_of)
        out.append(got)
    return out


def _as_requested(fact: Fact, as_of: dt.date) -> Fact:
    """``fact`` answered at a session other than the date asked: the day's and to-date facts
    say the date asked (``requested_as_of``); ``as_of`` stays the session answered."""
    c = fact.context
    if isinstance(c, (contexts.Day, contexts.PeriodReturn)) and c.requested_as_of is None:
        fact = dataclasses.replace(fact, context=dataclasses.replace(c, requested_as_of=as_of))
    return fact


def _month_ending(d: dt.date) -> bool:
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return (nxt - d).days <= 7


def daily_volatility(bars: pl.DataFrame, as_of: dt.date, window: int = 252) -> float | None:
    """Standard deviation of the last ``window`` daily % changes (bp for yields) up to ``as_of``."""
    closes = history_to(bars, as_of).get_column("close")
    closes = (closes.drop_nulls() if closes.has_nulls() else closes).tail(window + 1)
    if closes.len() < 20:
        return None
    c = closes.to_numpy()
    moves = (c[1:] - c[:-1]) * 100.0 if is_yield(bars) else (c[1:] / c[:-1] - 1.0) * 100.0
    sd = float(np.std(moves, ddof=1))
    return sd if sd > 0 else None


def score(fact: Fact, vol: float | None = None) -> float:
    """Newsworthiness of one fact (higher is more notable); see the module docstring."""
    m, c, v = fact.metric, fact.context, fact.value
    if isinstance(c, contexts.RecordLevel):
        return (100.0 if m == Metric.RECORD_CLOSE else 95.0) if c.is_new else 5.0
    if isinstance(c, contexts.RecordCount):
        return 85.0 if c.ordinal else 10.0
    if m == Metric.LARGEST_SINCE and isinstance(c, contexts.AnyLargestSince):
        # a price's one-day move (a yield's day is a YieldLargestSince)
        day_move = fact.period.kind == "day" and isinstance(c, contexts.LargestSince)
        if c.on_record:
            of = c.of if isinstance(c, contexts.LargestSince) else None
            return 92.0 if not day_move or int(of or 0) >= DAY_RECORD_MIN else 10.0
        since = contexts.since_of(c)
        if day_move and (fact.as_of - dt.date.fromisoformat(str(since))).days \
                < DAY_SINCE_MIN_DAYS:
            return 10.0
        months = 12.0 * _years_between(since, fact.as_of)
        weight = {"day": 1.0, "month": 1.0, "year": 0.75}.get(fact.period.kind, 0.5)
        return weight * (30.0 + 8.0 * math.log2(1.0 + months))
    if m in (Metric.CHANGE_PCT, Metric.YIELD_CHANGE_BP) and fact.period.kind == "day":
        z = abs(float(v or 0.0)) / vol if vol else 1.0
        return 45.0 + 8.0 * z
    if m in (Metric.CLOSE, Metric.YIELD_LEVEL):
        return 44.0
    if m == Metric.PCT_FROM_RECORD_CLOSE:
        return 70.0 if v is not None and 0 < float(v) <= 1.0 else 8.0
    if m == Metric.HIGHEST_CLOSE_SINCE and isinstance(c, contexts.CloseSince):
        # by how far back the last close at least as high was; on record the record close
        # says it, and under four weeks back it is not news (the sheet view leaves both out)
        if c.since_date is None:
            return 20.0
        if (fact.as_of - c.since_date).days < DAY_SINCE_MIN_DAYS:
            return 10.0
        return 30.0 + 12.0 * math.log2(1.0 + _years_between(c.since_date, fact.as_of))
    if m == Metric.PERIOD_RETURN:
        return {"mtd": 42.0, "ytd": 41.0, "qtd": 20.0, "wtd": 22.0}.get(fact.period.kind, 15.0)
    if m == Metric.SPREAD:
        return 38.0 if fact.period.kind == "ytd" else 36.0
    if isinstance(c, contexts.LargestOfYear):
        return 55.0 if c.is_largest and c.of >= 3 else 5.0
    if m == Metric.STREAK:
        n = int(v or 0)
        return 20.0 + 6.0 * n if n >= 3 else 5.0
    if m == Metric.DRAWDOWN:
        return 40.0 if v is not None and float(v) <= -10.0 else 6.0
    if m == Metric.SEASONAL_AVERAGE and isinstance(c, contexts.Seasonal):
        return 50.0 if _month_ending(fact.as_of) and c.rank == 1 else 12.0
    if m == Metric.CHANGE_PTS:
        return 43.0
    if m == Metric.INTRADAY_HIGH_CHANGE_PCT:
        return 30.0
    return 10.0


@dataclass(frozen=True, slots=True)
class FactSheet:
    """The facts for one subject and date, most newsworthy first.

    ``requested`` is the date asked for; ``as_of`` the session answered for; ``note`` says why
    they differ (a weekend or holiday).
    """

    subject: str
    as_of: dt.date
    requested: dt.date
    facts: tuple[Fact, ...]
    scores: tuple[float, ...]
    note: str | None = None

    def top(self, n: int = 10) -> tuple[Fact, ...]:
        return self.facts[:n]

    def find(self, metric: Metric, period: str | None = None,
             test: Callable[[Fact], bool] | None = None) -> Fact | None:
        """The first fact of ``metric`` of period kind ``period`` (None: any) for which
        ``test`` holds (None: any)."""
        for f in self.facts:
            if f.metric == metric and (period is None or f.period.kind == period) and \
                    (test is None or test(f)):
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "as_of": self.as_of.isoformat(),
                "requested": self.requested.isoformat(), "note": self.note,
                "facts": [{**f.to_dict(), "score": round(s, 2)}
                          for f, s in zip(self.facts, self.scores)]}

    def to_polars(self) -> pl.DataFrame:
        """One row per fact: score, subject, metric, value, unit, period, context, evidence."""
        import json

        return pl.DataFrame({
            "score": list(self.scores),
            "subject": [f.subject for f in self.facts],
            "metric": [f.metric.value for f in self.facts],
            "value": [None if f.value is None else float(f.value) for f in self.facts],
            "unit": [f.unit for f in self.facts],
            "period": [f.period.label or f.period.kind for f in self.facts],
            "context": [json.dumps(f.to_dict()["context"], sort_keys=True) for f in self.facts],
            "evidence_dates": [sorted({e.date.isoformat() for e in f.evidence})
                               for f in self.facts],
        }, schema_overrides={"value": pl.Float64})

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()


def fact_sheet(subject: str, facts: list[Fact], bars: pl.DataFrame, as_of: dt.date,
               requested: dt.date | None = None, note: str | None = None) -> FactSheet:
    """Rank ``facts`` by :func:`score` (stable: ties keep computation order)."""
    vol = daily_volatility(bars, as_of)
    scored = sorted(((score(f, vol), i, f) for i, f in enumerate(facts)),
                    key=lambda t: (-t[0], t[1]))
    return FactSheet(subject, as_of, requested or as_of, tuple(f for _, _, f in scored),
                     tuple(s for s, _, _ in scored), note)


__all__ = ["compute_facts", "default_queries", "fact_sheet", "FactSheet", "score", "daily_volatility", "is_yield"]

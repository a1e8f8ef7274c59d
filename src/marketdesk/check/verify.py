"""Claim + bars → Verdict, using only the facts layer's functions (no statistic is computed here).

The verifier picks the subject's bars from the desk (a future that ``tracks`` an index is checked
against the index, and the verdict says so), calls the facts function for the claim's metric and
period, and compares the stated figure with the fact's value by the rules of :mod:`.compare`.
Forecasts, figures at a time of day (other than Treasury yields, see below) and instruments
without data are ``not_checkable``, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import polars as pl

from ..errors import MarketdeskError
from ..facts import day as day_facts_mod
from ..facts import periods, ranks, relative, seasonality, streaks, yields
from ..facts.model import Fact, Metric
from ..instruments import load_instruments
from . import verify_records as records_v
from .compare import (YIELD_CHANGE_TOL_BP, YIELD_LEVEL_TOL_BP, fmt, matches,
                      within_source_precision)
from .judging import cap, judge, name_of, not_checkable, show, source_of
from .model import Claim, Verdict

__all__ = ["BarSource", "Verifier"]

class BarSource(Protocol):
    """Anything with ``bars(symbol) -> polars.DataFrame`` in the canonical schema (a ``Desk``)."""

    def bars(self, symbol: str) -> pl.DataFrame: ...


class Verifier:
    """Judges claims against one bar source, caching each symbol's bars."""

    def __init__(self, source: BarSource) -> None:
        self._source = source
        self._cache: dict[str, pl.DataFrame | None] = {}

    def bars(self, symbol: str) -> pl.DataFrame | None:
        if symbol not in self._cache:
            try:
                frame = self._source.bars(symbol)
            except MarketdeskError:  # unknown symbol / no data: not checkable
                frame = None
            self._cache[symbol] = frame if frame is not None and frame.height else None
        return self._cache[symbol]

    # -- entry point ----------------------------------------------------------------------
    def verify(self, claim: Claim) -> Verdict:
        """The verdict on one claim."""
        if claim.extra.get("blocked"):
            return not_checkable(claim, f"About {claim.extra['blocked']!r}, not an index, yield or "
                                 "fund in the store.")
        if claim.metric is None or claim.subject is None:
            return not_checkable(claim, "No instrument in the data could be tied to this figure.")
        inst = load_instruments().get(claim.subject)
        symbol, note = claim.subject, ""
        if inst is not None and inst.tracks:
            symbol = inst.tracks
            note = f" (checked against {symbol}, the index that {claim.subject} tracks)"
        if claim.extra.get("forecast") and claim.value is not None:
            return not_checkable(claim, "A forecast: it says what may happen, not what the data show.")
        if claim.extra.get("time_of_day") and claim.metric not in (
                Metric.YIELD_LEVEL, Metric.YIELD_CHANGE_BP, Metric.LARGEST_SINCE):
            return not_checkable(claim, f"A value at {claim.extra['time_of_day']}; the data hold only "
                              "daily bars.")
        bars = self.bars(symbol)
        if bars is None:
            return not_checkable(claim, f"No data for {name_of(symbol)} ({symbol}) in the store.")
        handler = _HANDLERS.get(claim.metric)
        if handler is None:
            return not_checkable(claim, f"The checker has no rule for {claim.metric.value} claims.")
        try:
            verdict = handler(self, claim, bars)
        except Exception as exc:  # noqa: BLE001 - a data gap must not stop the whole article
            return not_checkable(claim, f"Could not compute it from the data: {exc}.")
        if note and verdict.status != "not_checkable":
            verdict = Verdict(verdict.claim, verdict.status, verdict.reason.rstrip(".") + note
                              + ".", verdict.computed, verdict.facts, verdict.source,
                              verdict.within_source_precision)
        return verdict


def _day(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    day = claim.period.end
    want = claim.metric
    facts = {f.metric: f for f in day_facts_mod.day_facts(bars, day)}
    fact = facts.get(want)  # type: ignore[arg-type]
    if fact is None or fact.as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} bar for {day} to compute it from.")
    what = {Metric.CLOSE: "the close", Metric.CHANGE_PCT: "the day's change",
            Metric.CHANGE_PTS: "the day's change in points", Metric.HIGH: "the intraday high",
            Metric.LOW: "the intraday low",
            Metric.INTRADAY_HIGH_CHANGE_PCT: "the intraday high vs the previous close",
            Metric.INTRADAY_LOW_CHANGE_PCT: "the intraday low vs the previous close"}[want]
    return judge(claim, fact, float(fact.value), f"{what} on {day}")  # type: ignore[arg-type]


def _period_fact(bars: pl.DataFrame, claim: Claim, total: bool) -> Fact | None:
    p = claim.period
    if p.kind in ("wtd", "mtd", "ytd", "qtd"):
        return periods.period_return(bars, p.end, p.kind, total=total)  # type: ignore[arg-type]
    if p.kind == "month" and p.year and p.month:
        return periods.month_return(bars, p.year, p.month, total=total)
    if p.kind == "year" and p.year:
        return periods.year_return(bars, p.year, total=total)
    if p.kind == "since" and p.start:
        return periods.range_return(bars, p.start, p.end, total=total)
    return None


def _period(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    total = claim.metric is Metric.PERIOD_TOTAL_RETURN
    fact = _period_fact(bars, claim, total)
    if fact is None:
        return not_checkable(claim, f"No {'total ' if total else ''}return for {claim.period.text or 'that period'}"
                          " in the data.")
    what = f"the {'total' if total else 'price'} return for {fact.period.label}"
    verdict = judge(claim, fact, float(fact.value), what)  # type: ignore[arg-type]
    if verdict.status == "contradicted":
        other = _period_fact(bars, claim, not total)
        if other is not None and matches(float(claim.value or 0), float(other.value),  # type: ignore[arg-type]
                                         claim.decimals, claim.qualifier):
            kind = "price" if total else "total"
            verdict = Verdict(claim, "contradicted", verdict.reason.rstrip(".") + f"; the stated "
                              f"figure is the {kind} return ({show(float(other.value), claim)}).",  # type: ignore[arg-type]
                              verdict.computed, (fact, other), verdict.source)
    return verdict


def _period_points(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """A change in points over a to-date period ("up 723.46 points for the year")."""
    fact = _period_fact(bars, claim, False)
    if fact is None or "change_pts" not in fact.context:
        return not_checkable(claim, f"No change in points for {claim.period.text or 'that period'}"
                             " in the data.")
    return judge(claim, fact, float(fact.context["change_pts"]),
                 f"the change in points for {fact.period.label}")


def _spread(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    versus = claim.extra.get("versus")
    other = v.bars(str(versus)) if versus else None
    if other is None or claim.period.kind not in ("mtd", "ytd", "qtd"):
        return not_checkable(claim, "The spread needs a second instrument and a to-date period.")
    fact = relative.spread(bars, other, claim.period.end, claim.period.kind)  # type: ignore[arg-type]
    if fact is None:
        return not_checkable(claim, "No spread for that period in the data.")
    return judge(claim, fact, float(fact.value),  # type: ignore[arg-type]
                  f"the {claim.period.kind.upper()} return gap to {name_of(str(versus))}")


def _yield_level(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    fact = yields.yield_level(bars, claim.period.end)
    return _yield_judge(claim, fact, float(fact.value), YIELD_LEVEL_TOL_BP / 100.0,  # type: ignore[arg-type]
                        f"the {fact.subject} close on {fact.context['date']}")


def _yield_change(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    if claim.period.kind not in ("mtd", "ytd", "day", "none"):
        return not_checkable(claim, f"No yield change over {claim.period.text or 'that period'} "
                             "in the checker yet.")
    kind = claim.period.kind if claim.period.kind in ("mtd", "ytd") else "day"
    fact = yields.yield_change(bars, claim.period.end, kind)  # type: ignore[arg-type]
    if claim.unit == "pp":
        claim = Claim(**{**_fields(claim), "value": (claim.value or 0) * 100.0, "unit": "bp",
                         "decimals": max(0, claim.decimals - 2)})
    ctx = fact.context
    return _yield_judge(claim, fact, float(fact.value), YIELD_CHANGE_TOL_BP,  # type: ignore[arg-type]
                        f"the {fact.subject} change from {ctx['previous_date']} "
                        f"({ctx['previous_value']}%) to {ctx['date']} ({ctx['value']}%)")


def _fields(claim: Claim) -> dict[str, Any]:
    return {f: getattr(claim, f) for f in Claim.__slots__}  # type: ignore[attr-defined]


def _yield_judge(claim: Claim, fact: Fact, computed: float, tol: float, what: str) -> Verdict:
    verdict = judge(claim, fact, computed, what)
    if verdict.status == "supported":
        return verdict
    stated = float(claim.value or 0.0)
    same_sign = (stated > 0) == (computed > 0) or computed == 0
    if same_sign and within_source_precision(stated, computed, tol):
        unit = "bp" if fact.unit == "bp" else "%"
        return Verdict(claim, "supported", f"Supported within source precision: FRED {fact.subject} "
                       f"end-of-day gives {fmt(computed, 2)}{unit}, within {fmt(tol, 2)}{unit} of "
                       f"the stated {claim.text.strip()} (a wire quote at a time of day, to more "
                       "decimals).", computed, (fact,), source_of(fact), True)
    return verdict


def _largest_since(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    gran, since = claim.extra.get("granularity"), str(claim.extra.get("since"))
    day = claim.period.end
    if gran == "day":
        if load_instruments().get(claim.subject or "") and \
                load_instruments()[claim.subject or ""].kind == "yield":  # type: ignore[union-attr]
            fact = yields.largest_change_since(bars, day, "day")
            if fact is None:
                return not_checkable(claim, "The yield was unchanged that day.")
            got = fact.context["since"]
            got_s = got.isoformat() if got else None
        else:
            found = [f for f in ranks.rank_facts(bars, day, "day")
                     if f.metric is Metric.LARGEST_SINCE]
            if not found or found[0].as_of != day:
                return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day} and the "
                                  "session before it.")
            fact = found[0]
            got_s = fact.context.get("since_period")
    elif gran in ("month", "year"):
        found = [f for f in ranks.rank_facts(bars, day, gran) if f.metric is Metric.LARGEST_SINCE]
        if not found:
            return not_checkable(claim, "No return for the running period in the data.")
        fact = found[0]
        got_s = fact.context.get("since_period")
    else:
        return not_checkable(claim, f"No 'largest since' rule for {gran} periods.")
    direction = fact.context.get("direction")
    want = claim.extra.get("direction")
    if (want == "gain") != (direction in ("gain", "rise")):
        return Verdict(claim, "contradicted", f"Wrong direction: it was a {direction}, not a {want}.",
                       float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]
    shown = got_s or "the start of the data (largest on record)"
    value = fmt(float(fact.value), 2) + (" bp" if fact.unit == "bp" else "%")  # type: ignore[arg-type]
    if claim.extra.get("on_record"):
        if got_s is None:
            first = fact.context.get("first_period") or fact.context.get("first")
            stated_from = claim.extra.get("data_from")
            if stated_from and first and str(first)[:4] != stated_from:
                return Verdict(claim, "contradicted", f"The {value} {direction} is the largest "
                               f"in the data, but the data go back to {str(first)[:4]}, not "
                               f"{stated_from}.", float(fact.value), (fact,),  # type: ignore[arg-type]
                               source_of(fact))
            return Verdict(claim, "supported", f"The {value} {direction} is the largest in the "
                           f"data" + (f" (from {first})." if first else "."),
                           float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]
        return Verdict(claim, "contradicted", f"The {value} {direction} is the largest only "
                       f"since {got_s}, not on record.", float(fact.value), (fact,),  # type: ignore[arg-type]
                       source_of(fact))
    if got_s is not None and (got_s == since or got_s.startswith(since) or since.startswith(got_s)):
        return Verdict(claim, "supported", f"The {value} {direction} is the largest since {got_s}.",
                       float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]
    return Verdict(claim, "contradicted", f"The {value} {direction} is the largest since {shown}, "
                   f"not since {since}.", float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]


def _largest_of_year(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    if claim.extra.get("granularity") == "day":
        return _worst_day_of_year(claim, bars)
    found = [f for f in ranks.rank_facts(bars, claim.period.end, "month")
             if f.metric is Metric.LARGEST_OF_YEAR]
    if not found:
        return not_checkable(claim, "No return for the running month in the data.")
    fact = found[0]
    ctx = fact.context
    running = "" if ctx.get("complete") else " so far (the month is not over)"
    want = claim.extra.get("direction")
    if ctx["is_largest"] and (want == "gain") == (ctx["direction"] == "gain"):
        prev = ctx.get("previous_best") or {}
        return Verdict(claim, "supported", f"{fact.period.label}'s {fmt(float(fact.value), 2)}%"
                       f"{running} is the largest monthly {ctx['direction']} of {ctx['year']} "
                       f"(next: {prev.get('label', 'none')}).", float(fact.value), (fact,),  # type: ignore[arg-type]
                       source_of(fact))
    return Verdict(claim, "contradicted", f"{fact.period.label}'s {fmt(float(fact.value), 2)}% ranks "
                   f"{ctx['rank_in_year']} of {ctx['of']} months of {ctx['year']}.",
                   float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]


def _worst_day_of_year(claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its worst day of the year": no earlier day this year moved as far the same way."""
    day = claim.period.end
    found = [f for f in ranks.rank_facts(bars, day, "day") if f.metric is Metric.LARGEST_SINCE]
    if not found or found[0].as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day}.")
    fact = found[0]
    direction = fact.context.get("direction")
    want = claim.extra.get("direction")
    if (want == "gain") != (direction in ("gain", "rise")):
        return Verdict(claim, "contradicted", f"Wrong direction: it was a {direction}, not a "
                       f"{want}.", float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]
    since = str(fact.context.get("since_period") or "")
    ok = not since or since[:4] < str(day.year)
    what = (f"The {fmt(float(fact.value), 2)}% {direction} on {day} is the largest since "  # type: ignore[arg-type]
            f"{since or 'the start of the data'}")
    return Verdict(claim, "supported" if ok else "contradicted",
                   what + (", so the largest of the year." if ok else ", not of the year."),
                   float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]


def _streak(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"has risen for six straight sessions[, its longest winning streak since Sept. 19]"."""
    day = claim.period.end
    unit = str(claim.extra.get("unit") or "days")
    if unit not in ("days", "weeks", "months"):
        return not_checkable(claim, f"No streak rule for {unit}.")
    fact = streaks.current_streak(bars, day, unit)  # type: ignore[arg-type]
    ctx = fact.context
    want_dir = claim.extra.get("streak_direction")
    n, words = int(fact.value or 0), {"days": "sessions"}.get(unit, unit)
    what = f"the {ctx['direction']} streak to {fact.period.end}: {n} {words}"
    if claim.metric is Metric.STREAK:
        if ctx["direction"] != want_dir or n != int(claim.value or 0):
            return Verdict(claim, "contradicted", f"{cap(what)}, not {claim.text.strip()} "
                           f"{'up' if want_dir == 'up' else 'down'}.", float(n), (fact,),
                           source_of(fact))
        return Verdict(claim, "supported", f"{cap(what)}.", float(n), (fact,), source_of(fact))
    since = ctx.get("since")
    got = since.isoformat() if isinstance(since, dt.date) else since
    if ctx["direction"] == want_dir and n == int(claim.extra.get("length") or n) and \
            got == claim.extra.get("since"):
        tail = f"the last as long ended on {got}" if got else "none as long before it"
        return Verdict(claim, "supported", f"{cap(what)}; {tail}.", float(n), (fact,),
                       source_of(fact))
    return Verdict(claim, "contradicted", f"{cap(what)}; the last {want_dir} streak at least as "
                   f"long ended on {got or 'no earlier date (longest in the data)'}, not "
                   f"{claim.extra.get('since') or 'never'}.", float(n), (fact,), source_of(fact))


def _seasonal(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    month = claim.period.month
    if month is None:
        return not_checkable(claim, "No calendar month named for the seasonal figure.")
    yrs = claim.extra.get("years")
    facts = {f.metric: f for f in seasonality.seasonal_facts(
        bars, claim.period.end, month, years=(int(yrs[0]), int(yrs[1])) if yrs else None)}
    if claim.metric is Metric.SEASONAL_AVERAGE:
        fact = facts.get(Metric.SEASONAL_AVERAGE)
        if fact is None:
            return not_checkable(claim, "No complete months of that kind in the data.")
        return judge(claim, fact, float(fact.value),  # type: ignore[arg-type]
                      f"the average {fact.context['month_name']} return over "
                      f"{fact.context['years']}")
    fact = facts.get(claim.metric)  # type: ignore[arg-type]
    if fact is None:
        return not_checkable(claim, "No seasonal table in the data.")
    word = "best" if claim.metric is Metric.SEASONAL_BEST_MONTH else "worst"
    ok = fact.context["month"] == month
    status = "supported" if ok else "contradicted"
    return Verdict(claim, status, f"On average ({fact.context['years']}) the {word} month is "  # type: ignore[arg-type]
                   f"{fact.context['month_name']} ({fmt(float(fact.value), 2)}%).",  # type: ignore[arg-type]
                   float(fact.value), (fact,), source_of(fact))  # type: ignore[arg-type]


_HANDLERS: dict[Metric, Callable[[Verifier, Claim, pl.DataFrame], Verdict]] = {
    Metric.CLOSE: _day, Metric.CHANGE_PCT: _day, Metric.CHANGE_PTS: _day, Metric.HIGH: _day,
    Metric.LOW: _day, Metric.INTRADAY_HIGH_CHANGE_PCT: _day, Metric.INTRADAY_LOW_CHANGE_PCT: _day,
    Metric.PERIOD_RETURN: _period, Metric.PERIOD_TOTAL_RETURN: _period, Metric.SPREAD: _spread,
    Metric.PERIOD_CHANGE_PTS: _period_points,
    Metric.YIELD_LEVEL: _yield_level, Metric.YIELD_CHANGE_BP: _yield_change,
    Metric.LARGEST_SINCE: _largest_since, Metric.LARGEST_OF_YEAR: _largest_of_year,
    Metric.RECORD_CLOSE: records_v.record, Metric.RECORD_HIGH: records_v.record,
    Metric.RECORD_CLOSE_COUNT: records_v.record_count, Metric.SEASONAL_AVERAGE: _seasonal,
    Metric.SEASONAL_BEST_MONTH: _seasonal, Metric.SEASONAL_WORST_MONTH: _seasonal,
    Metric.PCT_FROM_RECORD_CLOSE: records_v.from_record, Metric.DRAWDOWN: records_v.drawdown, Metric.STREAK: _streak,
    Metric.LONGEST_STREAK: _streak, Metric.HIGHEST_CLOSE_SINCE: records_v.extreme,
    Metric.LOWEST_CLOSE_SINCE: records_v.extreme, Metric.N_YEAR_HIGH: records_v.extreme, Metric.N_YEAR_LOW: records_v.extreme,
    Metric.WEEK52_HIGH: records_v.extreme, Metric.WEEK52_LOW: records_v.extreme,
}

"""Verdicts on record-family claims: record close vs record intraday high, the distance from the
record, drawdowns, record counts, "highest close since", N-year and 52-week highs and lows. Every
figure comes from :mod:`marketdesk.facts.records` / :mod:`marketdesk.facts.drawdowns`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from ..facts import drawdowns, records
from ..facts.model import Fact, Metric
from .compare import fmt, matches
from .judging import judge, name_of, not_checkable, source_of
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["record", "from_record", "drawdown", "record_count", "extreme"]


def record(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    facts = {f.metric: f for f in records.record_facts(bars, claim.period.end)}
    want = Metric.RECORD_HIGH if claim.metric is Metric.RECORD_HIGH else Metric.RECORD_CLOSE
    other = Metric.RECORD_CLOSE if want is Metric.RECORD_HIGH else Metric.RECORD_HIGH
    fact = facts.get(want)
    if fact is None:
        return not_checkable(claim, "No record could be computed for that series.")
    stated, date = float(claim.value or 0), claim.extra.get("date")
    cands = [(float(fact.value), str(fact.context["date"]), "")]  # type: ignore[arg-type]
    prev = fact.context.get("previous")
    if fact.context.get("is_new") and prev:
        cands.insert(0, (float(prev["value"]), str(prev["date"]), "previous "))
    kind = "record close" if want is Metric.RECORD_CLOSE else "record intraday high"
    for value, when, which in cands:
        if matches(stated, value, claim.decimals, claim.qualifier) and (
                not date or when.startswith(str(date))):
            return Verdict(claim, "supported", f"The {which}{kind} is {fmt(value)} set on {when}.",
                           value, (fact,), source_of(fact))
    value, when, which = cands[0]
    msg = f"The {which}{kind} in force was {fmt(value)} set on {when}"
    if fact.context.get("is_new"):
        msg += (f", and the {fact.context['date']} high of {fmt(float(fact.value))} beat it"  # type: ignore[arg-type]
                if want is Metric.RECORD_HIGH else
                f", and the {fact.context['date']} close of {fmt(float(fact.value))} beat it")  # type: ignore[arg-type]
    alt = facts.get(other)
    used: tuple[Fact, ...] = (fact,)
    if alt is not None and matches(stated, float(alt.value), claim.decimals, "exact"):  # type: ignore[arg-type]
        alt_kind = "record close" if other is Metric.RECORD_CLOSE else "record intraday high"
        msg = f"{fmt(stated)} is the {alt_kind} of {alt.context['date']}, not the {kind}; " + \
            msg[0].lower() + msg[1:]
        used = (fact, alt)
    elif date and not str(when).startswith(str(date)) and matches(stated, value, claim.decimals,
                                                                 claim.qualifier):
        msg = f"The {kind} {fmt(value)} was set on {when}, not {date}"
    return Verdict(claim, "contradicted", msg + ".", value, used, source_of(fact))


def from_record(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"a gap of 0.23%" / "29.53% below its record close": the distance below the record close."""
    day = claim.period.end
    facts = {f.metric: f for f in records.record_facts(bars, day)}
    fact = facts.get(Metric.PCT_FROM_RECORD_CLOSE)
    if fact is None or fact.as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day} to compare with its "
                          "record close.")
    ctx = fact.context
    return judge(claim, fact, float(fact.value),  # type: ignore[arg-type]
                  f"the distance of the {day} close ({fmt(float(ctx['close']))}) below the "
                  f"record close of {fmt(float(ctx['record']))} from {ctx['record_date']}")


def drawdown(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"It closed 29.53% below its record close": the drawdown from the running peak close."""
    day = claim.period.end
    fact = drawdowns.current_drawdown(bars, day)
    if fact.as_of != day and fact.period.end != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day}.")
    ctx = fact.context
    return judge(claim, fact, float(fact.value),  # type: ignore[arg-type]
                  f"the {fact.period.end} close against the peak close of "
                  f"{fmt(float(ctx['peak_level']))} from {ctx['peak_date']}")


def record_count(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    when = claim.extra.get("date")
    day = dt.date.fromisoformat(str(when)) if when and len(str(when)) == 10 else claim.period.end
    facts = {f.metric: f for f in records.record_facts(bars, day)}
    fact = facts.get(Metric.RECORD_CLOSE_COUNT)
    if fact is None or fact.as_of != day:
        return not_checkable(claim, f"No bar on {day} to count record closes at.")
    ordinal, count = fact.context.get("ordinal"), int(fact.value)  # type: ignore[arg-type]
    if ordinal is not None and ordinal == int(claim.value or 0):
        return Verdict(claim, "supported", f"The {day} close was record close number {ordinal} of "
                       f"{fact.context['year']}.", float(count), (fact,), source_of(fact))
    if ordinal is None:
        return Verdict(claim, "contradicted", f"The {day} close was not a record close; "
                       f"{fact.context['year']} had {count} record closes up to that day.",
                       float(count), (fact,), source_of(fact))
    return Verdict(claim, "contradicted", f"The {day} close was record close number {ordinal} of "
                   f"{fact.context['year']}, not {claim.text}.", float(count), (fact,), source_of(fact))


def since_precision(since: str) -> str:
    return {4: "year", 7: "month"}.get(len(since), "day")


def extreme(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its highest close since Nov. 8, 2021", "a three-year high", "a 52-week low": the as-of
    close against earlier closes, from :func:`records.record_facts` (closing basis only)."""
    day, want = claim.period.end, claim.metric
    high = want in (Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.WEEK52_HIGH)
    word = "high" if high else "low"
    if claim.extra.get("forecast"):
        return not_checkable(claim, "A forecast: it says what may happen, not what the data show.")
    if claim.extra.get("basis") == "intraday":
        return not_checkable(claim, f"An intraday {word}: the facts give highest/lowest-since, N-year and "
                          "52-week figures on closes only, not on intraday highs and lows.")
    facts = {f.metric: f for f in records.record_facts(bars, day)}
    since_m = Metric.HIGHEST_CLOSE_SINCE if high else Metric.LOWEST_CLOSE_SINCE
    base = facts.get(since_m)
    if base is None or base.as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day} to compare with "
                          "earlier closes.")
    ctx = base.context
    close = float(ctx["close"])
    est = "highest" if high else "lowest"
    if ctx.get("on_record"):
        got = f"the {est} close in the data (from {ctx['first_date']})"
    else:
        got = (f"the {est} close since {ctx['since_date']} ({fmt(float(ctx['since_close']))}, "
               f"{ctx['calendar_days']} calendar days earlier)")
    what = f"On a closing basis, the {day} close of {fmt(close)} is {got}"
    src = source_of(base)
    if want in (Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE):
        since = str(claim.extra.get("since") or "")
        prec = since_precision(since)
        got_s = ctx.get("since_date")
        if got_s is not None and str(got_s).startswith(since):
            return Verdict(claim, "supported", f"{what}; the stated {since} matches to the "
                           f"{prec}.", close, (base,), src)
        return Verdict(claim, "contradicted", f"{what}, not since {since}.", close, (base,), src)
    if want in (Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW):
        years = int(claim.extra.get("years") or 1)
        nfact = facts.get(Metric.N_YEAR_HIGH if high else Metric.N_YEAR_LOW)
        if ctx.get("on_record"):
            return Verdict(claim, "supported", f"{what}: a {years}-year {word} and more.", close,
                           (base,), src)
        n = int(nfact.value) if nfact is not None else 0  # type: ignore[arg-type]
        used = (nfact,) if nfact is not None else (base,)
        if n >= years:
            more = "" if n == years else f" (in fact a {n}-year {word})"
            return Verdict(claim, "supported", f"{what}: a {years}-year {word}{more}.", close,
                           used, src)
        span = f"a {n}-year {word}" if n else f"not even a one-year {word}"
        return Verdict(claim, "contradicted", f"{what}: {span}, not a {years}-year {word}.",
                       close, used, src)
    wfact = facts.get(want)  # type: ignore[arg-type]
    if wfact is None:
        return not_checkable(claim, "No 52-week window in the data.")
    w = wfact.context
    level = float(wfact.value)  # type: ignore[arg-type]
    window = f"52 weeks = 365 calendar days back from {day} (from {w['window_start']})"
    if level == close:
        tie = "" if w.get("is_new") else f", equal to the earlier close of {w['date']}"
        return Verdict(claim, "supported", f"On a closing basis, the {day} close of {fmt(close)} "
                       f"is the 52-week {word} close{tie}; {window}.", close, (wfact,),
                       source_of(wfact))
    return Verdict(claim, "contradicted", f"On a closing basis, the 52-week {word} close is "
                   f"{fmt(level)} from {w['date']}; the {day} close of {fmt(close)} is "
                   f"{fmt(abs(float(w['pct_from'])), 2)}% {'below' if high else 'above'} it; "
                   f"{window}.", close, (wfact,), source_of(wfact))

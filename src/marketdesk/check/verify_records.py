"""Verdicts on record-family claims: record close vs record intraday high, the distance from the
record, drawdowns, record counts, "highest close since", N-year and 52-week highs and lows, first
closes above / below a level, the largest and the N-th largest daily moves, correction and bear
market. Every figure is a Fact from :func:`marketdesk.facts.engine.answer` (asked through
:meth:`.verify.Verifier.ask`); nothing is computed here.

"Ever" / "in its history" claims need the data to reach back to the start of the index's history
(:func:`history_covered`): ^DJI data starting in 1992 can say "the largest point drop in data going
back to 1992", not "in its history" — such a claim is then not checkable, unless the data alone
already disprove it (a larger move inside the data).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal, cast

import polars as pl

from .. import calendar as cal
from ..facts.series import first_date
from ..facts import contexts
from ..facts.contexts import FirstMoveSince
from ..facts.model import Fact, Metric
from ..facts.query import Basis, NoAnswer, Params, PeriodSpec
from ..instruments import load_instruments
from .compare import fmt, matches
from .entities import instrument_kind
from .judging import judge, name_of, no_answer, not_checkable, source_of
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = [
    "HISTORY_START",
    "change_rank",
    "change_record",
    "drawdown",
    "drawdown_state",
    "extreme",
    "first_close",
    "first_move_since",
    "gains_erased",
    "year_rank",
    "milestone_count",
    "milestone_gap",
    "moving_average",
    "record_streak",
    "from_record",
    "history_covered",
    "record",
    "record_count",
]

#: The first close of each index's own history, where the store's data may begin later. Data that
#: begin after it cannot settle an "ever" claim. An instrument's ``history_start`` attribute, when
#: the instrument table has one, takes precedence; an instrument in neither is not covered.
HISTORY_START: dict[str, dt.date] = {
    "^DJI": dt.date(1896, 5, 26),
    "^GSPC": dt.date(1928, 1, 3),
    "^IXIC": dt.date(1971, 2, 5),
    "^RUT": dt.date(1979, 1, 2),
}


def history_covered(symbol: str, data_start: dt.date) -> bool:
    """True if data beginning on ``data_start`` hold ``symbol``'s whole history (within a week)."""
    inst = load_instruments().get(symbol)
    start = getattr(inst, "history_start", None) or HISTORY_START.get(symbol)
    return isinstance(start, dt.date) and data_start <= start + dt.timedelta(days=7)


def _day(claim: Claim) -> PeriodSpec:
    return PeriodSpec.day(claim.period.end)


def _facts(v: Verifier, claim: Claim, bars: pl.DataFrame, *metrics: Metric,
           day: dt.date | None = None) -> dict[Metric, Fact | NoAnswer]:
    spec = PeriodSpec.day(day) if day is not None else _day(claim)
    return {m: v.ask(claim, bars, m, period=spec) for m in metrics}


def record(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    want = Metric.RECORD_HIGH if claim.metric is Metric.RECORD_HIGH else Metric.RECORD_CLOSE
    other = Metric.RECORD_CLOSE if want is Metric.RECORD_HIGH else Metric.RECORD_HIGH
    answers = _facts(v, claim, bars, want, other)
    fact = answers[want]
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, "No record could be computed for that series")
    if claim.extra.get("set_on"):
        return _record_date(claim, fact, answers[other])
    rctx = fact.context
    assert isinstance(rctx, contexts.RecordLevel)
    if claim.value is None:     # "closed at a record", "hit an all-time high": a new record?
        kind = "record close" if want is Metric.RECORD_CLOSE else "record intraday high"
        what = "close" if want is Metric.RECORD_CLOSE else "high"
        if rctx.is_new:
            prev = rctx.previous
            return Verdict(claim, "supported", f"The {rctx.date} {what} of "
                           f"{fmt(float(fact.value or 0))} is a new {kind}" +
                           (f" (the previous one: {fmt(float(prev.value))} on {prev.date})."
                            if prev else "."), float(fact.value or 0), (fact,), source_of(fact))
        return Verdict(claim, "contradicted", f"No new {kind} on {claim.period.end}: the record "
                       f"in force is {fmt(float(fact.value or 0))} set on {rctx.date}.",
                       float(fact.value or 0), (fact,), source_of(fact))
    stated, date = float(claim.value or 0), claim.extra.get("date")
    cands = [(float(fact.value or 0), str(rctx.date), "")]
    prev = rctx.previous
    if rctx.is_new and prev:
        cands.insert(0, (float(prev.value), str(prev.date), "previous "))
    kind = "record close" if want is Metric.RECORD_CLOSE else "record intraday high"
    for value, when, which in cands:
        cent = claim.decimals == 2 and claim.qualifier == "exact" and \
            abs(stated - value) <= 0.02 + 1e-9 and not matches(stated, value, 2, "exact")
        if (matches(stated, value, claim.decimals, claim.qualifier) or cent) and (
                not date or when.startswith(str(date))):
            note = " (within two cents: one source a cent off at each end)" if cent else ""
            return Verdict(claim, "supported", f"The {which}{kind} is {fmt(value)} set on "
                           f"{when}{note}.", value, (fact,), source_of(fact),
                           within_source_precision=cent)
    value, when, which = cands[0]
    msg = f"The {which}{kind} in force was {fmt(value)} set on {when}"
    if rctx.is_new:
        msg += (f", and the {rctx.date} high of {fmt(float(fact.value or 0))} beat it"
                if want is Metric.RECORD_HIGH else
                f", and the {rctx.date} close of {fmt(float(fact.value or 0))} beat it")
    alt = answers[other]
    used: tuple[Fact, ...] = (fact,)
    if isinstance(alt, Fact) and matches(stated, float(alt.value or 0), claim.decimals, "exact"):
        alt_kind = "record close" if other is Metric.RECORD_CLOSE else "record intraday high"
        alt_ctx = alt.context
        assert isinstance(alt_ctx, contexts.RecordLevel)
        msg = f"{fmt(stated)} is the {alt_kind} of {alt_ctx.date}, not the {kind}; " + \
            msg[0].lower() + msg[1:]
        used = (fact, alt)
    elif date and not str(when).startswith(str(date)) and matches(stated, value, claim.decimals,
                                                                 claim.qualifier):
        msg = f"The {kind} {fmt(value)} was set on {when}, not {date}"
    else:
        msg += f"; the text says {claim.text.strip()}"
    return Verdict(claim, "contradicted", msg + ".", value, used, source_of(fact))


def _record_date(claim: Claim, close: Fact, high: Fact | NoAnswer) -> Verdict:
    """"from its record close set Aug. 29": the record close in force at the session was set on
    that day (or in that month); "record high" / "peak" is also answered by the record intraday
    high. A record set at the session itself leaves the previous one as "its record" too."""
    set_on = str(claim.extra["set_on"])
    facts = [close] + ([high] if claim.extra.get("high") and isinstance(high, Fact) else [])
    for fact in facts:
        kind = "record close" if fact.metric is Metric.RECORD_CLOSE else "record intraday high"
        fctx = fact.context
        assert isinstance(fctx, contexts.RecordLevel)
        cands = [(str(fctx.date), float(fact.value or 0))]
        prev = fctx.previous
        if fctx.is_new and prev:
            cands.append((str(prev.date), float(prev.value)))
        for when, value in cands:
            if when.startswith(set_on) or ".." in set_on and \
                    set_on.split("..")[0] <= when <= set_on.split("..")[1]:
                return Verdict(claim, "supported", f"The {kind} in force on {claim.period.end} "
                               f"is {fmt(value)} set on {when}.", None, (fact,), source_of(fact))
    close_ctx = close.context
    assert isinstance(close_ctx, contexts.RecordLevel)
    when = str(close_ctx.date)
    msg = (f"The record close in force on {claim.period.end} is {fmt(float(close.value or 0))} "
           f"set on {when}")
    if isinstance(high, Fact) and len(facts) > 1:
        high_ctx = high.context
        assert isinstance(high_ctx, contexts.RecordLevel)
        msg += f", and the record intraday high {fmt(float(high.value or 0))} was set on " \
            f"{high_ctx.date}"
    msg += f"; the text says {set_on}."
    if claim.extra.get("anchor") != "named" or set_on > claim.period.end.isoformat():
        return not_checkable(claim, msg[0].upper() + msg[1:])
    return Verdict(claim, "contradicted", msg, None, tuple(facts), source_of(close))


def record_streak(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"six straight record highs": the record closes (or record intraday highs, when the words
    allow) in a row to the session. Supported when a reading's run is the stated count; not
    checkable when a run is longer (the count is the story's, e.g. a group's joint run);
    contradicted when every reading's run is shorter and the subject is named."""
    basis = claim.extra.get("basis")
    bases: list[Basis] = ["close"] if basis == "close" else ["intraday"] if basis == "intraday" \
        else ["close", "intraday"]
    stated = int(claim.value or 0)
    runs: list[tuple[Fact, int]] = []
    for b in bases:
        fact = v.ask(claim, bars, Metric.RECORD_STREAK, period=_day(claim), basis=b)
        if isinstance(fact, Fact):
            runs.append((fact, int(fact.value or 0)))
    if not runs:
        return not_checkable(claim, f"No bar of {name_of(claim.subject or '')} on "
                             f"{claim.period.end} to count records to.")

    def told(fact: Fact, run: int) -> str:
        rr = fact.context
        assert isinstance(rr, contexts.RecordRun)
        what = "record intraday highs" if rr.basis == "intraday" else "record closes"
        return (f"{run} {what} in a row to {fact.as_of}" +
                (f" (from {rr.first_date})" if run else ""))

    group = bool(claim.extra.get("group"))   # "For the second straight day, all four major
    for fact, run in runs:                    # indexes touched records": each for at least two
        if run == stated or (group and run > stated):
            return Verdict(claim, "supported", told(fact, run)[0].upper() + told(fact, run)[1:]
                           + (f" (at least {stated}, as the group's run needs)." if run > stated
                              else "."), float(run), (fact,), source_of(fact))
    msg = "; ".join(told(f, r) for f, r in runs) + f", not {stated}."
    msg = msg[0].upper() + msg[1:]
    if any(r > stated for _, r in runs) or claim.extra.get("anchor") != "named":
        return not_checkable(claim, msg)
    fact, run = runs[0]
    return Verdict(claim, "contradicted", msg, float(run), tuple(f for f, _ in runs),
                   source_of(fact))


#: A stated moving average this far (relative) from every convention's value is wrong, not a
#: matter of window or session conventions.
MA_WRONG_REL = 0.002


def moving_average(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its 50-day moving average is $473.79": the mean of the last N closes to the session, or
    to the session before (a story may quote the average as of the previous close). Supported when
    either rounds to the stated figure (within a cent, or FRED's 0.005 for a yield); contradicted
    when both are more than :data:`MA_WRONG_REL` away and the subject is named; else not checkable
    (window and half-day conventions differ)."""
    n = int(str(claim.extra.get("window")))
    day = claim.period.end
    got: list[Fact] = []
    for d in (day, cal.previous_session(day)):
        f = v.ask(claim, bars, Metric.MOVING_AVERAGE, period=PeriodSpec.day(d),
                  params=Params(window=n))
        if isinstance(f, NoAnswer):
            if not got:
                return no_answer(claim, f)
            break
        got.append(f)
    stated = float(claim.value or 0)
    slack = 0.005 if instrument_kind(claim.subject or "") == "yield" else 0.01
    for f in got:
        avg = float(f.value or 0)
        if matches(stated, avg, claim.decimals, claim.qualifier) or \
                abs(stated - avg) <= slack + 1e-9:
            return Verdict(claim, "supported", f"The {n}-session average of closes to {f.as_of} "
                           f"was {fmt(avg, max(2, claim.decimals))}.", avg, (f,), source_of(f))
    shown = "; ".join(f"{fmt(float(f.value or 0), max(2, claim.decimals))} to {f.as_of}"
                      for f in got)
    msg = f"The {n}-session average of closes was {shown}, not {claim.text.strip()}."
    far = all(abs(stated / float(f.value) - 1.0) > MA_WRONG_REL for f in got if f.value)
    if far and claim.extra.get("anchor") in ("named", "pronoun"):
        return Verdict(claim, "contradicted", msg, float(got[0].value or 0), tuple(got),
                       source_of(got[0]))
    return not_checkable(claim, msg + " Moving-average conventions (window, sessions) differ "
                         "by more than the rounding.")


def gains_erased(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"wiped out their gains since the election": the price return since that close is at or
    below zero."""
    f = v.ask(claim, bars, Metric.PERIOD_RETURN)
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    got = float(f.value or 0)
    msg = f"The price return since {claim.period.start} was {fmt(got, 2)}%"
    if got <= 0:
        return Verdict(claim, "supported", msg + ": the gains are gone.", got, (f,), source_of(f))
    if claim.extra.get("anchor") == "named":
        return Verdict(claim, "contradicted", msg + ": still a gain.", got, (f,), source_of(f))
    return not_checkable(claim, msg + ": still a gain.")


def year_rank(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"2019 was the second best year of the decade": the year's rank by price return among the
    years from ``extra["first_year"]`` to it (the running year to date counts as its own)."""
    first = int(str(claim.extra["first_year"]))
    order: Literal["up", "down"] = "down" if claim.extra.get("order") == "worst" else "up"
    year = claim.period.year or claim.period.end.year
    f = v.ask(claim, bars, Metric.RANK, period=PeriodSpec.ytd(claim.period.end)
              if year == claim.period.end.year else PeriodSpec.calendar_year(year),
              params=Params(start=dt.date(first, 1, 1), direction=order))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    got, stated = int(f.value or 0), int(claim.value or 0)
    word = "worst" if order == "down" else "best"
    rank_ctx = f.context
    assert isinstance(rank_ctx, contexts.Rank)
    msg = (f"{claim.period.year} ranks {got} of {rank_ctx.of} years from {first} by price "
           f"return ({word} first)")
    if got == stated:
        return Verdict(claim, "supported", msg + ".", float(got), (f,), source_of(f))
    return Verdict(claim, "contradicted", f"{msg}, not {stated}.", float(got), (f,),
                   source_of(f))


def first_move_since(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its first monthly drop since January" / "its first loss in eight months": the period
    moved that way and the last earlier such move came then (at the stated granularity) or that
    many periods before. One more period than stated is not checkable (counting conventions);
    otherwise a miss is contradicted when the subject is named."""
    unit = str(claim.extra.get("unit") or "days")
    move = "down" if claim.extra.get("move") == "down" else "up"
    f = v.ask(claim, bars, Metric.FIRST_MOVE_SINCE, period=_day(claim),
              params=Params(unit=unit, direction=move))  # type: ignore[arg-type]
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, FirstMoveSince)
    noun = {"days": "session", "weeks": "week", "months": "month", "quarters": "quarter",
            "years": "year"}[unit]
    word = "drop" if move == "down" else "gain"
    named = claim.extra.get("anchor") == "named" and bool(claim.extra.get("period_sure"))
    if not ctx.moved:
        msg = f"The {noun} to {f.as_of} was not a {word}."
        return Verdict(claim, "contradicted", msg, None, (f,), source_of(f)) if named else \
            not_checkable(claim, msg)
    prev = ctx.previous_date
    if prev is None:
        return not_checkable(claim, f"No earlier {noun}ly {word} in the data (from "
                             f"{ctx.data_start}).")
    head = f"The {noun} to {f.as_of} was a {word}; the previous {word} was the {noun} to {prev}"
    since = claim.extra.get("since")
    if since is not None:
        if prev.isoformat().startswith(str(since)):
            return Verdict(claim, "supported", f"{head}.", None, (f,), source_of(f))
        msg = f"{head}, not {since}."
        return Verdict(claim, "contradicted", msg, None, (f,), source_of(f)) if named else \
            not_checkable(claim, msg)
    got, stated = int(f.value or 0), int(claim.value or 0)
    msg = f"{head}, {got} {noun}s earlier"
    if got == stated:
        return Verdict(claim, "supported", f"{msg}.", float(got), (f,), source_of(f))
    if got == stated + 1 or not named:
        return not_checkable(claim, f"{msg}, not {stated} (the words may count the {noun}s "
                             "in between).")
    return Verdict(claim, "contradicted", f"{msg}, not {stated}.", float(got), (f,),
                   source_of(f))


_DAYS_PER = {"weeks": 7.0, "months": 365.25 / 12, "years": 365.25}


def _first_in_year(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"first crossed 20,000 in 2017": the first close (or, unless the text says closed, the
    first trade) above the level came in that year. Not checkable when the data begin at or after
    that first day (the index may have crossed before) or when no reading matches (the words may
    also mean the first time within that year)."""
    level, year = float(str(claim.extra["level"])), str(claim.extra["first_in"])
    bases: list[Basis] = ["close"] if claim.extra.get("basis") == "close" else ["close", "intraday"]
    seen: list[str] = []
    for basis in bases:
        f = v.ask(claim, bars, Metric.MILESTONE_GAP, period=_day(claim), basis=basis,
                  params=Params(from_level=level))
        if isinstance(f, NoAnswer):
            continue
        gap = f.context
        assert isinstance(gap, contexts.MilestoneGap)
        first: dt.date = gap.from_date
        what = f"first {'trade' if basis == 'intraday' else 'close'} above {fmt(level)}"
        if first <= gap.data_start:
            return not_checkable(claim, f"The data begin on {gap.data_start}, already "
                                 f"above {fmt(level)}: the {what} may have come earlier.")
        if first.isoformat().startswith(year):
            return Verdict(claim, "supported", f"The {what} was on {first}.", level, (f,),
                           source_of(f))
        seen.append(f"the {what} was on {first}")
    if not seen:
        return not_checkable(claim, f"No close above {fmt(level)} in the data up to "
                             f"{claim.period.end}.")
    return not_checkable(claim, "; ".join(seen).capitalize() + f", not in {year} (the words may "
                         "also mean the first time within that year).")


def milestone_gap(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"just eight trading days after it ended above 25,000 for the first time": the sessions
    (or calendar days, weeks, months) from the first close above ``extra["from_level"]`` to the
    first close above ``extra["to_level"]`` (None: the claim's session). Each reading the words
    allow is asked (a first trade above the levels when the text does not say "closed"; both
    sessions and calendar days for a bare "days"); supported when one matches; contradicted only
    when the text fixes both (closes, sessions) and the subject is named."""
    x = claim.extra
    if x.get("rank"):                    # "the shortest such span in its history"
        start = first_date(bars)
        if isinstance(start, dt.date) and not history_covered(claim.subject or "", start):
            return not_checkable(claim, f"The data begin on {start}, after the index's history "
                                 "begins: its earlier milestones are not known (history too "
                                 "short).")
        return not_checkable(claim, "A rank of the gaps between milestones over the whole "
                             "history is not computed.")
    bases: list[Basis] = ["close"] if x.get("basis") == "close" else ["close", "intraday"]
    unit = str(x.get("span_unit"))
    units = ["sessions", "days"] if unit == "either" else [unit]
    high: float | None
    if x.get("from_level") is None:      # "107 sessions spent between 1,000-point milestones":
        close = v.ask(claim, bars, Metric.CLOSE, period=_day(claim))    # the last two passed
        if isinstance(close, NoAnswer):
            return no_answer(claim, close)
        step = float(str(x["step"]))
        reached = math.floor(float(close.value or 0) / step) * step
        low, high = reached - step, reached
    else:
        low = float(str(x["from_level"]))
        high = None if x.get("to_level") is None else float(str(x["to_level"]))
    year = x.get("in_year")
    params = Params(from_level=low, threshold=high)
    stated = float(claim.value or 0)
    tried: list[str] = []
    first: tuple[Fact, float] | None = None
    for basis in bases:
        fact = v.ask(claim, bars, Metric.MILESTONE_GAP, period=_day(claim), basis=basis,
                     params=params)
        if isinstance(fact, NoAnswer):
            if basis == "close":
                return no_answer(claim, fact)
            continue
        ctx = fact.context
        assert isinstance(ctx, contexts.MilestoneGap)
        for u in units:
            got = float(ctx.sessions) if u == "sessions" else \
                float(ctx.calendar_days) / _DAYS_PER.get(u, 1.0)
            first = first or (fact, got)
            what = (f"{'first trade' if basis == 'intraday' else 'first close'} above "
                    f"{fmt(low)} on {ctx.from_date} to "
                    + (f"the first above {fmt(high)} on {ctx.to_date}"
                       if high is not None else f"{ctx.to_date}"))
            shown = f"{got:.0f} {u}" if u in ("sessions", "days") else f"{got:.2f} {u}"
            tried.append(f"{what}: {shown}")
            if matches(stated, got, 0, claim.qualifier):
                if year is not None and ctx.to_date.year != int(str(year)):
                    return not_checkable(claim, f"From the {what}: {shown}, but the level was "
                                         f"reached in {ctx.to_date.year}, not {year}.")
                return Verdict(claim, "supported", f"From the {what}: {shown}.", got, (fact,),
                               source_of(fact))
    if first is None:
        return not_checkable(claim, "The levels were not first passed in the data.")
    fact, got = first
    first_ctx = fact.context
    assert isinstance(first_ctx, contexts.MilestoneGap)
    data_start: dt.date = first_ctx.data_start
    msg = "; ".join(tried) + f", not {claim.text.strip()}."
    msg = msg[0].upper() + msg[1:]
    if data_start >= first_ctx.from_date - dt.timedelta(days=7):
        return not_checkable(claim, f"The data start {data_start}, too late to know the first "
                             f"close above {fmt(low)}.")
    if bases == ["close"] and units == ["sessions"] and x.get("anchor") == "named":
        return Verdict(claim, "contradicted", msg, got, (fact,), source_of(fact))
    return not_checkable(claim, "Not checkable: no reading the words allow matches: " + msg)


def milestone_count(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"crossed five 1,000-point marks in 2017" / "its seventh round-number milestone of the
    year": the multiples of ``extra["step"]`` first closed above in the period, above the close
    before it. An ordinal is also met when the session's close passed several levels at once.
    Contradicted only for a named subject; the words may also count levels first passed ever."""
    from .verify import period_spec
    spec = period_spec(claim.period)
    step = float(str(claim.extra["step"]))
    if spec is None:
        return not_checkable(claim, "No period for the count of levels.")
    fact = v.ask(claim, bars, Metric.MILESTONE_COUNT, period=spec, params=Params(threshold=step))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact)
    ctx = fact.context
    assert isinstance(ctx, contexts.MilestoneCount)
    got = int(fact.value or 0)
    stated = int(claim.value or 0)
    levels = ", ".join(f"{fmt(lv)} ({d})" for lv, d in zip(ctx.levels, ctx.dates)) or "none"
    msg = (f"Multiples of {fmt(step)} first closed above in {fact.period.label}, above the "
           f"{ctx.base_date} close of {fmt(ctx.base)}: {got} ({levels})")
    ok = got == stated
    if claim.extra.get("ordinal"):      # the session's level is the Nth: it may pass two at once
        today = [i + 1 for i, d in enumerate(ctx.dates) if d == fact.as_of]
        ok = stated in today
    if ok:
        return Verdict(claim, "supported", msg + ".", float(got), (fact,), source_of(fact))
    if claim.extra.get("anchor") == "named":
        return Verdict(claim, "contradicted", f"{msg}, not {stated}.", float(got), (fact,),
                       source_of(fact))
    return not_checkable(claim, f"Not checkable: {msg}, not {stated}.")


def from_record(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"a gap of 0.23%" / "29.53% below its record close": the distance below the record close."""
    day = claim.period.end
    fact = v.ask(claim, bars, Metric.PCT_FROM_RECORD_CLOSE, period=_day(claim))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, f"No {name_of(claim.subject or '')} close on {day} to "
                         "compare with its record close")
    if fact.as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day} to compare "
                             "with its record close.")
    ctx = fact.context
    assert isinstance(ctx, contexts.FromRecord)
    return judge(claim, fact, float(fact.value or 0),
                 f"the distance of the {day} close ({fmt(float(ctx.close))}) below the "
                 f"record close of {fmt(float(ctx.record))} from {ctx.record_date}")


def drawdown(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"It closed 29.53% below its record close": the drawdown from the running peak close."""
    day = claim.period.end
    fact = v.ask(claim, bars, Metric.DRAWDOWN, period=_day(claim))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, f"No {name_of(claim.subject or '')} close on {day}")
    if fact.as_of != day and fact.period.end != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day}.")
    ctx = fact.context
    assert isinstance(ctx, contexts.Drawdown)
    verdict = judge(claim, fact, float(fact.value or 0),
                    f"the {fact.period.end} close against the peak close of "
                    f"{fmt(float(ctx.peak_level))} from {ctx.peak_date}")
    if verdict.status == "contradicted" and claim.extra.get("loose_peak"):
        return not_checkable(claim, verdict.reason + " The text names a recent high, which may "
                             "not be the record close.")
    return verdict


def record_count(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    when = claim.extra.get("date")
    day = dt.date.fromisoformat(str(when)) if when and len(str(when)) == 10 else claim.period.end
    fact = v.ask(claim, bars, Metric.RECORD_CLOSE_COUNT, period=PeriodSpec.day(day))
    if isinstance(fact, NoAnswer) or fact.as_of != day:
        return not_checkable(claim, f"No bar on {day} to count record closes at.")
    cctx = fact.context
    assert isinstance(cctx, contexts.RecordCount)
    ordinal, count = cctx.ordinal, int(fact.value or 0)
    if claim.extra.get("cardinal"):     # "35 record closes thus far in 2017": the count
        ok = count == int(claim.value or 0)
        if abs(count - int(claim.value or 0)) == 1:
            return not_checkable(claim, f"{cctx.year} had {count} record closes up "
                                 f"to {day}: one off the stated {int(claim.value or 0)}, which a "
                                 "close a cent different in another source's history can make.")
        return Verdict(claim, "supported" if ok else "contradicted",
                       f"{cctx.year} had {count} record closes up to {day}"
                       + ("." if ok else f", not {int(claim.value or 0)}."), float(count),
                       (fact,), source_of(fact))
    if ordinal is not None and ordinal == int(claim.value or 0):
        return Verdict(claim, "supported", f"The {day} close was record close number {ordinal} of "
                       f"{cctx.year}.", float(count), (fact,), source_of(fact))
    if ordinal is None:
        return Verdict(claim, "contradicted", f"The {day} close was not a record close; "
                       f"{cctx.year} had {count} record closes up to that day.",
                       float(count), (fact,), source_of(fact))
    return Verdict(claim, "contradicted", f"The {day} close was record close number {ordinal} of "
                   f"{cctx.year}, not {claim.text}.", float(count), (fact,), source_of(fact))


def since_precision(since: str) -> str:
    return {4: "year", 7: "month"}.get(len(since), "day")


def extreme(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its highest close since Nov. 8, 2021", "a three-year high", "a 52-week low": the as-of
    close against earlier closes (closing basis only)."""
    day, want = claim.period.end, claim.metric
    assert want is not None
    high = want in (Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.WEEK52_HIGH)
    word = "high" if high else "low"
    if claim.extra.get("basis") == "intraday":
        return not_checkable(claim, f"An intraday {word}: the facts give highest/lowest-since, N-year and "
                          "52-week figures on closes only, not on intraday highs and lows.")
    since_m = Metric.HIGHEST_CLOSE_SINCE if high else Metric.LOWEST_CLOSE_SINCE
    base = v.ask(claim, bars, since_m, period=_day(claim))
    if isinstance(base, NoAnswer) or base.as_of != day:
        return not_checkable(claim, f"No {name_of(claim.subject or '')} close on {day} to compare with "
                          "earlier closes.")
    ctx = base.context
    assert isinstance(ctx, contexts.CloseSince)
    close = float(ctx.close)
    est = "highest" if high else "lowest"
    if ctx.on_record:
        got = f"the {est} close in the data (from {ctx.first_date})"
    else:
        since_close = float(cast(float, ctx.since_close))
        got = (f"the {est} close since {ctx.since_date} ({fmt(since_close)}, "
               f"{ctx.calendar_days} calendar days earlier)")
    what = f"On a closing basis, the {day} close of {fmt(close)} is {got}"
    src = source_of(base)
    if want in (Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE):
        since = str(claim.extra.get("since") or "")
        prec = since_precision(since)
        got_s = ctx.since_date
        if got_s is not None and str(got_s).startswith(since):
            return Verdict(claim, "supported", f"{what}; the stated {since} matches to the "
                           f"{prec}.", close, (base,), src)
        return Verdict(claim, "contradicted", f"{what}, not since {since}.", close, (base,), src)
    if want in (Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW):
        years = int(claim.extra.get("years") or 1)
        n_answer = v.ask(claim, bars, Metric.N_YEAR_HIGH if high else Metric.N_YEAR_LOW,
                         period=_day(claim))
        nfact = n_answer if isinstance(n_answer, Fact) else None
        if ctx.on_record:
            return Verdict(claim, "supported", f"{what}: a {years}-year {word} and more.", close,
                           (base,), src)
        n = int(nfact.value or 0) if nfact is not None else 0
        used = (nfact,) if nfact is not None else (base,)
        if n < years and ctx.calendar_days is not None and ctx.calendar_days > 365 * years:
            # the last close at least as high is more than ``years`` years back (a tie on the
            # same day of the year a year earlier included)
            return Verdict(claim, "supported", f"{what}: a {years}-year {word}.", close, (base,),
                           src)
        if n >= years:
            more = "" if n == years else f" (in fact a {n}-year {word})"
            return Verdict(claim, "supported", f"{what}: a {years}-year {word}{more}.", close,
                           used, src)
        span = f"a {n}-year {word}" if n else f"not even a one-year {word}"
        return Verdict(claim, "contradicted", f"{what}: {span}, not a {years}-year {word}.",
                       close, used, src)
    wfact = v.ask(claim, bars, want, period=_day(claim))
    if isinstance(wfact, NoAnswer):
        return not_checkable(claim, "No 52-week window in the data.")
    w = wfact.context
    assert isinstance(w, contexts.Week52)
    level = float(wfact.value or 0)
    window = f"52 weeks = 365 calendar days back from {day} (from {w.window_start})"
    if level == close:
        tie = "" if w.is_new else f", equal to the earlier close of {w.date}"
        return Verdict(claim, "supported", f"On a closing basis, the {day} close of {fmt(close)} "
                       f"is the 52-week {word} close{tie}; {window}.", close, (wfact,),
                       source_of(wfact))
    return Verdict(claim, "contradicted", f"On a closing basis, the 52-week {word} close is "
                   f"{fmt(level)} from {w.date}; the {day} close of {fmt(close)} is "
                   f"{fmt(abs(float(w.pct_from)), 2)}% {'below' if high else 'above'} it; "
                   f"{window}.", close, (wfact,), source_of(wfact))


# ------------------------------------------------------------ levels, move records, states --

_UNIT_DAYS = {"year": 365.25, "month": 30.44, "week": 7.0}


def _first_in_span(claim: Claim, fact: Fact, head: str, got: dt.date | None,
                   data_start: dt.date, ago: list[object]) -> Verdict:
    """"above 12,000 for the first time in 2 1/2 years": the last earlier close on that side
    came that long before the session (``ago``: amount, unit, qualifier). Supported when the
    gap rounds or truncates to the amount (at least it for "more than"); contradicted when it is off by more
    than one unit and a quarter of the amount; else not checkable (a story may count from an
    intraday crossing or a rounder date)."""
    n, unit, qual = float(cast(float, ago[0])), str(ago[1]), str(ago[2])
    stated = f"{'more than ' if qual in ('more than', 'over') else ''}{n:g} {unit}s"
    if got is None:
        if (claim.period.end - data_start).days / _UNIT_DAYS[unit] > n + 1:
            return Verdict(claim, "contradicted", f"{head}, the first such close in the data "
                           f"(from {data_start}), not the first in {stated}.", None, (fact,),
                           source_of(fact))
        return not_checkable(claim, f"{head}, the first such close in the data (from "
                             f"{data_start}), which may not reach back {stated}.", (fact,))
    gap = (claim.period.end - got).days / _UNIT_DAYS[unit]
    tol = 0.25 if n % 1 else 0.5
    if qual in ("more than", "over"):
        ok = gap >= n - tol
    elif qual in ("nearly", "almost"):
        ok = n - 1 - tol <= gap <= n + tol
    else:
        # ("in 18 months" for 18.6: rounded or counted in whole months)
        ok = n - tol - (qual != "") <= gap < n + (tol if n % 1 else 1) + (qual != "")
    what = f"{head}, the first such close since {got}, {gap:.1f} {unit}s before"
    if ok:
        return Verdict(claim, "supported", f"{what}: {stated}.", None, (fact,), source_of(fact))
    if abs(gap - n) > 1 + 0.25 * n:
        return Verdict(claim, "contradicted", f"{what}, not {stated}.", None, (fact,),
                       source_of(fact))
    return not_checkable(claim, f"{what}: near {stated}, not clearly it.", (fact,))


def first_close(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its first close above 6,000" / "first close below 40,000 since May 17".

    Claim: metric FIRST_CLOSE_ABOVE / FIRST_CLOSE_BELOW, ``value`` the level, ``extra["level"]``
    (float, else ``value``), optional ``extra["since"]`` (ISO date, ``YYYY-MM`` or ``YYYY``: the
    previous close on that side dates to it at that granularity). Supported when the session's
    close is on that side and the previous close was not (and, without ``since``, no earlier close
    in the data was; with it, the last earlier one dates to it); contradicted otherwise; not
    checkable when no earlier close in the data is on the other side (the data may begin after the
    index crossed the level) or the data begin after ``since``.
    """
    if claim.extra.get("first_in"):
        return _first_in_year(v, claim, bars)
    above = claim.metric is Metric.FIRST_CLOSE_ABOVE
    side = "above" if above else "below"
    raw = claim.extra.get("level", claim.value)
    if raw is None:
        return not_checkable(claim, f"No level stated for a first close {side} it.")
    level = float(raw)
    found = v.ask(claim, bars, period=_day(claim), params=Params(threshold=level))
    if isinstance(found, NoAnswer):
        if found.reason == "not_applicable":
            close_fact = v.ask(claim, bars, Metric.CLOSE, period=_day(claim))
            if isinstance(close_fact, Fact):
                return Verdict(claim, "contradicted", f"The {close_fact.as_of} close of "
                               f"{fmt(float(close_fact.value or 0))} is not {side} {fmt(level)}.",
                               float(close_fact.value or 0), (close_fact,), source_of(close_fact))
        return no_answer(claim, found)
    fact = found
    ctx = fact.context
    assert isinstance(ctx, contexts.LevelCross)
    close = float(ctx.close)
    head = f"The {fact.as_of} close of {fmt(close)} is {side} {fmt(level)}"
    src = source_of(fact)
    data_start: dt.date = ctx.data_start
    if not ctx.crossed:
        return Verdict(claim, "contradicted", f"{head}, but so was the previous close "
                       f"({fmt(float(cast(float, ctx.previous_close)))} on "
                       f"{ctx.previous_date}): not a "
                       "first close.", close, (fact,), src)
    got: dt.date | None = ctx.since
    since = claim.extra.get("since")
    if claim.extra.get("since_event"):
        shown = f"since {got}" if got is not None else f"in the data (from {data_start})"
        return not_checkable(claim, f"{head}, the first such close {shown}; the text counts from "
                             "an event it does not date.", (fact,))
    ago = claim.extra.get("since_ago")
    if isinstance(ago, list) and not since:
        return _first_in_span(claim, fact, head, got, data_start, ago)
    if since:
        since_s = since.isoformat() if isinstance(since, dt.date) else str(since)
        if got is not None and got.isoformat().startswith(since_s):
            return Verdict(claim, "supported", f"{head}, the first such close since {got}; the "
                           f"stated {since_s} matches to the {since_precision(since_s)}.",
                           close, (fact,), src)
        if got is None and data_start.isoformat()[:len(since_s)] >= since_s:
            return not_checkable(claim, f"{head}, the first such close in the data, which begin "
                                 f"on {data_start}, not before {since_s}.", (fact,))
        shown = f"since {got}" if got is not None else f"in the data (from {data_start})"
        if got is not None and len(since_s) == 10 and \
                cal.next_session(got).isoformat() == since_s:
            # "below 11,000 for the first time since July 16" when July 15 was the last close
            # below: the story counts from the day it got back above (or from an intraday dip)
            return not_checkable(claim, f"{head}, the first such close {shown}, the session "
                                 f"before the stated {since_s}: a count from the day after, or "
                                 "from an intraday crossing.", (fact,))
        return Verdict(claim, "contradicted", f"{head}, the first such close {shown}, not since "
                       f"{since_s}.", close, (fact,), src)
    if got is not None:
        return Verdict(claim, "contradicted", f"{head}, but not for the first time: the data "
                       f"hold earlier closes {side} it (the first on {ctx.first_date}, the "
                       f"last on {got}).", close, (fact,), src)
    if ctx.previous_date is None:
        return not_checkable(claim, f"{head}, but it is the first close in the data (from "
                             f"{data_start}): an earlier crossing cannot be ruled out.", (fact,))
    return Verdict(claim, "supported", f"{head} for the first time in the data (from "
                   f"{data_start}; the previous close was "
                   f"{fmt(float(cast(float, ctx.previous_close)))}).",
                   close, (fact,), src)


def _own_move(v: Verifier, claim: Claim, bars: pl.DataFrame,
              pts: bool) -> Fact | NoAnswer:
    """The session's move ranked in the data (CHANGE_PTS_RANK / CHANGE_PCT_RANK)."""
    return v.ask(claim, bars, Metric.CHANGE_PTS_RANK if pts else Metric.CHANGE_PCT_RANK,
                 period=_day(claim))


def _move_words(fact: Fact, pts: bool) -> str:
    ctx = fact.context
    assert isinstance(ctx, contexts.ChangeRank)
    ch = float(ctx.change)
    return (f"{'+' if ch > 0 else ''}{fmt(ch, 2)} points" if pts
            else f"{'+' if ch > 0 else ''}{fmt(ch, 2)}%")


def _wrong_way(claim: Claim, own: Fact, want: object, pts: bool) -> Verdict | None:
    ctx = own.context
    assert isinstance(ctx, contexts.ChangeRank)
    got = ctx.direction
    if got == want:
        return None
    return Verdict(claim, "contradicted", f"Wrong direction: {own.as_of} was a {got} "
                   f"({_move_words(own, pts)}), not a {want}.", float(ctx.change),
                   (own,), source_of(own))


def change_record(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its biggest point gain ever / in history / on record".

    Claim: metric CHANGE_PTS_RECORD / CHANGE_PCT_RECORD, ``value`` None, ``extra["direction"]``
    ``gain`` | ``decline``. Supported when the session's move is the largest of its direction in
    the data and the data hold the index's whole history; not checkable ("holds in the data since
    1992") when they begin later; contradicted when a larger move is in the data.
    """
    pts = claim.metric is Metric.CHANGE_PTS_RECORD
    want = claim.extra.get("direction")
    if want not in ("gain", "decline"):
        return not_checkable(claim, "A record move without its direction (gain or decline).")
    own = _own_move(v, claim, bars, pts)
    if isinstance(own, NoAnswer):
        return no_answer(claim, own)
    if (bad := _wrong_way(claim, own, want, pts)) is not None:
        return bad
    rec = v.ask(claim, bars, period=_day(claim),
                params=Params(direction="up" if want == "gain" else "down"))
    if isinstance(rec, NoAnswer):
        return no_answer(claim, rec)
    basis = "point" if pts else "percentage"
    move = f"The {own.as_of} {want} of {_move_words(own, pts)}"
    own_ctx, rec_ctx = own.context, rec.context
    assert isinstance(own_ctx, contexts.ChangeRank)
    assert isinstance(rec_ctx, contexts.ChangeRecord)
    data_start: dt.date = rec_ctx.data_start
    used = (own, rec)
    stated_from = claim.extra.get("data_from")      # "in data going back to 1992"
    if int(own.value or 0) == 1:
        if stated_from and str(data_start.year) != stated_from:
            return Verdict(claim, "contradicted", f"{move} is the largest daily {basis} {want} "
                           f"in the data, but they go back to {data_start.year}, not "
                           f"{stated_from}.", float(own_ctx.change), used, source_of(rec))
        if stated_from or history_covered(rec.subject, data_start):
            held = "which begin" if stated_from else "which hold the index's history"
            return Verdict(claim, "supported", f"{move} is the largest daily {basis} {want} in the "
                           f"data, {held} (from {data_start}).",
                           float(own_ctx.change), used, source_of(rec))
        return not_checkable(claim, f"{move} is the largest daily {basis} {want}: it holds in "
                             f"the data since {data_start.year} ({data_start}), which begin after "
                             f"the index's history, so 'ever' cannot be checked.", used)
    shown = fmt(float(rec.value or 0), 2) + (" points" if pts else "%")
    return Verdict(claim, "contradicted", f"{move} is not the largest: it ranks "
                   f"{int(own.value or 0)} among daily {basis} {want}s in the data (from "
                   f"{data_start}); the largest was {shown} on {rec_ctx.record_date}.",
                   float(own_ctx.change), used, source_of(rec))


def change_rank(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its second-biggest point drop ever" / "its fourth-best day by percent".

    Claim: metric CHANGE_PTS_RANK / CHANGE_PCT_RANK, ``value`` the rank (int),
    ``extra["direction"]`` ``gain`` | ``decline``. Supported when the session's move has that rank
    in the data and the data hold the index's history; when they begin later, not checkable
    unless the data alone rule the rank out (more larger moves in the data than the rank allows,
    a contradiction whatever came before).
    """
    pts = claim.metric is Metric.CHANGE_PTS_RANK
    want = claim.extra.get("direction")
    if want not in ("gain", "decline") or claim.value is None:
        return not_checkable(claim, "A rank of a move without its rank or direction.")
    k = int(claim.value)
    own = _own_move(v, claim, bars, pts)
    if isinstance(own, NoAnswer):
        return no_answer(claim, own)
    if (bad := _wrong_way(claim, own, want, pts)) is not None:
        return bad
    r = int(own.value or 0)
    own_ctx = own.context
    assert isinstance(own_ctx, contexts.ChangeRank)
    data_start: dt.date = own_ctx.data_start
    covered = history_covered(own.subject, data_start)
    basis = "point" if pts else "percentage"
    what = (f"The {own.as_of} {want} of {_move_words(own, pts)} ranks {r} of "
            f"{own_ctx.of} daily {basis} {want}s in the data (from {data_start}; the "
            f"largest: {fmt(float(own_ctx.record), 2)} on {own_ctx.record_date})")
    change, src = float(own_ctx.change), source_of(own)
    if r == k:
        if covered:
            return Verdict(claim, "supported", what + ".", change, (own,), src)
        return not_checkable(claim, f"{what}: the rank holds in the data since {data_start.year}, "
                             "which begin after the index's history, so an all-time rank cannot "
                             "be checked.", (own,))
    if r > k or covered:
        return Verdict(claim, "contradicted", f"{what}, not {k}.", change, (own,), src)
    return not_checkable(claim, f"{what}; the data begin after the index's history, so moves "
                         f"before {data_start.year} could make it rank {k}.", (own,))


def drawdown_state(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"in correction territory" / "entered a bear market".

    Claim: metric CORRECTION / BEAR_MARKET, ``value`` None, ``extra["entered"]`` (bool).
    Supported when the session's close is at least 10 % (20 %) below the record close in force
    (and, when ``entered``, the previous close was not); contradicted otherwise.
    """
    bear = claim.metric is Metric.BEAR_MARKET
    word = "a bear market" if bear else "a correction"
    found = v.ask(claim, bars, period=_day(claim))
    if isinstance(found, NoAnswer):
        return no_answer(claim, found)
    fact = found
    ctx = fact.context
    assert isinstance(ctx, contexts.MarketState)
    pct = abs(float(fact.value or 0))
    threshold = abs(float(ctx.threshold))
    what = (f"The {fact.as_of} close of {fmt(float(ctx.close))} is {fmt(pct, 2)}% below the "
            f"record close of {fmt(float(ctx.record))} ({ctx.record_date})")
    src = source_of(fact)
    if not ctx.in_state:
        return Verdict(claim, "contradicted", f"{what}: less than {threshold:g}%, not in {word}.",
                       float(fact.value or 0), (fact,), src)
    if claim.extra.get("entered") and ctx.previous_in_state:
        return Verdict(claim, "contradicted", f"{what}, but the previous close was already in "
                       f"{word}: it did not enter one that day.", float(fact.value or 0),
                       (fact,), src)
    tail = ", entered that day" if claim.extra.get("entered") else ""
    return Verdict(claim, "supported", f"{what}: {word} (at least {threshold:g}% below){tail}.",
                   float(fact.value or 0), (fact,), src)

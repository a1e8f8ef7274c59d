"""Verdicts on counts of periods (:mod:`.counts`): "110 of the 253 trading days", "17 of the 52
months since April 2020", "only one down week over the past 11", "for the second time in four
days".

Each claim is read the ways its words allow, and the facts engine (PERIOD_COUNT) answers each:

- the complete periods to the session (the base reading), and to the end of the period before
  the session's (a story written in the last session of a month may not count that month);
- the running week / month counted too: a count that fits only this way is not checkable;
- the changes rounded to two decimals (as tables print them): a count that fits only on rounded
  changes is not checkable ("0.9979%" is "1.00%");
- "in four days": the last four sessions, or four before the session and the session itself;
- "the past five sessions" without the session itself: a count that fits only this way is not
  checkable.

A stated total ("of the 52 months") chooses among the readings. Supported when a reading of the
first kind matches; contradicted only when the claim is ``sure`` (condition and window stated),
its subject named, no reading matches and nothing is a forecast or written during the session."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from .. import calendar as cal
from ..facts import contexts as cx
from ..facts.counts import period_is_over
from ..facts.model import Fact, Metric
from ..facts.query import (CountMove, CountSpec, CountUnit, FactQuery, NoAnswer, Params,
                           PeriodSpec)
from .compare import fmt, matches
from .judging import name_of, no_answer, not_checkable, source_of
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["period_count"]

_NOUN = {"days": "sessions", "weeks": "weeks", "months": "months", "quarters": "quarters",
         "years": "years"}
_MONTH = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclasses.dataclass(frozen=True, slots=True)
class _Reading:
    kind: str               # complete / running / rounded
    period: PeriodSpec
    spec: CountSpec
    note: str = ""


_UNITS: dict[str, CountUnit] = {"days": "days", "weeks": "weeks", "months": "months",
                                "quarters": "quarters", "years": "years"}
_MOVES: dict[str, CountMove] = {"any": "any", "up": "up", "down": "down", "either": "either"}


def _spec(claim: Claim) -> CountSpec:
    s: dict[str, Any] = claim.extra["spec"]
    return CountSpec(unit=_UNITS.get(s["unit"], "days"), move=_MOVES.get(s["move"], "any"),
                     threshold=s["threshold"], basis="pts" if s["basis"] == "pts" else "pct",
                     strict=bool(s["strict"]), month=s["month"],
                     other_months=bool(claim.extra.get("other_months")),
                     among=claim.extra.get("among"),
                     among_worst=bool(claim.extra.get("among_worst", True)))


def _period(w: dict[str, Any], month: int | None, at: dt.date) -> PeriodSpec | None:
    k = w["kind"]
    if k in ("last", "sessions", "all"):
        return PeriodSpec.day(at)
    if k == "year" and w["year"]:
        return PeriodSpec.calendar_year(int(w["year"]), as_of=at, partial_ok=True)
    if k == "month" and w["year"] and w["month"]:
        return PeriodSpec.month(int(w["year"]), int(w["month"]), as_of=at, partial_ok=True)
    if k in ("ytd", "mtd", "wtd"):
        return {"ytd": PeriodSpec.ytd, "mtd": PeriodSpec.mtd, "wtd": PeriodSpec.wtd}[k](at)
    if k == "range" and w["start"]:
        return PeriodSpec.between(dt.date.fromisoformat(w["start"]), at)
    if k == "seasonal" and w["years"]:
        return PeriodSpec.seasonal_month(month or 1, years=(int(w["years"][0]),
                                                            int(w["years"][1])), as_of=at)
    return None


def _before(unit: str, d: dt.date) -> dt.date | None:
    """The last session before the ``unit`` period holding ``d`` began (None: a session)."""
    if unit == "days":
        return None
    first = {"weeks": d - dt.timedelta(days=d.weekday()), "years": dt.date(d.year, 1, 1),
             "quarters": dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)}.get(unit, d.replace(day=1))
    try:
        return cal.previous_session(first)
    except Exception:       # noqa: BLE001 - outside the calendar
        return None


def _readings(claim: Claim, session: dt.date) -> list[_Reading]:
    w: dict[str, Any] = claim.extra["window"]
    base = _spec(claim)
    n = int(w.get("n") or 0)
    if w["kind"] in ("last", "sessions"):
        base = dataclasses.replace(base, last=n)
    ends = [(session, "")]
    prev = _before(base.unit, session)
    if prev is not None and w["kind"] not in ("year", "month", "seasonal") and \
            period_is_over(session, base.unit, session):
        ends.append((prev, f" (to {prev}, leaving out the {base.unit[:-1]} of {session})"))
    out: list[_Reading] = []
    for at, note in ends:
        p = _period(w, base.month, at)
        if p is None:
            continue
        specs = [base]
        if w["kind"] == "sessions":
            specs.append(dataclasses.replace(base, last=n + 1))
        for s in specs:
            out.append(_Reading("complete", p, s, note))
            if base.unit != "days" and not note:
                out.append(_Reading("running", p, dataclasses.replace(s, running=True),
                                    f" (counting the {base.unit[:-1]} still running)"))
            if s.threshold is not None and s.basis == "pct":
                out.append(_Reading("rounded", p, dataclasses.replace(s, round_to=2),
                                    note + " (on changes rounded to two decimals)"))
    if base.unit == "days" and w["kind"] == "last" and claim.extra["role"] != "ordinal":
        try:
            prior = cal.previous_session(session)
        except Exception:       # noqa: BLE001 - outside the calendar
            prior = None
        if prior is not None:   # "the past five sessions" before the session's own
            out.append(_Reading("shifted", PeriodSpec.day(prior), base,
                                f" (the {n} sessions to {prior}, before the session's own)"))
    return out


def _value(claim: Claim, f: Fact, hits: Fact | None) -> float:
    ctx = f.context
    assert isinstance(ctx, cx.PeriodCount)
    role = claim.extra["role"]
    if role == "total":
        return float(ctx.total)
    if role == "share":
        return float(ctx.share_pct or 0.0)
    if role == "hit_share":
        return 100.0 * float(hits.value or 0) / float(f.value) if hits is not None and f.value \
            else 0.0
    return float(f.value or 0)


def _told(claim: Claim, f: Fact, got: float) -> str:
    ctx = f.context
    assert isinstance(ctx, cx.PeriodCount)
    noun = _NOUN[ctx.unit]
    if ctx.month is not None:
        plural = _MONTH[ctx.month] + ("es" if ctx.month == 3 else "s")
        noun = "months other than " + _MONTH[ctx.month] if ctx.other_months else plural
    what = {"up": "up", "down": "down", "either": "moving", "any": ""}[ctx.move]
    if ctx.threshold is not None:
        size = f"{ctx.threshold:g}{'%' if ctx.basis == 'pct' else ' points'}"
        what += (" more than " if ctx.strict else " at least ") + size + \
            (" either way" if ctx.move == "either" else "")
    span = f"{ctx.first} to {ctx.last}" if ctx.first else ""
    if ctx.among is not None and ctx.month is not None:
        order = "worst" if claim.extra.get("among_worst", True) else "best"
        return (f"Of the {ctx.among} {order} {name_of(f.subject)} {_NOUN[ctx.unit]} to "
                f"{f.as_of} (by change; in the data from {ctx.data_start}), {f.value} were in "
                f"{_MONTH[ctx.month]}")
    head = f"{name_of(f.subject)} {noun} {span}: {ctx.total}"
    if ctx.move != "any":
        head += f", {f.value} {what}" + (f" ({fmt(ctx.share_pct, 2)}%)" if ctx.share_pct else "")
    shown = [f"{d} {fmt(c, 2)}{'%' if ctx.basis == 'pct' else ''}"
             for d, c in zip(ctx.hits[-6:], ctx.hit_changes[-6:])]
    if ctx.move != "any" and 0 < len(ctx.hits) <= 6:
        head += " [" + ", ".join(shown) + "]"
    if claim.extra["role"] in ("share", "hit_share"):
        head += f"; share {fmt(got, 2)}%"
    return head


def period_count(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """Supported / not checkable / contradicted as the module docstring says."""
    ex = claim.extra
    if ex.get("forecast"):
        return not_checkable(claim, "A forecast: it says what may happen, not what the data show.")
    session = dt.date.fromisoformat(ex["session"]) if ex.get("session") else claim.period.end
    symbol = str(bars.item(0, "symbol"))
    answers: list[tuple[_Reading, Fact, float]] = []
    missing: NoAnswer | None = None
    for r in _readings(claim, session):
        f = v.answer(FactQuery(symbol, Metric.PERIOD_COUNT, r.period,
                               params=Params(count=r.spec)), bars)
        hits: Fact | NoAnswer | None = None
        if isinstance(f, Fact) and ex["role"] == "hit_share":
            hit_spec = dataclasses.replace(r.spec, month=int(ex["hit_month"]))
            hits = v.answer(FactQuery(symbol, Metric.PERIOD_COUNT, r.period,
                                      params=Params(count=hit_spec)), bars)
            if isinstance(hits, NoAnswer):
                f = hits
        if isinstance(f, NoAnswer):
            missing = missing or f
            continue
        answers.append((r, f, _value(claim, f, hits if isinstance(hits, Fact) else None)))
    if not answers:
        return no_answer(claim, missing) if missing else \
            not_checkable(claim, "No window the data can count in.")
    stated = float(claim.value or 0.0)
    total = ex.get("stated_total")
    own_total = True
    if total is not None and ex["role"] != "total":
        fit = [a for a in answers if isinstance(a[1].context, cx.PeriodCount)
               and a[1].context.total == int(total)]
        own_total = bool(fit)       # no reading holds the stated total: the window is unsure
        answers = fit or answers

    def ok(f: Fact, got: float) -> bool:
        if ex["role"] == "ordinal":
            ctx = f.context
            assert isinstance(ctx, cx.PeriodCount)
            if not ctx.hits or ctx.hits[-1] != f.as_of:
                return False
        return matches(stated, got, claim.decimals, claim.qualifier)

    for kind in ("complete", "running", "rounded", "shifted"):
        for r, f, got in answers:
            if r.kind == kind and ok(f, got):
                msg = _told(claim, f, got) + r.note
                if kind == "complete":
                    return Verdict(claim, "supported", msg + ".", got, (f,), source_of(f))
                why = {"running": "the running period counts",
                       "rounded": "the changes are rounded first",
                       "shifted": "the session itself is left out"}[kind]
                return not_checkable(claim, f"{msg}: {claim.text} fits only if {why}.", (f,))
    r, f, got = answers[0]
    msg = f"{_told(claim, f, got)}{r.note}, not {claim.text}"
    if ex["role"] == "ordinal":
        ctx = f.context
        assert isinstance(ctx, cx.PeriodCount)
        if not ctx.hits or ctx.hits[-1] != f.as_of:
            return not_checkable(claim, f"{msg}: the session itself does not meet the "
                                 "condition as read.", (f,))
    sure = bool(ex.get("sure")) and ex.get("anchor") == "named" and not ex.get("live") and \
        own_total
    if sure:
        return Verdict(claim, "contradicted", msg + " (no reading of the words fits).", got,
                       tuple(a[1] for a in answers[:3]), source_of(f))
    return not_checkable(claim, msg + "; the words allow other readings.", (f,))

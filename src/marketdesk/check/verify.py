"""Claim + bars → Verdict, asking the facts engine (no statistic is computed here).

The verifier picks the subject's bars from the desk (a future that ``tracks`` an index is checked
against the index, and the verdict says so), turns the claim into the engine's question
(:func:`query_of`: one translation of the claim's metric and period into a
:class:`~marketdesk.facts.query.FactQuery`), asks :func:`marketdesk.facts.engine.answer` (each
answer cached in the Verifier, since one claim is read ~10 ways) and compares the stated figure
with the fact's value by the rules of :mod:`.compare`. A :class:`~marketdesk.facts.query.NoAnswer`
is ``not_checkable`` with the engine's reason (no bar that day, history too short and where the
data begin, ...). Forecasts, figures at a time of day (other than Treasury yields, see below) and
instruments without data are ``not_checkable``, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from typing import Any, Literal, Protocol, TypeVar, cast

import polars as pl

from .. import calendar as cal
from ..errors import MarketdeskError
from ..facts.series import first_date
from ..facts import contexts, engine
from ..facts.model import Fact, Metric
from ..facts.query import Basis, FactQuery, NoAnswer, Params, PeriodSpec
from ..instruments import load_instruments
from . import verify_records as records_v
from .calendar_days import judge_calendar_day
from .same_level import judge_same_level
from .launch import judge_launch
from .santa import judge_santa
from .month_ranks import judge_month_rank
from .season_tally import judge_tally
from .extreme_moves import judge_extreme_move
from .leaders import judge_leader
from .verify_counts import period_count
from .verify_droughts import record_drought
from .compare import (
    YIELD_CHANGE_TOL_BP,
    YIELD_LEVEL_TOL_BP,
    fmt,
    matches,
    within_source_precision,
)
from .judging import cap, judge, name_of, no_answer, not_checkable, show, source_of
from .entities import instrument_kind
from .model import Claim, ClaimPeriod, Verdict
from .wording import forecast_kind

__all__ = ["BarSource", "Verifier", "period_spec", "query_of"]

_T = TypeVar("_T")


class BarSource(Protocol):
    """Anything with ``bars(symbol) -> polars.DataFrame`` in the canonical schema (a ``Desk``)."""

    def bars(self, symbol: str) -> pl.DataFrame: ...


def period_spec(period: ClaimPeriod, *, years: tuple[int, int] | None = None) -> PeriodSpec | None:
    """The engine's period for a claim's period (None: the claim's period is incomplete).

    ``day`` / ``none``: the session ``end``; ``wtd`` / ``mtd`` / ``qtd`` / ``ytd``: to ``end``;
    ``month`` / ``year``: the calendar period, cut at ``end`` (a running one to date);
    ``since``: the close on ``start`` to ``end``; ``sessions``: the last ``n`` sessions to ``end``;
    ``weeks52``: 52 weeks to ``end``; ``seasonal_month``: ``month`` across ``years`` up to ``end``.
    """
    k, end = period.kind, period.end
    n = getattr(period, "n", None)
    if k in ("day", "none"):
        return PeriodSpec.day(end)
    if k == "wtd":
        return PeriodSpec.wtd(end)
    if k == "mtd":
        return PeriodSpec.mtd(end)
    if k == "qtd":
        return PeriodSpec.qtd(end)
    if k == "ytd":
        return PeriodSpec.ytd(end)
    if k == "month" and period.year and period.month:
        return PeriodSpec.month(period.year, period.month, as_of=end, partial_ok=True)
    if k == "year" and period.year:
        return PeriodSpec.calendar_year(period.year, as_of=end, partial_ok=True)
    if k == "since" and period.start is not None:
        return PeriodSpec.since(period.start, end)
    if k == "sessions" and isinstance(n, int) and n >= 1:
        return PeriodSpec.sessions(n, end)
    if k == "weeks52":
        return PeriodSpec.weeks52(end)
    if k == "seasonal_month" and period.month:
        return PeriodSpec.seasonal_month(period.month, years=years, as_of=end)
    return None


def query_of(claim: Claim, symbol: str, metric: Metric | None = None, *,
             period: ClaimPeriod | PeriodSpec | None = None, basis: Basis = "close",
             params: Params | None = None) -> FactQuery | None:
    """The engine's question for ``claim`` about ``symbol``: ``metric`` (default the claim's)
    over ``period`` (default the claim's, translated by :func:`period_spec`). None when the
    claim's period cannot be stated to the engine."""
    m = metric or claim.metric
    if m is None:
        return None
    p = period if period is not None else claim.period
    if isinstance(p, PeriodSpec):
        spec: PeriodSpec | None = p
    else:
        yrs = claim.extra.get("years")
        spec = period_spec(p, years=(int(yrs[0]), int(yrs[1])) if yrs else None)
    if spec is None:
        return None
    return FactQuery(symbol, m, spec, basis, params or _NO_PARAMS)


_NO_PARAMS = Params()       # (frozen: one instance serves every query without parameters)


class Verifier:
    """Judges claims against one bar source, caching each symbol's bars and each engine answer."""

    def __init__(self, source: BarSource) -> None:
        self._source = source
        self._cache: dict[str, pl.DataFrame | None] = {}
        self._answers: dict[tuple[FactQuery, str | None], Fact | NoAnswer] = {}
        # the subject of each cached frame, by id (a cached frame lives as long as the verifier)
        self._subject: dict[int, str] = {}
        self._derived: dict[Hashable, Any] = {}
        self._asked: dict[tuple[object, ...], Fact | NoAnswer] = {}

    def bars(self, symbol: str) -> pl.DataFrame | None:
        if symbol not in self._cache:
            try:
                frame = self._source.bars(symbol)
            except MarketdeskError:  # unknown symbol / no data: not checkable
                frame = None
            self._cache[symbol] = frame if frame is not None and frame.height else None
            if (kept := self._cache[symbol]) is not None:
                self._subject[id(kept)] = str(kept.item(0, "symbol"))
        return self._cache[symbol]

    def derived(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """``make()``, computed once per ``key`` for this verifier: a table derived from the bars
        (e.g. the closes of some years, indexed) that many claims of one article look up."""
        if key not in self._derived:
            self._derived[key] = make()
        return cast(_T, self._derived[key])

    def answer(self, query: FactQuery, bars: pl.DataFrame, *,
               versus: str | None = None) -> Fact | NoAnswer:
        """The engine's answer to ``query`` from ``bars`` (``versus``: the comparison subject,
        whose bars are passed as ``other``), cached per query."""
        key = (query, versus)
        got = self._answers.get(key)        # one lookup: hashing a query is not free
        if got is None:
            other = self.bars(versus) if versus else None
            inst = load_instruments().get(query.subject)
            got = self._answers[key] = engine.answer(query, bars, other=other,
                                                     kind=inst.kind if inst is not None else None)
        return got

    def ask(self, claim: Claim, bars: pl.DataFrame, metric: Metric | None = None, *,
            period: ClaimPeriod | PeriodSpec | None = None, basis: Basis = "close",
            params: Params | None = None, versus: str | None = None) -> Fact | NoAnswer:
        """:meth:`answer` for the claim's question (:func:`query_of`) about ``bars``' subject."""
        symbol = self._subject.get(id(bars)) or str(bars.item(0, "symbol"))
        # the question is a function of these (each reading of each claim asks a few): a flat
        # key finds the answer without building the query and hashing it
        p = period if period is not None else claim.period
        if isinstance(p, PeriodSpec):
            key: tuple[object, ...] = (symbol, metric or claim.metric, p, basis, params, versus)
        else:
            yrs = claim.extra.get("years")
            key = (symbol, metric or claim.metric, p.kind, p.end, p.year, p.month, p.start, p.n,
                   (int(yrs[0]), int(yrs[1])) if yrs else None, basis, params, versus)
        got = self._asked.get(key)
        if got is not None:
            return got
        q = query_of(claim, symbol, metric, period=period, basis=basis, params=params)
        if q is None:
            p = claim.period
            return NoAnswer(FactQuery(symbol, metric or claim.metric or Metric.CLOSE,
                                      PeriodSpec.day(p.end)), "unsupported",
                            f"No {p.kind} period the data can be asked about"
                            f"{' (' + p.text + ')' if p.text else ''}.")
        got = self._asked[key] = self.answer(q, bars, versus=versus)
        return got

    # -- entry point ----------------------------------------------------------------------
    def verify(self, claim: Claim) -> Verdict:
        """The verdict on one claim."""
        if claim.extra.get("negated"):
            return not_checkable(claim, f"Negated ({claim.extra['negated']!r}): the sentence says "
                                 "it did not happen, which the checker does not judge.")
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
        forecast = claim.extra.get("forecast")
        # a projection of the period so far, or a worded one ("expected to achieve the largest
        # monthly gain since December"), is judged on the figure to date; a stated figure any
        # other forecast gives ("could fall 5%", "expected to reach 5,000") is not checked
        to_date = forecast == "to_date" or (bool(forecast) and claim.value is None)
        if forecast and not to_date:
            return not_checkable(claim, "A forecast: it says what may happen, not what the data show.")
        if claim.extra.get("time_of_day") and claim.metric not in (
                Metric.YIELD_LEVEL, Metric.YIELD_CHANGE_BP, Metric.LARGEST_SINCE):
            return not_checkable(claim, f"A value at {claim.extra['time_of_day']}; the data hold only "
                              "daily bars.")
        bars = self.bars(symbol)
        if bars is None:
            return not_checkable(claim, f"No data for {name_of(symbol)} ({symbol}) in the store.")
        handler = next((h for flag, h in _FLAGGED.items() if claim.extra.get(flag)),
                       _HANDLERS.get(claim.metric))
        if handler is None:
            return not_checkable(claim, f"The checker has no rule for {claim.metric.value} claims.")
        try:
            verdict = handler(self, claim, bars)
        except Exception as exc:  # noqa: BLE001 - a data gap must not stop the whole article
            return not_checkable(claim, f"Could not compute it from the data: {exc}.")
        if to_date and verdict.status == "contradicted":
            # "heading for its worst year since 2008": judged on the period so far; a miss may
            # still come true
            return not_checkable(claim, f"A projection, judged on the figure to date: "
                                 f"{verdict.reason}", verdict.facts)
        if note and verdict.status != "not_checkable":
            verdict = Verdict(verdict.claim, verdict.status, verdict.reason.rstrip(".") + note
                              + ".", verdict.computed, verdict.facts, verdict.source,
                              verdict.within_source_precision)
        return verdict


def _value(fact: Fact) -> float:
    return float(fact.value or 0.0)


_DAY_WHAT = {Metric.CLOSE: "the close", Metric.CHANGE_PCT: "the day's change",
             Metric.CHANGE_PTS: "the day's change in points", Metric.HIGH: "the intraday high",
             Metric.LOW: "the intraday low",
             Metric.INTRADAY_HIGH_CHANGE_PCT: "the intraday high vs the previous close",
             Metric.INTRADAY_LOW_CHANGE_PCT: "the intraday low vs the previous close"}


def _day(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    day = claim.period.end
    want = claim.metric
    assert want is not None
    fact = v.ask(claim, bars, period=PeriodSpec.day(day))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact)
    if claim.unit == "pts" and want in (Metric.INTRADAY_HIGH_CHANGE_PCT,
                                        Metric.INTRADAY_LOW_CHANGE_PCT):
        # "a loss of more than 1100 points at one point": the session's extreme in points
        word = "high" if want is Metric.INTRADAY_HIGH_CHANGE_PCT else "low"
        day_ctx = fact.context
        assert isinstance(day_ctx, contexts.Day)
        return judge(claim, fact, float(cast(float, day_ctx.change_pts)),
                     f"the intraday {word} vs the previous close on {day}, in points")
    if claim.value is None and claim.extra.get("sign_only"):
        # "inched into positive territory in the closing minutes": the sign of the close
        up, got = claim.direction == "up", _value(fact)
        what = f"{cap(_DAY_WHAT[want])} on {day} was {show(got, claim)}"
        if got > 0 if up else got < 0:
            return Verdict(claim, "supported", f"{what}.", got, (fact,), source_of(fact))
        return Verdict(claim, "contradicted", f"{what}, not a {'gain' if up else 'loss'}.", got,
                       (fact,), source_of(fact))
    return judge(claim, fact, _value(fact), f"{_DAY_WHAT[want]} on {day}")


def _period(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    total = claim.metric is Metric.PERIOD_TOTAL_RETURN
    fact = v.ask(claim, bars, Metric.PERIOD_TOTAL_RETURN if total else Metric.PERIOD_RETURN)
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, f"No {'total ' if total else ''}return for "
                         f"{claim.period.text or 'that period'} in the data")
    what = f"the {'total' if total else 'price'} return for {fact.period.label}"
    verdict = judge(claim, fact, _value(fact), what)
    if verdict.status == "contradicted":
        other = v.ask(claim, bars, Metric.PERIOD_RETURN if total else Metric.PERIOD_TOTAL_RETURN)
        if isinstance(other, Fact) and matches(float(claim.value or 0), _value(other),
                                               claim.decimals, claim.qualifier):
            kind = "price" if total else "total"
            verdict = Verdict(claim, "contradicted", verdict.reason.rstrip(".") + f"; the stated "
                              f"figure is the {kind} return ({show(_value(other), claim)}).",
                              verdict.computed, (fact, other), verdict.source)
    return verdict


def _period_points(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """A change in points over a period ("up 723.46 points for the year", "over three
    sessions")."""
    fact = v.ask(claim, bars, Metric.PERIOD_CHANGE_PTS)
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, f"No change in points for "
                         f"{claim.period.text or 'that period'} in the data")
    return judge(claim, fact, _value(fact), f"the change in points for {fact.period.label}")


_SPREAD_KINDS = ("wtd", "mtd", "qtd", "ytd", "month", "year", "since", "sessions")


def _spread(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    versus = claim.extra.get("versus")
    other = v.bars(str(versus)) if versus else None
    if other is None or claim.period.kind not in _SPREAD_KINDS:
        return not_checkable(claim, "The spread needs a second instrument and a stated period.")
    fact = v.ask(claim, bars, Metric.SPREAD, params=Params(versus=str(versus)),
                 versus=str(versus))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, "No spread for that period in the data")
    label = (claim.period.kind.upper() if claim.period.kind in ("wtd", "mtd", "qtd", "ytd")
             else fact.period.label or claim.period.text)
    return judge(claim, fact, _value(fact), f"the {label} return gap to {name_of(str(versus))}")


def _yield_spread(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"The 2-year yield stood 41 basis points above the 10-year yield": the 10-year minus the
    2-year in bp (facts YIELD_SPREAD_BP), signed by which one the text puts above."""
    versus = str(claim.extra.get("versus") or "")
    pair = {claim.subject, versus}
    if pair != {"DGS2", "DGS10"}:
        return not_checkable(claim, "A spread between yields the data hold only for the 2- and "
                             "10-year.")
    long_bars = bars if claim.subject == "DGS10" else v.bars("DGS10")
    if long_bars is None:
        return not_checkable(claim, "No 10-year yield in the store.")
    fact = v.answer(FactQuery("DGS10", Metric.YIELD_SPREAD_BP, PeriodSpec.day(claim.period.end)),
                    long_bars, versus="DGS2")
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, "No 2s/10s spread in the data")
    # the stated figure is subject minus versus; the fact is 10-year minus 2-year
    computed = _value(fact) * (1 if claim.subject == "DGS10" else -1) * \
        int(claim.extra.get("spread_sign") or 1)
    pp = claim.unit == "pp"
    as_bp = Claim(**{**_fields(claim), "direction": None, "unit": "bp",
                     "value": abs(claim.value or 0) * (100.0 if pp else 1.0),
                     "decimals": max(0, claim.decimals - 2) if pp else claim.decimals})
    spread_ctx = fact.context
    assert isinstance(spread_ctx, contexts.YieldSpread)
    verdict = _yield_judge(as_bp, fact, computed, YIELD_CHANGE_TOL_BP,
                           f"the {claim.subject} yield against the {versus} yield on "
                           f"{spread_ctx.date} ({'above' if computed >= 0 else 'below'} it)")
    return Verdict(claim, verdict.status, verdict.reason, verdict.computed, verdict.facts,
                   verdict.source, verdict.within_source_precision)


def _yield_level(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    fact = v.ask(claim, bars, Metric.YIELD_LEVEL, period=PeriodSpec.day(claim.period.end))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact)
    level_ctx = fact.context
    assert isinstance(level_ctx, contexts.YieldLevel)
    return _yield_judge(claim, fact, _value(fact), YIELD_LEVEL_TOL_BP / 100.0,
                        f"the {fact.subject} close on {level_ctx.date}")


def _yield_change(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    fact = v.ask(claim, bars, Metric.YIELD_CHANGE_BP)
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, f"No yield change over {claim.period.text or 'that period'}"
                         " in the data")
    if claim.unit in ("pp", "pct"):     # "rose 0.2%" of a yield: 0.2 percentage point, 20 bp
        claim = Claim(**{**_fields(claim), "value": (claim.value or 0) * 100.0, "unit": "bp",
                         "decimals": max(0, claim.decimals - 2)})
    ctx = fact.context
    assert isinstance(ctx, contexts.YieldChange)
    return _yield_judge(claim, fact, _value(fact), YIELD_CHANGE_TOL_BP,
                        f"the {fact.subject} change from {ctx.previous_date} "
                        f"({ctx.previous_value}%) to {ctx.date} ({ctx.value}%)")


def _fields(claim: Claim) -> dict[str, Any]:
    return {f: getattr(claim, f) for f in Claim.__slots__}


_CLOSED = re.compile(r"\b(?:clos\w*|ended|ending|finish\w*|settl\w*)\b", re.I)


def _own_clause(claim: Claim) -> str:
    """The stretch of the claim's sentence between the commas (or "but") around its figure."""
    s = claim.sentence
    i = s.find(claim.text) if claim.text else -1
    if i < 0:
        return s
    a = max(s.rfind(",", 0, i), s.rfind(";", 0, i)) + 1
    m = re.search(r",|;|\bbut\b", s[i + len(claim.text):])
    return s[a:i + len(claim.text) + (m.start() if m else len(s))]


def _yield_judge(claim: Claim, fact: Fact, computed: float, tol: float, what: str) -> Verdict:
    if claim.extra.get("milestone") and claim.qualifier == "exact" and claim.direction != "down":
        # "reached 5% for the first time": the round level itself, so a close at or above it
        claim = Claim(**{**_fields(claim), "qualifier": "at_least"})
    verdict = judge(claim, fact, computed, what)
    if verdict.status == "supported" or claim.extra.get("milestone"):
        return verdict      # a round level reached: the close itself, no quote allowance
    stated = float(claim.value or 0.0)
    same_sign = (stated > 0) == (computed > 0) or computed == 0
    if claim.qualifier in ("more_than", "less_than", "at_least") and \
            claim.metric is Metric.YIELD_LEVEL and not _CLOSED.search(_own_clause(claim)):
        return not_checkable(claim, f"FRED's end-of-day {fact.subject} of {fmt(computed, 2)} is "
                             f"not {claim.text.strip()}; the text does not say it closed there, and "
                             "a yield may cross a level during the day.")
    if claim.qualifier in ("more_than", "less_than", "at_least") and \
            within_source_precision(stated, computed, tol):
        return not_checkable(claim, f"FRED's end-of-day {fact.subject} of {fmt(computed, 2)} is "
                             f"not {claim.text.strip()}, but a quote at another time of day "
                             "may have been.")
    if same_sign and within_source_precision(stated, computed, tol):
        unit = "bp" if fact.unit == "bp" else "%"
        return Verdict(claim, "supported", f"Supported within source precision: FRED {fact.subject} "
                       f"end-of-day gives {fmt(computed, 2)}{unit}, within {fmt(tol, 2)}{unit} of "
                       f"the stated {claim.text.strip()} (a wire quote at a time of day, to more "
                       "decimals).", computed, (fact,), source_of(fact), True)
    return verdict


def _since_of(fact: Fact) -> str | None:
    """The "since" date of a LARGEST_SINCE fact as text (ISO day, or the period's key)."""
    ctx = fact.context
    got = contexts.since_of(ctx) if isinstance(ctx, contexts.AnyLargestSince) else None
    if isinstance(got, dt.date):
        return got.isoformat()
    return str(got) if got else None


def _largest_since(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    gran, since = claim.extra.get("granularity"), str(claim.extra.get("since"))
    day = claim.period.end
    if gran == "sessions":
        n = claim.extra.get("n") or getattr(claim.period, "n", None)
        if not isinstance(n, int) or n < 1:
            return not_checkable(claim, "A multi-session 'largest since' without its number of "
                                 "sessions.")
        found = v.ask(claim, bars, Metric.LARGEST_SINCE, period=PeriodSpec.sessions(n, day),
                      params=Params(window=n))
        move_ctx = contexts.of_kind(found.context, contexts.MoveLargestSince) \
            if isinstance(found, Fact) else None
        if isinstance(found, Fact) and (move_ctx.sessions if move_ctx else None) != n:
            return not_checkable(claim, f"The facts engine gives no {n}-session 'largest since' "
                                 "(only one-day moves).")
    elif isinstance(month := claim.extra.get("calendar_month"), int):
        found = v.ask(claim, bars, Metric.LARGEST_SINCE,        # "its best January since 1987"
                      period=PeriodSpec.seasonal_month(month, as_of=day))
    elif gran in ("day", "week", "month", "year"):
        measure: Literal["pts"] | None = \
            "pts" if gran == "day" and claim.extra.get("measure") == "pts" else None
        found = v.ask(claim, bars, Metric.LARGEST_SINCE, period=PeriodSpec.day(day),
                      params=Params(granularity=gran, measure=measure))
    else:
        return not_checkable(claim, f"No 'largest since' rule for {gran} periods.")
    if isinstance(found, NoAnswer):
        return no_answer(claim, found)
    fact = found
    got_s = _since_of(fact)
    ls_ctx = fact.context
    direction = ls_ctx.direction if isinstance(ls_ctx, contexts.AnyLargestSince) else None
    want = claim.extra.get("direction")
    if (want == "gain") != (direction in ("gain", "rise")):
        return Verdict(claim, "contradicted", f"Wrong direction: it was a {direction}, not a {want}.",
                       _value(fact), (fact,), source_of(fact))
    shown = got_s or "the start of the data (largest on record)"
    value = fmt(_value(fact), 2) + (" bp" if fact.unit == "bp" else
                                    " points" if fact.unit == "pts" else "%")
    if claim.extra.get("on_record"):
        if got_s is None:
            first: str | dt.date | None = (
                ls_ctx.first_period
                if isinstance(ls_ctx, (contexts.LargestSince, contexts.SeasonalLargestSince))
                else ls_ctx.data_start if isinstance(ls_ctx, contexts.MoveLargestSince)
                else None)
            stated_from = claim.extra.get("data_from")
            if stated_from and first and str(first)[:4] != stated_from:
                return Verdict(claim, "contradicted", f"The {value} {direction} is the largest "
                               f"in the data, but the data go back to {str(first)[:4]}, not "
                               f"{stated_from}.", _value(fact), (fact,), source_of(fact))
            return Verdict(claim, "supported", f"The {value} {direction} is the largest in the "
                           f"data" + (f" (from {first})." if first else "."),
                           _value(fact), (fact,), source_of(fact))
        return Verdict(claim, "contradicted", f"The {value} {direction} is the largest only "
                       f"since {got_s}, not on record.", _value(fact), (fact,), source_of(fact))
    if got_s is not None and (got_s == since or got_s.startswith(since) or since.startswith(got_s)):
        return Verdict(claim, "supported", f"The {value} {direction} is the largest since {got_s}.",
                       _value(fact), (fact,), source_of(fact))
    miss = f"The {value} {direction} is the largest since {shown}, not since {since}."
    if fact.unit == "bp" and (near := _yield_tie(v, claim, bars, fact, since)) is not None:
        return not_checkable(claim, f"{miss} But {near}: FRED's two-decimal closes cannot rank "
                             "moves that close; the story's 3 p.m. quotes may.", (fact,))
    return Verdict(claim, "contradicted", miss, _value(fact), (fact,), source_of(fact))


#: Two yield moves this close (bp) rank differently on FRED's two-decimal closes and on a wire's
#: 3 p.m. quotes (the corpus's allowance for a one-day yield change).
YIELD_TIE_BP = 4.0


def _yield_tie(v: Verifier, claim: Claim, bars: pl.DataFrame, fact: Fact,
               since: str) -> str | None:
    """Why a yield's "largest since" miss may be FRED's rounding: the move that breaks the claim
    (the later one at least as large, or the one on the stated day) is within
    :data:`YIELD_TIE_BP` of the session's; else None."""
    cur = abs(_value(fact))
    ctx = fact.context
    later = ctx.since_value if isinstance(ctx, (contexts.YieldLargestSince,
                                                contexts.LargestSince)) else None
    got = _since_of(fact)
    if got is not None and got > since and later is not None:
        if abs(abs(float(later)) - cur) <= YIELD_TIE_BP:
            return f"the later move on {got} ({float(later):+.0f} bp) is within {YIELD_TIE_BP:.0f} bp"
        return None
    try:
        day = dt.date.fromisoformat(since)
    except ValueError:
        return None         # a month or a year: no single move to compare
    then = v.ask(claim, bars, Metric.YIELD_CHANGE_BP, period=PeriodSpec.day(day))
    if isinstance(then, Fact) and then.as_of == day and then.value is not None and \
            (float(then.value) > 0) == (_value(fact) > 0) and \
            cur - abs(float(then.value)) <= YIELD_TIE_BP:
        return f"the move on {day} ({float(then.value):+.0f} bp) is within {YIELD_TIE_BP:.0f} bp"
    return None


def _largest_of_year(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    if claim.extra.get("granularity") == "day":
        return _worst_day_of_year(v, claim, bars)
    if not claim.extra.get("gran_stated"):
        # "ended the day down 905 points, for its worst drop of the year": a day's or a
        # month's, the words do not say; either reading that holds supports it
        readings = (_worst_day_of_year(v, claim, bars), _month_of_year(v, claim, bars))
        for status in ("supported", "not_checkable"):
            if (hit := next((r for r in readings if r.status == status), None)) is not None:
                return hit
        return readings[0]
    return _month_of_year(v, claim, bars)


def _month_of_year(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its worst month of the year": no earlier month this year moved as far the same way."""
    fact = v.ask(claim, bars, Metric.LARGEST_OF_YEAR, period=PeriodSpec.day(claim.period.end))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact, "No return for the running month in the data")
    ctx = fact.context
    assert isinstance(ctx, contexts.LargestOfYear)
    running = "" if ctx.complete else " so far (the month is not over)"
    want = claim.extra.get("direction")
    if ctx.is_largest and (want == "gain") == (ctx.direction == "gain"):
        prev = ctx.previous_best
        return Verdict(claim, "supported", f"{fact.period.label}'s {fmt(_value(fact), 2)}%"
                       f"{running} is the largest monthly {ctx.direction} of {ctx.year} "
                       f"(next: {prev.label if prev else 'none'}).", _value(fact), (fact,),
                       source_of(fact))
    return Verdict(claim, "contradicted", f"{fact.period.label}'s {fmt(_value(fact), 2)}% ranks "
                   f"{ctx.rank_in_year} of {ctx.of} months of {ctx.year}.",
                   _value(fact), (fact,), source_of(fact))


def _worst_day_of_year(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"its worst day of the year": no earlier day this year moved as far the same way."""
    day = claim.period.end
    fact = v.ask(claim, bars, Metric.LARGEST_SINCE, period=PeriodSpec.day(day),
                 params=Params(granularity="day"))
    if isinstance(fact, NoAnswer):
        return no_answer(claim, fact)
    ls_ctx = fact.context
    direction = ls_ctx.direction if isinstance(ls_ctx, contexts.AnyLargestSince) else None
    want = claim.extra.get("direction")
    if (want == "gain") != (direction in ("gain", "rise")):
        return Verdict(claim, "contradicted", f"Wrong direction: it was a {direction}, not a "
                       f"{want}.", _value(fact), (fact,), source_of(fact))
    since = _since_of(fact) or ""
    ok = not since or since[:4] < str(day.year)
    what = (f"The {fmt(_value(fact), 2)}% {direction} on {day} is the largest since "
            f"{since or 'the start of the data'}")
    if not ok and not re.search(r"percent|%", claim.text, re.I) and instrument_kind(
            claim.subject or "") != "yield":
        # "its worst single-day performance of the year": in points, maybe; the words do not
        # say which measure
        pts = v.ask(claim, bars, Metric.LARGEST_SINCE, period=PeriodSpec.day(day),
                    params=Params(granularity="day", measure="pts"))
        pts_since = "" if isinstance(pts, NoAnswer) else (_since_of(pts) or "")
        if not isinstance(pts, NoAnswer) and (not pts_since or pts_since[:4] < str(day.year)):
            return not_checkable(claim, f"{what}, not of the year; in points it is the "
                                 "year's largest, and the text does not say which measure.",
                                 (fact, pts))
    return Verdict(claim, "supported" if ok else "contradicted",
                   what + (", so the largest of the year." if ok else ", not of the year."),
                   _value(fact), (fact,), source_of(fact))


def _streak(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"has risen for six straight sessions[, its longest winning streak since Sept. 19]"."""
    day = claim.period.end
    unit = str(claim.extra.get("unit") or "days")
    if unit not in ("days", "weeks", "months", "quarters", "years"):
        return not_checkable(claim, f"No streak rule for {unit}.")
    # unit is a str the `in` test above limited to Params' unit values
    found = v.ask(claim, bars, Metric.STREAK, period=PeriodSpec.day(day),
                  params=Params(unit=unit))  # type: ignore[arg-type]
    if isinstance(found, NoAnswer):
        return no_answer(claim, found)
    fact = found
    ctx = fact.context
    assert isinstance(ctx, contexts.Streak)
    want_dir = claim.extra.get("streak_direction")
    n, words = int(fact.value or 0), {"days": "sessions"}.get(unit, unit)
    what = f"the {ctx.direction} streak to {fact.period.end}: {n} {words}"
    if claim.metric is Metric.STREAK:
        left = claim.sentence[:max(0, claim.sentence.find(claim.text))]
        if unit != "days" and ctx.direction == want_dir and n == int(claim.value or 0) and \
                not claim.extra.get("forecast") and not forecast_kind(left[-60:]) and \
                not _period_complete(day, unit):
            # "marked its fifth straight month of gains" on Aug. 2: August is not over yet
            return not_checkable(claim, f"{cap(what)}, counting the {unit[:-1]} to date, which "
                                 f"is not over on {day}.", (fact,))
        if ctx.direction != want_dir or n != int(claim.value or 0):
            return Verdict(claim, "contradicted", f"{cap(what)}, not {claim.text.strip()} "
                           f"{'up' if want_dir == 'up' else 'down'}.", float(n), (fact,),
                           source_of(fact))
        return Verdict(claim, "supported", f"{cap(what)}.", float(n), (fact,), source_of(fact))
    since = ctx.since
    got = since.isoformat() if isinstance(since, dt.date) else since
    if claim.extra.get("years") and ctx.direction == want_dir and \
            n == int(claim.extra.get("length") or n):
        # "its longest winning streak in 20 years": the last as long ended 20 to 21 years back
        years = int(str(claim.extra["years"]))
        if not isinstance(since, dt.date):
            return not_checkable(claim, f"{cap(what)}; none as long before it in the data.")
        back = (day - since).days / 365.25
        msg = f"{cap(what)}; the last as long ended on {got}, {back:.1f} years earlier"
        if years - 0.5 <= back < years + 1:
            return Verdict(claim, "supported", msg + ".", float(n), (fact,), source_of(fact))
        return not_checkable(claim, f"{msg}, not {years} years.")
    said = claim.extra.get("since")
    said_s = str(said) if said else None
    if ctx.direction == want_dir and n == int(claim.extra.get("length") or n) and (
            got == said_s or (got and said_s and got.startswith(said_s))):
        tail = f"the last as long ended on {got}" if got else "none as long before it"
        return Verdict(claim, "supported", f"{cap(what)}; {tail}.", float(n), (fact,),
                       source_of(fact))
    first = first_date(bars)
    if ctx.direction == want_dir and got is None and said_s and isinstance(first, dt.date) and \
            said_s < first.isoformat()[:len(said_s)]:
        # "the longest losing streak since February 1978" with data from 1992: none as long in
        # the data, and what came before them is not known
        return not_checkable(claim, f"{cap(what)}; none as long in the data, which begin on "
                             f"{first}, after {said_s} (history too short).")
    return Verdict(claim, "contradicted", f"{cap(what)}; the last {want_dir} streak at least as "
                   f"long ended on {got or 'no earlier date (longest in the data)'}, not "
                   f"{claim.extra.get('since') or 'never'}.", float(n), (fact,), source_of(fact))


def _period_complete(day: dt.date, unit: str) -> bool:
    """True if ``day`` is the last session of its week (month, quarter, year)."""
    nxt = cal.next_session(day)
    if unit == "weeks":
        return nxt.isocalendar()[:2] != day.isocalendar()[:2]
    if unit == "months":
        return (nxt.year, nxt.month) != (day.year, day.month)
    if unit == "quarters":
        return (nxt.year, (nxt.month - 1) // 3) != (day.year, (day.month - 1) // 3)
    return nxt.year != day.year


def _seasonal(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    month = claim.period.month
    if month is None:
        return not_checkable(claim, "No calendar month named for the seasonal figure.")
    yrs = claim.extra.get("years")
    spec = PeriodSpec.seasonal_month(month, years=(int(yrs[0]), int(yrs[1])) if yrs else None,
                                     as_of=claim.period.end)
    if claim.metric is Metric.SEASONAL_PCT_UP:
        fact = v.ask(claim, bars, Metric.SEASONAL_PCT_UP, period=spec)
        if isinstance(fact, NoAnswer):
            return no_answer(claim, fact, "No complete months of that kind in the data")
        down = bool(claim.extra.get("down"))
        sctx = fact.context
        assert isinstance(sctx, contexts.Seasonal)
        return judge(claim, fact, float(cast(float, sctx.pct_down)) if down else _value(fact),
                     f"the share of {sctx.month_name}s {'down' if down else 'up'} "
                     f"over {sctx.years} ({sctx.n} years)")
    if claim.metric in (Metric.SEASONAL_MEDIAN, Metric.SEASONAL_AVERAGE):
        fact = v.ask(claim, bars, claim.metric, period=spec)
        if isinstance(fact, NoAnswer):
            return no_answer(claim, fact, "No complete months of that kind in the data")
        sctx = fact.context
        assert isinstance(sctx, contexts.Seasonal)
        stat = "median" if claim.metric is Metric.SEASONAL_MEDIAN else "average"
        return judge(claim, fact, _value(fact),
                     f"the {stat} {sctx.month_name} return over {sctx.years}")
    word = "best" if claim.metric is Metric.SEASONAL_BEST_MONTH else "worst"
    start = first_date(bars)
    if claim.extra.get("whole_history") and isinstance(start, dt.date) and \
            not records_v.history_covered(claim.subject or "", start):
        return not_checkable(claim, f"The months of the data begin in {start:%Y}, after the "
                             f"index's history begins: its whole history is not known (history "
                             f"too short).")
    rank = claim.extra.get("rank")
    if isinstance(rank, int) and rank > 1:     # "the second best month": that month's rank
        avg = v.ask(claim, bars, Metric.SEASONAL_AVERAGE, period=spec)
        if isinstance(avg, NoAnswer):
            return no_answer(claim, avg, "No complete months of that kind in the data")
        actx = avg.context
        assert isinstance(actx, contexts.Seasonal)
        got = int(actx.rank) if word == "best" else \
            int(actx.of) - int(actx.rank) + 1
        return Verdict(claim, "supported" if got == rank else "contradicted",
                       f"By average return ({actx.years}) "
                       f"{actx.month_name} ranks {got} of {actx.of} "
                       f"({word} first; {fmt(_value(avg), 2)}%).", _value(avg), (avg,),
                       source_of(avg))
    found = v.ask(claim, bars, period=spec)
    if isinstance(found, NoAnswer):
        return no_answer(claim, found, "No seasonal table in the data")
    fctx = found.context
    assert isinstance(fctx, contexts.Seasonal)
    ok = fctx.month == month
    return Verdict(claim, "supported" if ok else "contradicted",
                   f"On average ({fctx.years}) the {word} month is "
                   f"{fctx.month_name} ({fmt(_value(found), 2)}%).",
                   _value(found), (found,), source_of(found))


Handler = Callable[[Verifier, Claim, pl.DataFrame], Verdict]

#: Claims a flag in ``extra`` sends to their own rule, whatever their metric: gains erased since
#: an event (a return since it), one index against its peers (return gaps).
_FLAGGED: dict[str, Handler] = {"erased": records_v.gains_erased, "relative": judge_leader,
                                "same_level": judge_same_level, "launch": judge_launch}

_HANDLERS: dict[Metric, Handler] = {
    Metric.CLOSE: _day, Metric.CHANGE_PCT: _day, Metric.CHANGE_PTS: _day, Metric.HIGH: _day,
    Metric.LOW: _day, Metric.INTRADAY_HIGH_CHANGE_PCT: _day, Metric.INTRADAY_LOW_CHANGE_PCT: _day,
    Metric.PERIOD_RETURN: _period, Metric.PERIOD_TOTAL_RETURN: _period, Metric.SPREAD: _spread,
    Metric.PERIOD_CHANGE_PTS: _period_points,
    Metric.YIELD_LEVEL: _yield_level, Metric.YIELD_CHANGE_BP: _yield_change,
    Metric.YIELD_SPREAD_BP: _yield_spread,
    Metric.LARGEST_SINCE: _largest_since, Metric.LARGEST_OF_YEAR: _largest_of_year,
    Metric.RECORD_CLOSE: records_v.record, Metric.RECORD_HIGH: records_v.record,
    Metric.RECORD_CLOSE_COUNT: records_v.record_count, Metric.SEASONAL_AVERAGE: _seasonal,
    Metric.SEASONAL_BEST_MONTH: _seasonal, Metric.SEASONAL_WORST_MONTH: _seasonal,
    Metric.SEASONAL_PCT_UP: _seasonal, Metric.SEASONAL_MEDIAN: _seasonal,
    Metric.PCT_FROM_RECORD_CLOSE: records_v.from_record, Metric.DRAWDOWN: records_v.drawdown,
    Metric.STREAK: _streak, Metric.LONGEST_STREAK: _streak,
    Metric.HIGHEST_CLOSE_SINCE: records_v.extreme, Metric.LOWEST_CLOSE_SINCE: records_v.extreme,
    Metric.N_YEAR_HIGH: records_v.extreme, Metric.N_YEAR_LOW: records_v.extreme,
    Metric.WEEK52_HIGH: records_v.extreme, Metric.WEEK52_LOW: records_v.extreme,
    Metric.FIRST_CLOSE_ABOVE: records_v.first_close, Metric.FIRST_CLOSE_BELOW: records_v.first_close,
    Metric.MILESTONE_GAP: records_v.milestone_gap,
    Metric.MILESTONE_COUNT: records_v.milestone_count,
    Metric.FIRST_MOVE_SINCE: records_v.first_move_since,
    Metric.CALENDAR_DAY_RANK: judge_calendar_day,
    Metric.CALENDAR_WINDOW_STATS: judge_santa,
    Metric.YEAR_MONTH_RANK: judge_month_rank,
    Metric.SEASONAL_TALLY: judge_tally,
    Metric.CHANGE_FROM_EXTREME: judge_extreme_move,
    Metric.RANK: records_v.year_rank, Metric.RECORD_DROUGHT: record_drought,
    Metric.PERIOD_COUNT: period_count,
    Metric.MOVING_AVERAGE: records_v.moving_average,
    Metric.RECORD_STREAK: records_v.record_streak,
    Metric.CHANGE_PTS_RECORD: records_v.change_record,
    Metric.CHANGE_PCT_RECORD: records_v.change_record,
    Metric.CHANGE_PTS_RANK: records_v.change_rank, Metric.CHANGE_PCT_RANK: records_v.change_rank,
    Metric.CORRECTION: records_v.drawdown_state, Metric.BEAR_MARKET: records_v.drawdown_state,
}

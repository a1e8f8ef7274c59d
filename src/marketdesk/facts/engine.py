"""One engine answers every question: ``answer(FactQuery, bars) -> Fact | NoAnswer``.

Each metric family registers its answerer with :func:`answerer`. An answerer resolves the query's
period in the one place that does it (:func:`marketdesk.facts.periods.resolve`), then calls the
family's existing pure function (:mod:`.day`, :mod:`.periods`, :mod:`.ranks`, :mod:`.records`,
:mod:`.streaks`, :mod:`.drawdowns`, :mod:`.seasonality`, :mod:`.yields`, :mod:`.relative`,
:mod:`.sensitivity`) and returns its Fact; no statistic is computed here that a family computes.

Conventions:

- ``Fact.as_of`` is the session the fact is computed at: the resolved end bar's date.
- The session of a query dated ``d`` is the bar on ``d``. For a figure *of that day* (close,
  open, high, low, the day's change, the one-day yield change, a one-day "largest since"), a day
  without a bar is ``no_bar``. For a state *as of* ``d`` (records, streaks, drawdowns, N-year
  highs, seasonality), a non-session ``d`` (weekend, holiday) means the previous session.
- Yields (close-only series in percent) have no points or percent changes: ``CHANGE_PTS``,
  ``CHANGE_PCT``, ``PERIOD_RETURN``, ... are ``undefined_for_kind``; their changes are
  ``YIELD_CHANGE_BP``. An index has no ``YIELD_*``.
- Answering is cheap: the date arrays, resolved periods and per-family fact lists (record facts,
  rank facts, day facts) are kept in a small LRU of the last 8 frames, keyed by the bars'
  identity and height (the frame itself is held, so an id cannot be reused while cached), so the
  ~10 readings of one claim share them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np
import polars as pl

from ..errors import NoDataError
from . import contexts, day, drawdowns, periods, ranks, records, relative, seasonality, sensitivity
from . import streaks, tables, yields
from .evidence import evidence, history_to, rows_on
from .model import Evidence, Fact, Metric, Period, PeriodKind
from .periods import PeriodUnresolved, Resolved
from .query import FactQuery, Granularity, NoAnswer, NoAnswerReason, PeriodSpec, SpecKind
from .series import is_yield

__all__ = ["Answerer", "answer", "answer_all", "answerer", "clear_cache", "registered_metrics"]

T = TypeVar("T")


# ------------------------------------------------------------------------------- cache --

class _Memo:
    """A small thread-safe LRU of values computed from a few bars frames.

    At most ``frames`` frames are remembered (least recently used dropped first), each with at
    most ``per_frame`` values. A frame is found by ``id(bars)`` and height, and the entry holds
    the frame itself, so a hit requires the very same object (a recycled id never returns another
    frame's values) and memory stays bounded by a few frames.
    """

    def __init__(self, frames: int = 8, per_frame: int = 512) -> None:
        self._frames = frames
        self._per_frame = per_frame
        self._data: OrderedDict[tuple[int, int], tuple[pl.DataFrame, dict[Hashable, Any]]] = \
            OrderedDict()
        self._lock = threading.Lock()

    def get(self, bars: pl.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
        fk = (id(bars), bars.height)
        with self._lock:
            entry = self._data.get(fk)
            if entry is not None and entry[0] is bars:
                self._data.move_to_end(fk)
                if key in entry[1]:
                    value: T = entry[1][key]
                    return value
        value = compute()
        with self._lock:
            entry = self._data.get(fk)
            if entry is None or entry[0] is not bars:
                entry = (bars, {})
                self._data[fk] = entry
            self._data.move_to_end(fk)
            if len(entry[1]) >= self._per_frame:
                entry[1].clear()
            entry[1][key] = value
            while len(self._data) > self._frames:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_MEMO = _Memo()


def clear_cache() -> None:
    """Forget every cached date array and fact list (tests; after bars are changed in place)."""
    _MEMO.clear()


# ---------------------------------------------------------------------------- context --

@dataclass(frozen=True, slots=True)
class _Ask:
    """One query being answered: the query, the subject's bars, the comparison bars, and whether
    the subject is a yield."""

    query: FactQuery
    bars: pl.DataFrame
    other: pl.DataFrame | None
    is_yield: bool

    @property
    def spec(self) -> PeriodSpec:
        return self.query.period

    def no(self, reason: NoAnswerReason, message: str,
           first_date: dt.date | None = None) -> NoAnswer:
        return NoAnswer(self.query, reason, message, first_date)

    def dates(self, column: str = "close") -> np.ndarray:
        """The dates of the bars with a non-null ``column`` (cached)."""
        return _MEMO.get(self.bars, ("dates", column),
                         lambda: periods.date_array(self.bars, column))

    def resolve(self, spec: PeriodSpec | None = None, *, column: str = "close",
                strict: bool = False) -> Resolved:
        """The query's period (or ``spec``) resolved against the bars (cached)."""
        s = spec or self.spec
        return _MEMO.get(self.bars, ("resolve", s, column, strict),
                         lambda: periods.resolve_dates(s, self.dates(column), strict=strict))

    def session(self, *, strict: bool = False) -> dt.date:
        """The session the query is as of: the end of its period (a day: that day's bar)."""
        s = self.spec
        if s.kind in ("month", "quarter", "half", "year", "range", "week"):
            return self.resolve(strict=strict).end
        d = s.as_of or _last(self.dates())
        return self.resolve(PeriodSpec.day(d), strict=strict).end

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        return _MEMO.get(self.bars, key, compute)


def _last(dates: np.ndarray) -> dt.date:
    if dates.size == 0:
        raise PeriodUnresolved("no_data", "No data.")
    out: dt.date = dates[-1].astype(object)
    return out


Answerer = Callable[[_Ask], Fact | NoAnswer]
_REGISTRY: dict[Metric, Answerer] = {}


def answerer(*metrics: Metric) -> Callable[[Answerer], Answerer]:
    """Register the decorated function as the answerer of ``metrics`` (one answerer each)."""

    def register(fn: Answerer) -> Answerer:
        for m in metrics:
            if m in _REGISTRY:
                raise ValueError(f"{m.value} already has an answerer ({_REGISTRY[m].__name__})")
            _REGISTRY[m] = fn
        return fn

    return register


def registered_metrics() -> frozenset[Metric]:
    """The metrics the engine can answer."""
    return frozenset(_REGISTRY)


def answer(query: FactQuery, bars: pl.DataFrame, *, other: pl.DataFrame | None = None,
           kind: str | None = None) -> Fact | NoAnswer:
    """The Fact that answers ``query`` from ``bars`` (one subject's canonical bars, date-sorted),
    or a :class:`NoAnswer` saying why there is none.

    ``other``: the comparison subject's bars (SPREAD; a yield for ROLLING_CORRELATION / BETA).
    ``kind``: the subject's instrument kind (``"yield"``, ``"index"``, ``"etf"``...); None:
    decided from the bars (close-only and under 30: a yield).
    """
    fn = _REGISTRY.get(query.metric)
    if fn is None:
        return NoAnswer(query, "unsupported", f"The engine has no rule for {query.metric.value}.")
    if bars.height == 0:
        return NoAnswer(query, "no_data", f"No data for {query.subject}.")
    ask = _Ask(query, bars, other, is_yield(bars, kind))   # the one rule (series.is_yield)
    try:
        return fn(ask)
    except PeriodUnresolved as e:
        return NoAnswer(query, e.reason, e.message, e.first_date)
    except NoDataError as e:
        return NoAnswer(query, "no_data", str(e))


def answer_all(queries: Iterable[FactQuery], bars: pl.DataFrame, *,
               other: pl.DataFrame | None = None,
               kind: str | None = None) -> list[Fact | NoAnswer]:
    """:func:`answer` for each query, in order (they share the cache)."""
    return [answer(q, bars, other=other, kind=kind) for q in queries]


# ------------------------------------------------------------------------- helpers --

def _only(ask: _Ask, *kinds: SpecKind) -> NoAnswer | None:
    """A NoAnswer unless the query's period kind is one of ``kinds``."""
    if ask.spec.kind in kinds:
        return None
    return ask.no("unsupported", f"No rule for {ask.query.metric.value} over a "
                  f"{ask.spec.kind} period (allowed: {', '.join(kinds)}).")


def _pick(facts: Iterable[Fact], metric: Metric) -> Fact | None:
    return next((f for f in facts if f.metric is metric), None)


def _at(fact: Fact, session: dt.date) -> Fact:
    """``fact`` with ``as_of`` the session it was computed at."""
    return fact if fact.as_of == session else dataclasses.replace(fact, as_of=session)


#: The Period kind a resolved spec is reported with (Period's own vocabulary).
_PERIOD_KIND: Mapping[str, PeriodKind] = {
    "day": "day", "week": "range", "wtd": "wtd", "mtd": "mtd", "qtd": "qtd", "ytd": "ytd",
    "month": "month", "quarter": "quarter", "half": "range", "year": "year",
    "sessions": "window", "weeks52": "window", "since": "since", "range": "range",
    "seasonal_month": "seasonal_month",
}


def _relabel(fact: Fact, spec: PeriodSpec, res: Resolved) -> Fact:
    """``fact`` over ``res`` reported as the spec's period (kind and label)."""
    month = spec.number if spec.kind == "month" else None
    return dataclasses.replace(fact, period=Period(kind=_PERIOD_KIND[spec.kind], end=res.end,
                                                   start=res.base, label=res.label,
                                                   month=month))


def _not_for_yield(ask: _Ask) -> NoAnswer | None:
    if not ask.is_yield:
        return None
    return ask.no("undefined_for_kind", f"{ask.query.metric.value} is not defined for a yield: "
                  "yield changes are in basis points (yield_change_bp).")


# ------------------------------------------------------------------------------ day --

@answerer(Metric.CLOSE, Metric.OPEN, Metric.HIGH, Metric.LOW, Metric.CHANGE_PTS,
          Metric.CHANGE_PCT, Metric.INTRADAY_HIGH_CHANGE_PCT, Metric.INTRADAY_LOW_CHANGE_PCT)
def _day(ask: _Ask) -> Fact | NoAnswer:
    """The day's levels and changes (:func:`.day.day_facts`) at the bar on the day asked."""
    m = ask.query.metric
    if (bad := _only(ask, "day")) is not None:
        return bad
    if m not in (Metric.CLOSE, Metric.OPEN, Metric.HIGH, Metric.LOW) and \
            (bad := _not_for_yield(ask)) is not None:
        return bad
    res = ask.resolve(strict=True)
    facts = ask.memo(("day", res.end), lambda: day.day_facts(ask.bars, res.end))
    fact = _pick(facts, m)
    if fact is not None:
        return _at(fact, res.end)
    if m in (Metric.OPEN, Metric.HIGH, Metric.LOW, Metric.INTRADAY_HIGH_CHANGE_PCT,
             Metric.INTRADAY_LOW_CHANGE_PCT) and _pick(facts, Metric.CLOSE) is not None:
        return ask.no("no_data", f"No {m.value} on {res.end.isoformat()}: a close-only series "
                      "or a bar without it.")
    first = _last(ask.dates()[:1])
    return ask.no("history_too_short", f"No close before {res.end.isoformat()} to compare "
                  "with.", first)


# -------------------------------------------------------------------------- periods --

def _return_fact(ask: _Ask, spec: PeriodSpec, total: bool) -> Fact:
    """The price (or total) return over ``spec`` from the family's function for that kind."""
    column = "adj_close" if total else "close"
    if total and ask.dates("adj_close").size == 0:
        raise PeriodUnresolved("no_data", f"{ask.query.subject} has no adjusted closes for a "
                               "total return.")
    res = ask.resolve(spec, column=column)
    k = spec.kind
    # a calendar period's functions take the history to the as-of (the to-date kinds cut it
    # themselves)
    bars = ask.bars if spec.as_of is None or k not in ("month", "quarter", "year") \
        else history_to(ask.bars, spec.as_of)
    f: Fact | None
    if k in ("wtd", "mtd", "qtd", "ytd"):
        f = periods.period_return(ask.bars, res.end, k, total=total)
    elif k == "month":
        f = periods.month_return(bars, spec.year or 0, spec.number or 1, total=total)
    elif k == "quarter":
        f = periods.quarter_return(bars, spec.year or 0, spec.number or 1, total=total)
    elif k == "year":
        f = periods.year_return(bars, spec.year or 0, total=total)
    elif k == "since" and spec.start is not None:
        f = periods.since_return(ask.bars, spec.start, res.end, total=total)
    elif k == "range" and spec.start is not None:
        upto = spec.end if spec.end is not None and (spec.as_of is None
                                                    or spec.as_of >= spec.end) else res.end
        f = periods.range_return(ask.bars, spec.start, upto, total=total)
    elif k in ("day", "week", "half", "sessions", "weeks52") and res.base is not None:
        f = periods.range_return(ask.bars, res.base, res.end, total=total)
        f = None if f is None else _relabel(f, spec, res)
    else:
        raise PeriodUnresolved("unsupported", f"No return over a {k} period.")
    if f is None:
        raise PeriodUnresolved("no_data", f"No {'total ' if total else ''}return for "
                               f"{res.label} in the data.")
    return _at(f, res.end)


@answerer(Metric.PERIOD_RETURN, Metric.PERIOD_TOTAL_RETURN, Metric.PERIOD_CHANGE_PTS)
def _period(ask: _Ask) -> Fact | NoAnswer:
    """Returns over any period kind (ratio of the base and end closes, in percent), and the
    change in points between the same two closes."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    m = ask.query.metric
    total = m is Metric.PERIOD_TOTAL_RETURN or (ask.query.basis == "total_return"
                                                and m is Metric.PERIOD_RETURN)
    if m is Metric.PERIOD_CHANGE_PTS and ask.query.basis == "total_return":
        return ask.no("unsupported", "A change in points is of closes, not adjusted closes.")
    f = _return_fact(ask, ask.spec, total)
    if m is not Metric.PERIOD_CHANGE_PTS:
        return f
    assert isinstance(f.context, contexts.PeriodReturn)
    return dataclasses.replace(f, metric=Metric.PERIOD_CHANGE_PTS,
                               value=float(f.context.change_pts), unit="pts")


# --------------------------------------------------------------------------- yields --

@answerer(Metric.YIELD_LEVEL)
def _yield_level(ask: _Ask) -> Fact | NoAnswer:
    """The yield (percent) observed on the day asked (:func:`.yields.yield_level`)."""
    if not ask.is_yield:
        return ask.no("undefined_for_kind", f"{ask.query.subject} is not a yield.")
    if (bad := _only(ask, "day")) is not None:
        return bad
    end = ask.resolve(strict=True).end
    return _at(yields.yield_level(ask.bars, end), end)


def _yield_move(ask: _Ask, res: Resolved) -> Fact:
    """YIELD_CHANGE_BP between two resolved observations, with the rule of :mod:`.yields`
    (``100 * (y1 - y0)`` rounded to ``BP_DECIMALS``) and its context keys."""
    if res.base is None:
        raise PeriodUnresolved("history_too_short", "No observation before the first.",
                               _last(ask.dates()[:1]))
    rows = rows_on(ask.bars.filter(pl.col("close").is_not_null()), (res.base, res.end))
    y0, y1 = float(rows.item(0, "close")), float(rows.item(rows.height - 1, "close"))
    bp = round((y1 - y0) * 100.0, yields.BP_DECIMALS)
    ev: tuple[Evidence, ...] = evidence(rows, "close")
    return Fact(subject=rows.item(0, "symbol"), metric=Metric.YIELD_CHANGE_BP,
                period=Period(kind=_PERIOD_KIND[ask.spec.kind], end=res.end, start=res.base,
                              label=res.label),
                value=bp, unit="bp", as_of=res.end,
                context=contexts.YieldChange(previous_date=res.base, previous_value=y0,
                                             date=res.end, value=y1,
                                             change_pp=round(bp / 100.0, yields.BP_DECIMALS)),
                evidence=ev)


@answerer(Metric.YIELD_CHANGE_BP)
def _yield_change(ask: _Ask) -> Fact | NoAnswer:
    """The change in basis points: day / MTD / YTD from :func:`.yields.yield_change`; other
    periods between the two observations :func:`.periods.resolve` gives."""
    if not ask.is_yield:
        return ask.no("undefined_for_kind", f"{ask.query.subject} is not a yield.")
    k = ask.spec.kind
    if k == "seasonal_month":
        return ask.no("unsupported", "No seasonal yield change.")
    res = ask.resolve(strict=k == "day")
    if k in ("day", "mtd", "ytd"):
        return _at(yields.yield_change(ask.bars, res.end, k,
                                       table=_yield_changes(ask, res.end, k)), res.end)
    return _yield_move(ask, res)


def _yield_changes(ask: _Ask, end: dt.date, period: yields.YieldPeriod) -> pl.DataFrame:
    """:func:`.yields.change_table` at the session ``end`` (cached: the change and its "largest
    since" read one table)."""
    return ask.memo(("yield_changes", end, period),
                    lambda: yields.change_table(ask.bars, end, period))


# --------------------------------------------------------------------- ranks: since --

def _granularity(ask: _Ask) -> Granularity:
    g = ask.query.params.granularity
    if g is not None:
        return g
    k = ask.spec.kind
    if k in ("week", "wtd"):
        return "week"
    if k in ("month", "mtd"):
        return "month"
    if k in ("year", "ytd"):
        return "year"
    return "day"


def _weekly_largest_since(ask: _Ask, end: dt.date) -> Fact:
    """LARGEST_SINCE of the week ending at ``end`` among all weekly moves: weekly closes from
    :func:`.streaks.period_closes` (the last close of each ISO week), moves as ratios of
    consecutive weekly closes (percent; bp for yields), "since" by :func:`.ranks.largest_since`.
    """
    hist = history_to(ask.bars, end)
    wk = streaks.period_closes(hist, "weeks")
    c = wk.get_column("close").cast(pl.Float64).to_numpy()
    if c.size < 2:
        raise PeriodUnresolved("history_too_short", "Fewer than two weeks of closes.",
                               _last(ask.dates()[:1]))
    if ask.is_yield:
        v = np.round((c[1:] - c[:-1]) * 100.0, yields.BP_DECIMALS)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(c[:-1] != 0, (c[1:] / c[:-1] - 1.0) * 100.0, np.nan)
    i = v.size - 1
    cur = float(v[i])
    if np.isnan(cur) or cur == 0.0:
        raise PeriodUnresolved("not_applicable", "An unchanged week has no 'largest since'.")
    direction: ranks.Direction = "gain" if cur >= 0 else "decline"
    dates = wk.get_column("date")
    j = ranks.largest_since(v, i, direction=direction)
    symbol: str = ask.bars.item(0, "symbol")
    monday = end - dt.timedelta(days=end.weekday())
    week_sessions = periods._calendar_sessions(monday, monday + dt.timedelta(days=6))
    complete = not week_sessions or week_sessions[-1] <= end
    label = f"week {'ended' if complete else 'to'} {end.isoformat()}"

    def cite(k: int) -> tuple[Evidence, ...]:
        return evidence(rows_on(hist, (dates[k], dates[k + 1])), "close")

    word: Literal["gain", "decline", "rise"] = \
        "rise" if ask.is_yield and direction == "gain" else direction
    common: dict[str, Any] = {"direction": word, "period_key": dates[i + 1].isoformat(),
                              "previous_date": dates[i], "granularity": "week",
                              "complete": complete, "first_period": dates[1].isoformat(),
                              "of": int(np.count_nonzero(~np.isnan(v)))}
    ev = cite(i)
    if j is None:
        ctx = contexts.LargestSince(**common, since_period=None, since_value=None,
                                    since_label=None, on_record=True)
    else:
        ctx = contexts.LargestSince(**common, since_period=dates[j + 1].isoformat(),
                                    since_value=float(v[j]),
                                    since_label=f"week ended {dates[j + 1].isoformat()}",
                                    on_record=False, periods_between=i - j - 1)
        ev = ev + cite(j)
    return Fact(symbol, Metric.LARGEST_SINCE,
                Period(kind="range" if complete else "wtd", start=dates[i], end=dates[i + 1],
                       label=label),
                cur, "bp" if ask.is_yield else "pct", dates[i + 1], ctx, ev)


@answerer(Metric.LARGEST_SINCE, Metric.RANK)
def _largest_since(ask: _Ask) -> Fact | NoAnswer:
    """"Its largest gain since D" / the period's rank: one-day moves, weeks, calendar months or
    years (:func:`.ranks.rank_facts`; for yields :func:`.yields.largest_change_since`)."""
    g = _granularity(ask)
    m = ask.query.metric
    if ask.spec.kind == "seasonal_month" and m is Metric.LARGEST_SINCE and not ask.is_yield:
        # "its best January since 1987": that calendar month across years (seasonality.py)
        month, end = int(ask.spec.number or 0), ask.session()
        same = ask.memo(("same_month", end, month),
                        lambda: seasonality.same_month_largest_since(ask.bars, end, month))
        if same is None:
            return ask.no("no_data", f"No {periods.MONTH_NAMES[month - 1]} return near "
                          f"{end.isoformat()}.")
        return same
    points = ask.query.params.measure == "pts" and not ask.is_yield
    if m is Metric.LARGEST_SINCE and (ask.spec.kind == "sessions" and ask.spec.number or points
                                      and _granularity(ask) == "day"):
        # "its largest three-day decline since 1987": the N-session move (moves.py); "its
        # biggest point drop since 2020": the one-session move in points
        from . import moves

        n = int(ask.spec.number or 1) if ask.spec.kind == "sessions" else 1
        end = ask.session()
        basis: moves.MoveBasis = "bp" if ask.is_yield else "pts" if points else "pct"
        found = ask.memo(("moves", end, n, basis),
                         lambda: moves.multi_day_move_facts(ask.bars, end, n, basis=basis))
        fact = _pick(found, Metric.LARGEST_SINCE)
        if fact is None:
            return ask.no("no_data", f"No {n}-session move at {end.isoformat()}.")
        return fact
    if g == "day":
        end = ask.resolve(PeriodSpec.day(ask.spec.as_of or _last(ask.dates())), strict=True).end
    elif ask.spec.kind in ("day", "seasonal_month", "sessions", "weeks52", "since", "range",
                           "half"):
        end = ask.session()
    else:
        end = ask.resolve().end
    if g == "week":
        if m is Metric.RANK:
            return ask.no("unsupported", "No weekly rank.")
        return _weekly_largest_since(ask, end)
    if ask.is_yield:
        if m is Metric.RANK:
            return ask.no("unsupported", "No rank of yield changes.")
        period: yields.YieldPeriod = {"day": "day", "month": "mtd", "year": "ytd"}[g]  # type: ignore[assignment]
        f = ask.memo(("yield_since", end, period),
                     lambda: yields.largest_change_since(
                         ask.bars, end, period, table=_yield_changes(ask, end, period)))
        if f is None:
            return ask.no("not_applicable", f"The yield was unchanged ({end.isoformat()}): no "
                          "'largest since'.")
        return _at(f, end)
    if m is Metric.RANK and ask.query.params.start is not None and g in ("month", "year"):
        # "the second-best year of the decade": ranked among the periods from params.start on
        order: Literal["best", "worst"] = "worst" if ask.query.params.direction == "down" \
            else "best"
        got = ranks.window_rank_fact(ask.bars, end, ask.query.params.start.year, order, g)
        if got is None:
            return ask.no("history_too_short", f"No {g} returns from "
                          f"{ask.query.params.start.year} to rank.")
        return _at(got, end)
    fact = _pick(_rank_facts(ask, end, g), m)
    if fact is None:
        return ask.no("no_data", f"No {g} return at {end.isoformat()} to rank.")
    return _at(fact, end)


def _table(ask: _Ask, end: dt.date, g: Literal["month", "year"]) -> pl.DataFrame:
    """The monthly (yearly) return table of the history to ``end`` (cached: the month's ranks
    and the seasonality of the same session share one)."""
    build = tables.monthly_returns if g == "month" else tables.yearly_returns
    return ask.memo(("table", end, g), lambda: build(_history(ask, end)))


def _history(ask: _Ask, end: dt.date) -> pl.DataFrame:
    """The bars to ``end`` (cached: the tables and the day's rank share them)."""
    return ask.memo(("history", end), lambda: history_to(ask.bars, end))


def _rank_facts(ask: _Ask, end: dt.date, g: Literal["day", "month", "year"]) -> list[Fact]:
    """:func:`.ranks.rank_facts` at the session ``end`` (a bar's date), cached."""
    if g == "day":
        return ask.memo(("rank", end, g), lambda: ranks.day_rank_facts(_history(ask, end)))
    symbol = str(ask.bars.item(0, "symbol"))
    return ask.memo(("rank", end, g),
                    lambda: ranks.rank_facts_from_table(_table(ask, end, g), end, symbol, g))


@answerer(Metric.LARGEST_OF_YEAR)
def _largest_of_year(ask: _Ask) -> Fact | NoAnswer:
    """"Its largest monthly gain of the year" (:func:`.ranks.rank_facts`, months)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    if (bad := _only(ask, "day", "month", "mtd")) is not None:
        return bad
    end = ask.session() if ask.spec.kind == "day" else ask.resolve().end
    fact = _pick(_rank_facts(ask, end, "month"), Metric.LARGEST_OF_YEAR)
    if fact is None:
        return ask.no("no_data", f"No monthly return at {end.isoformat()}.")
    return _at(fact, end)


# ------------------------------------------------------------------------- records --

_RECORD_METRICS = (Metric.RECORD_CLOSE, Metric.RECORD_HIGH, Metric.RECORD_CLOSE_COUNT,
                   Metric.PCT_FROM_RECORD_CLOSE, Metric.PCT_FROM_RECORD_HIGH,
                   Metric.SESSIONS_SINCE_RECORD, Metric.HIGHEST_CLOSE_SINCE,
                   Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW,
                   Metric.WEEK52_HIGH, Metric.WEEK52_LOW)
_CLOSE_ONLY = frozenset(_RECORD_METRICS) - {Metric.RECORD_HIGH, Metric.PCT_FROM_RECORD_HIGH}


@answerer(*_RECORD_METRICS)
def _records(ask: _Ask) -> Fact | NoAnswer:
    """Record close / record intraday high and the facts around them, as of the session
    (:func:`.records.record_facts`). RECORD_CLOSE_COUNT over a past ``year`` is the count as of
    that year's last bar; ``ytd`` / ``day`` give the year to date."""
    m = ask.query.metric
    if m is Metric.RECORD_CLOSE_COUNT:
        if (bad := _only(ask, "day", "ytd", "year")) is not None:
            return bad
    elif (bad := _only(ask, "day")) is not None:
        return bad
    if m in _CLOSE_ONLY and ask.query.basis == "intraday":
        return ask.no("unsupported", f"{m.value} is computed on closes only, not intraday.")
    if m in (Metric.RECORD_HIGH, Metric.PCT_FROM_RECORD_HIGH) and ask.is_yield:
        return ask.no("undefined_for_kind", "A yield series has no intraday highs.")
    end = ask.resolve().end if ask.spec.kind == "year" else ask.session()
    facts = ask.memo(("records", end), lambda: records.record_facts(ask.bars, end))
    fact = _pick(facts, m)
    if fact is not None:
        return _at(fact, end)
    if m in (Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW):
        since = _pick(facts, Metric.HIGHEST_CLOSE_SINCE if m is Metric.N_YEAR_HIGH
                      else Metric.LOWEST_CLOSE_SINCE)
        sc = since.context if since is not None else None
        if isinstance(sc, contexts.CloseSince) and sc.on_record:
            first = sc.first_date
            return ask.no("history_too_short", f"The {end.isoformat()} close is the "
                          f"{'highest' if m is Metric.N_YEAR_HIGH else 'lowest'} in data going "
                          f"back to {first.isoformat()}: the number of years is not known.",
                          first)
        if isinstance(sc, contexts.CloseSince):
            return ask.no("not_applicable", f"Not even a one-year "
                          f"{'high' if m is Metric.N_YEAR_HIGH else 'low'}: the extreme since "
                          f"{sc.since_date}.")
    return ask.no("no_data", f"No {m.value} at {end.isoformat()} in the data.")


# ---------------------------------------------------------------- drawdowns, streaks --

@answerer(Metric.DRAWDOWN, Metric.MAX_DRAWDOWN)
def _drawdown(ask: _Ask) -> Fact | NoAnswer:
    """The drawdown from the running peak close (:mod:`.drawdowns`); ``params.start`` starts the
    window (None: all history)."""
    if (bad := _only(ask, "day")) is not None:
        return bad
    end = ask.session()
    fn = (drawdowns.current_drawdown if ask.query.metric is Metric.DRAWDOWN
          else drawdowns.max_drawdown)
    return _at(fn(ask.bars, end, ask.query.params.start), end)


@answerer(Metric.STREAK, Metric.LONGEST_STREAK)
def _streak(ask: _Ask) -> Fact | NoAnswer:
    """The current streak, or the longest one (:mod:`.streaks`); unit from ``params.unit``. For
    LONGEST_STREAK a ``ytd`` / ``since`` period counts only streaks starting in it."""
    p = ask.query.params
    unit = p.unit or "days"
    if ask.query.metric is Metric.STREAK:
        if (bad := _only(ask, "day")) is not None:
            return bad
        end = ask.session()
        return _at(streaks.current_streak(ask.bars, end, unit), end)
    if (bad := _only(ask, "day", "ytd", "since")) is not None:
        return bad
    end = ask.session() if ask.spec.kind != "ytd" else ask.resolve().end
    start = (p.start if ask.spec.kind == "day" else
             dt.date(end.year, 1, 1) if ask.spec.kind == "ytd" else ask.spec.start)
    direction = p.direction or "up"
    f = ask.memo(("longest_streak", end, direction, unit, start),
                 lambda: streaks.longest_streak(ask.bars, end, direction, unit, start))
    return _at(f, end)


# --------------------------------------------------------------------- seasonality --

_SEASONAL = (Metric.SEASONAL_AVERAGE, Metric.SEASONAL_MEDIAN, Metric.SEASONAL_PCT_UP,
             Metric.SEASONAL_BEST_MONTH, Metric.SEASONAL_WORST_MONTH)


@answerer(*_SEASONAL)
def _seasonal(ask: _Ask) -> Fact | NoAnswer:
    """A calendar month across years, complete months up to the session
    (:func:`.seasonality.seasonal_facts`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    if (bad := _only(ask, "seasonal_month")) is not None:
        return bad
    end = ask.session()
    month, years = ask.spec.number or 1, ask.spec.years
    symbol = str(ask.bars.item(0, "symbol"))
    facts = ask.memo(("seasonal", end, month, years),
                     lambda: seasonality.seasonal_facts_from_table(
                         _table(ask, end, "month"), end, symbol, month, years=years))
    fact = _pick(facts, ask.query.metric)
    if fact is None:
        return ask.no("no_data", "No complete months of that kind in the data.")
    return _at(fact, end)


# ------------------------------------------------------------------------ relative --

@answerer(Metric.SPREAD)
def _spread(ask: _Ask) -> Fact | NoAnswer:
    """a's return minus b's over the same period, in percentage points (:mod:`.relative`);
    ``other`` are b's bars."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    other = ask.other
    if other is None or other.height == 0:
        return ask.no("no_data", "A spread needs the comparison subject's bars (other=).")
    total = ask.query.basis == "total_return"
    k = ask.spec.kind
    res = ask.resolve(column="adj_close" if total else "close")
    f: Fact | None
    if k in ("wtd", "mtd", "qtd", "ytd"):
        f = relative.spread(ask.bars, other, res.end, k, total=total)
    elif k == "range" and ask.spec.start is not None:
        f = relative.spread_between(ask.bars, other, ask.spec.start, res.end, total=total)
    else:
        versus = ask.query.params.versus or str(other.item(0, "symbol"))
        metric = Metric.PERIOD_TOTAL_RETURN if total else Metric.PERIOD_RETURN
        fa = answer(dataclasses.replace(ask.query, metric=metric), ask.bars, kind="price")
        fb = answer(FactQuery(versus, metric, ask.spec), other, kind="price")
        if isinstance(fa, NoAnswer):
            return ask.no(fa.reason, fa.message, fa.first_date)
        if isinstance(fb, NoAnswer):
            return ask.no(fb.reason, f"{versus}: {fb.message}", fb.first_date)
        f = relative._spread_fact(fa, fb, res.end, fa.period)
    if f is None:
        return ask.no("no_data", f"No spread for {res.label} in the data.")
    return _at(f, res.end)


@answerer(Metric.ROLLING_CORRELATION, Metric.ROLLING_BETA)
def _sensitivity(ask: _Ask) -> Fact | NoAnswer:
    """Rolling correlation / beta of the index's daily returns to the yield in ``other``
    (:mod:`.sensitivity`); ``params.window`` sessions (default 63)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    if ask.other is None:
        return ask.no("no_data", "Needs the yield's bars (other=).")
    if (bad := _only(ask, "day")) is not None:
        return bad
    end, other = ask.session(), ask.other
    window = ask.query.params.window or sensitivity.DEFAULT_WINDOW
    # the correlation and the beta come from one alignment; cached with the yield's frame
    # itself, so another frame (a recycled id) is never answered from it
    key = ("sensitivity", end, window, id(other))
    held = ask.memo(key, lambda: (other, sensitivity.window_facts(ask.bars, other, end, window)))
    if held[0] is not other:
        held = (other, sensitivity.window_facts(ask.bars, other, end, window))
    corr, beta = held[1]                  # as of the window's last common session
    return corr if ask.query.metric is Metric.ROLLING_CORRELATION else beta


# ------------------------------------------- moves, thresholds, extremes, range, curve --
# Registered by their own module (issue 10, item 4); imported last, once the registry exists.
from . import engine_extra  # noqa: F401

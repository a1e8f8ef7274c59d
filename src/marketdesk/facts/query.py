"""The question the facts engine answers: a :class:`FactQuery`, and :class:`NoAnswer` when it can't.

A ``FactQuery`` is a frozen, hashable value — subject, metric, an *unresolved* period as text would
state it (:class:`PeriodSpec`), a basis and typed parameters — so the checker can build several
readings of one sentence, put them in sets and dicts, and ask :func:`marketdesk.facts.engine.answer`
for each. The period is resolved against the bars in one place,
:func:`marketdesk.facts.periods.resolve`.

Dates are plain ``datetime.date`` values. A ``PeriodSpec``'s ``as_of`` is the date the text speaks
from (an article's session); a period never reaches past it. When ``as_of`` is None, the data's
last bar is the as-of.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .model import Metric

__all__ = [
    "Basis",
    "CountMove",
    "CountSpec",
    "CountUnit",
    "FactQuery",
    "Granularity",
    "NoAnswer",
    "NoAnswerReason",
    "Params",
    "PeriodSpec",
    "SpecKind",
]

#: The kinds of period a text can state (see :class:`PeriodSpec`).
SpecKind = Literal[
    "day", "week", "wtd", "mtd", "qtd", "ytd", "month", "quarter", "half", "year",
    "sessions", "weeks52", "since", "range", "seasonal_month",
]

#: ``close``: closing prices (levels, price returns); ``intraday``: highs and lows (record
#: intraday high); ``total_return``: adjusted closes (ETFs).
Basis = Literal["close", "intraday", "total_return"]

#: The period a "largest since" compares: one-day moves, weeks, calendar months or years.
Granularity = Literal["day", "week", "month", "year"]

#: Why a query has no answer:
#:
#: - ``no_bar``: the series has no bar on the day asked (a weekend, a holiday, a gap in the data);
#: - ``history_too_short``: the period starts before the data do (``first_date`` says when they do);
#: - ``undefined_for_kind``: the metric means nothing for this kind of instrument (points or
#:   percent changes of a yield; a yield change of an index);
#: - ``period_not_over``: a complete period (a calendar month, quarter, half, year) was asked for
#:   and it is still running at the as-of date;
#: - ``no_data``: the data do not cover the period (they end before it ends, or hold nothing);
#: - ``not_applicable``: the statistic does not exist at that date (not even a one-year high; an
#:   unchanged yield has no "largest move since");
#: - ``unsupported``: the engine has no rule for that metric with that period, basis or parameter.
NoAnswerReason = Literal[
    "no_bar", "history_too_short", "undefined_for_kind", "period_not_over", "no_data",
    "not_applicable", "unsupported",
]


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """An unresolved period, as a sentence states it.

    Build one with the class methods (``PeriodSpec.mtd(d)``, ``PeriodSpec.quarter(2022, 2)``...).
    Fields:

    - ``kind``: see :data:`SpecKind`.
    - ``as_of``: the date the text speaks from; the period is cut there (None: the data's last bar).
      For ``day`` it is the day itself; for ``week`` the date on or before which the complete week
      ended; for ``sessions`` / ``weeks52`` / ``since`` / the to-date kinds the end date.
    - ``year``, ``number``: the calendar year and the month (1..12), quarter (1..4), half (1..2) or
      number of sessions N (``sessions``).
    - ``start``, ``end``: ``since``: ``start`` is the named date (its close is the base);
      ``range``: the two closes' dates.
    - ``years``: ``seasonal_month``: the calendar years used, both inclusive (None: all).
    - ``partial_ok``: for a calendar month / quarter / half / year, a running period gives its
      to-date figure instead of ``period_not_over``.
    """

    kind: SpecKind
    as_of: dt.date | None = None
    year: int | None = None
    number: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    years: tuple[int, int] | None = None
    partial_ok: bool = False

    # ---------------------------------------------------------------- constructors --
    @classmethod
    def day(cls, d: dt.date) -> PeriodSpec:
        """The session ``d`` (its close against the previous close)."""
        return cls("day", as_of=d)

    @classmethod
    def week(cls, d: dt.date) -> PeriodSpec:
        """The last complete week (Friday's close to Friday's close) ending on or before ``d``."""
        return cls("week", as_of=d)

    @classmethod
    def wtd(cls, d: dt.date) -> PeriodSpec:
        """The running week to ``d``: last close before its Monday to the close on ``d``."""
        return cls("wtd", as_of=d)

    @classmethod
    def mtd(cls, d: dt.date) -> PeriodSpec:
        """Month to date: the previous month's last close to the close on ``d``."""
        return cls("mtd", as_of=d)

    @classmethod
    def qtd(cls, d: dt.date) -> PeriodSpec:
        """Quarter to date: the previous quarter's last close to the close on ``d``."""
        return cls("qtd", as_of=d)

    @classmethod
    def ytd(cls, d: dt.date) -> PeriodSpec:
        """Year to date: the previous year's last close to the close on ``d``."""
        return cls("ytd", as_of=d)

    @classmethod
    def month(cls, year: int, month: int, *, as_of: dt.date | None = None,
              partial_ok: bool = False) -> PeriodSpec:
        """Calendar month ``year-month`` (1..12), complete unless ``partial_ok``."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1..12; got {month!r}")
        return cls("month", as_of=as_of, year=year, number=month, partial_ok=partial_ok)

    @classmethod
    def quarter(cls, year: int, quarter: int, *, as_of: dt.date | None = None,
                partial_ok: bool = False) -> PeriodSpec:
        """Calendar quarter ``quarter`` (1..4) of ``year``."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1..4; got {quarter!r}")
        return cls("quarter", as_of=as_of, year=year, number=quarter, partial_ok=partial_ok)

    @classmethod
    def half(cls, year: int, half: int, *, as_of: dt.date | None = None,
             partial_ok: bool = False) -> PeriodSpec:
        """Calendar half ``half`` (1: January-June, 2: July-December) of ``year``."""
        if half not in (1, 2):
            raise ValueError(f"half must be 1 or 2; got {half!r}")
        return cls("half", as_of=as_of, year=year, number=half, partial_ok=partial_ok)

    @classmethod
    def calendar_year(cls, year: int, *, as_of: dt.date | None = None,
                      partial_ok: bool = False) -> PeriodSpec:
        """Calendar ``year`` (named so because ``year`` is a field)."""
        return cls("year", as_of=as_of, year=year, partial_ok=partial_ok)

    @classmethod
    def sessions(cls, n: int, d: dt.date) -> PeriodSpec:
        """The last ``n`` sessions ending at ``d``: the close ``n`` bars before ``d``'s to ``d``'s
        (a 2-, 3-, 5-day move)."""
        if n < 1:
            raise ValueError(f"sessions needs n >= 1; got {n!r}")
        return cls("sessions", as_of=d, number=n)

    @classmethod
    def weeks52(cls, d: dt.date) -> PeriodSpec:
        """52 weeks back: the close on ``d - 364 days`` (same weekday; the last close on or before
        it) to the close on ``d``."""
        return cls("weeks52", as_of=d)

    @classmethod
    def since(cls, event: dt.date, d: dt.date) -> PeriodSpec:
        """From the close on ``event`` ("since the Election Day close of Nov. 3, 2020") to the
        close on ``d``."""
        return cls("since", as_of=d, start=event)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> PeriodSpec:
        """An explicit range: the close on ``start`` to the close on ``end`` (kind ``range``)."""
        return cls("range", as_of=end, start=start, end=end)

    @classmethod
    def seasonal_month(cls, month: int, *, years: tuple[int, int] | None = None,
                       as_of: dt.date | None = None) -> PeriodSpec:
        """Calendar ``month`` across years (complete months up to ``as_of``; ``years`` bounds)."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1..12; got {month!r}")
        return cls("seasonal_month", as_of=as_of, number=month, years=years)


#: What PERIOD_COUNT counts of each period: every one (``any``), a gain, a loss, or a move either
#: way (``either``, with a threshold).
CountMove = Literal["any", "up", "down", "either"]
#: The periods PERIOD_COUNT counts.
CountUnit = Literal["days", "weeks", "months", "quarters", "years"]


@dataclass(frozen=True, slots=True)
class CountSpec:
    """What PERIOD_COUNT counts: the periods of ``unit`` in the query's window whose change (close
    against the previous period's close) meets a condition.

    - ``move``: ``any`` (every period: "253 trading days"), ``up`` / ``down`` (a gain / a loss,
      at least ``threshold`` when one is given), ``either`` (a move of at least ``threshold`` up
      or down: "up or down at least 1%").
    - ``threshold``, ``basis``: the size of the move, in percent (``pct``) or points (``pts``);
      ``strict``: more than it ("more than 9%"), else at least it.
    - ``round_to``: each change is first rounded to this many decimals (percent changes as
      published: 0.9979% is "1.00%"); None: exact.
    - ``month``: only periods ending in this calendar month (1..12: "Septembers");
      ``other_months``: every month but it ("the other 11 months").
    - ``last``: the last N such periods of the window (None: all of it).
    - ``running``: the period still running at the as-of session counts (else only complete
      periods do; a session is complete at its close).
    - ``among``, ``among_worst``: first keep the ``among`` worst (or best) periods of the window
      by change ("of the 40 worst months"); ``month`` then says which of them are counted
      ("nine have occurred in September").
    """

    unit: CountUnit = "days"
    move: CountMove = "any"
    threshold: float | None = None
    basis: Literal["pct", "pts"] = "pct"
    strict: bool = False
    round_to: int | None = None
    month: int | None = None
    other_months: bool = False
    last: int | None = None
    running: bool = False
    among: int | None = None
    among_worst: bool = True


@dataclass(frozen=True, slots=True)
class Params:
    """Typed parameters a metric may need; every field is optional (None: the metric's default).

    - ``granularity``: LARGEST_SINCE / RANK: what is compared (default: from the period kind:
      ``day`` for a day, ``month`` for a month or MTD, ``year`` for a year or YTD, ``week``...).
    - ``unit``: STREAK / LONGEST_STREAK: ``days`` (default), ``weeks``, ``months`` or
      ``quarters``.
    - ``direction``: LONGEST_STREAK: ``up`` (default) or ``down``.
    - ``start``: LONGEST_STREAK: count only streaks starting on or after it; DRAWDOWN /
      MAX_DRAWDOWN / CHANGE_FROM_EXTREME: the window's first day.
    - ``end``: CHANGE_FROM_EXTREME: the window's last day (with ``direction`` ``down``: its
      lowest close, ``up``: its highest).
    - ``versus``: SPREAD: the comparison subject (its bars are ``answer(..., other=)``).
    - ``threshold``: a level the metric compares with (FIRST_CLOSE_ABOVE / BELOW; the level
      reached for MILESTONE_GAP, None: up to the session; the step of the levels for
      MILESTONE_COUNT).
    - ``from_level``: MILESTONE_GAP: the level first passed at the start.
    - ``window``: a window in sessions (MOVING_AVERAGE: the N of an N-day average).
    - ``calendar_day``: CALENDAR_DAY_RANK: which session of the year
      (:data:`.calendar_days.CalendarDay`: ``12-26``, ``christmas_eve``, ``black_friday``,
      ``start:4``, ...).
    - ``measure``: LARGEST_SINCE of one-day or N-session moves of an index: ``pct`` (default,
      the move in percent) or ``pts`` (in index points: "its biggest point drop since 2020").
    - ``count``: PERIOD_COUNT: what is counted (:class:`CountSpec`).
    - ``years``, ``last``: CALENDAR_WINDOW_STATS: the windows' years (both inclusive; None:
      all) and then only the last N of them (None: all).
    """

    granularity: Granularity | None = None
    unit: Literal["days", "weeks", "months", "quarters", "years"] | None = None
    direction: Literal["up", "down"] | None = None
    start: dt.date | None = None
    versus: str | None = None
    threshold: float | None = None
    window: int | None = None
    from_level: float | None = None
    measure: Literal["pct", "pts"] | None = None
    calendar_day: str | None = None
    end: dt.date | None = None
    count: CountSpec | None = None
    years: tuple[int, int] | None = None
    last: int | None = None


@dataclass(frozen=True, slots=True)
class FactQuery:
    """One question: ``metric`` of ``subject`` over ``period``, on ``basis``, with ``params``.

    Frozen and hashable: the checker keeps the readings of a sentence in sets. ``subject`` names
    what the bars given to the engine are of (the engine answers from the bars; a future checked
    against its index is the caller's choice).
    """

    subject: str
    metric: Metric
    period: PeriodSpec
    basis: Basis = "close"
    params: Params = field(default_factory=Params)


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """Why ``query`` has no answer: ``reason`` (see :data:`NoAnswerReason`) and a sentence.

    ``first_date`` is the first date the data have when the reason is ``history_too_short``
    ("in data going back to 1992"), else None.
    """

    query: FactQuery
    reason: NoAnswerReason
    message: str
    first_date: dt.date | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly form (dates as ISO strings)."""
        return {"subject": self.query.subject, "metric": self.query.metric.value,
                "period": self.query.period.kind, "reason": self.reason,
                "message": self.message,
                "first_date": self.first_date.isoformat() if self.first_date else None}

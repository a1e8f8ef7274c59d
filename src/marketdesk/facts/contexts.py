"""``Fact.context``: one small frozen dataclass per metric family (DESIGN.md, issue 10 item 3).

A context holds the qualifiers a sentence needs beside the value ("largest since December 2023",
"set Nov. 8, 2021", "12 sessions ago"). Dates inside are ``dt.date``; a *period key* (the
calendar month ``"2023-12"``, the year ``"2019"``, or a session's ISO date for a day or week
move) is a string, as it names a period, not a day. Readers use the fields; the only
serialization is :meth:`Context.to_dict`, whose keys (in field order) are the JSON keys.

A field declared with :func:`omit` is left out of ``to_dict`` while it is None (a qualifier
only some facts of the family carry, e.g. ``requested_as_of`` when the date asked was not a
session).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

__all__ = [
    "Context", "Empty", "omit",
    "Day", "PeriodReturn", "WindowMove",
    "YieldLevel", "YieldChange", "YieldLargestSince", "YieldSpread",
    "LargestSince", "MoveLargestSince", "SeasonalLargestSince", "Rank", "LargestOfYear",
    "PreviousBest",
    "RecordLevel", "PreviousRecord", "FromRecord", "SessionsSinceRecord", "RecordCount",
    "CloseSince", "NYear", "Week52",
    "Streak", "LongestStreak", "Drawdown", "MaxDrawdown",
    "Seasonal", "Spread", "Sensitivity",
    "ChangeRank", "ChangeRecord", "ChangeCount",
    "MarketState", "YearGainsErased", "LevelCross", "MilestoneGap", "RecordRun", "MovingAverage",
    "FirstMoveSince",
    "CalendarDayRank", "CalendarWindowStats", "SeasonalTally", "YearMonthRank",
    "ExtremeChange",
    "RecordDrought", "PeriodCount",
    "RecordDistance", "YearExtreme", "YearDistance", "Week52Distance",
    "IntradayRange", "CloseLocation", "IntradayReversal",
    "AnyLargestSince", "since_of", "of_kind",
]

C = TypeVar("C", bound="Context")

Direction = Literal["gain", "decline"]
#: A yield's move is a ``rise`` or a ``decline`` in the yield families' own words.
YieldDirection = Literal["rise", "decline"]
UpDown = Literal["up", "down", "unchanged"]


def omit() -> Any:
    """A field that defaults to None and is left out of ``to_dict`` while None."""
    return dataclasses.field(default=None, metadata={"omit": True})


def _json(v: Any) -> Any:
    if isinstance(v, Context):
        return v.to_dict()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_json(x) for x in v]
    return v


_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


class Context:
    """Base of every context: ``to_dict`` (JSON keys in field order, dates as ISO strings)."""

    __slots__ = ()

    @classmethod
    def _fields(cls) -> tuple[tuple[str, bool], ...]:
        got = _FIELDS.get(cls)
        if got is None:
            got = tuple((f.name, bool(f.metadata.get("omit")))
                        for f in dataclasses.fields(cls))  # type: ignore[arg-type]
            _FIELDS[cls] = got
        return got

    def _order(self) -> tuple[tuple[str, bool], ...]:
        return self._fields()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, skip_none in self._order():
            v = getattr(self, name)
            if v is None and skip_none:
                continue
            out[name] = _json(v)
        return out


@dataclass(frozen=True, slots=True)
class Empty(Context):
    """A fact that needs no qualifier."""


# ---------------------------------------------------------------------------- day, periods --

@dataclass(frozen=True, slots=True)
class Day(Context):
    """The day's levels and changes (:mod:`.day`): the previous close they are measured from;
    ``level`` the intraday high / low of an intraday change."""

    requested_as_of: dt.date | None = omit()
    level: float | None = omit()
    change_pts: float | None = omit()
    previous_date: dt.date | None = omit()
    previous_close: float | None = omit()


@dataclass(frozen=True, slots=True)
class PeriodReturn(Context):
    """A return between two closes (:mod:`.periods`): ``basis`` says price or total return."""

    basis: str
    column: str
    base_date: dt.date
    base_value: float
    end_date: dt.date
    end_value: float
    change_pts: float
    complete: bool | None = omit()
    event_date: dt.date | None = omit()
    requested_as_of: dt.date | None = omit()


@dataclass(frozen=True, slots=True)
class WindowMove(Context):
    """The move over the last N sessions (:func:`.moves.multi_day_move_facts`)."""

    sessions: int
    basis: str
    direction: Direction | None
    base_date: dt.date
    base_close: float
    close: float
    change_pts: float
    change_pct: float | None


# ---------------------------------------------------------------------------------- yields --

@dataclass(frozen=True, slots=True)
class YieldLevel(Context):
    date: dt.date


@dataclass(frozen=True, slots=True)
class YieldChange(Context):
    """A change in bp from the observation on ``previous_date`` to the one on ``date``."""

    previous_date: dt.date
    previous_value: float
    date: dt.date
    value: float
    change_pp: float


@dataclass(frozen=True, slots=True)
class YieldLargestSince(Context):
    """A yield's largest change since ``since`` (None: on record) (:mod:`.yields`)."""

    of: str
    period: str
    direction: YieldDirection
    since: dt.date | None
    since_value: float | None
    previous_date: dt.date
    date: dt.date
    since_previous_date: dt.date | None = omit()

    @property
    def on_record(self) -> bool:
        return self.since is None


@dataclass(frozen=True, slots=True)
class YieldSpread(Context):
    """The 2s/10s spread (:mod:`.curve`): ``versus`` the short yield."""

    versus: str
    date: dt.date
    long_yield: float
    short_yield: float
    previous_date: dt.date | None
    previous_value: float | None
    change_bp: float | None
    inverted: bool
    sign_changed: bool
    direction: Direction | None
    since: dt.date | None
    data_start: dt.date


# ----------------------------------------------------------------------------------- ranks --

@dataclass(frozen=True, slots=True, kw_only=True)
class LargestSince(Context):
    """"Its largest gain since D" of a day, week, month or year (:mod:`.ranks`).

    ``period_key`` / ``since_period`` / ``first_period``: period keys (``"2023-12"``, ``"2019"``,
    or an ISO date for a day or a week); ``since_period`` None when ``on_record``.
    ``direction`` is ``rise`` for a yield's week. A week's keys list ``first_period`` and ``of``
    before ``since_period`` (its JSON has always been so).
    """

    direction: Literal["gain", "decline", "rise"]
    period_key: str
    previous_date: dt.date | None = omit()
    granularity: Literal["week"] | None = omit()
    complete: bool
    since_period: str | None
    since_value: float | None
    since_label: str | None
    on_record: bool
    first_period: str | None = omit()
    of: int | None = omit()
    since_previous_date: dt.date | None = omit()
    periods_between: int | None = omit()

    _WEEK: ClassVar[tuple[str, ...]] = (
        "direction", "period_key", "previous_date", "granularity", "complete", "first_period",
        "of", "since_period", "since_value", "since_label", "on_record", "since_previous_date",
        "periods_between")

    def _order(self) -> tuple[tuple[str, bool], ...]:
        if self.granularity != "week":
            return self._fields()
        omitted = {n for n, o in self._fields() if o}
        return tuple((n, n in omitted) for n in self._WEEK)


@dataclass(frozen=True, slots=True)
class MoveLargestSince(Context):
    """The largest N-session move since the window ending ``since`` (:mod:`.moves`)."""

    sessions: int
    basis: str
    direction: Direction
    on_record: bool
    since: dt.date | None
    since_start: dt.date | None
    since_value: float | None
    windows: int
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class SeasonalLargestSince(Context):
    """"Its best January since 1987" (:func:`.seasonality.same_month_largest_since`)."""

    direction: Direction
    on_record: bool
    since_period: str | None
    since_value: float | None
    first_period: str
    calendar_month: int
    granularity: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Rank(Context):
    """The period's rank among all such periods (:mod:`.ranks`)."""

    direction: Direction
    period_key: str
    previous_date: dt.date | None = omit()
    complete: bool
    of: int
    order: Literal["best", "worst"]
    first_period: str


@dataclass(frozen=True, slots=True)
class PreviousBest(Context):
    period: str
    value: float
    label: str


@dataclass(frozen=True, slots=True)
class LargestOfYear(Context):
    """"Its largest monthly gain of the year" (:mod:`.ranks`)."""

    direction: Direction
    period_key: str
    complete: bool
    year: int
    of: int
    rank_in_year: int
    is_largest: bool
    previous_best: PreviousBest | None


# --------------------------------------------------------------------------------- records --

@dataclass(frozen=True, slots=True)
class PreviousRecord(Context):
    value: float
    date: dt.date


@dataclass(frozen=True, slots=True)
class RecordLevel(Context):
    """The record close / record intraday high in force (:mod:`.records`)."""

    date: dt.date
    is_new: bool
    previous: PreviousRecord | None
    field: str
    kind: str


@dataclass(frozen=True, slots=True)
class FromRecord(Context):
    """The rise needed to regain the record (PCT_FROM_RECORD_*), with its points."""

    points: float
    record: float
    record_date: dt.date
    close: float
    kind: str


@dataclass(frozen=True, slots=True)
class SessionsSinceRecord(Context):
    record_date: dt.date
    calendar_days: int
    record: float
    kind: str


@dataclass(frozen=True, slots=True)
class RecordCount(Context):
    """Record closes in ``year``; ``ordinal`` of today's when it is one."""

    year: int
    ordinal: int | None
    dates: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class CloseSince(Context):
    """The highest / lowest close since ``since_date`` (None: in the data, ``on_record``)."""

    close: float
    first_date: dt.date
    on_record: bool
    since_date: dt.date | None
    since_close: float | None
    sessions: int
    calendar_days: int | None


@dataclass(frozen=True, slots=True)
class NYear(Context):
    years: int
    since_date: dt.date
    close: float
    basis: str


@dataclass(frozen=True, slots=True)
class Week52(Context):
    """The 52-week closing high / low, set on ``date``."""

    date: dt.date
    is_new: bool
    window_start: dt.date
    close: float
    pct_from: float
    basis: str


# ------------------------------------------------------------------- streaks, drawdowns --

@dataclass(frozen=True, slots=True)
class Streak(Context):
    """The current run; ``since`` the end of the last run at least as long."""

    direction: UpDown
    unit: str
    start: dt.date
    base_date: dt.date | None
    since: dt.date | None
    since_length: int | None
    since_start: dt.date | None
    cum_return_pct: float


@dataclass(frozen=True, slots=True)
class LongestStreak(Context):
    direction: str
    unit: str
    start: dt.date
    end: dt.date
    base_date: dt.date | None
    cum_return_pct: float
    occurrences: int
    ongoing: bool


@dataclass(frozen=True, slots=True)
class Drawdown(Context):
    peak_date: dt.date
    peak_level: float
    sessions_since_peak: int
    is_record: bool
    at_peak: bool


@dataclass(frozen=True, slots=True)
class MaxDrawdown(Context):
    """The deepest fall; every field None when the window never falls."""

    peak_date: dt.date | None = None
    peak_level: float | None = None
    trough_date: dt.date | None = None
    trough_level: float | None = None
    recovery_date: dt.date | None = None
    sessions_peak_to_trough: int | None = None
    sessions_to_recovery: int | None = None


# ---------------------------------------------------------- seasonality, relative, rates --

@dataclass(frozen=True, slots=True)
class Seasonal(Context):
    """A calendar month across ``years`` (a label such as ``"1987–2023"``)."""

    month: int
    month_name: str
    years: str
    first_year: int
    last_year: int
    n: int
    rank: int
    of: int
    best_month: bool
    pct_down: float | None
    worst_month: bool
    best: float | None
    best_year: int | None
    worst: float | None
    worst_year: int | None
    statistic: str


@dataclass(frozen=True, slots=True)
class Spread(Context):
    versus: str
    of: str
    return_pct: float
    versus_return_pct: float
    base_date: dt.date | None
    end_date: dt.date
    versus_base_date: dt.date | None
    versus_end_date: dt.date
    leader: str


@dataclass(frozen=True, slots=True)
class Sensitivity(Context):
    versus: str
    window: int
    x: str
    y: str
    beta_unit: str | None
    correlation: float | None
    beta: float | None


# ---------------------------------------------------------------------- moves (points) --

@dataclass(frozen=True, slots=True)
class ChangeRank(Context):
    basis: str
    direction: Direction
    change: float
    previous_date: dt.date
    of: int
    since: dt.date | None
    since_value: float | None
    record: float
    record_date: dt.date
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class ChangeRecord(Context):
    basis: str
    direction: Direction
    record_date: dt.date
    previous_date: dt.date
    is_new: bool
    previous_record: float | None
    previous_record_date: dt.date | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class ChangeCount(Context):
    basis: str
    threshold: float
    direction: Direction | None
    qualifies: bool
    ordinal: int | None
    since: dt.date | None
    first_date: dt.date | None
    data_start: dt.date
    evidence_complete: bool


# ------------------------------------------------------------------------- thresholds --

@dataclass(frozen=True, slots=True)
class MarketState(Context):
    """Correction / bear market: ``threshold`` percent below the record close."""

    threshold: float
    threshold_level: float
    record: float
    record_date: dt.date
    close: float
    in_state: bool
    entered: bool
    previous_in_state: bool
    episode_start: dt.date | None
    since: dt.date | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class YearGainsErased(Context):
    base_date: dt.date
    base_close: float
    close: float
    previous_ytd: float
    erased: bool
    regained: bool
    direction: Direction | None
    since: dt.date | None
    year_high: float
    year_high_date: dt.date


@dataclass(frozen=True, slots=True)
class LevelCross(Context):
    """The close against the round level ``threshold``."""

    threshold: float
    direction: Direction
    close: float
    previous_close: float | None
    previous_date: dt.date | None
    crossed: bool
    since: dt.date | None
    first_ever: bool
    first_date: dt.date
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class MilestoneGap(Context):
    """From the first close (or trade) above ``from_level`` to the first above ``to_level``
    (None: to the session) (:func:`.thresholds.milestone_gap_fact`)."""

    from_level: float
    to_level: float | None
    from_date: dt.date
    to_date: dt.date
    sessions: int
    calendar_days: int
    basis: Literal["close", "intraday"]
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class MilestoneCount(Context):
    """The multiples of ``step`` first closed above within a period, above the close before it
    (:func:`.thresholds.milestone_count_fact`): ``levels`` and ``dates`` (each level's first
    close above it in the period), ``base`` / ``base_date`` (the close before the period)."""

    step: float
    levels: tuple[float, ...]
    dates: tuple[dt.date, ...]
    base: float
    base_date: dt.date
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class RecordRun(Context):
    """Records in a row to the session (:func:`.records.record_run_fact`)."""

    basis: Literal["close", "intraday"]
    first_date: dt.date | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class MovingAverage(Context):
    """The mean of the last ``window`` closes (:func:`.averages.moving_average_fact`)."""

    window: int
    first_date: dt.date
    close: float
    pct_from_average: float | None


@dataclass(frozen=True, slots=True)
class FirstMoveSince(Context):
    """The periods since the last move of the same kind (:func:`.turns.first_move_since_fact`)."""

    unit: str
    direction: Literal["up", "down"]
    moved: bool
    previous_date: dt.date | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class CalendarDayRank(Context):
    """One calendar day's move against the same day of earlier years
    (:func:`.calendar_days.calendar_day_fact`)."""

    label: str
    years_compared: int
    first_year: int
    rank_best: int
    rank_worst: int
    since_up_year: int | None
    since_up_value: float | None
    since_down_year: int | None
    since_down_value: float | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class CalendarWindowStats(Context):
    """A calendar window's moves over a span of years
    (:func:`.calendar_days.calendar_window_stats`): ``n`` years (``first_year`` ..
    ``last_year``), ``up`` / ``down`` (an unchanged year is neither), ``pct_up`` (percent of
    years up), ``mean`` / ``median`` of all moves, ``mean_up`` / ``mean_down`` of the up /
    down years (None: none), ``moves`` (year, move in percent) in year order."""

    label: str
    first_year: int
    last_year: int
    n: int
    up: int
    down: int
    pct_up: float
    mean: float
    median: float
    mean_up: float | None
    mean_down: float | None
    moves: tuple[tuple[int, float], ...]
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class SeasonalTally(Context):
    """How often one calendar month fell over ``first_year`` .. ``last_year``
    (:func:`.seasonality.seasonal_tally_fact`): ``n`` years, ``down`` / ``up`` of them;
    ``down_rank`` (1: fell most often of the 12 months; ties share a rank),
    ``most_down_months`` (the months that fell most often), ``losing_months`` (the months that
    fell more often than they rose), ``down_by_month`` (month, years down) for every month."""

    month: int
    month_name: str
    first_year: int
    last_year: int
    n: int
    down: int
    up: int
    down_rank: int
    most_down_months: tuple[int, ...]
    losing_months: tuple[int, ...]
    down_by_month: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class YearMonthRank(Context):
    """One calendar month's return among the months of its year
    (:func:`.ranks.year_month_rank_fact`): ``rank_best`` / ``rank_worst`` among the ``of``
    complete months of the year up to the as-of (ties share the better rank),
    ``rank_best_to_date`` / ``rank_worst_to_date`` among the months up to and including it,
    ``complete_year`` (all twelve months are over), ``ranked`` (month key, return) best first."""

    year: int
    month: int
    rank_best: int
    rank_worst: int
    of: int
    rank_best_to_date: int
    rank_worst_to_date: int
    complete_year: bool
    ranked: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class RecordDrought(Context):
    ended: bool
    record_date: dt.date
    record: float
    since: dt.date | None
    since_start: dt.date | None
    since_value: int | None
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class PeriodCount(Context):
    """The periods of a window that meet a condition (:func:`.counts.period_count_fact`).

    ``total``: the periods of the window (after the month, ``last`` and ``among`` filters);
    the fact's value counts those that meet the condition (``move``, ``threshold``...), and
    ``share_pct`` is their share of ``total``. ``first`` / ``last``: the first and last period's
    closing session; ``running``: the last one was still running at the as-of session. ``hits``
    and ``hit_changes``: the qualifying periods (closing session, change in ``basis`` units),
    the most recent :data:`~.counts.COUNT_EVIDENCE_LIMIT` of them (``hits_complete``: all)."""

    unit: str
    move: str
    threshold: float | None
    basis: str
    strict: bool
    round_to: int | None
    month: int | None
    other_months: bool
    total: int
    share_pct: float | None
    first: dt.date | None
    last: dt.date | None
    running: bool
    hits: tuple[dt.date, ...]
    hit_changes: tuple[float, ...]
    hits_complete: bool
    data_start: dt.date
    among: int | None = omit()


# ---------------------------------------------------------------------------- extremes --

@dataclass(frozen=True, slots=True)
class RecordDistance(Context):
    """``close / record - 1`` and ``record / close - 1`` (:mod:`.extremes`)."""

    record: float
    record_date: dt.date
    close: float
    points: float
    at_record: bool
    data_start: dt.date


@dataclass(frozen=True, slots=True)
class ExtremeChange(Context):
    """From a window's lowest or highest close to the session
    (:func:`.extremes.change_from_extreme_fact`)."""

    extreme: Literal["low", "high"]
    date: dt.date
    level: float
    window_start: dt.date
    window_end: dt.date
    close: float


@dataclass(frozen=True, slots=True)
class YearExtreme(Context):
    year: int
    date: dt.date
    is_new: bool
    previous: float | None
    previous_date: dt.date | None
    close: float
    sessions: int


@dataclass(frozen=True, slots=True)
class YearDistance(Context):
    year: int
    level: float
    date: dt.date
    close: float
    points: float


@dataclass(frozen=True, slots=True)
class Week52Distance(Context):
    level: float
    date: dt.date
    close: float
    points: float
    window_start: dt.date
    is_new: bool


# ---------------------------------------------------------------------------- intraday --

@dataclass(frozen=True, slots=True)
class IntradayRange(Context):
    high: float
    low: float
    close: float
    previous_close: float
    previous_date: dt.date
    range_pts: float
    max_gain_pct: float
    max_loss_pct: float
    change_pct: float


@dataclass(frozen=True, slots=True)
class CloseLocation(Context):
    high: float
    low: float
    close: float
    at_high: bool
    at_low: bool
    from_high_pct: float
    from_low_pct: float | None


@dataclass(frozen=True, slots=True)
class IntradayReversal(Context):
    high: float
    low: float
    close: float
    previous_close: float
    previous_date: dt.date
    direction: Direction
    extreme: float
    change_pct: float
    swing_pts: float


#: The contexts of LARGEST_SINCE (a day / week / month / year; an N-session move; a yield's
#: change; a calendar month across years). All have ``direction``, ``on_record``,
#: ``since_value`` and :func:`since_of`.
AnyLargestSince = LargestSince | MoveLargestSince | YieldLargestSince | SeasonalLargestSince


def since_of(c: AnyLargestSince) -> str | dt.date | None:
    """The earlier period a "largest since" reaches back to: a period key (day, week, month,
    year, calendar month) or the date ending the earlier move (N sessions, a yield's change);
    None when on record."""
    if isinstance(c, (LargestSince, SeasonalLargestSince)):
        return c.since_period
    return c.since


def of_kind(context: Context, kind: type[C]) -> C | None:
    """``context`` if it is a ``kind``, else None (a typed reader's narrowing in one call)."""
    return context if isinstance(context, kind) else None

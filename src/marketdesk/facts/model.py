"""The Fact: one statistic of one subject, with the observations it was computed from.

Computing, writing and checking share this type (see DESIGN.md). A Fact is plain frozen data,
serializable to JSON with :meth:`Fact.to_dict`.

Units (``Fact.unit``):

- ``pct``: percent, *not* a fraction: ``1.47`` means +1.47 %. Full precision; rounding is the
  writer's job.
- ``pp``: percentage points (a spread between two percentages, or a yield change in pp).
- ``bp``: basis points, 1 bp = 0.01 percentage point (yield changes).
- ``level``: a price or index level in the instrument's own terms (index points, dollars).
- ``pts``: a change of a level, in index points (or dollars for an ETF).
- ``yield_pct``: a yield level in percent (``4.27`` means 4.27 %).
- ``count``, ``sessions``, ``days``, ``rank``, ``ratio``, ``corr``, ``beta``: as named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from .contexts import Context, Empty

Unit = Literal[
    "pct", "pp", "bp", "level", "pts", "yield_pct",
    "count", "sessions", "days", "rank", "ratio", "corr", "beta",
]

#: Relative tolerance used everywhere a comparison decides "at least as large" or a tie.
#: Period returns are ratios of closes; two returns within this relative distance are equal.
TIE_RTOL: float = 1e-9


class Metric(str, Enum):
    """The closed vocabulary of statistics marketdesk computes."""

    # day
    CLOSE = "close"
    OPEN = "open"
    HIGH = "high"
    LOW = "low"
    CHANGE_PTS = "change_pts"
    CHANGE_PCT = "change_pct"
    INTRADAY_HIGH_CHANGE_PCT = "intraday_high_change_pct"
    INTRADAY_LOW_CHANGE_PCT = "intraday_low_change_pct"
    # periods
    PERIOD_RETURN = "period_return"            # price return in pct
    PERIOD_TOTAL_RETURN = "period_total_return"  # from adjusted closes, in pct
    PERIOD_CHANGE_PTS = "period_change_pts"
    # ranks
    RANK = "rank"
    LARGEST_SINCE = "largest_since"
    LARGEST_OF_YEAR = "largest_of_year"
    # records
    RECORD_CLOSE = "record_close"
    RECORD_HIGH = "record_high"                # record intraday high
    PCT_FROM_RECORD_CLOSE = "pct_from_record_close"
    PCT_FROM_RECORD_HIGH = "pct_from_record_high"
    SESSIONS_SINCE_RECORD = "sessions_since_record"
    RECORD_CLOSE_COUNT = "record_close_count"
    RECORD_STREAK = "record_streak"            # sessions in a row setting a record
    HIGHEST_CLOSE_SINCE = "highest_close_since"
    LOWEST_CLOSE_SINCE = "lowest_close_since"
    N_YEAR_HIGH = "n_year_high"
    N_YEAR_LOW = "n_year_low"
    WEEK52_HIGH = "week52_high"
    WEEK52_LOW = "week52_low"
    # streaks
    STREAK = "streak"
    LONGEST_STREAK = "longest_streak"
    # drawdowns
    DRAWDOWN = "drawdown"
    MAX_DRAWDOWN = "max_drawdown"
    # seasonality
    SEASONAL_AVERAGE = "seasonal_average"
    SEASONAL_MEDIAN = "seasonal_median"
    SEASONAL_PCT_UP = "seasonal_pct_up"
    SEASONAL_BEST_MONTH = "seasonal_best_month"
    SEASONAL_WORST_MONTH = "seasonal_worst_month"
    # relative
    SPREAD = "spread"
    # yields
    YIELD_LEVEL = "yield_level"
    YIELD_CHANGE_BP = "yield_change_bp"
    # rate sensitivity
    ROLLING_CORRELATION = "rolling_correlation"
    ROLLING_BETA = "rolling_beta"
    # daily moves by points and percent, threshold days (facts/moves.py)
    CHANGE_PTS_RANK = "change_pts_rank"        # rank of the day's point change in its direction
    CHANGE_PCT_RANK = "change_pct_rank"        # rank of the day's % change in its direction
    CHANGE_PTS_RECORD = "change_pts_record"    # largest point gain / drop in the data
    CHANGE_PCT_RECORD = "change_pct_record"    # largest % gain / drop in the data
    CHANGE_COUNT = "change_count"              # sessions with |change| >= a threshold
    # drawdown thresholds, round levels, record droughts (facts/thresholds.py)
    CORRECTION = "correction"                  # close 10 % or more below the record close
    BEAR_MARKET = "bear_market"                # close 20 % or more below the record close
    YEAR_GAINS_ERASED = "year_gains_erased"    # YTD return, with erased / regained today
    FIRST_CLOSE_ABOVE = "first_close_above"    # close above a level, first since D
    FIRST_CLOSE_BELOW = "first_close_below"    # close below a level, first since D
    MILESTONE_GAP = "milestone_gap"            # sessions from a first close above L1 to L2
    MILESTONE_COUNT = "milestone_count"        # round levels first closed above in a period
    MOVING_AVERAGE = "moving_average"          # mean of the last N closes
    FIRST_MOVE_SINCE = "first_move_since"      # periods since the last move the same way
    CALENDAR_DAY_RANK = "calendar_day_rank"    # a calendar day's move against earlier years
    CALENDAR_WINDOW_STATS = "calendar_window_stats"  # a calendar window's moves over years
    SEASONAL_TALLY = "seasonal_tally"          # years a calendar month fell, against the others
    YEAR_MONTH_RANK = "year_month_rank"        # a month's rank among the months of its year
    CHANGE_FROM_EXTREME = "change_from_extreme"  # from a window's lowest / highest close
    RECORD_DROUGHT = "record_drought"          # sessions without a record close
    # counts of periods meeting a condition in a window (facts/counts.py)
    PERIOD_COUNT = "period_count"              # "17 of the 52 months since April 2020 fell"
    # distances from highs and lows, calendar-year extremes (facts/extremes.py)
    PCT_BELOW_RECORD_CLOSE = "pct_below_record_close"   # close / record - 1 (<= 0)
    RISE_TO_RECORD_CLOSE = "rise_to_record_close"       # record / close - 1 (>= 0)
    YEAR_HIGH_CLOSE = "year_high_close"
    YEAR_LOW_CLOSE = "year_low_close"
    PCT_BELOW_YEAR_HIGH = "pct_below_year_high"
    PCT_ABOVE_YEAR_LOW = "pct_above_year_low"
    PCT_BELOW_WEEK52_HIGH = "pct_below_week52_high"
    PCT_ABOVE_WEEK52_LOW = "pct_above_week52_low"
    # the day's range narrative (facts/intraday.py)
    INTRADAY_RANGE_PCT = "intraday_range_pct"  # (high - low) / previous close
    CLOSE_LOCATION = "close_location"          # (close - low) / (high - low), 0..1
    INTRADAY_REVERSAL = "intraday_reversal"    # up (down) as much as X %, closed the other way
    # yield curve (facts/curve.py)
    YIELD_SPREAD_BP = "yield_spread_bp"        # long yield - short yield, in bp (2s/10s)


PeriodKind = Literal[
    "day", "wtd", "mtd", "qtd", "ytd", "month", "quarter", "year", "range", "since",
    "seasonal_month", "history", "window",
]


@dataclass(frozen=True, slots=True)
class Period:
    """The span a Fact covers.

    ``start`` is the *base* observation's date where there is one (for MTD: the last close of the
    previous month), ``end`` the as-of date. ``label`` is the human name ("November 2024", "YTD").
    For ``seasonal_month``, ``month`` is 1..12 and ``start``/``end`` bound the years used.
    """

    kind: PeriodKind
    end: dt.date
    start: dt.date | None = None
    label: str = ""
    month: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat(),
            "label": self.label,
            "month": self.month,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observation a Fact was computed from."""

    symbol: str
    date: dt.date
    field: str          # bar column: close, high, low, open, adj_close
    value: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "date": self.date.isoformat(), "field": self.field,
                "value": self.value, "source": self.source}


@dataclass(frozen=True, slots=True)
class Fact:
    """One statistic: ``value`` in ``unit`` for ``subject`` over ``period`` as of ``as_of``.

    ``context`` holds the qualifiers a sentence needs: one frozen dataclass per metric family
    (:mod:`.contexts`, e.g. :class:`~.contexts.LargestSince` for "largest since"), read by its
    fields and serialized by its ``to_dict``. ``evidence`` is never empty.
    """

    subject: str
    metric: Metric
    period: Period
    value: float | int | None
    unit: Unit
    as_of: dt.date
    context: Context = field(default_factory=Empty)
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if not self.evidence:
            raise ValueError(f"Fact {self.subject} {self.metric.value} has no evidence")

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "metric": self.metric.value,
            "period": self.period.to_dict(),
            "value": self.value,
            "unit": self.unit,
            "as_of": self.as_of.isoformat(),
            "context": self.context.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
        }


def jsonable(obj: Any) -> Any:
    """Dates to ISO strings, enums to values, tuples to lists (recursively), for JSON output."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    return obj


__all__ = ["Fact", "Evidence", "Period", "Metric", "Unit", "PeriodKind", "TIE_RTOL", "jsonable"]

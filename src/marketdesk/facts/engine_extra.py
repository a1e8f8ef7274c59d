"""Engine answerers for the move, threshold, extreme, range and curve families (issue 10, item 4).

Registered with :func:`.engine.answerer` when :mod:`.engine` is imported (its last line imports
this module). Each answerer resolves the session like the engine's own answerers do and calls one
pure function of :mod:`.moves`, :mod:`.thresholds`, :mod:`.extremes`, :mod:`.intraday` or
:mod:`.curve`; nothing is computed here.

- A figure *of the day* (the day's point / percent rank, the range narrative) needs a bar on the
  day asked (``no_bar`` otherwise); a state *as of* a date (records of moves, counts, bear market,
  droughts, distances, levels, the 2s/10s spread) is at the previous session for a non-session.
- ``params.threshold``: the level of FIRST_CLOSE_ABOVE / BELOW, and the size in points of a
  CHANGE_COUNT move; required for both.
- ``params.direction``: ``up`` / ``down`` for CHANGE_*_RECORD (default: the session's own move's
  direction) and CHANGE_COUNT (default: either).
- YIELD_SPREAD_BP: the subject is the long yield (DGS10), ``other`` the short one (DGS2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import polars as pl

from . import (averages, calendar_days, contexts, counts, curve, extremes, intraday, moves,
               ranks, records, seasonality, thresholds, turns)
from .engine import _Ask, _at, _not_for_yield, _only, _pick, _table, answerer
from .model import Fact, Metric
from .query import NoAnswer, PeriodSpec
from .ranks import Direction

__all__: list[str] = []


def _day_session(ask: _Ask) -> dt.date | NoAnswer:
    if (bad := _only(ask, "day")) is not None:
        return bad
    return ask.resolve(strict=True).end


def _direction(ask: _Ask) -> Direction | None:
    d = ask.query.params.direction
    return None if d is None else ("gain" if d == "up" else "decline")


def _one(ask: _Ask, fact: Fact | None, end: dt.date, why: str) -> Fact | NoAnswer:
    return _at(fact, end) if fact is not None else ask.no("not_applicable", why)


@answerer(Metric.CHANGE_PTS_RANK, Metric.CHANGE_PCT_RANK)
def _change_rank(ask: _Ask) -> Fact | NoAnswer:
    """The day's point / percent change ranked in the data (:func:`.moves.change_rank_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    end = _day_session(ask)
    if isinstance(end, NoAnswer):
        return end
    basis: moves.ChangeBasis = "pts" if ask.query.metric is Metric.CHANGE_PTS_RANK else "pct"
    f = ask.memo(("change_rank", end, basis),
                 lambda: moves.change_rank_fact(ask.bars, end, basis=basis))
    return _one(ask, f, end, f"Unchanged on {end.isoformat()}: no rank.")


@answerer(Metric.CHANGE_PTS_RECORD, Metric.CHANGE_PCT_RECORD)
def _change_record(ask: _Ask) -> Fact | NoAnswer:
    """The largest point / percent gain or drop in the data (:func:`.moves.change_record_facts`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    end = ask.session()
    basis: moves.ChangeBasis = "pts" if ask.query.metric is Metric.CHANGE_PTS_RECORD else "pct"
    facts = moves.change_record_facts(ask.bars, end, basis=basis)
    want = _direction(ask)
    if want is None:
        own = moves.change_rank_fact(ask.bars, end, basis=basis)
        want = own.context.direction if own is not None and \
            isinstance(own.context, contexts.ChangeRank) else "gain"
    f = next((x for x in facts if isinstance(x.context, contexts.ChangeRecord)
              and x.context.direction == want), None)
    return _one(ask, f, end, f"No daily {want} in the data.")


@answerer(Metric.CHANGE_COUNT)
def _change_count(ask: _Ask) -> Fact | NoAnswer:
    """Sessions with a point move of at least ``params.threshold`` (:func:`.moves
    .change_count_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    threshold = ask.query.params.threshold
    if threshold is None or threshold <= 0:
        return ask.no("unsupported", "change_count needs params.threshold (points, > 0).")
    end = ask.session()
    f = moves.change_count_fact(ask.bars, end, threshold, direction=_direction(ask))
    return _one(ask, f, end, "No previous close.")


_STATE: dict[Metric, Callable[[pl.DataFrame, dt.date], Fact | None]] = {
    Metric.BEAR_MARKET: thresholds.bear_market_fact,
    Metric.CORRECTION: thresholds.correction_fact,
    Metric.YEAR_GAINS_ERASED: thresholds.year_gains_erased_fact,
    Metric.RECORD_DROUGHT: thresholds.record_drought_fact,
}


@answerer(*_STATE)
def _state(ask: _Ask) -> Fact | NoAnswer:
    """Bear market / correction state, erased YTD gains, record droughts (:mod:`.thresholds`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    end = ask.session()
    f = _STATE[ask.query.metric](ask.bars, end)
    return _one(ask, f, end, f"No {ask.query.metric.value} at {end.isoformat()} in the data.")


@answerer(Metric.FIRST_CLOSE_ABOVE, Metric.FIRST_CLOSE_BELOW)
def _level(ask: _Ask) -> Fact | NoAnswer:
    """The close against the level ``params.threshold`` (:func:`.thresholds.level_cross_fact`);
    ``not_applicable`` when the close is on the other side."""
    level = ask.query.params.threshold
    if level is None:
        return ask.no("unsupported", f"{ask.query.metric.value} needs params.threshold.")
    end = ask.session()
    f = thresholds.level_cross_fact(ask.bars, end, level)
    if f is None or f.metric is not ask.query.metric:
        return ask.no("not_applicable", f"The close of {end.isoformat()} is not "
                      f"{'above' if ask.query.metric is Metric.FIRST_CLOSE_ABOVE else 'below'} "
                      f"{level:g}.")
    return _at(f, end)


@answerer(Metric.MILESTONE_GAP)
def _milestone_gap(ask: _Ask) -> Fact | NoAnswer:
    """Sessions from the first close above ``params.from_level`` to the first close above
    ``params.threshold`` (None: to the session); basis ``intraday``: first trades above them
    (:func:`.thresholds.milestone_gap_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    p = ask.query.params
    if p.from_level is None:
        return ask.no("unsupported", "milestone_gap needs params.from_level.")
    end = ask.session()
    f = thresholds.milestone_gap_fact(ask.bars, end, p.from_level, p.threshold,
                                      intraday=ask.query.basis == "intraday")
    return _one(ask, f, end, f"No close above {p.from_level:g}"
                + (f" and {p.threshold:g}" if p.threshold is not None else "")
                + f" up to {end.isoformat()} in the data.")


@answerer(Metric.MILESTONE_COUNT)
def _milestone_count(ask: _Ask) -> Fact | NoAnswer:
    """Multiples of ``params.threshold`` (the step) first closed above in the query's period
    (``ytd``, a ``year``, ``mtd``, ``month``, ``range``...), above the close before it
    (:func:`.thresholds.milestone_count_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    step = ask.query.params.threshold
    if step is None or step <= 0:
        return ask.no("unsupported", "milestone_count needs params.threshold (the step).")
    r = ask.resolve()
    if r.base is None:
        return ask.no("history_too_short", "No close before the period in the data.",
                      ask.dates()[0].astype(object) if ask.dates().size else None)
    start = r.base + dt.timedelta(days=1)
    f = thresholds.milestone_count_fact(ask.bars, r.end, start, step)
    return _one(ask, f, r.end, f"No close in {r.label} in the data.")


@answerer(Metric.MOVING_AVERAGE)
def _moving_average(ask: _Ask) -> Fact | NoAnswer:
    """The mean of the last ``params.window`` closes to the session
    (:func:`.averages.moving_average_fact`)."""
    window = ask.query.params.window
    if window is None:
        return ask.no("unsupported", "moving_average needs params.window.")
    end = ask.session()
    f = averages.moving_average_fact(ask.bars, end, window)
    return _one(ask, f, end, f"Fewer than {window} closes up to {end.isoformat()} in the data.")


@answerer(Metric.FIRST_MOVE_SINCE)
def _first_move_since(ask: _Ask) -> Fact | NoAnswer:
    """Periods (``params.unit``, default days) since the last one that moved
    ``params.direction`` (default up) like the session's (:func:`.turns.first_move_since_fact`)."""
    end = ask.session()
    f = turns.first_move_since_fact(ask.bars, end, ask.query.params.unit or "days",
                                    ask.query.params.direction or "up")
    return _one(ask, f, end, f"Fewer than two closes up to {end.isoformat()} in the data.")


@answerer(Metric.CALENDAR_DAY_RANK)
def _calendar_day_rank(ask: _Ask) -> Fact | NoAnswer:
    """The session's move against the same calendar day of earlier years (``params.calendar_day``,
    required; :func:`.calendar_days.calendar_day_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    day = ask.query.params.calendar_day
    if not day:
        return ask.no("unsupported", "CALENDAR_DAY_RANK needs params.calendar_day.")
    end = ask.session()
    f = calendar_days.calendar_day_fact(ask.bars, end, day)
    return _one(ask, f, end, f"{end.isoformat()} is not the {day} session of its year.")


@answerer(Metric.CALENDAR_WINDOW_STATS)
def _calendar_window_stats(ask: _Ask) -> Fact | NoAnswer:
    """A calendar window's moves over the years (``params.calendar_day``, required;
    ``params.years`` / ``params.last``) whose window is over by the session
    (:func:`.calendar_days.calendar_window_stats`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    p = ask.query.params
    if not p.calendar_day:
        return ask.no("unsupported", "CALENDAR_WINDOW_STATS needs params.calendar_day.")
    end = ask.session()
    f = calendar_days.calendar_window_stats(ask.bars, end, p.calendar_day, years=p.years,
                                            last=p.last)
    return _one(ask, f, end, f"No complete {p.calendar_day} window up to {end.isoformat()} in "
                "the years asked.")


@answerer(Metric.SEASONAL_TALLY)
def _seasonal_tally(ask: _Ask) -> Fact | NoAnswer:
    """How often a calendar month (a ``seasonal_month`` period, its ``years``) fell, against
    the other months, over complete months up to the session
    (:func:`.seasonality.seasonal_tally_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    if (bad := _only(ask, "seasonal_month")) is not None:
        return bad
    end = ask.session()
    f = seasonality.seasonal_tally_fact(_table(ask, end, "month"), end,
                                        str(ask.bars.item(0, "symbol")), ask.spec.number or 1,
                                        years=ask.spec.years)
    return _one(ask, f, end, "No complete months of that kind in the data.")


@answerer(Metric.YEAR_MONTH_RANK)
def _year_month_rank(ask: _Ask) -> Fact | NoAnswer:
    """A calendar month (a ``month`` period) ranked among the months of its year that are
    complete by the period's ``as_of`` (:func:`.ranks.year_month_rank_fact`)."""
    if (bad := _not_for_yield(ask)) is not None:
        return bad
    if (bad := _only(ask, "month")) is not None:
        return bad
    s = ask.spec
    if s.year is None or s.number is None:
        return ask.no("unsupported", "YEAR_MONTH_RANK needs a calendar month.")
    end = ask.resolve(PeriodSpec("day", as_of=s.as_of)).end   # None: the data's last bar
    f = ranks.year_month_rank_fact(_table(ask, end, "month"), end,
                                   str(ask.bars.item(0, "symbol")), s.year, s.number)
    if f is None:
        return ask.no("period_not_over" if (s.year, s.number) >= (end.year, end.month)
                      else "no_data", f"No complete month {s.year}-{s.number:02d} by "
                      f"{end.isoformat()} in the data.")
    return _at(f, end)


@answerer(Metric.CHANGE_FROM_EXTREME)
def _change_from_extreme(ask: _Ask) -> Fact | NoAnswer:
    """From the lowest (``params.direction`` down) or highest close of the window
    ``params.start``..``params.end`` to the session (:func:`.extremes.change_from_extreme_fact`)."""
    p = ask.query.params
    if p.start is None or p.end is None:
        return ask.no("unsupported", "CHANGE_FROM_EXTREME needs params.start and params.end.")
    end = ask.session()
    f = extremes.change_from_extreme_fact(ask.bars, end, p.start, p.end, low=p.direction == "down")
    return _one(ask, f, end, f"No close between {p.start.isoformat()} and {p.end.isoformat()} "
                "before the session.")


@answerer(Metric.RECORD_STREAK)
def _record_streak(ask: _Ask) -> Fact | NoAnswer:
    """Record closes (basis ``intraday``: record highs) in a row to the session
    (:func:`.records.record_run_fact`)."""
    end = ask.session()
    f = records.record_run_fact(ask.bars, end, intraday=ask.query.basis == "intraday")
    return _one(ask, f, end, f"No {'high' if ask.query.basis == 'intraday' else 'close'} on "
                f"{end.isoformat()} in the data.")


def _count_window(spec: PeriodSpec, as_of: dt.date
                  ) -> tuple[dt.date | None, dt.date, bool, int | None, str]:
    """(start, end, after, calendar month, label) of a PERIOD_COUNT window (see
    :func:`_period_count`)."""
    k, y, n = spec.kind, spec.year, spec.number
    if k == "ytd":
        return dt.date(as_of.year, 1, 1), as_of, False, None, f"{as_of.year} to date"
    if k == "mtd":
        return as_of.replace(day=1), as_of, False, None, "the month to date"
    if k == "qtd":
        return dt.date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1), as_of, False, None, \
            "the quarter to date"
    if k == "wtd":
        return as_of - dt.timedelta(days=as_of.weekday()), as_of, False, None, "the week to date"
    if k == "year" and y is not None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), False, None, str(y)
    if k in ("month", "quarter") and y is not None and n is not None:
        step = 1 if k == "month" else 3
        first = dt.date(y, (n - 1) * step + 1, 1)
        m1 = first.month + step
        last = dt.date(y + (m1 > 12), (m1 - 1) % 12 + 1, 1) - dt.timedelta(days=1)
        return first, last, False, None, f"{first:%B %Y}" if k == "month" else f"Q{n} {y}"
    if k == "range" and spec.start is not None:
        end = spec.end or as_of
        return spec.start, end, False, None, f"{spec.start.isoformat()} to {end.isoformat()}"
    if k == "since" and spec.start is not None:
        return spec.start, as_of, True, None, f"since {spec.start.isoformat()}"
    if k == "seasonal_month" and n is not None:
        y0, y1 = spec.years or (None, None)
        start = dt.date(y0, 1, 1) if y0 is not None else None
        end = dt.date(y1, 12, 31) if y1 is not None else as_of
        span = f"{y0}-{y1}" if y0 is not None else "all years"
        return start, end, False, n, span
    return None, as_of, False, None, ""


@answerer(Metric.PERIOD_COUNT)
def _period_count(ask: _Ask) -> Fact | NoAnswer:
    """How many periods of a window meet ``params.count`` (:func:`.counts.period_count_fact`).

    The window is the query's period: ``day`` (all the data to that session; with
    ``CountSpec.last``, the last N periods), ``sessions`` N (the last N sessions), ``wtd`` /
    ``mtd`` / ``qtd`` / ``ytd``, a calendar ``month`` / ``quarter`` / ``year`` (cut at the
    as-of), ``range`` (periods closing between its two dates), ``since`` (closing after its
    date) and ``seasonal_month`` (that calendar month across ``years``)."""
    c = ask.query.params.count
    if c is None:
        return ask.no("unsupported", "period_count needs params.count (a CountSpec).")
    if c.move != "any" and c.basis == "pts" and (bad := _not_for_yield(ask)) is not None:
        return bad
    spec = ask.spec
    if spec.kind not in ("day", "sessions", "wtd", "mtd", "qtd", "ytd", "month", "quarter",
                         "year", "range", "since", "seasonal_month"):
        return ask.no("unsupported", f"No rule for period_count over a {spec.kind} period.")
    d = spec.end if spec.kind == "range" and spec.end is not None else spec.as_of
    end = ask.session() if d is None else ask.resolve(PeriodSpec.day(d)).end
    start, stop, after, month, label = _count_window(spec, end)
    if spec.kind == "sessions" and spec.number is not None:
        c = dataclasses.replace(c, unit="days", last=spec.number)
    if month is not None and c.month is None:
        c = dataclasses.replace(c, month=month)
    try:
        f = counts.period_count_fact(ask.bars, end, c, start=start, end=stop, after=after,
                                     label=label)
    except counts.CountWindowError as e:
        return ask.no("history_too_short", str(e), e.first)
    return _one(ask, f, end, f"No {c.unit} to count in {label or 'the window'} up to "
                f"{end.isoformat()}.")


_EXTREMES: dict[Metric, Callable[[pl.DataFrame, dt.date], list[Fact]]] = {
    Metric.PCT_BELOW_RECORD_CLOSE: extremes.record_distance_facts,
    Metric.RISE_TO_RECORD_CLOSE: extremes.record_distance_facts,
    Metric.YEAR_HIGH_CLOSE: extremes.year_extreme_facts,
    Metric.YEAR_LOW_CLOSE: extremes.year_extreme_facts,
    Metric.PCT_BELOW_YEAR_HIGH: extremes.year_extreme_facts,
    Metric.PCT_ABOVE_YEAR_LOW: extremes.year_extreme_facts,
    Metric.PCT_BELOW_WEEK52_HIGH: extremes.week52_distance_facts,
    Metric.PCT_ABOVE_WEEK52_LOW: extremes.week52_distance_facts,
}


@answerer(*_EXTREMES)
def _extreme(ask: _Ask) -> Fact | NoAnswer:
    """Distances from the record close, year and 52-week extremes (:mod:`.extremes`)."""
    end = ask.session()
    fn = _EXTREMES[ask.query.metric]
    facts = ask.memo((fn.__name__, end), lambda: fn(ask.bars, end))
    return _one(ask, _pick(facts, ask.query.metric), end, "No positive close to compare.")


@answerer(Metric.INTRADAY_RANGE_PCT, Metric.CLOSE_LOCATION, Metric.INTRADAY_REVERSAL)
def _range(ask: _Ask) -> Fact | NoAnswer:
    """The day's range narrative (:func:`.intraday.intraday_facts`)."""
    end = _day_session(ask)
    if isinstance(end, NoAnswer):
        return end
    facts = ask.memo(("intraday", end), lambda: intraday.intraday_facts(ask.bars, end))
    if not facts:
        return ask.no("undefined_for_kind", f"No intraday range on {end.isoformat()} "
                      "(close-only bar or no previous close).")
    return _one(ask, _pick(facts, ask.query.metric), end,
                f"No intraday reversal on {end.isoformat()}.")


@answerer(Metric.YIELD_SPREAD_BP)
def _curve(ask: _Ask) -> Fact | NoAnswer:
    """Long yield minus short yield in bp (:func:`.curve.yield_spread_fact`); ``other``: the
    short yield's bars."""
    if ask.other is None or ask.other.height == 0:
        return ask.no("no_data", "A yield spread needs the short yield's bars (other=).")
    d = ask.spec.as_of or dt.date.max
    f = curve.yield_spread_fact(ask.bars, ask.other, d)
    if f is None:
        return ask.no("no_data", "The two yields share no date up to then.")
    return f

"""Statements the wires print that the fact sheets hold but the first wrap never wrote (issue 12).

Each function words Facts the engine answers (:meth:`.phrases.Subject.ask`); none computes:

- :func:`close_since_clause`: ", its lowest close since Sept. 7, 2017" (a year back or more);
- :func:`intraday_arc`: "The Dow had been down as much as 1,597.08 points." (the session's low
  or high reached well past the close);
- :func:`run_line`: "The S&P 500 has fallen for four straight sessions, a 7.7% drop over the past
  four sessions." (a streak of three or more with a large move);
- :func:`week_line`: on the week's last session, the week's move and its "largest since";
- :func:`vix_line`: the Cboe Volatility Index when it jumped or is high;
- :func:`level_line`: "It closed above 40,000 for the first time." (a round level no earlier
  close was past);
- :func:`weekly_pace_line`: "The S&P 500 is on pace for its fifth straight weekly loss." (weeks
  counted as complete Friday-to-Friday weeks, the running one moving the same way).

The 52-week high or low rides on :func:`close_since_clause` (", its lowest close since Sept. 7,
2017 and a 52-week low"): a new 52-week extreme always has its "since" a year back or more.

The 2s/10s curve (YIELD_SPREAD_BP) is not written: ``marketdesk check`` reads a spread in basis
points as the 10-year yield's own change, so the sentence would not round-trip.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from .. import calendar as cal
from ..facts import contexts as cx
from ..facts.model import Fact, Metric
from ..facts.query import PeriodSpec
from ..facts.thresholds import round_levels_crossed
from . import numbers as nb
from .phrases import PROSE_DIGITS, Subject, move_verb, streak_of, value_of, week_ends
from .text import Line, Sentence

__all__ = [
    "RUN_MIN_PCT",
    "VIX_HIGH",
    "VIX_NEWS_PCT",
    "WEEKS_NEWS",
    "close_since_clause",
    "intraday_arc",
    "level_line",
    "run_line",
    "vix_line",
    "week_line",
    "weekly_pace_line",
]

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
#: A run of three or more sessions is news when it moved at least this much (percent).
RUN_MIN_PCT = 4.0
#: The VIX is in the story when it moved this much (percent) or closed at or above VIX_HIGH.
VIX_NEWS_PCT = 10.0
VIX_HIGH = 25.0
#: A weekly streak is news from this many weeks, the running one included ("on pace for its
#: fifth"; :func:`.phrases.streak` writes five complete weeks).
WEEKS_NEWS = 5


def _when(line: Line, fact: Fact, field: str, ref: dt.date) -> Line:
    raw = value_of(fact, field)
    d = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw)[:10])
    return line.num(nb.ap_date(d, ref), fact, f"date:{field}")


def group_line(indices: Sequence[Subject]) -> Sentence | None:
    """"All four major indexes fell more than 3%." when at least three indexes moved the same
    way by at least 1 %: the figure is the smallest move rounded down to a whole percent (one
    less when it is exactly whole, so that "more than" holds)."""
    moves = [(s, f) for s in indices if (f := s.get(Metric.CHANGE_PCT)) is not None]
    if len(moves) < 3 or len(moves) != len(indices):
        return None
    values = [float(f.value or 0) for _, f in moves]
    if not (all(v > 0 for v in values) or all(v < 0 for v in values)):
        return None
    smallest = min(moves, key=lambda t: abs(float(t[1].value or 0)))[1]
    size = abs(float(smallest.value or 0))
    floor = math.floor(size) - (1 if size == math.floor(size) else 0)
    if floor < 1:
        return None
    line = Line().t(f"All {_WORDS[len(moves)]} major indexes {'rose' if values[0] > 0 else 'fell'}"
                    " more than ")
    return line.num(f"{floor}%", smallest, "bound:value").t(".").build()


def close_since_clause(s: Subject, line: Line) -> None:
    """", its lowest close since Sept. 7, 2017" (or highest, short of a record) when the earlier
    close is at least a year back."""
    for metric, word in ((Metric.LOWEST_CLOSE_SINCE, "lowest"),
                         (Metric.HIGHEST_CLOSE_SINCE, "highest")):
        f = s.get(metric)
        c = cx.of_kind(f.context, cx.CloseSince) if f is not None else None
        if f is None or c is None or c.on_record or c.since_date is None:
            continue
        if int(c.calendar_days or 0) < 365:
            continue
        line.t(f", its {word} close since ")
        _when(line, f, "context.since_date", s.sheet.as_of)
        w52 = s.get(Metric.WEEK52_LOW if word == "lowest" else Metric.WEEK52_HIGH)
        wc = cx.of_kind(w52.context, cx.Week52) if w52 is not None else None
        if w52 is not None and wc is not None and wc.is_new:
            line.t(" and a ").num("52-week", w52, "term").t(f" {word[:-3]}")
        return


def intraday_arc(s: Subject) -> Sentence | None:
    """"It had been down as much as 1,597.08 points." (right after the day's move) when the
    session's extreme in the direction of the day reached at least 1.3 times the closing move."""
    chg = s.get(Metric.CHANGE_PTS)
    if chg is None or not chg.value:
        return None
    down = float(chg.value) < 0
    f = s.ask(Metric.INTRADAY_LOW_CHANGE_PCT if down else Metric.INTRADAY_HIGH_CHANGE_PCT)
    c = cx.of_kind(f.context, cx.Day) if f is not None else None
    if f is None or c is None or c.change_pts is None:
        return None
    reach = float(c.change_pts)
    if abs(reach) < 1.3 * abs(float(chg.value)) or reach * float(chg.value) <= 0:
        return None
    line = Line().t("It").t(f" had been {'down' if down else 'up'} as much as ")
    line.num(nb.pts(reach, absolute=True), f, "context.change_pts")
    return line.t(" points during the session.").build()


def run_line(s: Subject) -> Sentence | None:
    """"The S&P 500 has fallen for four straight sessions, a 7.7% drop over the past four
    sessions." for a daily streak of three to nine sessions that moved :data:`RUN_MIN_PCT`."""
    st = s.get(Metric.STREAK, test=streak_of("days"))
    sc = cx.of_kind(st.context, cx.Streak) if st is not None else None
    if st is None or sc is None or not 3 <= int(st.value or 0) <= 9:
        return None
    n = int(st.value or 0)
    move = s.ask(Metric.PERIOD_RETURN, PeriodSpec.sessions(n, s.sheet.as_of))
    if move is None or abs(float(move.value or 0)) < RUN_MIN_PCT:
        return None
    up = sc.direction == "up"
    line = Line().name(s.ref(start=True)).t(" has risen for " if up else " has fallen for ")
    line.num(_WORDS[n], st, "count:value").t(" straight sessions, a ")
    line.num(nb.pct(float(move.value or 0), PROSE_DIGITS, absolute=True), move, "value")
    line.t(" gain" if up else " drop").t(f" over the past {_WORDS[n]} sessions.")
    return line.build()


def week_line(s: Subject) -> Sentence | None:
    """On the week's last session: "For the week, the S&P 500 fell 1.6%[, its largest weekly
    decline since March 20, 2020]"."""
    day = s.sheet.as_of
    if not week_ends(day):
        return None
    f = s.ask(Metric.LARGEST_SINCE, PeriodSpec.wtd(day), granularity="week")
    if f is None or f.value is None:
        return None
    v = float(f.value)
    line = Line().t("For the week, ").name(s.ref()).t(f" {move_verb(v, percent=False)} ")
    line.num(nb.pct(v, PROSE_DIGITS, absolute=True), f, "value")
    c = cx.of_kind(f.context, cx.LargestSince)
    if c is not None and c.since_period and int(c.periods_between or 0) >= 52:
        line.t(f", its largest weekly {'gain' if v > 0 else 'decline'} since ")
        _when(line, f, "context.since_period", day)
    return line.t(".").build()


#: The 2s/10s curve is news when it moved this much in a day (bp) or changed sign.
CURVE_NEWS_BP = 10.0


def curve_line(ten: Subject, two: Subject) -> Sentence | None:
    """"The 10-year yield ended 48 basis points below the 2-year yield." when the 2s/10s spread
    (facts YIELD_SPREAD_BP: 10-year minus 2-year) moved :data:`CURVE_NEWS_BP` or changed sign."""
    if ten.bars is None or two.bars is None:
        return None
    from ..facts.engine import answer
    from ..facts.query import FactQuery

    f = answer(FactQuery("DGS10", Metric.YIELD_SPREAD_BP, PeriodSpec.day(ten.sheet.as_of)),
               ten.bars, other=two.bars, kind="yield")
    if not isinstance(f, Fact) or f.value is None or f.as_of != ten.sheet.as_of:
        return None
    c = cx.of_kind(f.context, cx.YieldSpread)
    if c is None:
        return None
    change = c.change_bp
    if not c.sign_changed and (change is None or abs(float(change)) < CURVE_NEWS_BP):
        return None
    line = Line().name(ten.ref(start=True)).t(" ended ")
    line.num(nb.bp(float(f.value), absolute=True), f, "value")
    where = " basis points below " if float(f.value) < 0 else " basis points above "
    return line.t(where).name(two.ref()).t(".").build()


def vix_line(s: Subject) -> Sentence | None:
    """"The Cboe Volatility Index, Wall Street's fear gauge, jumped 49.3% to 25.76." when it
    moved :data:`VIX_NEWS_PCT` or closed at :data:`VIX_HIGH` or above."""
    chg, close = s.get(Metric.CHANGE_PCT), s.get(Metric.CLOSE)
    if chg is None or close is None:
        return None
    v = float(chg.value or 0)
    if abs(v) < VIX_NEWS_PCT and float(close.value or 0) < VIX_HIGH:
        return None
    line = Line().name(s.ref(start=True)).t(", Wall Street's fear gauge, ")
    line.t(f"{move_verb(v / 10.0)} ").num(nb.pct(v, PROSE_DIGITS, absolute=True), chg, "value")
    return line.t(" to ").num(nb.level(float(close.value or 0)), close, "value").t(".").build()


def level_line(s: Subject) -> Sentence | None:
    """"It closed above 40,000 for the first time." (after the index's day): the farthest round
    level the close moved past (:func:`~marketdesk.facts.thresholds.round_levels_crossed`, its
    default step: 100 for the S&P 500 at 6,000, 1,000 for the Dow at 40,000) when no earlier
    close in the data was on this side.

    A level crossed back to a side last seen a year or more before is not written: the close is
    then a 52-week extreme and :func:`close_since_clause` already dates it ("its lowest close
    since Dec. 24, 2018")."""
    chg, close = s.get(Metric.CHANGE_PCT), s.get(Metric.CLOSE)
    dc = None if chg is None else cx.of_kind(chg.context, cx.Day)
    prev = None if dc is None else dc.previous_close
    if close is None or prev is None or close.value is None:
        return None
    levels = round_levels_crossed(float(prev), float(close.value))
    if not levels:
        return None
    up = float(close.value) > float(prev)
    f = s.ask(Metric.FIRST_CLOSE_ABOVE if up else Metric.FIRST_CLOSE_BELOW,
              threshold=levels[-1])
    lc = cx.of_kind(f.context, cx.LevelCross) if f is not None else None
    if f is None or lc is None or not lc.crossed or not lc.first_ever or (
            lc.previous_date is None):
        return None
    line = Line().t("It closed above " if up else "It closed below ")
    line.num(nb.level(float(f.value or 0), 0), f, "value")
    return line.t(" for the first time.").build()


def weekly_pace_line(s: Subject) -> Sentence | None:
    """Before the week's last session: "The S&P 500 is on pace for its fifth straight weekly
    loss." when the complete weeks (Friday's close to Friday's close) before this one fell (rose)
    in a row and the week so far moves the same way, :data:`WEEKS_NEWS` weeks or more with it.

    The ordinal is the engine's weekly STREAK to the session (the running week counted as its
    last week); it is written only when the streak to the previous week's last session is one
    shorter, so the complete weeks alone make the run."""
    day = s.sheet.as_of
    if week_ends(day):
        return None
    now = s.ask(Metric.STREAK, unit="weeks")
    n = 0 if now is None else int(now.value or 0)
    if now is None or n < WEEKS_NEWS:
        return None
    monday = day - dt.timedelta(days=day.weekday())
    before = s.ask(Metric.STREAK, PeriodSpec.day(cal.previous_session(monday)), unit="weeks")
    same = before is not None and _streak_direction(now) == _streak_direction(before)
    if before is None or not same or int(before.value or 0) != n - 1:
        return None
    word = "gain" if _streak_direction(now) == "up" else "loss"
    line = Line().name(s.ref(start=True)).t(" is on pace for its ")
    line.num(nb.ordinal_word(n), now, "count:value").t(f" straight weekly {word}.")
    return line.build()


def _streak_direction(f: Fact) -> str | None:
    return f.context.direction if isinstance(f.context, cx.Streak) else None

"""Statements the wires print that the fact sheets hold but the first wrap never wrote (issue 12).

Each function words Facts the engine answers (:meth:`.phrases.Subject.ask`); none computes:

- :func:`close_since_clause`: ", its lowest close since Sept. 7, 2017" (a year back or more);
- :func:`intraday_arc`: "The Dow had been down as much as 1,597.08 points." (the session's low
  or high reached well past the close);
- :func:`run_line`: "The S&P 500 has fallen for four straight sessions, a 7.7% drop over the past
  four sessions." (a streak of three or more with a large move);
- :func:`week_line`: on the week's last session, the week's move and its "largest since";
- :func:`vix_line`: the Cboe Volatility Index when it jumped or is high.
"""

from __future__ import annotations

import datetime as dt

from .. import calendar as cal
from ..facts.model import Fact, Metric
from ..facts.query import PeriodSpec
from . import numbers as nb
from .phrases import PROSE_DIGITS, Subject, move_verb, value_of
from .text import Line, Sentence

__all__ = [
    "RUN_MIN_PCT",
    "VIX_HIGH",
    "VIX_NEWS_PCT",
    "close_since_clause",
    "intraday_arc",
    "run_line",
    "vix_line",
    "week_line",
]

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
#: A run of three or more sessions is news when it moved at least this much (percent).
RUN_MIN_PCT = 4.0
#: The VIX is in the story when it moved this much (percent) or closed at or above VIX_HIGH.
VIX_NEWS_PCT = 10.0
VIX_HIGH = 25.0


def _when(line: Line, fact: Fact, field: str, ref: dt.date) -> Line:
    raw = value_of(fact, field)
    d = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw)[:10])
    return line.num(nb.ap_date(d, ref), fact, f"date:{field}")


def close_since_clause(s: Subject, line: Line) -> None:
    """", its lowest close since Sept. 7, 2017" (or highest, short of a record) when the earlier
    close is at least a year back."""
    for metric, word in ((Metric.LOWEST_CLOSE_SINCE, "lowest"),
                         (Metric.HIGHEST_CLOSE_SINCE, "highest")):
        f = s.get(metric)
        if f is None or f.context.get("on_record") or not f.context.get("since_date"):
            continue
        if int(f.context.get("calendar_days") or 0) < 365:
            continue
        line.t(f", its {word} close since ")
        _when(line, f, "context.since_date", s.sheet.as_of)
        return


def intraday_arc(s: Subject) -> Sentence | None:
    """"The Dow had been down as much as 1,597.08 points." when the session's extreme in the
    direction of the day reached at least 1.3 times the closing move."""
    chg = s.get(Metric.CHANGE_PTS)
    if chg is None or not chg.value:
        return None
    down = float(chg.value) < 0
    f = s.ask(Metric.INTRADAY_LOW_CHANGE_PCT if down else Metric.INTRADAY_HIGH_CHANGE_PCT)
    if f is None or f.context.get("change_pts") is None:
        return None
    reach = float(f.context["change_pts"])
    if abs(reach) < 1.3 * abs(float(chg.value)) or reach * float(chg.value) <= 0:
        return None
    line = Line().name(s.ref(start=True)).t(f" had been {'down' if down else 'up'} as much as ")
    line.num(nb.pts(reach, absolute=True), f, "context.change_pts")
    return line.t(" points during the session.").build()


def run_line(s: Subject) -> Sentence | None:
    """"The S&P 500 has fallen for four straight sessions, a 7.7% drop over the past four
    sessions." for a daily streak of three to nine sessions that moved :data:`RUN_MIN_PCT`."""
    st = s.get(Metric.STREAK, unit="days")
    if st is None or not 3 <= int(st.value or 0) <= 9:
        return None
    n = int(st.value or 0)
    move = s.ask(Metric.PERIOD_RETURN, PeriodSpec.sessions(n, s.sheet.as_of))
    if move is None or abs(float(move.value or 0)) < RUN_MIN_PCT:
        return None
    up = st.context.get("direction") == "up"
    line = Line().name(s.ref(start=True)).t(" has risen for " if up else " has fallen for ")
    line.num(_WORDS[n], st, "count:value").t(" straight sessions, a ")
    line.num(nb.pct(float(move.value or 0), PROSE_DIGITS, absolute=True), move, "value")
    line.t(" gain" if up else " drop").t(f" over the past {_WORDS[n]} sessions.")
    return line.build()


def week_line(s: Subject) -> Sentence | None:
    """On the week's last session: "For the week, the S&P 500 fell 1.6%[, its largest weekly
    decline since March 20, 2020]"."""
    day = s.sheet.as_of
    monday = day - dt.timedelta(days=day.weekday())
    sessions = cal.sessions(monday, monday + dt.timedelta(days=6))
    if not sessions or sessions[-1] != day:
        return None
    f = s.ask(Metric.LARGEST_SINCE, PeriodSpec.wtd(day), granularity="week")
    if f is None or f.value is None:
        return None
    v = float(f.value)
    line = Line().t("For the week, ").name(s.ref()).t(f" {move_verb(v, percent=False)} ")
    line.num(nb.pct(v, PROSE_DIGITS, absolute=True), f, "value")
    c = f.context
    if c.get("since_period") and int(c.get("periods_between") or 0) >= 52:
        line.t(f", its largest weekly {'gain' if v > 0 else 'decline'} since ")
        _when(line, f, "context.since_period", day)
    return line.t(".").build()


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

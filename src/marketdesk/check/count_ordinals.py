"""Ordinal counts: the session is the Nth period meeting a condition in a window.

- "down more than 1,000 points Thursday for the second time in four days": the condition is the
  move the clause states (its figure stays a claim of its own);
- "closed lower for the third time in four sessions": a direction word just before;
- "the third time this year that the Dow has lost more than 2%": the condition after "that"
  (its figure is the condition, read here and not as a claim of its own);
- "its eighth gain in 10 sessions", "its fourth weekly loss in five weeks";
- "its third 2% drop of the year", "its second decline of 1% or more this week".

Each is a PERIOD_COUNT claim with ``extra["role"] == "ordinal"`` (see :mod:`.counts`); the
verdict needs the session itself to meet the condition. A day's move counted over weeks ("for
the second time in three weeks") is no claim: which sessions the weeks hold is not said."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence

from ..facts.model import Metric
from .count_build import CountBuilder, Counted
from .count_words import NUM, ORD, UNIT, Cond, Window, condition, number, ordinal, threshold, \
    unit_of, window_of_period
from .entities import Mention
from .firstchar import guarded
from .model import ArticleDate, Claim
from .periods import find_period

__all__ = ["nth_time_claims", "ordinal_claims"]

_NTH = re.compile(rf"\b(?:for|marking|marked|marks|it\s+was|was)\s+(?:the|a)\s+(?P<o>{ORD})\s+time\s+"
                  rf"(?:(?:in|over|during|within)\s+(?:the\s+)?(?:(?:past|last)\s+)?(?P<m>{NUM})\s+"
                  rf"(?P<u>(?:trading\s+)?(?:days|sessions|weeks|months))\b|(?P<w>(?:so\s+far\s+)?this\s+"
                  rf"(?:week|month|year)|(?:in|of)\s+(?:19|20)\d{{2}}|of\s+the\s+year)\b)", re.I)
_NTH_MOVE = re.compile(rf"\b(?:its|their|the)\s+(?P<o>{ORD})\s+(?:(?P<adj>daily|weekly|monthly|quarterly)"
                       rf"\s+)?(?P<noun>gain|advance|rise|increase|loss|decline|drop|fall|(?:up|down|"
                       rf"positive|negative|losing|winning)\s+(?:day|session|week|month|quarter))\s+"
                       rf"in\s+(?:the\s+)?(?:(?:past|last)\s+)?(?P<m>{NUM})\s+(?P<u>{UNIT})\b", re.I)
_SIZE_NOUN = (r"drop|decline|loss|fall|gain|rise|advance|rally|move|swing|selloff|sell-off|jump|"
              r"surge|slide|plunge|tumble")
_NTH_SIZE = re.compile(
    rf"\b(?:its|their|the)\s+(?P<o>{ORD})\s+(?:(?P<t>\d+(?:\.\d+)?(?:%|-percent|-point)|"
    rf"\d{{1,3}}(?:,\d{{3}})+-point)\s+(?:(?:one-day|daily|single-day)\s+)?(?P<noun>{_SIZE_NOUN})|"
    rf"(?:(?:one-day|daily|single-day)\s+)?(?P<noun2>{_SIZE_NOUN})\s+of\s+(?P<t2>(?:more\s+than|"
    rf"at\s+least|over)\s+\d+(?:\.\d+)?\s*(?:%|percent|points)|\d+(?:\.\d+)?\s*(?:%|percent|points)"
    rf"\s+or\s+more))\s+(?P<w>(?:so\s+far\s+)?this\s+(?:year|month|week)|(?:of|in)\s+(?:the\s+year|"
    rf"(?:19|20)\d{{2}}))\b", re.I)
_ADJ_UNIT = {"daily": "days", "weekly": "weeks", "monthly": "months", "quarterly": "quarters"}
_UP = re.compile(r"gain|advance|rise|increase|rally|jump|surge|up|positive|winning", re.I)
_CLAUSE_END = re.compile(r"[,;(—–]|\s(?:and|but|while|as|after)\s", re.I)


def _move(noun: str) -> str:
    return "up" if _UP.search(noun) else "either" if noun.lower() in ("move", "swing") else "down"


def _window(m: re.Match[str], o: int, b: CountBuilder) -> Window | None:
    """"in four days" (sessions; never weeks of days) or "this year" / "in 2024"."""
    if m["m"]:
        n = number(m["m"])
        if n is None or n < o or not re.search(r"day|session", m["u"], re.I):
            return None
        return Window("sessions", m.group(), n=n)
    return window_of_period(m["w"], b.session, b.date.published)


def _day_of(b: CountBuilder, pos: int) -> str | None:
    """The session a weekday or date before ``pos`` names ("Thursday marked ..."), if any."""
    day = find_period(b.text[b.s0:pos], b.session, b.date.published)
    return str(day.end) if day is not None and day.kind == "day" else None


def ordinal_claims(b: CountBuilder, free: Callable[[int, int], bool]) -> None:
    """The ordinal counts that carry their own condition: "its third 2% drop of the year", "the
    third time this year that the Dow has lost more than 2%" (read before the figures, whose
    threshold they take)."""
    text, s0, s1 = b.text, b.s0, b.s1
    for m in _NTH_SIZE.finditer(text, s0, s1):
        o = ordinal(m["o"])
        g = "t" if m["t"] else "t2"
        size = threshold(text, m.start(g), m.end(g))
        w = window_of_period(m["w"], b.session, b.date.published)
        if o is None or size is None or w is None or not free(*m.span()):
            continue
        cond = dataclasses.replace(size, move=_move(m["noun"] or m["noun2"]),
                                   sure=size.sure and g == "t2")
        b.add((m.start("o"), m.end()), o, "ordinal", Counted("days", None, cond, w),
              session=_day_of(b, m.start()))
    for m in _NTH.finditer(text, s0, s1):
        o = ordinal(m["o"])
        if o is not None and o >= 2 and m["w"] and free(*m.span()):
            _figure_before(b, m, o)
        that = re.match(r"\s*that\s+", text[m.end():s1], re.I)
        if o is None or o < 2 or not that or not free(*m.span()):
            continue
        a = m.end() + that.end()
        end = _CLAUSE_END.search(text, a, s1)
        z = end.start() if end else s1
        a = max([a] + [x.end for x in b.ms if a <= x.start < z])    # after its subject
        cond0 = condition(text, a, z)
        w = _window(m, o, b)
        if cond0 is not None and w is not None:
            b.add((m.start("o"), m.end()), o, "ordinal", Counted("days", None, cond0, w),
                  session=_day_of(b, m.start()))


_FIGURE_GAP = re.compile(r"\s*(?:(?:on\s+)?(?:mon|tues|wednes|thurs|fri)day\s*)?,?\s*$", re.I)


def _figure_before(b: CountBuilder, m: re.Match[str], o: int) -> None:
    """"diving more than 1,000 points for the second time this week": the figure right before
    is the condition (and "this week" is the count's window, not the figure's period: the
    figure is read here, not as a claim of its own)."""
    text = b.text
    lo = max(b.s0, m.start() - 60)
    cut = [x.end() for x in re.finditer(r"[,;]\s|\s(?:and|but|while|with)\s", text[lo:m.start()])]
    a = lo + (cut[-1] if cut else 0)
    size = threshold(text, a, m.start())
    if size is None or size.span is None or not _FIGURE_GAP.fullmatch(text, size.span[1],
                                                                       m.start()):
        return
    cond = condition(text, a, size.span[1])
    w = window_of_period(m["w"], b.session, b.date.published)
    if cond is None or cond.move not in ("up", "down") or w is None:
        return
    t = cond.threshold or 0.0
    if not cond.sure and cond.basis == "pct":   # "fell 2% for the second time": 1.95% or more
        digits = re.sub(r"[^\d.]", "", text[size.span[0]:size.span[1]].split("%")[0])
        t -= 0.5 * 10.0 ** -((len(digits.split(".")[1]) if "." in digits else 0) + 1)
    b.add((m.start("o"), m.end()), o, "ordinal",
          Counted("days", None, dataclasses.replace(cond, threshold=t), w),
          session=_day_of(b, m.start()))


def nth_time_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                    date: ArticleDate, figures: Sequence[Claim] = ()) -> Iterator[Claim]:
    """The ordinal counts whose condition is the move the clause states (``figures``: the
    sentence's figure claims), a direction word, or the noun itself ("its eighth gain in 10
    sessions")."""
    b = CountBuilder(text, s0, s1, ms, fallback, date)
    for m in _NTH.finditer(text, s0, s1):
        o = ordinal(m["o"])
        if o is None or o < 2 or re.match(r"\s*(?:that|when|since|the)\b", text[m.end():s1],
                                          re.I):
            continue
        moves = [c for c in figures if s0 <= c.span[0] < m.start() and c.metric in
                 (Metric.CHANGE_PTS, Metric.CHANGE_PCT) and c.direction is not None and
                 m.start() - c.span[1] <= 40]
        session: str | None = None
        if moves:       # "down more than 1,000 points Thursday for the second time in ..."
            f = moves[-1]
            pts = f.unit == "pts"
            size = abs(f.value or 0.0)
            if f.qualifier == "exact" and not pts:
                size -= 0.5 * 10.0 ** -(f.decimals + 1)    # "fell 2%": 1.95% or more
            cond: Cond | None = Cond(f.direction or "", size, "pts" if pts else "pct",
                                     f.qualifier == "more_than",
                                     f.qualifier in ("more_than", "at_least"))
            session = str(f.period.end)
        else:           # "closed lower for the third time in four sessions"
            cond = condition(text, max(s0, m.start() - 30), m.start())
            if cond is not None and cond.threshold is not None:
                cond = None
        w = _window(m, o, b)
        if cond is not None and w is not None:
            b.add((m.start("o"), m.end()), o, "ordinal", Counted("days", None, cond, w),
                  session=session)
    for m in _NTH_MOVE.finditer(text, s0, s1):     # "its eighth gain in 10 sessions"
        o, n = ordinal(m["o"]), number(m["m"])
        noun = m["noun"].lower()
        unit = _ADJ_UNIT[m["adj"].lower()] if m["adj"] else \
            unit_of(noun.split()[-1])[0] if " " in noun else unit_of(m["u"])[0]
        if o is None or o < 2 or n is None or n < o or unit_of(m["u"])[0] != unit:
            continue
        w = Window("sessions" if unit == "days" else "last", m.group(), n=n)
        moved = [c for c in figures if s0 <= c.span[0] < m.start() and c.period.kind == "day"]
        b.add((m.start("o"), m.end()), o, "ordinal", Counted(unit, None, Cond(_move(noun)), w),
              session=str(moved[-1].period.end) if moved else None)
    yield from b.out


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
_NTH, _NTH_MOVE, _NTH_SIZE = map(guarded, (_NTH, _NTH_MOVE, _NTH_SIZE))

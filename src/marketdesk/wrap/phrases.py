"""Sentence templates: one function per kind of statement, each filling a :class:`Line` from Facts.

Every figure goes through :mod:`.numbers` and is attached to the Fact it renders; the templates
choose words (rose/fell, gain/decline) from the sign of a Fact's value and never compute anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..calendar import parse_date
from ..facts import contexts as cx
from ..facts.model import Fact, Metric
from ..facts.query import FactQuery, Params, PeriodSpec
from ..facts.sheet import FactSheet
from . import numbers as nb
from .names import Names
from .text import Line, Sentence

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "TERMS",
    "Subject",
    "clauses",
    "day_move",
    "drawdown",
    "headline_clause",
    "intraday_record",
    "month_line",
    "move_verb",
    "near_record",
    "point_line",
    "point_record",
    "regime_entered",
    "seasonal",
    "streak",
    "value_of",
    "week_ends",
    "year_clause",
    "year_line",
    "yield_move",
]


@dataclass(frozen=True, slots=True)
class Subject:
    """One instrument in the story: its names, its fact sheet for the session, and its bars
    (for the engine's other answers, :meth:`ask`). ``memo`` keeps answers and whether the story
    has named it yet (AP style: "the Dow Jones Industrial Average", then "the Dow")."""

    names: Names
    sheet: FactSheet
    bars: pl.DataFrame | None = None
    kind: str | None = None
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def symbol(self) -> str:
        return self.names.symbol

    @property
    def is_yield(self) -> bool:
        return self.names.kind == "yield"

    @property
    def top_score(self) -> float:
        return self.sheet.scores[0] if self.sheet.scores else 0.0

    def get(self, metric: Metric, period: str | None = None,
            test: Callable[[Fact], bool] | None = None) -> Fact | None:
        """The sheet's fact of ``metric`` (``period``: its period kind; ``test``: a condition on
        it); a subject without a sheet asks the engine for the day's figure."""
        if not self.sheet.facts and period in (None, "day") and test is None:
            return self.ask(metric)
        return self.sheet.find(metric, period, test)

    def new_record(self, metric: Metric) -> Fact | None:
        f = self.get(metric)
        c = cx.of_kind(f.context, cx.RecordLevel) if f is not None else None
        return f if c is not None and c.is_new else None

    def ask(self, metric: Metric, spec: PeriodSpec | None = None, **params: Any) -> Fact | None:
        """The facts engine's answer for ``metric`` over ``spec`` (default: the session's day),
        None when it has none; answers are kept for the story."""
        spec = spec or PeriodSpec.day(self.sheet.as_of)
        key = ("ask", metric, spec, tuple(sorted(params.items())))
        if key not in self.memo:
            from ..facts.engine import answer

            got = None if self.bars is None else answer(
                FactQuery(self.symbol, metric, spec, params=Params(**params)), self.bars,
                kind=self.kind)
            self.memo[key] = got if isinstance(got, Fact) else None
        out: Fact | None = self.memo[key]
        return out

    def ref(self, *, start: bool = False, possessive: bool = False) -> str:
        """The name at this point of the story: the full name the first time, the short one
        after ("the Dow"); ``start`` capitalizes, ``possessive`` adds "'s"."""
        text = self.names.again if self.memo.get("named") else self.names.prose
        self.memo["named"] = True
        text = text + "'s" if possessive else text
        return text[:1].upper() + text[1:] if start else text

    def score_of(self, fact: Fact) -> float:
        for f, s in zip(self.sheet.facts, self.sheet.scores):
            if f is fact:
                return s
        return 0.0


#: Sheet score from which a "largest since" of a yield's day is worth a clause.
NOTABLE = 40.0


def value_of(fact: Fact, field: str) -> Any:
    """The value a span's ``field`` names (``"value"``, ``"context.KEY"``, ``"date:..."``,
    ``"bound:value"``: a whole number the value's magnitude is more than)."""
    key = field.split(":", 1)[-1]
    if key == "value":
        return fact.value
    if key == "as_of":
        return fact.as_of
    if key == "period.end":
        return fact.period.end
    if key.startswith("context."):          # the context's JSON key (dates as ISO strings)
        return fact.context.to_dict()[key[len("context."):]]
    if key == "term":
        return TERMS[fact.metric]
    raise KeyError(field)


#: Digits that are part of a statistic's name (a span's ``"term"`` field renders these).
TERMS: dict[Metric, str] = {Metric.WEEK52_HIGH: "52-week", Metric.WEEK52_LOW: "52-week"}


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else parse_date(str(v)[:10], "date")


def _when(line: Line, fact: Fact, field: str, ref: dt.date, *, weekday: bool = False) -> Line:
    return line.num(nb.ap_date(_date(value_of(fact, field)), ref, weekday=weekday), fact,
                    f"date:{field.split(':', 1)[-1]}")


#: Decimals of a percentage in prose (AP style: one; the agate table prints two).
PROSE_DIGITS = 1


def _pct(line: Line, fact: Fact, field: str = "value") -> Line:
    """A percentage in prose: one decimal, or two when one would print a non-zero as 0.0%."""
    v = float(value_of(fact, field))
    digits = PROSE_DIGITS if v == 0 or nb.round_half_up(abs(v), PROSE_DIGITS) != 0 else 2
    return line.num(nb.pct(v, digits, absolute=True), fact, field)


def move_verb(value: float, *, percent: bool = True) -> str:
    """The verb ladder scaled to a percent move: slipped / fell / tumbled / plunged and edged up
    / rose / jumped / soared (under 0.25 %, under 1.5 %, under 3 %, beyond)."""
    size = abs(value)
    rung = 0 if size < 0.25 else 1 if size < 1.5 else 2 if size < 3.0 else 3
    up = ("edged up", "rose", "jumped", "soared")
    down = ("slipped", "fell", "tumbled", "plunged")
    return (up if value > 0 else down)[rung if percent else 1]


def _ordinal_of_year(s: Subject, record_date: Any) -> Fact | None:
    """The record-close count of the year when ``record_date`` is its latest record close."""
    cnt = s.get(Metric.RECORD_CLOSE_COUNT)
    c = cx.of_kind(cnt.context, cx.RecordCount) if cnt is not None else None
    if cnt is None or c is None or not cnt.value or c.year != s.sheet.as_of.year:
        return None
    return cnt if c.dates and c.dates[-1] == _date(record_date) else None


#: Indices whose point records the wires print ("the Dow's biggest point drop ever").
POINT_RECORDS = frozenset({"^DJI"})


def day_move(s: Subject, *, on: dt.date | None = None, session_note: Line | None = None,
             with_intraday: bool = True, lead_angle: str | None = None) -> Sentence | None:
    """"The Russell 2000 rose 1.5%, or 35.36 points, to 2,442.03 [on Monday, Nov. 25]" with the
    day's strongest angle: a point record ("its largest point drop on record"), the largest
    percent move since D, a bear market or correction entered, the year's gains erased; on a new
    record close "to a record close of" and "its 45th record close of the year". The verb is
    scaled to the move (:func:`move_verb`)."""
    chg, pts, close = s.get(Metric.CHANGE_PCT), s.get(Metric.CHANGE_PTS), s.get(Metric.CLOSE)
    if chg is None or pts is None or close is None:
        return None
    rc, rh = s.new_record(Metric.RECORD_CLOSE), s.new_record(Metric.RECORD_HIGH)
    line = Line().name(s.ref(start=True))
    v = float(chg.value or 0.0)
    moved = nb.round_half_up(v, PROSE_DIGITS) != 0
    if not moved:
        line.t(" was little changed at ").num(nb.level(float(close.value or 0)), close, "value")
    else:
        line.t(f" {move_verb(v)} ")
        _pct(line, chg).t(", or ").num(nb.pts(float(pts.value or 0), absolute=True), pts, "value")
        line.t(" points, to a record close of " if rc else " points, to ")
        line.num(nb.level(float((rc or close).value or 0)), rc or close, "value")
    if on is not None:
        _when(line.t(" on "), close, "period.end", on, weekday=True)
    if session_note:
        line.parts.extend(session_note.parts)
    if moved:
        _day_since_clause(s, line)
        from .wire import close_since_clause

        close_since_clause(s, line)
        regime = regime_entered(s)
        if regime is not None:
            line.t(f", entering a {'bear market' if regime.metric is Metric.BEAR_MARKET else 'correction'}")
    if rc is not None:
        rcc = cx.of_kind(rc.context, cx.RecordLevel)
        cnt = _ordinal_of_year(s, rcc.date) if rcc is not None else None
        if cnt is not None:
            line.t(", its ").num(nb.ordinal(int(cnt.value or 0)), cnt, "count:value")
            line.t(" record close of the year")
        if rh is not None and with_intraday:
            line.t(", after touching a record intraday high of ")
            line.num(nb.level(float(rh.value or 0)), rh, "value")
    return line.t(".").build()


def point_line(s: Subject) -> Sentence | None:
    """"The Dow's drop of 1,175.21 points was its largest on record." on a point record
    (:func:`point_record`: the Dow's point records all fall after its data start in 1992, so the
    data hold them); "It erased the Dow's gains for the year." when it did."""
    record, erased = point_record(s), s.ask(Metric.YEAR_GAINS_ERASED)
    line = Line()
    if record is not None:
        v = float(record.value or 0)
        line.name(s.ref(start=True, possessive=True)).t(f" {'gain' if v > 0 else 'drop'} of ")
        line.num(nb.pts(v, absolute=True), record, "value").t(" points was its largest on record.")
    ec = cx.of_kind(erased.context, cx.YearGainsErased) if erased is not None else None
    if ec is not None and ec.erased:
        line.t(" " if line else "").t("It erased ").name(s.ref(possessive=True))
        line.t(" gains for the year.")
    return line.build() if line else None


def point_record(s: Subject) -> Fact | None:
    """The day's point move when it is a new record of the data (for :data:`POINT_RECORDS`)."""
    if s.symbol not in POINT_RECORDS:
        return None
    f = s.ask(Metric.CHANGE_PTS_RECORD)
    c = cx.of_kind(f.context, cx.ChangeRecord) if f is not None else None
    return f if c is not None and c.is_new else None


def regime_entered(s: Subject) -> Fact | None:
    """The bear market (else correction) the close entered on the day, if it did."""
    for metric in (Metric.BEAR_MARKET, Metric.CORRECTION):
        f = s.ask(metric)
        c = cx.of_kind(f.context, cx.MarketState) if f is not None else None
        if c is not None and c.entered:
            return f
    return None


#: Sheet score from which a price's "largest one-day move since" is worth a clause (the sheet
#: scores it 10 when the earlier day is under four weeks back).
DAY_NOTABLE = 30.0


def _day_since_clause(s: Subject, line: Line, *, percentage: bool = False) -> None:
    """", its largest one-day gain since Nov. 10, 2022" (or "... in data going back to 1992");
    ``percentage`` says "percentage gain" (after a point record)."""
    ls = s.get(Metric.LARGEST_SINCE, "day")
    c = cx.of_kind(ls.context, cx.LargestSince) if ls is not None else None
    if ls is None or c is None or s.score_of(ls) < DAY_NOTABLE:
        return
    word = "gain" if c.direction == "gain" else "drop"
    word = f"percentage {word}" if percentage else word
    if c.on_record:
        line.t(f", its largest one-day {word}")
        _on_record(line, ls)
    elif c.since_period:
        line.t(f", its largest one-day {word} since ")
        _when(line, ls, "context.since_period", s.sheet.as_of)


def intraday_record(s: Subject, subject_word: str = "It") -> Sentence | None:
    """"It touched a record intraday high of 2,466.49 during the session." (no record close)."""
    rh = s.new_record(Metric.RECORD_HIGH)
    if rh is None or s.new_record(Metric.RECORD_CLOSE) is not None:
        return None
    line = Line().name(subject_word).t(" touched a record intraday high of ")
    return line.num(nb.level(float(rh.value or 0)), rh, "value").t(" during the session.").build()


def near_record(s: Subject, *, lead: bool, after_move: bool = True) -> Sentence | None:
    """Within 1% of the record close: "The close stayed just below the record close of 2,442.74
    from Nov. 8, 2021, a gap of 0.03%." """
    f = s.get(Metric.PCT_FROM_RECORD_CLOSE)
    if f is None or s.new_record(Metric.RECORD_CLOSE) or not 0 < float(f.value or 0) <= 1.0:
        return None
    ref = s.sheet.as_of
    line = Line()
    if lead:
        line.t("The close")
    elif after_move:
        line.t("Its close")
    else:
        line.name(s.ref(start=True, possessive=True)).t(" close")
    line.t(" stayed just below its record close of ")
    c = cx.of_kind(f.context, cx.FromRecord)
    assert c is not None
    line.num(nb.level(c.record), f, "context.record").t(" from ")
    _when(line, f, "context.record_date", ref)
    cnt = _ordinal_of_year(s, c.record_date)
    if cnt is not None:
        line.t(", its ").num(nb.ordinal(int(cnt.value or 0)), cnt, "count:value")
        line.t(" record close of the year")
    line.t(", a gap of ")
    return _pct(line, f).t(".").build()


def drawdown(s: Subject, subject_word: str | None = None) -> Sentence | None:
    """10% or more below the peak: "The S&P 500 closed 29.53% below its record close of
    3,386.15 from Feb. 19." """
    f = s.get(Metric.DRAWDOWN)
    c = cx.of_kind(f.context, cx.Drawdown) if f is not None else None
    if f is None or c is None or float(f.value or 0) > -10.0:
        return None
    line = Line().name(subject_word or s.ref(start=True)).t(" closed ")
    _pct(line, f).t(" below its record close of ")
    line.num(nb.level(c.peak_level), f, "context.peak_level").t(" from ")
    return _when(line, f, "context.peak_date", s.sheet.as_of).t(".").build()


def _month_name(f: Fact) -> str:
    return nb.MONTH_NAMES[f.period.end.month - 1]


def _on_record(line: Line, ls: Fact) -> Line:
    """" in data going back to 1992": "on record" would claim more than the data know (the
    Dow's history here starts in 1992, after the 1987 crash)."""
    line.t(" in data going back to ")
    c = ls.context
    first = c.first_period if isinstance(c, (cx.LargestSince, cx.SeasonalLargestSince)) else None
    return line.num(str(first)[:4], ls, "date:context.first_period")


def _since_clause(line: Line, ls: Fact, what: str, *, min_between: int,
                  prefix: str = ", its") -> bool:
    """", its largest monthly gain since December 2023" (or "in data going back to 1987");
    False if not notable."""
    c = cx.of_kind(ls.context, cx.LargestSince)
    if c is None:
        return False
    gain = c.direction == "gain"
    kind = f"largest {what} {'gain' if gain else 'decline'}"
    if c.on_record:
        line.t(f"{prefix} {kind}")
        _on_record(line, ls)
        return True
    if c.since_label and int(c.periods_between or 0) >= min_between:
        line.t(f"{prefix} {kind} since ")
        line.num(str(c.since_label), ls, "date:context.since_period")
        return True
    return False


def month_line(s: Subject, *, complete: bool, versus: Subject | None = None,
               lead: bool = True, since: bool = True) -> Sentence | None:
    """Lead: "The Russell 2000 has gained 11.17% so far in November, its largest monthly gain since
    December 2023, against a gain of 4.94% for the S&P 500." Others: "The Nasdaq Composite is up
    5.30% for the month, its largest monthly gain since June 2024." """
    mtd = s.get(Metric.PERIOD_RETURN, "mtd")
    if mtd is None:
        return None
    v = float(mtd.value or 0)
    line = Line().name(s.ref(start=True))
    if lead:
        line.t(" gained " if complete and v >= 0 else " lost " if complete else
               " has gained " if v >= 0 else " has lost ")
        _pct(line, mtd).t(f" {'in' if complete else 'so far in'} {_month_name(mtd)}")
    elif complete:
        _pct(line.t(" ended the month up " if v >= 0 else " ended the month down "), mtd)
    else:
        _pct(line.t(" is up " if v >= 0 else " is down "), mtd).t(" for the month")
    ls = s.get(Metric.LARGEST_SINCE, "month")
    if ls is not None and since:
        _since_clause(line, ls, "monthly", min_between=3)
    if versus is not None:
        other = versus.get(Metric.PERIOD_RETURN, "mtd")
        if other is not None:
            ov = float(other.value or 0)
            line.t(", against a " + ("gain" if ov >= 0 else "loss") + " of ")
            _pct(line, other).t(" for ").name(versus.ref())
    return line.t(".").build()


def year_line(s: Subject, *, versus: Subject | None = None, since: bool = True
              ) -> Sentence | None:
    """"For the year, the Russell 2000 is up 20.47%, against a gain of 25.53% for the S&P 500." """
    line = year_clause(s, versus=versus, since=since)
    return None if line is None else Line([(("For the year, "), None, None, ""),
                                           *line.parts]).t(".").build()


def year_clause(s: Subject, *, versus: Subject | None = None, this_year: bool = False,
                since: bool = True) -> Line | None:
    """"the Russell 2000 is up 20.47%[ this year], on pace for its largest annual gain since 2019"
    (no period: the caller builds the sentence)."""
    ytd = s.get(Metric.PERIOD_RETURN, "ytd")
    if ytd is None:
        return None
    line = Line().name(s.ref())
    line.t(" is up " if float(ytd.value or 0) >= 0 else " is down ")
    _pct(line, ytd)
    if this_year:
        line.t(" this year")
    ls = s.get(Metric.LARGEST_SINCE, "year")
    if ls is not None and (since or _on_record_of(ls)):
        _since_clause(line, ls, "annual", min_between=3, prefix=", on pace for its")
    if versus is not None:
        other = versus.get(Metric.PERIOD_RETURN, "ytd")
        if other is not None:
            line.t(", against " + ("a gain" if float(other.value or 0) >= 0 else "a loss")
                   + " of ")
            _pct(line, other).t(" for ").name(versus.ref())
    return line


def clauses(lines: list[Line]) -> Sentence | None:
    """Clauses joined as one sentence ("A, B, and C."), the first capitalized."""
    if not lines:
        return None
    out = Line()
    for i, ln in enumerate(lines):
        if i:
            out.t(", and " if i == len(lines) - 1 else ", ")
        out.parts.extend(ln.parts)
    text, kind, fact, fld = out.parts[0]
    out.parts[0] = (text[:1].upper() + text[1:], kind, fact, fld)
    return out.t(".").build()


def yield_move(s: Subject, *, lead: bool = False, on: dt.date | None = None) -> Sentence | None:
    """"The 10-year Treasury yield fell 14 basis points to 4.27%, its largest one-day drop since
    Aug. 2." """
    chg, lvl = s.get(Metric.YIELD_CHANGE_BP, "day"), s.get(Metric.YIELD_LEVEL)
    if chg is None or lvl is None:
        return None
    v = float(chg.value or 0)
    line = Line().name(s.ref(start=True))
    if nb.round_half_up(v, 1) == 0:
        line.t(" was unchanged at ").num(nb.yield_level(float(lvl.value or 0)), lvl, "value")
    else:
        text = nb.bp(v, absolute=True)
        line.t(" rose " if v > 0 else " fell ").num(text, chg, "value")
        line.t(" basis point to " if text == "1" else " basis points to ")
        line.num(nb.yield_level(float(lvl.value or 0)), lvl, "value")
        if on is not None:
            _when(line.t(" on "), lvl, "as_of", on, weekday=True)
        ls = s.get(Metric.LARGEST_SINCE, "day")
        yc = cx.of_kind(ls.context, cx.YieldLargestSince) if ls is not None else None
        if ls is not None and yc is not None and yc.since is not None and (
                s.score_of(ls) >= NOTABLE or not s.sheet.facts
                and (ls.as_of - yc.since).days >= 180):
            word = "rise" if v > 0 else "drop"
            line.t(f", its largest one-day {word} since ")
            _when(line, ls, "context.since", s.sheet.as_of)
    return line.t(".").build()


def _on_record_of(ls: Fact) -> bool:
    """Whether a LARGEST_SINCE fact is the largest in the data."""
    c = ls.context
    return isinstance(c, cx.AnyLargestSince) and c.on_record


def week_ends(day: dt.date) -> bool:
    """Whether ``day`` is the last session of its Monday-to-Sunday week (the XNYS calendar)."""
    from .. import calendar as cal

    monday = day - dt.timedelta(days=day.weekday())
    week = cal.sessions(monday, monday + dt.timedelta(days=6))
    return bool(week) and week[-1] == day


def streak_of(unit: str) -> Callable[[Fact], bool]:
    """A test for :meth:`Subject.get`: a STREAK fact counting ``unit`` (days, weeks, months)."""
    return lambda f: isinstance(f.context, cx.Streak) and f.context.unit == unit


def streak(s: Subject, *, minimum: int = 5) -> Sentence | None:
    """"The Russell 2000 has risen for six straight sessions, its longest winning streak since
    Sept. 19." A streak of weeks only on the week's last session, when every week of it is
    complete (during a week: :func:`.wire.weekly_pace_line`)."""
    for unit, word in (("days", "sessions"), ("weeks", "weeks")):
        if unit == "weeks" and not week_ends(s.sheet.as_of):
            continue
        f = s.get(Metric.STREAK, test=streak_of(unit))
        c = cx.of_kind(f.context, cx.Streak) if f is not None else None
        if f is None or c is None or int(f.value or 0) < minimum:
            continue
        up = c.direction == "up"
        line = Line().name(s.ref(start=True)).t(" has risen for " if up else " has fallen for ")
        line.num(nb.count_word(int(f.value or 0)), f, "count:value").t(f" straight {word}")
        if c.since:
            line.t(f", its longest {'winning' if up else 'losing'} streak since ")
            _when(line, f, "context.since", s.sheet.as_of)
        return line.t(".").build()
    return None


def seasonal(s: Subject, *, always: bool) -> Sentence | None:
    """The coming month's history: "December has historically been the Russell 2000's best month,
    with an average gain of 2.75% from 1987 through 2023." """
    f = s.get(Metric.SEASONAL_AVERAGE)
    if f is None or f.period.month is None or f.period.month == s.sheet.as_of.month:
        return None
    c = cx.of_kind(f.context, cx.Seasonal)
    if c is None:
        return None
    rank, of = c.rank, c.of
    month = nb.MONTH_NAMES[f.period.month - 1]
    v = float(f.value or 0)
    avg = "an average gain of " if v >= 0 else "an average decline of "
    line = Line()
    if rank == 1 or (rank == of and v < 0):
        line.t(f"{month} has historically been ").name(s.ref(possessive=True))
        line.t(" best month, with " if rank == 1 else " worst month, with ")
    elif always:
        line.t(f"In {month}, ").name(s.ref()).t(" has historically posted ")
    else:
        return None
    _pct(line.t(avg), f).t(" from ")
    line.num(str(c.first_year), f, "context.first_year").t(" through ")
    return line.num(str(c.last_year), f, "context.last_year").t(".").build()


def headline_clause(s: Subject, *, lead: bool) -> Line | None:
    """"Dow closes at record 44,736.57" / "Russell 2000 hits record intraday high" /
    "S&P 500 falls 11.98% to 2,386.13" / "10-year yield falls 14 basis points to 4.27%"."""
    line = Line().name(s.names.short)
    if s.is_yield:
        chg, lvl = s.get(Metric.YIELD_CHANGE_BP, "day"), s.get(Metric.YIELD_LEVEL)
        if chg is None or lvl is None or not lead:
            return None
        v = float(chg.value or 0)
        line.t(" rises " if v > 0 else " falls " if v < 0 else " holds at ")
        if v:
            line.num(nb.bp(v, absolute=True), chg, "value").t(" basis points to ")
        return line.num(nb.yield_level(float(lvl.value or 0)), lvl, "value")
    rc, rh = s.new_record(Metric.RECORD_CLOSE), s.new_record(Metric.RECORD_HIGH)
    if rc is not None:
        line.t(" closes at record")
        return line.t(" ").num(nb.level(float(rc.value or 0)), rc, "value") if lead else line
    chg = s.get(Metric.CHANGE_PCT)
    if rh is not None:
        line.t(" hits record intraday high")
        if lead and chg is not None and float(chg.value or 0) > 0:
            _pct(line.t(", closes up "), chg)
        return line
    close = s.get(Metric.CLOSE)
    if not lead or chg is None or close is None:
        return None
    v = float(chg.value or 0)
    line.t(" rises " if v > 0 else " falls " if v < 0 else " is flat at ")
    if v:
        _pct(line, chg).t(" to ")
    return line.num(nb.level(float(close.value or 0)), close, "value")

"""Compose the wrap for a date: choose the subjects and the focus, order the statements.

One fact sheet per subject is computed (no comparisons inside the sheets: relative performance is
written from each subject's own period returns), the focus is the subject with the most newsworthy
fact unless given, and the story runs:

1. the focus's day (move, level, records, closeness to its record close, a deep drawdown);
2. the other indices' days, each with its records;
3. the month so far, focus first against its comparison index, then the others;
4. the year to date, the same way;
5. the 10-year yield (move in bp, level, largest since);
6. streaks and, when the month is ending, the coming month's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import calendar as cal
from ..errors import NoDataError, SymbolError
from ..facts import contexts as cx
from ..facts.model import Metric
from ..facts.sheet import FactSheet, compute_facts, fact_sheet
from . import lead as ld
from . import numbers as nb
from . import phrases as ph
from . import wire
from .agate import agate_table
from .charts import chart_specs
from .model import Format, Wrap
from .names import names_for
from .text import Line, Sentence, join

if TYPE_CHECKING:
    from ..desk import Desk

__all__ = ["DEFAULT_SUBJECTS", "wrap"]

#: The major US indices and the 10-year yield, in the order the story lists them.
DEFAULT_SUBJECTS: tuple[str, ...] = ("^GSPC", "^DJI", "^IXIC", "^RUT", "DGS10")
#: Written when stored and in the story (the 2-year yield, the VIX); never required, no sheet.
EXTRA_SUBJECTS: tuple[str, ...] = ("DGS2", "^VIX")


def _resolve(symbol: str) -> str:
    from ..desk import resolve

    return resolve(symbol)


def _words(line: Line, text: str) -> Line:
    """Calendar words (a holiday name such as "July 4th" may hold digits)."""
    return line.cal(text, "holiday") if any(c.isdigit() for c in text) else line.t(text)


def _closed(day: dt.date, status: cal.DayStatus) -> Wrap:
    reason = status.reason or "market holiday"
    why = {"weekend": "the weekend", "Special closure": "a special closure",
           "market holiday": "a market holiday"}.get(reason, reason)
    prev = status.previous_session
    head = _words(Line().t("U.S. markets closed for "), why).build()
    body = Line().t("U.S. stock markets were closed on ")
    _words(body.cal(nb.ap_date(day, None, weekday=True), "date").t(", for "), why)
    body.t(". The previous session was ").cal(nb.ap_date(prev, day, weekday=True), "date")
    body.t("; for its wrap, run marketdesk wrap ").cal(prev.isoformat(), "date").t(".")
    return Wrap(requested=day, session=None, headline=head, paragraphs=(body.build(),),
                closed=True, reason=reason, previous_session=prev)


def _missing_message(day: dt.date, missing: dict[str, dt.date | None]) -> str:
    ends = ", ".join(f"{s} {d}" if d else f"{s} (none)" for s, d in missing.items())
    return f"No bars for {day} in the store (last dates: {ends})."


def _subject(desk: Desk, sym: str, day: dt.date, *, sheet: bool = True) -> ph.Subject:
    """``sym`` with its bars to ``day`` and its fact sheet (``sheet=False``: an empty sheet, the
    engine answers what the story asks)."""
    row = desk.instrument(sym)
    names = names_for(sym, row)
    kind = (row or {}).get("kind")
    bars = desk.bars(sym, None, day)
    if sheet:
        sh = fact_sheet(sym, compute_facts(bars, day, kind=kind), bars, day, day)
    else:
        sh = FactSheet(sym, day, day, (), ())
    return ph.Subject(names, sh, bars, kind)


def _subjects(desk: Desk, day: dt.date, wanted: Sequence[str], required: set[str]
              ) -> tuple[list[ph.Subject], list[str]]:
    """Fact sheets for the wanted symbols that have a bar on ``day``; notes for the others."""
    subjects, notes, missing = [], [], {}
    for sym in wanted:
        names = names_for(sym, desk.instrument(sym))
        last = desk.last_date(sym)
        if last is None or last < day:
            missing[sym] = last
            notes.append(f"{names.short} ({sym}) is left out: " + (
                "it is not in the store" if last is None else f"the store's bars end on {last}")
                + ".")
            continue
        subject = _subject(desk, sym, day)
        on_day = subject.get(Metric.YIELD_LEVEL if names.kind == "yield" else Metric.CLOSE)
        obs = None if on_day is None else (
            on_day.context.date if isinstance(on_day.context, cx.YieldLevel)
            else on_day.period.end)
        if obs is None or str(obs)[:10] != day.isoformat():
            notes.append(f"{names.short} ({sym}) is left out: no value for {day} in the store "
                         f"(its last one before is {obs}).")
            missing[sym] = None
            continue
        subjects.append(subject)
    if not subjects or required & set(missing):
        absent = {s: missing[s] for s in missing if not subjects or s in required}
        start = min((d for d in absent.values() if d), default=None)
        raise NoDataError(_missing_message(day, absent), symbols=list(absent), last_date=start)
    return subjects, notes


def _extras(desk: Desk, day: dt.date, have: set[str]) -> list[ph.Subject]:
    """The :data:`EXTRA_SUBJECTS` stored with a value on ``day`` (silently left out if not)."""
    out = []
    for sym in EXTRA_SUBJECTS:
        last = desk.last_date(sym)
        if sym in have or last is None or last < day:
            continue
        s = _subject(desk, sym, day, sheet=False)
        metric = Metric.YIELD_CHANGE_BP if s.is_yield else Metric.CHANGE_PCT
        f = s.ask(metric)
        if f is not None and f.as_of == day:
            out.append(s)
    return out


def _pick(subjects: list[ph.Subject], focus: str | None) -> ph.Subject:
    if focus is not None:
        return next(s for s in subjects if s.symbol == focus)
    return ld.pick(subjects)


def _headline(focus: ph.Subject, others: list[ph.Subject]) -> Sentence:
    line = ph.headline_clause(focus, lead=True) or Line().name(focus.names.short)
    second = [s for s in others if s.top_score >= 90.0 and not s.is_yield]
    if second:
        best = max(s.top_score for s in second)
        clause = ph.headline_clause(next(s for s in second if s.top_score == best), lead=False)
        if clause:
            line.t("; ").parts.extend(clause.parts)
    return line.build()


def _session_note(early: dt.time | None) -> Line | None:
    if early is None:
        return None
    return Line().t(", in a holiday-shortened session that ended at ").cal(nb.clock(early),
                                                                          "close_time")


def _some(*items: Sentence | None) -> list[Sentence]:
    return [s for s in items if s is not None]


#: At most this many "largest ... since" clauses a story (AP style).
SINCE_CLAUSES = 2


def _since_count(paras: list[list[Sentence]]) -> int:
    return sum(s.text.count(" since ") for p in paras for s in p if "largest" in s.text)


def _body(focus: ph.Subject, versus: ph.Subject | None, others: list[ph.Subject],
          early: dt.time | None, month_complete: bool, extras: list[ph.Subject]) -> list[Sentence]:
    day = focus.sheet.as_of
    indices = [s for s in others if not s.is_yield]
    yields = [s for s in others + extras if s.is_yield and s is not focus]
    vix = [s for s in extras if not s.is_yield]
    paras: list[list[Sentence]] = []
    if focus.is_yield:
        paras.append(_some(ph.yield_move(focus, lead=True, on=day)))
    else:
        lead_move = ph.day_move(focus, on=day, session_note=_session_note(early))
        # the session's reach, unless a record intraday high or low already tells it
        reach = None if ph.intraday_record(focus) or (lead_move and "intraday" in lead_move.text) \
            else wire.intraday_arc(focus)
        paras.append(_some(lead_move, ph.point_line(focus), reach,
                           wire.level_line(focus),
                           ph.intraday_record(focus), ph.near_record(focus, lead=True),
                           ph.drawdown(focus, "It"), wire.group_line([focus, *indices])))
    days = []
    for s in indices:
        move = ph.day_move(s)
        days += _some(move, ph.point_line(s) if move else None,
                      wire.level_line(s) if move else None,
                      ph.intraday_record(s, "It" if move else s.ref(start=True)),
                      ph.near_record(s, lead=False, after_move=move is not None),
                      ph.drawdown(s, "It" if move else None))
    paras.append(days)
    ranked = ([] if focus.is_yield else [focus]) + indices
    runs = [r for s in ranked if (r := wire.run_line(s) or ph.streak(s)
                                  or wire.weekly_pace_line(s)) is not None]
    paras.append(_some(*runs, *(wire.week_line(s) for s in ranked[:2])))
    rest = [s for s in ranked if s is not focus and s is not versus]
    allow = _since_count(paras) < SINCE_CLAUSES and day.day > 7
    month = _some(*(ph.month_line(s, complete=month_complete, versus=versus if s is focus else None,
                                  lead=s is focus or s is versus, since=allow)
                    for s in ([focus] if not focus.is_yield else []) + rest))
    allow = _since_count(paras + [month]) < SINCE_CLAUSES and day.month >= 10
    year = _some(ph.year_line(focus, versus=versus, since=allow) if not focus.is_yield else None,
                 ph.clauses([c for i, s in enumerate(rest)
                             if (c := ph.year_clause(s, this_year=i == 0, since=allow))
                             is not None]))
    by_symbol = {s.symbol: s for s in [*yields, *([focus] if focus.is_yield else [])]}
    curve = wire.curve_line(by_symbol["DGS10"], by_symbol["DGS2"]) \
        if {"DGS10", "DGS2"} <= by_symbol.keys() else None
    paras += [month, year, _some(*(ph.yield_move(s) for s in yields), curve,
                                 *(wire.vix_line(s) for s in vix))]
    paras.append(_some(*(ph.seasonal(s, always=s is focus) for s in ranked)))
    return [join(p) for p in paras if p]


def wrap(desk: Desk, date: str | dt.date, *, focus: str | None = None,
         vs: Sequence[str] | None = None, fmt: Format = "text") -> Wrap:
    """The market wrap for ``date`` over the store of ``desk``.

    ``focus`` leads the story (default: the subject with the most newsworthy fact); ``vs`` names
    the comparison index(es) for the focus (default: the S&P 500, or the Dow when the focus is the
    S&P 500). ``fmt`` ``md``/``html`` also prepares the charts. A weekend or holiday gives a
    closed wrap naming the previous session; a date past the store's data raises NoDataError.
    """
    day = cal.parse_date(date, "date")
    status = cal.day_status(day)
    if not status.is_session:
        return _closed(day, status)
    focus_sym = _resolve(focus) if focus else None
    vs_syms = [_resolve(v) for v in (vs or [])]
    wanted = list(dict.fromkeys([*([focus_sym] if focus_sym else []), *DEFAULT_SUBJECTS,
                                 *vs_syms]))
    for sym in (focus_sym, *vs_syms):
        if sym and desk.instrument(sym) is None and desk.last_date(sym) is None:
            raise SymbolError(f"{sym} is not in the store.", symbol=sym, in_store=False)
    required = {s for s in (focus_sym, *vs_syms) if s}
    subjects, notes = _subjects(desk, day, wanted, required)
    extras = _extras(desk, day, {s.symbol for s in subjects})
    lead = _pick(subjects + [s for s in extras if s.is_yield] if focus_sym is None
                 else subjects, focus_sym)
    if not vs_syms:
        vs_syms = ["^DJI" if lead.symbol == "^GSPC" else "^GSPC"]
    versus = next((s for s in subjects if s.symbol == vs_syms[0] and s is not lead), None)
    if versus is not None and (versus.is_yield or lead.is_yield):
        versus = None
    others = [s for s in subjects if s is not lead]
    extras = [s for s in extras if s is not lead]
    month_end = cal.last_session_of_month(day.year, day.month) == day
    paragraphs = _body(lead, versus, others, status.early_close, month_end, extras)
    told = {f.subject for p in paragraphs for f in p.facts}
    charts = (chart_specs(desk, lead, versus, subjects, [s for s in extras if s.symbol in told])
              if fmt in ("md", "html") else ())
    table = agate_table(subjects) if fmt in ("md", "html") else None
    return Wrap(requested=day, session=day, headline=_headline(lead, others),
                paragraphs=tuple(paragraphs), focus=lead.symbol,
                versus=tuple(s for s in vs_syms if any(x.symbol == s for x in subjects)),
                subjects=tuple(s.symbol for s in subjects), notes=tuple(notes),
                early_close=status.early_close, charts=tuple(charts), table=table)

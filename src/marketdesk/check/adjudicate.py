"""Candidate readings of a claim, each judged against the data; one verdict from them.

A sentence rarely fixes everything a figure needs. The parser binds each figure to its most likely
reading (subject, session, period, metric); this module adds the other readings the text allows
and asks the data about each:

- **subject**: when the figure's instrument was not named in its own clause (a pronoun, or the
  article's last instrument), every instrument the sentence names, of a kind the unit allows;
- **session**: when the text names no day, the other session the article frame left open;
- **period**: when the text names no period, the day, the week so far, the month so far and the
  year so far (a move stated with no period in a paragraph about the year);
- **basis**: a figure at a time of day may be the session's high or low, which daily bars hold.

Then:

- **supported** when any allowed reading matches (the reason names the reading when it is not the
  first one);
- **contradicted** only when the first reading is *anchored* -- its subject named in the clause,
  its period stated or the session's close the only one the wording allows, a closing basis, the
  article dated -- and every reading misses;
- otherwise **not checkable**, with the reason (written during the session, ambiguous, ...).

The data may choose among readings the text allows; they never invent one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import polars as pl

from .. import calendar as cal
from ..facts.series import first_date
from ..facts import contexts
from ..facts.lookup import CloseIndex, day_moves
from ..facts.model import Fact, Metric
from ..facts.query import PeriodSpec
from .entities import instrument_kind
from .firstchar import guarded
from .model import Claim, ClaimPeriod, PeriodKindLit, Verdict
from .periods import MONTHS, find_periods
from .session import LIVE, SessionFrame
from .wording import PAST_MOVES
from .verify import Verifier

__all__ = ["adjudicate", "readings"]

_DAY = {Metric.CHANGE_PCT, Metric.CHANGE_PTS, Metric.CLOSE}
#: Periods that end at the session's close: during the session, a figure over one is live.
_RUNNING = {"none", "day", "since", "sessions", "wtd", "mtd", "qtd", "ytd"}
_TO_DATE: tuple[PeriodKindLit, ...] = ("wtd", "mtd", "ytd")
_MOVES = {Metric.CHANGE_PCT, Metric.CHANGE_PTS, Metric.CLOSE, Metric.PERIOD_RETURN,
          Metric.PERIOD_CHANGE_PTS, Metric.YIELD_LEVEL, Metric.YIELD_CHANGE_BP, Metric.SPREAD}
#: Past-tense close verbs: a day move said this way is about the session's close.
_CLOSED = re.compile(r"\b(?:closed|ended|finished|settled|wound up|closing|close[sd]? (?:at|up|down)|"
                     r"(?:tumble|fall|rise|jump|drop|slide|sink|surge|soar|gain|lose|plunge|"
                     r"climb|rallie|close|end|finishe|slip|add|shed|sank|skid)s|dropping|falling|"
                     r"rising|gaining|losing|sliding|climbing|jumping|tumbling|plunging|ending|"
                     rf"finishing|sinking|slipping|adding|shedding|{PAST_MOVES})\b", re.I)
_CLOSE_WORD = re.compile(r"\b(?:closed|closes|ended|ends|finished|finishes|settled|at the close|"
                         r"for the day|on the day)\b", re.I)
_PRESENT = re.compile(r"\b(?:is|are|has been|have been)\s+(?:now\s+)?(?:up|down|higher|lower|off)\b"
                      r"|\bhas (?:gained|lost|risen|fallen|climbed|dropped|added|shed)\b", re.I)
#: Words that place part of a sentence at another time than the article's session.
_ELSEWHEN = re.compile(r"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|june|july|august|"
                       r"september|october|november|december)\b|\b(?:spring|summer|autumn|"
                       r"winter|pandemic|ago|earlier|previous|prior|last (?:week|month|year)|"
                       r"started|began|ending (?:19|20)\d\d|ended the year|start of|end of|this week|"
                       r"this month|earlier this|that (?:month|week|year|quarter|day|session)|"
                       r"(?:during|over|in) the (?:[\w-]+ )?(?:streak|run|rally|selloff|sell-off|"
                       r"stretch|rout|slump))\b",
                       re.I)
_FROM_EXTREME = re.compile(r"\bfrom (?:a|its|the|their) (?!record |all-time )(?:\w+ )?(?:low|high|bottom|"
                           r"peak|trough)s?"
                           r" (?:in|of|on)\b(?!\s+(?:(?:mon|tues|wednes|thurs|fri)day|"
                           r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d))|\bsince the (?:\w+ )?(?:lows?|highs?|bottom)\b|"
                           r"\b(?:above|below|from|off) (?:a|its|the|their) (?!record|all-time)"
                           r"(?:[\w-]+ ){0,2}?(?:closing )?(?:low|bottom|trough)s?\b", re.I)
_NAMES_WITH_NUMBERS = re.compile(r"\b(?:russell|s&p|nasdaq|ftse|stoxx|nikkei|msci|dow)\s*-?\s*\d+",
                                 re.I)
_AGO_AFTER = re.compile(r"[^.;]{0,30}?\b(?:that took place|back in|in the (?:days|weeks) (?:after|"
                        r"following)|following the)\b", re.I)
_CONDITIONAL = re.compile(r"\bif\b[^.;]*\bwould\b|\bwould\b[^.;]*\bif\b", re.I)
_AGO = re.compile(r"\bago\b|\bpreviously\b|\bthat took place\b|\bbegan\b|\bhad already\b|"
                  r"\bhad\s+(?:dropped|fallen|fell|risen|rose|lost|gained|slid|sunk|shed|climbed|"
                  r"jumped|tumbled|plunged|surged|soared|rallied|declined|advanced)\b", re.I)
# scanned over the sentence of every claim judged: behind a first-character lookahead (the same
# matches, faster)
(_CLOSED, _CLOSE_WORD, _PRESENT, _ELSEWHEN, _FROM_EXTREME, _NAMES_WITH_NUMBERS, _AGO_AFTER,
 _CONDITIONAL, _AGO) = map(guarded, (_CLOSED, _CLOSE_WORD, _PRESENT, _ELSEWHEN, _FROM_EXTREME,
                                     _NAMES_WITH_NUMBERS, _AGO_AFTER, _CONDITIONAL, _AGO))


def _left_of(claim: Claim) -> str:
    """The sentence up to the claim's figure."""
    i = claim.sentence.find(claim.text) if claim.text else -1
    return claim.sentence[:i] if i >= 0 else claim.sentence


_KINDS_FOR_UNIT = {"bp": {"yield"}, "pp": {"yield", "index", "etf"}, "pts": {"index", "etf"},
                   "level": {"index", "etf", "yield"}, "pct": {"index", "etf", "yield"},
                   "yield_pct": {"yield"}}


_T = TypeVar("_T", Claim, ClaimPeriod)
#: The models a reading copies with a few fields changed, and their fields: frozen, slotted, no
#: ``__post_init__``, every field set by ``__init__`` -- so a copy is the fields set one by one,
#: the same object ``dataclasses.replace`` builds, without its per-call inspection (a claim is
#: read ~5 ways, each reading two copies).
_COPIED: dict[type, tuple[str, ...]] = {
    cls: cls.__slots__ for cls in (Claim, ClaimPeriod)
    if not hasattr(cls, "__post_init__") and all(f.init for f in dataclasses.fields(cls))
    and tuple(f.name for f in dataclasses.fields(cls)) == cls.__slots__}


def _with(obj: _T, **changes: object) -> _T:
    """``dataclasses.replace(obj, **changes)`` for a claim or its period (fields only)."""
    names = _COPIED.get(type(obj))
    if names is None:
        # **changes are fields of their own types; mypy cannot match object to each
        return dataclasses.replace(obj, **changes)  # type: ignore[arg-type]
    new = object.__new__(type(obj))
    for name in names:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(obj, name))
    return new


def _copier(cls: type, *changed: str) -> Callable[..., Any]:
    """``copy(obj, *values)``: :func:`_with` of ``obj`` with the fields ``changed`` set to
    ``values``, written out once as straight-line code (no per-call loop over the fields)."""
    names = _COPIED.get(cls)
    if names is None:
        return lambda obj, *values: dataclasses.replace(obj, **dict(zip(changed, values)))
    lines = [f"def copy(obj, {', '.join('_' + n for n in changed)}):", "    new = new_(cls)"]
    lines += [f"    set_(new, {n!r}, {'_' + n if n in changed else 'obj.' + n})" for n in names]
    lines.append("    return new")
    scope: dict[str, Any] = {"new_": object.__new__, "set_": object.__setattr__, "cls": cls}
    exec("\n".join(lines), scope)      # noqa: S102 - the model's own field names
    return cast("Callable[..., Any]", scope["copy"])


#: The copies every reading makes: the claim with its subject, metric, period and extra; its
#: period at another session (to date: with that session's year and month).
_READING = _copier(Claim, "subject", "metric", "period", "extra")
_AT_SESSION = _copier(ClaimPeriod, "end")
_TO_DATE_AT = _copier(ClaimPeriod, "end", "year", "month")


#: Level extremes a sentence may place at any session of a span ("a record this week").
_EXTREME_DAYS = frozenset({Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE,
                           Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW, Metric.WEEK52_HIGH,
                           Metric.WEEK52_LOW, Metric.RECORD_CLOSE, Metric.RECORD_HIGH})
_THIS_WEEK = guarded(re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I))


def readings(claim: Claim, frame: SessionFrame) -> Iterator[tuple[Claim, str]]:
    """The readings the text allows, the parser's first, each with a short description."""
    yield claim, ""
    allowed = _KINDS_FOR_UNIT.get(claim.unit, {"index", "etf", "yield"})
    subjects = [claim.subject] if claim.subject else []
    if claim.extra.get("anchor") != "named":
        for sym in [*claim.extra.get("named", ()), *reversed(claim.extra.get("recent", ()))]:
            if sym not in subjects and instrument_kind(sym) in allowed:
                subjects.append(sym)
    sessions = [claim.period.end]
    if claim.period.kind in ("none", "wtd", "mtd", "qtd", "ytd", "sessions", "since"):
        sessions += [d for d in frame.alternatives if d not in sessions]
    if claim.value is None and claim.metric in _EXTREME_DAYS and frame.session is not None and \
            _THIS_WEEK.search(claim.sentence):
        # "after notching an 11-year high this week": any session of the week so far
        d = cal.previous_session(frame.session)
        while d.isocalendar()[:2] == frame.session.isocalendar()[:2]:
            if d not in sessions:
                sessions.append(d)
            d = cal.previous_session(d)
    if claim.extra.get("period_from") == "context" and claim.period.kind == "day" and \
            frame.session is not None and frame.session != claim.period.end:
        # "roared 1,086 points ... snapping a four-day losing streak that began Monday": the
        # weekday belongs to another clause; the story's own session is a reading too
        sessions.append(frame.session)
    forms: list[tuple[Metric | None, ClaimPeriod, str]] = [(claim.metric, claim.period, "")]
    own_period = claim.extra.get("period_from") in ("own", "lead", "sole", "cited")
    live_cue = str(claim.extra.get("live") or "")
    if live_cue and not re.match(r"(?:is|are)\s+(?:trading|now)\b", live_cue, re.I):
        own_period = True       # "had been down as much as 1%": the session's, not to date
        #                         (but "is trading up 15.48%" may be the year's to date)
    if claim.metric is Metric.CHANGE_PCT and not own_period:
        for k in _TO_DATE:
            forms.append((Metric.PERIOD_RETURN, ClaimPeriod(k, claim.period.end), k.upper()))
    if claim.metric is Metric.CHANGE_PTS and not own_period:
        for k in _TO_DATE:
            forms.append((Metric.PERIOD_CHANGE_PTS, ClaimPeriod(k, claim.period.end), k.upper()))
    if claim.extra.get("period_from") == "cited" and claim.unit in ("level", "pts"):
        for m in (Metric.CLOSE, Metric.HIGH, Metric.LOW):
            forms.append((m, claim.period, f"the {m.value} on {claim.period.end}"))
    if claim.metric is Metric.CHANGE_PCT and claim.period.text and re.search(
            r"\bthrough\s+" + re.escape(claim.period.text), claim.sentence, re.I):
        for k in _TO_DATE:            # "down 8.58% through Thursday": to date, at that day
            forms.append((Metric.PERIOD_RETURN, ClaimPeriod(k, claim.period.end), k.upper()))
    if claim.extra.get("past_event") and claim.metric in (Metric.CHANGE_PCT, Metric.PERIOD_RETURN,
                                                            Metric.CHANGE_PTS,
                                                            Metric.PERIOD_CHANGE_PTS):
        # "about 1 point away from 2013's pace when the market gained 29.6%": that year
        pts = claim.metric in (Metric.CHANGE_PTS, Metric.PERIOD_CHANGE_PTS)
        for y in sorted({int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", claim.sentence)}):
            if y < claim.period.end.year:
                forms.append((Metric.PERIOD_CHANGE_PTS if pts else Metric.PERIOD_RETURN,
                              ClaimPeriod("year", claim.period.end, year=y, text=str(y)),
                              f"the year {y}"))
    if claim.period.kind in ("month", "mtd") and claim.period.month:
        for y in {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", claim.sentence)}:
            if y != claim.period.year:   # "ended 2018 down 6.6%, despite rising 5.6% in January"
                forms.append((claim.metric, ClaimPeriod("month", claim.period.end, year=y,
                                                        month=claim.period.month),
                              f"{claim.period.text} {y}"))
    if claim.extra.get("period_from") == "context" and frame.session is not None and \
            claim.qualifier in ("exact", "about"):
        # the period was taken from another clause: the story's session, and the sentence's
        # other periods, are readings too ("rose 250.62 points this month, and it was up 902.47
        # points over the last four months")
        pts = claim.unit == "pts"
        for p in [ClaimPeriod("none", frame.session),
                  *find_periods(claim.sentence, frame.session, frame.published)]:
            if p.kind in ("day", "none"):
                m = Metric.CHANGE_PTS if pts else Metric.CHANGE_PCT
            else:
                m = Metric.PERIOD_CHANGE_PTS if pts else Metric.PERIOD_RETURN
            if claim.metric in _DAY | {Metric.PERIOD_RETURN, Metric.PERIOD_CHANGE_PTS} and \
                    claim.metric is not Metric.CLOSE and p != claim.period:
                forms.append((m, p, p.text or "the session's move"))
    that = claim.extra.get("that_month")
    if isinstance(that, list) and claim.metric in (Metric.CHANGE_PCT, Metric.PERIOD_RETURN):
        y, mo = int(that[0]), int(that[1])
        forms.append((Metric.PERIOD_RETURN, ClaimPeriod("month", min(
            cal.last_session_of_month(y, mo), claim.period.end), year=y, month=mo),
            f"that month, {MONTHS[mo - 1].title()} {y}"))
    topic = claim.extra.get("topic_month")
    if isinstance(topic, int) and claim.period.kind == "year" and \
            claim.metric is Metric.PERIOD_RETURN:
        # a piece about Septembers: "there was a sparkling 8.8% rally in 2010" is September 2010
        for y in sorted({int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", claim.sentence)}):
            last = min(cal.last_session_of_month(y, topic), claim.period.end)
            forms.append((claim.metric, ClaimPeriod("month", last, year=y, month=topic),
                          f"the month the story is about, {MONTHS[topic - 1].title()} {y}"))
    if claim.metric in (Metric.CHANGE_PTS_RECORD, Metric.CHANGE_PCT_RECORD) and \
            not claim.extra.get("basis_stated", True):
        other_basis = Metric.CHANGE_PCT_RECORD if claim.metric is Metric.CHANGE_PTS_RECORD \
            else Metric.CHANGE_PTS_RECORD
        forms.append((other_basis, claim.period, "the record on the other basis (points or "
                      "percent: the text does not say)"))
    record_kind = claim.extra.get("record_kind")
    if claim.metric in (Metric.RECORD_CLOSE, Metric.RECORD_HIGH) and record_kind is None:
        other = Metric.RECORD_HIGH if claim.metric is Metric.RECORD_CLOSE else Metric.RECORD_CLOSE
        forms.append((other, claim.period, "the other kind of record (the text does not say "
                      "close or intraday)"))
    if claim.metric is Metric.HIGH and not re.search(r"intraday|session|as high as|touched",
                                                     claim.sentence, re.I):
        forms.append((Metric.CLOSE, claim.period, "the close"))
        forms.append((Metric.RECORD_CLOSE, claim.period, "the record close"))
    if claim.metric in (Metric.LARGEST_SINCE, Metric.LARGEST_OF_YEAR) and \
            not claim.extra.get("gran_stated", True):
        for unit in ("day", "week", "month", "year"):
            if unit != claim.extra.get("granularity"):
                forms.append((Metric.LARGEST_SINCE, claim.period, f"{unit}:granularity"))
    live = claim.extra.get("live")
    if live and claim.metric in (Metric.CHANGE_PCT, Metric.CHANGE_PTS):
        forms.append((Metric.INTRADAY_HIGH_CHANGE_PCT, claim.period, "the session's high"))
        forms.append((Metric.INTRADAY_LOW_CHANGE_PCT, claim.period, "the session's low"))
    if live and claim.metric is Metric.CLOSE:
        forms.append((Metric.HIGH, claim.period, "the session's high"))
        forms.append((Metric.LOW, claim.period, "the session's low"))
    gran = claim.extra.get("granularity")
    d = claim.period.end
    if claim.metric is Metric.LARGEST_SINCE and gran in ("week", "month") and \
            claim.period.kind == "none" and claim.value is None and (
                (cal.next_session(d).isocalendar()[:2] == d.isocalendar()[:2] if gran == "week"
                 else cal.next_session(d).month == d.month) or
                re.search(r"\b(?:followed|following|after|last (?:week|month)|the (?:previous|"
                          r"prior) (?:week|month))\b", claim.sentence, re.I)):
        # "followed the worst weekly decline since May 2012": with the week (month) still
        # running, or after a word for the one before, that one, complete, is a reading too
        first = d - dt.timedelta(days=d.weekday()) if gran == "week" else d.replace(day=1)
        last = cal.previous_session(first)
        yield (_with(claim, period=_with(claim.period, end=last)),
               f"the {gran} that ended on {last}")
    if claim.metric in (Metric.PERIOD_RETURN, Metric.PERIOD_CHANGE_PTS) and \
            claim.period.kind in ("wtd", "mtd") and \
            (adj := re.match(r"(week|month)ly\b", claim.period.text, re.I)) and (
                (cal.previous_session(d).isocalendar()[:2] != d.isocalendar()[:2]
                 if claim.period.kind == "wtd" else cal.previous_session(d).month != d.month) or
                re.search(r"\b(?:followed|following|after)\b", claim.sentence, re.I)):
        # "fell 1.4 percent on Monday, following a weekly drop of 5 percent": on the first
        # session of a week (month), or after a word for the one before, the one before
        first = d - dt.timedelta(days=d.weekday()) if claim.period.kind == "wtd" \
            else d.replace(day=1)
        last = cal.previous_session(first)
        yield (_with(claim, period=_with(claim.period, end=last)),
               f"the {adj[1].lower()} that ended on {last}")
    within = claim.extra.get("record_within")
    if isinstance(within, list):
        # "reached a record high in May": any session of the month the text names
        for iso in within:
            d = dt.date.fromisoformat(iso)
            if d != claim.period.end:
                yield (_with(claim, period=_with(claim.period, end=d)), f"a record set on {d}")
    over = claim.extra.get("or_ended") if claim.metric is Metric.STREAK else None
    if isinstance(over, str) and over != claim.period.end.isoformat():
        # "Its eight-day winning streak ended", "had risen for eight straight sessions before
        # Tuesday": the streak that ended before the session is a reading the text allows
        end = dt.date.fromisoformat(over)
        yield (_with(claim, period=_with(claim.period, end=end)),
               f"the streak that ended on {end}, before the session")
    if frame.timing == "during" and claim.metric is Metric.STREAK and claim.value and \
            claim.extra.get("unit") == "days" and claim.period.end == frame.session:
        # a streak stated during the session: the sessions before it are settled
        prior = cal.previous_session(claim.period.end)
        if claim.value > 1:
            yield (_with(claim, value=claim.value - 1, period=dataclasses.replace(
                claim.period, end=prior)), f"the {int(claim.value) - 1} sessions to {prior}, "
                "before the day's own move")
    # a reading is seen by its subject, metric, period (its fields: ClaimPeriod equality) and
    # granularity; the period itself is built only for a reading not seen yet
    p0 = claim.period
    seen = {(claim.subject, claim.metric, (p0.kind, p0.end, p0.year, p0.month, p0.start, p0.text,
                                           p0.n), claim.extra.get("granularity"))}
    for subj in subjects:
        for d in sessions:
            for metric, template, label in forms:
                to_date = template.kind in _TO_DATE
                extra = claim.extra
                gran = claim.extra.get("granularity")
                if label.endswith(":granularity"):
                    gran = label.split(":")[0]
                    extra = {**extra, "granularity": gran}
                    label = f"a {gran}'s move"
                key = (subj, metric, (template.kind, d, d.year if to_date else template.year,
                                      d.month if to_date else template.month, template.start,
                                      template.text, template.n), gran)
                if key in seen or metric is None:
                    continue
                seen.add(key)
                period = _TO_DATE_AT(template, d, d.year, d.month) if to_date else \
                    _AT_SESSION(template, d)
                bits = [f"about {subj}"] if subj != claim.subject else []
                if d != claim.period.end:
                    bits.append(f"on {d}")
                if label:
                    bits.append(label)
                yield _READING(claim, subj, metric, period, extra), ", ".join(bits)


def anchored(claim: Claim, frame: SessionFrame) -> str | None:
    """None if the claim's first reading is anchored; else why it is not."""
    if not frame.dated:
        return "the article is undated"
    if claim.extra.get("quarterly"):
        return ("a quarter's superlative, which the facts engine does not rank (the day's, "
                "week's, month's and year's were read)")
    if claim.extra.get("live"):
        return f"a figure at a time of day other than the close ({claim.extra['live']!r})"
    if claim.extra.get("anchor") == "article":
        return "no instrument is named in the sentence"
    if claim.extra.get("anchor") == "generic":
        return "the text names yields in general (read as the 10-year), not one maturity"
    if claim.extra.get("past_event"):
        return "the figure belongs to an earlier event the sentence recalls"
    if claim.value is None and claim.extra.get("anchor") == "article":
        return "no instrument is named in the sentence"
    if claim.value is None and claim.metric is not Metric.SEASONAL_TALLY and any(
            int(y) < claim.period.end.year for y in re.findall(  # a tally: its span
            r"\b((?:19|20)\d{2})\b", _NAMES_WITH_NUMBERS.sub(" ", _left_of(claim)))):
        return "the sentence is about an earlier year"
    right = claim.sentence[len(_left_of(claim)) + len(claim.text):]
    if _AGO_AFTER.match(right):
        return "the figure belongs to an earlier event ('that took place ...')"
    if claim.value is None and (LIVE.search(_left_of(claim)) or _AGO.search(_left_of(claim))):
        return "the sentence places it at another time than the session's close"
    if claim.extra.get("milestone"):
        return ("a round level the yield may have reached during the day; the data hold only "
                "its end-of-day close")
    if claim.extra.get("period_from") == "cited_year":
        return "a past figure cited with its year"
    if claim.extra.get("period_from") == "context":
        return f"its period ({claim.period.text!r}) is named in another clause of the sentence"
    if claim.period.kind == "none" and claim.value is not None and claim.metric in _MOVES and \
            _ELSEWHEN.search(_left_of(claim)):
        return "the sentence speaks of another time before this figure and names no period for it"
    if _CONDITIONAL.search(claim.sentence):
        return "a conditional ('if ... would'): it says what would be, not what is"
    if claim.value is not None and _AGO.search(_left_of(claim)):
        return "the sentence places the figure at an earlier time ('ago', 'previously')"
    if _FROM_EXTREME.search(claim.sentence) and not claim.extra.get("set_on"):
        return "a move measured from an earlier low or high the text does not date"
    if claim.metric in (Metric.CLOSE, Metric.RECORD_CLOSE, Metric.RECORD_HIGH, Metric.HIGH) and \
            claim.decimals <= 0 and claim.value is not None and \
            claim.value % 100 == 0 and claim.qualifier == "exact":
        return "a round milestone level, not a stated close"
    if instrument_kind(claim.subject or "") == "yield" and claim.metric in (
            Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE,
            Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW, Metric.WEEK52_HIGH, Metric.WEEK52_LOW):
        return ("FRED's end-of-day yields to two decimals may rank differently from the "
                "quote the story used")
    if frame.timing == "during" and claim.period.end == frame.session and \
            claim.period.kind in _RUNNING and claim.metric is not Metric.STREAK and \
            not claim.extra.get("set_on") and claim.metric is not Metric.MOVING_AVERAGE and \
            not _CLOSE_WORD.search(claim.sentence):
        return "the article was written during the session"
    if claim.period.kind == "none" and claim.metric in _DAY:
        sentence = claim.sentence
        if _PRESENT.search(sentence) and not re.search(r"\bclos|\bend|\bfinish", sentence, re.I):
            return "the sentence names no period (a present-tense move may be to date)"
        if not _CLOSED.search(sentence):
            return "the sentence names no period and no closing move"
    return None


def _history_too_short(claim: Claim, verifier: Verifier) -> str | None:
    """Why a "largest since YEAR" cannot be judged: the data start after that year."""
    since = str(claim.extra.get("since") or "")
    if claim.metric is not Metric.LARGEST_SINCE or not since[:4].isdigit() or not claim.subject:
        return None
    bars = verifier.bars(claim.subject)
    if bars is None:
        return None
    first = first_date(bars)
    if first is not None and int(since[:4]) <= first.year:
        return f"the data for {claim.subject} start on {first}, after {since[:4]}"
    return None


def _since_date(value: object) -> dt.date | None:
    """A "since" period as written in a Fact ("2019", "2019-01", "2019-01-03") -> its last day."""
    text = str(value or "")
    try:
        if len(text) == 4:
            return dt.date(int(text), 12, 31)
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _judge_span(claim: Claim, v: Verdict) -> Verdict:
    """"its worst day in more than a year": the comparable period must lie in the stated span."""
    lo, hi = claim.extra["since_span_years"]
    fact = v.facts[0] if v.facts else None
    if fact is None or v.status == "not_checkable":
        return v
    if "Wrong direction" in v.reason:
        return v
    ctx = fact.context
    since = _since_date(contexts.since_of(ctx) if isinstance(ctx, contexts.AnyLargestSince)
                        else None)
    if since is None:
        return Verdict(claim, "supported", f"{v.reason.split(',')[0].split(' is ')[0]} is the "
                       "largest in the data, so the largest in that span.", v.computed, v.facts,
                       v.source)
    age = (claim.period.end - since).days / 365.25
    span = f"{lo:.1f}-{hi:.1f} years" if hi != float("inf") else f"more than {lo:.1f} years"
    ok = lo <= age <= hi if hi != float("inf") else age > lo
    return Verdict(claim, "supported" if ok else "contradicted",
                   f"The last move at least as large was on {since} ({age:.1f} years earlier); "
                   f"the text says {span}.", v.computed, v.facts, v.source)


def _cited_close(claim: Claim, verifier: Verifier) -> Verdict | None:
    """"The Dow started the year at 36,585.06", "On the first day of 2022 trading the S&P closed
    at 4,796.56": a close stated to the cent in a sentence that speaks of another time is read as
    the close of the session, in a year the sentence names (else this year or the last), that
    closed at it -- supported when there is one, else None."""
    if claim.metric is not Metric.CLOSE or claim.decimals != 2 or not claim.value or \
            not claim.subject or not _ELSEWHEN.search(claim.sentence):
        return None
    bars = verifier.bars(claim.subject)
    if bars is None:
        return None
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", claim.sentence)} or \
        {claim.period.end.year, claim.period.end.year - 1}
    subject, wanted = claim.subject, sorted(years)
    index = verifier.derived(("closes of years", subject, tuple(wanted)), lambda: CloseIndex(
        {subject: bars.filter(pl.col("date").dt.year().is_in(wanted))}))
    for day in sorted(index.sessions_with(claim.value, "level", tol_cents=1), reverse=True):
        if day == claim.period.end:
            continue
        v = verifier.verify(_with(claim, period=ClaimPeriod("day", day)))
        if v.status == "supported":
            return dataclasses.replace(v, claim=claim, reason=f"Read as the close on {day} (the "
                                       f"sentence speaks of that time): {v.reason}")
    return None


_NOUN_MOVE = re.compile(r"\b(?:an?|two|three|four|five)\s+(?:[\w-]+\s+)?(?:drops?|declines?|"
                        r"plunges?|losses|loss|falls?|rall(?:y|ies)|gains?|jumps?|surges?)\s+of\s+"
                        r"(?:more than\s+|about\s+|nearly\s+|over\s+)?$", re.I)
_DAYS_TALK = re.compile(r"\btrading days\b|\bsessions\b|\bone-day\b|\bsingle-day\b|\bdaily\b",
                        re.I)


def _outside_day_range(claim: Claim, verifier: Verifier) -> str | None:
    """For a figure said at a time of day (or in a story written during the session): why no
    moment of the session gives it -- the day's change or level from its low to its high
    (facts INTRADAY_LOW/HIGH_CHANGE_PCT, LOW/HIGH) does not reach the stated value, allowing its
    rounding -- else None. Only signed changes and levels of the claim's own session."""
    if claim.value is None or claim.qualifier != "exact" or not claim.subject or \
            claim.period.kind not in ("none", "day") or \
            find_periods(claim.sentence, claim.period.end):
        return None         # a sentence that names another period may give the figure to it
    if claim.metric is Metric.CHANGE_PCT and claim.direction is not None:
        pair = (Metric.INTRADAY_LOW_CHANGE_PCT, Metric.INTRADAY_HIGH_CHANGE_PCT)
        unit = "%"
    elif claim.metric is Metric.CLOSE:
        pair, unit = (Metric.LOW, Metric.HIGH), ""
    else:
        return None
    bars = verifier.bars(claim.subject)
    if bars is None:
        return None
    day = PeriodSpec.day(claim.period.end)
    lo, hi = (verifier.ask(claim, bars, m, period=day) for m in pair)
    if not isinstance(lo, Fact) or not isinstance(hi, Fact) or lo.value is None or \
            hi.value is None:
        return None
    half = 0.5 * 10.0 ** -claim.decimals + 0.01
    a, b = sorted((float(lo.value), float(hi.value)))
    if a - half <= claim.value <= b + half:
        return None
    return (f"on {claim.period.end} it ranged from {a:,.2f}{unit} to {b:,.2f}{unit}, never "
            f"{claim.text.strip()}.")


def _one_day_within(claim: Claim, verifier: Verifier) -> Verdict | None:
    """"a volatile 2020 that saw it close up or down at least 1% on 110 of the 253 trading days,
    including ... a drop of 12% in March": in a sentence about daily moves, a move named as a
    noun within a month or year is also read as one session's move in it (supported when a
    session matches, else None)."""
    if claim.metric is not Metric.PERIOD_RETURN or claim.period.kind not in ("month", "year") or \
            not claim.subject or not claim.period.year or \
            not _NOUN_MOVE.search(_left_of(claim)[-60:]) or not _DAYS_TALK.search(claim.sentence):
        return None
    bars = verifier.bars(claim.subject)
    if bars is None or claim.value is None:
        return None
    y, mo = claim.period.year, claim.period.month
    first = dt.date(y, mo or 1, 1)
    last = cal.last_session_of_month(y, mo) if mo else cal.last_session_of_year(y)
    subject, to = claim.subject, min(last, claim.period.end)
    moves = verifier.derived(("day moves", subject, first, to),
                             lambda: day_moves({subject: bars}, cal.sessions(first, to)))
    near = [d for d, xs in moves.items()        # one lookup; the judging of a day is the engine's
            if any(abs(abs(x) - abs(claim.value)) <= 10.0 ** -claim.decimals for x in xs)]
    for day in near:
        v = verifier.verify(_with(claim, metric=Metric.CHANGE_PCT, period=ClaimPeriod("day", day)))
        if v.status == "supported":
            where = re.sub(r"^in\s+", "", claim.period.text, flags=re.I) or str(y)
            return dataclasses.replace(v, claim=claim, reason=f"Read as one session's move in "
                                       f"{where}: {v.reason}")
    return None


#: Closing levels ranked against earlier closes: at a time of day they are another level.
_CLOSING_EXTREMES = frozenset({Metric.HIGHEST_CLOSE_SINCE, Metric.LOWEST_CLOSE_SINCE,
                               Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW, Metric.WEEK52_HIGH,
                               Metric.WEEK52_LOW})
_PROJECTED = re.compile(r"\b(?:on (?:pace|track)|heading)\b", re.I)
_OWN_EVENT = re.compile(r"\b(?:after|before|following|since)\s+\w+ing\b", re.I)


def _at_time_of_day(claim: Claim) -> str | None:
    """The time-of-day cue before a closing-level ranking ("A couple hours before closing, the
    S&P 500 ... was at 5,612.64, its lowest level since September"), or None."""
    if claim.value is not None or claim.metric not in _CLOSING_EXTREMES or \
            re.search(r"\bclos(?:e|es|ed|ing)\b", claim.text, re.I):
        return None     # ("its lowest close since": the close, whatever the hour cue says)
    left = _left_of(claim)
    live = LIVE.search(left)
    if live is None or _PROJECTED.match(live.group()) or _OWN_EVENT.search(left, live.end()):
        return None     # (", after notching an 11-year high this week": an event of its own)
    return live.group()


#: Stated figures that a misprint of the computed value could give: within this factor of it
#: (levels and yields, whose misprints are a digit or two; moves and distances, in percent,
#: points or basis points), magnitudes below the floor counted as the floor.
_MISPRINT_LEVEL = 1.3
_MISPRINT_MOVE = 2.0
_LEVELS = {Metric.CLOSE, Metric.HIGH, Metric.LOW, Metric.OPEN, Metric.YIELD_LEVEL,
           Metric.YEAR_HIGH_CLOSE, Metric.YEAR_LOW_CLOSE, Metric.MOVING_AVERAGE}
_MOVE_FLOOR = {"pct": 0.5, "pp": 0.05, "bp": 5.0}
_MOVE_METRICS = {Metric.CHANGE_PCT, Metric.CHANGE_PTS, Metric.PERIOD_RETURN,
                 Metric.PERIOD_CHANGE_PTS, Metric.PERIOD_TOTAL_RETURN, Metric.YIELD_CHANGE_BP,
                 Metric.DRAWDOWN, Metric.PCT_FROM_RECORD_CLOSE, Metric.PCT_BELOW_RECORD_CLOSE,
                 Metric.INTRADAY_HIGH_CHANGE_PCT, Metric.INTRADAY_LOW_CHANGE_PCT}


def _far_off(v: Verdict) -> str | None:
    """Why a missed figure is not refuted: it is too far from the value its reading gives to be a
    misprint of it ("the index of 30 blue chips" read as a close of 19,762.60, "Boeing surged
    4.2 percent" bound to the Dow's 0.8 %), so the text is likelier about something else."""
    c = v.claim
    if v.computed is None or c.value is None or c.qualifier == "double_digit":
        return None
    if c.metric in _LEVELS:
        factor, floor = _MISPRINT_LEVEL, 0.0
    elif c.metric in _MOVE_METRICS:
        factor, floor = _MISPRINT_MOVE, _MOVE_FLOOR.get(c.unit, 0.0)
    else:
        return None
    stated, computed = max(abs(c.value), floor), max(abs(v.computed), floor)
    if computed == 0 or stated == 0 or max(stated, computed) <= factor * min(stated, computed):
        return None
    return (f"the stated {c.text.strip()} is more than {factor:g} times off the value this "
            "reading gives, too far to be a misprint of it: the figure is likelier about "
            "something else (another instrument, a stock, another period)")


def adjudicate(claim: Claim, frame: SessionFrame, verifier: Verifier) -> Verdict:
    """One verdict on ``claim`` from every reading the text allows (see the module docstring)."""
    if (cue := _at_time_of_day(claim)) is not None:
        v = verifier.verify(claim)
        return Verdict(claim, "not_checkable", f"Not checkable: a level at a time of day "
                       f"({cue!r}), not the close; as read at the close, "
                       f"{v.reason[:1].lower()}{v.reason[1:]}", v.computed, v.facts, v.source)
    first: Verdict | None = None
    open_reading: tuple[str, Verdict] | None = None
    contradicted: list[Verdict] = []
    for reading, label in readings(claim, frame):
        v = verifier.verify(reading)
        if "since_span_years" in claim.extra:
            v = _judge_span(reading, v)
        if first is None:
            first = v
        if v.status == "supported":
            if label:
                v = dataclasses.replace(v, claim=claim, reason=f"Read as {label}: {v.reason}")
            elif v.claim is not claim:
                v = dataclasses.replace(v, claim=claim)
            return v
        if v.status == "contradicted":
            contradicted.append(v)
        elif first is not v and open_reading is None and v.facts and \
                reading.subject == claim.subject:
            # a reading the data answer but cannot settle ("in the data since 1992"): the text
            # allows it, so the claim is not refuted
            open_reading = (label, v)
    assert first is not None
    if first.status != "contradicted":
        return first
    if (cited := _cited_close(claim, verifier)) is not None:
        return cited
    if (one_day := _one_day_within(claim, verifier)) is not None:
        return one_day
    if open_reading is not None:
        label, v = open_reading
        return Verdict(claim, "not_checkable", f"Not checkable: read as {label}, "
                       f"{v.reason[:1].lower()}{v.reason[1:]} As first read, "
                       f"{first.reason[:1].lower()}{first.reason[1:]}", first.computed,
                       first.facts, first.source)
    if (far := _far_off(first)) is not None:
        return Verdict(claim, "not_checkable", f"Not checkable: {far}; as read, "
                       f"{first.reason[:1].lower()}{first.reason[1:]}", first.computed,
                       first.facts, first.source)
    why = anchored(claim, frame) or _history_too_short(claim, verifier)
    if why is None:
        return first
    live = str(claim.extra.get("live") or "")
    if ((live and not re.match(r"on (?:pace|track)|heading", live, re.I)) or
            why.startswith("the article was written during")) and \
            (outside := _outside_day_range(claim, verifier)) is not None:
        return dataclasses.replace(first, reason=f"{first.reason} Even at a time of day it cannot "
                                   f"be right: {outside}")
    return Verdict(claim, "not_checkable", f"Not checkable: {why}; as read, {first.reason[:1].lower()}"
                   f"{first.reason[1:]}", first.computed, first.facts, first.source)

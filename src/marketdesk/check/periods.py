"""Dates and periods in article text, resolved against the article's session date.

Recognised (case-insensitive): explicit dates ("November 8, 2021", "Nov. 8", "August 2",
"November 5th", "2024-11-25"); months ("November 2021", "December of last year", "in
November"); to-date periods ("so far in November", "this month", "month-to-date", "this year",
"year-to-date", "since the beginning of the year"); days ("on Monday", "yesterday", "today",
"on the same day"). A month or day without a year is the latest one on or before the article
date (a month after the article's month is last year's).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from dataclasses import dataclass

from .. import calendar as cal
from .model import ClaimPeriod, PeriodKindLit
from .firstchar import guarded
from .spans import Covered

__all__ = ["DateMention", "MONTHS", "find_dates", "find_period", "month_number", "session_on",
           "weekday_session"]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_DATE = re.compile(rf"\b{_MON}(?:\.\s*|\s+)(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b{_MON}\.?,?\s+(?:of\s+)?(\d{{4}}|last year|this year)\b", re.I)


def month_number(word: str) -> int:
    """1..12 for a month name or its abbreviation."""
    w = word.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(w) + 1


def session_on(d: dt.date) -> dt.date:
    """``d`` if it was a session, else the previous session."""
    return cal.session_on_or_before(d)


def weekday_session(name: str, session: dt.date, *, strictly_before: bool = False) -> dt.date:
    """The session of the weekday ``name`` ("Thursday") on or before ``session`` (strictly
    before with ``strictly_before``: "since Wednesday" on a Wednesday is a week back)."""
    back = (session.weekday() - _WEEKDAYS.index(name.lower())) % 7
    if strictly_before and back == 0:
        back = 7
    return session_on(session - dt.timedelta(days=back))


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or month named in text: ``day`` set for a date, else a whole ``year``-``month``."""

    start: int
    end: int
    year: int
    month: int
    day: int | None
    explicit_year: bool

    @property
    def date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.day else None


def _year_for(month: int, day: int | None, ref: dt.date) -> int:
    """The year that makes ``month``/``day`` the latest on or before ``ref``."""
    y = ref.year
    if (month, day or 1) > (ref.month, ref.day):
        y -= 1
    return y


def find_dates(text: str, ref: dt.date, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Dates and month-years in ``text[start:end]``, years filled from ``ref`` where missing."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    taken = Covered(start, end)
    for m in _ISO.finditer(text, start, end):
        out.append(DateMention(m.start(), m.end(), int(m[1]), int(m[2]), int(m[3]), True))
        taken.add(*m.span())
    for m in _DATE.finditer(text, start, end):
        if m.start() in taken:
            continue
        mon, day = month_number(m[1]), int(m[2])
        if day > 31 or (m[1].lower() == "may" and not m[3] and m.group().lower().startswith("may ")
                        and day > 31):
            continue
        year = int(m[3]) if m[3] else _year_for(mon, day, ref)
        try:
            dt.date(year, mon, day)
        except ValueError:
            continue
        out.append(DateMention(m.start(), m.end(), year, mon, day, bool(m[3])))
        taken.add(*m.span())
    for m in _MONTH_YEAR.finditer(text, start, end):
        if m.start() in taken:
            continue
        mon, what = month_number(m[1]), m[2].lower()
        year = ref.year - 1 if what == "last year" else ref.year if what == "this year" else int(what)
        out.append(DateMention(m.start(), m.end(), year, mon, None, True))
        taken.add(*m.span())
    return sorted(out, key=lambda d: d.start)


_MTD = re.compile(rf"\b(?:so far (?:in|this) (?:{_MON}|month)|this month|month-to-date|mtd|"
                  rf"(?:in )?the same month|for the month|month so far|ended the month|on the month)\b",
                  re.I)
_YTD = re.compile(r"\b(?:this year|year-to-date|year to date|ytd|so far (?:in|this) (?:the )?"
                  r"year|since the (?:beginning|start) of (?:the|this) year|for the year|"
                  r"in \d{4} so far|ended the year|on (?:the )?year)\b", re.I)
_WTD = re.compile(r"\b(?:for the week|this week|so far this week|week-to-date|week to date|wtd|"
                  r"(?:capp(?:ed|ing)|end(?:ed|ing)?|finish(?:ed|ing)?) (?:the|a) "
                  r"(?:[a-z]+(?:-[a-z]+)? )?week|this past week|the past week|"
                  r"a week in which|than it ended the previous (?:trading )?week|weekly (?:gain|loss|"
                  r"decline|advance|drop|rise|increase|decrease)|"
                  r"on the week)\b", re.I)
#: the running quarter: "so far this quarter", "a quarterly gain of 15.65%" (not "its best
#: quarterly gain since 2020", a rank)
_QTD = re.compile(r"\b(?:this quarter|so far this quarter|quarter-to-date|quarter to date|qtd|"
                  r"for the quarter|(?<!best )(?<!worst )(?<!biggest )(?<!largest )(?<!strongest )"
                  r"(?<!weakest )quarterly (?:gain|loss|decline|advance|drop|rise|increase|"
                  r"decrease|rally|slide))\b", re.I)
_IN_MONTH = re.compile(rf"\b(?:in|during|for)\s+{_MON}\b(?!\.?\s+\d)", re.I)
_IN_YEAR = re.compile(r"\b(?:in|during|for)\s+(?:a\s+(?:[a-z]+[- ]){1,2}?)?(\d{4})\b(?!\s*so far)",
                      re.I)   # "in 2020", "in a volatile 2020"
_WEEKDAY = re.compile(r"(?<!black )(?<!cyber )\b(?:on\s+)?(monday|tuesday|wednesday|thursday|friday)\b",
                      re.I)   # not "Black Monday": a name
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_TODAY = re.compile(r"\b(?:today|on the same day|the same day|that day|on the day|for the day|"
                    r"(?:end|ends|ended|ending|finish\w*|close[sd]?|clos\w+) the (?:day|session)|"
                    r"on the session)\b", re.I)


_LAST = re.compile(r"\b(?:last|the previous|the prior|in the previous|in the prior)\s+"
                   r"(month|year|week)\b", re.I)
_IN_RANK = re.compile(r"\b(?:best|worst|biggest|largest|highest|lowest|steepest|sharpest|"
                      r"strongest|weakest|first|slide|drop|day|session|decline|gain|loss)\b"
                      r"[^.;,\d%]*$", re.I)
_RANK_BEFORE = re.compile(r"\b(?:record|largest|biggest|best|worst|highest|lowest|first|last|"
                          r"steepest|sharpest|strongest|weakest|longest|drop|gain|decline|day|"
                          r"close|level|high|low)\b[^.;,]*$", re.I)
_SINCE_DATE = re.compile(rf"\bsince\s+(?:the\s+(?:lows?|highs?|close|closing \w+)\s+"
                         rf"(?:of|on)\s+|the\s+)?(?={_MON}\.?\s+\d)", re.I)


_NUMBER = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}
_PAST_N = re.compile(r"\b(?:over|in|during|for)\s+the\s+(?:past|last|previous)\s+(\d+|two|three|"
                     r"four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(sessions|trading (?:days|"
                     r"sessions)|days|weeks|months)\b", re.I)
_PAST_YEAR = re.compile(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:12\s+months|year)\b", re.I)
#: "One year ago today, the Dow closed down 777.68 points": the session a year back
_YEAR_AGO_TODAY = re.compile(r"\b(?:one|a) year ago (?:today|this week)?\b(?=,|\s+(?:on\s+)?(?:the\s+)?"
                             r"(?:Dow|S&P|Nasdaq|Russell|index|market|stocks))", re.I)
#: "up 6.2% the past month", "over the last month": one calendar month back
_PAST_MONTH = re.compile(r"\b(?:(?:over|in|during|for)\s+)?the\s+(?:past|last)\s+month\b", re.I)
_N_DAY_MOVE = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:day|session|"
                         r"trading-day)\s+(?:rout|selloff|sell-off|slide|rally|decline|drop|loss|"
                         r"plunge|tumble|slump|surge|advance|gain|run|swoon)\b", re.I)
#: "It's up 3% since January": from the close before that month (the latest one before the
#: session), only right after a move ("up 3%", "has gained") - not "its best day since January"
_SINCE_MONTH = re.compile(r"(?:\d%|\d percent|\b(?:up|down|higher|lower|gained|lost|risen|fallen|"
                          r"climbed|dropped|rallied|slid|added|shed))\s+(?:\S+\s+){0,2}?since\s+"
                          r"(?:the\s+(?:start|beginning)\s+of\s+)?(january|february|march|april|"
                          r"may|june|july|august|september|october|november|december)\b"
                          r"(?![.,]?\s+\d)", re.I)
_SINCE_WEEKDAY = re.compile(r"\bsince\s+(?:last\s+)?(monday|tuesday|wednesday|thursday|friday)(?:'s)?"
                            r"(?:\s+close)?\b", re.I)
_YEAR_END = re.compile(r"\b(?:end(?:ed|ing)?|clos(?:ed|ing) out|finish(?:ed|ing)?)\s+(?:of\s+)?"
                       r"((?:19|20)\d{2})\b", re.I)


_MONTH_NAMES = (r"january|february|march|april|may|june|july|august|september|october|"
                r"november|december")
#: a point in time at a period's edge: "at the end of March", "at the start of the year",
#: "at the beginning of 2022" (the last close before the period, or the period's last close)
_AT_EDGE = re.compile(rf"\b(?:at|by)\s+the\s+(start|beginning|end|close)\s+of\s+(the\s+year|this\s+"
                      rf"year|last\s+year|(?:19|20)\d{{2}}|(?:{_MONTH_NAMES})(?:\s+((?:19|20)\d{{2}}))?)"
                      rf"\b", re.I)
#: "The 2-year rate started 2022 trading at around 0.73%": the close before the year
#: "In January-March", "from January to March": the months between, first to last
_MONTH_SPAN = re.compile(rf"\b({_MONTH_NAMES})\s*(?:-|–|—|\s+to\s+|\s+through\s+|\s+thru\s+)\s*"
                         rf"({_MONTH_NAMES})(?:,?\s+((?:19|20)\d{{2}}))?\b", re.I)
#: "After ending May at 2.74%": that month's last close
_ENDED_MONTH = re.compile(rf"\b(?:end(?:ed|ing)|finish(?:ed|ing)|clos(?:ed|ing)(?: out)?)\s+"
                          rf"({_MONTH_NAMES})(?:\s+((?:19|20)\d{{2}}))?\s+(?:at|near|around)\b", re.I)
_STARTED_YEAR = re.compile(r"\b(?:started|began|entered|kicked off)\s+((?:19|20)\d{2})(?:\s+"
                           r"(?:trading|the\s+year))?\s+(?:at|near|around)(?:\s*[—–-]\s*)?\b", re.I)


#: "On the first day of 2022 trading", "on the final trading day of 2020", "the last session of
#: the year": that session
_EDGE_SESSION = re.compile(r"\bthe\s+(first|last|final)\s+(?:trading\s+)?(?:day|session)\s+of\s+"
                           r"(?:trading\s+(?:in|of)\s+)?((?:19|20)\d{2}|the\s+year|this\s+year|"
                           r"last\s+year)\b", re.I)


def _edge_session(which: str, what: str, session: dt.date) -> dt.date | None:
    w = " ".join(what.lower().split())
    y = session.year - 1 if w == "last year" else int(w) if w.isdigit() else session.year
    day = cal.next_session(cal.last_session_of_year(y - 1)) if which.lower() == "first" else \
        cal.last_session_of_year(y)
    return day if day <= session else None


def _edge_day(edge: str, what: str, year_word: str | None, session: dt.date) -> dt.date | None:
    """The session an "at the start/end of ..." phrase points at; None if not yet over."""
    w = " ".join(what.lower().split())
    start = edge.lower() in ("start", "beginning")
    if w in ("the year", "this year", "last year") or w.isdigit():
        y = session.year - 1 if w == "last year" else int(w) if w.isdigit() else session.year
        day = cal.last_session_of_year(y - 1 if start else y)
    else:
        mo = month_number(w)
        y = int(year_word) if year_word else session.year if mo <= session.month else \
            session.year - 1
        if start:
            py, pm = (y, mo - 1) if mo > 1 else (y - 1, 12)
            day = cal.last_session_of_month(py, pm)
        else:
            day = cal.last_session_of_month(y, mo)
    return day if day < session else None


def find_period(text: str, session: dt.date, published: dt.date | None = None) -> ClaimPeriod | None:
    """The period a stretch of text names, or None. ``session`` is the article's session date.
    (Memoized: a sentence's figures ask about the same stretches again and again.)"""
    return _find_period(text, session, published)


def find_periods(text: str, session: dt.date, published: dt.date | None = None,
                 limit: int = 4) -> list[ClaimPeriod]:
    """Every period ``text`` names (at most ``limit``), in the order :func:`find_period` finds
    them: each found stretch is blanked before the next search."""
    out: list[ClaimPeriod] = []
    rest = text
    while len(out) < limit and (p := find_period(rest, session, published)) is not None and p.text:
        out.append(p)
        rest = rest.replace(p.text, " " * len(p.text), 1)
    return out


@lru_cache(maxsize=8192)
def _find_period(text: str, session: dt.date, published: dt.date | None) -> ClaimPeriod | None:
    if (m := _EDGE_SESSION.search(text)) and (day := _edge_session(m[1], m[2], session)):
        return ClaimPeriod("day", day, text=m.group())
    if (m := _AT_EDGE.search(text)) and (day := _edge_day(m[1], m[2], m[3], session)):
        return ClaimPeriod("day", day, text=m.group())
    if (m := _MONTH_SPAN.search(text)) and month_number(m[1]) < month_number(m[2]):
        last = _edge_day("end", m[2], m[3], session)
        first = _edge_day("start", m[1], m[3] or (str(last.year) if last else None), session)
        if last is not None and first is not None:   # "In January-March, the Dow fell 1.3%"
            return ClaimPeriod("since", last, start=first, text=m.group())
    if (m := _ENDED_MONTH.search(text)) and (day := _edge_day("end", m[1], m[2], session)):
        return ClaimPeriod("day", day, text=m.group())
    if (m := _STARTED_YEAR.search(text)) and int(m[1]) <= session.year:
        return ClaimPeriod("day", cal.last_session_of_year(int(m[1]) - 1), text=m.group())
    if m := _PAST_N.search(text):
        n = int(m[1]) if m[1].isdigit() else _NUMBER[m[1].lower()]
        if m[2].lower() == "weeks":      # "over the past 15 weeks": from the close 15 weeks back
            return ClaimPeriod("since", session,
                               start=cal.session_on_or_before(session - dt.timedelta(weeks=n)),
                               text=m.group())
        if m[2].lower() == "months":     # "over the last four months": four calendar months
            y, mo = session.year, session.month - n
            while mo < 1:
                y, mo = y - 1, mo + 12
            return ClaimPeriod("since", session, start=cal.last_session_of_month(y, mo),
                               text=m.group())
        return ClaimPeriod("sessions", session, n=n, text=m.group())
    if m := _YEAR_AGO_TODAY.search(text):
        back = session.replace(year=session.year - 1) if (session.month, session.day) != (2, 29) \
            else dt.date(session.year - 1, 2, 28)
        return ClaimPeriod("day", cal.session_on_or_before(back), text=m.group())
    if m := _PAST_MONTH.search(text):
        y, mo = (session.year, session.month - 1) if session.month > 1 else (session.year - 1, 12)
        dd = min(session.day, calendar.monthrange(y, mo)[1])
        return ClaimPeriod("since", session, start=cal.session_on_or_before(dt.date(y, mo, dd)),
                           text=m.group())
    if m := _PAST_YEAR.search(text):    # "up nearly 16% over the last year": 52 weeks back
        return ClaimPeriod("since", session,
                           start=cal.session_on_or_before(session - dt.timedelta(weeks=52)),
                           text=m.group())
    if m := _N_DAY_MOVE.search(text):   # "a three-day rout that shaved 2,000 points"
        n = int(m[1]) if m[1].isdigit() else _NUMBER[m[1].lower()]
        return ClaimPeriod("sessions", session, n=n, text=m.group())
    if ("since" in text or "Since" in text) and (m := _SINCE_MONTH.search(text)):
        mo = MONTHS.index(m[1].lower()) + 1
        y = session.year if mo <= session.month else session.year - 1
        return ClaimPeriod("since", session, start=cal.previous_session(dt.date(y, mo, 1)),
                           text=m.group()[m.group().lower().index("since"):])
    if m := _SINCE_WEEKDAY.search(text):
        return ClaimPeriod("since", session,
                           start=weekday_session(m[1], session, strictly_before=True),
                           text=m.group())
    if (m := _YEAR_END.search(text)) and int(m[1]) < session.year:
        # "ended 2018 down 6.6%": the year's move; "closed out 2018 at 2,506.85": its last close
        return ClaimPeriod("year", cal.last_session_of_year(int(m[1])), year=int(m[1]),
                           text=m.group())
    if m := _LAST.search(text):
        unit = m[1].lower()
        if unit == "month":
            y, mo = (session.year, session.month - 1) if session.month > 1 else \
                (session.year - 1, 12)
            return ClaimPeriod("month", session, year=y, month=mo, text=m.group())
        if unit == "year":
            return ClaimPeriod("year", session, year=session.year - 1, text=m.group())
        # "last week": the previous calendar week, from the close before it to its last close;
        # in a weekend story, the week that just ended
        ref = published if published is not None and published.weekday() >= 5 and \
            published > session else session
        if ref.weekday() >= 5:
            end = cal.session_on_or_before(ref)
            start = cal.previous_session(end - dt.timedelta(days=end.weekday()))
            return ClaimPeriod("since", end, start=start, text=m.group())
        end = cal.previous_session(session - dt.timedelta(days=session.weekday()))
        start = cal.previous_session(end - dt.timedelta(days=end.weekday()))
        return ClaimPeriod("since", end, start=start, text=m.group())
    if (m := _SINCE_DATE.search(text)) and not _RANK_BEFORE.search(
            text, max(0, m.start() - 50), m.start()):
        ds = [d for d in find_dates(text, session, m.end(), min(len(text), m.end() + 20))
              if d.date is not None]
        # ds holds only mentions with a date (the filter above does not narrow ds[0].date)
        if ds and ds[0].start == m.end() and ds[0].date < session:  # type: ignore[operator]
            return ClaimPeriod("since", session, start=ds[0].date, text=text[m.start():ds[0].end])
    if m := _MTD.search(text):
        mon = next((g for g in m.groups() if g), None)
        if mon and month_number(mon) != session.month:
            y = _year_for(month_number(mon), None, session)
            return ClaimPeriod("month", session, year=y, month=month_number(mon), text=m.group())
        return ClaimPeriod("mtd", session, year=session.year, month=session.month, text=m.group())
    m = _YTD.search(text)
    while m and _IN_RANK.search(text, max(0, m.start() - 45), m.start()):
        m = _YTD.search(text, m.end())   # "its worst day this year": part of a rank, not a period
    if m:
        return ClaimPeriod("ytd", session, year=session.year, text=m.group())
    if m := _WTD.search(text):
        return ClaimPeriod("wtd", session, year=session.year, text=m.group())
    if m := _QTD.search(text):
        return ClaimPeriod("qtd", session, year=session.year, text=m.group())
    ref = max(session, published) if published else session   # "Jan. 1" in a Jan. 1 story
    for d in find_dates(text, ref):
        if re.match(r"\s*\((?:[A-Z][\w.]*\s?){1,3}\)\s*[-—–]", text[d.end:]):
            continue   # a dateline: "Jan. 1 (UPI) --" dates the story, not a figure
        if d.date is not None and d.date > ref:
            continue
        if re.search(r"\b(?:level|levels|seen|same)\s+(?:as|since|of|in|seen in)\s+$",
                     text[max(0, d.start - 25):d.start], re.I):
            continue   # "to the same level as July 2020": a comparison, not the period
        if re.match(r"\s+(?:record|peak|high|closing high|all-time)", text[d.end:], re.I):
            continue   # "its November 2021 record close": the record's date, not the period
        if re.search(r"\bset\s+(?:on|in)\s+$", text[max(0, d.start - 10):d.start]):
            continue
        if re.search(r"(?:record|peak|high)\b[^.;]{0,40}\bfrom\s+$", text[max(0, d.start - 60):d.start],
                     re.I):
            continue   # "its record close of 6,001.35 from Nov. 11": the record's date
        if d.day is None and not _preceded_by_since(text, d.start):
            if (d.year, d.month) == (session.year, session.month):
                return ClaimPeriod("mtd", session, year=d.year, month=d.month, text=text[d.start:d.end])
            return ClaimPeriod("month", session, year=d.year, month=d.month,
                               text=text[d.start:d.end])
        if d.day is not None and not _preceded_by_since(text, d.start) and \
                not re.search(r"\bset\s+(?:on\s+)?$", text[max(0, d.start - 8):d.start]):
            # d.day is set, so d.date is a date (DateMention.date is None only without a day)
            return ClaimPeriod("day", session_on(d.date), text=text[d.start:d.end])  # type: ignore[arg-type]
    if m := _IN_MONTH.search(text):
        mon = month_number(m[1])
        if mon == session.month:
            return ClaimPeriod("mtd", session, year=session.year, month=mon, text=m.group())
        return ClaimPeriod("month", session, year=_year_for(mon, None, session), month=mon,
                           text=m.group())
    if (m := _IN_YEAR.search(text)) and int(m[1]) <= session.year:
        y = int(m[1])
        kind: PeriodKindLit = "ytd" if y == session.year else "year"
        return ClaimPeriod(kind, session, year=y, text=m.group())
    if m := _WEEKDAY.search(text):
        return ClaimPeriod("day", weekday_session(m[1], session), text=m.group())
    if m := _YESTERDAY.search(text):
        ref = published or session + dt.timedelta(days=1)
        return ClaimPeriod("day", session_on(ref - dt.timedelta(days=1)), text=m.group())
    if m := _TODAY.search(text):
        return ClaimPeriod("day", session, text=m.group())
    return None


def _preceded_by_since(text: str, pos: int) -> bool:
    return bool(re.search(r"\bsince\s+(?:the\s+\w+\s+(?:on\s+)?)?$|\bsince\s+$|\bsince\s+\w+\s+(?:on\s+)?$",
                          text[max(0, pos - 40):pos], re.I))


# The scans above, behind a first-character lookahead (the same matches, faster).
(_DATE, _ISO, _MONTH_YEAR, _MTD, _YTD, _WTD, _QTD, _IN_MONTH, _IN_YEAR, _WEEKDAY, _YESTERDAY, _TODAY,
 _LAST, _IN_RANK, _RANK_BEFORE, _SINCE_DATE, _PAST_N, _N_DAY_MOVE, _SINCE_WEEKDAY,
 _YEAR_END) = map(guarded, (
    _DATE, _ISO, _MONTH_YEAR, _MTD, _YTD, _WTD, _QTD, _IN_MONTH, _IN_YEAR, _WEEKDAY, _YESTERDAY,
    _TODAY, _LAST, _IN_RANK, _RANK_BEFORE, _SINCE_DATE, _PAST_N, _N_DAY_MOVE, _SINCE_WEEKDAY,
    _YEAR_END))

"""Claims stated in words around a figure or with none: "its largest monthly gain since December
2023", "has risen for six straight sessions", "its longest winning streak since Sept. 19", "its
best day since April 2020", "its highest close since January 2022", "a 52-week high"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Literal

from .. import calendar as cal
from ..facts.model import Metric
from .entities import OTHER_INDEXES, Mention, blocker_before, find_named, instrument_kind, listed
from .firstchar import guarded
from .model import ArticleDate, Claim, ClaimPeriod
from .count_words import ordinal
from .periods import find_dates, find_period, month_number
from .quantities import direction_in
from .wording import (BEST_MONTH, CLAUSE_END, DOWN_NOUNS, FORECAST, MONTH_PLURAL, NUMBER_WORDS,
                      ORD_WORDS, PAST_MOVES, SPAN_WORD, SPAN_WORDS, clause, forecast_kind)

__all__ = ["rank_claims", "rank_subjects", "streak_claims", "longest_alone_claims", "extreme_claims", "frequency_claims", "group_before",
           "group_of", "since_after"]

_BEST_DAY = re.compile(
    r"\b(best|worst|biggest|largest|strongest|steepest|sharpest|deepest|ugliest|highest(?!\s+since)|"
    r"weakest)\s+(?:(?:one|single)[- ])?(?:(?:percentage|daily|trading)\s+)?(?:(day|session|week|month|year|"
    r"quarter|performance|showing|start|weekly|monthly|quarterly|annual|yearly)s?\s+"
    r"(?:(?:performance|showing|gain|loss|rally|decline|drop|advance|increase)s?\s+)?"
    r"(?:of\s+trading\s+)?(?:(?:for|of)\s+(?:the\s+)?[\w&.\s]{1,30}?\s+)?)?(since)\b", re.I)
#: "its best January performance since 1987": one calendar month compared across years
_BEST_CAL_MONTH = re.compile(
    r"\b(best|worst|strongest|weakest)\s+(january|february|march|april|may|june|july|august|"
    r"september|october|november|december)(?:\s+(?:performance|showing|gain|loss|decline|rally))?"
    r"\s+(since)\b", re.I)
#: "its worst day in more than a year", "the worst day for all three major averages in two years"
_IN_SPAN = re.compile(
    r"\b(best|worst|biggest|largest|steepest|sharpest|strongest|weakest|ugliest)\s+"
    r"(?:(?:one|single)[- ])?(?:(?:percentage|point|daily)\s+)?(day|session|week|month|year|"
    r"quarter|performance|drop|decline|gain|rally|loss|fall|selloff|sell-off|advance|rise)s?\b"
    r"[^.;\d]{0,45}?\b(?:in\s+|(?=more than|over))(more than|over|almost|nearly|about|roughly)?"
    rf"\s*({SPAN_WORD}|\d+)\s+"
    r"(years?|months?|weeks?)\b(?!\s+(?:ago|after|before|earlier|later|since|from|of))",
    re.I)
_OF_YEAR = re.compile(r"\b(best|worst|biggest|largest|strongest|weakest|ugliest)\s+(?:single[- ])?"
                      r"(day|session|week|month)\s+(?:(?:performance|showing)\s+)?"
                      r"(?:for\s+[\w\s]{1,40}?\s+)?(of the year|this year|"
                      r"so far this year)\b", re.I)
#: "closed at a record", "hit an all-time high", "record finishes", "at all-time highs"
_NEW_RECORD = re.compile(
    r"\b(?:(clos(?:ed|ing|es)|finish(?:ed|es)?|end(?:ed|s)?|settl(?:ed|es))\s+(?:the\s+\w+\s+|out\s+"
    r"[\w\s]{0,40}?\s+)?(?:at|on)\s+(?:a\s+|an\s+)?(?:new\s+|fresh\s+)?(?:record|all-time)"
    r"(?:[- ](?:high|closing high|close))?s?|(?:hit|hits|set|sets|notch(?:ed|es)?|reach(?:ed|es)?|"
    r"touch(?:ed|es)?|to|at)\s+(?:a\s+|an\s+|new\s+|fresh\s+)*(?:record|all-time)[- ]"
    r"(?:high|closing high|close|finish)s?|(?:to|at)\s+(?:new\s+)?record\s+(?:closes|finishes|"
    r"territory|levels?))\b", re.I)
_DAYS_MOVE = re.compile(r"\b((?:mon|tues|wednes|thurs|fri)day)['’]s\s+(?:[\w-]+\s+){0,2}?(?:drop|"
                        r"decline|fall|loss|gain|rise|rally|advance|move|slide|plunge|"
                        r"selloff|sell-off)\b", re.I)
#: "35 record closes thus far in 2017", "which featured 38 record-high closes"
_RECORD_COUNT = re.compile(
    r"\b(\d{1,3}|zero|no|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty)\s+(?:new\s+)?(?:all-time[- ]high|record(?:[- ]high)?|record-setting)\s+(?:closes|"
    r"closing highs|finishes|closing levels)\b", re.I)
_COUNT_WORDS = r"\d{1,3}|zero|none|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
    r"fifteen|twenty"
#: after a count of record closes: "... vs. nine for all of last year"
_COUNT_VERSUS = re.compile(rf"\b(?:vs\.?|versus|compared (?:with|to)|against)\s+({_COUNT_WORDS})\s+"
                           r"(?:for|in)\s+(?:all\s+of\s+)?(last year|(?:19|20)\d{2})\b", re.I)
#: "..., while the Dow .DJI has scored four": another index's count, the noun left out
_COUNT_ELIDED = re.compile(rf"\bhas\s+(?:scored|notched|posted|logged|had|set|recorded|racked up)\s+"
                           rf"({_COUNT_WORDS})\s*(?=[.;,]|$)", re.I)
#: some of a group, unnamed: "with two climbing to new record highs"
_SUBSET = re.compile(r"\b(?:with\s+)?(?:two|one|both|some|several|a couple)\s+(?:of\s+(?:them|the"
                     r"\s+\w+)\s+)?(?:\w+ing|\w+ed)\s+(?:to\s+|at\s+)?$", re.I)
_GROUP = re.compile(r"\b(?:all|the)\s+(?:top\s+|main\s+|big\s+)?(three|four|3|4)\s+(?:major\s+)?(?:U\.S\.\s+)?(?:stock\s+)?(?:market\s+)?"
                    r"(?:indexes|indices|averages|benchmarks|gauges)\b|\bthe trio\b", re.I)
_LARGEST = re.compile(
    r"\b(largest|biggest|best|strongest|steepest|sharpest|worst|deepest|highest|ugliest|"
    r"weakest)\s+"
    r"(?:(single|one)[- ](day|month|week|session)\s+|(daily|monthly|weekly|annual|yearly|"
    r"calendar[- ]year|calendar[- ]month)\s+)?"
    r"(?:(?:two|three|four|five|six|seven|ten|\d+)[- ](?:day|session|trading-day|week)\s+)?"
    r"(?:(?:percentage|points?|one-day point|single-day point|point and percentage|percentage and "
    r"point)\s+)?(?:yield\s+)?(increase|gain|rise|advance|jump|"
    r"rally|surge|climb|decline|drop|fall|loss|decrease|slide|selloff|sell-off|tumble|plunge|"
    r"slump|rout|retreat)s?\s+(?:in\s+any\s+(?:day|week|month|year|session)\s+)?"
    r"(?:for\s+(?:the\s+)?(?:stocks|markets?|the market|wall street|investors)\s+)?(since|of the year|this year|"
    r"on record|ever|of all time|in (?:data|records) going back to|in (?:its|the index's|the "
    r"market's|the Dow's)(?: [\w-]+)? history|in history)",
    re.I)
_WINDOW = re.compile(r"\b(two|three|four|five|six|seven|ten|\d+)[- ](?:day|session|trading-day)\b",
                     re.I)
#: "its second-biggest point drop ever", "the Dow's fourth-biggest point decline in history"
_RANKED = re.compile(
    r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ](?:biggest|largest|worst|"
    r"best|steepest|greatest)\s+(?:(?:(?:one-day|single-day|daily)\s+)?(point|percentage)?\s*"
    r"(gain|rise|advance|rally|jump|increase|drop|decline|loss|fall|plunge|slide)s?\b[^.;]{0,20}?"
    r"\b(ever|in history|on record|of all time|in (?:its|the index's|the Dow's)(?: [\w-]+)? history)|"
    r"(ever|on record|in history)(?:\s+in\s+terms\s+of\s+(points|percentage))?\b)", re.I)
#: "plunging the blue-chip index into correction territory", "entered a bear market"
_REGIME = re.compile(
    r"\b(enter(?:s|ed|ing)?|(?:plung|fall|fell|slid|sank|tumbl|push|sen[dt]|drag|pull)\w*\s+"
    r"(?:[\w-]+\s+){0,3}?into|into|in|out of)\s+(?:a\s+|an\s+|official\s+)?[\"'\u201c\u2018]?"
    r"(correction|bear[- ]market)[,\"'\u201d\u2019]*(?:\s+territory)?\b", re.I)
_LONGEST = re.compile(r"\blongest\s+(?:(winning|losing)\s+)?streak(?:\s+(?:for|of)\s+(?:the\s+)?[\w&.-]+"
                      r"(?:\s+[\w&.-]+){0,2}?)?\s+(since|on record|ever|in\s+(?:more "
                      r"than\s+|over\s+|nearly\s+|almost\s+)?(\d{1,2}|two|three|four|five|six|seven|"
                      r"eight|nine|ten|twenty)\s+years)", re.I)
_FIRST_SINCE = re.compile(r"\s+(?P<w>for\s+the\s+first\s+time\s+since)\s+", re.I)
_ANOTHER_RUN = re.compile(r"\b(?:straight|consecutive|successive)\b", re.I)
#: "since an 11-quarter run from 1995 to 1996": an earlier streak dated by its first and last year
_RUN_FROM_TO = re.compile(r"\s+(?:an?\s+)?[\w-]+-(?:day|session|week|month|quarter|year)\s+"
                          r"(?:run|streak|stretch)\s+(?:from|between)\s+(?:19|20)\d{2}\s+(?:to|and|"
                          r"through)\s+(?P<y2>(?:19|20)\d{2})\b", re.I)
_ORD_STREAK = re.compile(
    r"\b(?:its|their|a|the)\s+(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(ORD_WORDS[1:]) + r"))\s+"
    r"(?:straight|consecutive|successive)\s+(?:(daily|weekly|monthly|quarterly)\s+)?"
    r"(loss|decline|drop|fall|gain|advance|rise|increase|winning (?:session|day|week|month|quarter)|"
    r"losing (?:session|day|week|month|quarter)|(?:negative|positive|down|up) (?:week|month|"
    r"quarter)|(?:trading\s+)?(?:session|day|week|month|quarter)s?\s+of\s+"
    r"(?:gains?|loss(?:es)?|declines?|advances?|increases?|decreases?)|(?:trading\s+)?(?:session|day|"
    r"week|month|quarter))(?:es|s)?\b(?!\s+of\s)", re.I)    # not "a fifth straight month of contraction"
#: "a 15-session winning streak", "snaps a two-trading-day losing streak"
_N_STREAK = re.compile(
    r"(?:\b(snap(?:s|ped|ping)?|end(?:s|ed|ing)?|end of|broke|break(?:s|ing)?|halt(?:s|ed|ing)?|"
    r"stop(?:s|ped|ping)?|extend(?:s|ed|ing)?)"
    r"\s+(?:(?:a|an|its|their|the)\s+)?|\b(?:a|an|its|their|the)\s+)(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[- ]"
    r"(?:trading[- ])?(session|day|week|month|quarter|year)[- ](winning|losing)\s+streaks?\b", re.I)
#: after a streak: it is over ("Its eight-day winning streak ended", "... came to an end on
#: Tuesday", "was snapped"), or over by the story's session ("had risen for eight straight sessions
#: before Tuesday"); the streak that ended the session before is then a reading too
_STREAK_OVER = re.compile(
    r"[^.;:!?]{0,50}?\b(?:end(?:s|ed)\b|c(?:a|o)me to an end|(?:was|were|is|are|has been|have been|"
    r"got)\s+(?:snapped|broken|halted|stopped|ended)|before\b)", re.I)


_REFERENCE = re.compile(r"\b(?:from|off|below|above|under|toward|towards|near|to within)\s+"
                        r"(?:its|their|the|a)\s+(?:\w+\s+)?$", re.I)
_SINCE_YEAR = re.compile(r"\s*((?:19|20)\d{2})\b(?!,?\s*\d)")
#: "since the financial crisis of 2008", "since a 38% drop in 2008", "since a 1974 losing streak"
_SINCE_EVENT = re.compile(r"\s*(?:the|an?)\s+(?:(?:[a-z\d][\w%.$-]*\s+){1,4}?(?:of|in)\s+"
                          r"((?:19|20)\d{2})|((?:19|20)\d{2})\s+(?:financial\s+)?(?:crisis|crash|"
                          r"recession|selloff|sell-off|bear market|pandemic|(?:losing\s+|winning\s+)?"
                          r"streak|slump|rout|rally|plunge|drop|decline))\b(?![,\s]*\d)", re.I)
#: "since the beginning of the pandemic", "since the COVID crash": the year 2020 (a month would
#: claim more than the words settle)
_SINCE_PANDEMIC = re.compile(
    r"\s*(?:the\s+)?(?:(?:(?:very\s+)?(?:beginning|start|onset|outset|early\s+days|depths|height|"
    r"throes)\s+of\s+the\s+)?(?:covid(?:-19)?\s+|coronavirus\s+|global\s+)?pandemic(?:\s+(?:began|"
    r"started|hit|struck|crash|selloff|sell-off|lows?))?|(?:covid(?:-19)?|coronavirus)[- ](?:crash|"
    r"selloff|sell-off|lows?))\b", re.I)
_BARE_MONTH = re.compile(r"\s*(?:(?:early|mid|late)[- ])?(january|february|march|april|may|june|"
                         r"july|august|september|october|november|december)\b(?![\s,.]*\d)", re.I)


_WEEKDAY_LEAD = re.compile(r"\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*", re.I)


def since_after(text: str, pos: int, limit: int, session: dt.date) -> tuple[int, str] | None:
    """What a "since" at ``pos`` names: (end, since) with since a day (ISO), ``YYYY-MM`` or
    ``YYYY`` -- "since Nov. 8, 2021", "since 2019", "since April" (the latest April before the
    session's month; the session's own month is ambiguous and gives None)."""
    dates = [d for d in find_dates(text, session, pos, min(limit, pos + 45)) if d.start - pos <= 2
             or _WEEKDAY_LEAD.fullmatch(text, pos, d.start)]     # "since Wednesday, Nov. 30"
    if dates:
        d = dates[0]
        return d.end, d.date.isoformat() if d.date else f"{d.year:04d}-{d.month:02d}"
    y = _SINCE_YEAR.match(text, pos)
    if y and y.end() <= limit:
        return y.end(), y[1]
    e = _SINCE_EVENT.match(text, pos)     # "since the financial crisis of 2008"
    if e and e.end() <= limit:
        return e.end(), e[1] or e[2]
    p = _SINCE_PANDEMIC.match(text, pos)
    if p and p.end() <= limit:
        return p.end(), "2020"
    b = _BARE_MONTH.match(text, pos)
    if b and b.end() <= limit:
        month = month_number(b[1])
        if month == session.month:
            return None
        year = session.year if month < session.month else session.year - 1
        return b.end(), f"{year:04d}-{month:02d}"
    return None
#: "extended its losing streak to 10 consecutive days"
_EXTENDED = re.compile(r"\b(?:extend(?:ed|s|ing)?|stretch(?:ed|es|ing)?|lengthen(?:ed|s|ing)?)\s+"
                       r"(?:its|their|the)\s+(winning|losing)\s+streak\s+to\s+(\d{1,2}|two|three|four|"
                       r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?:straight\s+|"
                       r"consecutive\s+)?(sessions|days|trading days|weeks|months)\b", re.I)
_STREAK = re.compile(
    r"\b(?:has |have |had )?(risen|rose|gained|advanced|climbed|rallied|fallen|fell|declined|"
    r"dropped|lost|slid|slipped|retreated|closed (?:higher|up)|closed (?:lower|down)|(?:is|was|has "
    r"been) (?:up|higher)|(?:is|was|has been) (?:down|lower))\s+"
    r"(?:for\s+)?(?:(\d+)|(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\s+(?:straight|consecutive|"
    r"successive)\s+(sessions|days|trading days|weeks|months|quarters|years)", re.I)


_MAJOR = ("^GSPC", "^DJI", "^IXIC")


_LIST_VERB = re.compile(rf"\s+(?:also\s+|each\s+|both\s+)?(?:{PAST_MOVES}|closed|ended|finished|"
                        r"hit|set|touched|reached|posted|notched|recorded|are|were|have|had)\b"
                        r"[^,;.]{0,60}", re.I)


def group_before(text: str, s0: int) -> list[str]:
    """The group a paragraph spoke of just before ``s0`` ("All three indexes have fallen ...
    The trio is ..."), when no instrument was named after it; else empty."""
    a = max(text.rfind("\n\n", max(0, s0 - 400), s0), s0 - 400, 0)   # (not back to the start)
    g = None
    for g in _GROUP.finditer(text, a, s0):
        pass
    if g is None or find_named(text, g.end(), s0):
        return []
    return [*_MAJOR, "^RUT"] if (g[1] or "").lower() in ("four", "4") else list(_MAJOR)


def group_of(text: str, s0: int, pos: int, before: list[Mention]) -> list[str]:
    """The instruments a plural subject names: "all three major indexes" (the S&P 500, the Dow
    and the Nasdaq; "four" adds the Russell 2000), or several instruments named before a "their"
    ("The S&P 500, Dow and Nasdaq Composite posted their worst ..."). Empty if none."""
    g = None
    for g in _GROUP.finditer(text, s0, pos):
        pass
    if g is not None and not [x for x in before if x.start > g.end()]:
        four = (g[1] or "").lower() in ("four", "4")
        return [*_MAJOR, "^RUT"] if four else list(_MAJOR)
    named = list(dict.fromkeys(x.symbol for x in before if x.named))
    run = listed([x for x in before if x.named], text)
    last = [x for x in before if x.named][-1:]
    if len(run) >= 2 and last and _LIST_VERB.fullmatch(text, last[0].end, pos) and \
            not [x for x in before if x.start > last[0].end]:
        return run          # "The Dow and S&P 500 rose to record highs": the list's own verb
    if len(run) >= 2:       # "joined by the S&P 500 and Nasdaq, which saw their own ...": the list
        named = run
    if len(named) >= 2 and re.search(r"\btheir\s+(?:\w+\s+){0,3}(?:best|worst|biggest|largest|"
                                     r"highest|lowest|strongest|weakest|steepest|sharpest|"
                                     r"ugliest)\b", text[max(s0, pos - 90):pos], re.I):
        return named
    return []


#: A sentence about the market as a whole ("U.S. stock indexes booked their worst session").
_COLLECTIVE = re.compile(r"\b(?:stocks|the (?:stock )?market|markets|wall street|(?:stock )?"
                         r"ind(?:exes|ices)|averages|they|the trio)\b", re.I)


def _count_claim(sentence: str, m: re.Match[str], subj: str, before: list[Mention], n: int,
                 year: int, session: dt.date, said: str, anchor: str) -> Claim:
    """A RECORD_CLOSE_COUNT claim: ``n`` record closes in ``year`` (to the session in the
    session's year, else over the whole year)."""
    day = session if year == session.year else cal.last_session_of_year(year)
    return Claim(sentence=sentence, span=m.span(1), subject=subj,
                 subject_text=before[-1].text if before else "",
                 metric=Metric.RECORD_CLOSE_COUNT,
                 period=ClaimPeriod("day" if year != session.year else "none", day, text=str(year)),
                 value=float(n), unit="count", decimals=0, text=said,
                 extra={"cardinal": True, "year": year, "anchor": anchor})


def rank_subjects(text: str, s0: int, start: int, end: int, ms: list[Mention],
                  fallback: str | None, recent: Sequence[str]) -> tuple[list[str | None], str]:
    """Who a ranked move at ``text[start:end]`` is of, and the words that named it: a group
    ("all three indexes", "The S&P 500, Dow and Nasdaq posted their worst ..."), the instrument
    named last, or for a sentence about the market as a whole that names none, the major indexes
    the story named last (``recent``; else the S&P 500)."""
    before = [x for x in ms if x.end <= start]
    group = group_of(text, s0, end, before)
    subjects: list[str | None] = list(group) or [before[-1].symbol if before else fallback]
    if not group and not ms:
        group = group_before(text, s0)
        if group:           # "The trio is on track ... Last week was the worst week ..."
            subjects = list(group)
        elif (c := _COLLECTIVE.search(text, s0, start)) is not None:
            majors = [x for x in recent if x in (*_MAJOR, "^RUT")]
            # "Wall Street surged to its best day since April 2020": the broad market's
            # benchmark when the story has named no index yet; "U.S. stock indexes booked
            # their worst ...": the three major indexes
            subjects = list(majors) if len(majors) >= 2 else \
                list(_MAJOR) if re.search(r"ind(?:exes|ices)|averages", c.group(), re.I) else \
                subjects if subjects[0] is not None else ["^GSPC"]
    if not group and ms and not before and re.search(
            r"\b(?:stock\s+)?(?:ind(?:exes|ices)|averages)\s+(?!of\b)", text[s0:start], re.I):
        subjects = list(_MAJOR)     # "U.S. stock indexes booked their worst ..., putting the
    return subjects, before[-1].text if before else ""   # S&P 500 on the brink of ..."


def rank_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate, recent: Sequence[str] = (),
                 figures: Sequence[Claim] = ()) -> Iterator[Claim]:
    """"its worst day since 2008", "its largest point gain ever", "its second-best day": the
    rank of a move. ``recent``: the instruments the story named last; a sentence about the
    market as a whole that names none is read for each of the major indexes among them."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    found: list[tuple[re.Match[str], str, bool, str]] = []
    for m in _LARGEST.finditer(text, s0, s1):
        gran = (m[3] or m[4] or "").lower()
        if not gran and (any_ := re.search(r"\bin any (\w+)", m.group(), re.I)):
            gran = any_[1].lower()       # "its biggest gain in any month since October 2015"
        found.append((m, gran, m[5].lower() in DOWN_NOUNS, m[6]))
    for m in _OF_YEAR.finditer(text, s0, s1):
        if any(f[0].start() <= m.start() < f[0].end() for f in found):
            continue
        word = m[1].lower()
        down = word in ("worst", "weakest", "ugliest") or (
            word not in ("best", "strongest") and direction_in(text[s0:m.start()]) == "down")
        found.append((m, m[2].lower(), down, "of the year"))
    for m in _BEST_DAY.finditer(text, s0, s1):
        if any(f[0].start() <= m.start() < f[0].end() for f in found):
            continue
        word = m[1].lower()
        if word in ("best", "strongest"):
            down = False
        elif word in ("worst", "deepest"):
            down = True
        else:                                  # "its biggest since": the move named before it
            down = direction_in(text[s0:m.start()]) == "down"
        found.append((m, (m[2] or "").lower(), down, m[3]))
    calendar: dict[int, int] = {}      # match start -> calendar month
    for m in _BEST_CAL_MONTH.finditer(text, s0, s1):
        calendar[m.start()] = month_number(m[2])
        found.append((m, "month", m[1].lower() in ("worst", "weakest"), m[3]))
    spans: list[tuple[re.Match[str], tuple[float, float]]] = []
    for m in _IN_SPAN.finditer(text, s0, s1):
        if any(f[0].start() <= m.start() < f[0].end() for f in found):
            continue
        n = float(m[4]) if m[4].isdigit() else float(SPAN_WORDS[m[4].lower()])
        unit = m[5].lower().rstrip("s")
        years = n / 12 if unit == "month" else n / 52 if unit == "week" else n
        q = (m[3] or "").lower()
        lo, hi = ((years, float("inf")) if q in ("more than", "over") else
                  (years - 0.5 * years / max(n, 1), years) if q in ("almost", "nearly") else
                  (years - 0.5 * years / max(n, 1), years + years / max(n, 1)))
        word = m[1].lower()
        after_noun = re.match(r"\s+([a-z-]+)", text[m.end(2):m.end()], re.I)  # "one-day drop"
        down = word in ("worst", "ugliest", "weakest") or (
            word not in ("best", "strongest") and (
                m[2].lower() in DOWN_NOUNS or
                (after_noun is not None and any(after_noun[1].lower()[:len(after_noun[1]) - k]
                                                in DOWN_NOUNS for k in (0, 1, 2))) or
                direction_in(text[s0:m.start()]) == "down"))
        found.append((m, m[2].lower() if m[2].lower() in ("day", "session", "week", "month",
                                                          "year") else "", down, "in span"))
        spans.append((m, (lo, hi)))
    for m, gran, down, kind_word in sorted(found, key=lambda f: f[0].start()):
        if re.search(r"\bone of (?:the|its|their)\s+$|(?:second|third|fourth|fifth|sixth|seventh|"
                     r"eighth|ninth|tenth|\d(?:st|nd|rd|th))[- ]$",
                     text[max(s0, m.start() - 20):m.start()], re.I):
            continue        # "one of the largest gains since 2000", "its fourth-best since 2000"
        if OTHER_INDEXES.search(text, s0, m.start()):
            continue        # "Other major indexes also had their worst days since ...": which
            #                 ones the text leaves open
        whose, subj_text = rank_subjects(text, s0, m.start(), m.end(), ms, fallback, recent)
        quarterly = gran in ("quarter", "quarterly")
        gran = {"daily": "day", "session": "day", "monthly": "month", "weekly": "week",
                "annual": "year", "yearly": "year", "calendar-year": "year", "calendar year": "year",
                "calendar-month": "month", "calendar month": "month", "performance": "", "showing": "",
                "start": "", "quarter": "", "quarterly": ""}.get(gran, gran)
        noun = "decline" if down else "gain"
        extra: dict[str, object] = {"direction": noun, "gran_stated": bool(gran)}
        if quarterly:
            extra["quarterly"] = True   # "its best quarter since 1998": no quarterly reading
        end = m.end()
        if kind_word == "in span":
            lo, hi = next(sp for mm, sp in spans if mm is m)
            extra["since"] = None
            extra["since_span_years"] = (lo, hi)
            metric = Metric.LARGEST_SINCE
            if gran in ("", "day") and re.search(r"\bpoints?\b", m.group(), re.I):
                extra["measure"] = "pts"    # "its biggest single-day point loss in eight years"
        elif kind_word.lower() in ("ever", "of all time") or "history" in kind_word.lower() or \
                (kind_word.lower() == "on record" and re.search(r"\bpoints?\b", m.group(), re.I)):
            # "its biggest point gain in history": the record move in the data
            points = bool(re.search(r"\bpoints?\b", m.group(), re.I))
            percent = bool(re.search(r"\bpercentage\b", m.group(), re.I))
            extra["basis_stated"] = points or percent
            if not extra["basis_stated"] and re.search(r"\bpoints?\b", text[s0:m.start()], re.I):
                points = True   # "tumbles 1,191 points, its worst drop in history"
            metric = Metric.CHANGE_PTS_RECORD if points else Metric.CHANGE_PCT_RECORD
            extra["rank"] = 1           # the largest: the first of the ranking
            if gran not in ("", "day", "session", "daily"):
                extra["since"], extra["on_record"] = None, True
                metric = Metric.LARGEST_SINCE
        elif kind_word.lower() == "on record" or kind_word.lower().startswith("in "):
            extra["since"] = None
            extra["on_record"] = True
            y = _SINCE_YEAR.match(text, m.end())      # "... in data going back to 1992"
            if m[6].lower().startswith("in ") and y and y.end() <= s1:
                end = y.end()
                extra["data_from"] = y[1]
            gran = gran or "month"
            metric = Metric.LARGEST_SINCE
            if re.search(r"\bpoints?\b", m.group(), re.I) and gran in ("month", "day"):
                metric = Metric.CHANGE_PTS_RECORD   # "its largest point drop in data going
                extra["basis_stated"] = True        # back to 1992": a point record in the data
        elif kind_word.lower() == "since":
            named_since = since_after(text, m.end(), s1, date.session)
            if named_since is None:
                continue
            end, extra["since"] = named_since
            points = gran in ("", "day") and bool(re.search(r"\bpoints?\b", m.group(), re.I))
            # unstated: a day's move first when a day or a year is named, or points (a move in
            # points is a session's), a month's when a month is (the others are read too)
            gran = gran or ("month" if len(named_since[1]) == 7 and not points else "day")
            metric = Metric.LARGEST_SINCE
            if points:      # "its biggest point drop since 2020": the move in points ("point
                #             and percentage gain": both)
                extra["measure"] = "both" if "percentage" in m.group().lower() else "pts"
        else:
            extra["granularity_default"] = "month"
            gran = gran or "month"
            metric = Metric.LARGEST_OF_YEAR
        if m.start() in calendar and metric is Metric.LARGEST_SINCE:
            extra["calendar_month"], extra["gran_stated"] = calendar[m.start()], True
        if (w := _WINDOW.search(m.group())) and metric is Metric.LARGEST_SINCE:
            n = int(w[1]) if w[1].isdigit() else NUMBER_WORDS.index(w[1].lower())
            gran, extra["n"], extra["gran_stated"] = "sessions", n, True   # "three-day decline"
        extra["granularity"] = gran
        if kind_f := forecast_kind(text[max(s0, m.start() - 40):m.start()]):
            extra["forecast"] = kind_f
        period = ClaimPeriod("none", date.session)
        named = find_period(sentence, date.session, date.published)
        own_day = _DAYS_MOVE.search(text, max(s0, m.start() - 60), m.start())
        moved = [f for f in figures if f.span[1] <= m.start() and f.period.kind == "day" and
                 f.metric in (Metric.CHANGE_PCT, Metric.CHANGE_PTS) and f.period.text and
                 (f.period.text in text[f.span[1]:m.start()] or
                  f.extra.get("period_from") == "lead") and
                 not CLAUSE_END.search(text, f.span[1], m.start())]
        if (gran in ("", "day") or not extra["gran_stated"]) and own_day is None and moved and \
                moved[-1].period.end != period.end:
            # "after tumbling 725 points on Monday for its worst session in eight months": the
            # session of the move just stated
            period = ClaimPeriod("none", moved[-1].period.end, text=moved[-1].period.text)
            gran = extra["granularity"] = "day"
        if (gran in ("", "day") or not extra["gran_stated"]) and own_day is not None:
            # "Monday's drop was the largest since August 2011": that day's move
            wd = find_period(own_day[1], date.session, date.published)
            if wd is not None and wd.kind == "day":
                period = ClaimPeriod("none", wd.end, text=own_day.group())
                gran = extra["granularity"] = "day"
        on_day = re.match(r"\s*,?\s+on\s+(?:monday|tuesday|wednesday|thursday|friday)\b", text[end:s1],
                          re.I)
        if gran in ("", "day") and own_day is None and on_day is not None and \
                (wd := find_period(on_day.group(), date.session, date.published)) is not None and \
                wd.kind == "day":
            # "its biggest one-day drop in about six weeks on Tuesday": that day's move
            period = ClaimPeriod("none", wd.end, text=on_day.group().strip(" ,"))
            gran = extra["granularity"] = "day"
        if gran == "week" and named is not None and named.kind == "since" and \
                re.match(r"(?:last|the previous|the prior|in the previous|in the prior)\s+week",
                         named.text, re.I):
            period = ClaimPeriod("none", named.end, text=named.text)   # "Last week was the worst"
        if named is not None and named.text and named.text in text[m.start():end]:
            named = None        # "since a 38% drop in 2008": the year of the since, not of the move
        if gran in ("month", "year") and named is not None and named.kind == gran and named.year:
            # "The Dow rose 7.2 percent in January, ... its largest one-month rise since 2015":
            # the rank of the month the sentence names
            last = (cal.last_session_of_month(named.year, named.month or 12) if gran == "month"
                    else cal.last_session_of_year(named.year))
            period = ClaimPeriod("none", min(last, date.session), text=named.text)
        measures = ["pts", "pct"] if extra.get("measure") == "both" else [extra.get("measure")]
        for subj in whose:
            for measure in measures:
                yield Claim(sentence=sentence, span=(m.start(), end), subject=subj,
                            subject_text=subj_text, metric=metric, period=period, value=None,
                            unit="none", decimals=0,
                            direction="down" if noun in DOWN_NOUNS else "up",
                            text=text[m.start():end], extra={**extra, "measure": measure})
    for m in _RANKED.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        rank = ORD_WORDS.index(m[1].lower()) + 1
        if m[3]:
            down = m[3].lower() in ("drop", "decline", "loss", "fall", "plunge", "slide")
            points = (m[2] or "").lower() == "point" or "point" in sentence.lower()
        else:       # "the second-biggest ever in terms of points": the move named before it
            lead = text[max(s0, m.start() - 60):m.start()]
            way = direction_in(lead) or ("down" if re.search(
                rf"\b(?:{'|'.join(sorted(DOWN_NOUNS))})\b", lead, re.I) else "up" if re.search(
                    r"\b(?:increase|gain|rise|rally|advance|jump|surge)\b", lead, re.I) else None)
            if way is None:
                continue
            down = way == "down"
            points = (m[6] or "").lower() == "points" if m[6] else \
                bool(re.search(r"\bpoints?\b", lead, re.I))   # "its biggest point increase
            #                                 since August 2015 and the fourth-largest in history"
        yield Claim(sentence=sentence, span=m.span(), subject=subj,
                    subject_text=before[-1].text if before else "",
                    metric=Metric.CHANGE_PTS_RANK if points else Metric.CHANGE_PCT_RANK,
                    period=ClaimPeriod("none", date.session), value=float(rank), unit="none",
                    decimals=0, direction="down" if down else "up", text=m.group(),
                    extra={"direction": "decline" if down else "gain"})
    for m in _REGIME.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        if not before and fallback is None or m[1].lower() == "out of":
            continue
        if re.search(r"\b(?:not|n[’']t|no longer|never)\b(?:\s+[\w-]+){0,3}\s*$",
                     text[max(s0, m.start() - 30):m.start()], re.I):
            continue            # "ends Monday not officially in a bear market": negated
        if FORECAST.search(text[max(s0, m.start() - 40):m.start()]) or re.search(
                r"\b(?:what|called|known as|defined as|means)\b", text[max(s0, m.start() - 30):m.start()],
                re.I):
            continue            # "what's known as a correction": a definition, not a claim
        inside = [x for x in ms if m.start() <= x.start < m.end() and x.named]
        subj = inside[0].symbol if inside else before[-1].symbol if before else fallback
        entered = not m[1].lower() in ("in",)
        bear = m[2].lower().startswith("bear")
        yield Claim(sentence=sentence, span=m.span(), subject=subj,
                    subject_text=before[-1].text if before else "",
                    metric=Metric.BEAR_MARKET if bear else Metric.CORRECTION,
                    period=ClaimPeriod("none", date.session), value=None, unit="none",
                    decimals=0, direction="down", text=m.group(),
                    extra={"entered": entered, "threshold_pct": 20.0 if bear else 10.0,
                           "anchor": "named" if inside or before else "article"})
    for m in _NEW_RECORD.finditer(text, s0, s1):
        tail = text[m.end():min(s1, m.end() + 25)]
        if re.match(r"\s*(?:of|at|near|above)?\s*[\d$]", tail) or re.search(
                r"\b(?:would|could|may|might|if|near|approach\w*|shy of|below|short of|from|"
                r"toward|within)\b[^.;]{0,25}$", text[max(s0, m.start() - 40):m.start()], re.I):
            continue        # a stated level (read as a figure) or not a record reached
        if _SUBSET.search(text, max(s0, m.start() - 40), m.start()):
            continue        # "with two climbing to new record highs": which two, it does not say
        before = [x for x in ms if x.end <= m.start()]
        subjects = group_of(text, s0, m.end(), before) or \
            ([before[-1].symbol] if before else [fallback] if fallback else [])
        low = m.group().lower()
        kind = "close" if (m[1] or re.search(r"clos|finish", low)) else \
            "intraday" if "intraday" in sentence.lower() else None
        named_day = find_period(sentence, date.session, date.published)
        period = named_day if named_day is not None and named_day.kind == "day" else \
            ClaimPeriod("none", date.session)
        rx: dict[str, object] = {"record_kind": kind, "new_record": True,
                                 "anchor": "named" if before else "pronoun"}
        nm = find_period(text[m.end():min(s1, m.end() + 25)], date.session, date.published)
        if nm is not None and nm.kind == "month" and nm.year and nm.month and \
                (nm.year, nm.month) < (date.session.year, date.session.month) and \
                re.match(r"\s*(?:in|during)\s", text[m.end():s1], re.I):
            # "reached a record high in May": a record set on one of that month's sessions
            days = cal.sessions(dt.date(nm.year, nm.month, 1),
                                cal.last_session_of_month(nm.year, nm.month))
            period, rx["record_within"] = ClaimPeriod("day", days[-1], text=nm.text), \
                [d.isoformat() for d in days]
        for subj in subjects:
            yield Claim(sentence=sentence, span=m.span(), subject=subj, subject_text="",
                        metric=Metric.RECORD_HIGH if kind == "intraday" else Metric.RECORD_CLOSE,
                        period=period, value=None, unit="none", decimals=0, direction="up",
                        text=m.group(), extra=dict(rx))
        nth = _NTH_THIS_YEAR.match(text, m.end(), s1)
        if nth is not None and len(subjects) == 1 and subjects[0] is not None and \
                kind != "intraday" and period.kind == "none":
            # "closed at a record for the seventh time this year": its seventh record close
            if (nth_n := ordinal(nth[1])) is not None:
                yield _count_claim(sentence, nth, subjects[0], before, nth_n, date.session.year,
                                   date.session, nth.group().strip(),
                                   "named" if before else "article")
    for m in _RECORD_COUNT.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        if subj is None:
            continue
        n = int(m[1]) if m[1].isdigit() else _count_word(m[1])
        if m[1].lower() in ("zero", "no", "none"):
            n = 0
        cited = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b",
                                            text[max(s0, m.start() - 60):min(s1, m.end() + 40)])]
        year = cited[-1] if cited else date.session.year
        if year > date.session.year:
            continue
        yield _count_claim(sentence, m, subj, before, n, year, date.session, m.group(),
                           "named" if before else "article")
    elided = [*_COUNT_VERSUS.finditer(text, s0, s1), *_COUNT_ELIDED.finditer(text, s0, s1)]
    counted = _RECORD_COUNT.search(text, max(0, s0 - 300), s1) if elided else None
    for m in elided:
        if counted is None or counted.start() > m.start():
            continue        # only after a count of record closes, whose noun it leaves out
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        if subj is None:
            continue
        said = m[1].lower()
        n = 0 if said in ("zero", "none") else int(said) if said.isdigit() else _count_word(said)
        year = date.session.year
        if m.re.pattern == _COUNT_VERSUS.pattern:    # (a guarded pattern wraps the one matching)
            year = date.session.year - 1 if m[2].lower() == "last year" else int(m[2])
        if year > date.session.year:
            continue
        yield _count_claim(sentence, m, subj, before, n, year, date.session,
                           m.group().strip(),
                           "named" if before and before[-1].named else "article")
    ranked = {m.start(): m for m in _MONTH_RANK.finditer(text, s0, s1)}
    for m in ranked.values():
        # "November is the second best month (after April)": a month's rank by its average
        before = [x for x in ms if x.end <= m.start()] or [x for x in ms if x.named][:1]
        after = [x for x in ms if x.start >= m.end() and x.named and _OF_THE.search(
            text, max(s0, x.start - 12), x.start)]
        if after and not any(x.named for x in before):
            before = after[:1]      # "It's not new: September is the worst month over the
            #                         long history of the Dow": the Dow's months, not "it"'s
        k = ORD_WORDS.index(m[2].lower()) + 1 if m[2] else 1
        best = m[3].lower() == "best"
        month = month_number(m[1])
        yield Claim(sentence=sentence, span=m.span(), subject=before[0].symbol if before else
                    fallback, subject_text=before[0].text if before else "",
                    metric=Metric.SEASONAL_BEST_MONTH if best else Metric.SEASONAL_WORST_MONTH,
                    period=ClaimPeriod("seasonal_month", date.session, month=month),
                    value=float(month), unit="none", decimals=0, text=m.group(),
                    extra={"month": month, "rank": k,
                           "whole_history": bool(_WHOLE_HISTORY.search(sentence))})
    for m in BEST_MONTH.finditer(text, s0, s1):
        if any(r.start() <= m.start() < r.end() for r in ranked.values()):
            continue
        mm = re.search(r"\b(january|february|march|april|may|june|july|august|september|"
                       r"october|november|december)\b", sentence, re.I)
        if not mm or not re.search(r"averag|historical|seasonal|typically|tends", sentence, re.I):
            continue
        before = [x for x in ms if x.end <= m.start()]
        subj = before[0].symbol if before else fallback
        best = (m[1] or m[2]).lower() == "best"
        yield Claim(sentence=sentence, span=m.span(), subject=subj,
                    subject_text=before[0].text if before else "",
                    metric=Metric.SEASONAL_BEST_MONTH if best else Metric.SEASONAL_WORST_MONTH,
                    period=ClaimPeriod("seasonal_month", date.session, month=month_number(mm[1])),
                    value=float(month_number(mm[1])), unit="none", decimals=0,
                    text=m.group(), extra={"month": month_number(mm[1])})


_NTH_THIS_YEAR = re.compile(rf"\s+for\s+the\s+(\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(ORD_WORDS)})\s+time"
                            r"\s+(?:this\s+year|of\s+the\s+year|so\s+far\s+this\s+year)\b", re.I)
_OF_THE = re.compile(r"\b(?:of|for|in)\s+(?:the\s+)?$", re.I)
#: "over the long history of the Dow", "ever", "on record": all of the index's years
_WHOLE_HISTORY = re.compile(r"\bhistory\b|\bever\b|\bon record\b|\bof all time\b", re.I)
_MONTH_RANK = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+(?:has\s+been|is|ranks\s+as)\s+(?:(?:historically|typically|usually|often)\s+)?"
    r"(?:the|its)\s+(?:(second|third|fourth|fifth|sixth)[- ])?(best|worst)(?:[- ]performing)?\s+"
    r"month\b(?!\s+of\s+(?:the|that|this)\s+year)", re.I)
_STREAK_UNITS = {"daily": "days", "day": "days", "weekly": "weeks", "week": "weeks",
                 "monthly": "months", "month": "months", "quarterly": "quarters",
                 "quarter": "quarters", "annual": "years", "year": "years"}


def _before_running(unit: str, session: dt.date) -> dt.date:
    """The last session before the running period of ``unit`` ("snapped a three-quarter losing
    streak": the streak that ended with the previous quarter)."""
    if unit == "days":
        return cal.previous_session(session)
    if unit == "weeks":
        return cal.previous_session(session - dt.timedelta(days=session.weekday()))
    if unit == "years":
        return cal.last_session_of_year(session.year - 1)
    first_month = session.month if unit == "months" else 3 * ((session.month - 1) // 3) + 1
    return cal.previous_session(dt.date(session.year, first_month, 1))


_SINCE_WHEN = re.compile(r"\bsince\s+([^;]{3,40}?),?\s+when\b[^.;]*$", re.I)


def _recalled_day(text: str, s0: int, pos: int,
                  session: dt.date) -> ClaimPeriod | Literal[False] | None:
    """A streak the sentence recalls ("its longest winning streak since Wednesday, Dec. 24,
    2025, when the market rose for five straight trading days"): the day it ended (False when
    that day is not a date), None when the streak at ``pos`` is not a recalled one."""
    w = _SINCE_WHEN.search(text, s0, pos)
    if w is None:
        return None
    ds = [d for d in find_dates(text, session, w.start(1), w.end(1)) if d.date is not None]
    if not ds or ds[-1].date is None or ds[-1].date >= session:
        return False
    return ClaimPeriod("day", ds[-1].date, text=text[w.start(1):w.end(1)])


def streak_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                  date: ArticleDate) -> Iterator[Claim]:
    """"has risen for six straight sessions" (STREAK, the count) and ", its longest winning
    streak since Sept. 19" (LONGEST_STREAK: the earlier streak at least as long ended then); a
    streak the sentence recalls ("since Dec. 24, 2025, when the market rose for five straight
    days") is read on the day it ended."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    for c in _streak_claims(text, s0, s1, ms, fallback, date):
        if c.subject is not None and instrument_kind(c.subject) == "yield" and not re.search(
                r"yield|treasur|\bnotes?\b|\bbonds?\b|\brates?\b", text[s0:c.span[0]], re.I):
            continue    # "Wall Street closed its eighth straight winning week": not the yield
            #             the story named last
        recalled = _recalled_day(text, s0, c.span[0], date.session) \
            if c.metric is Metric.STREAK else None
        if recalled is None:
            yield c
        elif recalled is not False:
            yield dataclasses.replace(c, period=recalled)


def _streak_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                   date: ArticleDate) -> Iterator[Claim]:
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    named_day = find_period(sentence, date.session, date.published)
    day_period = named_day if named_day is not None and named_day.kind == "day" else \
        ClaimPeriod("none", date.session)
    for m in _ORD_STREAK.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        if re.search(r"\b(?:record|all-time high|closing high)s?\b[^.;]{0,25}$",
                     text[max(s0, m.start() - 40):m.start()], re.I) or \
                blocker_before(text, before[-1].end if before else s0, m.start()):
            continue    # "closed at a record high for a second straight day": a run of records
        subj = before[-1].symbol if before else fallback
        noun = m[4].lower()
        if re.search(r"(?:session|day|week|month|quarter)s?$", noun) and not re.search(
                r"winning|losing|negative|positive|down|up", noun):
            # "closed higher for its 10th consecutive session": the direction is the verb's
            up = direction_in(text[max(s0, m.start() - 60):m.start()]) != "down"
        else:
            up = not (re.search(r"loss|decline|drop|fall|losing|decrease|negative|down", noun))
        count = int(m[1]) if m[1] else ORD_WORDS.index(m[2].lower()) + 1
        unit_word = (m[3] or "").lower() or next((u for u in ("week", "month", "quarter")
                                                  if u in noun), "day")
        if not before:
            after = [x for x in ms if m.end() <= x.start <= m.end() + 40 and x.named]
            if after:    # "the seventh consecutive day of gains for the Dow and S&P 500"
                for x in after:
                    yield Claim(sentence=sentence, span=(m.span(1) if m[1] else m.span(2))[0:1]
                                + (m.end(),), subject=x.symbol, subject_text=x.text,
                                metric=Metric.STREAK, period=day_period,
                                value=float(int(m[1]) if m[1] else ORD_WORDS.index(m[2].lower())
                                            + 1), unit="count", decimals=0,
                                direction="up" if up else "down",
                                text=text[(m.start(1) if m[1] else m.start(2)):m.end()],
                                extra={"unit": _STREAK_UNITS.get(unit_word, "days"),
                                       "streak_direction": "up" if up else "down",
                                       "anchor": "named"})
                continue
        unit = _STREAK_UNITS[unit_word]
        cspan = m.span(1) if m[1] else m.span(2)
        ox: dict[str, object] = {"unit": unit, "streak_direction": "up" if up else "down"}
        yield Claim(sentence=sentence, span=(cspan[0], m.end()), subject=subj,
                    subject_text=before[-1].text if before else "", metric=Metric.STREAK,
                    period=day_period, value=float(count), unit="count",
                    decimals=0, direction="up" if up else "down", text=text[cspan[0]:m.end()],
                    extra=ox)
        yield from _longest_after(text, m.end(), s1, date, sentence, subj,
                                  before[-1].text if before else "", day_period, ox, count, up)
    for m in _N_STREAK.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subjects: Sequence[str | None] = group_of(text, s0, m.start(), before) or \
            [before[-1].symbol if before else fallback]
        count = int(m[2]) if m[2].isdigit() else NUMBER_WORDS.index(m[2].lower()) if \
            m[2].lower() in NUMBER_WORDS else 0
        if count < 2:
            continue
        up = m[4].lower() == "winning"
        ended = bool(m[1]) and not m[1].lower().startswith("extend")
        unit = {"session": "days", "day": "days"}.get(m[3].lower(), m[3].lower() + "s")
        day = _before_running(unit, date.session) if ended else day_period.end
        cspan = m.span(2)
        nx: dict[str, object] = {"unit": unit, "streak_direction": "up" if up else "down",
                                 "ended": ended}
        if not ended and _STREAK_OVER.match(text, m.end(), s1):
            nx["or_ended"] = _before_running(unit, date.session).isoformat()
        for subj in subjects:
            yield Claim(sentence=sentence, span=cspan, subject=subj,
                        subject_text=before[-1].text if before else "", metric=Metric.STREAK,
                        period=ClaimPeriod("day", day, text="the period before" if ended else ""),
                        value=float(count), unit="count", decimals=0,
                        direction="up" if up else "down", text=text[m.start(2):m.end()],
                        extra=dict(nx))
    for m in _EXTENDED.finditer(text, s0, s1):
        # "extended its losing streak to 10 consecutive days": the streak's new length
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        up = m[1].lower() == "winning"
        count = int(m[2]) if m[2].isdigit() else _count_word(m[2])
        unit = {"sessions": "days", "days": "days", "trading days": "days"}.get(m[3].lower(),
                                                                              m[3].lower())
        if count < 2 or subj is None:
            continue
        xx: dict[str, object] = {"unit": unit, "streak_direction": "up" if up else "down"}
        yield Claim(sentence=sentence, span=m.span(2), subject=subj,
                    subject_text=before[-1].text if before else "", metric=Metric.STREAK,
                    period=day_period, value=float(count), unit="count", decimals=0,
                    direction="up" if up else "down", text=m.group().strip(), extra=xx)
    for m in _STREAK.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        subj_text = before[-1].text if before else ""
        group = group_of(text, s0, m.start(), before)
        up = m[1].lower() in ("risen", "rose", "gained", "advanced", "climbed", "rallied",
                              "closed higher", "closed up") or bool(
            re.fullmatch(r"(?:is|was|has been) (?:up|higher)", m[1], re.I))
        count = int(m[2]) if m[2] else NUMBER_WORDS.index(m[3].lower())
        unit = {"sessions": "days", "days": "days", "trading days": "days"}.get(m[4].lower(),
                                                                              m[4].lower())
        cspan = m.span(2) if m[2] else m.span(3)
        extra: dict[str, object] = {"unit": unit, "streak_direction": "up" if up else "down"}
        if m[0].lower().startswith("had ") or _STREAK_OVER.match(text, m.end(), s1):
            extra["or_ended"] = _before_running(unit, date.session).isoformat()
        period = day_period
        for each in group[:-1] if len(group) >= 2 else []:   # "All three indexes have fallen
            yield Claim(sentence=sentence, span=cspan, subject=each,  # for four straight sessions"
                        subject_text="", metric=Metric.STREAK, period=period,
                        value=float(count), unit="count", decimals=0,
                        direction="up" if up else "down", text=text[cspan[0]:cspan[1]],
                        extra=dict(extra))
        if len(group) >= 2:
            subj, subj_text = group[-1], ""
        yield Claim(sentence=sentence, span=cspan, subject=subj, subject_text=subj_text,
                    metric=Metric.STREAK, period=period, value=float(count), unit="count",
                    decimals=0, direction="up" if up else "down", text=text[cspan[0]:cspan[1]],
                    extra=extra)
        yield from _longest_after(text, m.end(), s1, date, sentence, subj, subj_text, period,
                                  extra, count, up)


#: "This is the longest losing streak for the index since February 1978", "This marked the
#: index's longest stretch of consecutive declines since a 1974 losing streak": the streak the
#: story just gave, ranked
_LONGEST_ALONE = re.compile(
    r"\b(?:this|that|it)\s+(?:is|was|marks|marked|makes|made|became|becomes)\s+(?:the|its|their|"
    r"the\s+[\w-]+['’]s)\s+longest\s+(?:(?P<gran>daily|weekly|monthly)\s+)?(?:(?P<dir>winning|"
    r"losing)\s+(?:streak|run)|(?:stretch|run|string)\s+of\s+(?:consecutive|straight|daily)\s+"
    r"(?P<noun>declines|losses|drops|falls|gains|advances|increases))(?:\s+(?:for|of)\s+(?:the\s+)?"
    r"[\w&.-]+(?:\s+[\w&.-]+){0,2}?)?\s+since\b", re.I)


def longest_alone_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                         date: ArticleDate, length: int) -> Iterator[Claim]:
    """A sentence that ranks the streak of ``length`` sessions the sentence before it gave ("This
    is the longest losing streak for the index since February 1978"): a LONGEST_STREAK claim."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    for m in _LONGEST_ALONE.finditer(text, s0, s1):
        named_since = since_after(text, m.end(), s1, date.session)
        if named_since is None:
            continue
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        if subj is None:
            continue
        up = (m["dir"] or "").lower() == "winning" or (m["noun"] or "").lower() in (
            "gains", "advances", "increases")
        if m["gran"]:
            continue        # the streak before was one of sessions
        end, since = named_since
        yield Claim(sentence=text[s0:s1], span=(m.start(), end), subject=subj,
                    subject_text=before[-1].text if before else "", metric=Metric.LONGEST_STREAK,
                    period=ClaimPeriod("none", date.session), value=None, unit="none",
                    decimals=0, direction="up" if up else "down",
                    text=text[m.start():end],
                    extra={"unit": "days", "streak_direction": "up" if up else "down",
                           "since": since, "length": length})


def _longest_after(text: str, pos: int, s1: int, date: ArticleDate, sentence: str,
                   subj: str | None, subj_text: str, period: ClaimPeriod,
                   extra: dict[str, object], count: int, up: bool) -> Iterator[Claim]:
    """", its longest winning streak since Sept. 19" (or "... in 20 years", "... on record")
    after a streak of ``count`` ending at ``pos``: a LONGEST_STREAK claim."""
    assert date.session is not None
    lx = {**extra, "length": count}
    if (fm := _FIRST_SINCE.match(text, pos, s1)) is not None:
        # "its fourth consecutive negative quarter for the first time since 2001": the last
        # streak as long ended then
        dates = [d for d in find_dates(text, date.session, fm.end(), min(s1, fm.end() + 30))
                 if d.start == fm.end()]
        year = re.match(r"((?:19|20)\d{2})\b", text[fm.end():s1])
        when, end = (dates[0].date.isoformat() if dates[0].date else
                     f"{dates[0].year:04d}-{dates[0].month:02d}", dates[0].end) if dates else \
            (year[1], fm.end() + year.end()) if year else (None, 0)
        if when is not None and when < date.session.isoformat():
            lx["since"] = when
            yield Claim(sentence=sentence, span=(fm.start("w"), end), subject=subj,
                        subject_text=subj_text, metric=Metric.LONGEST_STREAK, period=period,
                        value=float(count), unit="none", decimals=0,
                        direction="up" if up else "down", text=text[fm.start("w"):end],
                        extra=lx)
        return
    lm = _LONGEST.search(text, pos, s1)
    if lm is None or text[pos:lm.start()].count(",") > 1 or _ANOTHER_RUN.search(
            text, pos, lm.start()):
        return          # (a streak named in between is the one ranked)
    end = lm.end()
    if lm[3]:           # "its longest winning streak in 20 years"
        lx["since"] = None
        lx["years"] = _count_word(lm[3]) if not lm[3].isdigit() else int(lm[3])
    elif lm[2].lower() == "since" and (run := _RUN_FROM_TO.match(text, lm.end(), s1)):
        end = run.end()         # "since an 11-quarter run from 1995 to 1996": the run ended
        lx["since"] = run["y2"]  # in 1996
    elif lm[2].lower() == "since":
        dates = find_dates(text, date.session, lm.end(), min(s1, lm.end() + 30))
        if not dates or dates[0].date is None:
            return
        end = dates[0].end
        lx["since"] = dates[0].date.isoformat()
    else:
        lx["since"] = None
    yield Claim(sentence=sentence, span=(lm.start(), end), subject=subj,
                subject_text=subj_text, metric=Metric.LONGEST_STREAK, period=period,
                value=float(count), unit="none", decimals=0,
                direction="up" if up else "down", text=text[lm.start():end], extra=lx)

_NUM_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
# "its highest close since Nov. 8, 2021", "its lowest level since January 2022"
_EXTREME_SINCE = re.compile(
    r"\b(?:(highest|lowest)\s+(?:(?:close|closing|finish|level|closing\s+level|yield)\s+)?|"
    r"(?:a\s+)?levels?\s+(?:not\s+seen|unseen)\s+)since\b", re.I)
# "a three-year high", "a fresh 52-week low", "its highest level in three years"
_N_YEAR = re.compile(
    rf"\b(?:(52)[- ]week|(\d{{1,2}}|{_NUM_WORD})[- ]year)\s+(?:closing\s+)?(high|low)s?\b|"
    rf"\b(highest|lowest)\s+(?:(?:close|closing|finish|level|closing\s+level)\s+)?"
    rf"(?:in|in\s+(?:more\s+than|over|nearly|almost|about)|for)\s+"
    rf"(?:(\d{{1,2}}|{_NUM_WORD})\s+years|(a)\s+year|(52)\s+weeks)\b", re.I)
#: a yield "rose to 3% for the first time in four years", "topped 4% for the first time since
#: 2007": its highest close since then (the level itself is a YIELD_LEVEL claim)
_FIRST_TIME = re.compile(
    r"(?P<level>\d+(?:\.\d+)?\s*(?:%|percent))\s+(?:\w+\s+){0,3}?(?P<first>for the (?:first|1st) time)\s+"
    r"(?:(?P<since>since)\b|in\s+(?:more than\s+|over\s+|nearly\s+|almost\s+)?(?P<years>a|an|\d{1,2}|"
    rf"{_NUM_WORD})\s+years?\b)", re.I)
_INTRADAY = re.compile(r"\bintraday\b|\bduring the session\b|\bin (?:early|late|morning|"
                       r"afternoon)? ?trading\b|\bsession (?:high|low)\b|\bat one point\b|"
                       r"\bearlier in the (?:day|session)\b", re.I)


def _count_word(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS.index(w) if w in NUMBER_WORDS else \
        {"fifteen": 15, "twenty": 20}.get(w, 0)


def extreme_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                    date: ArticleDate) -> Iterator[Claim]:
    """"its highest close since Nov. 8, 2021" (HIGHEST/LOWEST_CLOSE_SINCE: ``since`` is a day,
    ``YYYY-MM`` or ``YYYY``), "a three-year high" / "its highest level in three years"
    (N_YEAR_HIGH/LOW, ``years``) and "a 52-week low" (WEEK52_HIGH/LOW). ``basis`` is ``intraday``
    when the clause says so ("intraday", "during the session"), else ``close``."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    found: list[tuple[int, int, Metric, dict[str, object]]] = []
    for m in _EXTREME_SINCE.finditer(text, s0, s1):
        high = (m[1] or "").lower() == "highest"
        if m[1] is None:    # "to a level not seen since October 2007": the way it moved
            high = direction_in(text[max(s0, m.start() - 60):m.start()]) != "down"
        named_since = since_after(text, m.end(), s1, date.session)
        if named_since is None:
            continue
        end, since = named_since
        found.append((m.start(), end, Metric.HIGHEST_CLOSE_SINCE if high
                      else Metric.LOWEST_CLOSE_SINCE, {"since": since}))
    for m in _FIRST_TIME.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj_ = before[-1].symbol if before else fallback
        if subj_ is None or instrument_kind(subj_) != "yield":
            continue        # an index's "first close above 26,000 since ..." is FIRST_CLOSE_ABOVE
        high = direction_in(text[max(s0, m.start() - 30):m.end("level")]) != "down"
        if m["since"]:
            named_since = since_after(text, m.end("since"), s1, date.session)
            if named_since is not None:
                found.append((m.start("first"), named_since[0], Metric.HIGHEST_CLOSE_SINCE if high
                              else Metric.LOWEST_CLOSE_SINCE, {"since": named_since[1]}))
        elif m["years"]:
            years = 1 if m["years"].lower() in ("a", "an") else _count_word(m["years"])
            if years >= 1:
                found.append((m.start("first"), m.end(), Metric.N_YEAR_HIGH if high
                              else Metric.N_YEAR_LOW, {"years": years}))
    for m in _N_YEAR.finditer(text, s0, s1):
        if m[1] or m[7]:
            years, high = 0, (m[3] or m[4]).lower().startswith("high")
            metric = Metric.WEEK52_HIGH if high else Metric.WEEK52_LOW
        else:
            years = _count_word(m[2] or m[5] or "") if (m[2] or m[5]) else 1
            high = (m[3] or m[4]).lower().startswith("high")
            if years < 1:
                continue
            metric = Metric.N_YEAR_HIGH if high else Metric.N_YEAR_LOW
        found.append((m.start(), m.end(), metric, {"years": years} if years else {}))
    for start, end, metric, extra in sorted(found, key=lambda f: f[0]):
        if _REFERENCE.search(text, max(s0, start - 25), start) or \
                re.match(r"\s+of\s+[\d,.]+", text[end:s1]):
            continue        # "off 33.82% from its 52-week high of 15832.80": a reference point
        before = [x for x in ms if x.end <= start]
        if blocker_before(text, max(s0, before[-1].end if before else s0), start) is not None:
            continue        # "Oil prices tumbled to their lowest in more than a year"
        subj = before[-1].symbol if before else fallback
        bounds = clause(text, start, s0, s1)
        tail = CLAUSE_END.split(text[end:min(bounds[1], end + 60)], 1)[0]
        lead = text[max(bounds[0], start - 80):end] + tail
        extra["basis"] = "intraday" if _INTRADAY.search(lead) else "close"
        if kind_f := forecast_kind(text[max(s0, start - 40):start]):
            extra["forecast"] = kind_f
        yield Claim(sentence=sentence, span=(start, end), subject=subj,
                    subject_text=before[-1].text if before else "", metric=metric,
                    period=ClaimPeriod("day", date.session), value=None, unit="none",
                    decimals=0, direction="up" if metric in (
                        Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.WEEK52_HIGH)
                    else "down", text=text[start:end], extra=extra)


#: "negative returns in September on 55 percent of occasions since 1928", "Of the past 50
#: Septembers, the S&P 500 has fallen 28 times (56%)": how often a calendar month rose or fell.
_FREQ_PCT = re.compile(r"(\d{1,3}(?:\.\d+)?)(\s*(?:%|percent|per cent))(?:\s+of\s+(?:the\s+)?"
                       r"(?:occasions|time|years|cases|instances)\b|\s*\))", re.I)
_FREQ_DOWN = re.compile(r"\b(?:fell|fallen|declined|dropped|lost|negative|losses|loss|lower|"
                        r"down)\b", re.I)
_FREQ_UP = re.compile(r"\b(?:rose|risen|gained|advanced|positive|gains|higher|up)\b", re.I)
_FREQ_SINCE = re.compile(r"\b(?:since|going back to|back to|dating back to)\s+((?:19|20)\d{2})\b",
                         re.I)
_FREQ_PAST = re.compile(r"\b(?:past|last)\s+(\d{1,3})\s+(?:years|(?:january|february|march|april|"
                        r"may|june|july|august|september|october|november|december)s)\b", re.I)


def frequency_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                     date: ArticleDate) -> Iterator[Claim]:
    """How often one calendar month rose or fell (SEASONAL_PCT_UP; ``extra["down"]``: the text
    counts declines). The span: "since 1928" / "going back to 1950" (to the last complete such
    month), "the past 50 Septembers" (the last 50), else all the data. Only when the sentence
    names exactly one month and one direction; the figure is a percent of years."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    if _FREQ_PCT.search(text, s0, s1) is None:
        return          # no percent of occasions: no claim (the cheapest look first)
    sentence = text[s0:s1]
    months = {m[1].lower() for m in MONTH_PLURAL.finditer(sentence)}
    down, up = _FREQ_DOWN.search(sentence), _FREQ_UP.search(sentence)
    if len(months) != 1 or bool(down) == bool(up):
        return
    month = month_number(months.pop())
    last = date.session.year if date.session.month > month else date.session.year - 1
    years: tuple[int, int] | None = None
    if (since := _FREQ_SINCE.search(sentence)) is not None:
        years = (int(since[1]), last)
    elif (past := _FREQ_PAST.search(sentence)) is not None:
        years = (last - int(past[1]) + 1, last)
    for m in _FREQ_PCT.finditer(text, s0, s1):
        if m.group().endswith(")") and not re.search(r"\btimes\s*\($", text[s0:m.start()]):
            continue        # "(1.3 percent)" is a move; "fallen 28 times (56%)" a frequency
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        if not before and not any(x.named for x in ms):
            continue
        yield Claim(sentence=sentence, span=(m.start(), m.end(2)), subject=subj,
                    subject_text=before[-1].text if before else "",
                    metric=Metric.SEASONAL_PCT_UP,
                    period=ClaimPeriod("seasonal_month", date.session, month=month),
                    value=float(m[1]), unit="pct", decimals=len(m[1].split(".")[1]) if "." in
                    m[1] else 0, text=m[1] + m[2],
                    extra={"down": down is not None, **({"years": list(years)} if years else {})})


# The sentence scans above, behind a first-character lookahead (the same matches, faster).
_FIRST_TIME, _COUNT_VERSUS, _COUNT_ELIDED = map(guarded, (_FIRST_TIME, _COUNT_VERSUS, _COUNT_ELIDED))
(_LARGEST, _OF_YEAR, _BEST_DAY, _BEST_CAL_MONTH, _IN_SPAN, _RANKED, _REGIME, _GROUP, _COLLECTIVE,
 _NEW_RECORD, _DAYS_MOVE, _RECORD_COUNT, _STREAK, _N_STREAK, _ORD_STREAK, _LONGEST, _MONTH_RANK,
 _EXTREME_SINCE, _N_YEAR, _REFERENCE, _FREQ_PCT, _LONGEST_ALONE) = map(guarded, (
    _LARGEST, _OF_YEAR, _BEST_DAY, _BEST_CAL_MONTH, _IN_SPAN, _RANKED, _REGIME, _GROUP,
    _COLLECTIVE, _NEW_RECORD, _DAYS_MOVE, _RECORD_COUNT, _STREAK, _N_STREAK, _ORD_STREAK,
    _LONGEST, _MONTH_RANK, _EXTREME_SINCE, _N_YEAR, _REFERENCE, _FREQ_PCT, _LONGEST_ALONE))

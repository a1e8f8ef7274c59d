"""The words of counting claims (:mod:`.counts`): numbers, period nouns, windows and the condition
a period meets ("up or down at least 1%", "negative", "fell more than 1,000 points").

A condition is read from a short stretch next to the count; it is ``sure`` only when the words
leave one reading: a direction (or "up or down") and, for a threshold, "more than" / "at least" /
"or more" around it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import calendar as cal
from .entities import find_named
from .periods import find_period, month_number
from .quantities import DOWN_WORDS, UP_WORDS
from .wording import NUMBER_WORDS, ORD_WORDS

__all__ = ["Cond", "MONTHS", "NUM", "ORD", "UNIT", "Window", "complete_year_span", "condition",
           "number", "ordinal", "threshold", "unit_of", "window_after", "window_of_period"]

_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "a hundred": 100, "one hundred": 100, "hundred": 100}
NUM = (r"\d{1,3}(?:,\d{3})?|" + "|".join(sorted(_TENS, key=len, reverse=True)) + "|" +
       "|".join(NUMBER_WORDS[1:]) + r"|a\s+single|a")
ORD = r"\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORD_WORDS[1:])
MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|"
          r"december")
#: A period noun, singular or plural: sessions, weeks, months, quarters, years, "Septembers".
UNIT = (rf"(?:trading[- ])?(?:days?|sessions?)|weeks?|months?|quarters?|years?|(?:{MONTHS})e?s")


def number(word: str) -> int | None:
    """The integer a number word or figure stands for ("17", "nine", "fifty", "a")."""
    w = " ".join(word.lower().split()).replace(",", "")
    if w.isdigit():
        return int(w)
    if w in ("a", "a single"):
        return 1
    if w in NUMBER_WORDS:
        return NUMBER_WORDS.index(w)
    return _TENS.get(w)


def ordinal(word: str) -> int | None:
    w = word.lower()
    if w[:1].isdigit():
        return int(re.sub(r"\D", "", w))
    return ORD_WORDS.index(w) + 1 if w in ORD_WORDS else None


def unit_of(noun: str) -> tuple[str, int | None]:
    """(days / weeks / months / quarters / years, calendar month) of a period noun."""
    w = noun.lower()
    m = re.fullmatch(rf"({MONTHS})e?s", w)
    if m:
        return "months", month_number(m[1])
    for stem, unit in (("day", "days"), ("session", "days"), ("week", "weeks"),
                       ("month", "months"), ("quarter", "quarters"), ("year", "years")):
        if stem in w:
            return unit, None
    return "days", None


@dataclass(frozen=True, slots=True)
class Cond:
    """What a counted period did: ``move`` up / down / either / any, with a threshold in
    ``basis`` units (``strict``: more than it); ``sure``: the words allow no other reading;
    ``span``: where the threshold figure is in the text (a condition, not a claim)."""

    move: str
    threshold: float | None = None
    basis: str = "pct"
    strict: bool = False
    sure: bool = True
    span: tuple[int, int] | None = None
    per: str | None = None      # the period the words give the move ("weekly", "in a day")


_THRESH = re.compile(
    r"(?:\bby\s+)?(?P<q>more than|over|at least|greater than|in excess of|upwards of|above)?\s*"
    r"(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<u>%|percent\b|per cent\b|-point\b|points?\b)"
    r"(?P<more>\s+or\s+(?:more|greater|better|worse|larger|bigger|higher|lower))?", re.I)
_EITHER = re.compile(r"\bup\s+or\s+down\b|\bdown\s+or\s+up\b|\b(?:in\s+)?either\s+(?:direction|way)\b|"
                     r"\bhigher\s+or\s+lower\b", re.I)
_MOVED = re.compile(r"\b(?:mov(?:e|es|ed|ing)|swings?|swung)\b", re.I)
_RELATIVE = ("outperformed", "underperformed", "lagged", "trailed", "behind", "ahead")
_UP = re.compile(r"\b(?:" + "|".join(w for w in UP_WORDS if w not in _RELATIVE) +
                 r"|positive|winning|green|advancers?|gainers?)\b", re.I)
_DOWN = re.compile(r"\b(?:" + "|".join(w for w in DOWN_WORDS if w not in _RELATIVE) +
                   r"|losses|losing|red|sell-?offs?|routs?|diving|dives|sinking|tumble|plunge|"
                   r"slump|retreat|retreats)\b", re.I)
_COMPARED = re.compile(r"\b(?:" + "|".join(_RELATIVE) + r"|than)\b", re.I)
_PER = re.compile(r"\b(?:(?:in|for|on)\s+(?:a|one|the)\s+(?:single\s+)?(?:day|session|week|month|"
                  r"quarter|year)|per\s+(?:day|session|week|month)|(?:one|single)-(?:day|session)|"
                  r"daily|weekly|monthly|quarterly|annual|yearly)\b", re.I)
_PER_UNIT = (("day|session|daily", "days"), ("week", "weeks"), ("month", "months"),
             ("quarter", "quarters"), ("year|annual", "years"))
#: words that make a stretch something else than one period's move
_NOT_MOVE = re.compile(r"\b(?:record|all-time|high(?:s)?|low(?:s)?|peak|average|streak|straight|"
                       r"consecutive|in a row|volume|shares|stocks|members|components|sectors|"
                       r"constituents|issues|companies|names|advancers|decliners|breadth|"
                       r"activity|sales|prices|rates?|applications|claims|earnings|of\s+its|"
                       r"intraday|intra-day|at\s+one\s+point|during\s+the\s+(?:day|session)|"
                       r"range|futures)\b", re.I)


def threshold(text: str, a: int, b: int) -> Cond | None:
    """The size alone ("1%", "1,000-point", "more than 2%") in ``text[a:b]``, as a condition
    with no direction yet (``move`` empty)."""
    t = _THRESH.search(text, a, b)
    if t is None:
        return None
    q = (t["q"] or "").lower()
    strict = q in ("more than", "over", "greater than", "in excess of", "upwards of", "above")
    return Cond("", float(t["v"].replace(",", "")), "pts" if "point" in t["u"].lower() else "pct",
                strict, bool(q) or bool(t["more"]), (t.start("q") if q else t.start("v"), t.end()))


def condition(text: str, a: int, b: int, ignore: tuple[tuple[int, int], ...] = ()) -> Cond | None:
    """The condition stated in ``text[a:b]`` (None: none, or more than one); instrument names
    and the ``ignore`` spans (the count itself) are not read."""
    chars = list(text[a:b])
    for x, y in (*ignore, *((n.start, n.end) for n in find_named(text, a, b))):
        for k in range(max(x, a), min(y, b)):
            chars[k - a] = " "
    s = "".join(chars)
    if _NOT_MOVE.search(s):
        return None         # a record, breadth, another statistic
    th = list(_THRESH.finditer(s))
    if len(th) > 1:
        return None
    t = th[0] if th else None
    rest = s if t is None else s[:t.start()] + " " * (t.end() - t.start()) + s[t.end():]
    if _COMPARED.search(rest):
        return None         # a comparison with another instrument ("outperformed", "than")
    if re.search(r"\d[\d,]*(?:\.\d+|\s*(?:%|percent|points?|bps?|basis|percentage))|\$\s*\d|"
                 r"\bbasis points?\b|\b(?:" + "|".join(NUMBER_WORDS[1:]) + r")\s+(?:percent|per\s+"
                 r"cent|points?)\b", rest, re.I):
        return None         # another figure ("10 basis points"): not a condition read here
    per_m = _PER.search(rest)
    per = None if per_m is None else next(u for w, u in _PER_UNIT if re.search(w, per_m.group(),
                                                                               re.I))
    either = _EITHER.search(rest)
    if either:
        rest = rest.replace(either.group(), " ")
    up, down = _UP.search(rest), _DOWN.search(rest)
    if (up and down) or (either and (up or down)):
        return None
    move = "either" if either else "up" if up else "down" if down else \
        "either" if _MOVED.search(rest) else ""
    if not move or (move == "either" and t is None):
        return None
    if t is None:
        return Cond(move, per=per)
    unit = t["u"].lower()
    basis = "pts" if "point" in unit else "pct"
    q = (t["q"] or "").lower()
    strict = q in ("more than", "over", "greater than", "in excess of", "upwards of", "above")
    sure = bool(q) or bool(t["more"])
    return Cond(move, float(t["v"].replace(",", "")), basis, strict, sure,
                (a + (t.start("q") if t["q"] else t.start("v")), a + t.end()), per)


@dataclass(frozen=True, slots=True)
class Window:
    """Which periods a count is over: ``kind`` last (``n`` periods to the session), year, ytd,
    mtd, wtd, month, range (``start`` to ``end`` or the session), seasonal (``years``), all
    (the whole history), sessions (``n``: "in four days"); ``text`` as written."""

    kind: str
    text: str = ""
    n: int | None = None
    year: int | None = None
    month: int | None = None
    start: dt.date | None = None
    years: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "n": self.n, "year": self.year,
                "month": self.month, "start": self.start.isoformat() if self.start else None,
                "years": list(self.years) if self.years else None}


_SINCE = re.compile(rf"\b(?:since|from)\s+(?:the\s+start\s+of\s+)?(?:({MONTHS})\s+)?((?:19|20)\d{{2}})\b",
                    re.I)
_OF_YEAR = re.compile(r"\bof\s+(?:the\s+year|((?:19|20)\d{2}))\b", re.I)
_BACK_TO = re.compile(r"\b(?:going\s+back\s+to|dating\s+back\s+to|back\s+to)\s+((?:19|20)\d{2})\b",
                      re.I)


def window_of_period(text: str, session: dt.date, published: dt.date | None) -> Window | None:
    """The window a time phrase in ``text`` names: "since April 2020", "in 2019", "this year",
    "so far in 2018", "this month", "in October", "going back to 1950"."""
    m = _SINCE.search(text)
    if m:
        y = int(m[2])
        start = dt.date(y, month_number(m[1]) if m[1] else 1, 1)
        return Window("range", m.group(), start=start) if start <= session else None
    m = _BACK_TO.search(text)
    if m:
        return Window("range", m.group(), start=dt.date(int(m[1]), 1, 1))
    m = _OF_YEAR.search(text)
    if m:
        return Window("year", m.group(), year=int(m[1])) if m[1] else Window("ytd", m.group())
    p = find_period(text, session, published)
    if p is None:
        return None
    if p.kind == "year" and p.year:
        return Window("year", p.text, year=p.year)
    if p.kind in ("ytd", "mtd", "wtd"):
        return Window(p.kind, p.text)
    if p.kind == "month" and p.year and p.month:
        return Window("month", p.text, year=p.year, month=p.month)
    return None


_PAST = re.compile(rf"\s*(?:over|in|during|of|within|for)?\s*(?:the\s+)?(?:past|last|previous|prior|"
                   rf"latest)\s+(?P<n>{NUM})(?:\s+(?:trading\s+)?(?P<u>{UNIT}))?\b", re.I)


def window_after(text: str, pos: int, end: int, session: dt.date,
                 published: dt.date | None) -> tuple[Window, int, str | None] | None:
    """A window right after ``pos`` ("over the past 11", "in the last 12 weeks", "so far this
    year"): (window, its end, its period noun if it names one)."""
    m = _PAST.match(text, pos, end)
    if m and (n := number(m["n"])):
        return Window("last", m.group().strip(), n=n), m.end(), m["u"]
    stretch = text[pos:min(end, pos + 45)]
    w = window_of_period(re.split(r"[,;]|\s(?:and|but|while|as|after|when)\s", stretch)[0],
                         session, published)
    if w is not None:
        k = text.find(w.text, pos, end)
        return w, (k + len(w.text)) if k >= 0 else pos, None
    return None


def complete_year_span(n: int, month: int, session: dt.date) -> tuple[int, int]:
    """The years of the last ``n`` complete ``month``s before ``session``."""
    try:
        over = cal.last_session_of_month(session.year, month) <= session
    except Exception:       # noqa: BLE001 - outside the calendar: by the month alone
        over = month < session.month
    last = session.year if (month < session.month or (month == session.month and over)) \
        else session.year - 1
    return last - n + 1, last


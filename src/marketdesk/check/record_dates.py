"""When the record in force was set: "from its record close set Aug. 29", "its Sept. 20 record
close", "its record high on February 19", "its all-time high set in January", "The Dow's last peak
was January 26". Each is a claim about the date of the record close (or, for "high" / "peak", of
the record close or the record intraday high) in force at the session the sentence is about."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..facts.model import Metric
from .entities import Mention, blocker_before, subject_before
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import _MON, find_dates, month_number
from .firstchar import guarded

__all__ = ["record_date_claims"]

_MONTHS = _MON[1:-1]      # the month names of :mod:`.periods`, without their group
_RECORD_NOUN = (r"(?:record|all-time)[- ](?:closing[- ])?(?:close|high|peak|closing high)|"
                r"(?:record|all-time)\s+(?:close|high)|peak")
#: "its record close set Aug. 29", "its all-time high set in January", "record high on Feb. 19"
_SET_ON = re.compile(rf"(?:\b(?:its|it[’']s|their|the)|\b(?:from|below|off|under)\s+a)\s+"
                     rf"(?:previous\s+|last\s+)?(?P<noun>"
                     rf"{_RECORD_NOUN})\s+(?:(?:was\s+)?(?:set|reached|hit|notched|recorded)\s+"
                     rf"(?:on\s+|in\s+)?|(?:on|in)\s+)(?=(?:{_MONTHS})\b)", re.I)
#: "its Sept. 20 record close"
_DATE_FIRST = re.compile(rf"\b(?:its|their|the)\s+(?=(?:{_MONTHS})\b)(?P<date>[A-Za-z]+\.?\s+\d{{1,2}})"
                         rf"(?:,\s+\d{{4}})?\s+(?P<noun>{_RECORD_NOUN})\b", re.I)
#: "The Dow's last peak was January 26"
_WAS = re.compile(rf"['’]s\s+(?:last|latest|most recent)\s+(?P<noun>{_RECORD_NOUN}|record)\s+"
                  rf"(?:was|came)\s+(?:on\s+|in\s+)?(?=(?:{_MONTHS})\b)", re.I)
#: "its all-time high set earlier in the week", "its record close hit last week"
_SET_REL = re.compile(rf"\b(?:its|it[’']s|their|the)\s+(?:previous\s+|last\s+)?(?P<noun>"
                      rf"{_RECORD_NOUN})\s+(?:was\s+)?(?:set|reached|hit|notched|recorded)\s+"
                      r"(?P<rel>earlier\s+(?:in\s+the|this)\s+(?P<unit>week|month)|last\s+week)\b",
                      re.I)
_BARE_MONTH = re.compile(rf"({_MONTHS})\.?(?:\s+((?:19|20)\d{{2}}))?\b(?!\.?\s*\d)", re.I)


def _when(text: str, pos: int, end: int, session: dt.date) -> tuple[str, int] | None:
    """The day ("2018-08-29") or month ("2022-01") a record-date phrase names at ``pos``, with the
    end of its words; a bare month is the latest such month up to the session."""
    ds = [d for d in find_dates(text, session, pos, min(end, pos + 24)) if d.start == pos]
    if ds and ds[0].date is not None and ds[0].date <= session:
        return ds[0].date.isoformat(), ds[0].end
    if ds and ds[0].month is not None:
        return f"{ds[0].year:04d}-{ds[0].month:02d}", ds[0].end
    m = _BARE_MONTH.match(text, pos, end)
    if m is None:
        return None
    mo = month_number(m[1])
    year = int(m[2]) if m[2] else session.year if mo <= session.month else session.year - 1
    return f"{year:04d}-{mo:02d}", m.end()


def _relative(words: str, session: dt.date) -> str:
    """The days "earlier in the week" / "earlier this month" / "last week" stand for, seen from
    ``session``: "FIRST..LAST" (ISO dates, both included)."""
    w = words.lower()
    if w.startswith("last"):
        monday = session - dt.timedelta(days=session.weekday() + 7)
        return f"{monday}..{monday + dt.timedelta(days=6)}"
    first = session.replace(day=1) if w.endswith("month") else \
        session - dt.timedelta(days=session.weekday())
    return f"{first}..{session - dt.timedelta(days=1)}"


def record_date_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                       date: ArticleDate) -> Iterator[Claim]:
    """The record-date claims of the sentence ``text[s0:s1]``: RECORD_CLOSE with no value and
    ``extra["set_on"]`` the day (ISO), month ("YYYY-MM") or span of days ("FIRST..LAST": "earlier
    in the week") the text gives; ``extra["high"]`` when
    the text says "high" or "peak" (a record intraday high also answers)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    found: list[tuple[int, int, str, str]] = []      # start, end, noun, when
    for pattern in (_SET_ON, _WAS):
        for m in pattern.finditer(text, s0, s1):
            when = _when(text, m.end(), s1, date.session)
            if when is not None:
                found.append((m.start(), when[1], m["noun"], when[0]))
    for m in _SET_REL.finditer(text, s0, s1):
        found.append((m.start(), m.end(), m["noun"], _relative(m["rel"], date.session)))
    for m in _DATE_FIRST.finditer(text, s0, s1):
        when = _when(text, m.start("date"), s1, date.session)
        if when is not None:
            found.append((m.start(), m.end(), m["noun"], when[0]))
    for start, end, noun, set_on in sorted(found):
        symbol, subj, anchor = subject_before(ms, start, fallback)
        if blocker_before(text, subj.end if subj is not None else s0, start) is not None:
            continue        # "Apple's record close set in June": not an index's record
        yield Claim(sentence=sentence, span=(start, end), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.RECORD_CLOSE, period=ClaimPeriod("none", date.session), value=None, unit="none",
                    decimals=0, text=text[start:end].strip(),
                    extra={"set_on": set_on, "high": not re.search(r"close", noun, re.I),
                           "anchor": anchor})


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
_SET_ON, _DATE_FIRST, _WAS, _SET_REL = map(guarded, (_SET_ON, _DATE_FIRST, _WAS, _SET_REL))

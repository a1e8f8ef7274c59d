"""Gains given back since an event: "all three major indexes wiped out their gains since the US
presidential election in November", "the S&P 500 has erased its post-election gains".

Each is a PERIOD_RETURN claim with no value, ``extra["erased"]`` True and ``period`` from the
event's close ("since" kind): supported when the return since then is at or below zero."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..facts.model import Metric
from .entities import Mention
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import find_period
from .phrase_claims import group_of
from .firstchar import guarded

__all__ = ["erased_gain_claims", "election_day"]

_ERASED = re.compile(
    r"\b(?:wipe[sd]?\s+out|wiping\s+out|erase[sd]?|erasing|gave\s+back|giving\s+back|give\s+back|"
    r"surrender(?:ed|ing)?)\s+(?:all\s+(?:of\s+)?)?(?:its|their|the)\s+(?P<post>post-election\s+)?"
    r"gains\b(?P<since>\s+since\s+(?P<what>[^.;,]{3,60}))?", re.I)
_ELECTION = re.compile(r"^(?:the\s+)?(?:u\.?s\.?\s+)?(?:presidential\s+)?election\b", re.I)


def election_day(year: int) -> dt.date:
    """The U.S. general election of ``year``: the Tuesday after the first Monday of November."""
    first = dt.date(year, 11, 1)
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return monday + dt.timedelta(days=1)


def _last_election(session: dt.date) -> dt.date:
    year = session.year - session.year % 4
    day = election_day(year)
    return day if day < session else election_day(year - 4)


def erased_gain_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                       date: ArticleDate) -> Iterator[Claim]:
    """The erased-gains claims of the sentence ``text[s0:s1]``, one per instrument of a plural
    subject ("all three major indexes")."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _ERASED.finditer(text, s0, s1):
        start: dt.date | None = None
        what = m["what"] or ""
        if m["post"] or _ELECTION.match(what):
            start = _last_election(date.session)
        elif what:
            p = find_period("since " + what, date.session, date.published)
            if p is not None and p.kind == "since":
                start = p.start
        if start is None:
            continue
        before = [x for x in ms if x.end <= m.start()]
        group = group_of(text, s0, m.start(), before)
        subjects = group or ([before[-1].symbol] if before else [fallback] if fallback else [])
        named = bool(group) or bool(before and before[-1].named)
        for symbol in subjects:
            yield Claim(sentence=sentence, span=m.span(), subject=symbol, subject_text="",
                        metric=Metric.PERIOD_RETURN,
                        period=ClaimPeriod("since", date.session, start=start,
                                           text=f"since {start.isoformat()}"),
                        value=None, unit="pct", decimals=0, text=m.group().strip(),
                        extra={"erased": True, "anchor": "named" if named else "pronoun"})


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_ERASED = guarded(_ERASED)

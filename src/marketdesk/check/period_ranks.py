"""A year's rank within a span of years: "2019 was the second best year of the decade", "the
third best year of the past ten years for the Dow", "the best year of the decade for both
indexes".

Each is a RANK claim with ``period`` the year, ``value`` the rank, ``extra["first_year"]`` the
first year of the span (the decade containing the year: 2010 for 2019; "the past ten years": the
year and the nine before) and ``extra["order"]`` best / worst."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import calendar as cal
from ..facts.model import Metric
from .entities import Mention
from .model import ArticleDate, Claim, ClaimPeriod
from .wording import ORD_WORDS
from .firstchar import guarded

__all__ = ["year_rank_claims"]

_RANK = re.compile(
    r"\b(?:(?P<od>\d)(?:st|nd|rd|th)|(?P<ow>" + "|".join(ORD_WORDS[1:]) + r"))?[- ]?\s*"
    r"(?P<word>best|worst|strongest|weakest)\s+year\s+(?:of|in)\s+the\s+(?P<span>decade|past\s+"
    r"(?:ten|10)\s+years|last\s+(?:ten|10)\s+years|last\s+decade)\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
#: "for both indexes", "for stocks": whose years the ranking is of, after the phrase
_FOR = re.compile(r"\s+for\s+(?:(?P<both>both\s+(?:indexes|indices|benchmarks|averages))|"
                  r"(?P<stocks>stocks|the\s+(?:stock\s+)?market|wall\s+street))\b", re.I)


def year_rank_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                     date: ArticleDate, recent: list[str]) -> Iterator[Claim]:
    """The RANK claims of the sentence ``text[s0:s1]`` (see the module docstring); ``recent``:
    the instruments named lately, most recent last ("both indexes": the last two)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _RANK.finditer(text, s0, s1):
        rank = int(m["od"]) if m["od"] else ORD_WORDS.index(m["ow"].lower()) + 1 if m["ow"] else 1
        years = [int(y) for y in _YEAR.findall(text, s0, m.start())]
        year = years[-1] if years else date.session.year
        if year > date.session.year:
            continue
        span = " ".join(m["span"].lower().split())
        first = year - year % 10 if "decade" in span and not span.startswith("last") else \
            year - 9
        after = _FOR.match(text, m.end(), s1)
        named_after = [x for x in ms if x.start >= m.end() and x.start <= m.end() + 12 and x.named]
        before = [x for x in ms if x.end <= m.start()]
        if after is not None and after["both"]:
            subjects = recent[-2:] if len(recent) >= 2 else []
        elif after is not None and after["stocks"]:
            subjects = ["^GSPC"]
        elif named_after:
            subjects = [named_after[0].symbol]
        elif before:
            subjects = [before[-1].symbol]
        else:
            subjects = [fallback] if fallback else []
        day = min(cal.last_session_of_year(year), date.session)
        order = "worst" if m["word"].lower() in ("worst", "weakest") else "best"
        for symbol in subjects:
            yield Claim(sentence=sentence, span=(m.start(), m.end()), subject=symbol,
                        subject_text="", metric=Metric.RANK,
                        period=ClaimPeriod("year", day, year=year, text=str(year)),
                        value=float(rank), unit="count", decimals=0,
                        text=text[m.start():m.end()].strip(),
                        extra={"first_year": first, "order": order, "anchor": "named"})


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_RANK = guarded(_RANK)

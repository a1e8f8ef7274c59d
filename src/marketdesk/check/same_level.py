"""A close compared with an earlier month: "the S&P 500 is at the same level as March 2021",
"dropping it to the same level as July 2020".

Each is a CLOSE claim with no value and ``extra["same_level"]`` = (year, month): the session's
close lies between the lowest and the highest close of that month. A close outside that range is
not checkable, not contradicted: "the same level" is loose (near either end of the month fits)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from ..facts import contexts
from ..facts.model import Metric
from ..facts.query import NoAnswer, Params, PeriodSpec
from .compare import fmt
from .count_words import MONTHS
from .entities import Mention, blocker_before, subject_before
from .firstchar import guarded
from .judging import no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .periods import month_number

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_same_level", "same_level_claims"]

_SAME = re.compile(rf"\b(?:the\s+)?same\s+levels?\s+(?:as|it\s+(?:was|had)\s+(?:at|in))\s+"
                   rf"(?:in\s+)?(?P<mon>{MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?,?\s+(?:of\s+)?(?P<y>(?:19|20)\d{{2}})\b", re.I)


def same_level_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                      date: ArticleDate) -> Iterator[Claim]:
    """The "same level as MONTH YEAR" claims of the sentence ``text[s0:s1]`` (see the module
    docstring); the subject is the index named before the phrase."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    for m in _SAME.finditer(text, s0, s1):
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        month = month_number(m["mon"])
        year = int(m["y"])
        if symbol is None or month is None or (year, month) >= (date.session.year,
                                                                 date.session.month):
            continue
        if subj is not None and blocker_before(text, subj.end, m.start()) is not None:
            continue
        yield Claim(sentence=text[s0:s1], span=m.span(), subject=symbol,
                    subject_text=subj.text if subj is not None else "", metric=Metric.CLOSE,
                    period=ClaimPeriod("none", date.session), value=None, unit="level",
                    decimals=2, text=m.group(),
                    extra={"same_level": (year, month), "anchor": anchor})


def judge_same_level(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """Supported when the session's close lies within the month's range of closes."""
    year, month = claim.extra["same_level"]  # set by the parser
    first = dt.date(int(year), int(month), 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    got: dict[str, contexts.ExtremeChange] = {}
    facts = []
    for way in ("down", "up"):
        f = v.ask(claim, bars, Metric.CHANGE_FROM_EXTREME, period=PeriodSpec.day(claim.period.end),
                  params=Params(start=first, end=last, direction="down" if way == "down" else "up"))
        if isinstance(f, NoAnswer):
            return no_answer(claim, f)
        assert isinstance(f.context, contexts.ExtremeChange)
        got[way] = f.context
        facts.append(f)
    lo, hi = got["down"], got["up"]
    what = (f"The {claim.period.end} close of {fmt(lo.close)} against the closes of "
            f"{first:%B %Y} ({fmt(lo.level)} to {fmt(hi.level)})")
    if lo.level <= lo.close <= hi.level:
        return Verdict(claim, "supported", f"{what}: within their range.", lo.close, tuple(facts),
                       source_of(facts[0]))
    return not_checkable(claim, f"{what}: outside their range; 'the same level' is loose.",
                         tuple(facts))


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_SAME = guarded(_SAME)

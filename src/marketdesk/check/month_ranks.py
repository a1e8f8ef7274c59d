"""A month's rank among the months of an earlier year: "in 2010, September was the best month of
the year for stocks", "October 2008 (-16.9%, the worst month of that year)".

Read when the sentence names, before the ranking, one earlier year and one calendar month (not
a date such as "Sept. 6"); "of the year" in a sentence about this year is the running year's
ranking (:mod:`.phrase_claims`). Each is a YEAR_MONTH_RANK claim with ``period`` that month and
``extra["order"]`` best / worst. The verdict is :func:`judge_month_rank`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from .. import calendar as cal
from ..facts.contexts import YearMonthRank
from ..facts.model import Metric
from ..facts.query import NoAnswer, PeriodSpec
from .compare import fmt
from .entities import Mention
from .firstchar import guarded
from .judging import no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .periods import month_number

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_month_rank", "month_rank_claims"]

_RANK = re.compile(r"\b(?:the|its|their)\s+(?P<w>best|worst|strongest|weakest)(?:[- ]performing)?"
                   r"\s+month\s+of\s+(?:the|that)\s+year\b", re.I)
_MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|"
                    r"november|december|jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.)(?!\w)"
                    r"(?!\s*\d{1,2}\b)", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_NUMBERED_NAME = re.compile(r"\b(?:russell|s&p|nasdaq|ftse|stoxx|nikkei|msci|dow|e-mini)\s*-?\s*\d+",
                            re.I)
_AVERAGE = re.compile(r"\baverag\w*|\btypical\w*|\bhistorical\w*|\bmedian\b", re.I)
_STOCKS = re.compile(r"\bfor\s+(?:stocks|the\s+(?:stock\s+)?market|wall\s+street)\b|\bstocks\b",
                     re.I)


def month_rank_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                      date: ArticleDate) -> Iterator[Claim]:
    """The YEAR_MONTH_RANK claims of the sentence ``text[s0:s1]`` (see the module)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _RANK.finditer(text, s0, s1):
        lead = _NUMBERED_NAME.sub(" ", text[s0:m.start()])     # "Russell 2000" is no year
        if _AVERAGE.search(lead):
            continue        # "the average return in December ..., the best month of the year":
            #                 a seasonal average (the seasonality claims read it)
        years = {int(y) for y in _YEAR.findall(lead)}
        if len(years) != 1 or (year := years.pop()) >= date.session.year:
            continue
        months = {month_number(x[1]) for x in _MONTH.finditer(text, s0, m.start())
                  if x[1] != "may"}     # "stocks may ...": a verb
        if len(months) != 1:
            continue
        month = months.pop()
        named = [x.symbol for x in ms if x.named]
        subj = named[-1] if named else "^GSPC" if _STOCKS.search(sentence) else fallback
        if subj is None:
            continue
        order = "worst" if m["w"].lower() in ("worst", "weakest") else "best"
        end = cal.last_session_of_month(year, month)
        yield Claim(sentence=sentence, span=m.span(), subject=subj, subject_text="",
                    metric=Metric.YEAR_MONTH_RANK,
                    period=ClaimPeriod("month", end, year=year, month=month,
                                       text=f"{year}-{month:02d}"),
                    value=None, unit="none", decimals=0, text=m.group(),
                    extra={"order": order, "session": date.session.isoformat(),
                           "anchor": "named" if named else "pronoun"})


def judge_month_rank(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """Best (worst) month of its year: first of the year's months. One that was first only of
    the months up to it is not checkable (the words may mean the year so far); one an earlier
    month of the year beat is contradicted."""
    p = claim.period
    if p.year is None or p.month is None:
        return not_checkable(claim, "No calendar month for the ranking.")
    session = dt.date.fromisoformat(str(claim.extra.get("session") or p.end.isoformat()))
    f = v.ask(claim, bars, Metric.YEAR_MONTH_RANK,
              period=PeriodSpec.month(p.year, p.month, as_of=session))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, YearMonthRank)
    best = claim.extra.get("order") != "worst"
    rank, to_date = (ctx.rank_best, ctx.rank_best_to_date) if best else \
        (ctx.rank_worst, ctx.rank_worst_to_date)
    top = ctx.ranked[0] if best else ctx.ranked[-1]
    what = (f"{f.period.label} {fmt(f.value, 2)}% ranks {rank} of {ctx.of} months of {ctx.year} "
            f"({'best' if best else 'worst'}: {top[0]} {fmt(top[1], 2)}%)")
    if rank == 1 and ctx.complete_year:
        return Verdict(claim, "supported", what + ".", f.value, (f,), source_of(f))
    if to_date != 1:
        return Verdict(claim, "contradicted", what + "; an earlier month of the year was "
                       f"{'better' if best else 'worse'}.", f.value, (f,), source_of(f))
    return not_checkable(claim, f"Not checkable: {what}; it led only the months up to it.", (f,))


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_RANK = guarded(_RANK)

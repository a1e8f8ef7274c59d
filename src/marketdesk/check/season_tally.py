"""How often a calendar month fell, against the other months: "September has been the only month
to post a loss more often than a gain since 1950", "back to 1928, September is still the most
common losing month", "October has fallen more often than any other month".

Each is a SEASONAL_TALLY claim: ``period`` the calendar month across the stated span
(:mod:`.season_spans`, complete years before the article; none stated: all the data,
``extra["span_stated"]`` False) and ``extra["tally"]`` ``only_losing`` / ``most_down``. The
verdict is :func:`judge_tally`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from ..facts.contexts import SeasonalTally
from ..facts.model import Metric
from ..facts.periods import MONTH_NAMES
from ..facts.query import NoAnswer, PeriodSpec
from .entities import Mention
from .judging import no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .firstchar import guarded
from .periods import month_number
from .season_spans import paragraph_bounds, stated_span

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_tally", "tally_claims"]

_LOSS = r"(?:loss|losses|decline|declines|drop|drops|fall|retreat)"
_GAIN = r"(?:gain|gains|advance|advances|rise|rally)"
_ONLY = re.compile(rf"\bthe\s+only\s+month\b[^.;]{{0,80}}?\b{_LOSS}\s+more\s+often\s+than\s+"
                   rf"(?:an?\s+)?{_GAIN}\b", re.I)
_MOST = re.compile(r"\bmost\s+(?:common|frequent)\s+(?:stinker|loser|losing\s+month|down\s+month|"
                   r"month\s+for\s+(?:losses|declines))\b|\b(?:fallen|fell|declined|lost\s+ground|"
                   r"been\s+down|ended\s+lower|finished\s+lower)\s+more\s+often\s+than\s+any\s+"
                   r"other\s+month\b", re.I)
_MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|"
                    r"november|december)\b", re.I)
_MARKET = re.compile(r"\bstocks\b|\bstock\s+market\b|\bwall\s+street\b", re.I)


def tally_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate) -> Iterator[Claim]:
    """The SEASONAL_TALLY claims of the sentence ``text[s0:s1]`` (see the module)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for pat, tally in ((_ONLY, "only_losing"), (_MOST, "most_down")):
        for m in pat.finditer(text, s0, s1):
            months = {month_number(x[1]) for x in _MONTH.finditer(sentence) if x[1] != "may"}
            if len(months) != 1:
                continue
            month = months.pop()
            named = [x.symbol for x in ms if x.named]
            p0, p1 = paragraph_bounds(text, s0, s1)
            subj = named[-1] if named else fallback or (
                "^GSPC" if _MARKET.search(text, p0, p1) else None)
            if subj is None:
                continue
            span, _ = stated_span(text, s0, s1)
            last = date.session.year - 1            # complete years before the article
            extra: dict[str, object] = {"tally": tally, "span_stated": span is not None,
                                        "anchor": "named" if named else "pronoun"}
            if span is not None and span.first is not None:
                extra["years"] = [span.first, min(span.last or last, last)]
            elif span is not None and span.last_n:
                extra["years"] = [last - span.last_n + 1, last]
            yield Claim(sentence=sentence, span=m.span(), subject=subj, subject_text="",
                        metric=Metric.SEASONAL_TALLY,
                        period=ClaimPeriod("seasonal_month", date.session, month=month,
                                           text=span.text if span else ""),
                        value=None, unit="none", decimals=0, text=m.group(), extra=extra)


def judge_tally(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """"The only month down more often than up": the one such month; "the most common losing
    month": the month (or one of the tied months) with the most years down. A miss with no
    stated span, or with no index named ("stocks"), is not checkable."""
    month = claim.period.month or 1
    yrs = claim.extra.get("years")
    years = (int(yrs[0]), int(yrs[1])) if isinstance(yrs, list) else None
    f = v.ask(claim, bars, Metric.SEASONAL_TALLY,
              period=PeriodSpec.seasonal_month(month, years=years, as_of=claim.period.end))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, SeasonalTally)
    if years is not None and years[0] < ctx.first_year:
        return not_checkable(claim, f"The months in the data begin in {ctx.first_year}, after "
                             f"{years[0]} (history too short).", (f,))
    name = MONTH_NAMES[month - 1]
    span = f"{ctx.first_year}-{ctx.last_year}"
    if claim.extra.get("tally") == "only_losing":
        others = ", ".join(MONTH_NAMES[k - 1] for k in ctx.losing_months) or "none"
        ok = ctx.losing_months == (month,)
        what = f"Months down more often than up over {span}: {others} ({name} {ctx.down} down, " \
            f"{ctx.up} up of {ctx.n})"
    else:
        most = ", ".join(MONTH_NAMES[k - 1] for k in ctx.most_down_months)
        ok = month in ctx.most_down_months
        what = f"The month down most often over {span}: {most} ({name}: {ctx.down} of {ctx.n} " \
            f"years down, rank {ctx.down_rank})"
    if ok:
        return Verdict(claim, "supported", what + ".", float(ctx.down), (f,), source_of(f))
    if not claim.extra.get("span_stated"):
        return not_checkable(claim, f"Not checkable: the span is not stated; {what}.", (f,))
    if claim.extra.get("anchor") != "named":    # "stocks", the article's index: a reading
        return not_checkable(claim, f"Not checkable: no index is named; {what}.", (f,))
    return Verdict(claim, "contradicted", what + ".", float(ctx.down), (f,), source_of(f))


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
_ONLY, _MOST = guarded(_ONLY), guarded(_MOST)

"""Claims about the Santa Claus rally across years: "the S&P 500 has risen 79% of the time during
the rally period since 1928, with an average gain of 1.7%", "in the last 10 years it fell just
twice in the Santa Claus rally", "in the eight years it rose, the gain averaged 1%".

Read only in a paragraph that speaks of the rally ("Santa Claus rally", "Santa rally", "the rally
period") of an article that names it. Each is a CALENDAR_WINDOW_STATS claim of the
``santa_claus`` window: ``extra["stat"]`` ``pct_up`` / ``pct_down`` (share of years),
``up`` / ``down`` (a count of years), ``mean`` (all years; ``mean_or_up``: "an average gain",
which may also mean the up years'), ``mean_up`` / ``mean_down``; ``extra["years"]`` /
``extra["last"]`` the span (the sentence's, else the paragraph's before it; neither: all the
data, ``extra["span_stated"]`` False). The verdict is :func:`judge_santa`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import polars as pl

from ..facts.contexts import CalendarWindowStats
from ..facts.model import Metric
from ..facts.query import NoAnswer, Params, PeriodSpec
from .entities import Mention
from .judging import judge, no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .quantities import find_quantities
from .season_spans import paragraph_bounds, span_at, stated_span
from .wording import NUMBER_WORDS

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_santa", "santa_claims"]

_SANTA = re.compile(r"\bsanta(?:\s+claus)?(?:['’]s)?\s+rall(?:y|ies)\b", re.I)
_CUE = re.compile(r"\bsanta(?:\s+claus)?\b|\brally\s+(?:period|window|stretch)s?\b", re.I)
_UP = (r"positive|higher|up|gain\w*|rose|risen|ris\w+|rall(?:y|ied|ies)|advanc\w*|climb\w*|"
       r"finish\w* higher|end\w* higher")
_DOWN = (r"negative|lower|down|declin\w*|decrease\w*|drop\w*|fell|fallen|falls?|lost|loss\w*|"
         r"slip\w*|slid|sank|finish\w* lower|end\w* lower")
_SHARE = re.compile(r"\s*(?:of\s+the\s+time|of\s+(?:those|these|the|all)\s+(?:years|periods|"
                    r"times|rall(?:y|ies)|stretch\w*))\b", re.I)
_AVG_BEFORE = re.compile(r"\baverag\w*(?:\s+(?:gain|return|rise|increase|advance|move|change|"
                         r"performance|decline|drop|loss))?(?:\s+(?:of|was|has\s+been|is))?"
                         r"\s*(?:about|around|roughly|nearly|almost|just)?\s*$", re.I)
_ON_AVG = re.compile(r"\s*(?:,\s*)?on\s+average\b", re.I)
#: "in the eight years that the index rose", "in the up years", "when it rose"
_IN_UP = re.compile(rf"\b(?:in|of|during)\s+the\s+(?:[\w-]+\s+){{0,2}}(?:years|times|periods)\s+"
                    rf"(?:that|when|in\s+which)\s+(?:[\w&.-]+\s+){{0,3}}?(?:(?P<u>{_UP})|"
                    rf"(?P<d>{_DOWN}))\b|\bin\s+(?:the\s+)?(?:(?P<u2>up)|(?P<d2>down))\s+years\b",
                    re.I)
_N = r"\d{1,2}|" + "|".join(NUMBER_WORDS[1:])
_TIMES = re.compile(
    rf"\b(?P<dir>{_UP}|{_DOWN})\b[^.;%\d]{{0,40}}?\b(?:just\s+|only\s+)?(?P<n>once|twice|"
    rf"(?:{_N})\s+times)\b|\bin\s+(?:just\s+|only\s+)?(?P<k>{_N})\s+of\s+(?:those|these|the)\s+"
    rf"(?:(?:last|past)\s+(?P<m>{_N})\s+)?(?:years|periods|rall(?:y|ies))\b", re.I)


def _num(w: str) -> int:
    w = w.lower().replace(" times", "").strip()
    return {"once": 1, "twice": 2}.get(w) or (int(w) if w.isdigit() else NUMBER_WORDS.index(w))


@lru_cache(maxsize=4)
def _rally_cues(text: str) -> tuple[int, ...]:
    """Where the text speaks of the rally (none unless it names the Santa Claus rally): found
    once per text, not once per sentence."""
    if _SANTA.search(text) is None:
        return ()
    return tuple(m.start() for m in _CUE.finditer(text))


def _speaks_of_rally(text: str, s0: int, s1: int) -> bool:
    cues = _rally_cues(text)
    if not cues:
        return False
    p0, p1 = paragraph_bounds(text, s0, s1)
    i = bisect.bisect_left(cues, p0)
    return i < len(cues) and cues[i] < p1


def _subject(ms: list[Mention], fallback: str | None, sentence: str) -> str | None:
    named = [m.symbol for m in ms if m.named]
    if named:
        return named[0]
    if fallback:
        return fallback
    return "^GSPC" if re.search(r"\bstocks\b|\bstock market\b|\bwall street\b", sentence,
                                re.I) else None


def santa_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate) -> Iterator[Claim]:
    """The Santa Claus rally statistics of the sentence ``text[s0:s1]`` (see the module)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    if not _speaks_of_rally(text, s0, s1):
        return
    subj = _subject(ms, fallback, text[s0:s1])
    if subj is None:
        return
    span, _ = stated_span(text, s0, s1)
    if span is None:
        span = span_at(text, paragraph_bounds(text, s0, s1)[0], s0)
    extra: dict[str, object] = {"calendar_day": "santa_claus", "span_stated": span is not None,
                                "anchor": "named" if any(m.named for m in ms) else "pronoun"}
    if span is not None:
        extra["years"] = [span.first, span.last or date.session.year] if span.first else None
        extra["last"] = span.last_n
    sentence = text[s0:s1]
    period = ClaimPeriod("day", date.session, text=span.text if span else "")
    in_up = _IN_UP.search(sentence)
    for q in find_quantities(text, s0, s1):
        if q.unit != "pct":
            continue
        left = text[max(s0, q.start - 80):q.start]
        stat = None
        if _SHARE.match(text, q.end, s1):
            words = re.findall(rf"\b(?:{_UP}|{_DOWN})\b", left, re.I)
            if not words:
                continue
            stat = "pct_down" if re.fullmatch(_DOWN, words[-1], re.I) else "pct_up"
        elif _AVG_BEFORE.search(left) or _ON_AVG.match(text, q.end, s1):
            if in_up is not None:
                stat = "mean_down" if in_up["d"] or in_up["d2"] else "mean_up"
            else:
                stat = "mean_or_up" if re.search(r"\baverage\s+gain\b", left, re.I) else "mean"
        if stat is None:
            continue
        yield Claim(sentence=sentence, span=(q.start, q.end), subject=subj, subject_text="",
                    metric=Metric.CALENDAR_WINDOW_STATS, period=period, value=q.value,
                    unit="pct", decimals=q.decimals, qualifier=q.qualifier, text=q.text,
                    extra={**extra, "stat": stat})
    for m in _TIMES.finditer(text, s0, s1):
        if m["k"]:
            ctx = text[s0:m.start()]
            words = re.findall(rf"\b(?:{_UP}|{_DOWN})\b", ctx, re.I)
            if not words:
                continue
            down = re.fullmatch(_DOWN, words[-1], re.I) is not None
            n, k_extra = _num(m["k"]), dict(extra)
            if m["m"]:
                k_extra.update(last=_num(m["m"]), years=None, span_stated=True)
        else:
            down = re.fullmatch(_DOWN, m["dir"], re.I) is not None
            n, k_extra = _num(m["n"]), dict(extra)
        yield Claim(sentence=sentence, span=m.span(), subject=subj, subject_text="",
                    metric=Metric.CALENDAR_WINDOW_STATS, period=period, value=float(n),
                    unit="count", decimals=0, text=m.group(),
                    extra={**k_extra, "stat": "down" if down else "up"})


def judge_santa(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """The stated share, count or average against the Santa Claus rally windows complete by the
    session over the stated span. With no span stated, all the data: a miss is not
    checkable (the source's span is not known)."""
    yrs = claim.extra.get("years")
    last = claim.extra.get("last")
    params = Params(calendar_day="santa_claus",
                    years=(int(yrs[0]), int(yrs[1])) if isinstance(yrs, list) else None,
                    last=int(last) if isinstance(last, int) else None)
    f = v.ask(claim, bars, Metric.CALENDAR_WINDOW_STATS, period=PeriodSpec.day(claim.period.end),
              params=params)
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, CalendarWindowStats)
    span = f"{ctx.first_year}-{ctx.last_year}, {ctx.n} rallies"
    if isinstance(yrs, list) and int(yrs[0]) < ctx.first_year:
        return not_checkable(claim, f"The rally windows in the data begin in {ctx.first_year}, "
                             f"after {yrs[0]} (history too short).", (f,))
    if isinstance(last, int) and ctx.n < last:
        return not_checkable(claim, f"Only {ctx.n} rally windows in the data (history too "
                             "short).", (f,))
    stat = str(claim.extra.get("stat"))
    if stat in ("up", "down"):
        got = ctx.up if stat == "up" else ctx.down
        ok = got == int(claim.value or 0)
        what = f"Santa Claus rallies {'up' if stat == 'up' else 'down'} ({span}): {got}"
        if ok:
            return Verdict(claim, "supported", what + ".", float(got), (f,), source_of(f))
        verdict = Verdict(claim, "contradicted", f"{what}, not {int(claim.value or 0)}.",
                          float(got), (f,), source_of(f))
    else:
        values = {"pct_up": ctx.pct_up, "pct_down": 100.0 * ctx.down / ctx.n, "mean": ctx.mean,
                  "mean_or_up": ctx.mean, "mean_up": ctx.mean_up, "mean_down": ctx.mean_down}
        names = {"pct_up": "the share of rallies up", "pct_down": "the share of rallies down",
                 "mean": "the average rally move", "mean_or_up": "the average rally move",
                 "mean_up": "the average move of the rallies up",
                 "mean_down": "the average move of the rallies down"}
        x = values[stat]
        if x is None:
            return not_checkable(claim, f"No rally of that kind over {span}.", (f,))
        verdict = judge(claim, f, x, f"{names[stat]} ({span})")
        if verdict.status == "contradicted" and stat == "mean_or_up" and ctx.mean_up is not None:
            alt = judge(claim, f, ctx.mean_up, f"the average gain of the rallies up ({span})")
            if alt.status == "supported":
                return alt
    if verdict.status == "contradicted" and not claim.extra.get("span_stated"):
        return not_checkable(claim, f"Not checkable: the span is not stated; over all the data "
                             f"{verdict.reason[:1].lower()}{verdict.reason[1:]}", (f,))
    return verdict

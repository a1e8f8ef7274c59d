"""Claims that rank one session of the calendar across years: "the worst Black Friday performance
since 1950", "the best Dec. 26 on record", "their worst trading session on the eve of Christmas in
history", "its worst-ever four-day start to a year".

Each is a CALENDAR_DAY_RANK claim: ``extra["calendar_day"]`` (see
:data:`..facts.calendar_days.CalendarDay`), ``extra["best"]`` (best or worst), and either
``extra["since"]`` (a year) or ``extra["ever"]`` ("on record", "in history", "-ever"). The
verdict is :func:`judge_calendar_day`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import polars as pl

from ..facts.contexts import CalendarDayRank
from ..facts.model import Metric
from ..facts.query import NoAnswer, Params, PeriodSpec
from .entities import Mention
from .firstchar import guarded
from .judging import no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .phrase_claims import rank_subjects
from .verify_records import history_covered
from .wording import NUMBER_WORDS

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["calendar_day_claims", "judge_calendar_day", "ranked_date"]

_MONTHS = {"dec": 12, "december": 12, "nov": 11, "november": 11, "jan": 1, "january": 1}
_CAL = re.compile(
    r"\b(?P<sup>best|worst|biggest|largest|strongest|weakest|ugliest|steepest)(?P<ever>[- ]ever)?"
    r"\s+(?:(?:one|single)[- ]day\s+)?(?:(?:trading\s+)?(?:session|day|performance|showing)\s+"
    r"(?:on|for)\s+)?(?:(?P<bf>black friday|(?:the\s+)?day after thanksgiving)|"
    r"(?P<xe>christmas eve|(?:the\s+)?eve of christmas|pre-christmas(?:\s+trading)?\s+session)|"
    r"(?P<nye>new year['’]s eve)|(?P<mon>dec\.?|december|nov\.?|november|jan\.?|january)\s+"
    r"(?P<dd>\d{1,2})(?:st|nd|rd|th)?(?![\d,])|(?P<n>two|three|four|five|\d)[- ](?:day|session)\s+"
    r"start\s+to\s+(?:a|the)\s+(?:new\s+)?year)"
    r"(?:\s+(?:trading\s+)?(?:session|day|performance|showing|gain|loss|decline|drop|rally|"
    r"selloff|sell-off))?"
    r"(?:(?:\s+for\s+(?:stocks|the\s+[\w&. ]{1,25}?))?\s+(?P<tail>on record|in (?:its |the index's |the market's )?"
    r"(?:[\w-]+\s+)?history|ever|of all time|since\s+(?:its\s+(?:founding|inception|launch|"
    r"creation)\s+in\s+)?(?P<year>(?:19|20)\d{2})\b|in\s+(?:more than\s+|over\s+|nearly\s+|almost\s+)?"
    r"(?P<span>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety)\s+years))?", re.I)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_DOWN_WORDS = ("worst", "weakest", "ugliest")


def _calendar_day(m: re.Match[str]) -> str | None:
    if m["bf"]:
        return "black_friday"
    if m["xe"]:
        return "christmas_eve"
    if m["nye"]:
        return "new_years_eve"
    if m["mon"]:
        month, day = _MONTHS[m["mon"].lower().rstrip(".")], int(m["dd"])
        return f"{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    n = m["n"].lower()
    k = int(n) if n.isdigit() else NUMBER_WORDS.index(n)
    return f"start:{k}" if 2 <= k <= 10 else None


def ranked_date(sentence: str) -> tuple[int, int] | None:
    """(month, day) of a fixed date the sentence ranks across years ("the best Dec. 26 on
    record"), else None."""
    for m in _CAL.finditer(sentence):
        if m["mon"] and (m["ever"] or m["tail"]):
            day = _calendar_day(m)
            if day is not None and not day.startswith("start"):
                return int(day[:2]), int(day[3:5])
    return None


def calendar_day_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                        date: ArticleDate, recent: Sequence[str] = ()) -> Iterator[Claim]:
    """The CALENDAR_DAY_RANK claims of the sentence ``text[s0:s1]``, at the article's session.
    A ranking with no scope ("its best Black Friday") is no claim: best of what span, it does
    not say."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    for m in _CAL.finditer(text, s0, s1):
        day = _calendar_day(m)
        if day is None or not (m["ever"] or m["tail"]):
            continue
        word = m["sup"].lower()
        down = word in _DOWN_WORDS or (
            word not in ("best", "strongest") and bool(re.search(
                r"\b(?:fell|dropped|declined|lost|tumbled|slid|sank|plunged|drop|decline|loss)\b",
                text[s0:m.start()], re.I)))
        extra: dict[str, object] = {"calendar_day": day, "best": not down}
        if m["year"]:
            extra["since"] = int(m["year"])
        elif m["span"]:     # "in more than 70 years": none as weak in the last 70
            w = m["span"].lower()
            n = int(w) if w.isdigit() else _TENS.get(w) or NUMBER_WORDS.index(w)
            extra["since"] = date.session.year - n
        else:
            extra["ever"] = True
        subjects, subj_text = rank_subjects(text, s0, m.start(), m.end(), ms, fallback, recent)
        for subj in subjects:
            if subj is None:
                continue        # a headline's ranking of no named index
            yield Claim(sentence=text[s0:s1], span=m.span(), subject=subj,
                        subject_text=subj_text, metric=Metric.CALENDAR_DAY_RANK,
                        period=ClaimPeriod("day", date.session), value=None, unit="none",
                        decimals=0, direction="down" if down else "up",
                        text=m.group().strip(), extra=dict(extra))


def judge_calendar_day(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """Best (worst) of the calendar day "since YEAR": no year after YEAR before this one was at
    least as strong (weak) -- an earlier year may be the one the story means or one further back;
    "on record": none at all in the data, and the data must hold the index's whole history
    (a "since YEAR" before the data start likewise). A stronger year inside the data contradicts
    either wording."""
    day = str(claim.extra.get("calendar_day"))
    f = v.ask(claim, bars, Metric.CALENDAR_DAY_RANK, period=PeriodSpec.day(claim.period.end),
              params=Params(calendar_day=day))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, CalendarDayRank)
    best = bool(claim.extra.get("best"))
    word = "best" if best else "worst"
    rank = ctx.rank_best if best else ctx.rank_worst
    last_year = ctx.since_up_year if best else ctx.since_down_year
    last_value = ctx.since_up_value if best else ctx.since_down_value
    head = (f"The {f.value:+.2f}% of {f.period.end} ranks {rank} of {ctx.years_compared} "
            f"({ctx.label}, {ctx.first_year}-{f.period.end.year}, {word} first)")
    since = claim.extra.get("since")
    covered = history_covered(claim.subject or "", ctx.data_start)
    if last_year is not None and (since is None or last_year > int(str(since))):
        shown = f"{last_value:+.2f}%" if last_value is not None else ""
        return Verdict(claim, "contradicted", f"{head}: {last_year} was at least as "
                       f"{'strong' if best else 'weak'} ({shown}), so it is the {word} only "
                       f"since {last_year}.", f.value, (f,), source_of(f))
    if (since is None or int(str(since)) < ctx.data_start.year) and not covered:
        return not_checkable(claim, f"{head}; the data begin on {ctx.data_start}, after the "
                             "index's history begins, so the years before them are not known "
                             "(history too short).")
    tail = f"the last at least as {'strong' if best else 'weak'}: {last_year}" if last_year \
        else "none at least as " + ("strong" if best else "weak") + " in the data"
    return Verdict(claim, "supported", f"{head}; {tail}.", f.value, (f,), source_of(f))


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_CAL = guarded(_CAL)

"""Sentence → Claims: which figure is about which instrument, statistic and period.

The rules are small and local, in this order, for each stated figure (see :mod:`.quantities`):

- **subject**: an instrument named right after the figure ("the 4.9% increase of the S&P 500"),
  else the last one named before it in the sentence ("the S&P 500's 25.5%"), else the last one named
  in the article (pronouns and "the index" are resolved by :mod:`.entities`). "X and Y ... A% and B%,
  respectively" pairs in order.
- **period**: the period named between the previous and the next figure, else in the sentence, else
  the last period ("during the same period"), else the article's session.
- **metric**: from the unit and the words before the figure: basis points → yield change; "to",
  "at" before a yield % → yield level; percentage points → spread vs the other instrument; "record",
  "closing high", "all-time high" → record close / record intraday high; "to close at" → close;
  "intraday" → intraday change; "average" → seasonal average; a to-date or calendar period →
  period return; otherwise the day's change.

Statements without a figure are claims too when they name a rank: "the largest monthly increase of
the year", "its largest single-day decline since Aug. 2", "the best-performing month".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping

from .. import calendar as cal
from ..facts.model import Metric
from .entities import (BLOCKERS, Mention, MentionTracker, blocker_before, instrument_kind, listed,
                       name_moving)
from .calendar_days import calendar_day_claims, ranked_date
from .extreme_moves import dated_extreme
from .counts import condition_spans, count_claims, nth_time_claims
from .first_moves import first_move_claims
from .firstchar import guarded
from .gains_erased import erased_gain_claims
from .same_level import same_level_claims
from .launch import launch_claims
from .milestones import first_cross_claims, milestone_claims, milestone_count_claims
from .period_ranks import year_rank_claims
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import MONTHS, find_dates, find_period, month_number, weekday_session
from .phrase_claims import (extreme_claims, frequency_claims, group_before, group_of,
                            longest_alone_claims, rank_claims, streak_claims)
from .quantities import DOWN_WORDS, UP_WORDS, Quantity, direction_in, find_quantities
from .record_dates import record_date_claims
from .record_runs import drought_claims, record_run_claims
from .santa import santa_claims
from .month_ranks import month_rank_claims
from .season_tally import tally_claims
from .season_spans import stated_span
from .leaders import leader_claims
from .signs import sign_claims
from .frames import dated_base, table_rows
from .sentences import split_sentences
from .session import LIVE
from .wording import (CLAUSE_END, MONTH_PLURAL, PAST_MOVES, SPAN_WORD, SPAN_WORDS, clause,
                      forecast_kind)

__all__ = ["claims_by_sentence", "extract_claims", "figures_by_sentence", "sentence_claims"]

_SIGNED = {Metric.CHANGE_PCT, Metric.CHANGE_PTS, Metric.PERIOD_RETURN, Metric.PERIOD_CHANGE_PTS, Metric.PERIOD_TOTAL_RETURN,
           Metric.YIELD_CHANGE_BP, Metric.SPREAD, Metric.INTRADAY_HIGH_CHANGE_PCT,
           Metric.INTRADAY_LOW_CHANGE_PCT, Metric.SEASONAL_AVERAGE, Metric.CHANGE_FROM_EXTREME}
_TIME = re.compile(r"(?<!ended at )(?<!closed at )(?<!closing at )(?<!ends at )"
                   r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.)", re.I)   # not an early close
_SHY_OF = re.compile(r"\s*(?:points?\s+)?(?:shy|short)\s+of\b|\s*points?\s+(?:away\s+from|below|"
                     r"above|from)\s+(?:the\s+)?[\d,]+(?:[- ](?:point\s+)?(?:mark|level|barrier|"
                     r"milestone))?\b|\s*(?:points?\s+)?(?:off|below|under|short of)\s+(?:its|the|"
                     r"their)\s+(?:[\w-]+\s+){0,2}?(?:record|all-time|high|peak)", re.I)
_VOLUME = re.compile(r"\b(?:volume|shares changed hands|shares traded)\b", re.I)
_SAME = re.compile(r"\bsame (?:period|month|day|session|time)\b", re.I)
#: the span of a streak the sentence before told of
_THAT_RUN = re.compile(r"\b(?:in|during|over|for) (?:that|this) (?:time|span|stretch|period|run)\b|"
                       r"\b(?:during|over|in) (?:the|that|this) (?:\w+ )?(?:streak|run)\b", re.I)
_RECORD = re.compile(r"(record|all-time|historical|closing high|peak|highest)", re.I)
_TO_AT = re.compile(r"(?:\bto|\bat|\bof|\bnear|\bhit|\breached|\btouched|\bat a)\s*$", re.I)
_GAP = re.compile(r"(?:\bgap of|\bshort of|\bshy of)\s*$", re.I)
_BELOW_RECORD = re.compile(r"^\s*(?:below|under|short of|off|from|away from)\s+(?:(?:its|it[’']s|the|an?|their)\s+)?"
                           r"(?:[\w.,]+\s+){0,3}?(?:record|all-time|peak|closing high)", re.I)
# "its fifth straight loss", "the index's 3rd consecutive daily gain"
# "its best day since April 2020", "its worst session since 1987", "its biggest since March 2009"
_YEARS = re.compile(r"\bfrom\s+((?:19|20)\d{2})\s+(?:through|to|until|-|–)\s+((?:19|20)\d{2})\b",
                    re.I)
_MONTH_WORD = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|"
                         r"november|december)\b", re.I)
_COMPARATIVE = re.compile(r"\b(?:(?:lower|higher)(?=[^.;]*\bthan\b)|behind|ahead|lagged|lags|"
                         r"trailed|outperformed|underperformed)\b.*", re.I | re.S)


#: Figures read per sentence: a sentence with more is a table or junk, not prose.
MAX_FIGURES = 24
_CLOSING_FRAME = re.compile(r"\s*(?:points?|percent)?\s*,?\s*(?:to (?:close|end|finish|settle) at|"
                            r"closing at|ending at|to)\s+[\d,]+\.\d\d\b", re.I)
_WHEN_BEFORE = re.compile(r"\b(?:when|after|before|that followed)\b[^,;]*$", re.I)
_EACH = re.compile(r"\s*(?:percent|%)?\s*each\b", re.I)
#: Between a list of instruments and its figure: one shared verb ("also lost", "each rose").
_SHARED_VERB = re.compile(rf"\s+(?:also\s+|each\s+|both\s+)?(?:{PAST_MOVES})\s+(?:by\s+)?", re.I)
_RESPECTIVELY = re.compile(r"respectively")
_AFTER_DIRECTION = re.compile(r"(?:\s*,\s*or\s+[-+]?[\d.,]+\s*(?:%|percent|points?)\s*)?,?\s*"
                              r"(lower|higher|down|up|drop|decline|loss|fall|slide|decrease|"
                              r"plunge|tumble|selloff|sell-off|rout|slump|gain|rise|increase|advance|"
                              r"jump|rally|climb|surge)s?"
                              r"\b(?!\s+(?:from|to|by))", re.I)
_SUBCLAUSE = re.compile(r";|\s(?:and|while|but|as|after|before|when|which|that|with)\s|\s[—–-]+\s",
                        re.I)
_FREQUENCY = re.compile(r"\s*of\s+(?:the\s+)?(?:occasions|time|years|months|sessions|days|cases|"
                        r"instances|them|(?:[\w&.]+\s+){0,3}?(?:stocks|members|components|"
                        r"companies|issues|constituents))\b", re.I)   # "80 percent of S&P 500 stocks"
_CITED = re.compile(r"\s*(?:points?\s+|(?:gain|loss|drop|decline|rise|rally|jump|plunge|advance|"
                    r"increase|decrease)s?\s+)?(?:(?:that|which)\s+(?:was|were)\s+)?"
                    r"(?:hit|set|reached|touched|recorded|notched)\s+"
                    r"(?:on\s+)?", re.I)
_THROUGH = re.compile(r"\bthrough\s+(monday|tuesday|wednesday|thursday|friday)\b", re.I)
_PEAK_AT = re.compile(r"\b(?:peak(?:ing|ed)? at|topp(?:ing|ed) out at|hit a (?:session |intraday )?"
                      r"high of)\s*$", re.I)
_DEFINITION = re.compile(r"\b(?:is|are) (?:(?:widely|commonly|generally|often|usually|typically) )?"
                         r"(?:defined|known|considered) as\b|[—–(-]\s*defined as\b|"
                         r"\bis defined by\b|\bwhat (?:Wall Street|traders|"
                         r"investors|analysts) calls?\b|\bwould need to\b|\bmeans a\b|"
                         r"\b(?:which|that) (?:indicates|signals|refers to|marks) an? \d|"
                         r"\b(?:one|1|a) basis point (?:is )?(?:equals?|equal to|is)\b|"
                         r"\b\d+(?:\.\d+)?%\s+(?:midpoint|retracement|fibonacci)\b|"
                         r"\b(?:correction|bear market|bull market)s?,?\s+(?:or|i\.e\.,?|meaning|"
                         r"which is)\s+an?\s+(?:drop|decline|fall|slide|loss|gain|rise|rally|advance)"
                         r"\s+of\b|"
                         r"\b(?:which|that) (?:is|means) when an? (?:index|stock|market|benchmark)\b",
                         re.I)
#: a negation governing the claim that follows it within six words ("didn't reach an
#: all-time high", "has yet to close above 5,000", "failed to hold the 4% gain")
_NEGATED = re.compile(r"\b(didn[’']t|did not|hasn[’']t|has not|haven[’']t|have not|wasn[’']t|"
                      r"was not|weren[’']t|were not|isn[’']t|is not|aren[’']t|are not|won[’']t|"
                      r"will not|failed to|fails to|never|no longer|(?:has|have) yet to|"
                      r"(?:just\s+)?miss(?:ed|es|ing)|(?:fell|falls|falling) short of)"
                      r"(?:\s+[\w’'-]+){0,6}\s+$", re.I)
#: "for the first time in 2 1/2 years", "in more than a year", "in 18 months"
_FIRST_IN_SPAN = re.compile(
    r"\bfirst time in\s+(?:(?P<q>more than|over|nearly|almost|about|roughly)\s+)?"
    rf"(?P<n>\d+(?:\.\d+)?|{SPAN_WORD})"
    r"(?P<half>\s+1/2|½|\s+and\s+a\s+half)?\s+(?P<unit>years?|months?|weeks?)\b", re.I)


_FIRST_IN_MONTH = re.compile(
    rf"\bfirst time (?:in|during)\s+({'|'.join(MONTHS)}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|"
    r"nov|dec)\.?(?:,?\s+((?:19|20)\d{2}))?\b", re.I)


def _span_amount(m: re.Match[str]) -> float:
    """The amount of a :data:`_FIRST_IN_SPAN` match ("2 1/2" -> 2.5, "a" -> 1)."""
    n = m["n"].lower()
    return (float(n) if n[0].isdigit() else float(SPAN_WORDS[n])) + (0.5 if m["half"] else 0.0)


#: Metrics of one session's level (a negated one with a "since" is still not judged).
_LEVELS_TODAY = {Metric.CLOSE, Metric.HIGH, Metric.LOW, Metric.OPEN}
_LAST_UNIT = re.compile(r"\b(?:last|the previous|the prior) (week|month|year)\b", re.I)
_SINCE_AFTER = re.compile(r"[^.;]{0,40}?\b(?:since|in (?:over |more than |nearly )?(?:a|an|\d+|"
                          r"[a-z]+) (?:years?|decades?|months?))\b", re.I)
_WITHIN = re.compile(r"\bwithin\s*$", re.I)
_LAST_YEAR = re.compile(r"\blast year\b", re.I)
#: "to its first close above 26,000", "glided past 22,000 points", "closed above 2200": a level
#: crossed, not a change.
_CROSSED = re.compile(r"(?:\babove|\bpast|\bover|\bthrough|\btopped|\btops|\btop|\bcrossed|"
                      r"\bsurpassed|\bbreached|\bbelow|\bunder|\bbeneath)\s*(?:the\s+)?(?:(?:key|"
                      r"critical|crucial|symbolic|psychological|psychologically[- ]important|"
                      r"closely[- ]watched|much[- ]watched|important|round|major)\s+)?$", re.I)
_MOVE_BEFORE = re.compile(rf"\b(?:{PAST_MOVES}|down|up|rising|falling|gaining|losing|dropping|"
                          r"jumping|was|is)\s*(?:by\s+)?$", re.I)
_CHANGE_OF = re.compile(r"\b(?:gain|loss|drop|decline|rise|increase|advance|fall|jump|slide|"
                        r"rally|plunge|surge|climb|retreat|slump|tumble)s?(?:,\s*[a-z]+(?:\s+[a-z]+)?,)?"
                        r"\s+of\s*$", re.I)   # (", coincidentally," between: "a gain, oddly, of 567")
#: "... but ends at", "before closing at": the level before it was crossed during the session.
_BUT_ENDS = re.compile(r"[^.;]{0,30}?\b(?:but|before|then|only to)\s+(?:\w+\s+)?(?:end|ends|ended|ending|"
                       r"clos\w+|finish\w*|settl\w+|retreat\w*|pull\w* back|fell back)\b", re.I)
#: A move verb right before a bare figure: its change in points, the unit unsaid.
_MOVED_BY_LEVEL = re.compile(
    r"\b(?:" + "|".join(sorted(UP_WORDS + DOWN_WORDS, key=len, reverse=True)) +
    r"|(?:closed|ended|finished|settled|was|is)\s+(?:down|up|off|higher|lower))\s*$", re.I)
#: What follows such a figure stated with cents, up to the next figure: its twin (", or 1.4
#: percent") or the level it moved to ("to 833.70").
_MOVE_TWIN = re.compile(r"\s*,?\s*(?:or|to|at)\s*$", re.I)
#: A yield's distance from another maturity: "41 basis points above the 10-year yield".
_VERSUS_YIELD = re.compile(r"\s*(above|below|over|under|higher than|lower than)\s+(?:that of\s+|"
                           r"those of\s+)?(?:the\s+)?(2|two|10|ten)-year\b", re.I)
_CLAUSE_START = re.compile(r",|;|\s(?:and|while|but)\s", re.I)
# scanned for every figure: behind guards (first characters, needles: the same matches, faster)
(_TIME, _SHY_OF, _VOLUME, _SAME, _THAT_RUN, _RECORD, _TO_AT, _GAP, _BELOW_RECORD, _YEARS,
 _MONTH_WORD, _COMPARATIVE, _CLOSING_FRAME, _WHEN_BEFORE, _EACH, _SHARED_VERB, _AFTER_DIRECTION,
 _SUBCLAUSE, _FREQUENCY, _CITED, _THROUGH, _PEAK_AT, _DEFINITION, _WITHIN, _LAST_YEAR, _CROSSED,
 _MOVE_BEFORE, _CHANGE_OF, _VERSUS_YIELD, _CLAUSE_START) = map(guarded, (
    _TIME, _SHY_OF, _VOLUME, _SAME, _THAT_RUN, _RECORD, _TO_AT, _GAP, _BELOW_RECORD, _YEARS,
    _MONTH_WORD, _COMPARATIVE, _CLOSING_FRAME, _WHEN_BEFORE, _EACH, _SHARED_VERB,
    _AFTER_DIRECTION, _SUBCLAUSE, _FREQUENCY, _CITED, _THROUGH, _PEAK_AT, _DEFINITION, _WITHIN,
    _LAST_YEAR, _CROSSED, _MOVE_BEFORE, _CHANGE_OF, _VERSUS_YIELD, _CLAUSE_START))


_MOVE_NOUN = r"(?:loss(?:es)?|gains?|declines?|drops?|rall(?:y|ies)|advances?|slides?|sell-?offs?|" \
    r"routs?|plunges?|tumbles?|rebounds?)"
_NOUN_BEFORE = re.compile(rf"\b{_MOVE_NOUN}\s+(?:from|since|of|in)?\s*$", re.I)
_NOUN_AFTER = re.compile(rf"\s*['’]s\s+(?:[\w-]+\s+)?{_MOVE_NOUN}\b", re.I)


#: an ordinal count just before a period ("for the second time this week", "its third record
#: close this year")
_NTH_BEFORE = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                         r"\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,3}$", re.I)


def _of_a_noun(text: str, s0: int, s1: int, period: ClaimPeriod, q: Quantity) -> bool:
    """True if the sentence's ``period`` qualifies a move noun other than the figure ``q``'s own:
    "climbed 2.4%, clawing back its losses from last week", "to recoup Monday's losses" (not "a
    38% drop in 2008", whose drop is the figure's)."""
    if not period.text:
        return False
    k = text.find(period.text, s0, s1)
    if k < 0:
        return False
    before = _NOUN_BEFORE.search(text, max(s0, k - 30), k)
    if before is not None and not re.fullmatch(r"\s*(?:[\w-]+\s+)?", text[q.end:before.start()]):
        return True         # (", clawing back ... its losses from": another noun's period)
    nth = _NTH_BEFORE.search(text, max(s0, q.end, k - 40), k)
    if nth is not None:
        return True         # "rose 1.1% to an all-time high for the second time this week",
        #                     "the index's third all-time high this week": the count's period
    return bool(_NOUN_AFTER.match(text, k + len(period.text), s1))


def _another_figures(text: str, s0: int, s1: int, period: ClaimPeriod, qs: list[Quantity],
                     i: int) -> bool:
    """True if the sentence's ``period`` is the noun phrase of another figure than ``qs[i]`` (and
    not of its ", or P%" twin): "declined 1.4 percent ..., following a weekly drop of 5 percent",
    "..., after a 5% weekly drop"."""
    k = text.find(period.text, s0, s1) if period.text else -1
    if k < 0 or not re.match(r"(?:week|month|quarter|year)ly\b|annual\b", period.text, re.I):
        return False            # (only a period adjective makes a noun phrase of a figure)
    end, q = k + len(period.text), qs[i]
    for j, o in enumerate(qs):
        if j == i:
            continue
        a, b = (q, o) if o.start > q.start else (o, q)
        if re.fullmatch(r"\s*,?\s*(?:or|to|at)\s*", text[a.end:b.start]):
            continue            # the same move's other figure
        if re.fullmatch(r"\s+(?:of|by)\s+", text[end:o.start]) or \
                re.fullmatch(r"[\s-]?", text[o.end:k]):
            return True
    return False


def _clause_comma(stretch: str) -> bool:
    """A comma that ends a clause in ``stretch`` (not one inside 2,442.03, nor the pair ", or
    1.63%,"): a period beyond it belongs to another clause."""
    rest = re.sub(r",?\s*or\s+[\d.,]+\s*(?:%|percent|points?)\s*,?", " ", stretch)
    return re.search(r",(?!\d)", rest) is not None


def _figure_between(qs: list[Quantity], i: int, pos: int, text: str) -> bool:
    """Another figure of the sentence stands between figure ``i`` and the period at ``pos`` (not
    its own ", or P%" twin): the period is that figure's ("rose 1.77 points to 4,783.35, up more
    than 24% for the year")."""
    q = qs[i]
    lo, hi = (q.end, pos) if pos >= q.end else (pos, q.start)
    for j, o in enumerate(qs):
        if j == i or not (lo <= o.start and o.end <= hi):
            continue
        a, b = (q, o) if o.start > q.start else (o, q)
        if not re.fullmatch(r"\s*,?\s*(?:or|to|at)\s*", text[a.end:b.start]):
            return True     # (", or 5.83 points", "to 2,442.03": the same move's other figures)
    return False


def _shared(text: str, s0: int, s1: int, qs: list[Quantity], i: int) -> str:
    """The sentence with the clauses that belong to *another* figure's "from X" blanked out
    ("rose to 3.43% from 3.15% late Friday": "late Friday" dates only the 3.15%)."""
    chars = list(text[s0:s1])
    for j, q in enumerate(qs):
        if j == i or not re.search(r"\bfrom\s*$", text[max(s0, q.start - 8):q.start], re.I):
            continue
        tail = CLAUSE_END.split(text[q.end:s1], 1)[0]
        for k in range(q.start - s0, q.end - s0 + len(tail)):
            chars[k] = " "
    return "".join(chars)


def _subject(ms: list[Mention], q: Quantity, text: str, fallback: str | None,
             clause: tuple[int, int] | None = None) -> Mention | None:
    """The instrument a figure is about: named right after it ("the 4.9% increase of the S&P
    500"), else the nearest mention before it in its clause, else the last before it in the
    sentence, else the article's last, else the first in its clause / sentence."""
    c0, c1 = clause or (0, len(text))
    after = [m for m in ms if q.end <= m.start <= q.end + 40 and m.end <= c1]
    if after and re.fullmatch(r"\s*(?:\w+\s+){0,2}(?:of|in|for|by)\s+(?:the\s+)?",
                              text[q.end:after[0].start], re.I):
        return after[0]
    before = [m for m in ms if m.end <= q.start]
    inside = [m for m in before if m.start >= c0]
    if inside:
        return inside[-1]
    if before:
        return before[-1]
    here = [m for m in ms if c0 <= m.start < c1]
    if here and here[0].named:
        return here[0]         # "Today's 4.7% increase was the Dow's largest ...": named after
    if fallback is not None:
        return Mention(q.start, q.start, fallback, "", named=False)
    here = [m for m in ms if c0 <= m.start < c1]
    return here[0] if here else ms[0] if ms else None


def _record_kind(left: str) -> str | None:
    tail = left[-70:].lower()
    if "intraday" in tail or "trading session" in tail:
        return "intraday"
    if "clos" in tail:
        return "close"
    return None


_WINDOW = r"(\d{1,3}|fifty|one-hundred|two-hundred|hundred)[- ](?:day|session|week)"
#: "its 50-day moving average is $473.79", "That moving average currently comes in at 4.028%"
_AVERAGE_IS = re.compile(rf"(?:\b{_WINDOW}\s+|\bthat\s+)(?:simple\s+|exponential\s+)?moving[- ]"
                         r"average(?:\s+(?:is|was|of|at|stands at|stood at|sits at|(?:currently\s+)?"
                         r"comes in at|came in at|near|around|of about))?\s*\$?\s*$", re.I)
_AVERAGE_NAMED = re.compile(rf"\b{_WINDOW}\s+(?:simple\s+)?moving[- ]average", re.I)
_WINDOW_WORDS = {"fifty": 50, "one-hundred": 100, "hundred": 100, "two-hundred": 200}


def _average_window(phrase: str, text: str, s0: int) -> int | None:
    """The N of an N-day moving average: the one ``phrase`` states, else ("that moving average")
    the last one named in the sentence or the text just before; a week counts five sessions."""
    m = _AVERAGE_NAMED.search(phrase)
    if m is None:
        named = list(_AVERAGE_NAMED.finditer(text, max(0, s0 - 400), s0 + 200))
        if not named:
            return None
        m = named[-1]
    n = int(m[1]) if m[1].isdigit() else _WINDOW_WORDS.get(m[1].lower())
    return None if n is None else n * (5 if "week" in m.group().lower() else 1)


#: a move verb right before a figure ("gained a full percentage point"); a comparison in the
#: sentence makes percentage points a spread instead ("outperformed by 3 percentage points")
_MOVED_BY = re.compile(r"\b(?:rose|gained|added|climbed|jumped|advanced|rallied|fell|lost|dropped|"
                       r"declined|slid|shed|sank|was\s+(?:up|down)|ended\s+(?:up|down))\s+(?:by\s+)?$",
                       re.I)
_COMPARED = re.compile(r"\b(?:than|versus|vs\.?|outperform\w*|underperform\w*|ahead\s+of|behind|"
                       r"lagg\w*|trail\w*|compared|relative)\b", re.I)


def _numeric_metric(q: Quantity, left: str, right: str, kind: str | None,
                    period: ClaimPeriod, window: str,
                    lead: str = "") -> tuple[Metric | None, dict[str, object]]:
    left = re.sub(r"\$\s*$", "", left)      # "closed at $448.07": a fund's price in dollars
    near, low = left[-70:].lower(), window.lower()
    extra: dict[str, object] = {}
    if q.unit == "ordinal":
        if re.match(r"\s+(?:straight|consecutive|successive)\b", right, re.I):
            return None, extra      # "its 11th straight record high": a run (record_runs.py)
        return (Metric.RECORD_CLOSE_COUNT, extra) if _RECORD.search(right[:60]) else (None, extra)
    if q.unit in ("bp", "pp") and (c := _VERSUS_YIELD.match(right)):
        # "The 2-year yield stood 41 basis points above the 10-year yield": the 2s/10s spread
        extra["versus"] = "DGS2" if c[2].lower() in ("2", "two") else "DGS10"
        extra["spread_sign"] = 1 if c[1].lower() in ("above", "over", "higher than") else -1
        return Metric.YIELD_SPREAD_BP, extra
    if q.unit == "bp":
        return Metric.YIELD_CHANGE_BP, extra
    if q.unit == "pp":
        return (Metric.YIELD_CHANGE_BP if kind == "yield" else Metric.SPREAD), extra
    if q.unit == "pct":
        if kind != "yield" and _WITHIN.search(left) and re.match(
                r"\s*of\s+(?:its|it[’']s|the|that|a)\s+(?:[\w-]+\s+){0,3}?(?:record|high|mark|peak)",
                right, re.I):
            extra["within"] = True          # "closed within 2% of that mark"
            return Metric.PCT_FROM_RECORD_CLOSE, extra
        if kind != "yield" and _GAP.search(left):
            return Metric.PCT_FROM_RECORD_CLOSE, extra
        if kind != "yield" and _BELOW_RECORD.search(right) and not (
                re.match(r"\s*from\b", right, re.I) and direction_in(near[-30:]) == "up"):
            return Metric.DRAWDOWN, extra   # (not "climbed 0.8% from its own record": a move)
        if kind != "yield" and (pk := re.match(r"\s*(?:from|off|below|under)\s+(?:its|their|the)\s+"
                                                r"((?:[\w-]+\s+){0,3}?)(?:high|peak)s?\b", right, re.I)):
            # "sits more than 10% from its most recent high": below a peak, maybe not the record
            extra["loose_peak"] = not re.search(r"record|all-time", pk[1], re.I)
            return Metric.DRAWDOWN, extra
        if kind == "yield":
            if re.search(r"\bintraday\b|\bsession (?:high|low)\b|\b(?:high|low)(?:\s+point)?\s+of\s*$|"
                         r"\bas (?:high|low) as\s*$|"
                         r"\btouch\w*\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}$|\bthe (?:low|high) "
                         r"yield\b", near, re.I) or re.match(r"\s*(?:\w+\s+)?(?:during the session|"
                                                       r"intraday)\b", right, re.I):
                # "touching an intraday low point of 1.357 percent", "hit a high of 3.01% during
                # the session": a yield's high or low of the day, which end-of-day data lack
                return (Metric.LOW if re.search(r"\blow", near[-40:], re.I)
                        else Metric.HIGH), extra
            if q.decimals == 0 and re.search(r"\b(?:first|1st) time\b", window, re.I) and \
                    re.search(r"\b(?:reach\w*|hit|hits|top\w*|cross\w*|breach\w*|touch\w*|"
                              r"to)\s*$", near, re.I):
                extra["milestone"] = True       # "reached 5% for the first time since 2007"
                return Metric.YIELD_LEVEL, extra
            if re.search(r"\bfrom\s*$|\bfrom\b[^.;%]{0,40}\b(?:at|of)\s*[—–-]?\s*$", left, re.I):
                extra["from_level"] = True      # "rose to 3.43% from 3.15%", "up sharply from
                return Metric.YIELD_LEVEL, extra  # where it started 2022 at -- 1.51%"
            if re.search(r"\b(?:topp(?:ing|ed)|tops|hit(?:ting|s)?|reach(?:ing|ed|es)|breach\w*|"
                         r"cross\w*|touch\w*|broke|breaking|surpass\w*)\s+(?:above\s+)?$", near):
                return Metric.YIELD_LEVEL, extra  # "the 10-year note topping 1.87%": a level
            if re.match(r"(?:above|over|below|under)\b", q.text, re.I):
                return Metric.YIELD_LEVEL, extra
            return (Metric.YIELD_LEVEL if _TO_AT.search(left) or not direction_in(near)
                    else Metric.YIELD_CHANGE_BP), extra
        k = near.rfind("intraday")
        if (k >= max(0, len(near) - 40) and not re.search(r"\bclos", near[k:])) or \
                "intraday" in right[:25].lower():
            return Metric.INTRADAY_HIGH_CHANGE_PCT, extra
        if re.search(r"\baverag|\bhistorically\b", re.sub(
                r"industrial average|moving[- ]average|-day average", "", low)):
            return Metric.SEASONAL_AVERAGE, extra
        if "total return" in low:
            return Metric.PERIOD_TOTAL_RETURN, extra
        if period.kind in ("wtd", "mtd", "ytd", "qtd", "month", "year", "since", "sessions"):
            return Metric.PERIOD_RETURN, extra
        return Metric.CHANGE_PCT, extra
    # levels and points
    if q.unit == "pts" and q.decimals == 2 and abs(q.value) >= 1000 and not q.signed and \
            re.search(r"\b(?:from|at)\s*$", left, re.I):
        return Metric.CLOSE, extra  # "a 1.3% gain from 16,851.84 points where it ended": a level
    if _CHANGE_OF.search(left):
        if kind == "yield":
            return None, extra
        return (Metric.PERIOD_CHANGE_PTS if period.kind in ("wtd", "mtd", "qtd", "ytd", "month",
                                                            "year", "since", "sessions")
                else Metric.CHANGE_PTS), extra
    crossed = _CROSSED.search(left) or re.match(r"(?:above|over|below|under)\b", q.text, re.I)
    if kind != "yield" and crossed and _BUT_ENDS.match(right):
        # "Dow Tops 9,900 But Ends at 9,897.44": crossed during the session, not at the close
        below = re.search(r"below|under", crossed.group() + q.text, re.I) is not None
        extra["crossed"] = "below" if below else "above"
        return (Metric.LOW if below else Metric.HIGH), extra
    if re.match(r"\s+at\s+(?:its|the)\s+(?:session\s+|intraday\s+|day's\s+)?high\b", right, re.I):
        return Metric.HIGH, extra       # "reached 4,793.30 at its high on Thursday"
    if re.match(r"\s+at\s+(?:its|the)\s+(?:session\s+|intraday\s+|day's\s+)?low\b", right, re.I):
        return Metric.LOW, extra
    if kind != "yield" and crossed and (re.search(r"\btrad(?:ed|es|ing)\s+(?:(?:above|over|below|"
                                                  r"under|past)\s+)?(?:the\s+)?$", left, re.I) or
                                        re.search(r"(?:\bintraday\b|\bsession (?:high|low)\b|\bat "
                                                  r"one point\b)[^;]*$", re.split(
                                                      r";|\s(?:but|before|after|while|and)\s",
                                                      lead or left)[-1], re.I)):
        # "It first traded above the 1,000 level", "an intraday high of 40,051.05, above the 40,000
        # level": a trade during the day, the high (low)
        below = re.search(r"below|under", crossed.group() + q.text, re.I) is not None
        return (Metric.LOW if below else Metric.HIGH), extra
    if kind != "yield" and q.value >= 100 and crossed and q.decimals <= 0 and \
            not _MOVE_BEFORE.search(left):
        # a round level crossed ("past 22,000 points"): the close against it
        extra["crossed"] = "below" if re.search(r"below|under|beneath", crossed.group(), re.I) \
            else "above"
        return Metric.CLOSE, extra
    if _PEAK_AT.search(left):
        return Metric.HIGH, extra          # "peaking at 1,639.88 earlier"
    if _RECORD.search(near[-60:]) and re.search(r"high|record|peak", near[-60:]) and \
            q.decimals == 0 and q.value < 500:
        return None, extra                 # "70 all-time-high closes": a count, not a level
    if _RECORD.search(near[-60:]) and re.search(r"high|record|peak", near[-60:]) and \
            q.unit == "pts" and re.search(r"one-day|single-day|daily|drop|decline|gain|loss|fall|"
                                          r"plunge|rally|move|swing", near[-60:]):
        return Metric.CHANGE_PTS, extra    # "the previous one-day record of 1,175.21 points"
    if re.search(r"\bhighest\s+(?:level|close|closing level|reading)?\s*(?:in|since)\b", near[-60:],
                 re.I) and not re.search(r"record|all-time|peak", near[-60:], re.I):
        return Metric.CLOSE, extra         # "its highest level in more than a week to 16.04"
    if _RECORD.search(near[-60:]) and re.search(r"high|record|peak", near[-60:]):
        extra["record_kind"] = _record_kind(left)
        return (Metric.RECORD_HIGH if extra["record_kind"] == "intraday"
                else Metric.RECORD_CLOSE), extra
    # "a high of", "a high today of", "an intraday high on Friday of"
    if re.search(r"intraday high of\s*$|\bhigh(?:\s+(?:today|on\s+\w+day))?\s+of\s*$|"
                 r"as high as\s*$", near, re.I):
        return Metric.HIGH, extra
    if re.search(r"intraday low of\s*$|\blow(?:\s+(?:today|on\s+\w+day))?\s+of\s*$|"
                 r"as low as\s*$", near, re.I):
        return Metric.LOW, extra
    if q.unit == "level" and q.qualifier in ("more_than", "less_than") and \
            re.match(r"(?:above|over|below|under)\b", q.text, re.I) and kind != "yield":
        return Metric.CLOSE, extra        # "the VIX fell below 24", "closed above 5,000"
    if _TO_AT.search(left):
        return (Metric.YIELD_LEVEL if kind == "yield" else Metric.CLOSE), extra
    if q.unit == "level" and kind != "yield" and _MOVED_BY_LEVEL.search(left) and (
            q.decimals <= 0 and not right.strip()[:1].isalpha() or
            q.decimals == 2 and _MOVE_TWIN.match(right)):
        # "The Nasdaq nosedived 305.", "declined 11.69, or 1.4 percent, to 833.70", "closed down
        # 306.95, or 2.46 percent", "lost 9.66, to 2050.24": points, the unit unsaid
        return Metric.CHANGE_PTS, extra
    if q.unit == "pts":
        if period.kind in ("wtd", "mtd", "qtd", "ytd", "month", "year", "since", "sessions"):
            return Metric.PERIOD_CHANGE_PTS, extra
        return Metric.CHANGE_PTS, extra
    return None, extra


def _respectively(qs: list[Quantity], ms: list[Mention], text: str, end: int) -> dict[int, Mention]:
    """Figures listed before ", respectively" paired in order with the instruments listed before."""
    out: dict[int, Mention] = {}
    m = _RESPECTIVELY.search(text, qs[0].start if qs else end, end)
    if not m or not qs:
        return out
    before = [i for i, q in enumerate(qs) if q.end <= m.start()]
    group = before[-1:]
    while group and group[0] > 0 and re.fullmatch(
            r"\s*(?:,\s*and|,|and)\s*", text[qs[group[0] - 1].end:qs[group[0]].start]):
        group.insert(0, group[0] - 1)
    if len(group) < 2:
        return out
    first = qs[group[0]].start
    names: list[Mention] = []
    for mm in reversed([x for x in ms if x.end <= first]):
        if mm.symbol not in {n.symbol for n in names}:
            names.insert(0, mm)
        if len(names) == len(group):
            break
    if len(names) == len(group):
        out = dict(zip(group, names))
    return out


def _other_topic(text: str, s0: int, s1: int) -> bool:
    """A sentence about something that is not an instrument: oil, the dollar, jobless claims
    (a non-instrument word of :data:`BLOCKERS`, not one that only qualifies a figure)."""
    return any(not re.match(r"moving|-day|ratio|(?:bond |treasury )?yields", b.group(), re.I)
               for b in BLOCKERS.finditer(text, s0, s1))


def sentence_claims(text: str, span: tuple[int, int], tracker: MentionTracker,
                    date: ArticleDate, last_period: list[ClaimPeriod],
                    run: ClaimPeriod | None = None, elsewhere: bool = False,
                    stated: list[Quantity] | None = None) -> Iterator[Claim]:
    """The claims of the sentence at ``span``; ``tracker`` and ``last_period`` carry state;
    ``run`` is the streak of sessions the sentence before told of ("in that time");
    ``elsewhere``: this sentence or the one before is about something else (a non-instrument
    word, and no instrument before), so if it names no instrument ("That's the lowest level since
    1969") it is not read as the article's."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    s0, s1 = span
    sentence = text[s0:s1]
    fallback = tracker.last
    ms = tracker.mentions(text, s0, s1)
    if not ms and elsewhere:
        fallback = None     # "claims slipping to 201,000. That's the lowest level since 1969."
    rows, row_spans = table_rows(text, s0, s1, ms[-1].symbol if ms else fallback, date)
    yield from rows
    freq = list(frequency_claims(text, s0, s1, ms, fallback or next(
        (m.symbol for m in ms if m.named), None), date))
    named_first = fallback or next((m.symbol for m in ms if m.named), None)
    gaps = list(milestone_claims(text, s0, s1, ms, named_first, date)) + \
        list(first_cross_claims(text, s0, s1, ms, named_first, date)) + \
        list(milestone_count_claims(text, s0, s1, ms, named_first, date))
    yield from gaps
    santa = list(santa_claims(text, s0, s1, ms, named_first, date))
    yield from santa
    levels = [(a, b) for c in gaps + santa for a, b in [c.span, *c.extra.get("level_spans", [])]]
    counts = count_claims(text, s0, s1, ms, named_first, date, [c.span for c in freq])
    taken = row_spans + [c.span for c in freq] + condition_spans(counts)   # figures read as a
    #                                   table row, a frequency or a count's condition or share
    qs = [q for q in (find_quantities(text, s0, s1) if stated is None else stated)
          if not any(a <= q.start < b for a, b in taken)
          and not any(a < q.end and q.start < b for a, b in levels)][:MAX_FIGURES]  # a level gap's
    pairs = _respectively(qs, ms, text, s1)
    time_m = _TIME.search(sentence)
    default = ClaimPeriod("none", date.session, text="")
    prev_direction = None
    defines: bool | None = None         # the sentence is a definition (looked at when needed)
    figures: list[Claim] = []
    # a cue opening the sentence holds for all its figures ("Based on the latest available
    # data, the Dow fell 69.71 points ..., the S&P 500 lost 3.79 points ...")
    opening_live = LIVE.match(text, s0, qs[0].start) if qs else None
    if opening_live is not None and not re.match(r"[^,]{0,12},", text[opening_live.end():qs[0].start]):
        opening_live = None
    for i, q in enumerate(qs):
        a = qs[i - 1].end if i else s0
        b = qs[i + 1].start if i + 1 < len(qs) else s1
        left, right, window = text[a:q.start], text[q.end:b], text[a:b]
        c0, c1 = clause(text, q.start, s0, s1)
        subj = pairs.get(i) or _subject(ms, q, text, fallback, (c0, c1))
        anchor = ("named" if subj is not None and subj.named else
                  "generic" if subj is not None and subj.generic else
                  "pronoun" if subj is not None and subj.text else "article")
        named_after = subj is not None and subj.start >= q.end
        block = blocker_before(text, max(c0, subj.end if subj is not None and not named_after
                                         else c0), q.start)
        attached = subj is not None and named_after and re.fullmatch(
            r"\s*(?:\w+\s+){0,2}(?:of|in|for|by)\s+(?:the\s+)?", text[q.end:subj.start], re.I)
        average = _AVERAGE_IS.search(left[-80:]) if q.unit in ("level", "pct") else None
        if anchor == "article" and name_moving(text, c0, q.start) is not None:
            continue    # "United Airlines closed 4.3% higher": about a company, not the index
        if block is not None and not attached and not (
                average and re.search(r"average", block.group(), re.I)):
            continue    # "the S&P 500 energy sector gained 5.14%", "due to the yields reaching
            #            3% ..., the Dow shed": not a claim about the index
        if text[max(s0, q.start - 1):q.start] == "$" and (
                subj is None or not subj.named or subj.start < c0) and (
                subj is None or instrument_kind(subj.symbol) != "etf"):
            continue    # "Lowe's rose $3.61, or 5 percent, to $76.07": a share price
        if re.search(r"\$\s?[\d.,]+,?\s+or\s*$", text[max(s0, q.start - 30):q.start]) and (
                subj is None or not subj.named or subj.start < c0):
            continue    # ... and its percent
        if subj is not None and instrument_kind(subj.symbol) == "stock":
            continue    # "Nvidia plunged 17%": a single stock, not a market-data claim
        if re.search(r"\b(?:support|resistance)(?:\s+level)?\s+(?:of|at|near|around)\s*$", left,
                     re.I):
            continue    # "The natural support of 4.00%": a chart level, not the close
        if re.match(r"\s+(?:Dow|S&P|Nasdaq)\s+points\b", text[q.end:s1]) or \
                re.search(r"\bequivalent of\s*$", left, re.I):
            continue    # "the equivalent of nearly 80 Dow points": a member's part of the move
        if re.search(r"\bcircuit[- ]breakers?\b|\btrading curbs?\b", text[c0:c1], re.I):
            continue    # "raise its circuit breaker from 350 points": a trading rule's threshold
        if re.search(r"\b(?:two|three|four|\d)\s+of\s+the\s+(?:\w+\s+){0,2}(?:indexes|indices|"
                     r"averages|benchmarks|gauges)\b", text[c0:q.start], re.I):
            continue    # "two of the three major indexes had double-digit gains": not one index
        if re.search(r"\bout\s+of\s*$", left, re.I):
            continue    # "for the 14th week out of 15": a count's total, not a level
        if q.unit in ("pts", "level") and _SHY_OF.match(text, q.end, s1):
            continue    # "just 451 points shy of the 20,000 mark": a distance to a level
        if re.match(r"\s+\d{1,2}/32\b", text[q.end:s1]) or re.search(r"\d/32\s+to\s*$", left):
            continue    # "The price fell 10/32 to 95 11/32": a bond's price in 32nds
        if q.unit == "pct" and re.match(r"\s*(?:[\w-]+\s+)?(?:tariffs?|dut(?:y|ies)|lev(?:y|ies)|"
                                         r"tax(?:es)?|stake|raise|pay rise|discount)\b",
                                         text[q.end:s1], re.I):
            continue    # "25 percent tariffs on Canada": not a market figure
        if q.unit == "pct" and re.match(r"\s*(?:[\w-]+\s+)?(?:correction|pullback|drawdown|"
                                         r"bear market|bull market)s?\b", text[q.end:s1], re.I):
            continue    # "the last time it suffered a 10% correction was in August of 2011": a
            #            threshold of a decline from a peak, not a period's move
        if _VOLUME.search(window):
            continue    # "a decline of 71% from the average session volume": trading volume
        if defines is None:
            defines = _DEFINITION.search(sentence) is not None   # (once a sentence)
        if defines:
            continue    # "A correction is defined as a 10 percent decline": a definition
        # the figure's own clause first ("lost 9.3% so far this month and is down 21.3% for the
        # year"), then the stretch between its neighbours, then the sentence
        period = find_period(CLAUSE_END.split(right, 1)[0], date.session, date.published) or \
            find_period(_CLAUSE_START.split(left)[-1], date.session, date.published)
        if period is not None and _of_a_noun(text, s0, s1, period, q):
            period = None       # "to recoup Monday's losses": the losses' day, not the move's
        period_from = "own" if period is not None else "context"
        if period is not None and (fw := re.fullmatch(r"for the (week|month|year)", period.text,
                                                      re.I)) and \
                (lw := _LAST_UNIT.search(text, s0, q.start)) and lw[1].lower() == fw[1].lower():
            # "Last week, the index closed down 5.8% for the week": that week, not this one
            period = find_period(lw.group(), date.session, date.published) or period
        if period is not None and period.kind == "day" and re.fullmatch(
                r"(?:on |for |at )?the (?:day|session)|(?:end|ends|ended|ending|finish\w*|close[sd]?|"
                r"clos\w+) the (?:day|session)", period.text, re.I):
            # "On Thursday, ... before pulling back to end the day down 0.1%": the day the
            # sentence opens with
            lead = find_period(text[s0:min(q.start, s0 + 40)], date.session, date.published)
            if lead is not None and lead.kind == "day":
                period = lead
        if period is None and _SAME.search(window) and last_period:
            period, period_from = last_period[-1], "own"   # "during the same period"
        if period is None and run is not None and _THAT_RUN.search(sentence):
            period, period_from = run, "own"   # "fallen for four straight sessions. The Nasdaq
            #                                    has skidded 8.7% in that time"
        if period is None:
            # a day or period that opens the sentence governs it ("On Nov. 6, 2024, the Russell
            # 2000 jumped 5.9% to 2,392.92", "In 2024, ...", "Last year, ...")
            opening = text[s0:min(qs[0].start, s0 + 40)]
            period = find_period(opening, date.session, date.published)
            first_named = min((m.start for m in ms if m.named), default=s1)
            if period is not None and s0 + opening.find(period.text) > first_named:
                period = None
            period_from = "lead" if period is not None else "context"
        if period is None:
            period = find_period(window, date.session, date.published)
            if period is not None and (_of_a_noun(text, s0, s1, period, q) or
                                       _another_figures(text, s0, s1, period, qs, i)):
                period = None   # "climbed 2.4%, clawing back its losses from last week"
            near = left + _SUBCLAUSE.split(right, 1)[0]
            k = near.find(period.text) if period is not None and period.text else -1
            gap = near[k + len(period.text):len(left)] if period is not None and 0 <= k < len(left) \
                else ""
            if period is not None and period.text and k >= 0 and find_period(
                    sentence.replace(period.text, " "), date.session, date.published) is None and \
                    not (period.kind == "day" and _clause_comma(gap)):
                period_from = "sole"     # the sentence's only period, in the figure's clause
        if period is None and _SAME.search(window) and last_period:
            period = last_period[-1]
        if period is None:
            period = find_period(_shared(text, s0, s1, qs, i), date.session, date.published)
            if period is None or _of_a_noun(text, s0, s1, period, q) or \
                    _another_figures(text, s0, s1, period, qs, i):
                period = default
            if period.text:
                k = text.find(period.text, s0, s1)
                between = text[min(k, q.end):max(k, q.start)] if k >= 0 else ";"
                if not _SUBCLAUSE.search(between) and not re.search(
                        r"\b(?:week|month|quarter|year)\b", between, re.I) and find_period(
                        sentence.replace(period.text, " "), date.session, date.published) is None \
                        and not (period.kind == "day" and _clause_comma(between)) \
                        and not _figure_between(qs, i, k, text):
                    period_from = "sole"   # "rose 1.6% to 2,442.03 on Monday": its only period
            if period is default and re.search(r"\bfrom\s*$", left, re.I) and subj and \
                    instrument_kind(subj.symbol) == "yield":
                period = ClaimPeriod("day", cal.previous_session(date.session),
                                     text="the previous session")
        if period.kind in ("ytd", "mtd", "qtd", "wtd") and (th := _THROUGH.search(sentence)):
            period = ClaimPeriod(period.kind, weekday_session(th[1], date.session),  # "through
                                 year=period.year, month=period.month,           # Thursday"
                                 text=f"{period.text} through {th[1]}")
        kind = instrument_kind(subj.symbol) if subj else None
        if q.unit == "pp" and kind in ("index", "etf") and _MOVED_BY.search(
                text, max(s0, q.start - 30), q.start) and not _COMPARED.search(sentence):
            q = dataclasses.replace(q, unit="pct")  # "the Nasdaq gained a full percentage
            #                                         point": its move, in percent
        if q.unit == "pct" and _FREQUENCY.match(text, q.end, s1):
            continue            # "on 55 percent of occasions": a frequency, not a move
        if re.match(r"\s*(?:basis points?|bps?|points?|percentage points?)?\s*\)?\s*(?:\([^)]*\)\s*)?"
                    r"(?:above|below) (?:that|the|its|this) (?:level|mark)", text[q.end:s1], re.I):
            continue            # "328 basis points above that level": from an earlier level
        cited = _CITED.match(text, q.end, s1)
        if cited:
            ds = find_dates(text, date.session, cited.end(), min(s1, cited.end() + 40))
            if ds and ds[0].start - cited.end() <= 12 and ds[0].date is not None:
                period = ClaimPeriod("day", ds[0].date, text=text[cited.start():ds[0].end])
                period_from = "cited"
            elif (yr := re.match(r"(?:in\s+)?((?:19|20)\d{2})\b", text[cited.end():s1])):
                period_from = "cited_year"   # "the 3.06 percent gain set in 1973"
                if (md := ranked_date(sentence)) is not None:
                    # "the best Dec. 26 on record, surpassing the 3.06 percent gain set in
                    # 1973": that day of that year
                    period = ClaimPeriod("day", dt.date(int(yr[1]), *md), text=yr.group())
                    period_from = "cited"
        metric, extra = _numeric_metric(q, left, right, kind, period, window,
                                        text[max(s0, q.start - 100):q.start])
        if metric in (Metric.CHANGE_PCT, Metric.PERIOD_RETURN) and \
                re.search(r"\bmedian\b", left[-70:], re.I) and _MONTH_WORD.search(sentence):
            metric = Metric.SEASONAL_MEDIAN     # "the median September (-0.5%)": across years
        if average:
            n = _average_window(average.group(), text, s0)  # "its 50-day moving average is $473.79"
            if n is None:
                continue
            metric, extra = Metric.MOVING_AVERAGE, {"window": n}
            period = ClaimPeriod("none", period.end if period.kind == "day" else date.session)
        base = dated_base(text, q.end, s1, date.session) if q.unit == "pct" or (
            q.unit in ("pp", "bp") and kind == "yield") else None
        if base is not None and metric in (Metric.DRAWDOWN, Metric.PCT_FROM_RECORD_CLOSE,
                                           Metric.CHANGE_PCT, Metric.PERIOD_RETURN):
            # "Off 6.12% from the Election Day close of 11160.57 on Nov. 3, 2020"
            metric, period, period_from = Metric.PERIOD_RETURN, base, "own"
            extra["from_dated"] = True
        elif base is not None and metric is Metric.YIELD_CHANGE_BP:
            # "Yield is off 0.082 percentage point from its 52-week high of 2.491% hit Friday,
            # March 25, 2022", "up 0.691 percentage point from 52 weeks ago"
            period, period_from = base, "own"
            extra["from_dated"] = True
        if q.unit == "pct" and kind != "yield" and metric in (
                Metric.CHANGE_PCT, Metric.PERIOD_RETURN, Metric.DRAWDOWN) and (xm := dated_extreme(
                    text, s0, s1, q.start, q.end, date.session,
                    not any(x.unit == "pct" for x in qs[:i]))) is not None:
            # "its 35% run from a low in April", "10% above the February closing low"
            metric, period, period_from = Metric.CHANGE_FROM_EXTREME, \
                ClaimPeriod("none", date.session, text=xm.text), "own"
            extra = {"window": (xm.first, xm.last), "low": xm.low, "closing": xm.closing}
        if metric is None:
            continue
        if period.kind != "none":
            last_period.append(period)
        value: float = q.value
        direction = direction_in(left[-60:]) if metric is Metric.SPREAD else \
            direction_in(_COMPARATIVE.sub(" ", left[-60:]))
        if metric is Metric.SPREAD:
            direction = direction_in(right[:30]) or direction
            others = [m for m in ms if subj is None or m.symbol != subj.symbol]
            if others:
                extra["versus"] = others[0].symbol
        if extra.get("from_dated") and direction is None and \
                re.search(r"\b(?:off|down|lower)\s*$", left, re.I):
            direction = "down"
        hyphen = re.search(r"-points?$", q.text) is not None   # "a 653-point plunge"
        noun_phrase = re.search(r"\b(?:a|an)\s*$", left, re.I) is not None   # "and a 0.1% drop"
        if (direction is None or hyphen or noun_phrase) and metric is not Metric.SPREAD:
            after = _AFTER_DIRECTION.match(text, q.end, s1)  # "653.17 points, or 2.9%, lower"
            if after:
                direction = "down" if after[1].lower() in ("lower", "down", "drop", "decline",
                                                          "loss", "fall", "slide", "decrease",
                                                          "plunge", "tumble", "selloff",
                                                          "sell-off", "rout", "slump") else "up"
        if direction is None and i and re.fullmatch(r"\s*,?\s*or\s*", left):
            direction = prev_direction      # "fell 1.2%, or 5.83 points": the same move
        elif direction is None and i and q.unit == qs[i - 1].unit and len(left) <= 40 and \
                re.fullmatch(r"\s*(?:,\s*)?(?:and\s+|while\s+)?(?:(?:the\s+)?[A-Z][\w&.-]*"
                             r"(?:\s+[A-Z0-9][\w&.-]*){0,2}\s+)?", left):
            direction = prev_direction      # "the Dow has lost 8% and the S&P 7.7%", "fell
            #                                 19.24% and 33.03%, respectively": the same verb
        prev_direction = direction
        if metric in (Metric.PCT_FROM_RECORD_CLOSE, Metric.DRAWDOWN):
            direction = None                # a distance below the record, not a move
            if metric is Metric.DRAWDOWN:
                value = -abs(value)         # drawdowns are negative (close / peak - 1)
            if period.kind != "day" or not re.search(rf"\bon\s+{re.escape(period.text)}",
                                                     left):
                period = default            # "record close of X from Nov. 8": the record's day
                extra["period_from"] = "none"
        if metric is Metric.INTRADAY_HIGH_CHANGE_PCT and direction == "down":
            metric = Metric.INTRADAY_LOW_CHANGE_PCT
        if metric in _SIGNED and direction == "down" and not q.signed:
            value = -value
        if metric is Metric.RECORD_CLOSE_COUNT or "record_kind" in extra:
            dates = [d for d in find_dates(text, date.session, q.end, min(s1, q.end + 60))
                     if not re.search(r"\bsince\s+$", text[max(0, d.start - 7):d.start], re.I)]
            if dates:
                d = dates[0]
                extra["date"] = d.date.isoformat() if d.date else f"{d.year:04d}-{d.month:02d}"
        if kind_f := forecast_kind(re.split(r"\b(?:when|after|which|since)\b", left[-80:])[-1]):
            extra["forecast"] = kind_f
        if _WHEN_BEFORE.search(text, max(s0, q.start - 60), q.start) and re.search(
                r"\b(?:19|20)\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
                text[s0:q.start], re.I):
            extra["past_event"] = True   # "since Oct. 22, 1987, when the yield fell 117 bp"
        if re.search(r"\b(?:since|than|surpass(?:ing|ed|es)|topp(?:ing|ed)|tops|beat(?:ing|s)?|"
                     r"eclips(?:ing|ed|es)|exceed(?:ing|ed|s)?)\s+(?:a|an|the|its)\s+"
                     r"(?:[\w-]+\s+)?$", left, re.I) and period_from != "cited":
            extra["past_event"] = True   # "the largest 15-week advance since a 22.5% gain during
            #                              the period that ended Aug. 28, 2020": the earlier one
        if period.kind == "none" and _CLOSING_FRAME.match(text, q.end, s1):
            period_from = "own"     # "slipped 0.2% to close at 4,701.46": the day's move
        extra["anchor"] = anchor
        extra["period_from"] = period_from if period.kind != "none" else "none"
        extra["recent"] = list(tracker.recent)
        extra["named"] = sorted({m.symbol for m in ms if m.named})
        if live := LIVE.search(left + CLAUSE_END.split(right, 1)[0]) or opening_live:
            extra["live"] = live.group()
        if time_m:
            extra["time_of_day"] = time_m.group()
        if period.kind == "none" and re.search(r"\b(?:in|during|for|over) that month\b", sentence,
                                               re.I):
            # "Remember December? In that month, the S&P 500 fell 9.18 percent"
            named = [m_[1] for m_ in _MONTH_WORD.finditer(text, max(0, s0 - 300), s0)]
            if named:
                mo = month_number(named[-1])
                extra["that_month"] = [date.session.year if mo < date.session.month
                                       else date.session.year - 1, mo]
        if period.kind == "year" and not _MONTH_WORD.search(sentence):
            # the month a piece is about: the one calendar month the text before names
            seen = Counter(m[1].lower() for m in MONTH_PLURAL.finditer(text, max(0, s0 - 800), s0))
            top = seen.most_common(2)
            if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
                extra["topic_month"] = month_number(top[0][0])
        elif period.kind == "year":
            # "the returns in September ... a 9.3 percent selloff in 2022": the one month the
            # sentence names, not as a date, may be the month of that year
            bare = {m[1].lower() for m in MONTH_PLURAL.finditer(text, s0, q.start)
                    if not re.match(r"\.?\s*\d", text[m.end():])}
            if len(bare) == 1 and len({m[1].lower() for m in MONTH_PLURAL.finditer(sentence)}) == 1:
                extra["topic_month"] = month_number(bare.pop())
        if metric in (Metric.SEASONAL_AVERAGE, Metric.SEASONAL_MEDIAN):
            # "in December, ..." else the first month named in the sentence ("December has
            # historically been ...")
            mm = re.search(r"\bin\s+(january|february|march|april|may|june|july|august|"
                           r"september|october|november|december)\b", sentence, re.I) \
                or _MONTH_WORD.search(sentence)
            month = month_number(mm[1]) if mm else None
            yrs = _YEARS.search(text, q.end, s1)
            start = None
            if yrs:
                extra["years"] = [int(yrs[1]), int(yrs[2])]
            elif month and (sp := stated_span(text, s0, s1)[0]) is not None and sp.last_n:
                # "the 50-year average", "of the past 50 Septembers": the latest complete ones
                y1 = date.session.year - (date.session.month <= month)
                extra["years"] = [y1 - sp.last_n + 1, y1]
            period = ClaimPeriod("seasonal_month", date.session, month=month, start=start,
                                 text=mm.group() if mm else "")
        qualifier = q.qualifier
        if extra.get("milestone") and qualifier == "exact":
            qualifier = "at_least"      # the close at or past the round level
        if extra.get("within"):
            qualifier = "less_than"
        if period.kind in ("month", "mtd") and period.year == date.session.year and \
                not re.search(r"so far|to date|this month", period.text, re.I) and \
                _LAST_YEAR.search(text, s0, q.start) and \
                not re.search(r"\b(?:19|20)\d{2}\b", period.text):
            period = ClaimPeriod("month", date.session, year=date.session.year - 1,
                                 month=period.month, text=period.text + " (last year)")
        if "crossed" in extra:
            qualifier = "more_than" if extra["crossed"] == "above" else "less_than"
            value, direction = abs(value), None
            own = text[max(c0, q.start - 90):min(c1, q.end + 40)]
            past = re.search(r"\b(?:since|after|when|before)\b[^,;]*$", text[max(s0, q.start - 60):
                                                                             q.start], re.I)
            if past:
                extra["past_event"] = True   # "eight days after it ended above 25,000 ..."
            if re.search(r"\bfirst time|\bfirst close|\bfirst[- ]ever", own, re.I):
                extra["first_time"] = True
                extra["level"] = abs(value)
                if period.year and period.year < date.session.year:
                    extra["past_event"] = True   # "topped 40,000 for the first time in 2024"
                metric = Metric.FIRST_CLOSE_ABOVE if extra["crossed"] == "above" else \
                    Metric.FIRST_CLOSE_BELOW
                since = re.search(r"\bfirst (?:time|close|finish)\b[^.;]{0,40}?\bsince\s+", sentence,
                                  re.I)
                if since is None and (fm := _FIRST_IN_MONTH.search(own)):
                    # "closed above 12,000 for the first time in October": that month's
                    mo = month_number(fm[1])
                    first_year = int(fm[2]) if fm[2] else date.session.year - (mo > date.session.month)
                    extra["first_in"] = f"{first_year:04d}-{mo:02d}"
                elif since is None and (ago := _FIRST_IN_SPAN.search(sentence)):
                    # "closed above 12,000 for the first time in 2 1/2 years": the last close
                    # above it that long ago
                    extra["since_ago"] = [_span_amount(ago), ago["unit"].lower().rstrip("s"),
                                          (ago["q"] or "").lower()]
                if since:
                    ds = find_dates(text, date.session, s0 + since.end(), s1)
                    y = re.match(r"((?:19|20)\d{2})\b", sentence[since.end():])
                    if ds and ds[0].start == s0 + since.end():
                        d = ds[0]
                        extra["since"] = d.date.isoformat() if d.date else f"{d.year:04d}-{d.month:02d}"
                    elif y:
                        extra["since"] = y[1]
                    else:
                        extra["since_event"] = True     # "since the terrorist attacks"
        many: list[str] = []
        if _EACH.match(text, q.end, s1):
            many = list(dict.fromkeys(m.symbol for m in ms if m.named and c0 <= m.start < q.start))
        elif not [m for m in ms if m.named and m.end <= q.start] and \
                len(grp := group_of(text, s0, q.start, [m for m in ms if m.end <= q.start])) >= 2:
            # "All three indexes rose more than 9%": the figure of each
            many = grp
            subj = Mention(q.start, q.start, many[-1], "", named=False)
            extra["anchor"] = "named"           # the group names them: no other subject
        elif not any(m.named for m in ms) and re.search(r"\b(?:they|all|both)\s+(?:each|all|both)\b|"
                                                     r"\beach of them\b", left, re.I):
            # "All three indexes were sluggish ... On New Year's Eve, they each finished up 0.3%"
            many = group_before(text, s0)
            if many:
                subj = Mention(q.start, q.start, many[-1], "", named=False)
                extra["anchor"] = "named"
        elif subj is not None and subj.named and subj.end <= q.start and \
                _SHARED_VERB.fullmatch(text, subj.end, q.start):
            # "The Dow and Nasdaq also lost more than 1%", "the S&P 500 and the Nasdaq each
            # rose around 2 percent": the figure of every instrument of the subject list
            many = listed([m for m in ms if m.named and m.end <= subj.end], text)
        if many:
            for other in many[:-1] if len(many) >= 2 and subj and subj.symbol == many[-1] else []:
                yield Claim(sentence=sentence, span=(q.start, q.end), subject=other,
                            subject_text="", metric=metric, period=period, value=value,
                            unit="yield_pct" if metric is Metric.YIELD_LEVEL else q.unit,
                            decimals=q.decimals, qualifier=qualifier, direction=direction,
                            text=q.text, extra=dict(extra))
        said = Claim(sentence=sentence, span=(q.start, q.end), subject=subj.symbol if subj else None,
                    subject_text=subj.text if subj else "", metric=metric, period=period,
                    value=value, unit="yield_pct" if metric is Metric.YIELD_LEVEL else q.unit,
                    decimals=q.decimals, qualifier=qualifier, direction=direction,
                    text=q.text, extra=extra)
        figures.append(said)
        yield said
    # worded claims with no instrument before them: the sentence's first named one ("After a
    # seven-session winning streak ..., the Dow Jones Industrial Average broke above 22,000")
    worded = fallback or next((m.symbol for m in ms if m.named), None)
    yield from tally_claims(text, s0, s1, ms, worded, date)
    month_ranks = list(month_rank_claims(text, s0, s1, ms, worded, date))
    yield from month_ranks
    yield from (c for c in rank_claims(text, s0, s1, ms, worded, date, tracker.recent, figures)
                if not any(r.span[0] < c.span[1] and c.span[0] < r.span[1] for r in month_ranks))
    yield from calendar_day_claims(text, s0, s1, ms, worded, date, tracker.recent)
    record_runs = list(record_run_claims(text, s0, s1, ms, worded, date))
    yield from (c for c in streak_claims(text, s0, s1, ms, worded, date)   # "for the second
                if not any(r.span[0] <= c.span[0] < r.span[1] for r in record_runs))  # straight
    if run is not None and run.n:       # "This is the longest losing streak since 1978"
        yield from longest_alone_claims(text, s0, s1, ms, worded, date, run.n)
    yield from sign_claims(text, s0, s1, ms, worded, date)
    yield from same_level_claims(text, s0, s1, ms, worded, date)
    yield from launch_claims(text, s0, s1, ms, worded, date)
    yield from leader_claims(text, s0, s1, ms, worded, date)
    yield from extreme_claims(text, s0, s1, ms, worded, date)  # day ... at a record": its run of
    yield from record_date_claims(text, s0, s1, ms, worded, date)   # records, not of gains
    yield from record_runs
    yield from drought_claims(text, s0, s1, ms, worded, date)
    yield from first_move_claims(text, s0, s1, ms, worded, date, figures)
    yield from year_rank_claims(text, s0, s1, ms, worded, date, tracker.recent)
    yield from erased_gain_claims(text, s0, s1, ms, worded, date)
    yield from counts
    yield from nth_time_claims(text, s0, s1, ms, worded, date, figures)
    yield from freq


def extract_claims(text: str, date: ArticleDate) -> list[Claim]:
    """Every claim of ``text``, in order of appearance."""
    return [c for got in claims_by_sentence(text, date) for c in got]


def figures_by_sentence(text: str) -> dict[tuple[int, int], list[Quantity]]:
    """The sentences of ``text`` (their spans, in order) and the figures stated in each."""
    return {span: find_quantities(text, *span) for span in split_sentences(text)}


def claims_by_sentence(text: str, date: ArticleDate,
                       figures: Mapping[tuple[int, int], list[Quantity]] | None = None
                       ) -> Iterator[list[Claim]]:
    """The claims of each sentence of ``text`` that has any, sentence by sentence, each list in
    the order the text states them; ``figures``: :func:`figures_by_sentence` of ``text``, if
    it is at hand."""
    tracker = MentionTracker()
    last_period: list[ClaimPeriod] = []
    run: ClaimPeriod | None = None
    elsewhere = False
    if figures is None:
        figures = figures_by_sentence(text)
    for span, qs in figures.items():
        here = _other_topic(text, *span)
        got = list(sentence_claims(text, span, tracker, date, last_period, run, elsewhere or here,
                                   qs))
        if not tracker.found_last and (elsewhere or here):
            got = [c for c in got if c.subject is not None]     # about something else
        elsewhere = not tracker.found_last and here
        for i, c in enumerate(got):
            neg = _NEGATED.search(text, max(span[0], c.span[0] - 60), c.span[0])
            if neg is not None and (c.metric in _LEVELS_TODAY or
                                    not _SINCE_AFTER.match(text, c.span[1], span[1])):
                # "The Nasdaq didn't reach an all-time high": not judged (but "haven't seen 3%
                # since 2014" says it is the first time since; "hasn't traded below the 7,000
                # mark since October 1997" is still not the session's low)
                got[i] = dataclasses.replace(c, extra={**c.extra, "negated": neg[1]})
        if got:
            yield sorted(got, key=lambda c: c.span[0])      # in the order the text states them
        runs = [(c.period.end, int(c.value)) for c in got if c.metric is Metric.STREAK
                and c.extra.get("unit") == "days" and c.value is not None and c.value >= 2]
        run = ClaimPeriod("sessions", runs[-1][0], n=runs[-1][1], text="that time") \
            if runs else None

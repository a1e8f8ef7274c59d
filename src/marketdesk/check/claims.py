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

import re
from collections.abc import Iterator

from ..facts.model import Metric
from .. import calendar as cal
from .entities import Mention, MentionTracker, instrument_kind
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import find_dates, find_period, month_number
from .quantities import Quantity, direction_in, find_quantities
from .sentences import split_sentences

__all__ = ["extract_claims", "sentence_claims"]

_SIGNED = {Metric.CHANGE_PCT, Metric.CHANGE_PTS, Metric.PERIOD_RETURN, Metric.PERIOD_TOTAL_RETURN,
           Metric.YIELD_CHANGE_BP, Metric.SPREAD, Metric.INTRADAY_HIGH_CHANGE_PCT,
           Metric.INTRADAY_LOW_CHANGE_PCT, Metric.SEASONAL_AVERAGE}
_FORECAST = re.compile(r"\b(?:may(?!\s+\d)|might|could|will|would|expected to|poised to|forecasts?|"
                       r"projected|likely to|set to|on track to|on pace to)\b", re.I)
_TIME = re.compile(r"(?<!ended at )(?<!closed at )(?<!closing at )(?<!ends at )"
                   r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.)", re.I)   # not an early close
_SAME = re.compile(r"\bsame (?:period|month|day|session|time)\b", re.I)
_RECORD = re.compile(r"(record|all-time|historical|closing high|peak|highest)", re.I)
_TO_AT = re.compile(r"(?:\bto|\bat|\bof|\bnear|\bhit|\breached|\btouched|\bat a)\s*$", re.I)
_LARGEST = re.compile(
    r"\b(largest|biggest|best|strongest|steepest|sharpest|worst|deepest)\s+"
    r"(?:(single|one)[- ](day|month|week|session)\s+|(daily|monthly|weekly|annual|yearly)\s+)?"
    r"(?:percentage\s+)?(increase|gain|rise|advance|jump|rally|decline|drop|fall|loss|decrease|"
    r"slide|selloff)s?\s+(since|of the year|this year|on record|in (?:data|records) going back to)",
    re.I)
_SINCE_YEAR = re.compile(r"\s*((?:19|20)\d{2})\b(?!,?\s*\d)")
_STREAK = re.compile(
    r"\b(?:has |have |had )?(risen|rose|gained|advanced|fallen|fell|declined|dropped|lost)\s+"
    r"(?:for\s+)?(?:(\d+)|(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\s+(?:straight|consecutive|"
    r"successive)\s+(sessions|days|trading days|weeks|months)", re.I)
_LONGEST = re.compile(r"\blongest\s+(winning|losing)\s+streak\s+(since|on record|ever)", re.I)
_GAP = re.compile(r"(?:\bgap of|\bshort of|\bshy of)\s*$", re.I)
_BELOW_RECORD = re.compile(r"^\s*(?:below|under|short of|off|from)\s+(?:its|the|a)\s+"
                           r"(?:[\w.,]+\s+){0,3}?(?:record|all-time|peak|closing high)", re.I)
# "its fifth straight loss", "the index's 3rd consecutive daily gain"
_ORD_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
              "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
_ORD_STREAK = re.compile(
    r"\b(?:its|their|a|the)\s+(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(_ORD_WORDS[1:]) + r"))\s+"
    r"(?:straight|consecutive|successive)\s+(?:(daily|weekly|monthly)\s+)?"
    r"(loss|decline|drop|fall|gain|advance|rise|increase|winning (?:session|day|week|month)|"
    r"losing (?:session|day|week|month))(?:es|s)?\b", re.I)
# "its best day since April 2020", "its worst session since 1987", "its biggest since March 2009"
_BEST_DAY = re.compile(
    r"\b(best|worst|biggest|largest|strongest|steepest|sharpest|deepest)\s+"
    r"(?:(?:one|single)[- ])?(?:(day|session|week|month|year)\s+(?:(?:for|of)\s+(?:the\s+)?"
    r"[\w&.\s]{1,30}?\s+)?)?(since)\b", re.I)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen", "twenty")
_YEARS = re.compile(r"\bfrom\s+((?:19|20)\d{2})\s+(?:through|to|until|-|–)\s+((?:19|20)\d{2})\b",
                    re.I)
_MONTH_WORD = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|"
                         r"november|december)\b", re.I)
_BEST_MONTH = re.compile(r"\b(best|worst)[- ]performing month|\b(best|worst) month\b", re.I)
_COMPARATIVE = re.compile(r"\b(?:lower|higher|behind|ahead|lagged|lags|trailed|outperformed|"
                         r"underperformed)\b.*", re.I | re.S)
_DOWN_NOUN = ("decline", "drop", "fall", "loss", "decrease", "slide", "selloff")


_CLAUSE_BREAK = re.compile(r";|,\s+while\b", re.I)
_CLAUSE_END = re.compile(r",|;|\s(?:and|while|but|as|after|before)\s", re.I)
_CLAUSE_START = re.compile(r",|;|\s(?:and|while|but)\s", re.I)


def _shared(text: str, s0: int, s1: int, qs: list[Quantity], i: int) -> str:
    """The sentence with the clauses that belong to *another* figure's "from X" blanked out
    ("rose to 3.43% from 3.15% late Friday": "late Friday" dates only the 3.15%)."""
    chars = list(text[s0:s1])
    for j, q in enumerate(qs):
        if j == i or not re.search(r"\bfrom\s*$", text[max(s0, q.start - 8):q.start], re.I):
            continue
        tail = _CLAUSE_END.split(text[q.end:s1], 1)[0]
        for k in range(q.start - s0, q.end - s0 + len(tail)):
            chars[k] = " "
    return "".join(chars)


def _clause(text: str, pos: int, s0: int, s1: int) -> tuple[int, int]:
    """The clause of ``text[s0:s1]`` holding ``pos``: split at ";" and ", while"."""
    a, b = s0, s1
    for m in _CLAUSE_BREAK.finditer(text, s0, s1):
        if m.end() <= pos:
            a = m.end()
        elif m.start() >= pos:
            b = m.start()
            break
    return a, b


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


def _numeric_metric(q: Quantity, left: str, right: str, kind: str | None,
                    period: ClaimPeriod, window: str) -> tuple[Metric | None, dict[str, object]]:
    near, low = left[-70:].lower(), window.lower()
    extra: dict[str, object] = {}
    if q.unit == "ordinal":
        return (Metric.RECORD_CLOSE_COUNT, extra) if _RECORD.search(right[:60]) else (None, extra)
    if q.unit == "bp":
        return Metric.YIELD_CHANGE_BP, extra
    if q.unit == "pp":
        return (Metric.YIELD_CHANGE_BP if kind == "yield" else Metric.SPREAD), extra
    if q.unit == "pct":
        if kind != "yield" and _GAP.search(left):
            return Metric.PCT_FROM_RECORD_CLOSE, extra
        if kind != "yield" and _BELOW_RECORD.search(right):
            return Metric.DRAWDOWN, extra
        if kind == "yield":
            if re.search(r"\bfrom\s*$", left, re.I):
                extra["from_level"] = True      # "rose to 3.43% from 3.15%": the earlier level
                return Metric.YIELD_LEVEL, extra
            if re.match(r"(?:above|over|below|under)\b", q.text, re.I):
                return Metric.YIELD_LEVEL, extra
            return (Metric.YIELD_LEVEL if _TO_AT.search(left) or not direction_in(near)
                    else Metric.YIELD_CHANGE_BP), extra
        k = near.rfind("intraday")
        if (k >= max(0, len(near) - 40) and not re.search(r"\bclos", near[k:])) or \
                "intraday" in right[:25].lower():
            return Metric.INTRADAY_HIGH_CHANGE_PCT, extra
        if re.search(r"\baverag|\bhistorically\b", low.replace("industrial average", "")):
            return Metric.SEASONAL_AVERAGE, extra
        if "total return" in low:
            return Metric.PERIOD_TOTAL_RETURN, extra
        if period.kind in ("wtd", "mtd", "ytd", "qtd", "month", "year", "since"):
            return Metric.PERIOD_RETURN, extra
        return Metric.CHANGE_PCT, extra
    # levels and points
    if _RECORD.search(near[-60:]) and re.search(r"high|record|peak", near[-60:]):
        extra["record_kind"] = _record_kind(left)
        return (Metric.RECORD_HIGH if extra["record_kind"] == "intraday"
                else Metric.RECORD_CLOSE), extra
    if re.search(r"intraday high of\s*$|high of\s*$|as high as\s*$", near):
        return Metric.HIGH, extra
    if re.search(r"intraday low of\s*$|low of\s*$|as low as\s*$", near):
        return Metric.LOW, extra
    if q.unit == "level" and q.qualifier in ("more_than", "less_than") and \
            re.match(r"(?:above|over|below|under)\b", q.text, re.I) and kind != "yield":
        return Metric.CLOSE, extra        # "the VIX fell below 24", "closed above 5,000"
    if _TO_AT.search(left):
        return (Metric.YIELD_LEVEL if kind == "yield" else Metric.CLOSE), extra
    if q.unit == "pts":
        return Metric.CHANGE_PTS, extra
    return None, extra


def _respectively(qs: list[Quantity], ms: list[Mention], text: str, end: int) -> dict[int, Mention]:
    """Figures listed before ", respectively" paired in order with the instruments listed before."""
    out: dict[int, Mention] = {}
    m = re.search(r"respectively", text[:end])
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


def sentence_claims(text: str, span: tuple[int, int], tracker: MentionTracker,
                    date: ArticleDate, last_period: list[ClaimPeriod]) -> Iterator[Claim]:
    """The claims of the sentence at ``span``; ``tracker`` and ``last_period`` carry state."""
    s0, s1 = span
    sentence = text[s0:s1]
    fallback = tracker.last
    ms = tracker.mentions(text, s0, s1)
    qs = find_quantities(text, s0, s1)
    pairs = _respectively(qs, ms, text, s1)
    time_m = _TIME.search(sentence)
    default = ClaimPeriod("none", date.session, text="")
    prev_direction = None
    for i, q in enumerate(qs):
        a = qs[i - 1].end if i else s0
        b = qs[i + 1].start if i + 1 < len(qs) else s1
        left, right, window = text[a:q.start], text[q.end:b], text[a:b]
        subj = pairs.get(i) or _subject(ms, q, text, fallback, _clause(text, q.start, s0, s1))
        # the figure's own clause first ("lost 9.3% so far this month and is down 21.3% for the
        # year"), then the stretch between its neighbours, then the sentence
        period = find_period(_CLAUSE_END.split(right, 1)[0], date.session, date.published) or \
            find_period(_CLAUSE_START.split(left)[-1], date.session, date.published) or \
            find_period(window, date.session, date.published)
        if period is None and _SAME.search(window) and last_period:
            period = last_period[-1]
        if period is None:
            period = find_period(_shared(text, s0, s1, qs, i), date.session, date.published) \
                or default
            if period is default and re.search(r"\bfrom\s*$", left, re.I) and subj and \
                    instrument_kind(subj.symbol) == "yield":
                period = ClaimPeriod("day", cal.previous_session(date.session),
                                     text="the previous session")
        kind = instrument_kind(subj.symbol) if subj else None
        metric, extra = _numeric_metric(q, left, right, kind, period, window)
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
        if direction is None and i and re.fullmatch(r"\s*,?\s*or\s*", left):
            direction = prev_direction      # "fell 1.2%, or 5.83 points": the same move
        prev_direction = direction
        if metric in (Metric.PCT_FROM_RECORD_CLOSE, Metric.DRAWDOWN):
            direction = None                # a distance below the record, not a move
            if metric is Metric.DRAWDOWN:
                value = -abs(value)         # drawdowns are negative (close / peak - 1)
            if period.kind != "day" or not re.search(rf"\bon\s+{re.escape(period.text)}",
                                                     window):
                period = default            # "record close of X from Nov. 8": the record's day
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
        if _FORECAST.search(left[-80:]):
            extra["forecast"] = True
        if time_m:
            extra["time_of_day"] = time_m.group()
        if metric is Metric.SEASONAL_AVERAGE:
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
            period = ClaimPeriod("seasonal_month", date.session, month=month, start=start,
                                 text=mm.group() if mm else "")
        yield Claim(sentence=sentence, span=(q.start, q.end), subject=subj.symbol if subj else None,
                    subject_text=subj.text if subj else "", metric=metric, period=period,
                    value=value, unit="yield_pct" if metric is Metric.YIELD_LEVEL else q.unit,
                    decimals=q.decimals, qualifier=q.qualifier, direction=direction,
                    text=q.text, extra=extra)
    yield from _rank_claims(text, s0, s1, ms, fallback, date)
    yield from _streak_claims(text, s0, s1, ms, fallback, date)
    yield from _extreme_claims(text, s0, s1, ms, fallback, date)


def _rank_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate) -> Iterator[Claim]:
    sentence = text[s0:s1]
    found: list[tuple[re.Match[str], str, bool, str]] = []
    for m in _LARGEST.finditer(text, s0, s1):
        gran = (m[3] or m[4] or "").lower()
        found.append((m, gran, m[5].lower() in _DOWN_NOUN, m[6]))
    for m in _BEST_DAY.finditer(text, s0, s1):
        if any(f[0].start() <= m.start() < f[0].end() for f in found):
            continue
        word = m[1].lower()
        if word in ("best", "strongest"):
            down = False
        elif word in ("worst", "deepest"):
            down = True
        else:                                  # "its biggest since": the move named before it
            down = direction_in(text[s0:m.start()]) == "down"
        found.append((m, (m[2] or "day").lower(), down, m[3]))
    for m, gran, down, kind_word in sorted(found, key=lambda f: f[0].start()):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        subj_text = before[-1].text if before else ""
        gran = {"daily": "day", "session": "day", "monthly": "month", "weekly": "week",
                "annual": "year", "yearly": "year"}.get(gran, gran)
        noun = "decline" if down else "gain"
        extra: dict[str, object] = {"direction": noun}
        end = m.end()
        if kind_word.lower() == "on record" or kind_word.lower().startswith("in "):
            extra["since"] = None
            extra["on_record"] = True
            y = _SINCE_YEAR.match(text, m.end())      # "... in data going back to 1992"
            if m[6].lower().startswith("in ") and y and y.end() <= s1:
                end = y.end()
                extra["data_from"] = y[1]
            gran = gran or "month"
            metric = Metric.LARGEST_SINCE
        elif kind_word.lower() == "since":
            dates = [d for d in find_dates(text, date.session, m.end(), min(s1, m.end() + 45))
                     if d.start - m.end() <= 2]
            y = _SINCE_YEAR.match(text, m.end())
            if dates:
                d = dates[0]
                end = d.end
                extra["since"] = d.date.isoformat() if d.date else f"{d.year:04d}-{d.month:02d}"
                gran = gran or ("day" if d.date else "month")
            elif y and y.end() <= s1:             # "its largest annual gain since 2019"
                end = y.end()
                extra["since"] = y[1]
                gran = gran or "year"
            else:
                continue
            metric = Metric.LARGEST_SINCE
        else:
            gran = gran or "month"
            metric = Metric.LARGEST_OF_YEAR
        extra["granularity"] = gran
        if _FORECAST.search(text[max(s0, m.start() - 40):m.start()]):
            extra["forecast"] = True
        yield Claim(sentence=sentence, span=(m.start(), end), subject=subj, subject_text=subj_text,
                    metric=metric, period=ClaimPeriod("none", date.session), value=None,
                    unit="none", decimals=0, direction="down" if noun in _DOWN_NOUN else "up",
                    text=text[m.start():end], extra=extra)
    for m in _BEST_MONTH.finditer(text, s0, s1):
        mm = re.search(r"\b(january|february|march|april|may|june|july|august|september|"
                       r"october|november|december)\b", sentence, re.I)
        if not mm or not re.search(r"averag|historical|seasonal|typically|tends", sentence, re.I):
            continue
        from .periods import month_number
        before = [x for x in ms if x.end <= m.start()]
        subj = before[0].symbol if before else fallback
        best = (m[1] or m[2]).lower() == "best"
        yield Claim(sentence=sentence, span=m.span(), subject=subj,
                    subject_text=before[0].text if before else "",
                    metric=Metric.SEASONAL_BEST_MONTH if best else Metric.SEASONAL_WORST_MONTH,
                    period=ClaimPeriod("seasonal_month", date.session, month=month_number(mm[1])),
                    value=float(month_number(mm[1])), unit="none", decimals=0,
                    text=m.group(), extra={"month": month_number(mm[1])})


def _streak_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                   date: ArticleDate) -> Iterator[Claim]:
    """"has risen for six straight sessions" (STREAK, the count) and ", its longest winning
    streak since Sept. 19" (LONGEST_STREAK: the earlier streak at least as long ended then)."""
    sentence = text[s0:s1]
    for m in _ORD_STREAK.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        noun = m[4].lower()
        up = not (noun.startswith(("loss", "decline", "drop", "fall", "losing")))
        count = int(m[1]) if m[1] else _ORD_WORDS.index(m[2].lower()) + 1
        unit_word = (m[3] or "").lower() or next((u for u in ("week", "month") if u in noun), "day")
        unit = {"daily": "days", "day": "days", "weekly": "weeks", "week": "weeks",
                "monthly": "months", "month": "months"}[unit_word]
        cspan = m.span(1) if m[1] else m.span(2)
        yield Claim(sentence=sentence, span=(cspan[0], m.end()), subject=subj,
                    subject_text=before[-1].text if before else "", metric=Metric.STREAK,
                    period=ClaimPeriod("day", date.session), value=float(count), unit="count",
                    decimals=0, direction="up" if up else "down", text=text[cspan[0]:m.end()],
                    extra={"unit": unit, "streak_direction": "up" if up else "down"})
    for m in _STREAK.finditer(text, s0, s1):
        before = [x for x in ms if x.end <= m.start()]
        subj = before[-1].symbol if before else fallback
        subj_text = before[-1].text if before else ""
        up = m[1].lower() in ("risen", "rose", "gained", "advanced")
        count = int(m[2]) if m[2] else _NUMBER_WORDS.index(m[3].lower())
        unit = {"sessions": "days", "days": "days", "trading days": "days"}.get(m[4].lower(),
                                                                              m[4].lower())
        cspan = m.span(2) if m[2] else m.span(3)
        extra: dict[str, object] = {"unit": unit, "streak_direction": "up" if up else "down"}
        period = ClaimPeriod("day", date.session)
        yield Claim(sentence=sentence, span=cspan, subject=subj, subject_text=subj_text,
                    metric=Metric.STREAK, period=period, value=float(count), unit="count",
                    decimals=0, direction="up" if up else "down", text=text[cspan[0]:cspan[1]],
                    extra=extra)
        lm = _LONGEST.search(text, m.end(), s1)
        if lm is None or text[m.end():lm.start()].count(",") > 1:
            continue
        lx = {**extra, "length": count}
        end = lm.end()
        if lm[2].lower() == "since":
            dates = find_dates(text, date.session, lm.end(), min(s1, lm.end() + 30))
            if not dates or dates[0].date is None:
                continue
            end = dates[0].end
            lx["since"] = dates[0].date.isoformat()  # type: ignore[union-attr]
        else:
            lx["since"] = None
        yield Claim(sentence=sentence, span=(lm.start(), end), subject=subj,
                    subject_text=subj_text, metric=Metric.LONGEST_STREAK, period=period,
                    value=float(count), unit="none", decimals=0,
                    direction="up" if up else "down", text=text[lm.start():end], extra=lx)


_NUM_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
# "its highest close since Nov. 8, 2021", "its lowest level since January 2022"
_EXTREME_SINCE = re.compile(
    r"\b(highest|lowest)\s+(?:(?:close|closing|finish|level|closing\s+level)\s+)?since\b", re.I)
# "a three-year high", "a fresh 52-week low", "its highest level in three years"
_N_YEAR = re.compile(
    rf"\b(?:(52)[- ]week|(\d{{1,2}}|{_NUM_WORD})[- ]year)\s+(?:closing\s+)?(high|low)s?\b|"
    rf"\b(highest|lowest)\s+(?:(?:close|closing|finish|level|closing\s+level)\s+)?"
    rf"(?:in|in\s+(?:more\s+than|over|nearly|almost|about)|for)\s+"
    rf"(?:(\d{{1,2}}|{_NUM_WORD})\s+years|(a)\s+year|(52)\s+weeks)\b", re.I)
_INTRADAY = re.compile(r"\bintraday\b|\bduring the session\b|\bin (?:early|late|morning|"
                       r"afternoon)? ?trading\b|\bsession (?:high|low)\b|\bat one point\b|"
                       r"\bearlier in the (?:day|session)\b", re.I)


def _count_word(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBER_WORDS.index(w) if w in _NUMBER_WORDS else \
        {"fifteen": 15, "twenty": 20}.get(w, 0)


def _extreme_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                    date: ArticleDate) -> Iterator[Claim]:
    """"its highest close since Nov. 8, 2021" (HIGHEST/LOWEST_CLOSE_SINCE: ``since`` is a day,
    ``YYYY-MM`` or ``YYYY``), "a three-year high" / "its highest level in three years"
    (N_YEAR_HIGH/LOW, ``years``) and "a 52-week low" (WEEK52_HIGH/LOW). ``basis`` is ``intraday``
    when the clause says so ("intraday", "during the session"), else ``close``."""
    sentence = text[s0:s1]
    found: list[tuple[int, int, Metric, dict[str, object]]] = []
    for m in _EXTREME_SINCE.finditer(text, s0, s1):
        high = m[1].lower() == "highest"
        dates = [d for d in find_dates(text, date.session, m.end(), min(s1, m.end() + 30))
                 if d.start - m.end() <= 2]
        y = _SINCE_YEAR.match(text, m.end())
        if dates:
            d = dates[0]
            end = d.end
            since = d.date.isoformat() if d.date else f"{d.year:04d}-{d.month:02d}"
        elif y and y.end() <= s1:
            end, since = y.end(), y[1]
        else:
            continue
        found.append((m.start(), end, Metric.HIGHEST_CLOSE_SINCE if high
                      else Metric.LOWEST_CLOSE_SINCE, {"since": since}))
    for m in _N_YEAR.finditer(text, s0, s1):
        if m[1] or m[7]:
            years, high = 0, (m[3] or m[4]).lower().startswith("high")
            metric = Metric.WEEK52_HIGH if high else Metric.WEEK52_LOW
        else:
            years = _count_word(m[2] or m[5] or "") if (m[2] or m[5]) else 1
            high = (m[3] or m[4]).lower().startswith("high")
            if years < 1:
                continue
            metric = Metric.N_YEAR_HIGH if high else Metric.N_YEAR_LOW
        found.append((m.start(), m.end(), metric, {"years": years} if years else {}))
    for start, end, metric, extra in sorted(found, key=lambda f: f[0]):
        before = [x for x in ms if x.end <= start]
        subj = before[-1].symbol if before else fallback
        clause = _clause(text, start, s0, s1)
        tail = _CLAUSE_END.split(text[end:min(clause[1], end + 60)], 1)[0]
        lead = text[max(clause[0], start - 80):end] + tail
        extra["basis"] = "intraday" if _INTRADAY.search(lead) else "close"
        if _FORECAST.search(text[max(s0, start - 40):start]):
            extra["forecast"] = True
        yield Claim(sentence=sentence, span=(start, end), subject=subj,
                    subject_text=before[-1].text if before else "", metric=metric,
                    period=ClaimPeriod("day", date.session), value=None, unit="none",
                    decimals=0, direction="up" if metric in (
                        Metric.HIGHEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.WEEK52_HIGH)
                    else "down", text=text[start:end], extra=extra)


def extract_claims(text: str, date: ArticleDate) -> list[Claim]:
    """Every claim of ``text``, in order of appearance."""
    tracker = MentionTracker()
    last_period: list[ClaimPeriod] = []
    out: list[Claim] = []
    for span in split_sentences(text):
        out.extend(sentence_claims(text, span, tracker, date, last_period))
    return out

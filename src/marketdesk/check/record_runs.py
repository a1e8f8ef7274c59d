"""Records in a row: "six straight record highs", "a fifth straight all-time high", "closed at
a record high for a second straight day", "For the second straight day, all four major U.S. stock
indexes touched new record-high territory", "ending each of the past nine sessions at closing
highs".

Each is a RECORD_STREAK claim: ``value`` the count, ``extra["basis"]`` ``close`` when the words
say closed / closing / close, ``intraday`` when they say touched / peaking / intraday, else
``either`` (the data may say which)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts.model import Metric
from .entities import Mention, subject_before
from .model import ArticleDate, Claim, ClaimPeriod
from .phrase_claims import group_of
from .wording import NUMBER_WORDS, ORD_WORDS
from .firstchar import guarded

__all__ = ["drought_claims", "record_run_claims"]

_ORD = r"(?:(?P<od>\d+)(?:st|nd|rd|th)|(?P<ow>" + "|".join(ORD_WORDS[1:]) + "))"
_CNT = r"(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS[2:]) + ")"
_REC = (r"(?:new\s+|fresh\s+)?(?:record|all-time)(?:[- ](?:closing[- ])?(?:highs?|closes?|"
        r"closing highs?|finish(?:es)?|territory))?")
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "a fifth straight all-time high", "its third consecutive record close"
    re.compile(rf"\b(?:its|their|a|the|at)\s+{_ORD}\s+(?:straight|consecutive|successive)\s+{_REC}"
               rf"(?!\s+(?:for|in)\b)", re.I),
    # "six straight record highs"
    re.compile(rf"\b{_CNT}\s+(?:straight|consecutive|successive)\s+{_REC}", re.I),
    # "closed at a record high for a second straight day", "record highs ... for the second day
    # in a row"
    re.compile(rf"\b{_REC}(?:(?!\band\b)[^.;:,]){{0,40}}?\bfor\s+(?:a|the|its)\s+{_ORD}\s+(?:(?:straight|"
               rf"consecutive)\s+(?:day|session|trading day)|(?:day|session)\s+in\s+a\s+row)\b",
               re.I),
    # "For the second straight day, ... touched new record-high territory"
    re.compile(rf"\bfor\s+(?:a|the)\s+{_ORD}\s+(?:straight|consecutive)\s+(?:day|session),"
               rf"(?:[^.;:]|\.(?!\s+(?-i:[A-Z]))){{0,80}}?\b{_REC}", re.I),
    # "ending each of the past nine sessions at closing highs"
    re.compile(rf"\beach\s+of\s+the\s+(?:past|last)\s+{_CNT}\s+(?:sessions|trading days|days)\s+"
               rf"(?:at|with)\s+(?:new\s+)?(?:record|closing|all-time)\s+(?:highs|closes|"
               rf"closing highs)\b", re.I),
)
_CLOSE = re.compile(r"\bclos\w*|\bfinish\w*|\bended\b|\bending\b", re.I)
_INTRADAY = re.compile(r"\btouch\w*|\bpeak\w*|\bintraday\b|\btrad\w+ (?:above|at)\b", re.I)


def _value(m: re.Match[str]) -> int:
    g = m.groupdict()
    if g.get("od"):
        return int(g["od"])
    if g.get("ow"):
        return ORD_WORDS.index(g["ow"].lower()) + 1
    n = g["n"].lower()
    return int(n) if n.isdigit() else NUMBER_WORDS.index(n)


def record_run_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                      date: ArticleDate) -> Iterator[Claim]:
    """The RECORD_STREAK claims of the sentence ``text[s0:s1]``, one per instrument of a plural
    subject ("all four major indexes")."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    seen: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text, s0, s1):
            if any(a < m.end() and m.start() < b for a, b in seen):
                continue
            seen.append(m.span())
            count = _value(m)
            if count < 2:
                continue
            before = [x for x in ms if x.end <= m.end()]
            inside = [x for x in before if x.start >= m.start()]
            group = group_of(text, s0, m.end(), before)
            near = inside or before
            subj = near[-1] if near else None
            symbols = group or ([subj.symbol] if subj is not None else
                                [fallback] if fallback else [])
            words = text[max(s0, m.start() - 40):m.end()]
            basis = "close" if _CLOSE.search(words) else \
                "intraday" if _INTRADAY.search(words) else "either"
            for symbol in symbols:
                yield Claim(sentence=sentence, span=m.span(), subject=symbol,
                            subject_text=subj.text if subj is not None and not group else "",
                            metric=Metric.RECORD_STREAK, period=ClaimPeriod("none", date.session),
                            value=float(count), unit="count", decimals=0,
                            text=text[m.start():m.end()].strip(),
                            extra={"basis": basis, "group": bool(group),
                                   "anchor": "named" if group or (subj is not None and subj.named)
                                   else "pronoun"})


_BIG = r"\d{1,3}(?:,\d{3})+|\d{1,5}|" + "|".join(NUMBER_WORDS[2:])
#: "It snaps the index's 569 trading day streak without a record", "its first record close in 512
#: sessions", "has gone 300 sessions without a record"
_DROUGHT_ENDED = re.compile(
    rf"\b(?:snap(?:s|ped)?|end(?:s|ed)?|broke|break(?:s)?)\s+(?:its|their|a|the(?:\s+index['’]s)?)\s+"
    rf"(?P<n>{_BIG})[- ](?:trading[- ])?(?:day|session)s?\s+(?:streak|stretch|run|drought)\s+"
    rf"without\s+(?:a\s+)?(?:new\s+)?record|\b(?:its|their|the)\s+first\s+record\s+(?:close|closing\s+"
    rf"high|high)\s+in\s+(?P<m>{_BIG})\s+(?:trading\s+)?(?:days|sessions)\b", re.I)
_DROUGHT_SINCE = re.compile(rf"\blongest\s+(?:streak|stretch|run|drought)\s+since\s+(?:the|a)\s+"
                            rf"(?P<n>{_BIG})[- ](?:trading[- ])?(?:day|session)", re.I)


def _big(word: str) -> int:
    w = word.replace(",", "").lower()
    return int(w) if w.isdigit() else NUMBER_WORDS.index(w)


def drought_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                   date: ArticleDate) -> Iterator[Claim]:
    """RECORD_DROUGHT claims: a record close that ends a stretch of N sessions without one, and
    the stretch's rank ("the longest since the 3,801 trading day streak": a claim of its own, with
    ``extra["since_only"]``, whose value is the earlier stretch's length)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _DROUGHT_ENDED.finditer(text, s0, s1):
        n = _big(m["n"] or m["m"])
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None:
            continue
        extra: dict[str, object] = {"anchor": anchor}
        yield Claim(sentence=sentence, span=m.span(), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.RECORD_DROUGHT, period=ClaimPeriod("none", date.session),
                    value=float(n), unit="count", decimals=0, text=m.group().strip(),
                    extra=extra)
        since = _DROUGHT_SINCE.search(text, m.end(), s1)
        if since is not None:       # its rank: a figure of its own
            yield Claim(sentence=sentence, span=since.span(), subject=symbol,
                        subject_text=subj.text if subj is not None else "",
                        metric=Metric.RECORD_DROUGHT, period=ClaimPeriod("none", date.session),
                        value=float(_big(since["n"])), unit="count", decimals=0,
                        text=since.group().strip(), extra={**extra, "since_only": True})


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
_PATTERNS = tuple(map(guarded, _PATTERNS))
_DROUGHT_ENDED, _DROUGHT_SINCE = map(guarded, (_DROUGHT_ENDED, _DROUGHT_SINCE))

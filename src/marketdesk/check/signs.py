"""A session's sign, worded: "the Nasdaq inched into positive territory in the closing minutes",
"the Dow closed in negative territory", "the S&P 500 ended in the red".

Each is a CHANGE_PCT claim with no value, ``direction`` up or down and ``extra["sign_only"]``;
only where a closing word says it is the close ("closed", "ended", "in the closing minutes")
and an instrument is named or referred to before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts.model import Metric
from .entities import Mention, blocker_before, subject_before
from .firstchar import guarded
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import find_period

__all__ = ["sign_claims"]

_SIGN = re.compile(
    r"\b(?:(?P<close>closed|ended|finished|settled|closes|ends|finishes|settles)\s+(?:the\s+(?:day|"
    r"session|week)\s+)?|(?P<move>inched|edged|crept|moved|turned|slipped|dipped|climbed|rose|fell)"
    r"\s+)(?:(?:in|into)\s+(?P<terr>positive|negative)\s+territory|in\s+the\s+(?P<ink>red|black))"
    r"\b(?P<tail>\s+in\s+the\s+(?:closing|final)\s+(?:minutes|moments|seconds))?", re.I)


def sign_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                date: ArticleDate) -> Iterator[Claim]:
    """The worded signs of the sentence ``text[s0:s1]`` (see the module docstring)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _SIGN.finditer(text, s0, s1):
        if m["move"] and not m["tail"]:
            continue        # "turned positive" at some time of day: not the close
        symbol, subj, anchor = subject_before(ms, m.start(), None)
        if symbol is None or subj is None or anchor != "named" or \
                blocker_before(text, subj.end, m.start()) is not None or re.search(
                    r"\b(?:components|members|stocks|shares|issues|constituents|sectors|futures)\b",
                    text[subj.end:m.start()], re.I) or re.search(
                    r"\b(?:components|members|stocks|shares|constituents)\s+(?:of|in)\s+(?:the\s+)?$",
                    text[max(s0, subj.start - 30):subj.start], re.I):
            continue        # "21 components of the 30-stock index ended in positive territory"
        up = (m["terr"] or "").lower() == "positive" or (m["ink"] or "").lower() == "black"
        named = find_period(sentence, date.session, date.published)
        period = named if named is not None and named.kind == "day" else \
            ClaimPeriod("none", date.session)
        yield Claim(sentence=sentence, span=m.span(), subject=symbol, subject_text=subj.text,
                    metric=Metric.CHANGE_PCT, period=period, value=None, unit="pct",
                    decimals=0, direction="up" if up else "down", text=m.group().strip(),
                    extra={"sign_only": True, "anchor": anchor})


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_SIGN = guarded(_SIGN)

"""The span of years a seasonal statistic is stated over: "since 1928", "going back to 1950",
"from 1950 to 2021", "in the last 10 years", "of the past 50 Septembers", and "over that span"
(the span an earlier sentence of the paragraph stated).

A :class:`YearSpan` is either ``first``..``last`` years (``last`` None: up to the latest
complete one) or the ``last_n`` latest complete ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .wording import NUMBER_WORDS

__all__ = ["YearSpan", "paragraph_bounds", "span_at", "stated_span"]

_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90, "hundred": 100}
_NUM = r"\d{1,3}|" + "|".join(NUMBER_WORDS[2:]) + "|" + "|".join(_TENS)
_Y = r"((?:18|19|20)\d{2})"
_MONTHS = (r"januarys|februarys|marches|aprils|mays|junes|julys|augusts|septembers|octobers|"
           r"novembers|decembers")
_SPANS = re.compile(
    rf"\bfrom\s+{_Y}\s+(?:through|to|until|-|–)\s+{_Y}\b|\b{_Y}\s*[-–]\s*{_Y}\b|"
    rf"\b(?:since|(?:going\s+|dating\s+|stretching\s+)?back\s+to)\s+{_Y}\b|"
    rf"\b(?:in|over|during|for|of)\s+the\s+(?:last|past|previous|prior)\s+(?P<n>{_NUM})\s+"
    rf"(?:years|{_MONTHS}|rall(?:y|ies)|periods)\b|"
    rf"\b(?P<ny>{_NUM})[- ]year\s+(?:average|median|record|history|span|period)\b|"
    r"\b(?P<that>(?:over|in|during|across)\s+(?:that|this|the\s+same)\s+(?:span|period|stretch|"
    r"time(?:\s*frame)?))\b", re.I)


@dataclass(frozen=True, slots=True)
class YearSpan:
    """Years ``first``..``last`` (inclusive; ``last`` None: the latest complete) or the
    ``last_n`` latest complete years; ``text`` the words."""

    first: int | None = None
    last: int | None = None
    last_n: int | None = None
    text: str = ""


def _count(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _TENS.get(w) or NUMBER_WORDS.index(w)


def _from(m: re.Match[str]) -> YearSpan | None:
    g = m.groups()
    if g[0] and g[1]:
        return YearSpan(int(g[0]), int(g[1]), text=m.group())
    if g[2] and g[3]:
        return YearSpan(int(g[2]), int(g[3]), text=m.group())
    if g[4]:
        return YearSpan(int(g[4]), text=m.group())
    n = m["n"] or m["ny"]
    return YearSpan(last_n=_count(n), text=m.group()) if n else None


#: How far a paragraph reaches around its sentence (a text without line breaks stays linear).
PARAGRAPH_REACH = 3000


def paragraph_bounds(text: str, s0: int, s1: int) -> tuple[int, int]:
    """The paragraph (line) holding ``text[s0:s1]``, at most :data:`PARAGRAPH_REACH` characters
    to either side of it."""
    lo = max(0, s0 - PARAGRAPH_REACH)
    hi = min(len(text), s1 + PARAGRAPH_REACH)
    p0, p1 = text.rfind("\n", lo, s0), text.find("\n", s1, hi)
    return p0 + 1 if p0 >= 0 else lo, hi if p1 < 0 else p1


def span_at(text: str, a: int, b: int) -> YearSpan | None:
    """The last span stated in ``text[a:b]`` ("over that span" is not one here)."""
    got = None
    for m in _SPANS.finditer(text, a, b):
        got = _from(m) or got
    return got


def stated_span(text: str, s0: int, s1: int) -> tuple[YearSpan | None, bool]:
    """(the span the sentence ``text[s0:s1]`` states, or that an earlier sentence of its
    paragraph stated when it says "over that span"; whether it refers back). None: no span."""
    m = next((x for x in _SPANS.finditer(text, s0, s1)), None)
    for x in _SPANS.finditer(text, s0, s1):
        if not x["that"]:
            return _from(x), False
    if m is not None and m["that"]:
        p0, _ = paragraph_bounds(text, s0, s1)
        return span_at(text, p0, s0), True
    return None, False

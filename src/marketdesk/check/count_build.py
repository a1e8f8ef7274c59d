"""Building PERIOD_COUNT claims for :mod:`.counts` and :mod:`.count_ordinals`: the subject the
count is about, the qualifier before the number, the condition next to it, and the claim's
``extra`` (see :mod:`.counts` for its keys)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..facts.model import Metric
from .count_words import Cond, Window, condition, window_after, window_of_period
from .entities import Mention, blocker_before, instrument_kind, subject_before
from .model import ArticleDate, Claim, ClaimPeriod, Qualifier
from .phrase_claims import group_of
from .wording import FORECAST

__all__ = ["CountBuilder", "Counted", "left_cond", "qualifier_before", "right_cond"]

_QUAL = re.compile(r"(?:\b(?P<w>just|only|as many as|fully|exactly|nearly|almost|about|around|"
                   r"roughly|some|more than|over|at least|fewer than|less than)\s+)$", re.I)
_QUAL_OF: dict[str, Qualifier] = {"nearly": "about", "almost": "about", "about": "about",
                                  "around": "about", "roughly": "about", "some": "about",
                                  "more than": "more_than", "over": "more_than",
                                  "at least": "at_least", "fewer than": "less_than",
                                  "less than": "less_than"}
#: where the words before a count stop being its condition
_BOUNDARY = re.compile(r"[,;:(—–]|\b(?:that|which|saw|and|while|but|as|with|when)\b", re.I)
_RIGHT_END = re.compile(r"[,;(—–]|\s(?:and|but|while|as|because)\s", re.I)
_SHARE = re.compile(r"\s*(?:,\s*or|\bor|\()\s*(?P<p>\d{1,3}(?:\.\d+)?\s*(?:%|percent))"
                    r"(?:\)|(?=\s*(?:[,.;]|$|of\s+(?:the\s+)?(?:time|them|those|sessions|days|weeks|"
                    r"months|years))))", re.I)


def qualifier_before(text: str, pos: int, s0: int) -> Qualifier:
    """The qualifier of the number at ``pos``: "just 17" exact, "more than 20", "nearly 30"."""
    m = _QUAL.search(text, max(s0, pos - 16), pos)
    return _QUAL_OF.get(m["w"].lower(), "exact") if m else "exact"


def left_cond(text: str, lo: int, pos: int) -> Cond | None:
    """The condition just before a count ("close up or down at least 1% on 110 of ...")."""
    a = max(lo, pos - 80)
    cut = [m.end() for m in _BOUNDARY.finditer(text, a, pos)]
    return condition(text, cut[-1] if cut else a, pos)


def right_cond(text: str, pos: int, s1: int) -> Cond | None:
    """The condition just after a count's window ("... have been negative")."""
    m = _RIGHT_END.search(text, pos, s1)
    return condition(text, pos, min(m.start() if m else s1, pos + 50))


@dataclass(frozen=True, slots=True)
class Counted:
    """What a count counts: periods of ``unit`` (``month``: of that calendar month) meeting
    ``cond`` in ``window``."""

    unit: str
    month: int | None
    cond: Cond
    window: Window


class CountBuilder:
    """The PERIOD_COUNT claims of one sentence ``text[s0:s1]``, collected in ``out``."""

    def __init__(self, text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate) -> None:
        assert date.session is not None, "claims are read against a session (check() gives one)"
        self.text, self.s0, self.s1, self.ms, self.fallback, self.date = \
            text, s0, s1, ms, fallback, date
        self.session = date.session
        self.out: list[Claim] = []

    def window(self, rel: str | None, n: int, end: int, before: int) -> tuple[Window, int] | None:
        """"the past N" (``rel``), else a window named right after ``end`` ("since April
        2020", "in 2019"), else one named before ``before`` in the count's own clause ("in a
        volatile 2020 that saw ... 110 of the 253 trading days"): (window, where it ends)."""
        if rel:
            return Window("last", f"the {rel} {n}", n=n), end
        got = window_after(self.text, end, self.s1, self.session, self.date.published)
        if got is not None and got[0].kind != "last":
            return got[0], got[1]
        cut = [m.end() for m in re.finditer(r"[,;:]|\s(?:and|but|while)\s",
                                            self.text[self.s0:before])]
        a = self.s0 + (cut[-1] if cut else 0)
        w = window_of_period(self.text[a:before], self.session, self.date.published)
        return (w, end) if w is not None else None

    def add(self, span: tuple[int, int], value: float, role: str, what: Counted, *,
            qualifier: Qualifier = "exact", decimals: int = 0, pct: bool = False,
            total: int | None = None, sure: bool = True, subj_pos: int = -1,
            mention: bool = True, session: str | None = None,
            more: dict[str, object] | None = None) -> Claim | None:
        """Add the claim (one per instrument of a plural subject, "all three major indexes");
        None without a subject. ``mention``: the sentence must name or refer to the subject,
        unless the counted periods are the sentence's own subject ("Of the 52 months since
        April 2020, just 17 ...")."""
        t, s0 = self.text, self.s0
        pos = span[0] if subj_pos < 0 else subj_pos
        group = group_of(t, s0, pos, [x for x in self.ms if x.end <= pos])
        symbol, subj, anchor = subject_before(self.ms, pos, self.fallback)
        if subj is None and not group:      # named after the count: "In 35 of the past 52
            later = subject_before(self.ms, self.s1, self.fallback)  # weeks, the index ..."
            if later[1] is not None:
                symbol, subj, anchor = later
        if group and subj is None:
            symbol, anchor = group[-1], "named"
        if symbol is None or (mention and subj is None and not group) or \
                blocker_before(t, subj.end if subj is not None else s0, pos):
            return None
        if what.cond.threshold is not None and instrument_kind(symbol) == "yield":
            return None         # a yield's moves are in basis points: not read here
        if what.cond.per is not None and what.cond.per != what.unit:
            return None         # "... fell more than 4% in a week" counted in days
        c = what.cond
        extra: dict[str, object] = {
            "role": role, "window": what.window.to_dict(), "stated_total": total,
            "spec": {"unit": what.unit, "move": c.move, "threshold": c.threshold,
                     "basis": c.basis, "strict": c.strict, "month": what.month},
            "sure": sure and c.sure, "anchor": anchor,
            "thresholds": [list(c.span)] if c.span else [], **(more or {})}
        if session is not None:
            extra["session"] = session
        lead = re.split(r"\b(?:when|after|which|since)\b", t[max(s0, span[0] - 80):span[0]])[-1]
        if FORECAST.search(lead):
            extra["forecast"] = True
        first: Claim | None = None
        for sym in (group or [symbol]):
            claim = Claim(sentence=t[s0:self.s1], span=span, subject=sym,
                          subject_text=subj.text if subj is not None else "",
                          metric=Metric.PERIOD_COUNT,
                          period=ClaimPeriod("none", self.session, text=what.window.text),
                          value=float(value), unit="pct" if pct else "count", decimals=decimals,
                          qualifier=qualifier, text=t[span[0]:span[1]].strip(), extra=dict(extra))
            self.out.append(claim)
            first = first or claim
        return first

    def share(self, pos: int, limit: int, what: Counted, total: int | None,
              skip: Sequence[tuple[int, int]], count: Claim, mention: bool = True) -> None:
        """", or 32.7%" / "(56%)" right after a count: its share of the window (about the
        count's subject)."""
        m = _SHARE.match(self.text, pos, limit)
        if m is None or any(a <= m.start("p") < b for a, b in skip) or \
                any(c.span == m.span("p") for c in self.out):
            return
        p = re.sub(r"\s*(?:%|percent)$", "", m["p"], flags=re.I)
        self.add(m.span("p"), float(p), "share", what, pct=True,
                 decimals=len(p.split(".")[1]) if "." in p else 0, total=total, mention=mention,
                 subj_pos=count.span[0])

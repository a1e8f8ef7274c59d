"""The checker's data: a :class:`Claim` parsed from text, a :class:`Verdict` on it, and the result.

A Claim is a Fact-shaped question (subject, metric, period) with the value the article states, the
precision it was written with and the qualifier around it ("about", "more than"). A Verdict pairs
the Claim with the Fact(s) recomputed from the data. Everything is plain frozen data with
``to_dict()`` for JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..facts.model import Fact, Metric, jsonable


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    """:func:`~marketdesk.facts.model.jsonable` of a dict (which it returns as a dict)."""
    out: dict[str, Any] = jsonable(d)
    return out


Status = Literal["supported", "contradicted", "not_checkable"]
#: How a stated number relates to the true one: exact (rounded), approximate, a bound, a range.
Qualifier = Literal["exact", "about", "more_than", "less_than", "at_least", "double_digit"]
Direction = Literal["up", "down"]
ClaimUnit = Literal["pct", "pp", "bp", "level", "pts", "yield_pct", "count", "ordinal", "none"]
#: The kinds of :class:`ClaimPeriod` (``weeks52``: not read from text; :func:`.verify.period_spec`
#: takes it as 52 weeks to ``end``).
PeriodKindLit = Literal["day", "wtd", "mtd", "qtd", "ytd", "month", "year", "seasonal_month",
                        "since", "sessions", "weeks52", "none"]

STATUSES: tuple[Status, ...] = ("supported", "contradicted", "not_checkable")


@dataclass(frozen=True, slots=True)
class ClaimPeriod:
    """The span a claim is about, resolved against the article date.

    ``kind``: ``day`` (``end`` is the session), ``mtd`` / ``ytd`` (to ``end``), ``month`` (a past
    calendar month: ``year``/``month``), ``year``, ``seasonal_month`` (``month`` across years),
    ``since`` (the close on ``start`` to ``end``), ``sessions`` (the last ``n`` sessions to
    ``end``), ``none`` (no period stated; the article session is used).
    """

    kind: PeriodKindLit
    end: dt.date
    year: int | None = None
    month: int | None = None
    start: dt.date | None = None
    text: str = ""
    n: int | None = None            # ``sessions``: the last n sessions to ``end``

    def to_dict(self) -> dict[str, Any]:
        return _jsonable({"kind": self.kind, "end": self.end, "year": self.year,
                          "month": self.month, "start": self.start, "text": self.text,
                          "n": self.n})


@dataclass(frozen=True, slots=True)
class Claim:
    """One numeric market claim found in an article.

    ``span`` is (start, end) of the stated figure's phrase in the article text; ``sentence`` the
    whole sentence. ``value`` is signed by ``direction`` where one is stated (``fell 14.7 bp`` →
    -14.7). ``decimals`` is the precision as written ("1.5%" → 1). ``subject`` is the symbol the
    figure is about (``None``: no instrument named or not in the table); ``subject_text`` the words.
    ``extra`` holds qualifiers: ``since`` (a date or ``YYYY-MM``), ``record_kind`` (``close`` /
    ``intraday``), ``versus`` (the other subject of a spread), ``tracks`` (futures → index),
    ``forecast`` (forward-looking wording), ``time_of_day`` ("3 p.m."), ``basis`` (price / total).
    In JSON, ``stated`` is the figure as printed, without the sign that the wording gives it.
    """

    sentence: str
    span: tuple[int, int]
    subject: str | None
    subject_text: str
    metric: Metric | None
    period: ClaimPeriod
    value: float | None
    unit: ClaimUnit
    decimals: int
    qualifier: Qualifier = "exact"
    direction: Direction | None = None
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return _jsonable({
            "sentence": self.sentence, "text": self.text, "span": list(self.span),
            "subject": self.subject, "subject_text": self.subject_text,
            "metric": self.metric.value if self.metric else None,
            "period": self.period.to_dict(), "value": self.value,
            "stated": None if self.value is None else abs(self.value), "unit": self.unit,
            "decimals": self.decimals, "qualifier": self.qualifier,
            "direction": self.direction, "extra": self.extra,
        })


@dataclass(frozen=True, slots=True)
class Verdict:
    """A claim judged against the data: status, the computed value, the facts used, and why."""

    claim: Claim
    status: Status
    reason: str
    computed: float | None = None
    facts: tuple[Fact, ...] = ()
    source: str | None = None
    within_source_precision: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim.to_dict(), "status": self.status, "reason": self.reason,
            "computed": self.computed, "source": self.source,
            "within_source_precision": self.within_source_precision,
            "facts": [f.to_dict() for f in self.facts],
        }


@dataclass(frozen=True, slots=True)
class SummaryPoint:
    """One key point of the article: an extracted sentence, its span and the verdicts inside it."""

    sentence: str
    span: tuple[int, int]
    score: float
    verdicts: tuple[Verdict, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "span": list(self.span), "score": round(self.score, 6),
                "verdicts": [{"text": v.claim.text, "status": v.status, "reason": v.reason}
                             for v in self.verdicts]}


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """The session frame an article is read in: the session its "today" means (None: undated),
    when it was written relative to that session (``timing``: after_close / during / before_open /
    unknown), how sure and why (``how``, ``evidence``), and other sessions left open."""

    session: dt.date | None
    published: dt.date | None
    how: str
    timing: str = "after_close"
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()
    alternatives: tuple[dt.date, ...] = ()

    @property
    def dated(self) -> bool:
        return self.session is not None

    def to_dict(self) -> dict[str, Any]:
        return _jsonable({"session": self.session, "published": self.published, "how": self.how,
                          "timing": self.timing, "confidence": round(self.confidence, 2),
                          "evidence": list(self.evidence), "alternatives": list(self.alternatives)})


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything the checker found in one article."""

    text: str
    article_date: ArticleDate
    verdicts: tuple[Verdict, ...]
    summary: tuple[SummaryPoint, ...] = ()
    #: True when a time budget ran out: the claims after it are listed as not checked.
    truncated: bool = False
    #: Figures that are not claims about an instrument in the store (a company, the 5-year
    #: yield when the store has no DGS5, no instrument at all): listed, given no verdict.
    skipped: tuple[Verdict, ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of verdicts per status."""
        return {s: sum(v.status == s for v in self.verdicts) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        verdicts = []
        for v in self.verdicts:
            d = v.to_dict()
            d["claim"] = {"context": lead_of(self.text, v.claim.span[0], v.claim.sentence),
                          **d["claim"]}
            verdicts.append(d)
        return {"article_date": self.article_date.to_dict(), "counts": self.counts(),
                "truncated": self.truncated, "verdicts": verdicts,
                "summary": [p.to_dict() for p in self.summary],
                "skipped": [{"text": v.claim.text, "sentence": v.claim.sentence,
                             "span": list(v.claim.span), "subject": v.claim.subject,
                             "why": v.reason} for v in self.skipped]}


#: The longest paragraph given as a claim's context; a longer one is left out.
MAX_CONTEXT = 1500


def paragraph_of(text: str, pos: int) -> str:
    """The paragraph of ``text`` around ``pos`` (between blank lines), whitespace collapsed --
    a claim's context for a reader; empty if it is longer than :data:`MAX_CONTEXT`."""
    a = text.rfind("\n\n", max(0, pos - MAX_CONTEXT), pos)
    b = text.find("\n\n", pos, pos + MAX_CONTEXT)
    if a < 0 and pos > MAX_CONTEXT or b < 0 and len(text) - pos > MAX_CONTEXT:
        return ""
    return " ".join(text[a + 2 if a >= 0 else 0:b if b >= 0 else len(text)].split())


#: A sentence shorter than this is given with the sentence after it as its context.
SHORT_SENTENCE = 80


def lead_of(text: str, pos: int, sentence: str) -> str:
    """A claim's context: its paragraph from the start up to the end of the claim's sentence --
    the text the reading drew on (the subject, the session, the period come from before the
    figure) -- and, after a short sentence, the next one; the sentence alone when the paragraph
    is too long. Later sentences are left out: they belong to their own claims."""
    para = paragraph_of(text, pos)
    sent = " ".join(sentence.split())
    i = para.find(sent)
    if i < 0:
        return sent
    end = i + len(sent)
    if len(sent) < SHORT_SENTENCE:
        nxt = para.find(". ", end + 1)
        end = len(para) if nxt < 0 else nxt + 1
    return para[:end]


__all__ = ["Claim", "ClaimPeriod", "Verdict", "SummaryPoint", "ArticleDate", "CheckResult",
           "Status", "Qualifier", "Direction", "ClaimUnit", "PeriodKindLit", "STATUSES"]

"""Which index did best or worst: "the Nasdaq was the best-performing index in 2020", "the Dow was
the worst performer of the three major averages this week", "small-company stocks continued to
outpace the broader market".

Each is a RELATIVE claim on Metric.SPREAD with no value: ``extra["peers"]`` the instruments it
is compared with (the other major indexes, or the one named), ``extra["best"]`` whether it did
better than each. The verdict (:func:`judge_leader`) asks the engine for the return spread against
each peer over the period the sentence names (the session's move if none)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import polars as pl

from ..facts.model import Fact, Metric
from ..facts.query import NoAnswer, Params
from .entities import Mention, blocker_before, find_named, subject_before
from .firstchar import guarded
from .judging import name_of, no_answer, not_checkable, source_of
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .periods import find_period

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_leader", "leader_claims"]

_MAJOR = ("^GSPC", "^DJI", "^IXIC")
_BEST = re.compile(
    r"\b(?:was|were|is|are|finished as|ended as|as)\s+the\s+(?P<word>best|worst|top|strongest|"
    r"weakest)[- ](?:performing\s+(?:major\s+)?(?:u\.s\.\s+)?(?:stock\s+)?(?:index|average|benchmark|"
    r"gauge)|performer)(?:\s+(?:of|among)\s+the\s+(?:(?P<n>three|four|3|4)\s+)?(?:major\s+)?"
    r"(?:u\.s\.\s+)?(?:stock\s+)?(?:indexes|indices|averages|benchmarks))?\b", re.I)
#: "outpaced the broader market", "outperformed the S&P 500", "lagged the Nasdaq"
_VERSUS = re.compile(
    r"\b(?P<verb>outpac\w*|outperform\w*|outgain\w*|beat|beating|lagg\w*|underperform\w*|trail\w*)"
    r"\s+(?P<what>the\s+(?:rest\s+of\s+the\s+market|broader\s+market|broad\s+market|overall\s+"
    r"market)|(?=the\s+|S&P|Dow|Nasdaq))", re.I)


def leader_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                  date: ArticleDate) -> Iterator[Claim]:
    """The relative-performance claims of the sentence ``text[s0:s1]`` (module docstring)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    # a relative clause's period is its own ("outperformed the Nasdaq, which has been the big
    # outperformer in 2023": not the year's)
    named = find_period(re.sub(r",?\s+which\b[^,;]*", " ", sentence), date.session,
                        date.published)
    period = named if named is not None else ClaimPeriod("none", date.session)
    for m in _BEST.finditer(text, s0, s1):
        symbol, subj, anchor = subject_before(ms, m.start(), None)
        if symbol is None or subj is None or anchor != "named" or \
                blocker_before(text, subj.end, m.start()) is not None or symbol not in (
                    *_MAJOR, "^RUT"):
            continue
        four = (m["n"] or "").lower() in ("four", "4") or symbol == "^RUT"
        peers = [p for p in (*_MAJOR, *(("^RUT",) if four else ())) if p != symbol]
        best = m["word"].lower() in ("best", "top", "strongest")
        yield _claim(sentence, m, symbol, subj.text, period, peers, best)
    for m in _VERSUS.finditer(text, s0, s1):
        symbol, subj, anchor = subject_before(ms, m.start(), None)
        lead = text[subj.end if subj else max(s0, m.start() - 60):m.start()]
        if re.search(r"\bsmall[- ](?:company|cap)\s+(?:stocks|shares)\b", lead, re.I):
            symbol = "^RUT"     # "Small-company stocks continued to outpace the broader market"
        elif symbol is None or subj is None or anchor != "named":
            continue
        if symbol not in (*_MAJOR, "^RUT") or blocker_before(text, subj.end if subj else s0,
                                                             m.start()) is not None:
            continue
        if m["what"].strip():
            peers = ["^GSPC"] if symbol != "^GSPC" else []
        else:
            after = find_named(text, m.end(), min(s1, m.end() + 40))
            peers = [after[0].symbol] if after and after[0].start - m.end() <= 5 and \
                after[0].symbol in (*_MAJOR, "^RUT") and after[0].symbol != symbol else []
        if not peers:
            continue
        best = not re.match(r"lagg|underperform|trail", m["verb"], re.I)
        yield _claim(sentence, m, symbol, subj.text if subj else "", period, peers, best)


def _claim(sentence: str, m: re.Match[str], symbol: str, subj_text: str, period: ClaimPeriod,
           peers: list[str], best: bool) -> Claim:
    return Claim(sentence=sentence, span=m.span(), subject=symbol, subject_text=subj_text,
                 metric=Metric.SPREAD, period=period, value=None, unit="pp", decimals=0,
                 direction="up" if best else "down", text=m.group().strip(),
                 extra={"relative": True, "peers": peers, "best": best})


def judge_leader(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """Supported when the subject's return beat (trailed) every peer's over the period; not
    checkable when the period is one the engine cannot compare; contradicted when a peer did
    better (worse) and the period is the one the sentence names or the session's."""
    best = bool(claim.extra.get("best"))
    peers = [str(p) for p in cast("list[str]", claim.extra.get("peers") or [])]
    facts: list[Fact] = []
    for peer in peers:
        if v.bars(peer) is None:
            return not_checkable(claim, f"No data for {name_of(peer)} in the store.")
        f = v.ask(claim, bars, Metric.SPREAD, params=Params(versus=peer), versus=peer)
        if isinstance(f, NoAnswer):
            return no_answer(claim, f, f"No return gap to {name_of(peer)}")
        facts.append(f)
    gaps = [(p, float(f.value or 0.0)) for p, f in zip(peers, facts, strict=True)]
    label = facts[0].period.label or claim.period.text or str(claim.period.end)
    shown = "; ".join(f"{g:+.2f} pp against {name_of(p)}" for p, g in gaps)
    what = f"The return gap over {label}: {shown}"
    if all(g > 0 for _, g in gaps) if best else all(g < 0 for _, g in gaps):
        return Verdict(claim, "supported", f"{what}.", None, tuple(facts), source_of(facts[0]))
    return Verdict(claim, "contradicted", f"{what}, so not the {'best' if best else 'worst'}.",
                   None, tuple(facts), source_of(facts[0]))


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
_BEST, _VERSUS = guarded(_BEST), guarded(_VERSUS)

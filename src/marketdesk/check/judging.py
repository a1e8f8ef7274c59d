"""How a verdict is worded and judged: the shared helpers of :mod:`.verify` and
:mod:`.verify_records` (rounding by :mod:`.compare`, instrument names, evidence sources)."""

from __future__ import annotations

from ..facts.lookup import pct_change_range
from ..facts.model import Fact, Metric
from ..facts.query import NoAnswer
from ..instruments import load_instruments
from .compare import fmt, matches, round_half_away
from .model import Claim, Verdict

__all__ = [
    "UNIT_WORD",
    "cap",
    "judge",
    "name_of",
    "no_answer",
    "not_checkable",
    "show",
    "source_of",
]

#: Index levels and point changes: two official sources can differ by a cent at each end.
SOURCE_CENTS = 0.02
UNIT_WORD = {"pct": "%", "pp": " pp", "bp": " bp", "yield_pct": "%", "level": "", "pts": " pts"}
NAMES = {s: i.name for s, i in load_instruments().items()}


def name_of(sym: str) -> str:
    return NAMES.get(sym, sym)


def show(x: float | None, claim: Claim, extra: int = 1) -> str:
    d = max(2 if extra else 0, claim.decimals + extra) if claim.unit in ("pct", "pp", "yield_pct", "bp") else 2
    return fmt(x, d) + UNIT_WORD.get(claim.unit, "")


def not_checkable(claim: Claim, reason: str, facts: tuple[Fact, ...] = ()) -> Verdict:
    return Verdict(claim, "not_checkable", reason, facts=facts)


def no_answer(claim: Claim, na: NoAnswer, lead: str = "") -> Verdict:
    """``not_checkable`` with the engine's reason for having no answer (``lead``: what was
    asked, put before it: "No return for MTD in the data: the data begin on ...")."""
    msg = na.message.rstrip(".")
    if lead:
        head = msg[:1].lower() if msg[1:2].islower() else msg[:1]
        msg = f"{lead}: {head}{msg[1:]}"
    else:
        msg = f"{name_of(na.query.subject)}: {msg}"
    return not_checkable(claim, msg + ".")


def source_of(fact: Fact) -> str:
    return ", ".join(sorted({e.source for e in fact.evidence}))


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _within_a_cent(stated: float, fact: Fact, decimals: int) -> str | None:
    """For a percent change computed from two closes: the stated figure is still right if one
    cent of source difference on each close moves the change into its rounding interval. Returns
    the reachable value as text, or None. (Only the day's change carries both closes.)"""
    closes = [e.value for e in fact.evidence if e.field == "close"]
    if fact.metric is not Metric.CHANGE_PCT or len(closes) != 2 or closes[0] <= 0.01:
        return None
    lo, hi = pct_change_range(closes[0], closes[1], SOURCE_CENTS / 2)
    half = 0.5 * 10.0 ** -decimals
    a, b = stated - half, stated + half
    if b < lo or a > hi:
        return None
    x = min(max(stated, lo), hi)
    return f"{x:.{decimals + 2}f}%"


def judge(claim: Claim, fact: Fact, computed: float, what: str, *,
           hint: str = "") -> Verdict:
    """Compare the stated figure with ``computed`` (same unit), signs first."""
    stated = float(claim.value or 0.0)
    r = round_half_away(computed, claim.decimals)
    if claim.direction is None and stated > 0 and r < 0:
        stated = -stated    # "the record of 1,175.21 points": a size, the sign unsaid
    sign_stated = (stated > 0) - (stated < 0)
    sign_computed = (r > 0) - (r < 0)
    if claim.direction and sign_stated and sign_computed and sign_stated != sign_computed:
        return Verdict(claim, "contradicted", f"Wrong direction: {what} was {show(computed, claim)}, "
                       f"not {show(stated, claim, 0)}.{hint}", computed, (fact,), source_of(fact))
    ok = matches(stated, computed, claim.decimals, claim.qualifier)
    if not ok and claim.qualifier == "exact" and claim.unit == "pct" and \
            (cents := _within_a_cent(stated, fact, claim.decimals)) is not None:
        return Verdict(claim, "supported", f"{cap(what)} was {show(computed, claim)}; with a cent "
                       f"of source difference on each close it can be {cents}, which rounds to "
                       f"the stated {claim.text.strip()}.", computed, (fact,), source_of(fact),
                       True)
    if not ok and claim.qualifier == "exact" and claim.unit in ("level", "pts") and \
            claim.decimals >= 2 and abs(abs(stated) - abs(computed)) <= SOURCE_CENTS + 1e-9:
        return Verdict(claim, "supported", f"{cap(what)} was {show(computed, claim)}: within "
                       f"{SOURCE_CENTS:.2f} of the stated {claim.text.strip()} (two official "
                       "sources can differ by a cent at each end).", computed, (fact,),
                       source_of(fact), True)
    if ok:
        rule = {"exact": f"rounds to {show(r, claim, 0)}", "about": "is within one unit of the "
                "last stated digit", "more_than": "is above it", "less_than": "is below it",
                "at_least": "is at least that", "double_digit": "is in double digits"}
        return Verdict(claim, "supported", f"{cap(what)} was {show(computed, claim)}, which "
                       f"{rule[claim.qualifier]}.", computed, (fact,), source_of(fact))
    return Verdict(claim, "contradicted", f"{cap(what)} was {show(computed, claim)}, which "
                   f"rounds to {show(r, claim, 0)}, not {claim.text.strip()}.{hint}", computed, (fact,),
                   source_of(fact))

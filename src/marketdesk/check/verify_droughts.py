"""Verdicts on stretches without a record close ("snaps its 569 trading day streak without a
record, the longest since the 3,801 trading day streak")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ..facts import contexts as cx
from ..facts.model import Metric
from ..facts.query import NoAnswer, PeriodSpec
from .judging import no_answer, not_checkable, source_of
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["record_drought"]


def record_drought(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """The session's record close ended a stretch of exactly the stated sessions without one; with
    ``extra["since_only"]``: the last stretch at least as long had the stated sessions."""
    f = v.ask(claim, bars, Metric.RECORD_DROUGHT, period=PeriodSpec.day(claim.period.end))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = cx.of_kind(f.context, cx.RecordDrought)
    if ctx is None:
        return not_checkable(claim, "No record stretch could be computed.")
    named = claim.extra.get("anchor") == "named"
    got, stated = int(f.value or 0), int(claim.value or 0)
    if not ctx.ended:
        msg = (f"The {f.as_of} close set no record: the stretch without one has run {got} "
               f"sessions since {ctx.record_date}.")
        return Verdict(claim, "contradicted", msg, float(got), (f,), source_of(f)) if named \
            else not_checkable(claim, msg)
    head = (f"The {f.as_of} record close ended {got} sessions without one (the previous record: "
            f"{ctx.record_date})")
    if claim.extra.get("since_only"):     # "the longest since the 3,801 trading day streak"
        earlier = ctx.since_value
        what = (f"{head}; the last stretch as long: {earlier} sessions from {ctx.since_start} to "
                f"{ctx.since}" if earlier is not None else f"{head}; none as long before it")
        if earlier is not None and int(earlier) == stated:
            return Verdict(claim, "supported", what + ".", float(earlier), (f,), source_of(f))
        msg = f"{what}, not {claim.text.strip()}."
        return Verdict(claim, "contradicted", msg, float(earlier or 0), (f,), source_of(f)) \
            if named else not_checkable(claim, msg)
    if got == stated:
        return Verdict(claim, "supported", head + ".", float(got), (f,), source_of(f))
    msg = f"{head}, not {claim.text.strip()}."
    return Verdict(claim, "contradicted", msg, float(got), (f,), source_of(f)) if named else \
        not_checkable(claim, msg)

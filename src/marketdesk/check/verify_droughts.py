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
    """The session's record close ended a stretch of exactly the stated sessions without one (and,
    with ``extra["since_len"]``, the last stretch at least as long had that many)."""
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
    want = claim.extra.get("since_len")
    if got == stated and (want is None or ctx.since_value == int(str(want))):
        tail = (f"; the last stretch as long: {ctx.since_value} sessions from {ctx.since_start} "
                f"to {ctx.since}" if want is not None else "")
        return Verdict(claim, "supported", head + tail + ".", float(got), (f,), source_of(f))
    miss = f"{head}; the last as long had {ctx.since_value} sessions" if got == stated else head
    msg = f"{miss}, not {claim.text.strip()}."
    return Verdict(claim, "contradicted", msg, float(got), (f,), source_of(f)) if named else \
        not_checkable(claim, msg)

"""When a fund began trading: "since its launch on March 10, 1999", "the fund, launched in
January 1993, ...".

Each is a CLOSE claim with no value and ``extra["launch"]`` the day (ISO) or month ("YYYY-MM")
the text gives, for a fund (an ETF) named before it. The fund's first bar is its first session:
supported when it falls on the stated day (month); a first bar after it is not checkable (the
data may begin after the launch); one before it is contradicted for a named fund."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from .entities import Mention, instrument_kind, subject_before
from .firstchar import guarded
from .judging import not_checkable
from .model import ArticleDate, Claim, ClaimPeriod, Verdict
from .periods import find_dates
from ..facts.series import first_date
from ..facts.model import Metric

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["judge_launch", "launch_claims"]

_LAUNCH = re.compile(r"\b(?:(?:its|the\s+fund['’]s|their)\s+(?:launch|inception|debut|listing)|"
                     r"(?:was\s+)?(?:launched|listed|introduced|debuted))\s+(?:on|in)\s+", re.I)


def launch_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                  date: ArticleDate) -> Iterator[Claim]:
    """The launch-date claims of the sentence ``text[s0:s1]`` (see the module)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    for m in _LAUNCH.finditer(text, s0, s1):
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None or instrument_kind(symbol) != "etf":
            continue
        ds = [d for d in find_dates(text, date.session, m.end(), min(s1, m.end() + 24))
              if d.start == m.end() and d.explicit_year]
        if not ds:
            continue
        when = ds[0].date.isoformat() if ds[0].date else f"{ds[0].year:04d}-{ds[0].month:02d}"
        yield Claim(sentence=text[s0:s1], span=(m.start(), ds[0].end), subject=symbol,
                    subject_text=subj.text if subj is not None else "", metric=Metric.CLOSE,
                    period=ClaimPeriod("none", date.session), value=None, unit="none",
                    decimals=0, text=text[m.start():ds[0].end],
                    extra={"launch": when, "anchor": anchor})


def judge_launch(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """The fund's first bar against the stated launch day or month."""
    when = str(claim.extra["launch"])
    first = first_date(bars)
    if not isinstance(first, dt.date):
        return not_checkable(claim, "No bars for the fund in the store.")
    said = f"the text says {when}"
    if first.isoformat().startswith(when):
        return Verdict(claim, "supported", f"The fund's first session in the data is {first}.")
    if first.isoformat() > when:
        return not_checkable(claim, f"The data begin on {first}, after the stated launch "
                             f"({said}): they may not reach back to it.")
    msg = f"The fund traded on {first}, before the stated launch; {said}."
    return Verdict(claim, "contradicted", msg) if claim.extra.get("anchor") == "named" else \
        not_checkable(claim, "Not checkable: " + msg)


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_LAUNCH = guarded(_LAUNCH)

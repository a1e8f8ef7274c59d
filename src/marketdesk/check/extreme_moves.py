"""A move measured from a dated low or high: "its 35% run from a low in April", "10% above the
February closing low", "3.5 percent above its Nov. 20 low", "Since the lows of March 24, the Dow
has rallied more than 60%".

The window of the low (high) is the month named (the latest such month up to the session), or
five calendar days either side of a day named (the low a story dates may be the intraday one, a
day off the closing one). The reading is the lowest (highest) *close* of the window; a figure
that misses it is not checkable unless the text says "closing" (an intraday low gives a larger
move). Claims are CHANGE_FROM_EXTREME with ``extra["window"]`` (first, last day) and
``extra["low"]``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING, NamedTuple, cast

import polars as pl

from ..facts.contexts import ExtremeChange
from ..facts.model import Metric
from ..facts.query import NoAnswer, Params, PeriodSpec
from .firstchar import guarded
from .judging import judge, no_answer, not_checkable
from .model import Claim, Verdict
from .periods import month_number

if TYPE_CHECKING:
    from .verify import Verifier

__all__ = ["DatedExtreme", "dated_extreme", "judge_extreme_move"]

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
_REF = re.compile(
    rf"\b(?:from|since|above|below|off)\s+(?:a|an|its|the|their)\s+(?:(?P<m1>{_MONTH})\s+"
    r"(?:(?P<d1>\d{1,2})\s+)?)?"
    r"(?:\d+-(?:month|year|week)\s+)?"          # "from a 14-month high in February"
    r"(?:(?P<closing>closing)\s+|(?P<intraday>intraday)\s+)?(?P<noun>lows?|highs?|bottom|peak|"
    rf"trough)\b(?:\s+(?:(?:it\s+)?(?:set|hit|reached|touched)\s+)?(?:in|of|on)\s+(?:(?:early|mid|"
    rf"late)[- ])?(?P<m2>{_MONTH})(?:\s+(?P<day>\d{{1,2}})\b(?!,?\s*\d{{3}}))?)?", re.I)


class DatedExtreme(NamedTuple):
    """The window of a dated low or high, and how the text put it."""

    low: bool
    first: dt.date
    last: dt.date
    closing: bool
    text: str


def _window(m: re.Match[str], session: dt.date) -> tuple[dt.date, dt.date] | None:
    word = m["m1"] or m["m2"]
    if not word:
        return None
    month = month_number(word.rstrip(".").lower()[:3])
    year = session.year if month <= session.month else session.year - 1
    if m["day"] or m["d1"]:
        day = int(m["day"] or m["d1"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        d = dt.date(year, month, day)
        return d - dt.timedelta(days=5), d + dt.timedelta(days=5)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def dated_extreme(text: str, s0: int, s1: int, q0: int, q1: int, session: dt.date,
                  first_figure: bool) -> DatedExtreme | None:
    """The dated low or high the percent figure at ``text[q0:q1]`` is measured from: named within
    50 characters after it ("35% run from a low in April"), or (for the sentence's first percent
    figure, ``first_figure``) opening the sentence ("Since the lows of March 24, ...")."""
    m = _REF.search(text, q1, min(s1, q1 + 50))
    if m is not None and re.search(r"[;.]|\band\b|,\s", text[q1:m.start()]):
        m = None            # another clause
    if m is None and first_figure:
        lead = _REF.match(text, s0 + len(text[s0:q0]) - len(text[s0:q0].lstrip()), q0)
        m = lead if lead is not None and "," in text[lead.end():q0] else None
    if m is None or m["intraday"]:
        return None
    window = _window(m, session)
    if window is None or window[0] >= session:
        return None
    low = m["noun"].lower() in ("low", "lows", "bottom", "trough")
    return DatedExtreme(low, window[0], min(window[1], session), bool(m["closing"]), m.group())


def judge_extreme_move(v: Verifier, claim: Claim, bars: pl.DataFrame) -> Verdict:
    """The change from the window's lowest (highest) close to the session, against the figure.
    A miss is contradicted only when the text says "closing" and names the subject."""
    first, last = cast("tuple[dt.date, dt.date]", claim.extra["window"])   # set by the parser
    low = bool(claim.extra.get("low"))
    f = v.ask(claim, bars, Metric.CHANGE_FROM_EXTREME, period=PeriodSpec.day(claim.period.end),
              params=Params(start=first, end=last, direction="down" if low else "up"))
    if isinstance(f, NoAnswer):
        return no_answer(claim, f)
    ctx = f.context
    assert isinstance(ctx, ExtremeChange)
    what = (f"the change from the {ctx.extreme} close of {ctx.level:,.2f} on {ctx.date} "
            f"(the {ctx.extreme}est close of {ctx.window_start} to {ctx.window_end})")
    verdict = judge(claim, f, float(f.value or 0.0), what)
    if verdict.status == "contradicted" and not (claim.extra.get("closing") and
                                                 claim.extra.get("anchor") == "named"):
        return not_checkable(claim, f"{verdict.reason} The text may measure from the intraday "
                             f"{ctx.extreme}, which gives a larger move.")
    return verdict


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_REF = guarded(_REF)

"""The wire's own patterns, read as whole frames rather than figure by figure.

- **Table rows** (agate): ``Feb. 5, 2018 24,345.75 -1,175.21 -4.6`` -- a date, the close, the
  change in points and in percent -- as printed under "Here are the 10 largest point declines:",
  often flattened into one paragraph. Each row gives three claims about the table's instrument
  (the one named last before it) on that date: the close, the point change, the percent change.
- **Changes from a dated close** (Dow Jones "Data Talk" bullets and wire copy): ``Off 6.12% from
  the Election Day close of 11160.57 on Tuesday, Nov. 3, 2020``, ``Up 2.59% from its 52-week low
  of 10213.29 hit Wednesday, Dec. 28, 2022``, ``Down 33.44% from 52 weeks ago``: the return from
  that day's close to the session's (the distance from a dated extreme is the same number).
"""

from __future__ import annotations

import datetime as dt
import re

from .. import calendar as cal
from ..facts.model import Metric
from .model import ArticleDate, Claim, ClaimPeriod, ClaimUnit
from .periods import find_dates

__all__ = ["table_rows", "dated_base"]

_MON = (r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?")
_NUM = r"[-+−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?"
_ROW = re.compile(rf"(?P<date>{_MON}\s+\d{{1,2}},\s+\d{{4}})\s+(?P<close>\d{{1,3}}(?:,\d{{3}})*\.\d{{2}})"
                  rf"\s+(?P<pts>[-+−]\d{{1,3}}(?:,\d{{3}})*(?:\.\d{{1,2}})?)\s+(?P<pct>{_NUM})(?!\d)")
#: "... from the Election Day close of 11160.57 on Tuesday, Nov. 3, 2020", "from its 52-week low
#: of 10213.29 hit Wednesday, Dec. 28, 2022"; the date is what fixes the base.
_FROM_DATED = re.compile(
    r"\s*from\s+(?:the|its|a)\s+(?:[\w’'-]+\s+){0,4}?(?:close|closing (?:high|low|level)|high|low|"
    r"level|peak|top|bottom|trough|record(?: close| high)?)\s+(?:of\s+[\d,.]+%?\s+)?"
    r"(?:hit|set|reached|on)\s+(?:on\s+)?",
    re.I)
_FROM_52_WEEKS = re.compile(r"\s*from\s+(?:52 weeks|a year) ago\b", re.I)


def _num(s: str) -> tuple[float, int]:
    s = s.replace(",", "").replace("−", "-")
    return float(s), len(s.split(".")[1]) if "." in s else 0


#: The figures of an agate row: (group of ``_ROW``, metric, unit).
_ROW_FIGURES: tuple[tuple[str, Metric, ClaimUnit], ...] = (
    ("close", Metric.CLOSE, "level"), ("pts", Metric.CHANGE_PTS, "pts"),
    ("pct", Metric.CHANGE_PCT, "pct"))


def table_rows(text: str, s0: int, s1: int, subject: str | None, date: ArticleDate
               ) -> tuple[list[Claim], list[tuple[int, int]]]:
    """Claims of the agate rows in ``text[s0:s1]`` about ``subject``, and the spans they cover
    (figures inside them are not read again one by one)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    claims: list[Claim] = []
    spans: list[tuple[int, int]] = []
    for m in _ROW.finditer(text, s0, s1):
        ds = find_dates(text, date.session, m.start("date"), m.end("date"))
        if not ds or ds[0].date is None:
            continue
        day = ds[0].date
        spans.append(m.span())
        row = text[m.start():m.end()]
        period = ClaimPeriod("day", day, text=m["date"])
        extra = {"anchor": "named" if subject else "article", "period_from": "own",
                 "frame": "table row", "named": [subject] if subject else []}
        for key, metric, unit in _ROW_FIGURES:
            value, decimals = _num(m[key])
            claims.append(Claim(sentence=row, span=m.span(key), subject=subject,
                                subject_text="", metric=metric, period=period, value=value,
                                unit=unit, decimals=decimals,
                                direction=("down" if value < 0 else "up") if key != "close" else None,
                                text=m[key], extra=dict(extra)))
    return claims, spans


def dated_base(text: str, end: int, s1: int, session: dt.date) -> ClaimPeriod | None:
    """The period of a percent figure followed by "from the <...> close of L on D" (the close on
    D to the session's) or "from 52 weeks ago" (the same weekday 52 weeks back), else None."""
    if m := _FROM_52_WEEKS.match(text, end, s1):
        start = cal.session_on_or_before(session - dt.timedelta(weeks=52))
        return ClaimPeriod("since", session, start=start, text=m.group().strip())
    if m := _FROM_DATED.match(text, end, s1):
        tail = re.match(r"(?:(?:mon|tues|wednes|thurs|fri)day,?\s+)?", text[m.end():s1], re.I)
        at = m.end() + (tail.end() if tail else 0)
        ds = [d for d in find_dates(text, session, at, min(s1, at + 30)) if d.start == at]
        if ds and ds[0].date is not None and ds[0].date < session:
            return ClaimPeriod("since", session, start=ds[0].date,
                               text=text[end:ds[0].end].strip())
    return None

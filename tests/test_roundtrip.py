"""Round trip (issue 4): ``check`` on the wrap's own text finds every claim and supports each one.

For each date the wrap is written from the real store, then checked as of that date. Two laws:

- every verdict is "supported" (the checker recomputes each figure from the data independently of
  the wrap's fact sheets, so a wrap figure the checker cannot confirm is a bug on one side);
- every figure the wrap rendered from a Fact (the wrap keeps a span per figure) is covered by a
  claim: a claim's span overlaps it, or -- for a date or a year that qualifies another figure
  ("record close of 2,442.74 from Nov. 8, 2021", "on Monday, Nov. 25", "from 1987 through 2023")
  -- a claim of the same sentence and subject carries that date or year.

The dates span 2016-2026: records, crashes and rebounds (2020-03-16, 2020-03-24, 2025-04-04,
2025-04-09), the 2022 bear market, quiet days, month and year ends, early closes (2023-07-03,
2023-11-24, 2024-11-29), election days (2016-11-09, 2024-11-06) and the seed date 2024-11-25.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marketdesk.check import check

DATES = [
    "2016-06-24",  # Brexit vote: largest one-day drops since 2011/2015
    "2016-11-09",  # day after the 2016 election
    "2017-12-29",  # year end, near records
    "2018-02-05",  # Dow -4.6%
    "2018-12-24",  # Christmas Eve selloff, early close
    "2018-12-26",  # record Dow points gain
    "2019-12-31",  # year end after records
    "2020-03-16",  # S&P 500 -11.98%: largest one-day decline since Oct. 19, 1987
    "2020-03-24",  # +9.38%: largest one-day gain since 2008
    "2020-11-09",  # vaccine news: record intraday high, no record close
    "2021-01-29",  # month end
    "2021-11-08",  # Russell 2000 record close
    "2021-12-31",  # year end
    "2022-01-03",  # S&P 500 record close, start of the 2022 bear market
    "2022-06-13",  # bear market
    "2022-09-13",  # CPI day: largest drop since 2020
    "2022-11-10",  # CPI rally
    "2023-03-13",  # SVB
    "2023-07-03",  # early close
    "2023-11-24",  # early close after Thanksgiving
    "2024-08-05",  # yen carry unwind
    "2024-11-06",  # election rally: Russell 2000 +5.84%
    "2024-11-25",  # the seed stories' date
    "2024-11-29",  # early close, month end
    "2024-12-31",  # year end
    "2025-04-04",  # tariff selloff
    "2025-04-09",  # tariff pause rally
    "2026-01-02",  # first session of 2026
    "2026-02-23",  # the Dow's last bar in the data
]


@pytest.fixture(scope="module")
def desk(loaded_db: Path):
    from marketdesk.desk import Desk

    with Desk(loaded_db, read_only=True) as d:
        yield d


def _value(fact, field: str):
    key = field.split(":", 1)[-1]
    if key == "value":
        return fact.value
    if key == "period.end":
        return fact.period.end
    if key == "as_of":
        return fact.as_of
    return getattr(fact.context, key[len("context."):])


def _iso(v) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)[:10]


def _carried(claim) -> set[str]:
    """Dates and years a claim uses besides its own figure."""
    out = {claim.period.end.isoformat()}
    for key in ("date", "since"):
        if claim.extra.get(key):
            out.add(str(claim.extra[key]))
    out.update(str(y) for y in claim.extra.get("years") or ())
    return out


def test_enough_varied_dates():
    assert len(DATES) >= 20 and len({d[:4] for d in DATES}) >= 8


@pytest.mark.parametrize("date", DATES)
def test_check_supports_every_wrap_figure(desk, date):
    from marketdesk.wrap import wrap

    story = wrap(desk, date)
    text = story.text()
    result = check(text, as_of=dt.date.fromisoformat(date), desk=desk)
    bad = [(v.claim.text, v.claim.subject, v.claim.metric, v.status, v.reason)
           for v in result.verdicts if v.status != "supported"]
    assert bad == [], f"{date}:\n{text}"

    claims = [v.claim for v in result.verdicts]
    sentence_start = [text.rfind(c.sentence, 0, c.span[0] + len(c.sentence)) for c in claims]
    uncovered = []
    pos = 0
    for block in (story.headline, *story.paragraphs):
        start = text.index(block.text, pos)
        pos = start + len(block.text)
        for sp in block.spans:
            if sp.kind != "fact":
                continue
            a, b = start + sp.start, start + sp.end
            subject = sp.fact.subject
            hit = any(c.span[0] < b and a < c.span[1] and c.subject == subject for c in claims)
            if not hit and (sp.field.startswith("date:") or sp.field.endswith("_year")):
                want = _iso(_value(sp.fact, sp.field))
                hit = any(s0 <= a < s0 + len(c.sentence) and c.subject == subject
                          and any(x.startswith(want) or want.startswith(x) for x in _carried(c))
                          for c, s0 in zip(claims, sentence_start))
            if not hit:
                uncovered.append((sp.text, subject, sp.fact.metric.value, sp.field))
    assert uncovered == [], f"{date}:\n{text}"

"""The news-value lead selector: which subject leads the story, and on what angle.

Each subject's candidate angles are scored from its Facts (the facts engine computes; this module
only ranks), highest first:

- a threshold crossed: a bear market entered (200), a correction entered (150);
- the day's percent move the largest since more than a year back: 50 + the years back (the
  data's span when it is the largest in the data), at most 90;
- a point record of the Dow (:data:`.phrases.POINT_RECORDS`): 63, between an S&P 500 move the
  largest in 10 and in 17 years -- where the wires put it (2018-12-26 led with the Dow's record
  point gain, 2025-04-09 with the S&P 500's best day since 2008);
- a new record close: 45;
- otherwise the size of the day's move in percent.

The S&P 500 and the Dow lead as the wires' do: another index leads only on a threshold crossed or
a record close, and then its score counts half. A yield leads
only when stocks barely moved (the S&P 500 and the Dow both under :data:`QUIET_PCT`) and its own
move is news (at least :data:`YIELD_NEWS_BP`, or its largest in over a year); then the larger of
the 2- and 10-year moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..facts import contexts as cx
from ..facts.model import Metric
from .phrases import Subject, point_record, regime_entered

__all__ = ["PREFERRED", "QUIET_PCT", "YIELD_NEWS_BP", "angle", "pick"]

PREFERRED: tuple[str, ...] = ("^GSPC", "^DJI")
QUIET_PCT = 0.75
YIELD_NEWS_BP = 15.0


def _years_back(s: Subject) -> float:
    """How far back the day's percent move reaches (its "largest since"), in years."""
    ls = s.get(Metric.LARGEST_SINCE, "day")
    if ls is None:
        return 0.0
    c = cx.of_kind(ls.context, cx.LargestSince)
    if c is None:
        return 0.0
    since = c.first_period if c.on_record else c.since_period
    if not since:
        return 0.0
    return (s.sheet.as_of - dt.date.fromisoformat(str(since)[:10])).days / 365.25


def angle(s: Subject) -> tuple[float, str]:
    """The subject's best angle and its score (see the module docstring)."""
    if s.is_yield:
        chg = s.get(Metric.YIELD_CHANGE_BP, "day")
        return (abs(float(chg.value or 0)) if chg is not None else 0.0), "yield"
    regime = regime_entered(s)
    if regime is not None:
        return (200.0 if regime.metric is Metric.BEAR_MARKET else 150.0), "regime"
    chg = s.get(Metric.CHANGE_PCT)
    best = (abs(float(chg.value or 0)) if chg is not None else 0.0, "move")
    years = _years_back(s)
    if years >= 1.0:
        best = max(best, (min(50.0 + years, 90.0), "largest_since"))
    if point_record(s) is not None:
        best = max(best, (63.0, "pts_record"))
    if s.new_record(Metric.RECORD_CLOSE) is not None:
        best = max(best, (45.0, "record_close"))
    return best


def _quiet(subjects: Sequence[Subject]) -> bool:
    moves = [abs(float(f.value or 0)) for s in subjects if s.symbol in PREFERRED
             if (f := s.get(Metric.CHANGE_PCT)) is not None]
    return bool(moves) and max(moves) < QUIET_PCT


def _yield_news(s: Subject) -> bool:
    chg = s.get(Metric.YIELD_CHANGE_BP, "day")
    if chg is None:
        return False
    ls = s.get(Metric.LARGEST_SINCE, "day")
    yc = cx.of_kind(ls.context, cx.YieldLargestSince) if ls is not None else None
    since = yc.since if yc is not None else None
    far = since is not None and (s.sheet.as_of - dt.date.fromisoformat(str(since)[:10])).days > 365
    return abs(float(chg.value or 0)) >= YIELD_NEWS_BP or far


def pick(subjects: Sequence[Subject]) -> Subject:
    """The subject that leads the story."""
    yields = [s for s in subjects if s.is_yield and _yield_news(s)]
    if yields and _quiet(subjects):
        return max(yields, key=lambda s: angle(s)[0])
    prices = [s for s in subjects if not s.is_yield] or list(subjects)

    has_preferred = any(s.symbol in PREFERRED for s in prices)

    def weighted(s: Subject) -> float:
        score, kind = angle(s)
        if s.symbol in PREFERRED or not has_preferred:
            return score
        return score / 2.0 if kind in ("regime", "record_close") else 0.0

    best = max(weighted(s) for s in prices)
    ranked = sorted(prices, key=lambda s: (PREFERRED.index(s.symbol) if s.symbol in PREFERRED
                                           else len(PREFERRED)))
    return next(s for s in ranked if weighted(s) == best)

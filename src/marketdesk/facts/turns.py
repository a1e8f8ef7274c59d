"""The first move of its kind in a while: "its first monthly drop since January", "its first
weekly gain in five weeks", "for its first loss in eight months".

Conventions: periods are sessions (``days``) or calendar weeks / months / quarters, each ending at
its last close (:func:`.streaks.period_closes`; the period of the as-of session runs to it). A
period *gained* when its close is above the previous period's close, *fell* when below. The
previous move of the same kind is the most recent earlier period that moved the same way; "the
first drop in N months" counts N from that period to the as-of one (January to September: 8).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .contexts import FirstMoveSince
from .evidence import evidence, rows_on
from .model import Fact, Metric, Period
from .streaks import StreakUnit, period_closes

__all__ = ["first_move_since_fact"]


def first_move_since_fact(bars: pl.DataFrame, as_of: dt.date, unit: StreakUnit,
                          direction: str) -> Fact | None:
    """FIRST_MOVE_SINCE: the periods since the last earlier period that moved ``direction``
    ("up" or "down") like the as-of period.

    ``value``: that count of periods (None when the as-of period did not move that way).
    Context: ``unit``, ``direction``, ``moved`` (the as-of period moved that way),
    ``previous_date`` (the last close of the earlier such period; None: none in the data),
    ``data_start``. None when there are fewer than two period closes up to ``as_of``."""
    pc = period_closes(bars.filter(pl.col("date") <= as_of), unit)
    if pc.height < 2:
        return None
    close = pc.get_column("close").cast(pl.Float64).to_numpy()
    sign = np.sign(np.diff(close))
    want = 1.0 if direction == "up" else -1.0
    moved = bool(sign[-1] == want)
    earlier = np.flatnonzero(sign[:-1] == want)
    prev = int(earlier[-1]) + 1 if earlier.size else None     # index into pc
    last = pc.height - 1
    value = float(last - prev) if moved and prev is not None else None
    dates = pc.get_column("date")
    context = FirstMoveSince(unit=unit, direction="up" if want > 0 else "down", moved=moved,
                             previous_date=dates[prev] if prev is not None else None,
                             data_start=bars.item(0, "date"))
    rows = [i for i in (prev - 1 if prev else None, prev, last - 1, last) if i is not None]
    period = Period(kind="history", start=dates[0], end=dates[last],
                    label=f"{unit} to {dates[last].isoformat()}")
    return Fact(str(bars.item(0, "symbol")), Metric.FIRST_MOVE_SINCE, period, value, "count",
                dates[last], context,
                evidence(rows_on(bars, [dates[i] for i in sorted(set(rows))]), "close"))

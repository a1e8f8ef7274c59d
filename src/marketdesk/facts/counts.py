"""Counts of periods meeting a condition in a window: "up or down at least 1% on 110 of the 253
trading days", "of the 52 months since April 2020, just 17 have been negative", "of the past 50
Septembers, the S&P 500 has fallen 28 times", "only one down week over the past 11", "down more
than 1,000 points for the second time in four days".

Conventions: periods are sessions or calendar weeks / months / quarters / years, each ending at
its last close (:func:`.streaks.period_closes`); a period's change is its close against the
previous period's close (the first period of the data has none and is never counted). A week,
month, quarter or year is *complete* at the as-of session when its last exchange session is on or
before it; the running one counts only when asked (``CountSpec.running``). The window is the
periods whose closing session lies in ``[start, end]`` (``after``: strictly after ``start``). A
threshold is compared as "at least" (with the tie rule of :mod:`.ranks`) or, ``strict``, as
"more than"; ``round_to`` rounds each change first, as a table of changes would print it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .contexts import PeriodCount
from .evidence import evidence, history_to, rows_on
from .model import Fact, Metric, Period
from .query import CountSpec
from .ranks import tie_slack
from .streaks import period_closes

__all__ = ["COUNT_EVIDENCE_LIMIT", "CountWindowError", "period_count_fact", "period_is_over"]

#: At most this many qualifying periods are cited as evidence (the most recent ones).
COUNT_EVIDENCE_LIMIT: int = 100


class CountWindowError(ValueError):
    """The window reaches before the first period the data can give a change for."""

    def __init__(self, first: dt.date, message: str) -> None:
        super().__init__(message)
        self.first = first


def period_is_over(d: dt.date, unit: str, as_of: dt.date) -> bool:
    """True when the ``unit`` period holding the session ``d`` has ended by ``as_of`` (its last
    exchange session is on or before it; outside the calendar's range, its last weekday)."""
    if unit == "days":
        return d <= as_of
    if unit == "weeks":
        first = d - dt.timedelta(days=d.weekday())
        last = first + dt.timedelta(days=6)
    elif unit == "years":
        first, last = dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    else:
        step = 3 if unit == "quarters" else 1
        m0 = (d.month - 1) // step * step + 1
        first = dt.date(d.year, m0, 1)
        m1 = m0 + step
        last = dt.date(d.year + (m1 > 12), (m1 - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return _last_session(first, last) <= as_of


def _last_session(first: dt.date, last: dt.date) -> dt.date:
    from .. import calendar as cal
    from ..errors import DateError

    try:
        got = cal.sessions(first, last)
    except DateError:
        got = []
    if got:
        return got[-1]
    while last.weekday() >= 5 and last > first:
        last -= dt.timedelta(days=1)
    return last


def _changes(close: np.ndarray, basis: str, round_to: int | None) -> np.ndarray:
    old, new = close[:-1], close[1:]
    if basis == "pts":
        out = new - old
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(old != 0, (new / old - 1.0) * 100.0, np.nan)
    if round_to is not None:
        # half away from zero, on the value as printed (0.9979 -> 1.00, -0.995 -> -1.00)
        scale = 10.0 ** round_to
        out = np.sign(out) * np.floor(np.abs(out) * scale + 0.5 + 1e-9) / scale
    return np.asarray(out, dtype=np.float64)


def _meets(v: np.ndarray, spec: CountSpec) -> np.ndarray:
    if spec.move == "any":
        return np.ones(v.size, dtype=bool)
    t = float(spec.threshold or 0.0)
    if spec.move == "either":
        size = np.abs(v)
    elif spec.move == "up":
        size = v
    else:
        size = -v
    with np.errstate(invalid="ignore"):
        if spec.threshold is None:
            return np.asarray(size > 0, dtype=bool)
        if spec.strict:
            return np.asarray(size > t + float(tie_slack(t)), dtype=bool)
        return np.asarray(size >= t - float(tie_slack(t)), dtype=bool)


def period_count_fact(bars: pl.DataFrame, as_of: dt.date, spec: CountSpec, *,
                      start: dt.date | None = None, end: dt.date | None = None,
                      after: bool = False, label: str = "") -> Fact | None:
    """PERIOD_COUNT: how many periods of the window meet ``spec``'s condition.

    The window: periods of ``spec.unit`` closing in ``[start, end]`` (``after``: after ``start``;
    None: unbounded; ``end`` is cut at ``as_of``), complete at ``as_of`` unless ``spec.running``,
    in ``spec.month`` (or, ``other_months``, any other month), the last ``spec.last`` of them,
    then the ``spec.among`` worst (best) by change. ``value``: the count; context
    :class:`~.contexts.PeriodCount` (``total``, ``share_pct``, the qualifying periods).

    None when the data hold fewer than two period closes up to ``as_of`` or the window is
    empty. Raises :class:`CountWindowError` when the window reaches before the first period with
    a change (``start`` on or before it, or fewer than ``spec.last`` periods).
    """
    hist = history_to(bars, as_of)
    pc = period_closes(hist, spec.unit)
    if pc.height < 2:
        return None
    dates = pc.get_column("date")
    close = pc.get_column("close").cast(pl.Float64).to_numpy()
    chg = _changes(close, spec.basis, spec.round_to)
    pdates = dates.to_list()[1:]            # the closing session of each period with a change
    n = len(pdates)
    keep = np.ones(n, dtype=bool)
    running = spec.unit != "days" and not period_is_over(pdates[-1], spec.unit, as_of)
    if running and not spec.running:
        keep[-1] = False
    stop = min(end, as_of) if end is not None else as_of
    if start is not None and dates[0] >= _period_start(start, spec.unit) + \
            dt.timedelta(days=int(after)):
        # the first period of the window needs the close of the one before it
        raise CountWindowError(dates[0], f"The data begin on {dates[0].isoformat()}, too late "
                               f"for {label or 'the window'} from {start.isoformat()}.")
    idx = np.arange(n)
    d64 = np.array(pdates, dtype="datetime64[D]")
    if start is not None:
        s64 = np.datetime64(start, "D")
        keep &= (d64 > s64) if after else (d64 >= s64)
    keep &= d64 <= np.datetime64(stop, "D")
    in_month = np.ones(n, dtype=bool)
    if spec.month is not None:
        months = (d64.astype("datetime64[M]").astype(np.int64) % 12) + 1
        in_month = (months != spec.month) if spec.other_months else (months == spec.month)
    if spec.among is None:
        keep &= in_month            # the month is the population ("of the past 50 Septembers")
    chosen = idx[keep]
    if spec.last is not None:
        if chosen.size < spec.last:
            raise CountWindowError(dates[0], f"The data begin on {dates[0].isoformat()}: fewer "
                                   f"than {spec.last} {spec.unit} to count.")
        chosen = chosen[-spec.last:]
    if spec.among is not None:
        if chosen.size < spec.among:
            return None
        order = np.argsort(chg[chosen] if spec.among_worst else -chg[chosen], kind="stable")
        chosen = np.sort(chosen[order[:spec.among]])
    if chosen.size == 0:
        return None
    met = _meets(chg[chosen], spec)
    if spec.among is not None:
        met &= in_month[chosen]     # the month is the condition ("nine of the 40 worst months")
    hit = chosen[met]
    shown = hit[-COUNT_EVIDENCE_LIMIT:]
    cited = {pdates[int(chosen[0])], dates[int(chosen[0])], pdates[int(chosen[-1])]}
    for k in shown:
        cited.update((pdates[int(k)], dates[int(k)]))   # the period's close and its base close
    total = int(chosen.size)
    context = PeriodCount(
        unit=spec.unit, move=spec.move, threshold=spec.threshold, basis=spec.basis,
        strict=spec.strict, round_to=spec.round_to, month=spec.month,
        other_months=spec.other_months, total=total,
        share_pct=100.0 * hit.size / total, first=pdates[int(chosen[0])],
        last=pdates[int(chosen[-1])], running=running and bool(chosen[-1] == n - 1),
        hits=tuple(pdates[int(k)] for k in shown),
        hit_changes=tuple(float(chg[int(k)]) for k in shown),
        hits_complete=bool(hit.size <= COUNT_EVIDENCE_LIMIT), data_start=dates[0],
        among=spec.among)
    period = Period(kind="range", start=dates[int(chosen[0])], end=pdates[int(chosen[-1])],
                    label=label or f"{total} {spec.unit} to {pdates[int(chosen[-1])].isoformat()}")
    symbol = str(bars.item(0, "symbol"))
    return Fact(symbol, Metric.PERIOD_COUNT, period, int(hit.size), "count",
                min(as_of, pdates[-1]), context, evidence(rows_on(hist, cited), "close"))


def _period_start(d: dt.date, unit: str) -> dt.date:
    if unit == "days":
        return d
    if unit == "weeks":
        return d - dt.timedelta(days=d.weekday())
    if unit == "years":
        return dt.date(d.year, 1, 1)
    step = 3 if unit == "quarters" else 1
    return dt.date(d.year, (d.month - 1) // step * step + 1, 1)

"""Daily moves by points and by percent, threshold days, and multi-session moves.

"The Dow's 2,997.10-point drop was its largest in data going back to 1992", "its second-best day
by percent", "its fourth 1,000-point day", "the 2-year yield's largest three-day decline since
1987".

Conventions:

- A daily change is against the previous bar with a close (the previous session with data; for
  FRED series the previous observation). ``pts`` = close - previous close, in the series' own
  units (index points, dollars; for a yield series percentage points); ``pct`` = (close /
  previous close - 1) * 100, a ratio of closes in percent; ``bp`` (yields) = 100 * (close -
  previous close), rounded to :data:`~.yields.BP_DECIMALS` decimals.
- A change is a *gain* when > 0 and a *decline* when < 0; an unchanged day has no rank and no
  "largest since". Gains are compared with gains and declines with declines, by magnitude.
- Ties use the one rule of :mod:`.ranks` (``TIE_RTOL``): a value is "at least as large" as ``a``
  when it is no more than ``tie_slack(a)`` below it, "strictly larger" beyond that.
- Rank 1 is the largest gain (or the largest decline) among every daily change in the data up to
  the as-of session, the session's own included; tied values share a rank.
- A record move is the largest gain / decline in the data; ``is_new`` when the as-of session's
  change is strictly beyond every earlier one. The data may start long after the instrument did
  (^DJI data start in 1992): every such fact's context has ``data_start`` so a sentence says
  "in data going back to ...", never "in its history".
- An N-session move runs from the close N sessions (bars with a close) before the as-of session
  to its close. "Largest N-session gain since D": D is the end date of the most recent earlier
  N-session window (windows ending at every earlier session, overlapping ones included) whose
  change was at least as large.

Context keys (``dt.date`` values): ``direction`` ("gain" | "decline"), ``since`` (date or None),
``since_value``, ``record``, ``record_date``, ``previous_date``, ``data_start``, ``basis``
("pts" | "pct" | "bp"), ``threshold``; each function's docstring lists its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import polars as pl

from . import contexts
from .model import Fact, Metric, Period, Unit
from .ranks import Direction, rank_of, tie_slack
from .series import Closes, FloatArray, closes_to
from .yields import BP_DECIMALS

__all__ = [
    "ChangeBasis",
    "MoveBasis",
    "change_count_fact",
    "change_rank_fact",
    "change_record_facts",
    "daily_changes",
    "multi_day_move_facts",
    "since_index",
    "window_changes",
]

ChangeBasis = Literal["pts", "pct"]
MoveBasis = Literal["pts", "pct", "bp"]

#: At most this many qualifying days are cited as evidence of a count (the most recent ones).
COUNT_EVIDENCE_LIMIT: int = 100

_RANK_METRIC = {"pts": Metric.CHANGE_PTS_RANK, "pct": Metric.CHANGE_PCT_RANK}
_RECORD_METRIC = {"pts": Metric.CHANGE_PTS_RECORD, "pct": Metric.CHANGE_PCT_RECORD}
_MOVE_METRIC = {"pts": Metric.PERIOD_CHANGE_PTS, "pct": Metric.PERIOD_RETURN,
                "bp": Metric.YIELD_CHANGE_BP}


def window_changes(close: FloatArray, sessions: int, basis: MoveBasis) -> FloatArray:
    """Change over ``sessions`` bars ending at each row: element k is the change from row k to
    row k + sessions (NaN where the base close is 0 for ``pct``). Length ``n - sessions``."""
    if sessions < 1:
        raise ValueError(f"sessions must be >= 1; got {sessions}")
    if close.size <= sessions:
        return np.zeros(0, dtype=np.float64)
    new, old = close[sessions:], close[:-sessions]
    if basis == "pts":
        return new - old
    if basis == "bp":
        out: FloatArray = np.round((new - old) * 100.0, BP_DECIMALS)
        return out
    if basis == "pct":
        with np.errstate(divide="ignore", invalid="ignore"):
            pct: FloatArray = np.where(old != 0, (new / old - 1.0) * 100.0, np.nan)
        return pct
    raise ValueError(f"basis must be 'pts', 'pct' or 'bp'; got {basis!r}")


def daily_changes(close: FloatArray, basis: MoveBasis) -> FloatArray:
    """One-session changes: element k is the change from close k to close k + 1."""
    return window_changes(close, 1, basis)


def _direction(x: float) -> Direction:
    return "gain" if x > 0 else "decline"


def _signed(v: FloatArray, direction: Direction) -> FloatArray:
    """Values oriented so that larger is "more" in ``direction`` (declines negated)."""
    return v if direction == "gain" else -v


def _extreme(v: FloatArray, direction: Direction) -> int | None:
    """Index of the first value at least as extreme (tie rule) as the most extreme one."""
    s = _signed(v, direction)
    ok = ~np.isnan(s)
    if not ok.any():
        return None
    top = float(np.max(s[ok]))
    if top <= 0:                     # no change in this direction at all
        return None
    with np.errstate(invalid="ignore"):
        return int(np.argmax(s >= top - tie_slack(top)))


def since_index(v: FloatArray, i: int, direction: Direction) -> int | None:
    """The most recent j < i whose value is at least as large (``gain``) or as negative
    (``decline``) as ``v[i]`` under the tie rule, or None: :func:`.ranks.largest_since` for one
    index in one O(n) pass (no table of every index's answer)."""
    s = _signed(v[: i + 1], direction)
    x = float(s[i])
    with np.errstate(invalid="ignore"):
        hits = np.flatnonzero(s[:i] >= x - float(tie_slack(x)))
    return int(hits[-1]) if hits.size else None


def _day_period(c: Closes) -> Period:
    day = c.session
    return Period(kind="day", start=c.date(c.last - 1), end=day, label=day.isoformat())


def _unit(basis: MoveBasis) -> Unit:
    return "pts" if basis == "pts" else ("bp" if basis == "bp" else "pct")


def change_rank_fact(bars: pl.DataFrame, as_of: dt.date, *,
                     basis: ChangeBasis = "pts") -> Fact | None:
    """CHANGE_PTS_RANK / CHANGE_PCT_RANK: the as-of session's change ranked among every daily
    change of the same direction in the data (1 = largest gain, or largest decline).

    ``value``: the rank (ties share one). Context: ``basis``, ``direction``, ``change`` (the
    session's change, pts or pct), ``previous_date``, ``of`` (changes of that direction in the
    data, this one included), ``since`` / ``since_value`` (the most recent earlier session with a
    change at least as large; None when none: the largest in the data), ``record`` /
    ``record_date`` (the largest change of that direction in the data, this one included),
    ``data_start`` (first bar). None when the session has no previous close or is unchanged.
    For ``pct`` the rank equals RANK of :func:`.ranks.day_rank_facts`.
    """
    c = closes_to(bars, as_of)
    if c is None or c.n < 2:
        return None
    v = daily_changes(c.close, basis)
    i = v.size - 1
    cur = float(v[i])
    if np.isnan(cur) or cur == 0:
        return None
    direction = _direction(cur)
    rank = rank_of(v, i, direction=direction)
    j = since_index(v, i, direction)
    top = _extreme(v, direction)
    assert top is not None
    with np.errstate(invalid="ignore"):
        of = int(np.count_nonzero(_signed(v, direction) > 0))
    context = contexts.ChangeRank(
        basis=basis, direction=direction, change=cur,
        previous_date=c.date(c.last - 1), of=of,
        since=c.date(j + 1) if j is not None else None,
        since_value=float(v[j]) if j is not None else None,
        record=float(v[top]), record_date=c.date(top + 1), data_start=c.data_start,
    )
    cited = [c.last - 1, c.last, top, top + 1] + ([j, j + 1] if j is not None else [])
    return Fact(c.symbol, _RANK_METRIC[basis], _day_period(c), rank, "rank", c.session,
                context, c.cite(cited))


def change_record_facts(bars: pl.DataFrame, as_of: dt.date, *,
                        basis: ChangeBasis = "pts") -> list[Fact]:
    """CHANGE_PTS_RECORD / CHANGE_PCT_RECORD: the largest daily gain and the largest daily decline
    in the data up to the as-of session (one fact per direction that has one).

    ``value``: the record change (pts or pct; negative for the decline). Context: ``basis``,
    ``direction``, ``record_date`` (the session of the record move; the first one on a tie),
    ``previous_date`` (the close it was measured from), ``is_new`` (the as-of session set it:
    strictly beyond every earlier change), ``previous_record`` / ``previous_record_date`` (the
    record it beat when ``is_new``, else None), ``data_start``. Period: the whole history.
    """
    c = closes_to(bars, as_of)
    if c is None or c.n < 2:
        return []
    v = daily_changes(c.close, basis)
    period = Period(kind="history", start=c.data_start, end=c.session,
                    label=f"since {c.data_start.isoformat()}")
    facts: list[Fact] = []
    directions: tuple[Direction, Direction] = ("gain", "decline")
    for direction in directions:
        k = _extreme(v, direction)
        if k is None:
            continue
        is_new = k == v.size - 1
        prev = _extreme(v[:-1], direction) if is_new and v.size > 1 else None
        context = contexts.ChangeRecord(
            basis=basis, direction=direction, record_date=c.date(k + 1),
            previous_date=c.date(k), is_new=is_new,
            previous_record=float(v[prev]) if prev is not None else None,
            previous_record_date=c.date(prev + 1) if prev is not None else None,
            data_start=c.data_start,
        )
        cited = [k, k + 1] + ([prev, prev + 1] if prev is not None else [])
        facts.append(Fact(c.symbol, _RECORD_METRIC[basis], period, float(v[k]),
                          _unit(basis), c.session, context, c.cite(cited)))
    return facts


def change_count_fact(bars: pl.DataFrame, as_of: dt.date, threshold: float, *,
                      basis: ChangeBasis = "pts",
                      direction: Direction | None = None) -> Fact | None:
    """CHANGE_COUNT: how many sessions in the data up to as-of moved at least ``threshold``
    ("its fourth 1,000-point day": ``threshold=1000``).

    ``threshold`` > 0 in ``basis`` units. ``direction`` None counts |change| >= threshold;
    ``"gain"`` change >= threshold; ``"decline"`` change <= -threshold ("at least" with the tie
    rule, so a move of exactly 1,000.00 points computed from float closes counts). ``value``:
    the count. Context: ``basis``, ``threshold``, ``direction``, ``qualifies`` (the as-of session
    is one), ``ordinal`` (the count when it qualifies, else None), ``since`` (the previous
    qualifying session before as-of, None if none), ``first_date`` (the first qualifying session,
    None if none), ``data_start``, ``evidence_complete`` (every qualifying move is cited; only the
    most recent :data:`COUNT_EVIDENCE_LIMIT` are when there are more). The evidence also cites
    the as-of session's two closes. None without a previous close.
    """
    if threshold <= 0:
        raise ValueError(f"threshold must be > 0; got {threshold}")
    c = closes_to(bars, as_of)
    if c is None or c.n < 2:
        return None
    v = daily_changes(c.close, basis)
    floor = threshold - float(tie_slack(threshold))
    with np.errstate(invalid="ignore"):
        if direction is None:
            hits = np.abs(v) >= floor
        elif direction == "gain":
            hits = v >= floor
        elif direction == "decline":
            hits = -v >= floor
        else:
            raise ValueError(f"direction must be 'gain', 'decline' or None; got {direction!r}")
    idx = np.flatnonzero(hits)
    i = v.size - 1
    qualifies = bool(hits[i])
    earlier = idx[idx < i]
    shown = idx[-COUNT_EVIDENCE_LIMIT:]
    cited = [i, i + 1] + [int(k) for k in shown] + [int(k) + 1 for k in shown]
    context = contexts.ChangeCount(
        basis=basis, threshold=float(threshold), direction=direction,
        qualifies=qualifies, ordinal=int(idx.size) if qualifies else None,
        since=c.date(int(earlier[-1]) + 1) if earlier.size else None,
        first_date=c.date(int(idx[0]) + 1) if idx.size else None,
        data_start=c.data_start, evidence_complete=bool(idx.size <= COUNT_EVIDENCE_LIMIT),
    )
    period = Period(kind="history", start=c.data_start, end=c.session,
                    label=f"since {c.data_start.isoformat()}")
    return Fact(c.symbol, Metric.CHANGE_COUNT, period, int(idx.size), "count", c.session,
                context, c.cite(cited))


def multi_day_move_facts(bars: pl.DataFrame, as_of: dt.date, sessions: int, *,
                         basis: MoveBasis = "pct") -> list[Fact]:
    """The move over the last ``sessions`` sessions to as-of and its "largest since".

    ``basis``: ``pct`` (PERIOD_RETURN, a ratio of closes), ``pts`` (PERIOD_CHANGE_PTS) or ``bp``
    (YIELD_CHANGE_BP, for yield series). Both facts have ``Period(kind="window")`` from the base
    close (``sessions`` bars back) to the as-of close, labelled "N sessions".

    1. The move: ``value`` in ``basis`` units. Context: ``sessions``, ``basis``, ``direction``
       (None when unchanged), ``base_date`` / ``base_close``, ``close``, ``change_pts``
       (close - base close), ``change_pct`` ((close / base - 1) * 100; None when the base is 0).
    2. LARGEST_SINCE (absent when unchanged): ``value`` the same move. Context: ``sessions``,
       ``basis``, ``direction``, ``on_record`` (no earlier window at least as large), ``since``
       (end date of the most recent earlier window at least as large, or None), ``since_start``
       (its base date), ``since_value``, ``windows`` (windows compared, this one included),
       ``data_start``.

    ``[]`` when there are not ``sessions`` earlier closes.
    """
    c = closes_to(bars, as_of)
    if c is None or c.n <= sessions:
        return []
    v = window_changes(c.close, sessions, basis)
    i = v.size - 1
    cur = float(v[i])
    if np.isnan(cur):
        return []
    base = c.last - sessions
    b, e = float(c.close[base]), float(c.close[c.last])
    period = Period(kind="window", start=c.date(base), end=c.session,
                    label=f"{sessions} sessions")
    direction: Direction | None = None if cur == 0 else _direction(cur)
    move_ctx = contexts.WindowMove(
        sessions=sessions, basis=basis, direction=direction,
        base_date=c.date(base), base_close=b, close=e, change_pts=e - b,
        change_pct=(e / b - 1.0) * 100.0 if b != 0 else None,
    )
    facts = [Fact(c.symbol, _MOVE_METRIC[basis], period, cur, _unit(basis), c.session,
                  move_ctx, c.cite([base, c.last]))]
    if direction is None:
        return facts
    j = since_index(v, i, direction)
    since_ctx = contexts.MoveLargestSince(
        sessions=sessions, basis=basis, direction=direction, on_record=j is None,
        since=c.date(j + sessions) if j is not None else None,
        since_start=c.date(j) if j is not None else None,
        since_value=float(v[j]) if j is not None else None,
        windows=int(np.count_nonzero(~np.isnan(v))), data_start=c.data_start,
    )
    cited = [base, c.last] + ([j, j + sessions] if j is not None else [])
    facts.append(Fact(c.symbol, Metric.LARGEST_SINCE, period, cur, _unit(basis), c.session,
                      since_ctx, c.cite(cited)))
    return facts

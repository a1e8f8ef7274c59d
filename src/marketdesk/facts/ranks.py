"""Ranks and "largest since": how a period's return compares with every earlier one.

"Largest gain since D" names the most recent *earlier* period whose return was at least as large;
"largest decline since D" the most recent earlier period at least as negative (DESIGN.md).

Ties ("at least as large") use one rule everywhere: ``b`` is at least as large as ``a`` when
``b >= a - (rtol * |a| + atol)`` with ``rtol = model.TIE_RTOL`` (1e-9) and ``atol = 1e-12`` in the
values' own unit. Returns are ratios of closes, so two equal returns computed from different cent
prices (0.30→0.33 and 0.80→0.88, both +10 %) differ only by float noise (~1e-15 relative) and tie.
"Strictly better" (for ranks) is the complement: ``b > a + (rtol * |a| + atol)``.

:func:`previous_at_least` does all periods at once in O(n log n) with numpy: a sparse table of
range maxima and a binary-lifting search, no Python loop over rows (only over log2 n levels).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from . import contexts
from .evidence import history_to, last_row_on_or_before
from .model import TIE_RTOL, Evidence, Fact, Metric, Period
from .periods import month_label
from .series import float_values
from .tables import monthly_returns, yearly_returns

__all__ = [
    "TIE_ATOL",
    "Direction",
    "largest_since",
    "day_rank_facts",
    "year_month_rank_fact",
    "largest_since_long",
    "latest_since_long",
    "previous_at_least",
    "rank_facts",
    "rank_facts_from_table",
    "rank_of",
    "tie_slack",
    "window_rank_fact",
]

#: Absolute slack added to the relative tie tolerance (values' own unit: pct, bp...).
TIE_ATOL: float = 1e-12

Direction = Literal["gain", "decline"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def tie_slack(a: FloatArray | float, rtol: float = TIE_RTOL, atol: float = TIE_ATOL) -> Any:
    """How far below ``a`` a value may be and still count as "at least as large" as ``a``."""
    return rtol * np.abs(a) + atol


def previous_at_least(values: FloatArray | pl.Series, *, direction: Direction = "gain",
                      rtol: float = TIE_RTOL, atol: float = TIE_ATOL) -> IntArray:
    """For every i, the largest j < i whose value is at least as large as value i (``gain``) or at
    least as negative (``decline``); -1 where there is none ("largest on record").

    NaN/null values never qualify and get -1. Vectorized: O(n log n) time and memory.
    """
    v = np.asarray(values.to_numpy() if isinstance(values, pl.Series) else values, dtype=float)
    if direction == "decline":
        v = -v
    elif direction != "gain":
        raise ValueError(f"direction must be 'gain' or 'decline'; got {direction!r}")
    n = v.size
    out = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return out
    nan = np.isnan(v)
    base = np.where(nan, -np.inf, v)
    thr = np.where(nan, np.inf, v - tie_slack(v, rtol, atol))
    # table[k][j] = max(base[j : j + 2**k]) (only entries with j + 2**k <= n are ever read)
    table = [base]
    k = 1
    while (1 << k) <= n:
        prev, half = table[-1], 1 << (k - 1)
        nxt = prev.copy()
        nxt[: n - half] = np.maximum(prev[: n - half], prev[half:])
        table.append(nxt)
        k += 1
    pos = np.arange(n, dtype=np.int64)   # invariant: every value in [pos, i) is below thr[i]
    for level in range(len(table) - 1, -1, -1):
        cand = pos - (1 << level)
        ok = cand >= 0
        block = np.where(ok, table[level][np.maximum(cand, 0)], np.inf)
        pos = np.where(ok & (block < thr), cand, pos)
    found = (pos > 0) & ~nan
    out[found] = pos[found] - 1
    return out


def largest_since(values: FloatArray | pl.Series, index: int, *,
                  direction: Direction = "gain") -> int | None:
    """Index of the most recent earlier period at least as large (or as negative) as
    ``values[index]``, or None if there is none (the largest on record).

    :func:`previous_at_least` at one index, in one O(n) comparison of the earlier values with
    the threshold (the same tie rule; NaN never qualifies) instead of the table of every index's
    answer. A non-finite ``values[index]`` takes the table's path."""
    v = np.asarray(values.to_numpy() if isinstance(values, pl.Series) else values, dtype=float)
    if direction not in ("gain", "decline"):
        raise ValueError(f"direction must be 'gain' or 'decline'; got {direction!r}")
    s = v[: index + 1] if direction == "gain" else -v[: index + 1]
    x = float(s[index])
    if not np.isfinite(x):
        j = int(previous_at_least(v[: index + 1], direction=direction)[index])
        return None if j < 0 else j
    with np.errstate(invalid="ignore"):
        hits = np.flatnonzero(s[:index] >= x - float(tie_slack(x)))
    return int(hits[-1]) if hits.size else None


def largest_since_long(table: pl.DataFrame, *, value: str = "return_pct",
                       key: str = "symbol") -> pl.DataFrame:
    """"Largest gain / decline since" for every row of a long returns table at once.

    ``table``: e.g. :func:`~.tables.monthly_returns_long` (rows of one ``key`` contiguous and in
    time order). For each row, the most recent earlier row of the same ``key`` whose value is at
    least as large (a gain, value >= 0) or at least as negative (a decline), with the tie rule of
    this module: what :func:`rank_facts` reports as LARGEST_SINCE for that period. Adds
    ``direction`` ("gain"/"decline"), ``on_record`` (no such row), ``since_row`` (its row index in
    ``table``, null on record), ``since_year`` / ``since_month`` (when those columns exist),
    ``since_value`` and ``periods_between``.

    Vectorized: :func:`previous_at_least` over the whole column, then a hit from another
    ``key`` means "on record" (the search finds the *most recent* qualifying row, so a hit before
    the series' first row means none inside it). No loop over series.
    """
    n = table.height
    v = float_values(table.get_column(value).cast(pl.Float64))
    new = table.select((pl.col(key) != pl.col(key).shift(1)).fill_null(True)).to_series()
    first = np.maximum.accumulate(np.where(new.to_numpy(), np.arange(n), 0)) if n else \
        np.zeros(0, dtype=np.int64)
    gain = v >= 0
    j = np.where(gain, previous_at_least(v, direction="gain"),
                 previous_at_least(v, direction="decline"))
    j = np.where((j >= first) & ~np.isnan(v), j, -1)
    hit = j >= 0
    since = pl.Series("since_row", np.where(hit, j, 0), dtype=pl.Int64)
    mask = pl.Series(hit)
    cols = [pl.Series("direction", np.where(gain | np.isnan(v), "gain", "decline")),
            pl.Series("on_record", ~hit),
            since.zip_with(mask, pl.Series([None] * n, dtype=pl.Int64)).alias("since_row")]
    for c in ("year", "month"):
        if c in table.columns:
            cols.append(table.get_column(c)[since].zip_with(
                mask, pl.Series([None] * n, dtype=table.schema[c])).alias(f"since_{c}"))
    cols.append(pl.Series("since_value", np.where(hit, v[np.where(hit, j, 0)], np.nan),
                          nan_to_null=True))
    cols.append(pl.Series("periods_between", np.arange(n) - j - 1).zip_with(
        mask, pl.Series([None] * n, dtype=pl.Int64)).alias("periods_between"))
    return table.with_columns(cols)


def latest_since_long(table: pl.DataFrame, *, value: str = "return_pct",
                      key: str = "symbol") -> pl.DataFrame:
    """:func:`largest_since_long` for each ``key``'s last row only (the latest period), in one
    pass: the most recent earlier row of the key at least as large (gain) or as negative
    (decline), under the same tie rule.

    Columns: ``key, row`` (the last row's index in ``table``), ``on_record``, ``since_row``,
    ``since_year`` / ``since_month`` (when those columns exist) and ``since_value``; nulls on
    record. Equal to those columns of :func:`largest_since_long` at the last rows.
    """
    from .tables import _table_groups

    starts, ends, gid = _table_groups(table, key)
    n = table.height
    v = float_values(table.get_column(value).cast(pl.Float64))
    cur = v[ends]
    sign = np.where(cur >= 0, 1.0, -1.0)
    x = sign * cur
    thr = x - tie_slack(x)
    idx = np.arange(n, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        ok = ((sign[gid] * v) >= thr[gid]) & (idx < ends[gid])
    j = (np.maximum.reduceat(np.where(ok, idx, -1), starts) if starts.size
         else np.zeros(0, dtype=np.int64))
    hit = j >= 0
    since = pl.Series("since_row", np.where(hit, j, 0), dtype=pl.Int64)
    mask = pl.Series(hit)
    cols = [table.get_column(key)[ends],
            pl.Series("row", ends, dtype=pl.Int64), pl.Series("on_record", ~hit),
            since.zip_with(mask, pl.Series([None] * ends.size, dtype=pl.Int64))
            .alias("since_row")]
    for c in ("year", "month"):
        if c in table.columns:
            cols.append(table.get_column(c)[since].zip_with(
                mask, pl.Series([None] * ends.size, dtype=table.schema[c])).alias(f"since_{c}"))
    cols.append(pl.Series("since_value", np.where(hit, v[np.where(hit, j, 0)], np.nan),
                          nan_to_null=True))
    return pl.DataFrame(cols)


def rank_of(values: FloatArray | pl.Series, index: int, *, direction: Direction = "gain") -> int:
    """1 + the number of values strictly better than ``values[index]`` (beyond the tie tolerance):
    for ``gain`` larger, for ``decline`` more negative. Ties share a rank; NaNs are ignored."""
    v = np.asarray(values.to_numpy() if isinstance(values, pl.Series) else values, dtype=float)
    if direction == "decline":
        v = -v
    x = v[index]
    return 1 + int(np.sum(v > x + tie_slack(x)))


def _key(year: int, month: int | None) -> str:
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _label(year: int, month: int | None) -> str:
    return month_label(year, month) if month else str(year)


def _row_ev(table: pl.DataFrame, i: int, symbol: str) -> tuple[Evidence, ...]:
    """The base and end closes of row ``i`` of a returns table (what :func:`evidence` gives for
    those two bars)."""
    r = table.row(i, named=True)
    return tuple(Evidence(symbol=symbol, date=r[d], field="close", value=float(r[c]), source=r[s])
                 for d, c, s in (("start_date", "base_close", "base_source"),
                                 ("end_date", "end_close", "end_source"))
                 if r[c] is not None)


def rank_facts(bars: pl.DataFrame, as_of: dt.date,
               period: Literal["day", "month", "year"] = "month") -> list[Fact]:
    """RANK, LARGEST_SINCE and (months) LARGEST_OF_YEAR for the period containing ``as_of``.

    The comparable periods are every calendar month (or year) of history up to ``as_of`` with a
    defined return (see :mod:`.tables`); the running period's to-date return (MTD/YTD) counts as
    that period's. A gain is compared with gains ("largest gain since"), a loss with losses.
    Values are returns in percent; ``[]`` if the current period has no return.

    ``period="day"``: the as-of session's % change (ratio of consecutive non-null closes - 1)
    against every earlier daily change: see :func:`day_rank_facts`.
    """
    i_day = last_row_on_or_before(bars, as_of)
    if i_day is None:
        return []
    day: dt.date = bars.item(i_day, "date")
    hist = history_to(bars, day)
    if period == "day":
        return day_rank_facts(hist)
    table = monthly_returns(hist) if period == "month" else yearly_returns(hist)
    return rank_facts_from_table(table, day, bars.item(i_day, "symbol"), period)


def day_rank_facts(hist: pl.DataFrame) -> list[Fact]:
    """RANK and LARGEST_SINCE of the last bar's one-day % change among all daily changes of
    ``hist`` (one symbol's date-sorted bars, ending at the as-of session).

    Daily change = close / previous non-null close - 1, in percent (a ratio of closes). "Largest
    gain since D": D is the most recent earlier session whose change was at least as large (for a
    decline: at least as negative), with the tie rule of this module; ``on_record`` when there is
    none. Evidence: the two closes of the day and, unless on record, the two closes of D.
    ``[]`` when the last bar has no close or no previous close.
    """
    if hist.height < 2 or hist.item(hist.height - 1, "close") is None:
        return []
    obs = hist[["symbol", "date", "close", "source"]]
    if obs.get_column("close").has_nulls():
        obs = obs.filter(pl.col("close").is_not_null())
    if obs.height < 2:
        return []
    c = obs.get_column("close").cast(pl.Float64).to_numpy()
    dates = obs.get_column("date")
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(c[:-1] != 0, (c[1:] / c[:-1] - 1.0) * 100.0, np.nan)
    i = v.size - 1
    cur = float(v[i])
    if np.isnan(cur):
        return []
    day: dt.date = dates[i + 1]
    symbol: str = obs.item(0, "symbol")
    direction: Direction = "gain" if cur >= 0 else "decline"

    def ev(k: int) -> tuple[Evidence, ...]:   # the closes of change k: rows k and k + 1
        return tuple(Evidence(symbol, dates[r], "close", float(c[r]), obs.item(r, "source"))
                     for r in (k, k + 1))

    pobj = Period(kind="day", start=dates[i], end=day, label=day.isoformat())
    cur_ev = ev(i)
    common: dict[str, Any] = {"direction": direction, "period_key": day.isoformat(),
                              "previous_date": dates[i], "complete": True}
    facts = [Fact(symbol, Metric.RANK, pobj, rank_of(v, i, direction=direction), "rank", day,
                  contexts.Rank(**common, of=int(np.count_nonzero(~np.isnan(v))),
                                order="best" if direction == "gain" else "worst",
                                first_period=dates[1].isoformat()), cur_ev)]
    j = largest_since(v, i, direction=direction)
    if j is None:
        since: dict[str, Any] = {"since_period": None, "since_value": None, "since_label": None,
                                 "on_record": True, "first_period": dates[1].isoformat(),
                                 "of": int(np.count_nonzero(~np.isnan(v)))}
        evs = cur_ev
    else:
        d_since: dt.date = dates[j + 1]
        since = {"since_period": d_since.isoformat(), "since_value": float(v[j]),
                 "since_label": d_since.isoformat(), "on_record": False,
                 "since_previous_date": dates[j], "periods_between": i - j - 1}
        evs = cur_ev + ev(j)
    facts.append(Fact(symbol, Metric.LARGEST_SINCE, pobj, cur, "pct", day,
                      contexts.LargestSince(**common, **since), evs))
    return facts


def window_rank_fact(bars: pl.DataFrame, as_of: dt.date, first_year: int,
                     order: Literal["best", "worst"] = "best",
                     period: Literal["month", "year"] = "year") -> Fact | None:
    """RANK of the calendar year (or month) containing ``as_of`` among those from ``first_year``
    on: "2019 was the second-best year of the decade" (``first_year`` 2010). ``order="best"``
    ranks by return from the highest, ``"worst"`` from the lowest; ties share a rank (the tie rule
    of this module). The running period's to-date return counts as its own.

    ``value``: the rank (1 = best / worst). Context :class:`~.contexts.Rank` (``of``: the periods
    compared, ``first_period``: the first of them). None when the period has no return or
    ``first_year`` is before the data's first complete period."""
    i_day = last_row_on_or_before(bars, as_of)
    if i_day is None:
        return None
    day: dt.date = bars.item(i_day, "date")
    hist = history_to(bars, day)
    table = monthly_returns(hist) if period == "month" else yearly_returns(hist)
    if table.height == 0 or table.item(table.height - 1, "end_date") != day or \
            int(table.item(0, "year")) > first_year:
        return None
    table = table.filter(pl.col("year") >= first_year)
    v = table.get_column("return_pct").to_numpy()
    i = table.height - 1
    years = table.get_column("year").to_list()
    months = table.get_column("month").to_list() if period == "month" else [None] * table.height
    direction: Direction = "gain" if order == "best" else "decline"
    pobj = Period(kind=period, start=table.item(i, "start_date"), end=day,
                  label=_label(years[i], months[i]), month=months[i])
    ctx = contexts.Rank(direction=direction, period_key=_key(years[i], months[i]),
                        complete=bool(table.item(i, "complete")), of=int(v.size), order=order,
                        first_period=_key(years[0], months[0]))
    symbol = str(bars.item(i_day, "symbol"))
    return Fact(symbol, Metric.RANK, pobj, rank_of(v, i, direction=direction), "rank", day, ctx,
                _row_ev(table, i, symbol))


def rank_facts_from_table(table: pl.DataFrame, day: dt.date, symbol: str,
                          period: Literal["month", "year"] = "month") -> list[Fact]:
    """:func:`rank_facts` from a ready :func:`~.tables.monthly_returns` (``period="month"``) or
    :func:`~.tables.yearly_returns` table of ``symbol``'s bars up to ``day``, the as-of bar's
    date (so a caller that needs the table for other facts builds it once)."""
    if table.height == 0 or table.item(table.height - 1, "end_date") != day:
        return []
    v = table.get_column("return_pct").to_numpy()
    years = table.get_column("year").to_list()
    months = table.get_column("month").to_list() if period == "month" else [None] * table.height
    i = table.height - 1
    cur = float(v[i])
    direction: Direction = "gain" if cur >= 0 else "decline"
    pobj = Period(kind=period, start=table.item(i, "start_date"), end=day,
                  label=_label(years[i], months[i]), month=months[i])
    cur_ev = _row_ev(table, i, symbol)
    common: dict[str, Any] = {"direction": direction, "period_key": _key(years[i], months[i]),
                              "complete": bool(table.item(i, "complete"))}
    facts = [Fact(symbol, Metric.RANK, pobj, rank_of(v, i, direction=direction), "rank", day,
                  contexts.Rank(**common, of=int(v.size),
                                order="best" if direction == "gain" else "worst",
                                first_period=_key(years[0], months[0])), cur_ev)]
    j = largest_since(v, i, direction=direction)
    if j is None:
        since: dict[str, Any] = {"since_period": None, "since_value": None, "since_label": None,
                                 "on_record": True, "first_period": _key(years[0], months[0])}
        ev = cur_ev
    else:
        since = {"since_period": _key(years[j], months[j]), "since_value": float(v[j]),
                 "since_label": _label(years[j], months[j]), "on_record": False,
                 "periods_between": i - j - 1}
        ev = cur_ev + _row_ev(table, j, symbol)
    facts.append(Fact(symbol, Metric.LARGEST_SINCE, pobj, cur, "pct", day,
                      contexts.LargestSince(**common, **since), ev))
    if period == "month":
        same = np.flatnonzero(table.get_column("year").to_numpy()[:i] == years[i])
        rank_in_year = rank_of(v[np.append(same, i)], int(same.size), direction=direction)
        ev = cur_ev
        best: contexts.PreviousBest | None = None
        if same.size:
            sv = v[same] if direction == "gain" else -v[same]
            b = int(same[int(np.argmax(sv))])
            best = contexts.PreviousBest(period=_key(years[b], months[b]), value=float(v[b]),
                                         label=_label(years[b], months[b]))
            ev = cur_ev + _row_ev(table, b, symbol)
        facts.append(Fact(symbol, Metric.LARGEST_OF_YEAR, pobj, cur, "pct", day,
                          contexts.LargestOfYear(**common, year=years[i], of=int(same.size) + 1,
                                                 rank_in_year=rank_in_year,
                                                 is_largest=rank_in_year == 1,
                                                 previous_best=best), ev))
    return facts


def year_month_rank_fact(monthly: pl.DataFrame, day: dt.date, symbol: str, year: int,
                         month: int) -> Fact | None:
    """YEAR_MONTH_RANK: the return of calendar month ``year-month`` ranked among the complete
    months of ``year`` in a :func:`~.tables.monthly_returns` table of bars up to ``day``: "in
    2010, September was the best month of the year". Ranks use :func:`rank_of` (ties share
    the better rank), both among the whole year's months and among those up to the month.

    ``value``: the month's return in percent. Context: :class:`~.contexts.YearMonthRank`.
    Evidence: the month's two closes and those of the year's best and worst months. None when
    the month is not complete in the table."""
    rows = monthly.filter((pl.col("year") == year) & pl.col("complete")
                          & pl.col("return_pct").is_not_null()).sort("month")
    months = rows.get_column("month").to_list()
    if month not in months:
        return None
    v = rows.get_column("return_pct").cast(pl.Float64).to_numpy()
    i = months.index(month)
    order = sorted(range(len(months)), key=lambda k: -v[k])
    ctx = contexts.YearMonthRank(
        year=year, month=month, rank_best=rank_of(v, i), rank_worst=rank_of(v, i,
                                                                            direction="decline"),
        of=len(months), rank_best_to_date=rank_of(v[: i + 1], i),
        rank_worst_to_date=rank_of(v[: i + 1], i, direction="decline"),
        complete_year=len(months) == 12,
        ranked=tuple((_key(year, months[k]), float(v[k])) for k in order))
    cited = sorted({i, order[0], order[-1]})
    ev = tuple(e for k in cited for e in _row_ev(rows, k, symbol))
    period = Period(kind="month", start=rows.item(i, "start_date"), end=rows.item(i, "end_date"),
                    label=_label(year, month), month=month)
    return Fact(symbol, Metric.YEAR_MONTH_RANK, period, float(v[i]), "pct", day, ctx, ev)

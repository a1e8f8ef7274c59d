"""Whole-history tables of calendar-month and calendar-year returns.

Each month's return is the ratio of its last close to the previous calendar month's last close,
minus one, in percent (the same rule as :func:`marketdesk.facts.periods.month_return`). Rules:

- The first partial month (history starting mid-month: no previous month-end close) is left out.
- A month with no data has no row (never 0 %), and neither does the month after it (its base would
  not be the previous month's last close).
- The last row is the running month when the history ends mid-month (its MTD); ``complete`` says so.
- Years likewise.

``start_date`` is the base observation's date (previous period's last close), as in ``Period``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from .evidence import days_of
from .series import float_values

__all__ = ["TABLE_COLUMNS", "extremes_long", "latest_rank_long", "monthly_returns",
           "monthly_returns_long", "yearly_returns"]

TABLE_COLUMNS = ["year", "month", "start_date", "end_date", "base_close", "end_close",
                 "return_pct"]


def _period_index(dates: pl.Series, monthly: bool) -> np.ndarray:
    """year * 12 + month - 1 (months) or the year (years) of each date, as int64."""
    if dates.len() < 500_000:     # numpy's calendar casts beat a polars query on one series
        days = days_of(dates).astype("datetime64[D]")
        if monthly:
            return days.astype("datetime64[M]").astype(np.int64) + 1970 * 12
        return days.astype("datetime64[Y]").astype(np.int64) + 1970
    d = pl.col(dates.name)
    k = d.dt.year().cast(pl.Int64) * 12 + d.dt.month().cast(pl.Int64) - 1 if monthly \
        else d.dt.year().cast(pl.Int64)
    return dates.to_frame().select(k).to_series().to_numpy()


def _new_group(bars: pl.DataFrame, key: str) -> np.ndarray:
    """True on the first row of each run of equal ``key`` values."""
    rid = bars.get_column(key).rle_id().to_numpy()
    new = np.empty(rid.size, dtype=bool)
    new[:1] = True
    new[1:] = rid[1:] != rid[:-1]
    return new


def _month_index(days: np.ndarray) -> np.ndarray:
    """year * 12 + month - 1 of int64 day numbers, through a table of the days spanned (a gather
    instead of a calendar cast per row)."""
    if days.size == 0:
        return days.astype(np.int64)
    lo, hi = int(days.min()), int(days.max())
    span = np.arange(lo, hi + 1, dtype=np.int64).astype("datetime64[D]")
    table = span.astype("datetime64[M]").astype(np.int64) + 1970 * 12
    return table[days - lo]


def _period_table_sorted(bars: pl.DataFrame, column: str, monthly: bool,
                         group_keys: list[str], *, k: np.ndarray | None = None,
                         new_group: np.ndarray | None = None,
                         values: np.ndarray | None = None) -> pl.DataFrame:
    """:func:`_period_table` for bars already sorted by (group_keys, date) without null closes.

    The periods are contiguous runs of rows, so each period's last row and its predecessor are
    found with numpy (no group-by).
    """
    n = bars.height
    if k is None:
        k = _period_index(bars.get_column("date"), monthly)
    brk = np.empty(n, dtype=bool)             # True on the last row of each period
    brk[-1] = True
    brk[:-1] = k[1:] != k[:-1]
    same_group = np.ones(n, dtype=bool)       # row i belongs to the same series as row i - 1
    if group_keys:
        if new_group is None:
            new_group = _new_group(bars, group_keys[0])
        same_group = ~new_group
        brk[:-1] |= new_group[1:]
    last = np.flatnonzero(brk)
    kl = k[last]
    grp_start = np.ones(last.size, dtype=bool)    # first period of its series
    if last.size > 1:
        # the period after `last[j-1]` starts at row last[j-1] + 1
        grp_start[1:] = ~same_group[last[:-1] + 1]
    gid = np.cumsum(grp_start) - 1
    kmax = np.maximum.reduceat(kl, np.flatnonzero(grp_start)) if last.size else kl
    prev = np.empty(last.size, dtype=np.int64)
    prev[1:] = last[:-1]
    prev[:1] = 0
    gap = np.zeros(last.size, dtype=np.int64)
    gap[1:] = kl[1:] - kl[:-1]
    close = bars.get_column(column).to_numpy() if values is None else values
    keep = ~grp_start & (gap == 1) & (close[prev] != 0)
    ends, bases = last[keep], prev[keep]
    end_close, base_close = close[ends], close[bases]
    year = kl[keep] // 12 if monthly else kl[keep]
    cols: dict[str, pl.Series] = {}
    if group_keys and new_group is not None:
        # the first key is its series' (runs of it are the series): each series' key once, at
        # its first row, then one per period by series number (a gather from a few rows, not
        # from the whole column)
        series_key = bars.get_column(group_keys[0])[np.flatnonzero(new_group)]
        cols[group_keys[0]] = series_key[gid[keep]]
        for g in group_keys[1:]:
            cols[g] = bars.get_column(g)[ends]
    cols["year"] = pl.Series("year", year, dtype=pl.Int32)
    if monthly:
        cols["month"] = pl.Series("month", kl[keep] % 12 + 1, dtype=pl.Int32)
    cols["start_date"] = bars.get_column("date")[bases].alias("start_date")
    cols["end_date"] = bars.get_column("date")[ends].alias("end_date")
    cols["base_close"] = pl.Series("base_close", base_close, dtype=pl.Float64)
    cols["end_close"] = pl.Series("end_close", end_close, dtype=pl.Float64)
    cols["return_pct"] = pl.Series("return_pct", (end_close / base_close - 1.0) * 100.0,
                                   dtype=pl.Float64)
    for name, take in (("base_source", bases), ("end_source", ends)):
        cols[name] = (bars.get_column("source")[take].alias(name)
                      if "source" in bars.columns
                      else pl.repeat(None, ends.size, dtype=pl.Utf8, eager=True).alias(name))
    cols["complete"] = pl.Series("complete", kl[keep] != kmax[gid[keep]], dtype=pl.Boolean)
    return pl.DataFrame(cols)


def _period_table(bars: pl.DataFrame, column: str, by: list[str], *,
                  group_keys: list[str]) -> pl.DataFrame:
    """Last observation per (group_keys + by) period, with the previous period's last as base."""
    obs = bars.filter(pl.col(column).is_not_null()) if bars.get_column(column).has_nulls() \
        else bars
    if obs.height and _is_sorted(obs, group_keys):
        return _period_table_sorted(obs, column, "month" in by, group_keys)
    idx = pl.col("year") * 12 + pl.col("month") - 1 if "month" in by else pl.col("year")
    rows = (
        bars.filter(pl.col(column).is_not_null())
        .sort([*group_keys, "date"])
        .with_columns(pl.col("date").dt.year().alias("year"),
                      pl.col("date").dt.month().cast(pl.Int32).alias("month"))
        .group_by([*group_keys, *by], maintain_order=True)
        .agg(pl.col("date").last().alias("end_date"),
             pl.col(column).last().alias("end_close"),
             pl.col("source").last().alias("end_source"))
        .with_columns(idx.alias("_k"))
    )
    over = group_keys or None

    def prev(e: pl.Expr) -> pl.Expr:
        return e.shift(1).over(over) if over else e.shift(1)

    out = rows.with_columns(
        prev(pl.col("end_date")).alias("start_date"),
        prev(pl.col("end_close")).alias("base_close"),
        prev(pl.col("end_source")).alias("base_source"),
        (pl.col("_k") - prev(pl.col("_k"))).alias("_gap"),
        (pl.col("_k") == pl.col("_k").max().over(over) if over
         else pl.col("_k") == pl.col("_k").max()).not_().alias("complete"),
    ).filter((pl.col("_gap") == 1) & (pl.col("base_close") != 0))
    out = out.with_columns(((pl.col("end_close") / pl.col("base_close") - 1.0) * 100.0)
                           .alias("return_pct"))
    cols = [*group_keys, *(c for c in TABLE_COLUMNS if c in by or c not in ("year", "month")),
            "base_source", "end_source", "complete"]
    if "month" not in by:
        cols = [c for c in cols if c != "month"]
    return out.select(cols)


def _is_sorted(bars: pl.DataFrame, group_keys: list[str]) -> bool:
    """Rows in (group_key, date) order with non-null keys and dates strictly increasing within
    each series (so the order is the one a sort would give, with no ties)."""
    dates = bars.get_column("date")
    if len(group_keys) > 1 or dates.has_nulls() or any(
            bars.get_column(g).has_nulls() for g in group_keys):
        return False
    days = days_of(dates)
    up = days[1:] > days[:-1]
    if not group_keys:
        return bool(up.all())
    if not bars.get_column(group_keys[0]).is_sorted():
        return False
    return bool(np.all(up | _new_group(bars, group_keys[0])[1:]))


def monthly_returns(bars: pl.DataFrame, *, column: str = "close") -> pl.DataFrame:
    """Calendar-month returns of one symbol's bars, in percent, one row per month with a base.

    Columns: year, month, start_date (base date: previous month's last close), end_date,
    base_close, end_close, return_pct, base_source, end_source, complete (False for a running
    last month). ``column="adj_close"`` gives total returns from adjusted closes.
    """
    return _period_table(bars, column, ["year", "month"], group_keys=[])


def yearly_returns(bars: pl.DataFrame, *, column: str = "close") -> pl.DataFrame:
    """Calendar-year returns (previous year's last close to this year's last close), in percent.

    Columns as :func:`monthly_returns` without ``month``; a first partial year is left out.
    """
    return _period_table(bars, column, ["year"], group_keys=[])


def monthly_returns_long(long_bars: pl.DataFrame | None = None, *, column: str = "close",
                         segments: Any = None) -> pl.DataFrame:
    """:func:`monthly_returns` for many symbols at once (bars of a universe, any order).

    One vectorized pass grouped by ``symbol``; the first column is ``symbol``. ``segments``:
    the input prepared once (:func:`~.segments.segments_long`; sources are null when its rows
    carry no ``source`` column).
    """
    if segments is not None:
        if segments.size == 0:
            return _period_table(segments.rows.with_columns(
                pl.lit(None, dtype=pl.Utf8).alias("source")), column, ["year", "month"],
                group_keys=["symbol"])
        return _period_table_sorted(segments.rows, segments.column, True, ["symbol"],
                                    k=_month_index(segments.days), new_group=segments.new,
                                    values=segments.values)
    if long_bars is None:
        raise TypeError("pass the long frame or segments=")
    return _period_table(long_bars, column, ["year", "month"], group_keys=["symbol"])


# ------------------------------------------------------------- universe (long-frame) figures --

def _table_groups(table: pl.DataFrame, key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first row, last row, group id per row) of the contiguous ``key`` runs of a long table."""
    new = _new_group(table, key) if table.height else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:] - 1, table.height - 1) if starts.size else starts
    return starts, ends, np.cumsum(new) - 1


def extremes_long(table: pl.DataFrame, *, value: str = "return_pct",
                  key: str = "symbol") -> pl.DataFrame:
    """Best and worst period of every ``key`` in a long returns table
    (:func:`monthly_returns_long` or the like; rows of one key contiguous, in time order).

    Columns: ``key, best_pct, best_row, worst_pct, worst_row`` (row indices into ``table``; the
    earliest of exactly equal values). Null values are skipped; a key with none has nulls.
    """
    starts, ends, gid = _table_groups(table, key)
    n = table.height
    v = float_values(table.get_column(value).cast(pl.Float64))
    nan = np.isnan(v)
    if starts.size == 0:
        return pl.DataFrame(schema={key: table.schema.get(key, pl.Utf8), "best_pct": pl.Float64,
                                    "best_row": pl.Int64, "worst_pct": pl.Float64,
                                    "worst_row": pl.Int64})
    hi = np.maximum.reduceat(np.where(nan, -np.inf, v), starts)
    lo = np.minimum.reduceat(np.where(nan, np.inf, v), starts)
    idx = np.arange(n)
    best = np.minimum.reduceat(np.where(~nan & (v == hi[gid]), idx, n), starts)
    worst = np.minimum.reduceat(np.where(~nan & (v == lo[gid]), idx, n), starts)
    some = pl.Series(best < n)
    none_f = pl.Series([None] * starts.size, dtype=pl.Float64)
    none_i = pl.Series([None] * starts.size, dtype=pl.Int64)
    return pl.DataFrame({
        key: table.get_column(key)[starts],
        "best_pct": pl.Series(hi, dtype=pl.Float64).zip_with(some, none_f),
        "best_row": pl.Series(best, dtype=pl.Int64).zip_with(some, none_i),
        "worst_pct": pl.Series(lo, dtype=pl.Float64).zip_with(some, none_f),
        "worst_row": pl.Series(worst, dtype=pl.Int64).zip_with(some, none_i),
    })


def latest_rank_long(table: pl.DataFrame, *, value: str = "return_pct",
                     key: str = "symbol") -> pl.DataFrame:
    """Rank of every ``key``'s last row among all its rows, as RANK of
    :func:`~.ranks.rank_facts` gives it for the latest period: a gain ranks among the best
    (1 = the largest), a decline among the worst (1 = the deepest), and ``1 + the number of
    rows strictly better`` under the tie rule of :mod:`.ranks` (so ties share a rank).

    Columns: ``key, row`` (the last row's index in ``table``), ``value`` (its value),
    ``direction`` ("gain"/"decline"), ``rank`` and ``of`` (rows of the key).
    """
    from .ranks import tie_slack

    starts, ends, gid = _table_groups(table, key)
    v = float_values(table.get_column(value).cast(pl.Float64))
    if starts.size == 0:
        return pl.DataFrame(schema={key: table.schema.get(key, pl.Utf8), "row": pl.Int64,
                                    "value": pl.Float64, "direction": pl.Utf8,
                                    "rank": pl.Int64, "of": pl.Int64})
    cur = v[ends]
    gain = ~(cur < 0)
    sign = np.where(gain, 1.0, -1.0)
    x = (sign * cur)[gid]
    w = sign[gid] * v
    better = w > x + tie_slack(x)
    rank = 1 + np.add.reduceat(better.astype(np.int64), starts)
    return pl.DataFrame({
        key: table.get_column(key)[ends],
        "row": pl.Series(ends, dtype=pl.Int64),
        "value": pl.Series(values=cur, dtype=pl.Float64, nan_to_null=True),
        "direction": pl.Series(np.where(gain, "gain", "decline")),
        "rank": pl.Series(rank, dtype=pl.Int64),
        "of": pl.Series(ends - starts + 1, dtype=pl.Int64),
    })

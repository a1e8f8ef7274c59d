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

import polars as pl

__all__ = ["TABLE_COLUMNS", "monthly_returns", "monthly_returns_long", "yearly_returns"]

TABLE_COLUMNS = ["year", "month", "start_date", "end_date", "base_close", "end_close",
                 "return_pct"]


def _period_table(bars: pl.DataFrame, column: str, by: list[str], *,
                  group_keys: list[str]) -> pl.DataFrame:
    """Last observation per (group_keys + by) period, with the previous period's last as base."""
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


def monthly_returns_long(long_bars: pl.DataFrame, *, column: str = "close") -> pl.DataFrame:
    """:func:`monthly_returns` for many symbols at once (bars of a universe, any order).

    One vectorized pass grouped by ``symbol``; the first column is ``symbol``.
    """
    return _period_table(long_bars, column, ["year", "month"], group_keys=["symbol"])

"""Treasury yield facts: level, change in basis points, and "largest change since".

Inputs are canonical bars of ONE yield series (``DGS10``, ``DGS2``): ``close`` is the yield in
**percent** (``4.27`` means 4.27 %); open/high/low are null. FRED leaves out days without a value
(Veterans Day, Columbus Day, ...), so "the previous observation" may be more than one session back;
every change here is against the previous *observation*, and the Fact's context names its date.

Conventions:

- 1 bp = 0.01 percentage point, so ``change_bp = 100 * (y1 - y0)``. FRED yields have two decimals,
  so every change is an exact multiple of 1 bp; float noise (``(4.27 - 4.41) * 100 =
  -14.000000000000057``) is removed by rounding to 6 decimals, which keeps any genuinely
  finer-grained input (3-decimal wire yields) intact. Ties are then decided by exact comparison.
- A period change (MTD, YTD) uses as base the last observation *before* the period (the last
  observation of the previous month / year) and ends at the as-of observation, i.e. the last
  observation on or before ``as_of``. The period is the one that contains that observation.
- ``Fact.as_of`` is the as-of observation's date (the last on or before the date asked), as
  everywhere in the facts layer: the session the fact is computed at.
- "Largest decline since D": D is the most recent earlier day (or earlier complete month / year)
  whose change was at least as negative as the current one; "largest rise since D" mirrors it.
  "At least as" uses the one tie rule of :mod:`marketdesk.facts.ranks` (``TIE_RTOL``), which on
  whole-bp changes amounts to exact comparison.
  ``since`` is None when no earlier change was as large (largest on record). An unchanged yield has
  no "largest since" (the functions return None).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

import numpy as np
import polars as pl

from . import contexts
from ..errors import NoDataError
from .evidence import days_of, evidence, history_to, rows_on
from .model import Evidence, Fact, Metric, Period
from .ranks import largest_since

YieldPeriod = Literal["day", "mtd", "ytd"]

#: Decimals kept when converting a percentage-point change to basis points (removes float noise).
BP_DECIMALS: int = 6

_PERIOD_LABEL = {"day": "day", "mtd": "MTD", "ytd": "YTD"}


def _observations(bars: pl.DataFrame) -> pl.DataFrame:
    """date, yield_pct, source, symbol: the non-null yield observations, sorted by date."""
    close, dates = bars.get_column("close"), bars.get_column("date")
    if close.has_nulls() or dates.has_nulls() or not dates.is_sorted():
        return (bars.filter(pl.col("close").is_not_null())
                .select("symbol", "date", pl.col("close").alias("yield_pct"), "source")
                .sort("date"))
    days = days_of(dates)
    if days.size > 1 and not bool(np.all(days[1:] > days[:-1])):   # equal dates: sort's order
        return bars.select("symbol", "date", pl.col("close").alias("yield_pct"),
                           "source").sort("date")
    # already the observations in date order (the canonical bars): the columns, no query
    return pl.DataFrame([bars.get_column("symbol"), dates, close.alias("yield_pct"),
                         bars.get_column("source")])


def _upto(bars: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The bars with a yield on or before ``as_of`` (canonical columns); NoDataError if none."""
    out = history_to(bars, as_of)
    if out.get_column("close").has_nulls():
        out = out.filter(pl.col("close").is_not_null())
    if out.is_empty():
        sym = bars["symbol"][0] if bars.height else "?"
        raise NoDataError(f"{sym}: no yield observation on or before {as_of.isoformat()}.")
    return out


def _bp(new: pl.Expr, old: pl.Expr) -> pl.Expr:
    return ((new - old) * 100.0).round(BP_DECIMALS)


def _cite(bars: pl.DataFrame, *dates: dt.date) -> tuple[Evidence, ...]:
    """Evidence: the yield (``close``) of ``bars`` on each of ``dates``, in date order."""
    return evidence(rows_on(bars, dates), "close")


def _day_changes(obs: pl.DataFrame) -> pl.LazyFrame:
    """The query of :func:`yield_changes` over :func:`_observations` rows."""
    return obs.lazy().select(
        "date", "yield_pct",
        pl.col("date").shift(1).alias("prev_date"),
        pl.col("yield_pct").shift(1).alias("prev_yield_pct"),
        _bp(pl.col("yield_pct"), pl.col("yield_pct").shift(1)).alias("change_bp"),
    )


def _period_changes(obs: pl.DataFrame, period: Literal["month", "year"]) -> pl.LazyFrame:
    """The query of :func:`period_changes_bp` over :func:`_observations` rows."""
    every = "1mo" if period == "month" else "1y"
    last = (obs.lazy().with_columns(pl.col("date").dt.truncate(every).alias("period"))
            .group_by("period", maintain_order=True)
            .agg(pl.col("date").last(), pl.col("yield_pct").last()))
    return last.select(
        "period", "date", "yield_pct",
        pl.col("date").shift(1).alias("base_date"),
        pl.col("yield_pct").shift(1).alias("base_yield_pct"),
        _bp(pl.col("yield_pct"), pl.col("yield_pct").shift(1)).alias("change_bp"),
    )


def yield_changes(bars: pl.DataFrame) -> pl.DataFrame:
    """One row per observation: ``date, yield_pct, prev_date, prev_yield_pct, change_bp``.

    ``change_bp`` is against the previous observation (null on the first row), in basis points
    rounded to :data:`BP_DECIMALS` decimals.
    """
    return _day_changes(_observations(bars)).collect()


def period_changes_bp(bars: pl.DataFrame, period: Literal["month", "year"]) -> pl.DataFrame:
    """One row per calendar month or year with data: ``period, date, yield_pct, base_date,
    base_yield_pct, change_bp``.

    ``date`` is the period's last observation, ``base_date`` the last observation before the period
    (null for the first period in the data, whose change is then null). The last row may be a
    partial period.
    """
    return _period_changes(_observations(bars), period).collect()


def yield_level(bars: pl.DataFrame, as_of: dt.date) -> Fact:
    """YIELD_LEVEL: the last observation on or before ``as_of``, in percent (unit ``yield_pct``)."""
    sub = _upto(bars, as_of)
    row = _observations(sub).row(-1, named=True)
    return Fact(
        subject=row["symbol"], metric=Metric.YIELD_LEVEL,
        period=Period(kind="day", end=row["date"], label="day"),
        value=float(row["yield_pct"]), unit="yield_pct", as_of=row["date"],
        context=contexts.YieldLevel(date=row["date"]),
        evidence=_cite(sub, row["date"]),
    )


def change_table(bars: pl.DataFrame, as_of: dt.date, period: YieldPeriod) -> pl.DataFrame:
    """The comparable changes up to ``as_of``, one row each; the last row is the current one.

    Columns: date, yield_pct, base_date, base_yield_pct, change_bp. For ``day``: every
    observation against the previous one; for ``mtd``/``ytd``: months / years (earlier rows
    complete). :func:`yield_change` and :func:`largest_change_since` read their figures from it
    (``table=``: one table for both). NoDataError without an observation up to ``as_of``.
    """
    obs = _observations(_upto(bars, as_of))
    if period == "day":       # the frame of yield_changes / period_changes_bp, in one query
        return _day_changes(obs).rename({"prev_date": "base_date",
                                         "prev_yield_pct": "base_yield_pct"}).collect()
    return _period_changes(obs, "month" if period == "mtd" else "year").drop("period").collect()


def _period(period: YieldPeriod, base: dt.date | None, end: dt.date) -> Period:
    return Period(kind=period, end=end, start=base, label=_PERIOD_LABEL[period])


def yield_change(bars: pl.DataFrame, as_of: dt.date, period: YieldPeriod = "day", *,
                 table: pl.DataFrame | None = None) -> Fact:
    """YIELD_CHANGE_BP: change in basis points over the day (vs the previous observation), MTD or
    YTD (vs the last observation before the month / year).

    Context: ``previous_date`` / ``previous_value`` (the base observation, which for FRED may skip a
    holiday), ``date`` / ``value`` (the as-of observation). Raises NoDataError without a base.
    ``table``: :func:`change_table` of the same ``bars``, ``as_of`` and ``period``, when the
    caller has it.
    """
    ch = change_table(bars, as_of, period) if table is None else table
    row = ch.row(-1, named=True)
    symbol = bars["symbol"][0]
    if row["base_date"] is None:
        raise NoDataError(f"{symbol}: no observation before {row['date']} to compute a "
                          f"{_PERIOD_LABEL[period]} change from.")
    return Fact(
        subject=symbol, metric=Metric.YIELD_CHANGE_BP,
        period=_period(period, row["base_date"], row["date"]),
        value=float(row["change_bp"]), unit="bp", as_of=row["date"],
        context=contexts.YieldChange(previous_date=row["base_date"],
                                     previous_value=row["base_yield_pct"], date=row["date"],
                                     value=row["yield_pct"],
                                     change_pp=round(row["change_bp"] / 100.0, BP_DECIMALS)),
        evidence=_cite(bars, row["base_date"], row["date"]),
    )


def largest_change_since(bars: pl.DataFrame, as_of: dt.date, period: YieldPeriod = "day", *,
                         table: pl.DataFrame | None = None) -> Fact | None:
    """LARGEST_SINCE for a yield change: "its largest one-day decline since Aug. 2".

    ``value`` is the current change in bp. For ``period="day"`` earlier candidates are all earlier
    one-day changes; for ``mtd`` / ``ytd`` they are the changes of earlier *complete* months /
    years. Context: ``{"of": "yield_change_bp", "period", "direction": "rise"|"decline", "since":
    date | None, "since_value": bp | None}``; ``since`` None means largest on record (within the
    data). Returns None when the yield is unchanged. ``table``: as for :func:`yield_change`.
    """
    ch = change_table(bars, as_of, period) if table is None else table
    row = ch.row(-1, named=True)
    symbol = bars["symbol"][0]
    if row["change_bp"] is None or row["change_bp"] == 0:
        return None
    values = ch.get_column("change_bp").to_numpy()      # a null (the first row) reads as NaN
    i = largest_since(values, ch.height - 1,
                      direction="decline" if row["change_bp"] < 0 else "gain")
    context = contexts.YieldLargestSince(
        of=Metric.YIELD_CHANGE_BP.value, period=period,
        direction="decline" if row["change_bp"] < 0 else "rise",
        since=None, since_value=None, previous_date=row["base_date"], date=row["date"])
    cited = [row["base_date"], row["date"]]
    if i is not None:
        hit = ch.row(i, named=True)
        context = dataclasses.replace(context, since=hit["date"],
                                      since_value=float(hit["change_bp"]),
                                      since_previous_date=hit["base_date"])
        cited += [hit["base_date"], hit["date"]]
    return Fact(
        subject=symbol, metric=Metric.LARGEST_SINCE,
        period=_period(period, row["base_date"], row["date"]),
        value=float(row["change_bp"]), unit="bp", as_of=row["date"],
        context=context, evidence=_cite(bars, *cited),
    )


__all__ = [
    "BP_DECIMALS", "YieldPeriod", "change_table", "yield_changes", "period_changes_bp",
    "yield_level", "yield_change", "largest_change_since",
]

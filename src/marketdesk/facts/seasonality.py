"""Seasonality: how each calendar month has done across years.

Built on :func:`marketdesk.facts.tables.monthly_returns` (ratio of month-end closes, in percent), so
a partial first month is left out and a month without data is missing, never 0 %. Only complete
months count: the running month at the as-of date is excluded. ``years=(1987, 2023)`` keeps the
months of those calendar years, both inclusive (for ^RUT, whose history starts 1987-09-10, the first
December is December 1987, based on the 1987-11-30 close).

Per calendar month: ``n`` years, ``average`` (arithmetic mean of the monthly returns), ``median``,
``pct_up`` (percent of years with a return > 0), best and worst year, and ``rank`` of the average
among the 12 months (1 = best; ties broken by calendar order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from . import contexts
from .evidence import history_to, last_row_on_or_before
from .model import Evidence, Fact, Metric, Period
from .periods import MONTH_NAMES
from .tables import monthly_returns

__all__ = ["seasonal_facts", "seasonal_facts_from_table", "seasonal_table", "year_span_label",
           "same_month_largest_since", "seasonal_tally_fact"]


def year_span_label(first: int, last: int) -> str:
    """``"1987–2023"`` (en dash), or ``"2023"`` for one year."""
    return str(first) if first == last else f"{first}\u2013{last}"


def seasonal_table(monthly: pl.DataFrame, *, years: tuple[int, int] | None = None,
                   complete_only: bool = True) -> pl.DataFrame:
    """Per-calendar-month statistics of a :func:`monthly_returns` table, sorted by month.

    Columns: month, n, first_year, last_year, average, median, pct_up, pct_down (an unchanged
    month is neither), best, best_year, worst, worst_year, rank. ``years`` bounds the calendar years used (inclusive).
    """
    m = monthly
    if complete_only and "complete" in m.columns:
        m = m.filter(pl.col("complete"))
    if years is not None:
        m = m.filter(pl.col("year").is_between(years[0], years[1]))
    r = pl.col("return_pct")
    table = (
        m.group_by("month")
        .agg(pl.len().alias("n"), pl.col("year").min().alias("first_year"),
             pl.col("year").max().alias("last_year"), r.mean().alias("average"),
             r.median().alias("median"), ((r > 0).mean() * 100.0).alias("pct_up"),
             ((r < 0).mean() * 100.0).alias("pct_down"),
             r.max().alias("best"), pl.col("year").get(r.arg_max()).alias("best_year"),
             r.min().alias("worst"), pl.col("year").get(r.arg_min()).alias("worst_year"))
        .sort("month")
    )
    return table.with_columns(pl.col("average").rank("ordinal", descending=True)
                              .cast(pl.Int64).alias("rank"))


def _base_end_evidence(symbol: str, rows: pl.DataFrame) -> tuple[Evidence, ...]:
    """Each row's base and end close as evidence, in date order (base before end on a tie, as
    a stable sort of the bases followed by the ends gives)."""
    cites = []
    for d, c, s in (("start_date", "base_close", "base_source"),
                    ("end_date", "end_close", "end_source")):
        cites += zip(rows.get_column(d).to_list(), rows.get_column(c).to_list(),
                     rows.get_column(s).to_list())
    cites.sort(key=lambda t: t[0])
    return tuple(Evidence(symbol=symbol, date=d, field="close", value=float(c), source=s)
                 for d, c, s in cites if c is not None)


def _month_facts(symbol: str, rows: pl.DataFrame, stats: dict[str, Any], day: dt.date,
                 metrics: list[tuple[Metric, str, str]], extra: dict[str, Any],
                 cited: dict[int, tuple[Evidence, ...]] | None = None) -> list[Fact]:
    month = stats["month"]
    span = year_span_label(stats["first_year"], stats["last_year"])
    period = Period(kind="seasonal_month", start=rows.item(0, "start_date"),
                    end=rows.item(rows.height - 1, "end_date"),
                    label=f"{MONTH_NAMES[month - 1]}, {span}", month=month)
    cited = {} if cited is None else cited     # one evidence tuple per calendar month
    ev = cited.get(month) or cited.setdefault(month, _base_end_evidence(symbol, rows))
    ctx: dict[str, Any] = {
        "month": month, "month_name": MONTH_NAMES[month - 1], "years": span,
        "first_year": stats["first_year"], "last_year": stats["last_year"], "n": stats["n"],
        "rank": stats["rank"], "of": extra.pop("of"), "best_month": stats["rank"] == 1,
        "pct_down": stats.get("pct_down"),
        "worst_month": extra.pop("worst_rank") == stats["rank"],
        "best": stats["best"], "best_year": stats["best_year"],
        "worst": stats["worst"], "worst_year": stats["worst_year"], **extra}
    return [Fact(symbol, metric, period, float(stats[col]), "pct", day,
                 contexts.Seasonal(**ctx, statistic=what), ev) for metric, col, what in metrics]


def seasonal_facts(bars: pl.DataFrame, as_of: dt.date, month: int, *,
                   years: tuple[int, int] | None = None) -> list[Fact]:
    """SEASONAL_AVERAGE / _MEDIAN / _PCT_UP for calendar ``month`` and SEASONAL_BEST_MONTH /
    _WORST_MONTH (value: that month's average), from complete months of history up to ``as_of``.

    Values in percent; ``context.years`` is the span actually used, e.g. ``"1987–2023"``.
    Evidence: each year's base and end close of the month concerned. ``[]`` without data.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return []
    day: dt.date = bars.item(i, "date")   # Fact.as_of: the last bar on or before as_of
    return seasonal_facts_from_table(monthly_returns(history_to(bars, day)), day,
                                     bars.item(0, "symbol"), month, years=years)


def seasonal_facts_from_table(monthly: pl.DataFrame, day: dt.date, symbol: str, month: int, *,
                              years: tuple[int, int] | None = None) -> list[Fact]:
    """:func:`seasonal_facts` from a ready :func:`~.tables.monthly_returns` table of ``symbol``'s
    bars up to ``day``, the as-of bar's date (built once by a caller that needs it elsewhere)."""
    if years is not None:
        monthly = monthly.filter(pl.col("year").is_between(years[0], years[1]))
    monthly = monthly.filter(pl.col("complete"))
    table = seasonal_table(monthly, complete_only=False)     # (complete: filtered above)
    if table.height == 0:
        return []
    of = worst_rank = table.height        # ordinal ranks run 1..height
    facts: list[Fact] = []
    cited: dict[int, tuple[Evidence, ...]] = {}
    stats_rows = table.rows(named=True)   # twelve rows at most, read once
    months = monthly.get_column("month").to_numpy()
    cite_cols = monthly[["start_date", "base_close", "base_source", "end_date", "end_close",
                         "end_source"]]
    rows_of: dict[int, pl.DataFrame] = {}

    def month_rows(m: int) -> pl.DataFrame:   # the years of calendar month m (one gather each)
        if m not in rows_of:
            rows_of[m] = cite_cols[np.flatnonzero(months == m)]
        return rows_of[m]

    this = next((r for r in stats_rows if r["month"] == month), None)
    if this is not None:
        facts += _month_facts(
            symbol, month_rows(month), this, day,
            [(Metric.SEASONAL_AVERAGE, "average", "average"),
             (Metric.SEASONAL_MEDIAN, "median", "median"),
             (Metric.SEASONAL_PCT_UP, "pct_up", "percent of years up")],
            {"of": of, "worst_rank": worst_rank}, cited)
    for metric, rank in ((Metric.SEASONAL_BEST_MONTH, 1), (Metric.SEASONAL_WORST_MONTH,
                                                           worst_rank)):
        stats = next(r for r in stats_rows if r["rank"] == rank)
        facts += _month_facts(symbol, month_rows(stats["month"]), stats,
                              day, [(metric, "average", "average")],
                              {"of": of, "worst_rank": worst_rank}, cited)
    return facts


def same_month_largest_since(bars: pl.DataFrame, as_of: dt.date, month: int) -> Fact | None:
    """LARGEST_SINCE among one calendar month across years: "its best January since 1987".

    The month is calendar ``month`` of the latest year whose month has begun by ``as_of`` (the
    running month counts to date; a month ended in the previous 45 days counts whole). Compared
    with the same month of every earlier year in the data: a gain with the most recent earlier
    month at least as large, a decline with one at least as negative (the tie rule of
    :mod:`.ranks`). Values in percent. Context: ``direction`` (gain / decline), ``on_record``
    (no earlier month as extreme), ``since_period`` (``YYYY-MM`` of that month, None on record),
    ``since_value``, ``first_period`` (the first such month in the data), ``calendar_month``.
    None when there is no such month near ``as_of``.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return None
    day: dt.date = bars.item(i, "date")
    rows = monthly_returns(history_to(bars, day)).filter(pl.col("month") == month)
    if rows.height == 0:
        return None
    last = rows.row(rows.height - 1, named=True)
    if (day - last["end_date"]).days > 45 or last["return_pct"] is None:
        return None
    cur = float(last["return_pct"])
    gain = cur >= 0
    since: dict[str, Any] | None = None
    for r in reversed(list(rows.head(rows.height - 1).iter_rows(named=True))):
        v = r["return_pct"]
        if v is not None and (v >= cur if gain else v <= cur):
            since = r
            break
    first = rows.row(0, named=True)
    symbol = str(bars.item(0, "symbol")) if "symbol" in bars.columns else ""
    ctx = contexts.SeasonalLargestSince(
        direction="gain" if gain else "decline", on_record=since is None,
        since_period=None if since is None else f"{since['year']:04d}-{month:02d}",
        since_value=None if since is None else float(since["return_pct"]),
        first_period=f"{first['year']:04d}-{month:02d}", calendar_month=month,
        granularity="month")
    cited = [last] if since is None else [since, last]
    ev = tuple(Evidence(symbol, r[d], "close", float(r[c]), str(r[s])) for r in cited
               for d, c, s in (("start_date", "base_close", "base_source"),
                               ("end_date", "end_close", "end_source")))
    period = Period(kind="seasonal_month", start=first["start_date"], end=last["end_date"],
                    label=f"{MONTH_NAMES[month - 1]}s", month=month)
    return Fact(symbol, Metric.LARGEST_SINCE, period, cur, "pct", day, ctx, ev)


def seasonal_tally_fact(monthly: pl.DataFrame, day: dt.date, symbol: str, month: int, *,
                        years: tuple[int, int] | None = None) -> Fact | None:
    """SEASONAL_TALLY: how many years calendar ``month`` fell, against every other month, from
    a :func:`~.tables.monthly_returns` table of bars up to ``day`` (complete months only;
    ``years`` bounds the calendar years, both inclusive): "September has been the only month to
    turn in a loss more often than a gain", "September is the most common losing month".

    ``value``: the years ``month`` fell (return < 0). Context: :class:`~.contexts.SeasonalTally`.
    Evidence: each year's base and end close of ``month``. None when ``month`` has no complete
    year in the span."""
    m = monthly.filter(pl.col("complete"))
    if years is not None:
        m = m.filter(pl.col("year").is_between(years[0], years[1]))
    r = pl.col("return_pct")
    table = m.group_by("month").agg(pl.len().alias("n"), (r < 0).sum().alias("down"),
                                    (r > 0).sum().alias("up"),
                                    pl.col("year").min().alias("y0"),
                                    pl.col("year").max().alias("y1")).sort("month")
    by = {int(t["month"]): t for t in table.rows(named=True)}
    this = by.get(month)
    if this is None:
        return None
    downs = {k: int(t["down"]) for k, t in by.items()}
    most = max(downs.values())
    ctx = contexts.SeasonalTally(
        month=month, month_name=MONTH_NAMES[month - 1], first_year=int(this["y0"]),
        last_year=int(this["y1"]), n=int(this["n"]), down=downs[month], up=int(this["up"]),
        down_rank=1 + sum(v > downs[month] for v in downs.values()),
        most_down_months=tuple(k for k, v in downs.items() if v == most),
        losing_months=tuple(k for k, t in by.items() if int(t["down"]) > int(t["up"])),
        down_by_month=tuple(sorted(downs.items())))
    rows = m.filter(pl.col("month") == month)
    period = Period(kind="seasonal_month", start=rows.item(0, "start_date"),
                    end=rows.item(rows.height - 1, "end_date"),
                    label=f"{MONTH_NAMES[month - 1]}, "
                          f"{year_span_label(ctx.first_year, ctx.last_year)}", month=month)
    return Fact(symbol, Metric.SEASONAL_TALLY, period, float(ctx.down), "count", day, ctx,
                _base_end_evidence(symbol, rows))

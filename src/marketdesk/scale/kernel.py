"""The per-symbol fact-sheet row: one kernel over a canonical long frame, for every engine.

:func:`fact_rows` takes bars of one symbol or of many (``symbol, date, close`` and optionally
``source``; any row order, one bar per symbol and date) and returns one row per symbol in
:data:`ROW_SCHEMA`. It computes nothing itself: every figure comes from a vectorized long-frame
function of :mod:`marketdesk.facts` (one pass over the whole frame each, no loop over symbols),
so the local engine runs it on a whole universe (or a batch of symbols) and the Spark engine runs
the very same function on each symbol's Arrow group.

Each symbol's row is as of its own last close on or before ``as_of`` (``date`` says which); a
null close is not an observation. The figures and their rules (all in percent):

========================= ==================================================================
column                    meaning (facts function it comes from)
========================= ==================================================================
close, change, change_pct last close, change from the previous close (day.day_change_long)
wtd/mtd/qtd/ytd_pct       to-date returns (periods.to_date_returns_long)
best/worst_month(_pct)    best and worst calendar month ("YYYY-MM"; tables.extremes_long)
month, month_pct          the latest month (running month = MTD) when it has a return
month_rank, months        its rank among all months (1 = best gain / worst decline) and count
largest_since             "largest gain/decline since" YYYY-MM; null when on record
month_on_record           True when no earlier month was at least as large
record_close/_date        record close in force and when it was set (records)
pct_from_record           how far the record is above the close ((record / close - 1) * 100)
is_record                 the last close set a new record close
records_ytd               record closes in the last close's calendar year
drawdown_pct              current drawdown from the record close (drawdowns.drawdowns_long)
max_drawdown_pct          deepest peak-to-trough fall of the whole history
streak                    signed daily streak (+3: three up days; streaks.current_streak_long)
high_52w, low_52w         highest / lowest close of the 365 calendar days back
at_52w_high               the last close is the 52-week high
mean_200, above_200       mean of the last 200 closes; close above it (null under 200 closes)
========================= ==================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from ..facts import day, drawdowns, periods, ranks, records, segments, streaks, tables

__all__ = ["ROW_SCHEMA", "METRICS", "fact_rows", "select_metrics"]

ROW_SCHEMA: dict[str, pl.DataType] = {
    "symbol": pl.Utf8(), "date": pl.Date(), "close": pl.Float64(), "change": pl.Float64(),
    "change_pct": pl.Float64(), "wtd_pct": pl.Float64(), "mtd_pct": pl.Float64(),
    "qtd_pct": pl.Float64(), "ytd_pct": pl.Float64(),
    "best_month": pl.Utf8(), "best_month_pct": pl.Float64(),
    "worst_month": pl.Utf8(), "worst_month_pct": pl.Float64(),
    "month": pl.Utf8(), "month_pct": pl.Float64(), "month_rank": pl.Int64(),
    "months": pl.Int64(), "largest_since": pl.Utf8(), "month_on_record": pl.Boolean(),
    "record_close": pl.Float64(), "record_date": pl.Date(), "pct_from_record": pl.Float64(),
    "is_record": pl.Boolean(), "records_ytd": pl.Int64(),
    "drawdown_pct": pl.Float64(), "max_drawdown_pct": pl.Float64(), "streak": pl.Int64(),
    "high_52w": pl.Float64(), "low_52w": pl.Float64(), "at_52w_high": pl.Boolean(),
    "mean_200": pl.Float64(), "above_200": pl.Boolean(),
}
#: The figures a caller may ask for (``symbol`` and ``date`` always come).
METRICS: tuple[str, ...] = tuple(c for c in ROW_SCHEMA if c not in ("symbol", "date"))


def select_metrics(metrics: Sequence[str] | None) -> list[str]:
    """The output columns for ``metrics`` (None: all), validated; raises ``ValueError`` naming
    the unknown ones and the valid names."""
    if metrics is None:
        return list(ROW_SCHEMA)
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(METRICS)}")
    return ["symbol", "date", *(m for m in METRICS if m in set(metrics))]


def _ym(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    return pl.concat_str([year.cast(pl.Utf8), pl.lit("-"), month.cast(pl.Utf8).str.zfill(2)])


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=ROW_SCHEMA)


def fact_rows(bars: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """One fact-sheet row per symbol of ``bars`` (see the module docstring), sorted by symbol.

    ``as_of``: only bars dated on or before it are used (None: all). Raises ``ValueError`` when a
    symbol has two bars on one date.

    The bars are sorted and cut into symbols once (:func:`~marketdesk.facts.segments
    .segments_long`); every facts function gets those segments, so the running maximum, the
    record flags and the (series, day) keys are computed once and shared.
    """
    frame = bars.select("symbol", "date", "close")
    if as_of is not None:
        frame = frame.filter(pl.col("date") <= as_of)
    seg = segments.segments_long(frame)
    if seg.size == 0:
        return _empty()

    base = day.day_change_long(segments=seg).select(
        "symbol", "date", "close", "change", "change_pct")
    td = periods.to_date_returns_long(segments=seg).select(
        "wtd_pct", "mtd_pct", "qtd_pct", "ytd_pct")
    rec = records.record_summary_long(segments=seg).select(
        "record_close", "record_date", "pct_from_record", "is_record",
        pl.col("records_in_year").alias("records_ytd"))
    dd = drawdowns.drawdowns_long(segments=seg).select("drawdown_pct", "max_drawdown_pct")
    st = streaks.current_streak_long(segments=seg).select("streak")
    w52 = records.window_extremes_long(segments=seg, days=365).select(
        pl.col("high").alias("high_52w"), pl.col("low").alias("low_52w"))
    ma = periods.trailing_mean_long(segments=seg, window=200).select(
        pl.col("mean").alias("mean_200"), pl.col("above").alias("above_200"))
    # every frame above is one row per symbol in the same (sorted) order: side by side
    out = pl.concat([base, td, rec, dd, st, w52, ma], how="horizontal")
    out = out.with_columns((pl.col("close") >= pl.col("high_52w")).alias("at_52w_high"))

    monthly = tables.monthly_returns_long(segments=seg)
    if monthly.height:
        since = ranks.latest_since_long(monthly)
        ext = tables.extremes_long(monthly)
        lr = tables.latest_rank_long(monthly)
        year, month = monthly["year"], monthly["month"]

        def ym(rows: pl.Series) -> pl.Series:
            return pl.DataFrame({"y": year.gather(rows), "m": month.gather(rows)}).select(
                _ym(pl.col("y"), pl.col("m"))).to_series()

        best = pl.DataFrame({
            "symbol": ext["symbol"],
            "best_month": ym(ext["best_row"]), "best_month_pct": ext["best_pct"],
            "worst_month": ym(ext["worst_row"]), "worst_month_pct": ext["worst_pct"],
        })
        rows_ = lr["row"]
        latest = pl.DataFrame({
            "symbol": lr["symbol"],
            "_end": monthly["end_date"].gather(rows_),
            "month": ym(rows_),
            "month_pct": lr["value"],
            "month_rank": lr["rank"],
            "months": lr["of"],
            "month_on_record": since["on_record"],
            "largest_since": pl.DataFrame({"y": since["since_year"], "m": since["since_month"]})
            .select(_ym(pl.col("y"), pl.col("m"))).to_series(),
        })
        out = out.join(best, on="symbol", how="left", maintain_order="left")
        out = out.join(latest, on="symbol", how="left", maintain_order="left")
        # the latest month counts only when its end is the symbol's last close (rank_facts)
        current = pl.col("_end") == pl.col("date")
        out = out.with_columns(
            pl.when(current).then(pl.col(c)).otherwise(None).alias(c)
            for c in ("month", "month_pct", "month_rank", "months", "month_on_record",
                      "largest_since")).drop("_end")
    return out.select(pl.col(c).cast(t) if c in out.columns else pl.lit(None, dtype=t).alias(c)
                      for c, t in ROW_SCHEMA.items())

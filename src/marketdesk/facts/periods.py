"""Calendar-true period returns: WTD/MTD/QTD/YTD, calendar months, quarters, years, ranges, events.

Conventions (DESIGN.md, "Conventions that matter for correctness"):

- Periods are anchored to ``as_of`` (never the wall clock). When ``as_of`` has no bar, the last bar
  on or before it is the end, and the period is the one containing *that* bar's date.
- The base of a period is the last close *before* the period's first day (MTD: the last close of
  the previous month; YTD: the last close of the previous year; WTD: the last close before Monday).
  The base must lie in the immediately preceding period: a first partial period (history starting
  mid-period) or a period after a whole period without data has no base, and gives ``None``.
- A return is the ratio of the end close to the base close, minus one, in percent (``pct``, full
  precision): never compounded daily returns (see "Traps: ties").
- Price return uses ``close`` (Metric.PERIOD_RETURN). ``total=True`` uses ``adj_close``
  (Metric.PERIOD_TOTAL_RETURN, "total return (adjusted closes)"); where the series has no
  adjusted close at the base or the end, there is no total-return fact (``None``).
  ``context["basis"]`` always says which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import polars as pl

from .evidence import date_position, evidence, last_row_on_or_before
from .model import Fact, Metric, Period, PeriodKind

__all__ = [
    "MONTH_NAMES",
    "ToDateKind",
    "month_label",
    "month_return",
    "period_bounds",
    "period_return",
    "quarter_return",
    "range_return",
    "since_return",
    "to_date_returns_long",
    "trailing_mean_long",
    "year_return",
]

ToDateKind = Literal["wtd", "mtd", "qtd", "ytd"]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
PRICE_BASIS = "price return (closes)"
TOTAL_BASIS = "total return (adjusted closes)"


def month_label(year: int, month: int) -> str:
    """``month_label(2024, 11) == "November 2024"``."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def _add_months(d: dt.date, months: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + months
    return dt.date(k // 12, k % 12 + 1, 1)


def period_bounds(d: dt.date, kind: ToDateKind) -> tuple[dt.date, dt.date]:
    """(first day of the period containing ``d``, first day of the period before it).

    Weeks are ISO weeks (Monday first); months, quarters and years are calendar ones.
    """
    if kind == "wtd":
        start = d - dt.timedelta(days=d.weekday())
        return start, start - dt.timedelta(days=7)
    if kind == "mtd":
        start = d.replace(day=1)
        return start, _add_months(start, -1)
    if kind == "qtd":
        start = dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
        return start, _add_months(start, -3)
    if kind == "ytd":
        return dt.date(d.year, 1, 1), dt.date(d.year - 1, 1, 1)
    raise ValueError(f"kind must be one of wtd, mtd, qtd, ytd; got {kind!r}")


def _to_date_label(d: dt.date, kind: ToDateKind) -> str:
    if kind == "wtd":
        return f"week of {period_bounds(d, 'wtd')[0].isoformat()} WTD"
    if kind == "mtd":
        return f"{month_label(d.year, d.month)} MTD"
    if kind == "qtd":
        return f"Q{(d.month - 1) // 3 + 1} {d.year} QTD"
    return f"{d.year} YTD"


def _series(bars: pl.DataFrame, total: bool) -> tuple[pl.DataFrame, str]:
    column = "adj_close" if total else "close"
    if bars.get_column(column).has_nulls():
        bars = bars.filter(pl.col(column).is_not_null())
    return bars, column


def _make(rows: pl.DataFrame, base: int, end: int, column: str, kind: PeriodKind, label: str,
          *, total: bool, as_of: dt.date | None = None, **ctx: Any) -> Fact | None:
    """The return fact from row ``base`` to row ``end`` of ``rows`` (``column`` non-null)."""
    if base < 0 or end <= base:
        return None
    b, e = rows.slice(base, 1), rows.slice(end, 1)
    bv, ev = float(b.item(0, column)), float(e.item(0, column))
    if bv == 0.0:
        return None
    bdate, edate = b.item(0, "date"), e.item(0, "date")
    return Fact(
        subject=e.item(0, "symbol"),
        metric=Metric.PERIOD_TOTAL_RETURN if total else Metric.PERIOD_RETURN,
        period=Period(kind=kind, end=edate, start=bdate, label=label,
                      month=ctx.pop("month", None)),
        value=(ev / bv - 1.0) * 100.0,
        unit="pct",
        as_of=as_of or edate,
        context={"basis": TOTAL_BASIS if total else PRICE_BASIS, "column": column,
                 "base_date": bdate.isoformat(), "base_value": bv,
                 "end_date": edate.isoformat(), "end_value": ev, "change_pts": ev - bv, **ctx},
        evidence=evidence(b, column) + evidence(e, column),
    )


def _calendar_period(rows: pl.DataFrame, column: str, start: dt.date, prev_start: dt.date,
                     next_start: dt.date, kind: PeriodKind, label: str, *, total: bool,
                     **ctx: Any) -> Fact | None:
    """Return over [start, next_start): base = last row before ``start`` and on/after
    ``prev_start``; end = last row before ``next_start`` and on/after ``start``."""
    dates = rows.get_column("date")
    base = date_position(dates, start, "left") - 1
    end = date_position(dates, next_start, "left") - 1
    if base < 0 or end <= base or dates[base] < prev_start:
        return None
    complete = end + 1 < rows.height  # a later bar exists, so the period is over in this data
    return _make(rows, base, end, column, kind, label, total=total, complete=complete, **ctx)


def period_return(bars: pl.DataFrame, as_of: dt.date, kind: ToDateKind, *,
                  total: bool = False) -> Fact | None:
    """WTD / MTD / QTD / YTD return to the close on (or last before) ``as_of``, in percent.

    Base = last close before the period's first day, which must fall in the previous period;
    ``None`` if there is none (first partial period) or no bar on or before ``as_of``.
    """
    i = last_row_on_or_before(bars, as_of)
    if i is None:
        return None
    day: dt.date = bars.item(i, "date")
    rows, column = _series(bars.head(i + 1), total)
    if rows.height == 0 or rows.item(rows.height - 1, "date") != day:
        return None
    start, prev_start = period_bounds(day, kind)
    dates = rows.get_column("date")
    base = date_position(dates, start, "left") - 1
    if base < 0 or dates[base] < prev_start:
        return None
    ctx: dict[str, Any] = {} if day == as_of else {"requested_as_of": as_of.isoformat()}
    return _make(rows, base, rows.height - 1, column, kind, _to_date_label(day, kind),
                 total=total, **ctx)


def month_return(bars: pl.DataFrame, year: int, month: int, *, total: bool = False) -> Fact | None:
    """Return of calendar month ``year-month``: previous month's last close to this month's last.

    ``context["complete"]`` is False when no later bar exists (the month may still be running:
    then it is the MTD). ``None`` for a first partial month or a month without data.
    """
    rows, column = _series(bars, total)
    start = dt.date(year, month, 1)
    return _calendar_period(rows, column, start, _add_months(start, -1), _add_months(start, 1),
                            "month", month_label(year, month), total=total, month=month)


def quarter_return(bars: pl.DataFrame, year: int, quarter: int, *,
                   total: bool = False) -> Fact | None:
    """Return of calendar quarter ``quarter`` (1..4) of ``year``, last close to last close."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1..4; got {quarter!r}")
    rows, column = _series(bars, total)
    start = dt.date(year, 3 * quarter - 2, 1)
    return _calendar_period(rows, column, start, _add_months(start, -3), _add_months(start, 3),
                            "quarter", f"Q{quarter} {year}", total=total)


def year_return(bars: pl.DataFrame, year: int, *, total: bool = False) -> Fact | None:
    """Return of calendar ``year``: previous year's last close to this year's last close."""
    rows, column = _series(bars, total)
    return _calendar_period(rows, column, dt.date(year, 1, 1), dt.date(year - 1, 1, 1),
                            dt.date(year + 1, 1, 1), "year", str(year), total=total)


def range_return(bars: pl.DataFrame, start: dt.date, end: dt.date, *,
                 total: bool = False) -> Fact | None:
    """Return from the close on ``start`` to the close on ``end`` (each: last bar on or before).

    Unlike calendar periods, the base is the close *on* ``start`` (not before it).
    """
    rows, column = _series(bars, total)
    b, e = last_row_on_or_before(rows, start), last_row_on_or_before(rows, end)
    if b is None or e is None:
        return None
    return _make(rows, b, e, column, "range", f"{start.isoformat()} to {end.isoformat()}",
                 total=total)


def since_return(bars: pl.DataFrame, event_date: dt.date, as_of: dt.date, *,
                 total: bool = False) -> Fact | None:
    """Return since an event: base = the close *on* ``event_date`` (e.g. election day 2024-11-05,
    the close of that session), end = the close on or last before ``as_of``.

    If ``event_date`` has no bar, the last close before it is the base and ``context["base_date"]``
    shows it. ``None`` if there is no base or the end is not after it.
    """
    rows, column = _series(bars, total)
    b, e = last_row_on_or_before(rows, event_date), last_row_on_or_before(rows, as_of)
    if b is None or e is None:
        return None
    return _make(rows, b, e, column, "since", f"since {event_date.isoformat()}", total=total,
                 event_date=event_date.isoformat())


# ------------------------------------------------------------- universe (long-frame) figures --

_TO_DATE_KINDS: tuple[ToDateKind, ...] = ("wtd", "mtd", "qtd", "ytd")


def _bounds_np(days: Any, kind: ToDateKind) -> tuple[Any, Any]:
    """:func:`period_bounds` for an int64 array of day numbers (days since 1970-01-01)."""
    import numpy as np

    if kind == "wtd":
        start = days - (days + 3) % 7          # 1970-01-01 was a Thursday
        return start, start - 7
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if kind == "qtd":
        months = months - months % 3
    step = 3 if kind == "qtd" else 1
    if kind == "ytd":
        years = days.astype("datetime64[D]").astype("datetime64[Y]")
        return (years.astype("datetime64[D]").astype(np.int64),
                (years - 1).astype("datetime64[D]").astype(np.int64))
    return (months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64),
            (months - step).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64))


def to_date_returns_long(long_bars: pl.DataFrame | None = None, *, column: str = "close",
                         kinds: tuple[ToDateKind, ...] = _TO_DATE_KINDS,
                         segments: Any = None) -> pl.DataFrame:
    """WTD / MTD / QTD / YTD returns of many symbols at once, each to its own last bar.

    The same rule as :func:`period_return` (base = last close before the period's first day, in
    the previous period; a ratio of closes, in percent; null where there is no base): for a
    universe cut to an as-of date (``date <= as_of``) these are the values of
    ``period_return(bars, as_of, kind)`` per symbol. Rows with a null ``column`` are not
    observations. Columns: ``symbol, date, <kind>_pct, <kind>_base_date`` for each kind.

    Vectorized: one binary search of all symbols at once finds every symbol's base.
    ``segments``: the input prepared once (:func:`~.segments.segments_long`).
    """
    import numpy as np

    from .segments import require_long, segments_long

    seg = segments or segments_long(require_long(long_bars), column=column)
    rows, starts, ends = seg.rows, seg.starts, seg.ends
    d = seg.days
    v = seg.values
    dates = rows.get_column("date")
    out: dict[str, pl.Series] = {
        "symbol": rows.get_column("symbol").gather(pl.Series(ends, dtype=pl.Int64)),
        "date": dates.gather(pl.Series(ends, dtype=pl.Int64)),
    }
    for kind in kinds:
        start, prev_start = _bounds_np(d[ends], kind)
        base = seg.search_days(start) - 1
        safe = np.maximum(base, 0)
        ok = (base >= starts) & (d[safe] >= prev_start) & (v[safe] != 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ret = (v[ends] / v[safe] - 1.0) * 100.0
        mask = pl.Series(ok)
        out[f"{kind}_pct"] = pl.Series(f"{kind}_pct", np.where(ok, ret, np.nan)).fill_nan(None)
        out[f"{kind}_base_date"] = dates.gather(pl.Series(safe, dtype=pl.Int64)).zip_with(
            mask, pl.Series([None] * starts.size, dtype=pl.Date)).alias(f"{kind}_base_date")
    return pl.DataFrame(out)


def trailing_mean_long(long_bars: pl.DataFrame | None = None, *, window: int = 200,
                       column: str = "close", segments: Any = None) -> pl.DataFrame:
    """The mean of each symbol's last ``window`` non-null closes (its ``window``-day moving
    average as of its last bar) and where the last close stands against it.

    Columns: ``symbol, date, close, mean, observations`` (closes averaged: fewer than ``window``
    for a short history) and ``above`` (close strictly above the mean; null when the history is
    shorter than ``window``). One ``np.add.reduceat`` over the long frame. ``segments``: the
    input prepared once (:func:`~.segments.segments_long`).
    """
    import numpy as np

    from .segments import require_long, segments_long

    if window < 1:
        raise ValueError(f"window must be at least 1; got {window!r}")
    seg = segments or segments_long(require_long(long_bars), column=column)
    rows, starts, ends = seg.rows, seg.starts, seg.ends
    v = seg.values
    lo = np.maximum(ends + 1 - window, starts)
    bounds = np.empty(2 * starts.size, dtype=np.int64)
    bounds[0::2], bounds[1::2] = lo, ends + 1
    sums = np.add.reduceat(np.append(v, 0.0), bounds)[0::2] if starts.size else v[:0]
    count = ends + 1 - lo
    mean = sums / np.maximum(count, 1)
    close = v[ends]
    full = pl.Series(count >= window)
    return pl.DataFrame({
        "symbol": rows.get_column("symbol").gather(pl.Series(ends, dtype=pl.Int64)),
        "date": rows.get_column("date").gather(pl.Series(ends, dtype=pl.Int64)),
        "close": pl.Series(close, dtype=pl.Float64),
        "mean": pl.Series(mean, dtype=pl.Float64),
        "observations": pl.Series(count, dtype=pl.Int64),
        "above": pl.Series(close > mean).zip_with(full, pl.Series([None] * starts.size,
                                                                   dtype=pl.Boolean)),
    })

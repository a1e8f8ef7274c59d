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
  ``context.basis`` always says which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import polars as pl

from . import contexts
from .evidence import date_position, days_of, evidence, last_row_on_or_before
from .model import Fact, Metric, Period, PeriodKind
from .query import NoAnswerReason, PeriodSpec

__all__ = [
    "MONTH_NAMES",
    "PeriodUnresolved",
    "Resolved",
    "ToDateKind",
    "date_array",
    "end_session",
    "month_label",
    "month_return",
    "period_bounds",
    "period_return",
    "quarter_return",
    "range_return",
    "resolve",
    "resolve_dates",
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
        context=contexts.PeriodReturn(
            basis=TOTAL_BASIS if total else PRICE_BASIS, column=column, base_date=bdate,
            base_value=bv, end_date=edate, end_value=ev, change_pts=ev - bv, **ctx),
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
    ctx: dict[str, Any] = {} if day == as_of else {"requested_as_of": as_of}
    return _make(rows, base, rows.height - 1, column, kind, _to_date_label(day, kind),
                 total=total, **ctx)


def month_return(bars: pl.DataFrame, year: int, month: int, *, total: bool = False) -> Fact | None:
    """Return of calendar month ``year-month``: previous month's last close to this month's last.

    ``context.complete`` is False when no later bar exists (the month may still be running:
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

    If ``event_date`` has no bar, the last close before it is the base and ``context.base_date``
    shows it. ``None`` if there is no base or the end is not after it.
    """
    rows, column = _series(bars, total)
    b, e = last_row_on_or_before(rows, event_date), last_row_on_or_before(rows, as_of)
    if b is None or e is None:
        return None
    return _make(rows, b, e, column, "since", f"since {event_date.isoformat()}", total=total,
                 event_date=event_date)


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
        "symbol": rows.get_column("symbol")[ends],
        "date": dates[ends],
    }
    for kind in kinds:
        start, prev_start = _bounds_np(d[ends], kind)
        base = seg.search_days(start) - 1
        safe = np.maximum(base, 0)
        ok = (base >= starts) & (d[safe] >= prev_start) & (v[safe] != 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ret = (v[ends] / v[safe] - 1.0) * 100.0
        mask = pl.Series(ok)
        out[f"{kind}_pct"] = pl.Series(f"{kind}_pct", np.where(ok, ret, np.nan), nan_to_null=True)
        out[f"{kind}_base_date"] = dates[safe].zip_with(
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
        "symbol": rows.get_column("symbol")[ends],
        "date": rows.get_column("date")[ends],
        "close": pl.Series(close, dtype=pl.Float64),
        "mean": pl.Series(mean, dtype=pl.Float64),
        "observations": pl.Series(count, dtype=pl.Int64),
        "above": pl.Series(close > mean).zip_with(full, pl.Series([None] * starts.size,
                                                                   dtype=pl.Boolean)),
    })


# ------------------------------------------------------------------- period resolution --
#
# One place turns a period as text states it (a :class:`~.query.PeriodSpec`) into the two closes
# a figure over it compares: the *base* (the last close before the period) and the *end* (the last
# close in the period, up to the as-of date). The engine (:mod:`.engine`) resolves every query
# here first; the functions above compute the figures.

class Resolved(NamedTuple):
    """A resolved period: ``base`` (the base close's date; None for a day without a previous
    bar, or for seasonality, where each year has its own), ``end`` (the end close's date) and
    ``label`` (a human name: "Q2 2022", "week ended 2020-03-20", "3 sessions to 2024-11-25")."""

    base: dt.date | None
    end: dt.date
    label: str


class PeriodUnresolved(Exception):
    """A period the data cannot resolve: ``reason`` is a :data:`~.query.NoAnswerReason`;
    ``first_date`` the data's first date when the reason is ``history_too_short``."""

    def __init__(self, reason: NoAnswerReason, message: str,
                 first_date: dt.date | None = None) -> None:
        super().__init__(message)
        self.reason: NoAnswerReason = reason
        self.message = message
        self.first_date = first_date


DatesLike = pl.DataFrame | pl.Series | np.ndarray | Sequence[dt.date]


def date_array(bars_or_dates: DatesLike, column: str = "close") -> np.ndarray:
    """Sorted datetime64[D] dates: of the rows of ``bars`` with a non-null ``column``, or the
    dates given (a date Series, a datetime64 array, a sequence of dates)."""
    if isinstance(bars_or_dates, np.ndarray):
        arr0 = bars_or_dates.astype("datetime64[D]", copy=False)
        return arr0 if arr0.size < 2 or bool(np.all(arr0[1:] >= arr0[:-1])) else np.sort(arr0)
    if isinstance(bars_or_dates, pl.DataFrame):
        b = bars_or_dates
        if b.get_column(column).has_nulls():
            b = b.filter(pl.col(column).is_not_null())
        s = b.get_column("date")
    elif isinstance(bars_or_dates, pl.Series):
        s = bars_or_dates.drop_nulls()
    else:
        s = pl.Series("date", list(bars_or_dates), dtype=pl.Date)
    arr = days_of(s).astype("datetime64[D]")
    if arr.size > 1 and not bool(np.all(arr[1:] >= arr[:-1])):
        arr = np.sort(arr)
    return arr


def _d(x: np.datetime64) -> dt.date:
    out: dt.date = x.astype(object)
    return out


def _calendar_sessions(start: dt.date, end: dt.date) -> list[dt.date]:
    """XNYS sessions in [start, end]; outside the calendar's range, the weekdays."""
    from .. import calendar as cal
    from ..errors import DateError

    try:
        cal._check_range(start)
        cal._check_range(end)
        return cal.sessions(start, end)
    except DateError:
        n = (end - start).days + 1
        return [d for d in (start + dt.timedelta(days=k) for k in range(max(n, 0)))
                if d.weekday() < 5]


def _day_status(d: dt.date) -> tuple[bool, str, dt.date | None]:
    """(is a session, why not — "a Sunday", "Thanksgiving" —, the previous session)."""
    from .. import calendar as cal
    from ..errors import DateError

    try:
        st = cal.day_status(d)
    except DateError:
        weekday = d.weekday() < 5
        return weekday, "" if weekday else f"a {d.strftime('%A')}", None
    if st.is_session:
        return True, "", st.previous_session
    why = f"a {d.strftime('%A')}" if st.reason == "weekend" else str(st.reason)
    return False, why, st.previous_session


def _too_short(dates: np.ndarray, what: str) -> PeriodUnresolved:
    if dates.size == 0:
        return PeriodUnresolved("no_data", f"No data for {what}.")
    first = _d(dates[0])
    return PeriodUnresolved("history_too_short",
                            f"The data begin on {first.isoformat()}, too late for {what}.",
                            first)


def end_session(dates: np.ndarray, d: dt.date, *, strict: bool = False) -> int:
    """Index in ``dates`` of the session a figure "on ``d``" is computed at.

    The bar dated ``d`` when there is one. Otherwise, unless ``strict``: when ``d`` is not an
    exchange session (a weekend, a holiday), the last bar before it, provided no session lies
    between them (the previous session's bar). Else :class:`PeriodUnresolved` (``no_bar``, or
    ``history_too_short`` when ``d`` precedes the data).
    """
    i = int(np.searchsorted(dates, np.datetime64(d, "D"), "right")) - 1
    if i < 0:
        raise _too_short(dates, f"a figure on {d.isoformat()}")
    if _d(dates[i]) == d:
        return i
    is_session, why, prev = _day_status(d)
    if not is_session and not strict and prev is not None and _d(dates[i]) >= prev:
        return i
    last = _d(dates[-1])
    if is_session:
        tail = f"; the data end on {last.isoformat()}" if d > last else " (a gap in the data)"
        msg = f"No bar on {d.isoformat()}, a session{tail}."
    else:
        tail = f"; the previous session was {prev.isoformat()}" if prev else ""
        msg = f"No bar on {d.isoformat()}: {why}, no session{tail}."
    raise PeriodUnresolved("no_bar", msg)


def _last_before(dates: np.ndarray, d: dt.date) -> int:
    """Index of the last date strictly before ``d`` (-1 if none)."""
    return int(np.searchsorted(dates, np.datetime64(d, "D"), "left")) - 1


def _last_on_or_before(dates: np.ndarray, d: dt.date) -> int:
    """Index of the last date on or before ``d`` (-1 if none)."""
    return int(np.searchsorted(dates, np.datetime64(d, "D"), "right")) - 1


def _base_in(dates: np.ndarray, start: dt.date, prev_start: dt.date, what: str) -> int:
    """The base of a period starting ``start``: the last close before it, which must fall on or
    after ``prev_start`` (in the period before)."""
    b = _last_before(dates, start)
    if b < 0:
        raise _too_short(dates, what)
    if _d(dates[b]) < prev_start:
        raise PeriodUnresolved("no_data", f"No close in the period before {what} "
                               f"(the last one before it is {_d(dates[b]).isoformat()}).")
    return b


def _calendar_bounds(spec: PeriodSpec) -> tuple[dt.date, dt.date, dt.date, str]:
    """(first day, first day of the next period, first day of the previous one, label) of a
    calendar month, quarter, half or year."""
    y = spec.year
    if y is None:
        raise ValueError(f"a {spec.kind} period needs a year")
    if spec.kind == "year":
        return dt.date(y, 1, 1), dt.date(y + 1, 1, 1), dt.date(y - 1, 1, 1), str(y)
    n = spec.number
    if n is None:
        raise ValueError(f"a {spec.kind} period needs its number")
    step = {"month": 1, "quarter": 3, "half": 6}[spec.kind]
    start = dt.date(y, (n - 1) * step + 1, 1)
    label = (month_label(y, n) if spec.kind == "month"
             else f"Q{n} {y}" if spec.kind == "quarter" else f"H{n} {y}")
    return start, _add_months(start, step), _add_months(start, -step), label


def _resolve_calendar(spec: PeriodSpec, dates: np.ndarray, cap: dt.date) -> Resolved:
    start, nxt, prev_start, label = _calendar_bounds(spec)
    if cap < start:
        raise PeriodUnresolved("period_not_over", f"{label} has not begun by {cap.isoformat()}.")
    b = _base_in(dates, start, prev_start, label)
    e = min(_last_before(dates, nxt), _last_on_or_before(dates, cap))
    if e <= b:
        raise PeriodUnresolved("no_data", f"No close in {label} up to {cap.isoformat()}.")
    last_day = nxt - dt.timedelta(days=1)
    sess = _calendar_sessions(start, last_day)
    final = sess[-1] if sess else last_day
    if cap < final:
        if not spec.partial_ok:
            raise PeriodUnresolved("period_not_over",
                                   f"{label} is not over on {cap.isoformat()} (its last session "
                                   f"is {final.isoformat()}).")
    else:
        later = _last_on_or_before(dates, cap) > e     # a bar after the period, up to the cap
        if not later and _d(dates[e]) < final:
            raise PeriodUnresolved("no_data", f"The data end on {_d(dates[e]).isoformat()}, "
                                   f"before {label} ends ({final.isoformat()}).")
    return Resolved(_d(dates[b]), _d(dates[e]), label)


def _resolve_week(dates: np.ndarray, d: dt.date) -> Resolved:
    """The last complete ISO week whose last session is on or before ``d``."""
    monday = d - dt.timedelta(days=d.weekday())
    for _ in range(3):
        sess = _calendar_sessions(monday, monday + dt.timedelta(days=6))
        if sess and sess[-1] <= d:
            break
        monday -= dt.timedelta(days=7)
    what = f"the week of {monday.isoformat()}"
    b = _base_in(dates, monday, monday - dt.timedelta(days=7), what)
    e = _last_before(dates, monday + dt.timedelta(days=7))
    if e <= b:
        raise PeriodUnresolved("no_data", f"No close in {what}.")
    end = _d(dates[e])
    return Resolved(_d(dates[b]), end, f"week ended {end.isoformat()}")


def resolve(spec: PeriodSpec, bars_or_dates: DatesLike,
            as_of: dt.date | None = None, *, column: str = "close",
            strict: bool = False) -> Resolved:
    """Resolve ``spec`` against the dates of the data: the base close's and end close's dates.

    ``bars_or_dates``: canonical bars (the rows with a non-null ``column`` count) or their dates.
    ``as_of`` (default ``spec.as_of``, else the data's last date) cuts every period. The base is
    the last close before the period, the end the last close in the period up to ``as_of``:

    - ``day``: the bar on the day (see :func:`end_session`; ``strict``: exactly that day) and the
      bar before it (base None for the first bar).
    - ``wtd`` / ``mtd`` / ``qtd`` / ``ytd``: as :func:`period_return` (base in the previous period).
    - ``week``: the last complete week (Friday's close to Friday's close: the last session of the
      previous ISO week to the last session of this one) whose last session is on or before the
      date.
    - ``month`` / ``quarter`` / ``half`` / ``year``: the previous period's last close to this
      one's; ``period_not_over`` while it runs (unless ``spec.partial_ok``).
    - ``sessions`` N: the close N bars before the end session's.
    - ``weeks52``: the close on (or last before) the end session minus 364 days (same weekday).
    - ``since``: the close on (or last before) the named date; ``range``: the closes on (or last
      before) its two dates.
    - ``seasonal_month``: the data's first date to the end session.

    Raises :class:`PeriodUnresolved` (``history_too_short`` with the data's first date,
    ``no_bar``, ``period_not_over``, ``no_data``).
    """
    return resolve_dates(spec, date_array(bars_or_dates, column), as_of, strict=strict)


def resolve_dates(spec: PeriodSpec, dates: np.ndarray, as_of: dt.date | None = None, *,
                  strict: bool = False) -> Resolved:
    """:func:`resolve` against ``dates`` as :func:`date_array` gives them (sorted
    ``datetime64[D]``, trusted as such: the engine converts a frame's dates once and resolves
    every query against them)."""
    if dates.size == 0:
        raise PeriodUnresolved("no_data", "No data.")
    cap = as_of or spec.as_of or _d(dates[-1])
    kind = spec.kind
    if kind in ("month", "quarter", "half", "year"):
        return _resolve_calendar(spec, dates, cap)
    if kind == "range":
        if spec.start is None or spec.end is None:
            raise ValueError("a range needs start and end")
        b = _last_on_or_before(dates, spec.start)
        e = _last_on_or_before(dates, min(spec.end, cap))
        label = f"{spec.start.isoformat()} to {spec.end.isoformat()}"
        if b < 0:
            raise _too_short(dates, label)
        if e <= b:
            raise PeriodUnresolved("no_data", f"No close after the base of {label}.")
        return Resolved(_d(dates[b]), _d(dates[e]), label)
    if kind == "week":
        return _resolve_week(dates, cap)
    i = end_session(dates, cap, strict=strict)
    end = _d(dates[i])
    if kind == "day":
        return Resolved(_d(dates[i - 1]) if i > 0 else None, end, end.isoformat())
    if kind in ("wtd", "mtd", "qtd", "ytd"):
        start, prev_start = period_bounds(end, kind)
        label = _to_date_label(end, kind)
        return Resolved(_d(dates[_base_in(dates, start, prev_start, label)]), end, label)
    if kind == "sessions":
        n = spec.number or 1
        label = f"{n} sessions to {end.isoformat()}"
        if i - n < 0:
            raise _too_short(dates, label)
        return Resolved(_d(dates[i - n]), end, label)
    if kind == "weeks52":
        label = f"52 weeks to {end.isoformat()}"
        b = _last_on_or_before(dates, end - dt.timedelta(days=364))
        if b < 0:
            raise _too_short(dates, label)
        return Resolved(_d(dates[b]), end, label)
    if kind == "since":
        if spec.start is None:
            raise ValueError("since needs the named date (start)")
        label = f"since {spec.start.isoformat()}"
        b = _last_on_or_before(dates, spec.start)
        if b < 0:
            raise _too_short(dates, label)
        if b >= i:
            raise PeriodUnresolved("no_data", f"{spec.start.isoformat()} is not before "
                                   f"{end.isoformat()}.")
        return Resolved(_d(dates[b]), end, label)
    if kind == "seasonal_month":
        m = spec.number or 1
        span = (f"{spec.years[0]}\u2013{spec.years[1]}" if spec.years else "all years")
        return Resolved(_d(dates[0]), end, f"{MONTH_NAMES[m - 1]}, {span}")
    raise ValueError(f"unknown period kind {kind!r}")

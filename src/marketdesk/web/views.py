"""What the pages and the API show, built from the Desk and the facts functions.

Each function returns JSON-friendly data. The statistics are the facts layer's
(``tables.monthly_returns``, ``seasonality.seasonal_table``, ``drawdowns.drawdown_series``,
``relative.spread_between`` / ``spread_series``, ``sensitivity.rolling_sensitivity``); this
module only selects, reshapes and labels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ..desk import Desk
from ..errors import NoDataError
from ..facts import contexts as cx
from ..facts.sheet import FactSheet

__all__ = ["kind_of", "bars_view", "monthly_view", "seasonality_view", "drawdown_view",
           "compare_view", "check_compare_kinds", "record_marks", "drawdown_lines", "level_text",
           "MONTHS",
           "NEAR_PP"]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _f(values: pl.Series) -> list[float | None]:
    return [None if v is None else float(v) for v in values.to_list()]


def _d(values: pl.Series) -> list[str]:
    return [d.isoformat() for d in values.to_list()]


def kind_of(desk: Desk, symbol: str) -> str | None:
    """The instrument kind ("index", "etf", "yield", ...) from the registry, if known."""
    return desk.kind(symbol)


def bars_view(desk: Desk, symbol: str, start: dt.date | None = None,
              end: dt.date | None = None) -> dict[str, Any]:
    """Columnar bars: ``dates, open, high, low, close`` (nulls where a source has no value)."""
    b = desk.bars(symbol, start, end)
    return {"symbol": symbol, "kind": kind_of(desk, symbol), "count": b.height,
            "dates": _d(b["date"]), "open": _f(b["open"]), "high": _f(b["high"]),
            "low": _f(b["low"]), "close": _f(b["close"])}


def monthly_view(desk: Desk, symbol: str, end: dt.date | None = None) -> dict[str, Any]:
    """The monthly-returns table as a years x months grid (``None`` where a month has no return),
    plus the rows themselves. From :func:`marketdesk.facts.tables.monthly_returns`."""
    from ..facts.tables import monthly_returns

    m = monthly_returns(desk.bars(symbol, None, end))
    years = sorted(set(m["year"].to_list()))
    grid: dict[int, list[float | None]] = {y: [None] * 12 for y in years}
    for row in m.iter_rows(named=True):
        grid[row["year"]][row["month"] - 1] = float(row["return_pct"])
    rows = [{"year": r["year"], "month": r["month"], "return_pct": float(r["return_pct"]),
             "start_date": r["start_date"].isoformat(), "end_date": r["end_date"].isoformat(),
             "complete": bool(r["complete"])} for r in m.iter_rows(named=True)]
    return {"symbol": symbol, "unit": "pct", "months": MONTHS, "years": years,
            "grid": [grid[y] for y in years], "rows": rows}


def seasonality_view(desk: Desk, symbol: str, end: dt.date | None = None) -> dict[str, Any]:
    """Per calendar month: years counted, average and median return, % of years up, rank.

    From :func:`marketdesk.facts.seasonality.seasonal_table` over complete months."""
    from ..facts.seasonality import seasonal_table
    from ..facts.tables import monthly_returns

    t = seasonal_table(monthly_returns(desk.bars(symbol, None, end)))
    months = [{"month": r["month"], "name": MONTHS[r["month"] - 1], "n": r["n"],
               "first_year": r["first_year"], "last_year": r["last_year"],
               "average": float(r["average"]), "median": float(r["median"]),
               "pct_up": float(r["pct_up"]), "best": float(r["best"]),
               "best_year": r["best_year"], "worst": float(r["worst"]),
               "worst_year": r["worst_year"], "rank": r["rank"]}
              for r in t.iter_rows(named=True)]
    return {"symbol": symbol, "unit": "pct", "months": months}


def drawdown_view(desk: Desk, symbol: str, end: dt.date | None = None) -> dict[str, Any]:
    """``dates, drawdown_pct`` from the running record close
    (:func:`marketdesk.facts.drawdowns.drawdown_series`)."""
    from ..facts.drawdowns import drawdown_series

    s = drawdown_series(desk.bars(symbol, None, end))
    return {"symbol": symbol, "unit": "pct", "dates": _d(s["date"]),
            "drawdown_pct": _f(s["drawdown_pct"])}


#: A -10 % / -20 % line from the record close is drawn when the close is within this many
#: percentage points of it (either side).
NEAR_PP = 5.0


def level_text(value: float, kind: str | None) -> str:
    """A level in its unit as the price chart labels it: an ETF's in US$ ("$305.09"), a yield's
    in percent ("4.27%"), an index's in points, which its axis title names ("2,442.74")."""
    from ..wrap.numbers import number

    text = number(value)
    return "$" + text if kind == "etf" else text + "%" if kind == "yield" else text


def record_marks(sheet: FactSheet, kind: str | None = None) -> list[dict[str, Any]]:
    """The record close and record intraday high of a fact sheet, for marking on the chart:
    ``name``, ``date``, ``value`` and ``label`` ("Record close 2,442.74 (2021-11-08)"; the
    level in ``kind``'s unit, see :func:`level_text`)."""
    from ..facts.model import Metric

    out = []
    for metric, name in ((Metric.RECORD_CLOSE, "Record close"),
                         (Metric.RECORD_HIGH, "Record intraday high")):
        f = sheet.find(metric)
        c = cx.of_kind(f.context, cx.RecordLevel) if f is not None else None
        if f is not None and f.value is not None and c is not None:
            day = c.date.isoformat()
            out.append({"name": name, "date": day, "value": float(f.value),
                        "label": f"{name} {level_text(float(f.value), kind)} ({day})"})
    return out


def drawdown_lines(desk: Desk, symbol: str, as_of: dt.date,
                   kind: str | None = None) -> list[dict[str, Any]]:
    """The -10 % (correction) and -20 % (bear market) levels below the record close in force on
    ``as_of``, each only when the close is within :data:`NEAR_PP` points of it: ``threshold``
    (percent), ``value`` (the level, from ``facts.thresholds``), ``label``."""
    from ..facts.thresholds import bear_market_fact, correction_fact
    from ..wrap.numbers import number

    bars = desk.bars(symbol, None, as_of)
    out = []
    for make in (correction_fact, bear_market_fact):
        f = make(bars, as_of)
        if f is None or f.value is None:
            continue
        c = cx.of_kind(f.context, cx.MarketState)
        if c is not None and abs(float(f.value) - c.threshold) <= NEAR_PP:
            out.append({"threshold": c.threshold, "value": c.threshold_level,
                        "label": f"{number(c.threshold, 0)}% from the record close: "
                                 f"{level_text(c.threshold_level, kind)}"})
    return out


def check_compare_kinds(desk: Desk, a: str, b: str, y: str | None) -> None:
    """400 (WebError "WrongKind") unless ``a`` and ``b`` are price series and ``y`` a yield:
    rebasing a yield to 100 or correlating with an index would draw a meaningless chart."""
    from .errors import WebError

    for sym, other in ((a, b), (b, a)):
        if kind_of(desk, sym) == "yield":
            raise WebError(400, f"{sym} is a yield (percent, not a price): compare two price "
                           f"series in a and b, and put {sym} in y to see it against {other}.",
                           "WrongKind")
    if y and kind_of(desk, y) != "yield":
        raise WebError(400, f"{y} is not a yield series: y takes a yield such as DGS10 or DGS2.",
                       "WrongKind")


def compare_view(desk: Desk, a: str, b: str, start: dt.date, end: dt.date | None,
                 y: str | None) -> dict[str, Any]:
    """Two subjects from ``start``: both rebased to 100 at the close on (or before) ``start``,
    their spread in percentage points (rebased a - rebased b on common dates), the
    :func:`~marketdesk.facts.relative.spread_between` Fact for the whole range, and, when ``y`` is
    a yield, the 63-session rolling correlation of ``a`` with it (facts.sensitivity)."""
    from ..facts.relative import spread_between, spread_series
    from ..facts.sensitivity import DEFAULT_WINDOW, rolling_sensitivity

    check_compare_kinds(desk, a, b, y)
    ab, bb = desk.bars(a, None, end), desk.bars(b, None, end)
    for sym, bars in ((a, ab), (b, bb)):
        if bars.filter(pl.col("date") >= start).height == 0:
            raise NoDataError(f"{sym} has no bars on or after {start.isoformat()}.")
    last: dt.date = min(ab["date"].max(), bb["date"].max())  # type: ignore[type-var,assignment]  # date columns: polars types max() as any scalar
    j = spread_series(ab, bb, start)
    fact = spread_between(ab, bb, start, last)
    out: dict[str, Any] = {
        "a": a, "b": b, "from": start.isoformat(), "to": last.isoformat(),
        "dates": _d(j["date"]), "a_rebased": _f(j["a"]), "b_rebased": _f(j["b"]),
        "spread_pp": _f(j["spread_pp"]),
        "spread": fact.to_dict() if fact is not None else None, "yield": None,
    }
    if y:
        yb = desk.bars(y, None, end)
        s = rolling_sensitivity(ab, yb).filter(pl.col("date") >= start)
        out["yield"] = {"symbol": y, "window": DEFAULT_WINDOW, "dates": _d(s["date"]),
                        "yield_pct": _f(s["yield_pct"]), "correlation": _f(s["correlation"]),
                        "beta": _f(s["beta"])}
    return out

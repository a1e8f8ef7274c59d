"""Turning bar rows into :class:`~marketdesk.facts.model.Evidence`, and slicing history to an as-of.

Every Fact carries the observations it was computed from. The helpers here are the one place that
builds them from frame rows, so that evidence always has the same shape: symbol, date, the bar
column used (``close``, ``high``, ``adj_close``...), its value as stored, and the row's source.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from typing import Literal

import numpy as np
import polars as pl

from .model import Evidence

__all__ = ["date_position", "days_of", "evidence", "history_to", "last_row_on_or_before",
           "rows_on"]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def days_of(dates: pl.Series) -> np.ndarray:
    """The days since 1970-01-01 of a ``Date`` column as a numpy array: its physical ``Int32``
    values (a null is NaN, in a float array), read by a cast, which unlike ``to_physical`` runs
    no polars query."""
    return dates.cast(pl.Int32).to_numpy()


def evidence(rows: pl.DataFrame, fields: str | Iterable[str]) -> tuple[Evidence, ...]:
    """One :class:`Evidence` per row of ``rows`` and per column in ``fields`` (row-major order).

    ``rows`` is a slice of canonical bars (it needs ``symbol``, ``date``, ``source`` and the named
    columns). Null values are skipped: a close-only series has no ``high`` to cite.
    """
    names = [fields] if isinstance(fields, str) else list(fields)
    if rows.height == 0:
        return ()
    symbols = rows.get_column("symbol").to_list()
    dates = rows.get_column("date").to_list()
    sources = rows.get_column("source").to_list()
    values = [rows.get_column(name).to_list() for name in names]
    out: list[Evidence] = []
    for i, (symbol, date, source) in enumerate(zip(symbols, dates, sources)):
        for name, column in zip(names, values):
            value = column[i]
            if value is not None:
                out.append(Evidence(symbol=symbol, date=date, field=name, value=float(value),
                                    source=source))
    return tuple(out)


def history_to(bars: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The bars with ``date <= as_of`` (the only history a fact as of ``as_of`` may use).

    Date-sorted bars (the canonical order) are cut with a binary search, not a filter.
    """
    dates = bars.get_column("date")
    if dates.is_sorted() and not dates.has_nulls():
        return bars.head(date_position(dates, as_of, "right"))
    return bars.filter(pl.col("date") <= as_of)


def last_row_on_or_before(bars: pl.DataFrame, as_of: dt.date) -> int | None:
    """Index of the last bar dated on or before ``as_of`` in date-sorted ``bars``, or None."""
    n = date_position(bars.get_column("date"), as_of, "right")
    return n - 1 if n > 0 else None


def date_position(dates: pl.Series, d: dt.date, side: Literal["left", "right"] = "left") -> int:
    """``dates.search_sorted(d, side)`` for a sorted date column, as an ``int``.

    A Python binary search over the column (a few element reads), which for one lookup is an order
    of magnitude cheaper than a polars expression; a column with nulls takes polars' own path.
    """
    if dates.has_nulls():
        return int(dates.search_sorted(d, side=side))
    return (bisect.bisect_right if side == "right" else bisect.bisect_left)(dates, d)


def rows_on(bars: pl.DataFrame, dates: Iterable[dt.date | None]) -> pl.DataFrame:
    """The rows of ``bars`` dated on any of ``dates`` (None ignored), in date order.

    Date-sorted bars are searched (two binary searches of the day numbers per date) instead of
    filtered.
    """
    wanted = sorted({d for d in dates if d is not None})
    col = bars.get_column("date")
    if col.has_nulls() or not col.is_sorted():
        return bars.filter(pl.col("date").is_in(wanted)).sort("date")
    days = days_of(col)
    keys = np.array([d.toordinal() - _EPOCH_ORDINAL for d in wanted], dtype=np.int64)
    lo = np.searchsorted(days, keys, "left").tolist()
    hi = np.searchsorted(days, keys, "right").tolist()
    idx: list[int] = []
    for a, b in zip(lo, hi):
        idx.extend(range(a, b))
    return bars[idx]

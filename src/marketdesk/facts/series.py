"""One symbol's closes up to a session, as numpy arrays, with the evidence helpers the move,
threshold, extreme and range families share.

A :class:`Closes` is the history a fact *as of* a session may use: the bars dated on or before
the requested date that have a close, in date order, ending at the **session** (the last such
bar). ``Fact.as_of`` of every fact built from it is that session's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from .evidence import evidence, history_to
from .model import Evidence

__all__ = ["YIELD_KINDS", "Closes", "FloatArray", "IntArray", "closes_to", "first_date",
           "float_values", "is_yield"]

#: The instrument kinds whose close is a yield in percent.
YIELD_KINDS = frozenset({"yield"})

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Closes:
    """Date-sorted bars of one symbol with a non-null close, ending at the as-of session.

    ``close`` is the close column as float64; ``days`` the dates as days since 1970-01-01 (int64),
    for vectorized date arithmetic.
    """

    rows: pl.DataFrame
    close: FloatArray
    days: IntArray
    symbol: str

    @property
    def n(self) -> int:
        return int(self.close.size)

    @property
    def last(self) -> int:
        return self.n - 1

    @property
    def session(self) -> dt.date:
        return self.date(self.last)

    @property
    def data_start(self) -> dt.date:
        return self.date(0)

    def date(self, i: int) -> dt.date:
        d: dt.date = self.rows.item(int(i), "date")
        return d

    def cite(self, idx: Iterable[int | None], fields: str | Iterable[str] = "close"
             ) -> tuple[Evidence, ...]:
        """Evidence: ``fields`` of the rows at the indices ``idx`` (None skipped), in date order,
        each row once."""
        rows = sorted({int(i) for i in idx if i is not None})
        if not rows:
            return ()
        return evidence(self.rows[rows], fields)

    def index_of(self, d: dt.date) -> int:
        """Index of the last row dated on or before ``d`` (-1 if none)."""
        day = (d - dt.date(1970, 1, 1)).days
        return int(np.searchsorted(self.days, day, side="right")) - 1


def float_values(values: pl.Series) -> np.ndarray:
    """``values.fill_null(nan).to_numpy()``; a Float64 column without nulls is read as it is,
    without running a polars query (the array may then be read-only)."""
    if values.dtype == pl.Float64 and not values.has_nulls():
        return values.to_numpy()
    return values.fill_null(np.nan).to_numpy()


def is_yield(bars: pl.DataFrame, kind: str | None = None) -> bool:
    """A yield series: by its instrument kind when known, else close-only data under 30."""
    if kind is not None:
        return kind in YIELD_KINDS
    close_only = bars.get_column("high").null_count() == bars.height
    top = bars.get_column("close").max()            # None for no close: counts as under 30
    return close_only and (float(top) < 30 if isinstance(top, (int, float)) else True)


def closes_to(bars: pl.DataFrame, as_of: dt.date) -> Closes | None:
    """The :class:`Closes` of ``bars`` (one symbol's canonical bars) up to ``as_of``; None when no
    bar with a close is dated on or before ``as_of``."""
    hist = history_to(bars, as_of)
    col = hist.get_column("close")
    if col.has_nulls():
        hist = hist.filter(pl.col("close").is_not_null())
    dates = hist.get_column("date")
    if not dates.is_sorted():
        hist = hist.sort("date")
        dates = hist.get_column("date")
    if hist.height == 0:
        return None
    return Closes(rows=hist,
                  close=hist.get_column("close").cast(pl.Float64).to_numpy(),
                  days=dates.to_physical().cast(pl.Int64).to_numpy(),
                  symbol=str(hist.item(0, "symbol")))


def first_date(bars: pl.DataFrame) -> dt.date | None:
    """The first date of ``bars`` (where the data begin), None when there are none."""
    first = bars.get_column("date").min() if bars.height else None
    return first if isinstance(first, dt.date) else None

"""Which sessions a stated figure belongs to: closes and daily changes indexed for lookup.

The article checker dates a story by its stated figures ("to 2,442.03", "fell 653.17 points",
"down 2.08%"): these are the facts it asks for. Everything is computed here, in the facts layer,
from the bars; the checker only compares.

- :class:`CloseIndex`: every close and absolute point change of a set of series, as integer cents
  (one sort each), so "on which sessions did some index close at L, or move by N points?" is a
  binary search.
- :func:`day_moves`: each series' percent change (close over previous close) on given sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

__all__ = ["CloseIndex", "day_moves", "pct_change_range"]


class CloseIndex:
    """Closes and absolute point changes of ``series`` (symbol -> bars), in integer cents."""

    def __init__(self, series: Mapping[str, pl.DataFrame]) -> None:
        dates, cents, changes = [], [], []
        for frame in series.values():
            if frame is None or frame.height < 2:
                continue
            f = frame.select("date", "close").drop_nulls().sort("date")
            close = f.get_column("close").to_numpy()
            d = f.get_column("date").to_numpy()
            dates.append(d[1:])
            cents.append(np.round(close[1:] * 100).astype(np.int64))
            changes.append(np.round(np.abs(np.diff(close)) * 100).astype(np.int64))
        if dates:
            self.dates: np.ndarray = np.concatenate(dates)
            self.close: np.ndarray = np.concatenate(cents)
            self.change: np.ndarray = np.concatenate(changes)
        else:
            self.dates = np.array([], dtype="datetime64[D]")
            self.close = self.change = np.array([], dtype=np.int64)
        self._close_order = np.argsort(self.close, kind="stable")
        self._change_order = np.argsort(self.change, kind="stable")
        # sorted once here: a lookup is two binary searches, not a gather of every value first
        self._close_sorted = self.close[self._close_order]
        self._change_sorted = self.change[self._change_order]

    def sessions_with(self, value: float, unit: str, tol_cents: int = 2) -> set[dt.date]:
        """Sessions on which some series closed at ``value`` (``unit`` "level"), or closed at or
        moved by it (``unit`` "pts"), within ``tol_cents`` cents (two sources differ by a cent)."""
        want = int(round(abs(value) * 100))
        out: set[dt.date] = set()
        tables = ((self._close_sorted, self._close_order),) if unit == "level" else \
            ((self._change_sorted, self._change_order), (self._close_sorted, self._close_order))
        for sv, order in tables:
            lo = np.searchsorted(sv, want - tol_cents, "left")
            hi = np.searchsorted(sv, want + tol_cents, "right")
            for i in order[lo:hi]:
                out.add(self.dates[i].astype("datetime64[D]").astype(dt.date))
        return out


def day_moves(series: Mapping[str, pl.DataFrame], days: Iterable[dt.date]
              ) -> dict[dt.date, list[float]]:
    """The day's percent change (close / previous close - 1, in percent) of each series on each
    of ``days`` that it has a bar and a previous bar for."""
    wanted = list(days)
    out: dict[dt.date, list[float]] = {d: [] for d in wanted}
    for frame in series.values():
        f = frame.select("date", "close").drop_nulls().sort("date").with_columns(
            (pl.col("close") / pl.col("close").shift(1) * 100 - 100).alias("pct"))
        for d, pct in f.filter(pl.col("date").is_in(wanted)).select("date", "pct").iter_rows():
            if pct is not None:
                out[d].append(float(pct))
    return out


def pct_change_range(previous: float, close: float, cents: float = 0.01) -> tuple[float, float]:
    """The percent change ``close / previous - 1`` (in percent) when each close may be off by
    ``cents`` (two official sources a cent apart): the lowest and highest it can be."""
    lo = ((close - cents) / (previous + cents) - 1) * 100
    hi = ((close + cents) / (previous - cents) - 1) * 100
    return lo, hi

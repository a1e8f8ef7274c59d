"""A universe (long frame of many symbols) prepared once for the long-frame statistics.

The ``*_long`` functions of the facts modules read many series in one vectorized pass. They share
one preparation: rows in (symbol, date) order without null values, each symbol's first and last
row, and numpy views computed on first use (values, day numbers, group ids, (series, day) keys,
the running maximum, record flags). :func:`segments_long` makes it once; each ``*_long``
function accepts it as ``segments=`` instead of sorting and checking its input again.

Conventions are those of the one-series functions: a record is strictly above every earlier
value of its symbol, and the first value of a symbol is one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

__all__ = ["LongSegments", "segments_long", "sorted_long", "group_day_keys", "require_long",
           "segment_bounds", "day_numbers",
           "record_index", "window_sums", "new_series"]


def new_series(rows: pl.DataFrame) -> np.ndarray | None:
    """True on each symbol's first row when rows are in (symbol, date) order with dates strictly
    increasing within a symbol and no null keys; None otherwise (the caller sorts)."""
    sym, date = rows.get_column("symbol"), rows.get_column("date")
    if rows.height == 0:
        return np.zeros(0, dtype=bool)
    if sym.has_nulls() or date.has_nulls():
        return None
    # runs of equal symbols (one pass); the column is sorted when the runs' symbols strictly
    # increase (a check over one value per run, not per row)
    runs = sym.rle()
    vals = runs.struct.field("value")
    if vals.len() > 1 and not bool((vals.slice(1) > vals.slice(0, vals.len() - 1)).all()):
        return None
    lens = runs.struct.field("len").to_numpy().astype(np.int64, copy=False)
    new = np.zeros(rows.height, dtype=bool)
    new[0] = True
    new[np.cumsum(lens[:-1])] = True
    days = date.to_physical().to_numpy()
    return new if bool(np.all((days[1:] > days[:-1]) | new[1:])) else None


def sorted_long(long_bars: pl.DataFrame, columns: list[str] | None = None,
                *, column: str = "close") -> tuple[pl.DataFrame, np.ndarray]:
    """``long_bars`` (``symbol, date`` and ``columns``) without null ``column`` values, in
    (symbol, date) order, and a mask True on each symbol's first row.

    The long-frame figures of the facts modules share this preparation; rows already in order are
    not sorted again. Raises ``ValueError`` naming the first symbol with two rows on one date
    (a universe table holds one bar per symbol and session).
    """
    cols = ["symbol", "date", *(c for c in (columns or [column]) if c not in ("symbol", "date"))]
    rows = long_bars.select(cols)
    if rows.get_column(column).has_nulls():
        rows = rows.filter(pl.col(column).is_not_null())
    new = new_series(rows)
    if new is None:
        rows = rows.sort("symbol", "date", maintain_order=True)
        new = new_series(rows)
        if new is None:
            dup = rows.filter(pl.struct("symbol", "date").is_duplicated()).head(1)
            if dup.height:
                raise ValueError(f"{dup.item(0, 'symbol')}: two rows dated "
                                 f"{dup.item(0, 'date')}; one bar per symbol and date expected")
            raise ValueError("symbol or date has null values")
    return rows, new


def segment_bounds(new: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first row, last row, group id of every row) of the contiguous series marked by ``new``."""
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:] - 1, new.size - 1) if starts.size else starts
    return starts, ends, np.cumsum(new) - 1


class LongSegments:
    """A long frame prepared once for many long-frame figures: rows in (symbol, date) order
    without null ``column`` values (:func:`sorted_long`), each symbol's first / last row, and
    numpy views computed on first use and shared (values, day numbers, group ids, (series, day)
    keys, the running maximum and the record flags).

    Every ``*_long`` function of the facts modules that takes ``segments=`` uses it instead of
    sorting and checking its input again; the result is the same as passing ``rows``.
    """

    def __init__(self, rows: pl.DataFrame, new: np.ndarray, column: str = "close") -> None:
        self.rows, self.new, self.column = rows, new, column
        self.starts = np.flatnonzero(new)
        self.ends = np.append(self.starts[1:] - 1, new.size - 1) if self.starts.size \
            else self.starts
        self._cache: dict[str, np.ndarray] = {}

    def search_days(self, targets: np.ndarray) -> np.ndarray:
        """Per symbol g, the first row of g dated on or after day number ``targets[g]`` (its last
        row + 1 when none): ``np.searchsorted(keys, group_day_keys(g, targets), "left")`` without
        building the keys of every row (a binary search of all symbols at once, numpy calls on
        arrays of one entry per symbol)."""
        d = self.days
        lo = self.starts.astype(np.int64)
        hi = self.ends.astype(np.int64) + 1
        t = np.asarray(targets, dtype=np.int64)
        while True:
            open_ = lo < hi
            if not open_.any():
                return lo
            mid = (lo + hi) >> 1
            below = open_ & (d[np.minimum(mid, d.size - 1)] < t)
            lo = np.where(below, mid + 1, lo)
            hi = np.where(open_ & ~below, mid, hi)

    @property
    def record_rows(self) -> np.ndarray:
        """Rows setting a record (:attr:`record`), ascending."""
        return self._get("record_rows", lambda: np.flatnonzero(self.record))

    def record_at(self, rows: np.ndarray) -> np.ndarray:
        """Index of the record close in force at each of ``rows`` (``record_index[rows]``
        without the per-row array: a searchsorted in the record rows)."""
        rr = self.record_rows
        return rr[np.searchsorted(rr, rows, side="right") - 1]

    def records_between(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Count of record rows in ``[lo[i], hi[i]]`` for every i (0 when empty)."""
        rr = self.record_rows
        n = np.searchsorted(rr, hi, side="right") - np.searchsorted(rr, lo, side="left")
        return np.maximum(n, 0).astype(np.int64)

    @property
    def lengths(self) -> np.ndarray:
        return self._get("lengths", lambda: self.ends - self.starts + 1)

    def _get(self, name: str, make: Any) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    @property
    def size(self) -> int:
        return self.rows.height

    @property
    def values(self) -> np.ndarray:
        return self._get("values", lambda: self.rows.get_column(self.column).to_numpy())

    @property
    def days(self) -> np.ndarray:
        return self._get("days", lambda: day_numbers(self.rows))

    @property
    def gid(self) -> np.ndarray:
        return self._get("gid", lambda: np.cumsum(self.new) - 1)

    @property
    def keys(self) -> np.ndarray:
        return self._get("keys", lambda: group_day_keys(self.gid, self.days))

    @property
    def peak(self) -> np.ndarray:
        """Running maximum of the values within each symbol."""
        return self._get("peak", lambda: _segment_cummax(self.values, self.starts, self.ends))

    @property
    def record(self) -> np.ndarray:
        """:func:`record_flags` of every row (the first row of a symbol is a record)."""
        def make() -> np.ndarray:
            v, peak = self.values, self.peak
            rec = np.empty(v.size, dtype=bool)
            rec[:1] = True
            np.greater(v[1:], peak[:-1], out=rec[1:])
            rec[self.starts] = True
            return rec
        return self._get("record", make)

    @property
    def record_index(self) -> np.ndarray:
        """Index of the record close in force at each row."""
        return self._get("record_index", lambda: record_index(self.record))

    def last(self, name: str) -> pl.Series:
        """Column ``name`` at each symbol's last row."""
        return self.rows.get_column(name)[self.ends]


def segments_long(long_bars: pl.DataFrame, columns: list[str] | None = None,
                  *, column: str = "close") -> LongSegments:
    """:func:`sorted_long` once, as a :class:`LongSegments` to pass as ``segments=``."""
    rows, new = sorted_long(long_bars, columns, column=column)
    return LongSegments(rows, new, column)


def _segment_cummax(v: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``np.maximum.accumulate`` restarted at each segment: one 2-D accumulate when all segments
    have one length (a rectangular universe), else one accumulate per segment (numpy calls, no
    per-row Python)."""
    out = np.empty_like(v)
    if starts.size == 0:
        return out
    length = int(ends[0] - starts[0] + 1)
    if v.size == starts.size * length and bool(np.all(ends - starts + 1 == length)):
        np.maximum.accumulate(v.reshape(starts.size, length), axis=1,
                              out=out.reshape(starts.size, length))
        return out
    for s, e in zip(starts.tolist(), (ends + 1).tolist()):
        np.maximum.accumulate(v[s:e], out=out[s:e])
    return out


def day_numbers(rows: pl.DataFrame) -> np.ndarray:
    return rows.get_column("date").to_physical().to_numpy().astype(np.int64)


def group_day_keys(gid: np.ndarray, days: np.ndarray) -> np.ndarray:
    """One sortable int64 per (series, day): rows in (symbol, date) order have increasing keys, so
    ``np.searchsorted`` finds any series' first row on or after a day in one call for all series."""
    return (gid.astype(np.int64) << 32) | (days + (1 << 31))


def require_long(frame: pl.DataFrame | None) -> pl.DataFrame:
    """``frame``, or a TypeError when a long-frame function got neither a frame nor segments."""
    if frame is None:
        raise TypeError("pass the long frame or segments=")
    return frame


def record_index(rec: np.ndarray) -> np.ndarray:
    """Index of the record in force at each row (every segment starts with a record)."""
    idx = np.arange(rec.size, dtype=np.int64)
    idx[~rec] = 0
    return np.maximum.accumulate(idx)


def window_sums(x: np.ndarray, lo: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Sum of ``x[lo[i] : ends[i] + 1]`` for every i (disjoint or not), as int64 / float64, with
    one ``reduceat``; an empty window sums to 0."""
    if lo.size == 0:
        return np.zeros(0, dtype=np.int64 if x.dtype.kind in "biu" else np.float64)
    acc = np.int64 if x.dtype.kind in "biu" else np.float64
    bounds = np.empty(2 * lo.size, dtype=np.int64)
    bounds[0::2], bounds[1::2] = lo, ends + 1
    sums = np.add.reduceat(np.append(x, 0).astype(acc, copy=False), bounds)[0::2]
    return np.where(ends + 1 > lo, sums, 0)

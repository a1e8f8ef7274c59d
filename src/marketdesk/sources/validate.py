"""The one validation of bars at the boundary, for every source (files, providers, frames).

Every frame that is about to reach the store passes :func:`check_bars` first, whatever it came
from: a block of a CSV or Parquet file (with ``_line``, its line or row in the file), a provider's
download, or a frame handed to ``Store.load``. What it refuses, naming the file (or origin), the
line and the dates involved:

- a date outside the exchange calendar's range (``calendar.CALENDAR_START`` to the end of next
  year): the calendar cannot say anything about a bar dated 0001, 1801 or 2199;
- a price (open, high, low, close, adjusted close) or volume that is infinite;
- a price that is zero or negative, except for yields and close-only series (FRED), which can be;

What it drops and says so: rows whose close is NaN (``NaN`` in a file, a float NaN in Parquet or
a provider's payload), listed by date in the returned ``dropped`` dates. A missing close (FRED's
``.``, an empty cell) is not NaN: such rows are dropped silently by the parsers, as before.

Pure functions over polars frames; no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from ..errors import DataFormatError
from .file_chunks import LINE
PRICE_ROLES: tuple[str, ...] = ("open", "high", "low", "close", "adj_close")
FINITE_ROLES: tuple[str, ...] = (*PRICE_ROLES, "volume")
#: how many offending dates a message lists
SHOWN = 5


def date_range() -> tuple[dt.date, dt.date]:
    """The dates the store accepts: the exchange calendar's first and last day."""
    from ..calendar import CALENDAR_START, calendar_end

    return CALENDAR_START, calendar_end()


@dataclass(frozen=True)
class Checked:
    """A checked frame and the dates of the rows dropped for a NaN close (first ``SHOWN``, and
    how many in all)."""

    frame: pl.DataFrame
    nan_dates: tuple[dt.date, ...] = ()
    nan_count: int = 0


def _where(origin: str, line: int | None, what: str,
           error: Callable[..., DataFormatError] | None) -> DataFormatError:
    if error is not None:
        return error(what, line)
    return DataFormatError(what, path=origin, line=line)


def _listing(rows: pl.DataFrame) -> str:
    dates = ", ".join(str(d) for d in rows["date"].head(SHOWN).to_list())
    more = f" and {rows.height - SHOWN} more" if rows.height > SHOWN else ""
    return dates + more


def check_bars(frame: pl.DataFrame, origin: str, *, close_only: bool = False,
               yield_symbols: frozenset[str] = frozenset(),
               error: Callable[..., DataFormatError] | None = None) -> Checked:
    """``frame`` (columns ``date``, the price roles present, ``symbol`` if known, ``_line`` if
    from a file) checked as the module docstring says; rows with a NaN close removed.

    ``close_only``: the source has no open/high/low (FRED), so a zero or negative close is allowed;
    ``yield_symbols``: symbols whose values are yields in percent (may be zero or negative);
    ``error``: builds the ``DataFormatError`` for a line (a file's, naming its column), default one
    naming ``origin``. Raises ``DataFormatError`` for the first offence in file order.
    """
    has_line = LINE in frame.columns
    cols = [c for c in FINITE_ROLES if c in frame.columns]
    first, last = date_range()
    line_of: Callable[[pl.DataFrame], int | None] = (
        (lambda rows: int(rows[LINE][0])) if has_line else (lambda rows: None))

    out_of_range = frame.filter((pl.col("date") < first) | (pl.col("date") > last))
    if out_of_range.height:
        raise _where(origin, line_of(out_of_range),
                     f"{out_of_range.height} row(s) dated outside the exchange calendar "
                     f"({first} to {last}): {_listing(out_of_range)}", error)

    nan_close = frame.filter(pl.col("close").is_nan()) if "close" in cols else frame.clear()
    if nan_close.height:
        frame = frame.filter(~pl.col("close").is_nan() | pl.col("close").is_null())
    floats = [c for c in cols if frame.schema[c].is_float()]
    if floats:
        infinite = frame.filter(pl.any_horizontal(pl.col(c).is_infinite() for c in floats))
        if infinite.height:
            bad = next(c for c in floats if infinite[c].is_infinite().any())
            raise _where(origin, line_of(infinite),
                         f"{infinite.height} row(s) with an infinite {bad.replace('_', ' ')}: "
                         f"{_listing(infinite)}", error)
        frame = frame.with_columns(pl.col(c).fill_nan(None) for c in floats)

    prices = [c for c in PRICE_ROLES if c in cols]
    if prices and not close_only:
        lenient = (pl.col("symbol").is_in(list(yield_symbols)) if "symbol" in frame.columns
                   and yield_symbols else pl.lit(False))
        nonpositive = frame.filter(~lenient & pl.any_horizontal(pl.col(c) <= 0 for c in prices))
        if nonpositive.height:
            bad = next(c for c in prices if (nonpositive[c] <= 0).any())
            raise _where(origin, line_of(nonpositive),
                         f"{nonpositive.height} row(s) with a zero or negative "
                         f"{bad.replace('_', ' ')}: {_listing(nonpositive)}", error)
    return Checked(frame, tuple(nan_close["date"].head(SHOWN).to_list()), nan_close.height)


def yield_symbols() -> frozenset[str]:
    """The registry's symbols of kind ``yield`` (their values may be zero or negative)."""
    from ..instruments import load_instruments

    return frozenset(s for s, i in load_instruments().items() if i.kind == "yield")


__all__ = ["check_bars", "Checked", "date_range", "yield_symbols", "PRICE_ROLES", "SHOWN"]

"""Normalising raw file rows into canonical bars: parse, validate with line numbers, dedupe, sort.

Pure functions over polars frames (no I/O). Input frames come from ``file_chunks``: one column per
role (``date``, ``open``, ``high``, ``low``, ``close``, ``adj_close``, ``volume``, ``dividends``,
``symbol``), String for CSV or native types for Parquet, plus ``_line`` (1-based line in the file,
or row number for Parquet).

Conventions:
- a date is the first 10 characters when they are ISO (``2000-07-28 00:00:00-04:00`` -> the local
  date 2000-07-28); ``MM/DD/YYYY`` and ``YYYYMMDD`` are also read;
- numbers may carry thousands commas or a ``$``; missing cells (empty, ``.``, ``null``) are null;
- a row without a close (FRED's empty or ``.`` value) is dropped; a ``NaN`` stays a float NaN
  for ``validate.check_bars`` to drop by date;
- a cell that is present but cannot be read is a ``DataFormatError`` naming line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import DataFormatError
from .file_chunks import LINE
from .file_layout import Layout

NUMERIC_ROLES: tuple[str, ...] = ("open", "high", "low", "close", "adj_close", "volume", "dividends")
VALUE_COLUMNS: list[str] = ["symbol", "date", "open", "high", "low", "close", "adj_close", "volume"]


@dataclass(frozen=True)
class FileContext:
    """Where rows came from, for error messages: the ``path`` and its ``layout``."""

    path: Path
    layout: Layout

    def error(self, problem: str, line: int | None, role: str | None = None,
              value: object = None, hint: str | None = None) -> DataFormatError:
        """A ``DataFormatError`` naming the file, the line (Parquet: the row) and raw column."""
        column = self.layout.roles.get(role) if role else None
        if self.layout.format == "parquet" and line is not None:
            problem, line = f"row {line}: {problem}", None
        return DataFormatError(problem, path=self.path, line=line, column=column, value=value,
                               hint=hint)


def _date_expr(dtype: pl.DataType, lenient: bool) -> tuple[pl.Expr, pl.Expr]:
    col = pl.col("date")
    if dtype == pl.Date:
        return col, pl.lit(False)
    if isinstance(dtype, pl.Datetime):
        return col.dt.date(), pl.lit(False)
    text = col.cast(pl.String)
    parsed = text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    if lenient:
        parsed = pl.coalesce(parsed, text.str.strptime(pl.Date, "%m/%d/%Y", strict=False),
                             text.str.strptime(pl.Date, "%Y%m%d", strict=False))
    return parsed, col.is_not_null() & parsed.is_null()


def _number_expr(role: str, dtype: pl.DataType, lenient: bool) -> tuple[pl.Expr, pl.Expr]:
    col = pl.col(role)
    if dtype.is_numeric():
        return col.cast(pl.Float64), pl.lit(False)
    text = col.cast(pl.String)
    if lenient:
        text = text.str.replace_all(r"[,$\s]", "")
    value = text.cast(pl.Float64, strict=False)
    bad = col.is_not_null() & (value.is_null() | value.is_infinite())
    return value, bad


def parse_rows(raw: pl.DataFrame, ctx: FileContext) -> pl.DataFrame:
    """Parse one block of raw rows: typed ``date`` and Float64 numbers, ``symbol`` as text,
    ``_line`` kept; blank rows and rows without a close dropped. Raises ``DataFormatError`` for the
    first cell (in file order) that is present but unreadable, or a row with values but no date.

    Plain ISO dates and plain numbers are tried first; only a block where some cell fails is parsed
    again with the other spellings (``MM/DD/YYYY``, ``YYYYMMDD``, ``1,234.5``, ``$12``)."""
    try:
        return _parse_rows(raw, ctx, lenient=False)
    except DataFormatError:
        return _parse_rows(raw, ctx, lenient=True)


def _parse_rows(raw: pl.DataFrame, ctx: FileContext, lenient: bool) -> pl.DataFrame:
    exprs: dict[str, pl.Expr] = {}
    bad: dict[str, pl.Expr] = {}
    for role, dtype in raw.schema.items():
        if role == "date":
            exprs[role], bad[role] = _date_expr(dtype, lenient)
        elif role in NUMERIC_ROLES:
            exprs[role], bad[role] = _number_expr(role, dtype, lenient)
        elif role == "symbol":
            exprs[role] = pl.col(role).cast(pl.String)
    has_values = pl.any_horizontal(pl.col(r).is_not_null() for r in raw.columns if r != LINE)
    bad["date"] = bad["date"] | (pl.col("date").is_null() & pl.col("close").is_not_null())
    flags = [f"_bad_{r}" for r in raw.columns if r in bad]  # file column order
    out = raw.select(*(e.alias(r) for r, e in exprs.items()), pl.col(LINE),
                     *(bad[f.removeprefix("_bad_")].alias(f) for f in flags),
                     has_values.alias("_has_values"))
    first_bad = out.filter(pl.any_horizontal(flags)).head(1)
    if first_bad.height:
        line = first_bad[LINE][0]
        cells = raw.filter(pl.col(LINE) == line).row(0, named=True)
        _raise_bad_cell(cells, first_bad.select(flags).row(0, named=True), ctx)
    return (out.filter(pl.col("_has_values") & pl.col("close").is_not_null())
            .drop(*flags, "_has_values"))


def _raise_bad_cell(cells: dict[str, object], flags: dict[str, bool], ctx: FileContext) -> None:
    role = next(f.removeprefix("_bad_") for f, is_bad in flags.items() if is_bad)
    line = int(cells[LINE])  # type: ignore[call-overload]  # cells are typed object; LINE is an int column
    if role == "date" and cells["date"] is None:
        raise ctx.error("a row with values but no date", line, "date")
    if role == "date":
        raise ctx.error("cannot read the date", line, "date", cells["date"],
                        hint="Expected YYYY-MM-DD (a time and UTC offset after it are ignored)")
    raise ctx.error(f"cannot read the {role.replace('_', ' ')} as a number", line, role,
                    cells[role])


def dedupe_sorted(frame: pl.DataFrame, ctx: FileContext) -> pl.DataFrame:
    """Sort by symbol and date, drop exact duplicate rows, and raise ``DataFormatError`` naming both
    lines when one date appears twice with different values."""
    keys = [c for c in frame.columns if c != LINE]
    frame = frame.sort("symbol", "date", LINE).unique(subset=keys, keep="first", maintain_order=True)
    dup = frame.filter(pl.struct("symbol", "date").is_duplicated())
    if dup.height:
        first, second = dup.row(0, named=True), dup.row(1, named=True)
        raise ctx.error(f"{first['symbol']} {first['date']} appears twice with different values, "
                        f"on lines {first[LINE]} and {second[LINE]}", int(second[LINE]), "date",
                        hint="Remove one of the two rows")
    return frame


def unadjust_dividends(frame: pl.DataFrame) -> pl.DataFrame:
    """Rebuild traded (split-adjusted, not dividend-adjusted) prices from a yfinance
    ``Ticker.history()`` frame whose open/high/low/close are dividend-adjusted, using its
    ``dividends`` column (cash per share on the ex-date). The adjusted close moves to ``adj_close``.

    Yahoo scales every price before an ex-date t by ``1 - d_t / C_{t-1}`` (C: traded close). Walking
    back from the last row with factor f, ``C = adj / f`` and ``f <- f (1 - d_t / P)`` with
    ``P = adj_close[t-1] / f + d_t``. With g = 1/f this is ``g <- g + d_t / adj_close[t-1]``, so
    ``g_t = 1 + sum over ex-dates s > t of d_s / adj_close[s-1]``: a reverse cumulative sum, and the
    traded price is ``adj * g``. Rows must be sorted by symbol and date.
    """
    term = (pl.col("dividends") / pl.col("close").shift(1).over("symbol")).fill_null(0.0)
    frame = frame.with_columns(term.alias("_term"))
    g = 1.0 + (pl.col("_term").cum_sum(reverse=True) - pl.col("_term")).over("symbol")
    return frame.with_columns(
        pl.col("close").alias("adj_close"),
        *(pl.col(c) * g for c in ("open", "high", "low", "close")),
    ).drop("_term")


__all__ = ["FileContext", "NUMERIC_ROLES", "parse_rows", "dedupe_sorted", "unadjust_dividends"]

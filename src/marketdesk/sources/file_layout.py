"""Sniffing a bar file: its format, header lines, which column holds what, and a header symbol.

Only the first bytes of the file are read here (``SNIFF_BYTES``); the data rows are read by
``file_chunks``. Formats recognised (the names ``sniff_format`` returns):

=========================  =========================================================================
``parquet``                Parquet file (magic ``PAR1``), canonical or similar column names
``yfinance-multiheader``   newer yfinance CSV: ``Price,...`` / ``Ticker,^SPX,...`` / ``Date,,,`` lines
``yfinance-history``       yfinance ``Ticker.history()`` CSV: Dividends + Stock Splits, no Adj Close;
                           its OHLC are dividend-adjusted (see ``normalize.unadjust_dividends``)
``fred``                   two columns: a date and a value (``date,value``, ``observation_date,DGS10``)
``ibkr``                   broker export ``date,open,high,low,close,volume,wap,count``
``yahoo``                  Yahoo/yfinance download with ``Date`` and ``Close`` (any column order)
``csv``                    any other delimited text with a date and a close column
=========================  =========================================================================
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataFormatError

SNIFF_BYTES = 64 * 1024

#: canonical role -> normalised header names that fill it (lower case, no spaces, ``_-./*``)
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "datetime", "timestamp", "time", "observationdate", "tradedate", "day"),
    "open": ("open",),
    "high": ("high",),
    "low": ("low",),
    "close": ("close", "closelast", "last"),
    "adj_close": ("adjclose", "adjustedclose"),
    "volume": ("volume", "vol"),
    "dividends": ("dividends", "dividend"),
    "symbol": ("ticker", "symbol"),
}
#: columns that are known and deliberately dropped
IGNORED_NAMES: frozenset[str] = frozenset(
    {"stocksplits", "splits", "capitalgains", "wap", "vwap", "count", "source", "tradecount"})
_NAME_TO_ROLE = {name: role for role, names in ROLE_NAMES.items() for name in names}


def normalise_name(name: str) -> str:
    """Header name as a lookup key: ``"Adj Close"`` -> ``"adjclose"``, ``"observation_date"`` ->
    ``"observationdate"``."""
    return re.sub(r"[\s_\-./*]+", "", name.strip().lstrip("\ufeff")).casefold()


@dataclass(frozen=True)
class Layout:
    """What sniffing found: ``format`` name, the raw ``columns`` in file order, how many
    ``header_lines`` come before the first data line, ``roles`` (canonical role -> raw column name),
    the ``header_symbol`` given by a Ticker row or a FRED series header, and the CSV ``separator``."""

    format: str
    columns: tuple[str, ...]
    header_lines: int
    roles: dict[str, str] = field(default_factory=dict)
    header_symbol: str | None = None
    separator: str = ","

    @property
    def dividend_adjusted(self) -> bool:
        """True when O/H/L/C are dividend-adjusted and must be rebuilt (``Ticker.history()``)."""
        return self.format == "yfinance-history"


def read_head(path: Path) -> bytes:
    """The first ``SNIFF_BYTES`` of ``path``; ``DataFormatError`` if it is missing or unreadable."""
    try:
        with open(path, "rb") as fh:
            return fh.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise DataFormatError("no such file", path=path) from None
    except IsADirectoryError:
        raise DataFormatError("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise DataFormatError(f"cannot read the file ({exc.strerror})", path=path) from None


def check_text(path: Path, head: bytes) -> str:
    """Decode the sniffed bytes as UTF-8 text, or raise ``DataFormatError`` for empty or binary
    files, naming the line of the first offending byte."""
    if not head.strip():
        raise DataFormatError("the file is empty", path=path, line=1,
                              hint="Expected a header line such as Date,Open,High,Low,Close,Volume")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataFormatError("the file is UTF-16 text", path=path, line=1,
                              hint="Save it as UTF-8 CSV")
    for magic, what in ((b"\x1f\x8b", "gzip-compressed"), (b"PK\x03\x04", "a zip archive"),
                        (b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document")):
        if head.startswith(magic):
            raise DataFormatError(f"the file is {what}, not CSV or Parquet", path=path, line=1)
    nul = head.find(b"\x00")
    if nul >= 0:
        raise DataFormatError("binary data (NUL byte), not CSV text", path=path,
                              line=head.count(b"\n", 0, nul) + 1)
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the sniff window
            return head[: exc.start].decode("utf-8")
        raise DataFormatError("bytes that are not UTF-8 text", path=path,
                              line=head.count(b"\n", 0, exc.start) + 1,
                              hint="Save the file as UTF-8 CSV") from None


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def sniff_layout(path: Path) -> Layout:
    """Detect the layout of the bar file at ``path`` from its first bytes (see module docstring)."""
    head = read_head(path)
    if head.startswith(b"PAR1"):
        return _parquet_layout(path)
    text = check_text(path, head).lstrip("\ufeff")
    lines = text.splitlines()
    if len(head) == SNIFF_BYTES and len(lines) > 1:  # the last line may be cut by the window
        lines = lines[:-1]
    sep = _separator(lines[0])
    rows = list(csv.reader(io.StringIO("\n".join(lines[:3])), delimiter=sep))
    header = [c.strip() for c in rows[0]]
    first = [normalise_name(c) for c in header]
    if (len(rows) >= 2 and first and first[0] == "price" and rows[1]
            and normalise_name(rows[1][0]) == "ticker"):
        return _multiheader_layout(path, header, rows, sep)
    return _flat_layout(path, header, sep)


def _roles(path: Path, columns: list[str], *, line: int | None) -> dict[str, str]:
    roles: dict[str, str] = {}
    for col in columns:
        role = _NAME_TO_ROLE.get(normalise_name(col))
        if role is None:
            continue
        if role in roles:
            raise DataFormatError(f"two columns hold the {role}: {roles[role]!r} and {col!r}",
                                  path=path, line=line, column=col)
        roles[role] = col
    return roles


def _require(path: Path, roles: dict[str, str], columns: list[str], line: int) -> None:
    for need, example in (("date", "Date"), ("close", "Close (or value)")):
        if need not in roles:
            raise DataFormatError(
                f"no {need} column among {columns}", path=path, line=line, column=example,
                hint="A bar file needs a date column and a close (or FRED value) column")


def _multiheader_layout(path: Path, header: list[str], rows: list[list[str]], sep: str) -> Layout:
    columns = ["Date", *header[1:]]
    tickers = {c.strip() for c in rows[1][1:] if c.strip()}
    if len(tickers) > 1:
        raise DataFormatError(f"the Ticker row names several tickers {sorted(tickers)}", path=path,
                              line=2, hint="Download one ticker per file")
    header_lines = 3 if len(rows) >= 3 and rows[2] and normalise_name(rows[2][0]) == "date" else 2
    roles = _roles(path, columns, line=1)
    _require(path, roles, columns, 1)
    return Layout("yfinance-multiheader", tuple(columns), header_lines, roles,
                  next(iter(tickers), None), sep)


def _flat_layout(path: Path, header: list[str], sep: str) -> Layout:
    roles = _roles(path, header, line=1)
    names = {normalise_name(c) for c in header}
    header_symbol = None
    fmt = "csv"
    if "date" in roles and len(header) == 2 and "close" not in roles:
        other = next(c for c in header if c != roles["date"])
        if normalise_name(other) not in _NAME_TO_ROLE and normalise_name(other) not in IGNORED_NAMES:
            roles["close"] = other
            header_symbol = None if normalise_name(other) == "value" else other
            fmt = "fred"
    _require(path, roles, header, 1)
    if fmt == "fred":
        return Layout(fmt, tuple(header), 1, roles, header_symbol, sep)
    if "dividends" in roles and "stocksplits" in names and "adj_close" not in roles:
        fmt = "yfinance-history"
    elif {"wap", "count"} & names and all(c == c.lower() for c in header):
        fmt = "ibkr"
    elif roles["date"] == "Date":
        fmt = "yahoo"
    return Layout(fmt, tuple(header), 1, roles, header_symbol, sep)


def _parquet_layout(path: Path) -> Layout:
    import polars as pl

    try:
        columns = list(pl.scan_parquet(path).collect_schema().names())
    except Exception as exc:  # polars raises several types for corrupt files
        raise DataFormatError(f"cannot read as Parquet ({type(exc).__name__}: {exc})",
                              path=path) from None
    roles = _roles(path, columns, line=None)
    if "close" not in roles and "value" in {normalise_name(c) for c in columns}:
        roles["close"] = next(c for c in columns if normalise_name(c) == "value")
    for need in ("date", "close"):
        if need not in roles:
            raise DataFormatError(f"no {need} column among {columns}", path=path, column=need)
    fmt = "parquet"
    return Layout(fmt, tuple(columns), 0, roles, None, ",")


__all__ = ["Layout", "ROLE_NAMES", "IGNORED_NAMES", "SNIFF_BYTES", "normalise_name", "read_head",
           "check_text", "sniff_layout"]

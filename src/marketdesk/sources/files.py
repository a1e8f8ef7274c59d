"""Bars from CSV and Parquet files, in three steps: a typed query, the raw payload, normalized bars.

>>> from marketdesk.sources.files import read_file              # doctest: +SKIP
>>> read_file("RUT.csv").columns                                  # doctest: +SKIP
['symbol', 'date', 'open', 'high', 'low', 'close', 'adj_close', 'volume', 'source']

Formats (see ``file_layout``): Yahoo/yfinance downloads in any column order, the newer yfinance
three-header-line CSV, yfinance ``Ticker.history()`` files (dividend-adjusted OHLC, rebuilt to
traded prices), broker exports (``date,open,...,wap,count``), FRED series (close only; open, high
and low null), and Parquet with canonical or similar column names.

The symbol of the rows comes from, in order: the ``symbol`` argument; a ``ticker``/``symbol``
column, the Ticker header row or a FRED series header; the file name (``RUT.csv`` -> ``^RUT``,
``RUT_since2016.csv`` -> ``^RUT``, ``RTY_F.csv`` -> ``RTY=F``). Known names are made canonical
through ``marketdesk.instruments`` (``^SPX`` -> ``^GSPC``). Otherwise ``SymbolError``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import DataFormatError, SymbolError
from ..instruments import resolve_symbol
from ..schema import BAR_SCHEMA, conform
from .file_chunks import LINE, iter_csv_chunks, iter_parquet_batches
from .file_layout import Layout, sniff_layout
from .file_normalize import FileContext, dedupe_sorted, parse_rows, unadjust_dividends
from .validate import SHOWN, check_bars, yield_symbols

MANIFEST_NAME = "MANIFEST.csv"


@dataclass(frozen=True)
class FileQuery:
    """What to read: the file ``path``, an explicit ``symbol`` (wins over anything in the file), and
    the ``source`` label of the rows (default ``"file:<file name>"``)."""

    path: Path
    symbol: str | None = None
    source: str | None = None

    @classmethod
    def parse(cls, path: str | Path, symbol: str | None = None,
              source: str | None = None) -> FileQuery:
        """Build a query from user input: ``~`` expanded, blank symbol/source treated as absent."""
        return cls(Path(path).expanduser(), (symbol or "").strip() or None,
                   (source or "").strip() or None)

    @property
    def source_label(self) -> str:
        """The ``source`` column value for the rows read."""
        return self.source or f"file:{self.path.name}"


@dataclass(frozen=True)
class RawPayload:
    """The file's ``layout`` and its data rows as raw blocks (role-named columns plus ``_line``)."""

    layout: Layout
    blocks: Iterator[pl.DataFrame]


def extract(query: FileQuery) -> RawPayload:
    """Sniff the file and open its rows as a lazy stream of raw blocks (nothing parsed yet)."""
    layout = sniff_layout(query.path)
    if layout.format == "parquet":
        return RawPayload(layout, iter_parquet_batches(query.path, layout))
    return RawPayload(layout, iter_csv_chunks(query.path, layout))


class FileBars:
    """The canonical bars of one file as a stream of validated batches, for a bounded-memory load.

    Iterating yields frames in ``schema.BAR_SCHEMA`` plus ``_line`` (the row's line in the file),
    each sorted by symbol and date and free of exact duplicates within itself; rows repeated
    across batches are for the store to settle. Every batch has passed ``validate.check_bars``
    (dates in the calendar's range, finite and positive prices); rows with a NaN close are dropped
    and counted in ``nan_count`` (the first dates in ``nan_dates``). A dividend-adjusted
    ``Ticker.history()`` file is read whole (its prices are rebuilt from the last row back).
    """

    def __init__(self, query: FileQuery, payload: RawPayload | None = None) -> None:
        self.query = query
        self.payload = payload if payload is not None else extract(query)
        self.layout = self.payload.layout
        self.ctx = FileContext(query.path, self.layout)
        self.nan_dates: list[dt.date] = []
        self.nan_count = 0
        self.rows = 0
        self._yields = yield_symbols()

    def __iter__(self) -> Iterator[pl.DataFrame]:
        if self.layout.dividend_adjusted:
            whole = [self._typed(block) for block in self.payload.blocks]
            frame = dedupe_sorted(pl.concat(whole) if whole else pl.DataFrame(), self.ctx)
            if frame.height:
                yield self._finish(unadjust_dividends(frame))
        else:
            for block in self.payload.blocks:
                frame = self._typed(block)
                if frame.height:
                    keys = [c for c in _VALUE_KEYS if c in frame.columns]
                    yield self._finish(frame.sort("symbol", "date", LINE)
                                       .unique(subset=keys, keep="first", maintain_order=True))
        if self.rows == 0:
            raise DataFormatError("no data rows with a date and a close", path=self.query.path,
                                  line=self.layout.header_lines + 1,
                                  hint="The file has a header but no values")

    def _typed(self, block: pl.DataFrame) -> pl.DataFrame:
        frame = parse_rows(block, self.ctx)
        if not frame.height:
            return frame
        frame = _assign_symbol(frame, self.query, self.layout)
        close_only = not {"open", "high", "low"} & set(self.layout.roles)
        checked = check_bars(frame, str(self.query.path), close_only=close_only,
                             yield_symbols=self._yields, error=self._error)
        self.nan_count += checked.nan_count
        self.nan_dates += list(checked.nan_dates)[: SHOWN - len(self.nan_dates)]
        return checked.frame

    def _error(self, problem: str, line: int | None) -> DataFormatError:
        return self.ctx.error(problem, line)

    def _finish(self, frame: pl.DataFrame) -> pl.DataFrame:
        self.rows += frame.height
        out = frame.with_columns(pl.lit(self.query.source_label).alias("source"))
        return out.select(*(pl.col(c).cast(t) if c in out.columns else pl.lit(None, t).alias(c)
                            for c, t in BAR_SCHEMA.items()), pl.col(LINE))


_VALUE_KEYS = ["symbol", "date", "open", "high", "low", "close", "adj_close", "volume"]


def transform(query: FileQuery, payload: RawPayload) -> pl.DataFrame:
    """Normalize a raw payload into canonical bars (``schema.BAR_SCHEMA``), sorted by symbol, date."""
    reader = FileBars(query, payload)
    frame = pl.concat(list(reader))
    return conform(dedupe_sorted(frame, reader.ctx).drop(LINE))


def read_file(path: str | Path, symbol: str | None = None, *,
              source: str | None = None) -> pl.DataFrame:
    """Canonical daily bars (``schema.BAR_SCHEMA``) from a CSV or Parquet file, sorted by date.

    Prices are as traded (index levels; split- but not dividend-adjusted ETF prices), yields in
    percent; ``adj_close`` only where the file gives one (or it is rebuilt, see
    ``file_normalize.unadjust_dividends``). ``source`` defaults to ``"file:<file name>"``.
    The whole file is held in memory; ``FileBars`` streams it instead.

    Raises ``DataFormatError`` (naming file, line and column) for unreadable files, cells and
    conflicting duplicate dates, and ``SymbolError`` when no symbol is given or inferable.
    """
    query = FileQuery.parse(path, symbol, source)
    return transform(query, extract(query))


def sniff_format(path: str | Path) -> str:
    """The detected format of a bar file: ``parquet``, ``yfinance-multiheader``,
    ``yfinance-history``, ``fred``, ``ibkr``, ``yahoo`` or ``csv`` (see ``file_layout``)."""
    return sniff_layout(Path(path)).format


def canonical_symbol(text: str) -> str:
    """``text`` as a canonical symbol: the instrument it names, else itself stripped, upper case."""
    return resolve_symbol(text) or text.strip().upper()


def infer_symbol(path: str | Path, header_symbol: str | None = None) -> str | None:
    """The symbol a file holds, judged from its header (Ticker row or FRED series name; used as
    given when not a known instrument) or else its file name through the instrument aliases:
    ``RUT.csv`` -> ``^RUT``, ``^SPX.csv`` -> ``^GSPC``, ``RUT_since2016.csv`` -> ``^RUT`` (the part
    before ``_``), ``RTY_F.csv`` -> ``RTY=F``. ``None`` when nothing fits."""
    if header_symbol and header_symbol.strip():
        return canonical_symbol(header_symbol)
    stem = Path(path).stem.strip()
    candidates = [stem]
    if stem.upper().endswith("_F"):
        candidates.append(stem[:-2] + "=F")
    candidates += [stem.split("_")[0], stem.split(" ")[0]]
    for cand in candidates:
        if cand and (found := resolve_symbol(cand)):
            return found
    return None


def _assign_symbol(frame: pl.DataFrame, query: FileQuery, layout: Layout) -> pl.DataFrame:
    in_file: list[str] = []
    if "symbol" in frame.columns:
        in_file = frame["symbol"].drop_nulls().unique(maintain_order=True).to_list()
    if query.symbol is not None:
        if len(in_file) > 1:
            raise SymbolError(f"{query.path}: the file holds {len(in_file)} tickers "
                              f"({', '.join(map(str, in_file[:5]))}); --symbol {query.symbol} "
                              "cannot name them all. Load it without --symbol.", symbol=query.symbol)
        return frame.with_columns(pl.lit(canonical_symbol(query.symbol)).alias("symbol"))
    if in_file:
        mapping = {t: canonical_symbol(t) for t in in_file}
        if len(in_file) > 1 and frame["symbol"].null_count():
            line = frame.filter(pl.col("symbol").is_null())[LINE][0]
            raise FileContext(query.path, layout).error("a row without a ticker in a file of "
                                                        "several tickers", int(line), "symbol")
        return frame.with_columns(
            pl.col("symbol").fill_null(in_file[0]).replace_strict(mapping, return_dtype=pl.String))
    found = infer_symbol(query.path, layout.header_symbol)
    if found is None:
        raise SymbolError(f"{query.path}: cannot tell which symbol this file holds (no ticker "
                          f"column or Ticker header row, and the file name {query.path.stem!r} is "
                          "not a known symbol). Pass --symbol, e.g. --symbol ^RUT.",
                          symbol=query.path.stem)
    return frame.with_columns(pl.lit(found).alias("symbol"))


def read_manifest(folder: str | Path) -> list[tuple[Path, str | None]]:
    """The files a folder's ``MANIFEST.csv`` (or that file itself, if given) lists (column ``file``, optional ``symbol``; other
    columns ignored), in its order, as ``(path, symbol or None)``. Raises ``DataFormatError``
    naming the manifest line when the manifest lacks a ``file`` column or a listed file is missing."""
    folder = Path(folder).expanduser()
    if folder.is_file():  # the manifest itself was given
        folder = folder.parent
    manifest = folder / MANIFEST_NAME
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFormatError("no MANIFEST.csv in the folder", path=manifest) from None
    reader = csv.DictReader(text.splitlines())
    if "file" not in (reader.fieldnames or []):
        raise DataFormatError(f"no 'file' column among {reader.fieldnames}", path=manifest,
                              line=1, column="file")
    out: list[tuple[Path, str | None]] = []
    for line, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        path = folder / name
        if not path.is_file():
            raise DataFormatError("listed file does not exist", path=manifest, line=line,
                                  column="file", value=name)
        out.append((path, (row.get("symbol") or "").strip() or None))
    return out


__all__ = ["FileQuery", "RawPayload", "FileBars", "extract", "transform", "read_file", "sniff_format",
           "canonical_symbol", "infer_symbol", "read_manifest", "MANIFEST_NAME"]

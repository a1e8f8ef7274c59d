"""The local engine: :func:`~.kernel.fact_rows` over a whole universe in this process.

polars runs the group-wise parts on every core (``POLARS_MAX_THREADS``, default: all); numpy does
the rest. Memory stays bounded: a Parquet input larger than ``max_bytes`` (or a frame larger
than ``batch_rows``) is processed in batches of whole symbols (``scan_parquet`` filtered by a set
of symbols, so only those rows are read) and the per-symbol rows are concatenated.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import polars as pl

from .kernel import fact_rows

__all__ = ["BATCH_ROWS", "MAX_BYTES", "run_local", "symbol_batches"]

#: A Parquet input above this many bytes is read in batches of symbols.
MAX_BYTES = 256 * 2**20
#: About this many bars per batch (whole symbols).
BATCH_ROWS = 4_000_000

Progress = Callable[[int, int], None]
COLUMNS = ["symbol", "date", "close"]


def symbol_batches(counts: pl.DataFrame, batch_rows: int) -> list[list[str]]:
    """Symbols (``symbol, n`` rows each, in order) grouped so a batch holds about ``batch_rows``
    bars; a symbol is never split."""
    out: list[list[str]] = []
    cur: list[str] = []
    size = 0
    for sym, n in counts.iter_rows():
        if cur and size + n > batch_rows:
            out.append(cur)
            cur, size = [], 0
        cur.append(sym)
        size += n
    if cur:
        out.append(cur)
    return out


def _scan(path: Path, as_of: dt.date | None) -> pl.LazyFrame:
    scan = pl.scan_parquet(path)
    names = scan.collect_schema().names()
    cols = COLUMNS + (["source"] if "source" in names else [])
    scan = scan.select(cols)
    if as_of is not None:
        scan = scan.filter(pl.col("date") <= as_of)
    return scan


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*.parquet"))
    return path.stat().st_size if path.exists() else 0


def run_local(source: pl.DataFrame | str | Path, as_of: dt.date | None = None, *,
              max_bytes: int = MAX_BYTES, batch_rows: int = BATCH_ROWS,
              progress: Progress | None = None) -> pl.DataFrame:
    """One fact-sheet row per symbol of ``source`` (a long frame or a Parquet file, folder or
    glob), sorted by symbol. ``progress(done, total)`` is called after each batch."""
    if isinstance(source, pl.DataFrame):
        if source.height <= batch_rows:
            out = fact_rows(source, as_of)
            if progress:
                progress(1, 1)
            return out
        counts = source.group_by("symbol").len().sort("symbol")
        batches = symbol_batches(counts, batch_rows)
        parts = []
        for i, syms in enumerate(batches):
            parts.append(fact_rows(source.filter(pl.col("symbol").is_in(syms)), as_of))
            if progress:
                progress(i + 1, len(batches))
        return pl.concat(parts).sort("symbol")
    path = Path(os.fspath(source))
    scan = _scan(path, as_of)
    if _size(path) <= max_bytes:
        out = fact_rows(scan.collect(), as_of)
        if progress:
            progress(1, 1)
        return out
    counts = scan.group_by("symbol").agg(pl.len()).sort("symbol").collect()
    batches = symbol_batches(counts, batch_rows)
    parts = []
    for i, syms in enumerate(batches):
        lo, hi = syms[0], syms[-1]
        # symbols of a batch are a contiguous sorted range: a range filter lets Parquet row-group
        # statistics skip the rest of a symbol-sorted file
        part = scan.filter((pl.col("symbol") >= lo) & (pl.col("symbol") <= hi)).collect()
        parts.append(fact_rows(part, as_of))
        del part
        if progress:
            progress(i + 1, len(batches))
    return pl.concat(parts).sort("symbol")

"""The local engine: :func:`~.kernel.fact_rows` over a whole universe in this process.

polars runs the group-wise parts on every core (``POLARS_MAX_THREADS``, default: all); numpy does
the rest. Memory stays bounded: a Parquet input larger than ``max_bytes`` or ``batch_rows``
rows (or a frame larger than ``batch_rows``) is processed in batches of whole symbols (``scan_parquet`` filtered by a set
of symbols, so only those rows are read) and the per-symbol rows are concatenated.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

import polars as pl

from .kernel import fact_rows

__all__ = ["BATCH_ROWS", "MAX_BYTES", "WORKERS", "run_local", "symbol_batches"]

#: A Parquet input above this many bytes is read in batches of symbols.
MAX_BYTES = 256 * 2**20
#: About this many bars per batch (whole symbols).
BATCH_ROWS = 4_000_000
#: Batches in flight at once (at most the machine's cores).
WORKERS = 2

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
    # the row needs no source: only symbol, date and close are read
    scan = pl.scan_parquet(path).select(COLUMNS)
    if as_of is not None:
        scan = scan.filter(pl.col("date") <= as_of)
    return scan


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*.parquet"))
    return path.stat().st_size if path.exists() else 0


def _workers(n_batches: int) -> int:
    return max(1, min(WORKERS, os.cpu_count() or 1, n_batches))


def _map_batches(read: Callable[[list[str]], pl.DataFrame], batches: list[list[str]],
                 as_of: dt.date | None, progress: Progress | None) -> pl.DataFrame:
    """``fact_rows`` of every batch. Batches are read on this thread, one after another (two
    concurrent polars reads slow each other down), and computed on ``WORKERS`` threads: numpy
    and polars release the GIL, so computing one batch overlaps reading and computing the next.
    At most ``WORKERS`` batches are being computed, plus the one being read."""
    total = len(batches)
    workers = _workers(total)
    parts: list[pl.DataFrame] = []
    if workers == 1:
        for i, syms in enumerate(batches):
            parts.append(fact_rows(read(syms), as_of))
            if progress:
                progress(i + 1, total)
        return pl.concat(parts).sort("symbol")
    done = 0
    futures: list[Future[pl.DataFrame]] = []
    with ThreadPoolExecutor(workers) as pool:
        running: list[Future[pl.DataFrame]] = []
        for syms in batches:
            part = read(syms)
            if len(running) >= workers:
                wait(running, return_when=FIRST_COMPLETED)
                for f in [f for f in running if f.done()]:
                    running.remove(f)
            running.append(pool.submit(fact_rows, part, as_of))
            futures.append(running[-1])
            del part
        for f in futures:
            parts.append(f.result())
            done += 1
            if progress:
                progress(done, total)
    return pl.concat(parts).sort("symbol")


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
        frame = source
        return _map_batches(lambda syms: frame.filter(pl.col("symbol").is_in(syms)),
                            symbol_batches(counts, batch_rows), as_of, progress)
    path = Path(os.fspath(source))
    scan = _scan(path, as_of)
    # compute is faster on batches of a few million rows than on one huge frame (cache-sized
    # temporaries; two batches compute at once): batch by rows (Parquet metadata) as well as bytes
    if _size(path) <= max_bytes and scan.select(pl.len()).collect().item() <= batch_rows:
        out = fact_rows(scan.collect(), as_of)
        if progress:
            progress(1, 1)
        return out
    counts = scan.group_by("symbol").agg(pl.len()).sort("symbol").collect()

    def read(syms: list[str]) -> pl.DataFrame:
        # symbols of a batch are a contiguous sorted range: a range filter lets Parquet row-group
        # statistics skip the rest of a symbol-sorted file
        lo, hi = syms[0], syms[-1]
        return scan.filter((pl.col("symbol") >= lo) & (pl.col("symbol") <= hi)).collect()

    return _map_batches(read, symbol_batches(counts, batch_rows), as_of, progress)

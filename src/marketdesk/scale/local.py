"""The local engine: :func:`~.kernel.fact_rows` over a whole universe in this process.

polars runs the group-wise parts on every core (``POLARS_MAX_THREADS``, default: all); numpy does
the rest. Memory stays bounded: a Parquet input larger than ``max_bytes`` or ``batch_rows``
rows (or a frame larger than ``batch_rows``) is processed in batches of whole symbols (``scan_parquet`` filtered by a set
of symbols, so only those rows are read) and the per-symbol rows are concatenated.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

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


def _metadata_ranges(path: Path, batch_rows: int) -> tuple[int, list[tuple[str | None, str | None]]] | None:
    """(rows, symbol ranges ``(after, up_to)``) of a single Parquet file whose row groups are in
    symbol order, from its footer alone (row counts and min / max statistics of ``symbol``):
    each range covers whole row groups worth about ``batch_rows`` rows. None when the file is
    not one file, lacks statistics or is not in symbol order (the caller counts rows instead).
    A range ``(a, b]`` holds every row of its symbols wherever they are in the file, so a
    symbol spanning two row groups is never split."""
    if not path.is_file():
        return None
    try:
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        names = [meta.schema.column(i).name for i in range(meta.num_columns)]
        col = names.index("symbol")
        groups = []
        for i in range(meta.num_row_groups):
            rg = meta.row_group(i)
            st = rg.column(col).statistics
            if rg.num_rows == 0:
                continue
            if st is None or not st.has_min_max or st.null_count:
                return None
            groups.append((rg.num_rows, st.min, st.max))
    except Exception:  # noqa: BLE001 - no usable footer: count the rows instead
        return None
    if any(not isinstance(g[1], str) for g in groups):
        return None
    if any(a[2] > b[1] for a, b in itertools.pairwise(groups)):
        return None
    ranges: list[tuple[str | None, str | None]] = []
    after: str | None = None
    prev: str | None = None
    last: str = groups[-1][2] if groups else ""
    size = 0
    for n, _, hi in groups:
        # cut before a group that would take the batch over batch_rows, after the previous
        # group's last symbol (all of it, even its rows in this group); never an empty range
        if (size and size + n > batch_rows and prev is not None and prev < last
                and (after is None or prev > after)):
            ranges.append((after, prev))
            after, size = prev, 0
        size += n
        prev = hi
    ranges.append((after, None))
    return meta.num_rows, ranges


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


def _map_batches(read: Callable[[Any], pl.DataFrame], batches: Sequence[Any],
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
    # temporaries; two batches compute at once): batch by rows as well as bytes. A symbol-sorted
    # file is cut from its footer (row-group sizes and symbol statistics: no pass over the data)
    meta = _metadata_ranges(path, batch_rows)
    rows = meta[0] if meta else scan.select(pl.len()).collect().item()
    if _size(path) <= max_bytes and rows <= batch_rows:
        out = fact_rows(scan.collect(), as_of)
        if progress:
            progress(1, 1)
        return out
    if meta is not None and len(meta[1]) > 1:
        def read_range(rng: tuple[str | None, str | None]) -> pl.DataFrame:
            after, up_to = rng
            cond = pl.lit(True)
            if after is not None:
                cond = cond & (pl.col("symbol") > after)
            if up_to is not None:
                cond = cond & (pl.col("symbol") <= up_to)
            return scan.filter(cond).collect()

        return _map_batches(read_range, meta[1], as_of, progress)
    counts = scan.group_by("symbol").agg(pl.len()).sort("symbol").collect()

    def read(syms: list[str]) -> pl.DataFrame:
        # symbols of a batch are a contiguous sorted range: a range filter lets Parquet row-group
        # statistics skip the rest of a symbol-sorted file
        lo, hi = syms[0], syms[-1]
        return scan.filter((pl.col("symbol") >= lo) & (pl.col("symbol") <= hi)).collect()

    return _map_batches(read, symbol_batches(counts, batch_rows), as_of, progress)

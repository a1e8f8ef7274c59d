"""A load of one or many inputs, in bounded memory and one transaction: all or nothing.

Three phases, so that "nothing was written" is true of every refusal:

1. **Stage** (no transaction, the store untouched): each input's batches (canonical bars, already
   validated at the boundary by ``sources.validate``) are appended to a Parquet file of its own
   in a private folder beside the store, with ``file_id`` and ``line`` (the row's line in its
   file). Only one batch is in memory at a time; a bad file raises here.
2. **Decide** (inside the transaction, before any write): DuckDB reads the staged files back,
   streaming and spilling to disk under its ``memory_limit``: the same (symbol, date, source)
   twice with different values within the load is refused naming both files and lines; rows
   whose values differ from the stored ones are a :class:`ConflictError` unless ``replace``.
3. **Write**: input by input, the rows are merged (``load.merge``) and each input that changed
   something is recorded in ``loads``; then COMMIT. Any failure rolls the whole load back.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import ConflictError, DataFormatError
from ..schema import BAR_COLUMNS, BAR_SCHEMA
from .load import KEY_COLUMNS, VALUE_COLUMNS, conflicts_long, conflict_message, merge
from .report import Finding, LoadReport

LINE = "_line"


@dataclass
class Incoming:
    """One input of a load: its ``origin`` (the file's path, or a provider label), its canonical
    ``batches`` (``schema.BAR_SCHEMA`` columns, plus ``_line`` when from a file), the file's
    ``content_hash``, and the ``warnings`` its reader collects while the batches are read."""

    origin: str
    batches: Iterable[pl.DataFrame]
    content_hash: str | None = None
    warnings: list[Finding] = field(default_factory=list)


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def stage(inputs: Sequence[Incoming], folder: Path,
          progress: Callable[[int], None] | None = None) -> list[Path]:
    """Phase 1: write each input's batches to ``folder/stage-<i>.parquet``; the paths."""
    import pyarrow.parquet as pq

    paths = []
    for i, item in enumerate(inputs):
        path = folder / f"stage-{i}.parquet"
        writer = None
        try:
            for batch in item.batches:
                if not batch.height:
                    continue
                line = batch[LINE] if LINE in batch.columns else pl.int_range(
                    1, batch.height + 1, eager=True, dtype=pl.Int64)
                table = (batch.select(BAR_COLUMNS)
                         .with_columns(pl.lit(i, pl.Int32).alias("file_id"),
                                       line.cast(pl.Int64).alias("line"))).to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(path, table.schema, compression="lz4")
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:  # no rows: an empty stage keeps the file ids in step
            empty = pl.DataFrame(schema={**BAR_SCHEMA, "file_id": pl.Int32, "line": pl.Int64})
            empty.write_parquet(path)
        paths.append(path)
        if progress:
            progress(i)
    return paths


_MATCH = " AND ".join(f"b.{k} = s.{k}" for k in KEY_COLUMNS)
_DIFFERS = " OR ".join(f"b.{c} IS DISTINCT FROM s.{c}" for c in VALUE_COLUMNS)
_VALUES = ", ".join(VALUE_COLUMNS)


def _twice(con: Any, source: str) -> list[tuple[Any, ...]]:
    """Keys given twice in the load with different values: (symbol, date, source, places)."""
    return con.execute(f"""
        SELECT symbol, date, source, list([file_id, line] ORDER BY file_id, line)[1:2]
        FROM {source} GROUP BY symbol, date, source
        HAVING count(DISTINCT ({_VALUES})) > 1
        ORDER BY symbol, date LIMIT 3""").fetchall()


def _has_repeats(con: Any, source: str) -> bool:
    return bool(con.execute(f"""
        SELECT count(*) FROM (SELECT 1 FROM {source} GROUP BY symbol, date, source
                              HAVING count(*) > 1)""").fetchall()[0][0])


def decide(con: Any, inputs: Sequence[Incoming], paths: Sequence[Path], *,
           replace: bool) -> bool:
    """Phase 2: refuse keys given twice with different values, and (without ``replace``) values
    that differ from the stored ones. Returns whether exact repeats must be dropped on merge."""
    source = "read_parquet([" + ", ".join(_sql_path(p) for p in paths) + "])"
    repeats = _has_repeats(con, source)
    if repeats:
        twice = _twice(con, source)
        if twice:
            symbol, date, _, places = twice[0]
            (fa, la), (fb, lb) = places
            if fa == fb:
                raise DataFormatError(
                    f"{symbol} {date} appears twice with different values, on lines {la} and "
                    f"{lb}", path=inputs[fb].origin, line=lb,
                    hint="Remove one of the two rows. Nothing was written")
            raise ConflictError(
                f"{inputs[fa].origin} line {la} and {inputs[fb].origin} line {lb} give "
                f"{symbol} {date} different values under one source name. Nothing was "
                "written. Load the files one at a time, or rename one of them.")
    if not replace:
        diff = con.sql(f"""
            SELECT s.symbol, s.date, s.source, s.file_id,
                   {", ".join(f"b.{c} AS old_{c}, s.{c} AS new_{c}" for c in VALUE_COLUMNS)}
            FROM {source} s JOIN bars b ON {_MATCH} WHERE {_DIFFERS}
            ORDER BY s.file_id, s.symbol, s.date LIMIT 50""").pl()
        if diff.height:
            count = con.execute(f"SELECT count(*) FROM {source} s JOIN bars b ON {_MATCH} "
                                f"WHERE {_DIFFERS}").fetchall()[0][0]
            long = conflicts_long(diff.drop("file_id"))
            origin = inputs[int(diff["file_id"][0])].origin
            raise ConflictError(conflict_message(long, count, origin),
                                conflicts=long.head(50).to_dicts())
    return repeats


def ingest(con: Any, inputs: Sequence[Incoming], *, store_path: Path, replace: bool = False,
           primary: bool = False, progress: Callable[[int], None] | None = None
           ) -> list[LoadReport]:
    """Load ``inputs`` (see the module docstring); one :class:`LoadReport` per input, in order.

    ``progress(i)`` is called when input ``i`` is staged and again when it is written."""
    folder = Path(tempfile.mkdtemp(prefix=f".{store_path.name}.load-", dir=store_path.parent))
    try:
        paths = stage(inputs, folder, progress)
        con.execute("BEGIN TRANSACTION")
        try:
            repeats = decide(con, inputs, paths, replace=replace)
            reports = []
            for i, (item, path) in enumerate(zip(inputs, paths, strict=True)):
                first = (" QUALIFY row_number() OVER (PARTITION BY symbol, date, source "
                         "ORDER BY line) = 1") if repeats else ""
                con.execute("CREATE OR REPLACE TEMP VIEW _md_incoming AS SELECT "
                            f"{', '.join(BAR_COLUMNS)} FROM read_parquet({_sql_path(path)})"
                            + first)
                report = merge(con, origin=item.origin, content_hash=item.content_hash,
                               replace=replace, primary=primary)
                reports.append(dataclasses.replace(report, warnings=tuple(item.warnings)))
                if progress:
                    progress(i)
            con.execute("DROP VIEW IF EXISTS _md_incoming")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return reports


__all__ = ["Incoming", "ingest", "stage", "decide"]

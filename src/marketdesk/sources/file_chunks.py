"""Raw payload of a bar file: its data rows as string columns named by role, with file line numbers.

CSV files are streamed in blocks of about ``CHUNK_BYTES`` cut at line ends, so a file of any size
is read with bounded memory: only the role columns of one block are alive at a time before
normalising. (polars' own ``scan_csv`` memory-maps the whole file, which makes its resident size
grow with the file.) Each row carries ``_line``, its 1-based line number in the file. Fields with
embedded newlines inside quotes are not supported (bar files have none).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from ..errors import DataFormatError
from .file_layout import Layout

CHUNK_BYTES = 2 << 20
#: cell values that mean "no value" (FRED writes "." or an empty cell; old Yahoo files "null")
MISSING: list[str] = [".", "null", "NULL", "Null", "nan", "NaN", "NA", "N/A", "#N/A", "None", "-"]
LINE = "_line"


def iter_csv_chunks(path: Path, layout: Layout,
                    chunk_bytes: int | None = None) -> Iterator[pl.DataFrame]:
    """Yield the data rows of the CSV at ``path`` block by block (about ``chunk_bytes``, default
    ``CHUNK_BYTES``): one String column per role in ``layout.roles`` (named by role) plus ``_line``
    (Int64, 1-based line in the file)."""
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    with open(path, "rb") as fh:
        for _ in range(layout.header_lines):
            fh.readline()
        line = layout.header_lines + 1
        rest = b""
        while True:
            block = fh.read(chunk_bytes)
            buf = rest + block
            if block:
                cut = buf.rfind(b"\n") + 1
                if cut == 0:  # one very long line: keep reading
                    rest = buf
                    continue
                chunk, rest = buf[:cut], buf[cut:]
            else:
                chunk, rest = buf, b""
            if chunk.strip():
                yield _parse_chunk(path, chunk, line, layout)
            line += chunk.count(b"\n")
            if not block:
                return


def _parse_chunk(path: Path, chunk: bytes, first_line: int, layout: Layout) -> pl.DataFrame:
    columns = list(layout.columns)
    wanted = [columns.index(raw) for raw in layout.roles.values()]
    try:
        frame = pl.read_csv(chunk, has_header=False, new_columns=columns, columns=wanted,
                            infer_schema=False, null_values=MISSING, separator=layout.separator,
                            raise_if_empty=False)
    except pl.exceptions.PolarsError as exc:
        raise _locate_ragged(path, chunk, first_line, layout, exc) from None
    frame = frame.select(
        pl.col(raw).str.strip_chars().replace("", None).alias(role)
        for role, raw in layout.roles.items()
    )
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).add(first_line).alias(LINE))


def _locate_ragged(path: Path, chunk: bytes, first_line: int, layout: Layout,
                   exc: Exception) -> DataFormatError:
    """The error for a block polars could not split into fields: find the offending line
    (this runs only on the error path)."""
    text = chunk.decode("utf-8", errors="replace")
    width = len(layout.columns)
    for offset, row in enumerate(csv.reader(io.StringIO(text), delimiter=layout.separator)):
        if len(row) > width:
            return DataFormatError(f"{len(row)} fields where the header has {width}", path=path,
                                   line=first_line + offset, value=layout.separator.join(row)[:80])
    return DataFormatError(f"cannot split the rows into fields ({exc})", path=path, line=first_line)


def read_parquet_raw(path: Path, layout: Layout) -> pl.DataFrame:
    """The role columns of a Parquet file (native types kept) plus ``_line`` = 1-based row number."""
    try:
        frame = (pl.scan_parquet(path)
                 .select(pl.col(raw).alias(role) for role, raw in layout.roles.items())
                 .collect())
    except Exception as exc:  # polars raises several types for corrupt files
        raise DataFormatError(f"cannot read as Parquet ({type(exc).__name__}: {exc})",
                              path=path) from None
    frame = frame.with_columns(
        pl.col(c).str.strip_chars().replace("", None) for c, t in frame.schema.items()
        if t == pl.String
    )
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).add(1).alias(LINE))


__all__ = ["CHUNK_BYTES", "MISSING", "LINE", "iter_csv_chunks", "read_parquet_raw"]

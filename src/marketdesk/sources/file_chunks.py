"""Raw payload of a bar file: its data rows as string columns named by role, with file line numbers.

CSV files are streamed in blocks of about ``CHUNK_BYTES`` cut at line ends, so a file of any size
is read with bounded memory: only the role columns of one block are alive at a time before
normalising. (polars' own ``scan_csv`` memory-maps the whole file, which makes its resident size
grow with the file.) Parquet files are streamed by record batches of ``PARQUET_BATCH_ROWS``. Each
row carries ``_line``, its 1-based line number in the file (Parquet: its row number). Fields with
embedded newlines inside quotes are not supported (bar files have none).

Checked here, per block, with the line named: bytes that are not UTF-8, a row with more or fewer
fields than the header (a cut-off last line such as ``2026-08-24,29``), a line longer than
``MAX_LINE_BYTES``, a Parquet column of a type that cannot hold a date or a number (lists, structs).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from ..errors import DataFormatError
from .file_layout import Layout

CHUNK_BYTES = 8 << 20
#: no line of a bar file is this long; a longer one is refused rather than read whole
MAX_LINE_BYTES = 1 << 20
PARQUET_BATCH_ROWS = 200_000
#: cell values that mean "no value" (FRED writes "." or an empty cell; old Yahoo files "null").
#: ``NaN`` is not among them: it is read as a float NaN, and a NaN close is dropped by name
#: (``validate.check_bars``).
MISSING: list[str] = [".", "null", "NULL", "Null", "NA", "N/A", "#N/A", "None", "-"]
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
                if cut == 0:  # one very long line: keep reading, up to MAX_LINE_BYTES
                    if len(buf) > MAX_LINE_BYTES:
                        raise DataFormatError(f"a line longer than {MAX_LINE_BYTES >> 20} MiB; "
                                              "not a bar file", path=path, line=line)
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
    wanted = sorted({columns.index(raw) for raw in layout.roles.values()} | {len(columns) - 1})
    _check_utf8(path, chunk, first_line)
    try:
        frame = pl.read_csv(chunk, has_header=False, new_columns=columns, columns=wanted,
                            infer_schema=False, null_values=MISSING, separator=layout.separator,
                            raise_if_empty=False)
    except pl.exceptions.PolarsError as exc:
        raise _locate_ragged(path, chunk, first_line, layout, exc) from None
    frame = frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).add(first_line).alias(LINE))
    _check_width(path, chunk, first_line, layout, frame.filter(pl.col(columns[-1]).is_null()))
    return frame.select(
        *(pl.col(raw).str.strip_chars().replace("", None).alias(role)
          for role, raw in layout.roles.items()),
        pl.col(LINE),
    )


def _check_utf8(path: Path, chunk: bytes, first_line: int) -> None:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFormatError("bytes that are not UTF-8 text", path=path,
                              line=first_line + chunk.count(b"\n", 0, exc.start),
                              hint="Save the file as UTF-8 CSV") from None


def _fields(path: Path, text: str, line: int, separator: str) -> list[str]:
    """The fields of one line (quotes honoured); a line over ``MAX_LINE_BYTES`` is refused."""
    if len(text) > MAX_LINE_BYTES:
        raise DataFormatError(f"a line longer than {MAX_LINE_BYTES >> 20} MiB; not a bar file",
                              path=path, line=line)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES + 1))
    return next(csv.reader([text], delimiter=separator))


def _check_width(path: Path, chunk: bytes, first_line: int, layout: Layout,
                 suspects: pl.DataFrame) -> None:
    """Refuse a row with fewer fields than the header. polars pads such rows with nulls, so only
    the rows whose last field is empty (``suspects``) are split again, one by one."""
    if not suspects.height:
        return
    lines = chunk.split(b"\n")
    width = len(layout.columns)
    for line in suspects[LINE].to_list():
        text = lines[line - first_line].decode("utf-8").rstrip("\r")
        if not text.strip():
            continue  # a blank line
        row = _fields(path, text, line, layout.separator)
        if len(row) < width:
            raise DataFormatError(f"{len(row)} fields where the header has {width}; the line "
                                  "is cut short", path=path, line=line, value=text,
                                  hint="Complete or remove the line")


def _locate_ragged(path: Path, chunk: bytes, first_line: int, layout: Layout,
                   exc: Exception) -> DataFormatError:
    """The error for a block polars could not split into fields: find the offending line
    (this runs only on the error path)."""
    text = chunk.decode("utf-8", errors="replace")
    width = len(layout.columns)
    for offset, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        row = _fields(path, line.rstrip("\r"), first_line + offset, layout.separator)
        if len(row) != width:
            cut = " the line is cut short" if len(row) < width else ""
            return DataFormatError(f"{len(row)} fields where the header has {width};{cut}"
                                   .rstrip(";"), path=path, line=first_line + offset,
                                   value=line.rstrip("\r"),
                                   hint="Complete or remove the line" if cut else None)
    problem = str(exc).split("\n")[0][:200]
    return DataFormatError(f"cannot split the rows into fields ({problem})", path=path,
                           line=first_line)


def _parquet_error(path: Path, exc: Exception) -> DataFormatError:
    text = str(exc).split("\n")[0][:200]
    return DataFormatError(f"cannot read as Parquet ({type(exc).__name__}: {text})", path=path)


def _check_parquet_types(path: Path, layout: Layout, schema: dict[str, pl.DataType]) -> None:
    for role, raw in layout.roles.items():
        dtype = schema[raw]
        fits = (dtype.is_numeric() or dtype in (pl.String, pl.Null)
                or (role == "date" and (dtype == pl.Date or isinstance(dtype, pl.Datetime))))
        if not fits:
            kind = "dates" if role == "date" else ("text" if role == "symbol" else "numbers")
            raise DataFormatError(f"the column holds {dtype} values; expected {kind}", path=path,
                                  column=raw)


def iter_parquet_batches(path: Path, layout: Layout,
                         batch_rows: int | None = None) -> Iterator[pl.DataFrame]:
    """The role columns of a Parquet file (native types kept) plus ``_line`` = 1-based row
    number, by record batches of ``batch_rows`` (default ``PARQUET_BATCH_ROWS``)."""
    import pyarrow.parquet as pq

    raws = list(dict.fromkeys(layout.roles.values()))
    try:
        pfile = pq.ParquetFile(path)
        batches = pfile.iter_batches(batch_size=batch_rows or PARQUET_BATCH_ROWS, columns=raws)
        first = 1
        checked = False
        for batch in batches:
            raw = pl.from_arrow(batch)
            assert isinstance(raw, pl.DataFrame)  # a RecordBatch gives a frame
            if not checked:
                _check_parquet_types(path, layout, dict(raw.schema))
                checked = True
            frame = raw.select(pl.col(r).alias(role) for role, r in layout.roles.items())
            frame = frame.with_columns(
                pl.col(c).str.strip_chars().replace("", None) for c, t in frame.schema.items()
                if t == pl.String)
            yield frame.with_columns(
                pl.int_range(pl.len(), dtype=pl.Int64).add(first).alias(LINE))
            first += frame.height
    except DataFormatError:
        raise
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise _parquet_error(path, exc) from None


def read_parquet_raw(path: Path, layout: Layout) -> pl.DataFrame:
    """The whole of :func:`iter_parquet_batches` as one frame (for small files)."""
    parts = list(iter_parquet_batches(path, layout))
    return pl.concat(parts) if parts else pl.DataFrame()


__all__ = ["CHUNK_BYTES", "MAX_LINE_BYTES", "PARQUET_BATCH_ROWS", "MISSING", "LINE",
           "iter_csv_chunks", "iter_parquet_batches", "read_parquet_raw"]

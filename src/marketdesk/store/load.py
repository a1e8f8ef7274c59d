"""The idempotent merge of canonical bars (``merge``, inside the transaction of ``ingest``).

Rows are matched on (symbol, date, source). New rows are inserted; rows equal to the stored ones
are left alone; rows whose values differ are conflicts: without ``replace`` the load raises
:class:`ConflictError` and writes nothing, with ``replace`` they are updated and counted. Any
failure rolls the whole load back.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ..errors import ConflictError, DataFormatError
from ..schema import BAR_COLUMNS, conform
from .report import LoadReport

VALUE_COLUMNS: list[str] = ["open", "high", "low", "close", "adj_close", "volume"]
KEY_COLUMNS: list[str] = ["symbol", "date", "source"]
SHOWN_CONFLICTS = 5
_VIEW = "_md_incoming"

_MATCH = " AND ".join(f"b.{k} = i.{k}" for k in KEY_COLUMNS)
_DIFFERS = " OR ".join(f"b.{c} IS DISTINCT FROM i.{c}" for c in VALUE_COLUMNS)
_EXISTING_SQL = f"SELECT count(*) FROM {_VIEW} i JOIN bars b ON {_MATCH}"
_DIFF_SQL = (
    "SELECT i.symbol, i.date, i.source, "
    + ", ".join(f"b.{c} AS old_{c}, i.{c} AS new_{c}" for c in VALUE_COLUMNS)
    + f" FROM {_VIEW} i JOIN bars b ON {_MATCH} WHERE {_DIFFERS} ORDER BY i.symbol, i.date, i.source"
)
_UPDATE_SQL = (
    "UPDATE bars AS b SET " + ", ".join(f"{c} = i.{c}" for c in VALUE_COLUMNS)
    + f", load_id = ? FROM {_VIEW} i WHERE {_MATCH} AND ({_DIFFERS})"
)
_INSERT_SQL = (
    f"INSERT INTO bars ({', '.join(BAR_COLUMNS)}, load_id) "
    f"SELECT {', '.join('i.' + c for c in BAR_COLUMNS)}, ? FROM {_VIEW} i "
    f"WHERE NOT EXISTS (SELECT 1 FROM bars b WHERE {_MATCH})"
)
_ORDER_SQL = f"""
    INSERT INTO source_order
    SELECT p.symbol, p.source,
           coalesce(m.max_rank, -1) + row_number() OVER (PARTITION BY p.symbol ORDER BY p.source)
    FROM (SELECT DISTINCT symbol, source FROM {_VIEW}) p
    LEFT JOIN (SELECT symbol, max(rank) AS max_rank FROM source_order GROUP BY symbol) m
           ON m.symbol = p.symbol
    WHERE NOT EXISTS (SELECT 1 FROM source_order s
                      WHERE s.symbol = p.symbol AND s.source = p.source)"""
_PRIMARY_SQL = ("UPDATE source_order SET rank = CASE WHEN source = ? THEN 0 ELSE rank + 1 END "
                "WHERE symbol = ?")
_LOADS_SQL = "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())"


def validate(bars: pl.DataFrame, origin: str) -> pl.DataFrame:
    """``bars`` in the canonical schema, checked for null keys and duplicate keys, and through
    the boundary validation of every source (``sources.validate.check_bars``: dates in the
    calendar's range, finite and positive prices; NaN closes dropped).

    Raises :class:`DataFormatError` naming ``origin`` and the first offending column, row or date.
    """
    from ..sources.validate import check_bars, yield_symbols

    try:
        frame = conform(bars)
    except KeyError as exc:
        raise DataFormatError(f"bars lack the required column {exc.args[0]!r}", path=origin,
                              column=str(exc.args[0])) from None
    except pl.exceptions.PolarsError as exc:
        raise DataFormatError(f"bars do not fit the canonical schema: {exc}".split("\n")[0],
                              path=origin) from None
    for key in KEY_COLUMNS:
        nulls = frame[key].null_count()
        if nulls:
            raise DataFormatError(f"{nulls} row(s) have no {key}", path=origin, column=key)
    dup = frame.filter(pl.struct(KEY_COLUMNS).is_duplicated()).head(3)
    if dup.height:
        first = ", ".join(f"{r['symbol']} {r['date']} {r['source']}" for r in dup.iter_rows(named=True))
        raise DataFormatError(f"duplicate (symbol, date, source) rows: {first}", path=origin)
    close_only = frame.select(pl.col("open", "high", "low").is_null().all()).row(0) == (
        True, True, True)
    return check_bars(frame, origin, close_only=close_only,
                      yield_symbols=yield_symbols()).frame


def conflicts_long(diff: pl.DataFrame) -> pl.DataFrame:
    """One row per differing value: symbol, date, source, column, old, new (by date)."""
    parts = [
        diff.filter(pl.col(f"old_{c}").ne_missing(pl.col(f"new_{c}"))).select(
            "symbol", "date", "source", pl.lit(c).alias("column"),
            pl.col(f"old_{c}").alias("old"), pl.col(f"new_{c}").alias("new"))
        for c in VALUE_COLUMNS
    ]
    return pl.concat(parts).sort("symbol", "date", "source")


def conflict_message(long: pl.DataFrame, rows: int, origin: str) -> str:
    """The message of a refused load: how many rows differ, the first few values, what to do."""
    shown = "; ".join(f"{r['symbol']} {r['date']} {r['column']}: stored {r['old']}, "
                      f"new {r['new']}" for r in long.head(SHOWN_CONFLICTS).iter_rows(named=True))
    return (f"{origin}: {rows} row(s) differ from the stored values ({long.height} value(s)), "
            f"e.g. {shown}. Nothing was written. Load with --replace (replace=True) to overwrite, "
            "or load the file under another source name.")


def merge(con: Any, *, origin: str, content_hash: str | None, replace: bool,
          primary: bool) -> LoadReport:
    """Merge the rows of the view ``_md_incoming`` (canonical, unique keys) into ``bars``, inside
    the caller's transaction; record the load when it changed something."""
    keys = con.execute(f"SELECT count(*), list(DISTINCT symbol ORDER BY symbol), "
                       f"list(DISTINCT source ORDER BY source) FROM {_VIEW}").fetchall()[0]
    rows_in, symbols, sources = int(keys[0]), tuple(keys[1] or ()), tuple(keys[2] or ())
    existing = con.execute(_EXISTING_SQL).fetchall()[0][0]
    diff = con.sql(_DIFF_SQL).pl()
    long = conflicts_long(diff)
    if diff.height and not replace:
        raise ConflictError(conflict_message(long, diff.height, origin),
                            conflicts=long.head(50).to_dicts())
    inserted = rows_in - existing
    load_id = None
    if inserted or diff.height:
        load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchall()[0][0]
        if diff.height:
            con.execute(_UPDATE_SQL, [load_id])
        con.execute(_INSERT_SQL, [load_id])
        con.execute(_LOADS_SQL, [load_id, ", ".join(sources), origin, content_hash,
                                 rows_in, inserted, diff.height, existing - diff.height])
    con.execute(_ORDER_SQL)
    if primary:
        for symbol in symbols:
            for source in sources:
                con.execute(_PRIMARY_SQL, [source, symbol])
    return LoadReport(symbols, sources, origin, rows_in, inserted, existing - diff.height,
                      diff.height, tuple(long.head(SHOWN_CONFLICTS).to_dicts()), (), load_id)


def make_primary(con: Any, symbol: str, source: str) -> None:
    """Move ``source`` first in ``symbol``'s source order (caller checks both exist)."""
    con.execute(_PRIMARY_SQL, [source, symbol])


__all__ = ["validate", "merge", "make_primary", "conflicts_long", "conflict_message",
           "VALUE_COLUMNS", "KEY_COLUMNS"]

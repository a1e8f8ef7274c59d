"""The :class:`Store`: one DuckDB file holding bars of every source, the only place that writes.

Reads return polars frames in the canonical schema (``marketdesk.schema``), each from one SQL query
through Arrow. A symbol's sources live side by side; :meth:`Store.bars` resolves them to one row per
date, taking each date from the first source in the symbol's source order that has it.

The connection is held from opening to :meth:`Store.close`; while a writer holds it, DuckDB lets no
other process open the file (readers included), so long-lived readers (a web app) should open a
read-only store per request.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import NoDataError, StoreError, SymbolError
from ..schema import BAR_COLUMNS, BAR_SCHEMA
from . import connect
from .ddl import INSTRUMENT_COLUMNS, create_schema, migrate
from .ingest import Incoming, ingest
from .load import make_primary, validate
from .report import LoadReport

DateArg = dt.date | str | None

_COLS = ", ".join(f"b.{c}" for c in BAR_COLUMNS)
_RANGE = "b.symbol = ? AND (?::DATE IS NULL OR b.date >= ?::DATE) AND (?::DATE IS NULL OR b.date <= ?::DATE)"
_RESOLVED_SQL = f"""
    SELECT {_COLS} FROM bars b JOIN source_order o ON o.symbol = b.symbol AND o.source = b.source
    WHERE {_RANGE}
    QUALIFY row_number() OVER (PARTITION BY b.date ORDER BY o.rank) = 1
    ORDER BY b.date"""
_RAW_SQL = f"""
    SELECT {_COLS} FROM bars b JOIN source_order o ON o.symbol = b.symbol AND o.source = b.source
    WHERE {_RANGE} AND (?::VARCHAR IS NULL OR b.source = ?::VARCHAR)
    ORDER BY b.date, o.rank"""
_ALL_RAW_SQL = f"""
    SELECT {_COLS} FROM bars b JOIN source_order o ON o.symbol = b.symbol AND o.source = b.source
    ORDER BY b.symbol, o.rank, b.date"""
_SYMBOLS_SQL = """
    WITH agg AS (SELECT symbol, min(date) AS first_date, max(date) AS last_date,
                        count(DISTINCT date) AS rows FROM bars GROUP BY symbol),
         so AS (SELECT symbol, list(source ORDER BY rank) AS sources FROM source_order GROUP BY symbol)
    SELECT a.symbol, i.name, i.kind, so.sources, a.first_date, a.last_date, a.rows
    FROM agg a LEFT JOIN so ON so.symbol = a.symbol LEFT JOIN instruments i ON i.symbol = a.symbol
    ORDER BY a.symbol"""


def _date(value: DateArg, param: str) -> dt.date | None:
    if value is None:
        return None
    from ..calendar import parse_date

    return parse_date(value, param)


class Store:
    """The DuckDB store. Use as a context manager, or call :meth:`close`.

    >>> with Store("/tmp/md.duckdb") as store:                 # doctest: +SKIP
    ...     store.load(frame, origin="RUT.csv")
    ...     store.bars("^RUT", "2024-11-01", "2024-11-30")
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 lock_timeout: float | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else self.default_path()
        self.read_only = read_only
        timeout = connect.default_lock_timeout() if lock_timeout is None else lock_timeout
        connect.prepare_path(self.path, read_only=read_only)
        if read_only and not self.path.exists():
            raise StoreError(f"No store at {self.path}: the file does not exist (a store is "
                             "created by a load or a fetch).", path=self.path, reason="missing")
        self._con: Any = connect.open_duckdb(self.path, read_only=read_only,
                                             lock_timeout=timeout)
        try:
            version = connect.recognise(self._con, self.path)
            if read_only and version is None:
                raise StoreError(f"{self.path} is an empty DuckDB file, not a marketdesk store "
                                 "yet (a store is created by a load or a fetch).",
                                 path=self.path, reason="missing")
            if not read_only:
                connect.verify(self._con, self.path)
                if version is not None:
                    migrate(self._con, version)
                create_schema(self._con)
                self._seed_instruments()
        except BaseException:
            self.close()
            raise

    @staticmethod
    def default_path() -> Path:
        """``$MARKETDESK_DB``, else ``marketdesk.duckdb`` in the user's data folder."""
        return connect.default_path()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent); the file is then free for other processes."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, read_only={self.read_only})"

    def _q(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        import duckdb

        if self._con is None:
            raise StoreError(f"The store {self.path} is closed.")
        try:
            return self._con.sql(sql, params=params or []).pl()
        except duckdb.Error as exc:
            raise connect.damaged(self.path, exc) from None

    # -- writing -----------------------------------------------------------------------------
    def load(self, bars: pl.DataFrame, *, origin: str, content_hash: str | None = None,
             replace: bool = False, primary: bool = False) -> LoadReport:
        """Upsert canonical ``bars`` in one transaction; see ``marketdesk.store.ingest``. The
        report's ``warnings`` are empty: data-quality checks are ``Desk.load``'s.

        Raises DataFormatError (bad frame), ConflictError (values differ and not ``replace``);
        in both cases, and on any other failure, nothing is written.
        """
        self._writable()
        frame = validate(bars, origin)
        return self.load_inputs([Incoming(origin, [frame], content_hash)], replace=replace,
                                primary=primary)[0]

    def load_inputs(self, inputs: list[Incoming], *, replace: bool = False,
                    primary: bool = False,
                    progress: Callable[[int], None] | None = None) -> list[LoadReport]:
        """Load several inputs (each a stream of validated canonical batches) in one
        transaction, in bounded memory: every input is read and every key decided before the
        first write, so a refusal writes nothing (``marketdesk.store.ingest``)."""
        import duckdb

        self._writable()
        try:
            return ingest(self._con, inputs, store_path=self.path, replace=replace,
                          primary=primary, progress=progress)
        except duckdb.OutOfMemoryException as exc:
            raise StoreError(f"The load ran out of memory in DuckDB ({str(exc).splitlines()[0]});"
                             f" nothing was written. Raise {connect.MEMORY_LIMIT_ENV} (now "
                             "the connection's memory_limit).", path=self.path) from None
        except duckdb.Error as exc:
            raise connect.damaged(self.path, exc) from None

    def set_primary(self, symbol: str, source: str) -> None:
        """Make ``source`` the first source read for ``symbol``."""
        self._writable()
        have = self.sources(symbol)
        if source not in have:
            raise NoDataError(f"{symbol} has no source {source!r} in the store; its sources are "
                              f"{', '.join(have)}.")
        make_primary(self._con, symbol, source)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"The store {self.path} was opened read-only; open it without "
                             "read_only to load data.")

    def _seed_instruments(self) -> None:
        """Copy the instrument registry in, writing only rows that are new or changed."""
        try:
            from ..instruments import instruments_frame
        except ImportError:
            return
        frame = instruments_frame()
        cols = [c for c in INSTRUMENT_COLUMNS if c in frame.columns]
        if "aliases" in cols and frame.schema["aliases"] == pl.Utf8:
            frame = frame.with_columns(pl.col("aliases").str.split(","))
        names = ", ".join(cols)
        self._con.register("_md_instruments", frame.select(cols).to_arrow())
        try:
            self._con.execute(f"INSERT OR REPLACE INTO instruments ({names}) "
                              f"SELECT {names} FROM _md_instruments "
                              f"EXCEPT SELECT {names} FROM instruments")
        finally:
            self._con.unregister("_md_instruments")

    # -- reading -----------------------------------------------------------------------------
    def bars(self, symbol: str, start: DateArg = None, end: DateArg = None) -> pl.DataFrame:
        """One bar per date for ``symbol`` (first source in its order that has the date)."""
        self.require(symbol)
        s, e = _date(start, "start"), _date(end, "end")
        return _canonical(self._q(_RESOLVED_SQL, [symbol, s, s, e, e]))

    def raw_bars(self, symbol: str, source: str | None = None, start: DateArg = None,
                 end: DateArg = None) -> pl.DataFrame:
        """Every source's bars for ``symbol`` (or only ``source``), by date then source order."""
        self.require(symbol)
        s, e = _date(start, "start"), _date(end, "end")
        return _canonical(self._q(_RAW_SQL, [symbol, s, s, e, e, source, source]))

    def all_raw_bars(self) -> pl.DataFrame:
        """Every stored bar of every symbol and source (by symbol, source order, date)."""
        return _canonical(self._q(_ALL_RAW_SQL))

    def symbols(self) -> pl.DataFrame:
        """symbol, name, kind, sources (in order), first_date, last_date, rows (distinct dates)."""
        return self._q(_SYMBOLS_SQL)

    def sources(self, symbol: str) -> list[str]:
        """``symbol``'s sources, first-read first."""
        self.require(symbol)
        frame = self._q("SELECT source FROM source_order WHERE symbol = ? ORDER BY rank", [symbol])
        return frame["source"].to_list()

    def loads(self) -> pl.DataFrame:
        """The loads that changed the store, oldest first."""
        return self._q("SELECT * FROM loads ORDER BY load_id")

    def instrument(self, symbol: str) -> dict[str, Any] | None:
        """The registry row of ``symbol`` (symbol, name, kind, currency, aliases, tracks), or None."""
        rows = self._q("SELECT * FROM instruments WHERE symbol = ?", [symbol]).to_dicts()
        return rows[0] if rows else None

    def kinds(self) -> dict[str, str]:
        """symbol -> kind ("index", "etf", "yield", "future", ...) from the registry."""
        frame = self._q("SELECT symbol, kind FROM instruments WHERE kind IS NOT NULL")
        return dict(zip(frame["symbol"].to_list(), frame["kind"].to_list(), strict=True))

    def last_date(self, symbol: str | None = None) -> dt.date | None:
        """The last stored date of ``symbol`` (any source), or of any symbol; None if none."""
        frame = self._q("SELECT max(date) AS d FROM bars WHERE ?::VARCHAR IS NULL OR symbol = ?",
                        [symbol, symbol])
        return frame["d"][0]

    def require(self, symbol: str) -> None:
        """Raise unless ``symbol`` has bars: NoDataError (``symbols=(symbol,)``, exit 6) for an
        instrument of the registry that is not loaded; SymbolError (``in_store=False``, exit 4,
        with close matches as suggestions) for any other symbol -- the same in every command."""
        stored = self._q("SELECT DISTINCT symbol FROM source_order")["symbol"].to_list()
        if symbol in stored:
            return
        known = self._q("SELECT symbol FROM instruments")["symbol"].to_list()
        if symbol in known:
            raise NoDataError(f"No bars for {symbol} in the store {self.path}.", symbols=[symbol])
        by_upper = {s.upper(): s for s in [*known, *stored]}
        close = difflib.get_close_matches(symbol.upper(), list(by_upper), n=3, cutoff=0.6)
        raise SymbolError(f"Unknown symbol {symbol!r} (not in the store {self.path}).",
                          symbol=symbol, suggestions=[by_upper[c] for c in close], in_store=False)


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select([pl.col(c).cast(t) for c, t in BAR_SCHEMA.items()])


__all__ = ["Store"]

"""The Desk: one library object over a store, that the Python API, the CLI and the web app share.

It does the I/O (files, providers, the DuckDB store) and the calendar messaging (a date that is not
a session answers for the previous session and says so); the statistics come from ``facts``, the
data-quality checks from ``quality``. The wrap, the checker and the web app get Facts, bars and
instrument rows from here, never from the store itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import calendar as cal
from .errors import DataFormatError, NoDataError, SymbolError

if TYPE_CHECKING:
    import polars as pl

    from .facts.model import Fact
    from .facts.sheet import FactSheet
    from .quality import QualityIssue
    from .store import LoadReport, Store

DataPath = str | Path


@dataclass(frozen=True, slots=True)
class AsOf:
    """A requested date resolved against the calendar and the data.

    ``session`` is the session the answer is for; ``note`` says why it differs from ``requested``.
    """

    requested: dt.date
    session: dt.date
    note: str | None = None


@dataclass(slots=True)
class FileToLoad:
    """One parsed input file, ready to be written."""

    path: Path
    symbol: str
    bars: "pl.DataFrame"
    content_hash: str


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def expand_paths(paths: Iterable[DataPath]) -> list[tuple[Path, str | None]]:
    """Files to load, each with the symbol its folder's MANIFEST.csv gives (or None).

    A folder with a MANIFEST.csv loads the files it lists, in its order; a folder without one loads
    every ``*.csv`` and ``*.parquet`` in it, sorted by name.
    """
    from .sources.files import read_manifest

    out: list[tuple[Path, str | None]] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            if (p / "MANIFEST.csv").exists():
                out.extend((f, s) for f, s in read_manifest(p))
            else:
                files = sorted([*p.glob("*.csv"), *p.glob("*.parquet")])
                if not files:
                    raise DataFormatError("folder holds no .csv or .parquet files", path=p)
                out.extend((f, None) for f in files)
        elif p.exists():
            out.append((p, None))
        else:
            raise DataFormatError("no such file or folder", path=p)
    return out


class Desk:
    """The market-data desk over one store.

    >>> desk = Desk(db="/tmp/md.duckdb")                       # doctest: +SKIP
    >>> desk.load(["../shared/data"])                            # doctest: +SKIP
    >>> desk.fact_sheet("^RUT", "2024-11-25").facts[0]          # doctest: +SKIP
    """

    def __init__(self, db: DataPath | None = None, *, read_only: bool = False) -> None:
        self._db = db
        self._read_only = read_only
        self._store: Store | None = None

    # -- store -------------------------------------------------------------------------------
    @property
    def store(self) -> "Store":
        if self._store is None:
            from .store import Store

            self._store = Store(self._db, read_only=self._read_only)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading -----------------------------------------------------------------------------
    def parse(self, paths: Sequence[DataPath], symbol: str | None = None,
              progress: Callable[[Path], None] | None = None) -> list[FileToLoad]:
        """Read and validate every file first; nothing is written (a bad file stops all)."""
        from .sources.files import read_file

        todo = expand_paths(paths)
        if symbol is not None and len(todo) > 1:
            raise SymbolError(f"--symbol {symbol} was given for {len(todo)} files; give one file "
                              "per --symbol, or let the files (or a MANIFEST.csv) name them.",
                              symbol=symbol)
        parsed = []
        for path, manifest_symbol in todo:
            frame = read_file(path, symbol=symbol or manifest_symbol)
            sym = frame["symbol"][0] if frame.height else (symbol or manifest_symbol or "?")
            parsed.append(FileToLoad(path, sym, frame, file_hash(path)))
            if progress:
                progress(path)
        return parsed

    def load(self, paths: Sequence[DataPath], symbol: str | None = None, *,
             replace: bool = False, primary: bool = False,
             progress: Callable[[Path], None] | None = None) -> list["LoadReport"]:
        """Load files (or folders) into the store, streaming each file in batches (bounded
        memory) and in one transaction: every file is read and checked, and every key decided,
        before the first write (``store.ingest``). ``progress(path)`` is called when a file is
        read and again when it is written."""
        todo = expand_paths(paths)
        if symbol is not None and len(todo) > 1:
            raise SymbolError(f"--symbol {symbol} was given for {len(todo)} files; give one file "
                              "per --symbol, or let the files (or a MANIFEST.csv) name them.",
                              symbol=symbol)
        kinds = self.store.kinds()
        inputs = [_file_input(path, symbol or manifest_symbol, kinds)
                  for path, manifest_symbol in todo]
        return self.store.load_inputs(
            inputs, replace=replace, primary=primary,
            progress=(lambda i: progress(todo[i][0])) if progress else None)

    def _write(self, bars: "pl.DataFrame", **kw: Any) -> "LoadReport":
        """One store load, its report carrying the frame's data-quality warnings."""
        from .quality import load_warnings

        report = self.store.load(bars, **kw)
        return replace(report, warnings=load_warnings(bars, self.store.kinds()))

    def fetch(self, symbols: Sequence[str], start: dt.date | None = None,
              end: dt.date | None = None, *, replace: bool = False,
              progress: Callable[[str], None] | None = None) -> list["LoadReport"]:
        """Fetch from Yahoo/FRED: all symbols are fetched first, then loaded; a failed fetch
        raises before anything is written."""
        from .sources.providers import fetch as fetch_one

        start = start or dt.date(1900, 1, 1)
        frames = []
        for s in symbols:
            frames.append((s, fetch_one(resolve(s), start, end)))
            if progress:
                progress(s)
        return [self._write(f, origin=f"{f['source'][0] if f.height else 'provider'}:{s}",
                            replace=replace) for s, f in frames]

    def doctor(self, *, max_gap_sessions: int = 5) -> list["QualityIssue"]:
        """Data-quality findings over every stored source (``quality.check_all``): bars on
        non-sessions, duplicates, bad OHLC, gaps, and sources of one symbol that disagree."""
        from .quality import check_all

        return check_all(self.store.all_raw_bars(), kinds=self.store.kinds(),
                         max_gap_sessions=max_gap_sessions)

    # -- reading -----------------------------------------------------------------------------
    def symbols(self) -> "pl.DataFrame":
        """symbol, name, kind, sources (in order), first_date, last_date, rows of each stored
        symbol."""
        return self.store.symbols()

    def sources(self, symbol: str) -> list[str]:
        """The stored sources of ``symbol``, first-read first; SymbolError / NoDataError when it
        has no bars (so this also checks a symbol before any work)."""
        return self.store.sources(resolve(symbol))

    def instrument(self, symbol: str) -> dict[str, Any] | None:
        """The registry row of ``symbol`` (symbol, name, kind, currency, aliases, tracks)."""
        return self.store.instrument(resolve(symbol))

    def kind(self, symbol: str) -> str | None:
        """The instrument kind ("index", "etf", "yield", ...) of ``symbol``, if known."""
        row = self.instrument(symbol)
        return row.get("kind") if row else None

    def last_date(self, symbol: str | None = None) -> dt.date | None:
        """The last stored date of ``symbol`` (any source), or of any symbol; None if none."""
        return self.store.last_date(resolve(symbol) if symbol is not None else None)

    def bars(self, symbol: str, start: dt.date | None = None,
             end: dt.date | None = None) -> "pl.DataFrame":
        """Bars of ``symbol`` (resolved across its sources), canonical schema."""
        return self.store.bars(resolve(symbol), start, end)

    def as_of(self, symbol: str, when: str | dt.date | None) -> AsOf:
        """Resolve a requested date for ``symbol`` against the calendar and the stored data."""
        canonical = resolve(symbol)
        self.store.require(canonical)      # unknown symbol: suggestions; known but not loaded: how
        last = self.store.last_date(canonical)
        if last is None:
            raise NoDataError(f"No bars for {symbol} in the store.", symbols=[canonical])
        if when is None:
            return AsOf(last, last)
        req = cal.parse_date(when, "as_of")
        if req > last:
            raise NoDataError(f"{symbol}: the store's data ends on {last}; there is nothing for "
                              f"{req}.", symbols=[canonical], last_date=last)
        status = cal.day_status(req)
        if status.is_session:
            return AsOf(req, req)
        return AsOf(req, status.previous_session,
                    f"{req} was not a session ({status.reason}); showing {status.previous_session}.")


    # -- facts -------------------------------------------------------------------------------
    def _facts(self, subject: str, when: str | dt.date | None,
               vs: Sequence[str]) -> tuple[str, AsOf, "pl.DataFrame", list["Fact"]]:
        from .facts.sheet import compute_facts

        symbol = resolve(subject)
        when_ = self.as_of(symbol, when)
        bars = self.store.bars(symbol, None, when_.session)
        others = {resolve(v): self.store.bars(resolve(v), None, when_.session) for v in vs}
        kinds = {o: self.kind(o) for o in others}
        facts = compute_facts(bars, when_.session, kind=self.kind(symbol), vs=others,
                              vs_kinds=kinds)
        return symbol, when_, bars, facts

    def facts(self, subject: str, when: str | dt.date | None = None, *,
              vs: Sequence[str] = ()) -> list["Fact"]:
        """Every Fact for ``subject`` on the session ``when`` (or the one before it)."""
        return self._facts(subject, when, vs)[3]

    def fact_sheet(self, subject: str, when: str | dt.date | None = None, *,
                   vs: Sequence[str] = ()) -> "FactSheet":
        """The Facts for ``subject`` ranked by newsworthiness, with the as-of note."""
        from .facts.sheet import fact_sheet

        symbol, when_, bars, facts = self._facts(subject, when, vs)
        return fact_sheet(symbol, facts, bars, when_.session, when_.requested, when_.note)


def _file_input(path: Path, symbol: str | None, kinds: dict[str, str]) -> Any:
    """One file as a store input: its validated batches, read lazily, each batch's data-quality
    warnings (the first ``MAX_WARNINGS``) and a note naming the dates of dropped NaN closes."""
    from .quality import QualityIssue, load_warnings
    from .sources.files import FileBars, FileQuery
    from .store.ingest import Incoming

    item = Incoming(str(path.resolve()), [], None)

    def batches() -> Iterator["pl.DataFrame"]:
        item.content_hash = file_hash(path)
        reader = FileBars(FileQuery.parse(path, symbol))
        name = symbol or ""
        for batch in reader:
            name = str(batch["symbol"][0])
            if len(item.warnings) < MAX_WARNINGS:
                item.warnings.extend(load_warnings(batch.drop("_line"), kinds))
            yield batch
        if reader.nan_count:
            shown = ", ".join(str(d) for d in reader.nan_dates)
            more = f" and {reader.nan_count - len(reader.nan_dates)} more" if (
                reader.nan_count > len(reader.nan_dates)) else ""
            item.warnings.append(QualityIssue(
                "warning", "nan_close", name, f"file:{path.name}",
                reader.nan_dates[0] if reader.nan_dates else None,
                f"{reader.nan_count} row(s) with a NaN close were left out: {shown}{more}",
                tuple(reader.nan_dates), count=reader.nan_count))

    item.batches = batches()
    return item


#: data-quality warnings kept per loaded file
MAX_WARNINGS = 100


def resolve(symbol: str) -> str:
    """A canonical symbol for a ticker or a name ("RUT", "Russell 2000" -> "^RUT"); anything
    else stripped and upper-cased, exactly as a load names it (``sources.files.canonical_symbol``)."""
    from .sources.files import canonical_symbol

    return canonical_symbol(symbol)


__all__ = ["Desk", "AsOf", "FileToLoad", "expand_paths", "file_hash", "resolve"]
